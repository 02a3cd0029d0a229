// Truto's per-token and per-account tiers at the network edge, for the tiers' tests

/** Truto's two tiers at the network edge, in fixed windows, answering as Truto does. */
export function tieredTruto(perToken: number, perAccount: number, windowMs: number) {
  const counts = new Map<string, number>()
  const stats = { requests: 0, rejected: 0, finished: [] as string[] }
  let trutoLimitOnce: number | undefined
  const take = (key: string, limit: number) => {
    const slot = `${key}@${Math.floor(Date.now() / windowMs)}`
    const used = counts.get(slot) ?? 0
    if (used >= limit) return false
    counts.set(slot, used + 1)
    return true
  }
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input))
    stats.requests++
    if (url.pathname.endsWith('/tools')) {
      const result = [
        {
          name: 'list_all_octapipe_pipeline_cards',
          description: 'List cards.',
          resource: 'pipeline-cards',
          method: 'list',
          query_schema: { type: 'object', properties: {} },
        },
      ]
      return Response.json({ result, next_cursor: null })
    }
    const account = url.searchParams.get('integrated_account_id') ?? ''
    const token = new Headers(init.headers).get('authorization') ?? ''
    const retryAfter = () => String((windowMs - (Date.now() % windowMs)) / 1000)
    const refuse = (after: string) => {
      stats.rejected++
      return Response.json(
        { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded' },
        { status: 429, headers: { 'retry-after': after } },
      )
    }
    if (trutoLimitOnce !== undefined) {
      const after = String(trutoLimitOnce / 1000)
      trutoLimitOnce = undefined
      return refuse(after)
    }
    if (!take(`token:${token}`, perToken) || !take(`account:${account}`, perAccount))
      return refuse(retryAfter())
    stats.finished.push(account)
    return Response.json({ result: [{ id: 1 }], next_cursor: null })
  }
  return {
    fetch,
    stats,
    /** The next request gets Truto's own 429 with this Retry-After. */
    limitNext(ms: number) {
      trutoLimitOnce = ms
    },
  }
}
