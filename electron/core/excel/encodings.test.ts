import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { memoryCore } from '../test/helpers'
import { openSession, summarize } from './import'
import { readBook } from './read'
import { ENCODING_UNKNOWN } from './read-other'

// CSV files as other systems save them: GBK behind a UTF-8 BOM, UTF-16 (Excel's “Unicode 文本”)
// with or without a BOM. They are read, or refused with an encoding message — never “不是企业台账”.

const GBK = fs.readFileSync(path.resolve(__dirname, '../../../tests/fixtures/ledgers/03-enterprises-gbk.csv'))
const TEXT =
  '企业名称,所属村（社区）,主要负责人,联系电话\r\n青禾一号厂,东湖村,周一,13900000001\r\n青禾二号厂,西岭村,周二,13900000002\r\n'

let core: Core | null = null
afterEach(() => core?.close())

async function stored(bytes: Buffer, name = 'roster.csv') {
  core = await memoryCore()
  const book = await readBook(bytes, name)
  const s = openSession(core.ctx, book, name)
  return { encoding: book.encoding, sum: summarize(s), names: s.plan.map((p) => p.values.name) }
}

describe('CSV encodings', () => {
  it('GBK text behind a UTF-8 BOM is read as GBK', async () => {
    const plain = await stored(GBK)
    const bom = await stored(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), GBK]))
    expect(bom.encoding).toBe('gbk')
    expect(bom.sum.inserted).toBe(plain.sum.inserted)
    expect(bom.sum.inserted).toBeGreaterThan(50)
    expect(bom.names).toEqual(plain.names)
  })

  it('UTF-16 with a BOM (little and big endian) and without one is read', async () => {
    const le = Buffer.from(TEXT, 'utf16le')
    const be = Buffer.from(le).swap16()
    for (const [bytes, enc] of [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'utf-16le'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'utf-16be'],
      [le, 'utf-16le'],
    ] as const) {
      const r = await stored(bytes)
      expect(r.encoding).toBe(enc)
      expect(r.names).toEqual(['青禾一号厂', '青禾二号厂'])
      core?.close()
      core = null
    }
  })

  it('bytes that are no known encoding are refused with an encoding message', async () => {
    const bytes = Buffer.from([0x41, 0x2c, 0x80, 0xff, 0x80, 0xff, 0x0d, 0x0a, 0xff, 0x80, 0x2c, 0x42])
    await expect(readBook(bytes, 'x.csv')).rejects.toThrow(ENCODING_UNKNOWN)
  })
})
