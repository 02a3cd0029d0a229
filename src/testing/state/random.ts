/** 32-bit FNV-1a hash of a string, as an unsigned integer. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** Hex digits derived from a seed string, as many as asked (deterministic, not cryptographic). */
export function hexFrom(seed: string, length: number): string {
  let out = ''
  for (let round = 0; out.length < length; round++) {
    out += fnv1a(`${round}:${seed}`).toString(16).padStart(8, '0')
  }
  return out.slice(0, length)
}

/** A version-4-shaped UUID derived from a seed string. */
export function uuidFrom(seed: string): string {
  const hex = hexFrom(seed, 32)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Hex digits from the platform's CSPRNG, for credentials no one may predict. */
export function randomHex(bytes: number): string {
  const values = globalThis.crypto.getRandomValues(new Uint8Array(bytes))
  return Array.from(values, (value) => value.toString(16).padStart(2, '0')).join('')
}
