import type { RouterContext } from '../context.js'
import { SandboxHttpError } from '../http-error.js'
import { signArtifact } from '../state/signing.js'
import { queryText } from './query.js'

/** `GET /_sandbox/artifacts/{id}?account=…`: the bytes behind a signed link; no bearer token needed. */
export function artifactRoute(
  context: RouterContext,
  artifactId: string,
  query: Readonly<Record<string, unknown>>,
): Response {
  const expires = Number(queryText(query.expires))
  const account = queryText(query.account) ?? ''
  const signature = query.signature
  if (
    !Number.isInteger(expires) ||
    signature !== signArtifact(context.signingSecret, account, artifactId, expires)
  ) {
    throw new SandboxHttpError(403, 'The link signature does not match')
  }
  if (context.clock.now() >= expires * 1000) {
    throw new SandboxHttpError(
      403,
      'The link has expired; get a fresh download_url from the artifact',
    )
  }
  const artifact =
    context.integrationOf(account) === 'gumloop'
      ? context.accountState('gumloop', account).artifacts.find((a) => a.id === artifactId)
      : undefined
  if (!artifact) throw new SandboxHttpError(404, `Artifact "${artifactId}" not found`)
  return new Response(artifact.content, {
    status: 200,
    headers: {
      'content-type': `${artifact.mime_type}; charset=utf-8`,
      'content-disposition': `attachment; filename="${artifact.name}"`,
    },
  })
}
