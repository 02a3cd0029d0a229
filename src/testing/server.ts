import { DROP } from './fault-response.js'
import type { Outcome } from './router.js'

export type ListenOptions = {
  /** Port to listen on. @default 0 (a free port) */
  readonly port?: number
  /** Address to listen on; any but a loopback address lets other machines in. @default '127.0.0.1' */
  readonly host?: string
  /** Keep the process alive while the server runs (for a standalone sandbox). @default false */
  readonly keepProcessAlive?: boolean
}

/** A running sandbox server. */
export type SandboxServer = {
  /** `http://127.0.0.1:<port>` (or the `host` given), to use as the Truto base URL. */
  readonly url: string
  /** Stops the server and drops its open connections. */
  close(): Promise<void>
}

type Handler = (request: Request, signal: AbortSignal) => Promise<Outcome>

/** Serves the sandbox over HTTP (on 127.0.0.1 unless told); node:http is loaded here only, keeping the entry runtime-neutral. */
export async function listen(handle: Handler, options: ListenOptions = {}): Promise<SandboxServer> {
  const http = await import('node:http')
  const host = options.host ?? '127.0.0.1'
  const anyAddress = WILDCARDS.has(host)
  const server = http.createServer(async (req, res) => {
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client closed the connection'))
    })
    try {
      const chunks: Uint8Array[] = []
      for await (const chunk of req) chunks.push(chunk as Uint8Array)
      const headers = new Headers()
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        headers.append(req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '')
      }
      const method = req.method ?? 'GET'
      // bound to every address, the links the sandbox hands out (artifacts, MCP servers) follow
      // the address the client used; otherwise they name the one address served
      const origin = (anyAddress && originOf(req.headers.host)) || url()
      const request = new Request(`${origin}${req.url ?? '/'}`, {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
      })
      const outcome = await handle(request, controller.signal)
      if (outcome === DROP) {
        req.socket.destroy()
        return
      }
      const body = new Uint8Array(await outcome.arrayBuffer())
      res.writeHead(outcome.status, Object.fromEntries(outcome.headers))
      res.end(body)
    } catch {
      // the client went away (or aborted a slow answer); nothing is left to answer
      res.destroy()
    }
  })
  const port = () => {
    const address = server.address()
    return typeof address === 'object' && address ? address.port : 0
  }
  const url = () => {
    const name = anyAddress ? (host.includes(':') ? '::1' : '127.0.0.1') : host
    return `http://${name.includes(':') ? `[${name}]` : name}:${port()}`
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  if (!options.keepProcessAlive) server.unref()
  return {
    url: url(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

const WILDCARDS = new Set(['0.0.0.0', '::'])

/** `http://<host>` for a Host header that is a plain host and port, else undefined. */
function originOf(host: string | undefined): string | undefined {
  if (!host || !URL.canParse(`http://${host}`)) return undefined
  const parsed = new URL(`http://${host}`)
  return parsed.host === host.toLowerCase() ? parsed.origin : undefined
}
