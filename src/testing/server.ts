import type { IncomingMessage, ServerResponse } from 'node:http'
import { errorBody } from './http-error.js'
import type { Outcome } from './router.js'
import { DROP } from './routes/fault-response.js'

/** Options of {@link Sandbox.listen}. */
export type ListenOptions = {
  /** Port to listen on. @default 0 (a free port) */
  readonly port?: number
  /** Address to listen on; any but a loopback address lets other machines in. @default '127.0.0.1' */
  readonly host?: string
  /** Keep the process alive while the server runs (for a standalone sandbox). @default false */
  readonly keepProcessAlive?: boolean
  /** More names `Host` and `Origin` may carry (`name` on any port, or `name:port`); requests naming any other host get a 403, keeping DNS-rebinding pages out. @default [] (only the bound address with the bound port: localhost, 127.0.0.1 and [::1] on loopback, any IP address when bound to 0.0.0.0 or ::) */
  readonly allowedHosts?: readonly string[]
  /** Largest request body accepted, in bytes; a longer one gets a 413 and is read no further. @default 1048576 (1 MiB) */
  readonly maxBodyBytes?: number
}

/** A running sandbox server. */
export type SandboxServer = {
  /** `http://127.0.0.1:<port>` (or the `host` given), to use as the Truto base URL. */
  readonly url: string
  /** Stops the server and drops its open connections. */
  close(): Promise<void>
}

type Handler = (request: Request, signal: AbortSignal) => Promise<Outcome>

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/**
 * Serves the sandbox over HTTP (on 127.0.0.1 unless told); node:http is loaded here only, keeping
 * the entry runtime-neutral. A request naming a host other than the bound address (`Host`, or
 * `Origin` when sent) gets a 403 and a body over `maxBodyBytes` a 413; neither reaches the sandbox.
 */
export async function listen(handle: Handler, options: ListenOptions = {}): Promise<SandboxServer> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new TypeError('`maxBodyBytes` must be a whole number of bytes, 0 or more')
  }
  const extraHosts = allowedHostList(options.allowedHosts)
  const http = await import('node:http')
  const host = options.host ?? '127.0.0.1'
  const anyAddress = WILDCARDS.has(host)
  const server = http.createServer(async (req, res) => {
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client closed the connection'))
    })
    try {
      const refusal = foreignHost(req, { bound: host, port: port(), extraHosts })
      if (refusal) {
        refuse(req, res, 403, refusal)
        return
      }
      const method = req.method ?? 'GET'
      const hasBody = method !== 'GET' && method !== 'HEAD'
      const body = hasBody ? await readCapped(req, maxBodyBytes) : undefined
      if (body === TOO_LARGE) {
        refuse(req, res, 413, `The request body is larger than ${maxBodyBytes} bytes`)
        return
      }
      const headers = new Headers()
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        headers.append(req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '')
      }
      // bound to every address, the links the sandbox hands out (artifacts, MCP servers) follow
      // the address the client used; otherwise they name the one address served
      const origin = (anyAddress && originOf(req.headers.host)) || url()
      const request = new Request(`${origin}${req.url ?? '/'}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      })
      const outcome = await handle(request, controller.signal)
      if (outcome === DROP) {
        req.socket.destroy()
        return
      }
      const answer = new Uint8Array(await outcome.arrayBuffer())
      res.writeHead(outcome.status, Object.fromEntries(outcome.headers))
      res.end(answer)
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
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]']

type Bound = { readonly bound: string; readonly port: number; readonly extraHosts: HostRule[] }
type HostRule = { readonly hostname: string; readonly port: string | undefined }

function allowedHostList(value: readonly string[] | undefined): HostRule[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new TypeError('`allowedHosts` must be an array of host names')
  return value.map((entry: unknown) => {
    const rule = typeof entry === 'string' ? allowedHostRule(entry) : undefined
    if (!rule) {
      throw new TypeError(
        `\`allowedHosts\` takes host names, optionally with a port ("name" or "name:port"), not ${JSON.stringify(entry)}`,
      )
    }
    return rule
  })
}

/** What an `allowedHosts` entry allows: a name on any port, or on one; undefined when malformed. */
export function allowedHostRule(entry: string): HostRule | undefined {
  const parsed = parseHost(entry)
  if (!parsed) return undefined
  return { hostname: parsed.hostname, port: /:\d+$/.test(entry) ? parsed.port : undefined }
}

/** `hostname` and `port` (always set: 80 when absent) of a plain `host[:port]`, else undefined. */
function parseHost(text: string): { hostname: string; port: string } | undefined {
  if (text === '' || !URL.canParse(`http://${text}`)) return undefined
  const parsed = new URL(`http://${text}`)
  // no user info, path or other trimmings: the whole text must be the host
  if (parsed.host !== text.toLowerCase() && `${parsed.host}:80` !== text.toLowerCase()) {
    return undefined
  }
  return { hostname: parsed.hostname, port: parsed.port || '80' }
}

const isIpLiteral = (hostname: string) =>
  hostname.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname)

/** Why the request's `Host` or `Origin` names a host this server does not answer for, if it does. */
function foreignHost(req: IncomingMessage, bound: Bound): string | undefined {
  const host = req.headers.host
  if (host === undefined || !hostAllowed(host, bound)) {
    return `This sandbox does not answer for the host ${JSON.stringify(clip(host ?? ''))}; list it in allowedHosts (--allow-host) to allow it`
  }
  const origin = req.headers.origin
  if (origin !== undefined) {
    const parsed = URL.canParse(origin) ? new URL(origin) : undefined
    if (parsed?.protocol !== 'http:' || !hostAllowed(parsed.host, bound)) {
      return `This sandbox does not answer requests from the origin ${JSON.stringify(clip(origin))}; list its host in allowedHosts (--allow-host) to allow it`
    }
  }
  return undefined
}

function hostAllowed(text: string, { bound, port, extraHosts }: Bound): boolean {
  const parsed = parseHost(text)
  if (!parsed) return false
  const { hostname } = parsed
  if (
    extraHosts.some(
      (rule) => rule.hostname === hostname && (rule.port ?? parsed.port) === parsed.port,
    )
  ) {
    return true
  }
  if (parsed.port !== String(port)) return false
  if (LOOPBACK_NAMES.includes(hostname)) return true
  // an address in the Host cannot come from DNS rebinding, which needs a name the attacker owns
  if (WILDCARDS.has(bound)) return isIpLiteral(hostname)
  const boundName = parseHost(bound.includes(':') ? `[${bound}]` : bound)?.hostname
  return hostname === boundName
}

const clip = (text: string) => (text.length > 100 ? `${text.slice(0, 100)}…` : text)

// past this much of a refused request's body, the connection is cut instead of read to the end
const DISCARD_LIMIT = 8 * 1024 * 1024

/**
 * Answers at once in Truto's envelope, never routing the request. The rest of its body is read
 * and thrown away (held nowhere), so a client still sending it gets to read the answer; a body
 * that goes on past DISCARD_LIMIT loses the connection.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  let discarded = 0
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length
    if (discarded > DISCARD_LIMIT) req.socket.destroy()
  })
  req.resume()
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(errorBody(status, message)))
}

const TOO_LARGE = Symbol('too large')

/** The request's body, or TOO_LARGE as soon as it passes `max` bytes (never holding more). */
function readCapped(
  req: IncomingMessage,
  max: number,
): Promise<Uint8Array<ArrayBuffer> | typeof TOO_LARGE> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > max) return Promise.resolve(TOO_LARGE)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    const done = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      total += chunk.length
      if (total > max) {
        done()
        chunks.length = 0
        resolve(TOO_LARGE)
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      done()
      resolve(Buffer.concat(chunks, total))
    }
    const onError = (error: Error) => {
      done()
      reject(error)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

/** `http://<host>` for a Host header that is a plain host and port, else undefined. */
function originOf(host: string | undefined): string | undefined {
  if (!host || !URL.canParse(`http://${host}`)) return undefined
  const parsed = new URL(`http://${host}`)
  return parsed.host === host.toLowerCase() ? parsed.origin : undefined
}
