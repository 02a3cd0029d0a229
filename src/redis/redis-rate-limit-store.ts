import { TrutoConfigError } from '../errors/errors.js'
import type {
  RateLimitAnswer,
  RateLimitReservation,
  RateLimitStore,
  RateLimitTier,
  RateLimitTierGrant,
  RateLimitWindow,
} from '../transport/rate-limit-store.js'
import { RATE_LIMIT_SCRIPT, RATE_LIMIT_SCRIPT_SHA } from './rate-limit-script.js'
import { TIER_SCRIPT, TIER_SCRIPT_SHA } from './tier-script.js'

type Script = { readonly text: string; readonly sha: string }
const WINDOW: Script = { text: RATE_LIMIT_SCRIPT, sha: RATE_LIMIT_SCRIPT_SHA }
const TIERS: Script = { text: TIER_SCRIPT, sha: TIER_SCRIPT_SHA }

// members of the tiers' logs are unique across the processes sharing a server
const MEMBER_PREFIX = `${(globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2)).slice(0, 13)}:`
let takes = 0

/** Arguments of a script call, as node-redis takes them. */
export type RedisScriptArguments = {
  /** The keys the script reads and writes (`KEYS`), all in one hash slot. */
  keys: string[]
  /** The script's other arguments (`ARGV`). */
  arguments: string[]
}

/**
 * What the store needs of a Redis client: node-redis's `createClient()` and `createCluster()`
 * (v4 and later) have both methods. Wrap another client (ioredis: `evalsha(sha, keys.length,
 * ...keys, ...args)`) in an object of this shape.
 */
export type RedisScriptClient = {
  /** Runs a script the server has cached, by its SHA-1 (`EVALSHA`); rejects with `NOSCRIPT` when it has not. */
  evalSha(sha1: string, options: RedisScriptArguments): Promise<unknown>
  /** Runs a script by its text (`EVAL`), which also caches it on the server. */
  eval(script: string, options: RedisScriptArguments): Promise<unknown>
}

/** Options of either form of {@link RedisRateLimitStoreOptions}. @inline */
type Shared = {
  /** Prefix of the account's keys: `<prefix>{<account>}` and `<prefix>{<account>}:slots`. @default 'truto:rl:' */
  readonly keyPrefix?: string | undefined
  /** Longest wait for one store operation before calls go on with the process's own gate. @default 50 */
  readonly timeoutMs?: number | undefined
  /** How long an account's keys outlive their last use (longer while a reset is due). @default 600000 */
  readonly keyTtlMs?: number | undefined
}

/** Options of {@link createRedisRateLimitStore}: a URL (the store opens and owns its client) or your client. */
export type RedisRateLimitStoreOptions =
  | (Shared & {
      /** `redis[s]://[[user][:password]@]host[:port][/db]`; needs the optional peer dependency `redis`. */
      readonly url: string
      /** Longest wait for the connection opened from `url`, the first time and after `close()`. @default 2000 */
      readonly connectTimeoutMs?: number | undefined
      /** Not with `url`: the store opens its own connection. */
      readonly client?: undefined
    })
  | (Shared & {
      /** Your connected client; the store never connects, closes or reconfigures it. */
      readonly client: RedisScriptClient
      /** Not with `client`. */
      readonly url?: undefined
      /** Not with `client`: the store never connects it. */
      readonly connectTimeoutMs?: undefined
    })

/** A rate-limit store in Redis; `close()` closes the connection it opened from a URL. */
export type RedisRateLimitStore = RateLimitStore & {
  /** How long the gate waits for one operation: `timeoutMs`, or the longer of it and `connectTimeoutMs` until the first connection settles. */
  readonly timeoutMs: number
  /** Counts requests in Truto's tiers atomically on the server, shared by every process; see {@link RateLimitStore.takeTiers}. */
  takeTiers(tiers: readonly RateLimitTier[], count: number): Promise<RateLimitTierGrant>
  /** Closes a tier for every process after a Truto 429; see {@link RateLimitStore.closeTier}. */
  closeTier(key: string, forMs: number): Promise<void>
  /** Closes the connection the store opened from `url`; a `client` of yours stays open. */
  close(): Promise<void>
}

/** The parts of node-redis's client the store uses on the one it owns. */
type OwnedClient = RedisScriptClient & {
  readonly isOpen: boolean
  readonly isReady: boolean
  connect(): Promise<unknown>
  close(): Promise<void>
  destroy(): void
  unref(): void
  on(event: 'error', listener: (error: unknown) => void): unknown
}

/**
 * Keeps each account's rate-limit window in Redis, shared by every process that points at the
 * same server: reservations and answers are applied atomically by a Lua script on the server's
 * clock, under keys that expire when unused. Pass it as `rateLimitStore` to every manager.
 * If Redis is unreachable, slow or goes away, calls go on with each process's own gate (one
 * warning through `onWarning`) until it answers again.
 *
 * @param options A `url` (the store opens and owns the connection) or your `client`, and the
 * keys' prefix and lifetime.
 * @throws {@link truto-langchainjs-toolset!TrutoConfigError | TrutoConfigError} when neither or
 * both of `url` and `client` are given, or an option is not valid.
 *
 * @example
 * ```ts
 * import { TrutoToolManager } from 'truto-langchainjs-toolset'
 * import { createRedisRateLimitStore } from 'truto-langchainjs-toolset/redis'
 *
 * // every process of the deployment points at the same Redis
 * const manager = new TrutoToolManager({
 *   rateLimitStore: createRedisRateLimitStore({ url: process.env.REDIS_URL ?? 'redis://localhost:6379' }),
 * })
 * const tools = await manager.getTools()
 * // …
 * await manager.close() // closes the connection the store opened
 * ```
 */
export function createRedisRateLimitStore(
  options: RedisRateLimitStoreOptions,
): RedisRateLimitStore {
  const given = options as Partial<Shared & { url: unknown; client: unknown }>
  if ((given.url === undefined) === (given.client === undefined)) {
    throw new TrutoConfigError(
      'url',
      'createRedisRateLimitStore needs `url` or `client`, one of them.',
    )
  }
  if (given.url !== undefined && (typeof given.url !== 'string' || given.url === '')) {
    throw new TrutoConfigError('url', '`url` must be a redis:// or rediss:// URL.')
  }
  const client = given.client as Partial<RedisScriptClient> | undefined
  if (
    client !== undefined &&
    (typeof client?.evalSha !== 'function' || typeof client?.eval !== 'function')
  ) {
    throw new TrutoConfigError(
      'client',
      '`client` must be a node-redis client (with `evalSha` and `eval`).',
    )
  }
  return new RedisStore(options)
}

class RedisStore implements RedisRateLimitStore {
  readonly #url: string | undefined
  readonly #prefix: string
  readonly #timeoutMs: number
  readonly #connectTimeoutMs: number
  readonly #keyTtlMs: string
  #client: RedisScriptClient | undefined
  #owned: OwnedClient | undefined
  #connecting: Promise<RedisScriptClient> | undefined
  // until the first connection settles, an operation may wait for it
  #starting: boolean
  // scripts this connection has run, so EVALSHA finds them
  readonly #loaded = new Set<string>()
  // counts close() calls: a connection opened for an earlier count is closed, not kept
  #closes = 0

  constructor(options: RedisRateLimitStoreOptions) {
    this.#url = options.url
    this.#client = options.client
    this.#prefix = options.keyPrefix ?? 'truto:rl:'
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs, 50)
    this.#connectTimeoutMs = positive('connectTimeoutMs', options.connectTimeoutMs, 2000)
    this.#keyTtlMs = String(Math.ceil(positive('keyTtlMs', options.keyTtlMs, 600_000)))
    this.#starting = this.#url !== undefined
    // connect now, so the first call finds the connection open; nothing here keeps a process alive
    if (this.#url !== undefined) Promise.resolve(this.#ready()).catch(() => undefined)
  }

  get timeoutMs(): number {
    return this.#starting ? Math.max(this.#timeoutMs, this.#connectTimeoutMs) : this.#timeoutMs
  }

  async reserve(
    account: string,
    slots: readonly string[],
    leaseMs: number,
  ): Promise<RateLimitReservation> {
    const args = ['reserve', this.#keyTtlMs, String(Math.ceil(leaseMs)), ...slots]
    // a reservation answered after the caller went on holds slots nobody uses: hand them back
    const handBack = (late: number[]) => {
      for (const slot of slots.slice(0, late[0] ?? 0)) {
        this.#call(account, ['settle', this.#keyTtlMs, slot, '', '', '', '']).catch(() => undefined)
      }
    }
    const reply = await this.#run(() => this.#call(account, args), handBack)
    return { granted: reply[0] ?? 0, window: windowOf(reply) }
  }

  async settle(
    account: string,
    slot: string,
    answer: RateLimitAnswer | undefined,
  ): Promise<RateLimitWindow> {
    const reply = await this.#run(() =>
      this.#call(account, [
        'settle',
        this.#keyTtlMs,
        slot,
        answer ? String(answer.status) : '',
        whole(answer?.limit),
        whole(answer?.remaining),
        whole(answer?.resetInMs),
      ]),
    )
    return windowOf(reply)
  }

  async takeTiers(tiers: readonly RateLimitTier[], count: number): Promise<RateLimitTierGrant> {
    const keys = tiers.flatMap((tier) => {
      const key = this.#tierKey(tiers, tier.key)
      return [key, `${key}:closed`]
    })
    const member = `${MEMBER_PREFIX}${(++takes).toString(36)}`
    const limits = tiers.flatMap((tier) => [
      String(Math.floor(tier.limit)),
      String(Math.ceil(tier.windowMs)),
    ])
    const args = ['take', String(Math.floor(count)), member, ...limits]
    const reply = await this.#run(() => this.#eval(TIERS, keys, args, 4))
    const [granted = 0, waitMs = -1, tightest = 0, waitingOn = 0] = reply
    return {
      granted,
      waitMs: waitMs >= 0 ? waitMs : undefined,
      tightest: tiers[tightest - 1]?.key,
      waitingOn: tiers[waitingOn - 1]?.key,
    }
  }

  async closeTier(key: string, forMs: number): Promise<void> {
    const tierKey = this.#tierKey(undefined, key)
    const args = ['close', String(Math.max(1, Math.ceil(forMs)))]
    await this.#run(() => this.#eval(TIERS, [tierKey, `${tierKey}:closed`], args, 3))
  }

  // a token's tiers share one hash slot, so one script can take them all on a cluster too
  #tierKey(tiers: readonly RateLimitTier[] | undefined, key: string): string {
    const tag = /token:[0-9a-f]+/.exec(key)?.[0] ?? (tiers?.[0]?.key as string) ?? key
    return `${this.#prefix}{${tag}}:tier:${key}`
  }

  async close(): Promise<void> {
    const owned = this.#owned
    this.#closes++
    this.#owned = undefined
    this.#connecting = undefined
    // used again after close, the store reconnects as it did at first
    this.#starting = this.#url !== undefined
    if (!owned?.isOpen) return
    // answers already asked for are worth a moment's wait: they hand slots back
    let timer: ReturnType<typeof setTimeout> | undefined
    const drained = await Promise.race([
      owned.close().then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), this.#connectTimeoutMs)
      }),
    ])
    clearTimeout(timer)
    if (!drained) owned.destroy()
  }

  // bounded here too, so a store used on its own never waits long, nor lets a process exit mid-call
  #run(operation: () => Promise<number[]>, onLate?: (reply: number[]) => void): Promise<number[]> {
    const ms = this.timeoutMs
    return new Promise((resolve, reject) => {
      let done = false
      const expire = () => {
        if (done) return
        done = true
        reject(new Error(`Redis did not answer within ${ms} ms`))
      }
      const due = performance.now() + ms
      // referenced: the connection is not, and a caller is waiting
      let timer = setTimeout(() => {
        // fired late: this process was busy (loading modules, a starved CPU), maybe before the
        // command was even written; on an idle event loop timers are on time. Redis gets its
        // time again, once
        if (performance.now() - due > STALL_MS) timer = setTimeout(expire, ms)
        // a busy event loop may hold an answer that came in time: let it be read first
        else setImmediate(expire)
      }, ms)
      operation().then(
        (reply) => {
          if (done) return onLate?.(reply)
          done = true
          clearTimeout(timer)
          resolve(reply)
        },
        (error: unknown) => {
          if (done) return
          done = true
          clearTimeout(timer)
          reject(error)
        },
      )
    })
  }

  #call(account: string, args: string[]): Promise<number[]> {
    const key = `${this.#prefix}{${account}}`
    return this.#eval(WINDOW, [key, `${key}:slots`], args, 6)
  }

  async #eval(script: Script, keys: string[], args: string[], size: number): Promise<number[]> {
    const client = await this.#ready()
    const call = { keys, arguments: args }
    let reply: unknown
    if (this.#loaded.has(script.sha)) {
      try {
        reply = await client.evalSha(script.sha, call)
      } catch (error) {
        // a restarted or flushed server forgot the script: EVAL loads it again
        if (!/NOSCRIPT/i.test(String((error as Error)?.message))) throw error
        reply = await client.eval(script.text, call)
      }
    } else {
      reply = await client.eval(script.text, call)
      this.#loaded.add(script.sha)
    }
    // anything but whole numbers is a fault of the store, never a window to wait on
    const numbers = Array.isArray(reply) ? reply.slice(0, size).map(Number) : []
    if (numbers.length < size || !numbers.every(Number.isSafeInteger) || (numbers[0] ?? -1) < 0) {
      throw new Error('Redis answered the rate-limit script with something else')
    }
    return numbers
  }

  #ready(): RedisScriptClient | Promise<RedisScriptClient> {
    if (this.#url === undefined) return this.#client as RedisScriptClient
    if (this.#owned?.isReady) return this.#owned
    if (this.#connecting) return this.#connecting
    const connecting = this.#connect(this.#closes).finally(() => {
      if (this.#connecting !== connecting) return
      this.#connecting = undefined
      this.#starting = false
    })
    this.#connecting = connecting
    return connecting
  }

  async #connect(closes: number): Promise<RedisScriptClient> {
    const closed = () => new Error('the rate-limit store was closed')
    let client = this.#owned
    if (!client) {
      const { createClient } = await loadRedis()
      if (closes !== this.#closes) throw closed()
      client = createClient({
        url: this.#url,
        // a command sent while disconnected fails at once instead of waiting for a connection
        disableOfflineQueue: true,
        socket: {
          connectTimeout: this.#connectTimeoutMs,
          // no reconnect loop (its timers would keep the process alive): the next operation
          // after a failure opens the connection again
          reconnectStrategy: false,
        },
      }) as unknown as OwnedClient
      // faults reach the calls as failed operations; an unheard 'error' event would crash the process
      client.on('error', () => undefined)
      // the connection never keeps the process alive
      client.unref()
      this.#owned = client
    }
    if (!client.isOpen) {
      // a new connection may meet a server that forgot the scripts
      this.#loaded.clear()
      await this.#bounded(client.connect(), client)
    }
    if (closes !== this.#closes) {
      // closed while connecting: close() could not reach this connection
      client.destroy()
      throw closed()
    }
    if (!client.isReady) throw new Error('the connection to Redis is not ready')
    return client
  }

  // connectTimeout covers the TCP connect, not the handshake: a peer that accepts and never
  // answers (a proxy before a dead Redis) would otherwise hold the store in its start-up forever
  #bounded(connecting: Promise<unknown>, client: OwnedClient): Promise<unknown> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const expired = new Promise((_, reject) => {
      timer = setTimeout(() => {
        client.destroy()
        if (this.#owned === client) this.#owned = undefined
        reject(new Error(`Redis did not answer within ${this.#connectTimeoutMs} ms`))
      }, this.#connectTimeoutMs)
      // this wait must not keep a process alive either
      ;(timer as { unref?: () => void }).unref?.()
    })
    connecting.catch(() => undefined)
    return Promise.race([connecting, expired]).finally(() => clearTimeout(timer))
  }
}

// a timer this late was held up by its own process, not by Redis
const STALL_MS = 10

type RedisModule = {
  createClient(options: Record<string, unknown>): unknown
}

async function loadRedis(): Promise<RedisModule> {
  try {
    return (await import('redis')) as unknown as RedisModule
  } catch (error) {
    throw new Error(
      'createRedisRateLimitStore({ url }) needs the optional peer dependency redis: npm install redis',
      { cause: error },
    )
  }
}

function windowOf(reply: readonly number[]): RateLimitWindow {
  const known = (value: number | undefined) =>
    value === undefined || !Number.isFinite(value) || value < 0 ? undefined : value
  return {
    limit: known(reply[1]),
    remaining: known(reply[2]),
    resetInMs: known(reply[3]),
    inFlight: known(reply[4]) ?? 0,
    open: reply[5] === 1,
  }
}

const whole = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? '' : String(Math.max(0, Math.ceil(value)))

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value <= 0 || value > 2 ** 31 - 1) {
    throw new TrutoConfigError(
      name,
      `\`${name}\` must be a positive number of milliseconds, got ${value}.`,
    )
  }
  return value
}
