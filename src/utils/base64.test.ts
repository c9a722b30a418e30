import { describe, expect, it } from 'vitest'
import { fromBase64, toBase64 } from './base64'

describe('base64', () => {
  it('round-trips bytes larger than one chunk and matches Node', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256)
    const b64 = toBase64(bytes)
    expect(b64).toBe(Buffer.from(bytes).toString('base64'))
    expect(fromBase64(b64)).toEqual(bytes)
  })
})
