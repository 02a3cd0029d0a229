import type { McpSession, McpSessionHost } from './mcp-session.js'

/** What the pool knows a session by: its key, its server's URL, and when it was made. */
type Entry = { readonly key: string; readonly href: string; readonly serial: number }

// deleted servers remembered, so a session closed for room cannot reconnect to one; oldest go first
const MAX_RETIRED = 1000

/**
 * The manager's MCP sessions. At most `size` keep a connection open: past it the least recently
 * used one (loaded or called) that has nothing in flight is closed for room, and reopens on its
 * next use. A session is closed for good only when the manager closes or its server is deleted.
 */
export class McpSessionPool implements McpSessionHost {
  readonly #size: number
  // sessions getMcpTools may reuse, by account and URL
  readonly #byKey = new Map<string, McpSession>()
  // sessions holding a connection (or about to), least recently used first
  readonly #open = new Map<McpSession, Entry>()
  readonly #entries = new WeakMap<McpSession, Entry>()
  // each deleted server's URL, with the serial of the last session made before the delete
  readonly #retired = new Map<string, number>()
  #serial = 0
  // sessions made up to this serial were closed by closeAll and never reconnect
  #closedUpTo = 0

  constructor(size: number) {
    this.#size = size
  }

  /** The session of `key` (an account and a server URL), made by `create` when there is none. */
  session(key: string, url: URL, create: (host: McpSessionHost) => McpSession): McpSession {
    const known = this.#byKey.get(key)
    if (known) return known
    const session = create(this)
    this.#entries.set(session, { key, href: url.href, serial: ++this.#serial })
    this.#byKey.set(key, session)
    return session
  }

  acquire(session: McpSession): boolean {
    const entry = this.#entries.get(session)
    if (!entry || entry.serial <= this.#closedUpTo) return false
    // a session older than its server's delete stays closed; a new load asks the server itself
    if (entry.serial <= (this.#retired.get(entry.href) ?? 0)) return false
    // a use makes it the most recent, whether a load or a call
    this.#open.delete(session)
    this.#open.set(session, entry)
    if (!this.#byKey.has(entry.key)) this.#byKey.set(entry.key, session)
    this.#trim()
    return true
  }

  release(_session: McpSession): void {
    // a session kept open past the size while busy may go now
    this.#trim()
  }

  /** Closes for good every session of a deleted server; none of its tools reconnects. */
  retire(href: string): void {
    this.#retired.delete(href)
    this.#retired.set(href, this.#serial)
    if (this.#retired.size > MAX_RETIRED)
      this.#retired.delete(this.#retired.keys().next().value ?? '')
    for (const [key, session] of this.#byKey) {
      if (this.#entries.get(session)?.href === href) this.#byKey.delete(key)
    }
    for (const [session, entry] of this.#open) {
      if (entry.href !== href) continue
      this.#open.delete(session)
      void session.close('deleted')
    }
  }

  deleted(session: McpSession): boolean {
    const entry = this.#entries.get(session)
    return entry !== undefined && entry.serial <= (this.#retired.get(entry.href) ?? 0)
  }

  /** Closes every session made so far for good; sessions made afterwards work as new. */
  async closeAll(): Promise<void> {
    this.#closedUpTo = this.#serial
    const sessions = new Set([...this.#open.keys(), ...this.#byKey.values()])
    this.#open.clear()
    this.#byKey.clear()
    await Promise.all([...sessions].map((session) => session.close()))
  }

  // the least recently used idle sessions make room; a busy one is never closed under its calls
  #trim(): void {
    if (this.#open.size <= this.#size) return
    for (const [session, entry] of this.#open) {
      if (this.#open.size <= this.#size) return
      if (session.busy) continue
      this.#open.delete(session)
      if (this.#byKey.get(entry.key) === session) this.#byKey.delete(entry.key)
      void session.suspend()
    }
  }
}
