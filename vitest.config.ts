import { availableParallelism } from 'node:os'
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
    testTimeout: 20_000,
    // most files wait on timers and child processes, not the CPU: two workers on two cores
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // shared state between files is reset, so they can share a worker's loaded modules
    unstubEnvs: true,
    unstubGlobals: true,
    restoreMocks: true,
    include: ['test/**/*.test.ts'],
    // loading LangChain, zod and the SDK once per worker, not once per file, halves the run
    isolate: false,
  },
})
