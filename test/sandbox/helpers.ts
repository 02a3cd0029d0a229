import type { Sandbox } from 'truto-langchainjs-toolset/testing'

type Query = Record<string, string | number | boolean | undefined>

/** Calls the sandbox like a Truto client: bearer token, JSON in and out. */
export function client(
  sandbox: Pick<Sandbox, 'apiKey' | 'baseUrl' | 'fetch'>,
  baseUrl = sandbox.baseUrl,
) {
  const send = async (method: string, path: string, query: Query = {}, body?: unknown) => {
    const url = new URL(`${baseUrl}${path}`)
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value))
    }
    const response = await sandbox.fetch(url, {
      method,
      headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    const json: any = text ? JSON.parse(text) : undefined
    return { status: response.status, headers: response.headers, json }
  }
  return {
    send,
    get: (path: string, query?: Query) => send('GET', path, query),
    post: (path: string, query: Query, body?: unknown) => send('POST', path, query, body),
    patch: (path: string, query: Query, body?: unknown) => send('PATCH', path, query, body),
    delete: (path: string, query?: Query) => send('DELETE', path, query),
  }
}

/** Every page of a proxy list, following `next_cursor`. */
export async function listAll(
  api: ReturnType<typeof client>,
  resource: string,
  query: Query,
): Promise<{ items: any[]; pages: number }> {
  const items: any[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const { json } = await api.get(`/proxy/${resource}`, { ...query, next_cursor: cursor })
    items.push(...json.result)
    cursor = json.next_cursor ?? undefined
    pages++
  } while (cursor)
  return { items, pages }
}
