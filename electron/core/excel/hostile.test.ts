import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, type GridSheet } from './grid'
import { expandMerges } from './header'
import { readBook } from './read'

// Hostile workbooks: every structural limit is enforced by the reader (in the worker, where
// readBook runs for untrusted files), so nothing oversized reaches merge expansion on the main thread.

interface Entry {
  data: string | Buffer
  /** Declare this uncompressed size in the central directory instead of the true one (a lying bomb). */
  declared?: number
}

function zip(files: Record<string, string | Buffer | Entry>): Buffer {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [n, f] of Object.entries(files)) {
    const entry: Entry = typeof f === 'string' || Buffer.isBuffer(f) ? { data: f } : f
    const name = Buffer.from(n)
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data)
    const data = zlib.deflateRawSync(raw)
    const size = entry.declared ?? raw.length
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    parts.push(local, name, data)
    const c = Buffer.alloc(46)
    c.writeUInt32LE(0x02014b50, 0)
    c.writeUInt16LE(8, 10)
    c.writeUInt32LE(data.length, 20)
    c.writeUInt32LE(size, 24)
    c.writeUInt16LE(name.length, 28)
    c.writeUInt32LE(offset, 42)
    central.push(c, name)
    offset += 30 + name.length + data.length
  }
  const cd = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(files).length, 8)
  end.writeUInt16LE(Object.keys(files).length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...parts, cd, end])
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

function book(sheetXml: string, extra: Record<string, string | Buffer | Entry> = {}): Buffer {
  return zip({
    'xl/workbook.xml': `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': sheetXml,
    ...extra,
  })
}

const sheet = (rows: string, merges = ''): string =>
  `<worksheet xmlns="${NS}"><sheetData>${rows}</sheetData>${merges ? `<mergeCells>${merges}</mergeCells>` : ''}</worksheet>`
const cell = (ref: string, text: string): string => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`

describe('merged ranges', () => {
  it('a merge written with its corners reversed (C3:A1) is read as A1:C3', async () => {
    const xml = sheet(
      `<row r="1">${cell('A1', '企业名称')}</row><row r="3">${cell('C3', 'x')}</row>`,
      '<mergeCell ref="C3:A1"/><mergeCell ref="B1:B2"/>',
    )
    const s = (await readBook(book(xml), 'a.xlsx')).sheets[0] as GridSheet
    expect(s.merges).toEqual([
      { top: 1, left: 1, bottom: 3, right: 3 },
      { top: 1, left: 2, bottom: 2, right: 2 },
    ])
    const rows = expandMerges(s)
    expect(rows[2]?.[1]).toBe('企业名称')
  })

  it('expandMerges fills a reversed range it is handed directly, within its budget', () => {
    const s: GridSheet = {
      name: 's',
      rows: [['甲', null, null], [], []],
      merges: [{ top: 3, left: 3, bottom: 1, right: 1 }],
      hiddenRows: new Set(),
      hiddenCols: new Set(),
      hidden: false,
    }
    const rows = expandMerges(s)
    expect(rows[1]).toEqual(['甲', '甲', '甲'])
  })

  it('the reversed-merge bomb (19,999 × N2:A200000 on 200,000 rows) is refused by the reader, naming the limit', async () => {
    const merges = '<mergeCell ref="N2:A200000"/>'.repeat(19_999)
    const xml = sheet(
      `<row r="1">${cell('A1', '企业名称')}${cell('N1', '备注')}</row><row r="200000">${cell('A200000', '末行')}</row>`,
      merges,
    )
    const bytes = book(xml)
    expect(bytes.length).toBeLessThan(3 * 1024 * 1024)
    const err = await readBook(bytes, 'bomb.xlsx').then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    )
    expect(err?.code).toBe('EXCEL_FORMAT')
    expect(err?.message).toMatch(/合并单元格共覆盖 [\d,]+ 个单元格，超过上限 2,000,000 个/)
  })

  it('too many cells in one sheet are refused with the limit named', async () => {
    const row = (r: number): string => `<row r="${r}"><c r="J${r}"><v>1</v></c></row>`
    const rows = Array.from({ length: 200 }, (_, i) => row(i + 1)).join('')
    await expect(
      readBook(book(sheet(rows)), 'a.xlsx', { ...DEFAULT_LIMITS, maxCells: 1000 }),
    ).rejects.toThrow(/2,000 个单元格，超过上限 1,000 个/)
  })
})

describe('zip bombs and giant strings', () => {
  it('a workbook part that inflates far beyond its declared size is refused, not "Invalid string length"', async () => {
    const bomb = `<workbook xmlns="${NS}"><sheets>${' '.repeat(40 * 1024 * 1024)}</sheets></workbook>`
    const bytes = zip({ 'xl/workbook.xml': { data: bomb, declared: 200 } })
    await expect(readBook(bytes, 'bomb.xlsx')).rejects.toMatchObject({
      code: 'EXCEL_FORMAT',
      message: expect.stringMatching(/xl\/workbook\.xml.*大于声明的大小/),
    })
  })

  it('one shared string longer than any spreadsheet writes is refused', async () => {
    const sst = `<sst xmlns="${NS}"><si><t>${'安'.repeat(40_000)}</t></si></sst>`
    const xml = sheet(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)
    await expect(readBook(book(xml, { 'xl/sharedStrings.xml': sst }), 'a.xlsx')).rejects.toThrow(
      /共享字符串第 1 条超过 32,767 个字符/,
    )
  })

  it('one inline cell text longer than any spreadsheet writes is refused', async () => {
    const xml = sheet(`<row r="1">${cell('A1', '安'.repeat(40_000))}</row>`)
    await expect(readBook(book(xml), 'a.xlsx')).rejects.toThrow(/第 1 行第 1 列的文字超过 32,767 个字符/)
  })
})
