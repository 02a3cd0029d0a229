import { hexFrom } from './random.js'

/** Signature of an artifact link; a sandbox stand-in for an S3-style presigned URL, not crypto. */
export const signArtifact = (
  secret: string,
  account: string,
  artifactId: string,
  expires: number,
): string => hexFrom(`${secret}:${account}:${artifactId}:${expires}`, 32)

/** The path and query of a signed link to an account's artifact that expires at `expiresAt` (ms). */
export function artifactPath(
  secret: string,
  account: string,
  artifactId: string,
  expiresAt: number,
): string {
  const expires = Math.floor(expiresAt / 1000)
  const signature = signArtifact(secret, account, artifactId, expires)
  const query = new URLSearchParams({ account, expires: String(expires), signature })
  return `/_sandbox/artifacts/${encodeURIComponent(artifactId)}?${query}`
}
