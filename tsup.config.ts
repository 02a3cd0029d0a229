import { defineConfig, type Options } from 'tsup'

const shared: Options = {
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    // Node only (node-redis); `redis`, an optional peer, is loaded when a store opens a URL
    'redis/index': 'src/redis/index.ts',
  },
  dts: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  // keep 'node:http' (imported lazily by the sandbox's listen()) resolvable on Deno and Bun
  removeNodeProtocol: false,
  external: [/^node:/],
  // esbuild shakes the bundle itself; tsup's extra rollup pass wrote a second sourceMappingURL line
  treeshake: false,
}

export default defineConfig([
  // the CLI, built beside it by the last config, is spared: the builds run at the same time
  { ...shared, format: 'esm', clean: ['!testing/cli.js'] },
  // ky and p-retry ship ESM only; bundling them lets require() work on every Node 20
  // splitting keeps the lazily imported MCP module (and its optional peer) out of require()
  { ...shared, format: 'cjs', splitting: true, noExternal: ['ky', 'p-retry', 'is-network-error'] },
  // `truto-sandbox` (package.json `bin`): Node only, its shebang kept and the file made executable;
  // it imports the testing entry built beside it rather than bundling a second sandbox
  {
    entry: { 'testing/cli': 'src/testing/cli.ts' },
    format: 'esm',
    target: 'es2022',
    platform: 'node',
    removeNodeProtocol: false,
    external: [/^node:/, './index.js'],
  },
])
