import { DROP } from './fault-response.js'
import type { Outcome } from './router.js'

export type ListenOptions = {
  /** Port on 127.0.0.1. @default 0 (a free port) */
  readonly port?: number
  /** Keep the process alive while the server runs (for a standalone sandbox). @default false */
  readonly keepProcessAlive?: boolean
}

/** A running loopback server. */
export type SandboxServer = {
  /** `http://127.0.0.1:<port>`, to use as the Truto base URL. */
  readonly url: string
  /** Stops the server and drops its open connections. */
  close(): Promise<void>
}

type Handler = (request: Request, signal: AbortSignal) => Promise<Outcome>

/** Serves the sandbox over HTTP on 127.0.0.1; node:http is loaded here only, keeping the entry runtime-neutral. */
export async function listen(handle: Handler, options: ListenOptions = {}): Promise<SandboxServer> {
  const http = await import('node:http')
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
      const request = new Request(`http://127.0.0.1:${port()}${req.url ?? '/'}`, {
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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  if (!options.keepProcessAlive) server.unref()
  return {
    url: `http://127.0.0.1:${port()}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
