import { TrutoRequestError } from '../../src/errors/errors.js'

/** A real HTTP answer with rate-limit headers, as the network would hand it back. */
export const answer = (status: number, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify({ status }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })

/** The error the client throws when a request gets no answer. */
export const noAnswer = (reason: 'timeout' | 'network') =>
  new TrutoRequestError({ reason, method: 'POST', path: '/proxy/tasks' })

/** A `send` whose n-th request (from 0) is answered by `reply`; records when each went out. */
export function fakeSend(reply: (n: number) => Response | Error) {
  const sentAt: number[] = []
  const send = async (_signal?: AbortSignal): Promise<Response> => {
    const result = reply(sentAt.length)
    sentAt.push(Date.now())
    if (result instanceof Error) throw result
    return result
  }
  return { send, sentAt }
}

/** A fake API allowing `limit` requests per fixed window, with the headers Truto forwards. */
export function windowedApi(limit: number, windowMs = 1000) {
  const start = Date.now()
  const counts = new Map<number, number>()
  let refused = 0
  const fake = fakeSend(() => {
    const window = Math.floor((Date.now() - start) / windowMs)
    const used = (counts.get(window) ?? 0) + 1
    counts.set(window, used)
    const resetSeconds = Math.ceil((start + (window + 1) * windowMs - Date.now()) / 1000)
    const headers = {
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': String(Math.max(0, limit - used)),
      'ratelimit-reset': String(resetSeconds),
    }
    if (used > limit) refused++
    return answer(used > limit ? 429 : 200, headers)
  })
  return { ...fake, refused: () => refused }
}
