// What each runtime consumer does with the three entries, given as it loaded them (esm.mjs with
// `import`, cjs.cjs with `require()`): prints one `ok`/`not ok` line per check, exit code 1 on any.
import { createServer } from 'node:net'

export async function exercise(format, { main, testing, redis }) {
  let failed = false
  const check = async (label, body) => {
    try {
      const detail = await body()
      console.log(`ok ${format}: ${label}${detail ? ` (${detail})` : ''}`)
    } catch (error) {
      failed = true
      console.log(
        `not ok ${format}: ${label}: ${String(error?.message ?? error).replace(/\s+/g, ' ')}`,
      )
      console.error(`${format}: ${label}:`, error)
    }
  }
  const assert = (condition, message) => {
    if (!condition) throw new Error(message)
  }
  const listPipelines = (tools) => {
    const tool = tools.find((t) => t.name === 'list_all_octapipe_pipelines')
    assert(tool, `no list_all_octapipe_pipelines among ${tools.length} tools`)
    return tool.invoke({ type: 'tool_call', id: 'call-1', name: tool.name, args: {} })
  }
  // the answer of the list tool shows the model the seeded pipelines
  const pipelinesIn = (message, sandbox) => {
    assert(
      message.status === 'success',
      `the list tool answered ${message.status}: ${message.content}`,
    )
    const seeded = sandbox.state.octapipe.pipelines
    const shown = seeded.filter((p) => message.content.includes(p.uuid))
    assert(seeded.length > 0 && shown.length > 0, `no seeded pipeline in ${message.content}`)
    return shown.length
  }

  let sandbox
  await check('/testing createSandbox() seeds accounts', () => {
    assert(typeof testing.createSandbox === 'function', 'createSandbox is not exported')
    sandbox = testing.createSandbox()
    const { octapipe } = sandbox.accounts
    assert(typeof octapipe === 'string' && octapipe !== '', 'no octapipe account')
    return Object.keys(sandbox.accounts).join(', ')
  })
  if (!sandbox) return 1
  const options = { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, fetch: sandbox.fetch }

  await check(
    '. TrutoToolManager loads tools and a list tool returns the seeded data',
    async () => {
      const manager = new main.TrutoToolManager(options)
      try {
        const tools = await manager.getTools(sandbox.accounts.octapipe)
        assert(
          tools.every((t) => t instanceof main.TrutoTool),
          'a tool is not a TrutoTool',
        )
        return `${tools.length} tools, ${pipelinesIn(await listPipelines(tools), sandbox)} pipelines`
      } finally {
        await manager.close()
      }
    },
  )

  await check(
    '/redis createRedisRateLimitStore({ client }) keeps the window of a manager',
    async () => {
      // a stand-in for a node-redis client: the window script's reply, six integers (granted …
      // open), and the tiers script's, four (granted, wait, tightest, waited on)
      const scripts = []
      const reply = async (_script, { keys, arguments: args }) => {
        scripts.push({ keys, op: args[0] })
        if (args[0] === 'take') return [Number(args[1]), -1, 1, 0]
        return [args[0] === 'reserve' ? args.length - 3 : 0, -1, -1, -1, 0, 1]
      }
      const store = redis.createRedisRateLimitStore({ client: { evalSha: reply, eval: reply } })
      const warnings = []
      const manager = new main.TrutoToolManager({
        ...options,
        rateLimitStore: store,
        onWarning: (message) => warnings.push(message),
      })
      try {
        const tools = await manager.getTools(sandbox.accounts.octapipe)
        const pipelines = pipelinesIn(await listPipelines(tools), sandbox)
        const ops = new Set(scripts.map((s) => s.op))
        assert(
          ops.has('reserve') && ops.has('settle') && ops.has('take'),
          `the store ran ${[...ops]}`,
        )
        // under the default keyPrefix: the window in the account's hash tag, Truto's tiers in the
        // token's, named by its hash and never the token
        const windows = scripts.filter((s) => s.op !== 'take')
        assert(
          windows.every(
            (s) => s.keys[0].startsWith('truto:rl:{') && s.keys[1] === `${s.keys[0]}:slots`,
          ),
          `keys ${JSON.stringify(windows[0]?.keys)}`,
        )
        const tiers = scripts.filter((s) => s.op === 'take').flatMap((s) => s.keys)
        assert(
          tiers.every((key) => /^truto:rl:\{token:[0-9a-f]+\}:tier:/.test(key)) &&
            !tiers.join(' ').includes(options.apiKey),
          `tier keys ${JSON.stringify(tiers.slice(0, 2))}`,
        )
        assert(warnings.length === 0, `warnings: ${warnings.join('; ')}`)
        return `${pipelines} pipelines, ${scripts.length} script calls`
      } finally {
        await manager.close()
      }
    },
  )

  await check('/redis createRedisRateLimitStore({ url }) loads the redis peer', async () => {
    // a port nothing listens on: the peer loads (lazily, by import()) and the connection is refused
    const port = await closedPort()
    const store = redis.createRedisRateLimitStore({
      url: `redis://127.0.0.1:${port}`,
      connectTimeoutMs: 10_000,
    })
    try {
      const error = await store.reserve('acct', ['slot'], 1_000).then(
        () => undefined,
        (e) => e,
      )
      assert(error, 'a store with no server granted slots')
      assert(
        !/peer dependency/.test(error.message),
        `redis did not load: ${error.message} ${error.cause}`,
      )
      return error.message
    } finally {
      await store.close()
    }
  })

  await check(
    '/redis createRedisRateLimitStore() refuses bad options with a TrutoConfigError',
    () => {
      for (const bad of [{}, { url: '' }, { client: {} }]) {
        let thrown
        try {
          redis.createRedisRateLimitStore(bad)
        } catch (error) {
          thrown = error
        }
        assert(main.isTrutoConfigError(thrown), `${JSON.stringify(bad)} gave ${thrown}`)
      }
    },
  )

  await check('. typed errors and their guards', async () => {
    const guards = Object.keys(main).filter((name) => /^isTruto\w*Error$/.test(name))
    const expected = ['Api', 'Config', '', 'Mcp', 'RateLimit', 'Refused', 'Request', 'Validation']
    for (const kind of expected) {
      const name = `isTruto${kind}Error`
      assert(typeof main[name] === 'function', `${name} is not exported`)
      assert(typeof main[`Truto${kind}Error`] === 'function', `Truto${kind}Error is not exported`)
    }
    let config
    try {
      new main.TrutoToolManager({ baseUrl: sandbox.baseUrl, fetch: sandbox.fetch })
    } catch (error) {
      config = error
    }
    assert(config instanceof main.TrutoConfigError, `no API key gave ${config}`)
    assert(main.isTrutoConfigError(config) && main.isTrutoError(config), 'the guards miss it')
    assert(!main.isTrutoApiError(config), 'isTrutoApiError takes a config error')

    const manager = new main.TrutoToolManager(options)
    const tools = await manager.getTools(sandbox.accounts.octapipe)
    const list = tools.find((t) => t.name === 'list_all_octapipe_pipelines')
    // called with plain arguments, as scripts do, a tool throws the typed error
    const invalid = await list.invoke({ limit: 'many' }).then(
      () => undefined,
      (e) => e,
    )
    await manager.close()
    assert(main.isTrutoValidationError(invalid), `invalid arguments gave ${invalid}`)
    assert(main.isTrutoError(invalid) && !main.isTrutoConfigError(invalid), 'the guards mix up')
    return `${guards.length} guards`
  })

  return failed ? 1 : 0
}

function closedPort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}
