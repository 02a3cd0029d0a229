import { hexFrom } from './random.js'

/** Signature of an artifact link; a sandbox stand-in for an S3-style presigned URL, not crypto. */
export const signArtifact = (secret: string, artifactId: string, expires: number): string =>
  hexFrom(`${secret}:${artifactId}:${expires}`, 32)

/** The path and query of a signed artifact link that expires at `expiresAt` (ms). */
export function artifactPath(secret: string, artifactId: string, expiresAt: number): string {
  const expires = Math.floor(expiresAt / 1000)
  const signature = signArtifact(secret, artifactId, expires)
  return `/_sandbox/artifacts/${encodeURIComponent(artifactId)}?expires=${expires}&signature=${signature}`
}
