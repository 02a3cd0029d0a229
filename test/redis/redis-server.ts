// A throwaway redis-server on a free loopback port, for the Redis store's tests and benchmark
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createConnection, createServer, type Server, type Socket } from 'node:net'

/** The redis-server binary on PATH, or undefined when it is not installed. */
export const redisServerBinary: string | undefined =
  spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0
    ? 'redis-server'
    : undefined

export const MISSING_REDIS =
  'redis-server is not installed: skipping the Redis store tests (apt-get install redis-server; CI installs it)'

/** Under CI a missing redis-server fails the tests rather than skipping them. */
export function requireRedisUnderCi(): void {
  if (!redisServerBinary && process.env.CI) {
    throw new Error(
      'redis-server is not installed, and CI runs the Redis store tests: .ci/run installs it',
    )
  }
}

export type RedisServer = {
  readonly port: number
  readonly url: string
  /** Kills the server at once (SIGKILL), as a crash would. */
  kill(): Promise<void>
  /** Starts the server again on the same port, empty. */
  restart(): Promise<void>
}

/** A free port on 127.0.0.1, as the kernel hands one out. */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Starts `redis-server` on a free loopback port, without persistence. */
export async function startRedis(): Promise<RedisServer> {
  if (!redisServerBinary) throw new Error(MISSING_REDIS)
  const port = await freePort()
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn(
      redisServerBinary as string,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    const ready = new Promise<void>((resolve, reject) => {
      const seen = (chunk: Buffer) => {
        output += chunk.toString()
        if (/ready to accept connections/i.test(output)) resolve()
      }
      child?.stdout?.on('data', seen)
      child?.stderr?.on('data', seen)
      child?.once('exit', (code) =>
        reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)),
      )
    })
    await ready
    // no one reads them further; left flowing, they never fill and block the server
    child.stdout?.resume()
    child.stderr?.resume()
  }
  await start()
  const kill = async () => {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    const exited = once(running, 'exit')
    running.kill('SIGKILL')
    await exited
  }
  // a test runner that dies leaves no server behind
  process.once('exit', () => child?.kill('SIGKILL'))
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    async restart() {
      await kill()
      await start()
    },
  }
}

/** A TCP proxy in front of a server that can hold every chunk back by `delayMs`: a slow Redis. */
export async function startDelayProxy(target: number) {
  let delayMs = 0
  const sockets = new Set<Socket>()
  const forward = (from: Socket, to: Socket) => {
    // chunks keep their order: each waits for the one before it
    let chain = Promise.resolve()
    from.on('data', (chunk) => {
      const wait = delayMs
      chain = chain.then(async () => {
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        if (!to.destroyed) to.write(chunk)
      })
    })
    from.on('close', () => void chain.then(() => to.destroy()))
    from.on('error', () => to.destroy())
  }
  const server: Server = createServer((client) => {
    const upstream = createConnection({ port: target, host: '127.0.0.1' })
    sockets.add(client).add(upstream)
    client.on('close', () => sockets.delete(client))
    upstream.on('close', () => sockets.delete(upstream))
    forward(client, upstream)
    forward(upstream, client)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `redis://127.0.0.1:${port}`,
    /** Holds every chunk back this long from now on (0: none). */
    setDelay(ms: number) {
      delayMs = ms
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
