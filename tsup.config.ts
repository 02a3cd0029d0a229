import { defineConfig, type Options } from 'tsup'

const shared: Options = {
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  dts: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  // keep 'node:http' (imported lazily by the sandbox's listen()) resolvable on Deno and Bun
  removeNodeProtocol: false,
  external: [/^node:/],
  treeshake: true,
}

export default defineConfig([
  { ...shared, format: 'esm', clean: true },
  // ky and p-retry ship ESM only; bundling them lets require() work on every Node 20
  // splitting keeps the lazily imported MCP module (and its optional peer) out of require()
  { ...shared, format: 'cjs', splitting: true, noExternal: ['ky', 'p-retry', 'is-network-error'] },
])
