import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    // tests import the package by name, exactly as users do
    alias: [
      { find: /^truto-langchainjs-toolset\/testing$/, replacement: src('testing/index.ts') },
      { find: /^truto-langchainjs-toolset\/redis$/, replacement: src('redis/index.ts') },
      { find: /^truto-langchainjs-toolset$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
})
