// The layers of src/, bottom first: a file may import its own folder and the folders below it,
// never one above or beside it. Checked in CI by `npm run check:layers`; ARCHITECTURE.md explains.
const LAYERS = [
  ['basics'],
  ['errors'],
  ['safety', 'telemetry'],
  ['transport', 'schema', 'search'],
  ['definitions'],
  ['options'],
  ['tools'],
  ['mcp'],
]
// the package's other entries: they build on the layers; no layer imports them
const ENTRIES = ['redis', 'testing']
const ROOT = '^src/[^/]+\\.ts$'
const folder = (names) => `^src/(${names.join('|')})/`

const layerRules = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(i + 1).flat()
  const beside = (name) => layer.filter((other) => other !== name)
  return layer.map((name) => ({
    name: `${name}-imports-upward`,
    comment: `src/${name}/ may import only ${LAYERS.slice(0, i).flat().join(', ') || 'nothing of src/'} (and itself)`,
    severity: 'error',
    from: { path: folder([name]) },
    to: { path: [folder([...above, ...beside(name), ...ENTRIES]), ROOT] },
  }))
})

// every folder of src/ has its place; a new one must be given it before anything imports it
const KNOWN = `^src/(${[...LAYERS.flat(), ...ENTRIES].join('|')})/`

module.exports = {
  forbidden: [
    {
      name: 'folder-without-layer',
      comment: 'a folder of src/ must be listed in LAYERS or ENTRIES above',
      severity: 'error',
      from: {},
      to: { path: '^src/[^/]+/', pathNot: KNOWN },
    },
    {
      name: 'folder-without-layer-imports',
      comment: 'a folder of src/ must be listed in LAYERS or ENTRIES above',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: KNOWN },
      to: {},
    },
    {
      name: 'no-unresolvable',
      comment: 'an import nothing resolves hides what it depends on',
      severity: 'error',
      from: { path: '^src/' },
      to: {
        couldNotResolve: true,
        pathNot: ['^@opentelemetry/api$', '^@modelcontextprotocol/sdk', '^redis$'],
      },
    },
    {
      name: 'no-circular',
      comment: 'a cycle makes load order matter and the layers meaningless',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'entries-import-no-manager',
      comment: 'the /redis and /testing entries stand beside the manager, not on it',
      severity: 'error',
      from: { path: folder(ENTRIES) },
      to: { path: [ROOT, folder(['tools', 'mcp'])] },
    },
    {
      name: 'entries-import-each-other-not',
      severity: 'error',
      from: { path: folder(['redis']) },
      to: { path: folder(['testing']) },
    },
    {
      name: 'testing-imports-no-redis',
      severity: 'error',
      from: { path: folder(['testing']) },
      to: { path: folder(['redis']) },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // type-only imports count: a layer's types may not come from above it either
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
}
