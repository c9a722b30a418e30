import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../test/helpers'
import { excelJs } from './exceljs'
import { DEFAULT_LIMITS } from './grid'
import { readXlsx, isDateFormat, serialToDate } from './read-xlsx'

// exceljs 4.4.0's streaming reader turns Chinese characters that straddle a zip chunk boundary
// into U+FFFD. Our reader must bring back every character of a large all-Chinese sheet.

function chinese(seed: number, len: number): string {
  let s = ''
  let x = seed
  for (let i = 0; i < len; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    s += String.fromCharCode(0x4e00 + (x % 0x5000))
  }
  return s
}

/** A minimal zip: entries stored, or deflated with `deflate` (the reader checks no CRC). */
function zip(files: Record<string, string | Buffer>, deflate = false): Buffer {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [n, text] of Object.entries(files)) {
    const name = Buffer.from(n)
    const raw = Buffer.isBuffer(text) ? text : Buffer.from(text)
    const data = deflate ? zlib.deflateRawSync(raw) : raw
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(deflate ? 8 : 0, 8)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(raw.length, 22)
    local.writeUInt16LE(name.length, 26)
    parts.push(local, name, data)
    const c = Buffer.alloc(46)
    c.writeUInt32LE(0x02014b50, 0)
    c.writeUInt16LE(deflate ? 8 : 0, 10)
    c.writeUInt32LE(data.length, 20)
    c.writeUInt32LE(raw.length, 24)
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

/** A one-sheet workbook around the given worksheet XML. */
function workbook(sheetXml: string | Buffer, deflate = true): Buffer {
  return zip(
    {
      'xl/workbook.xml': `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      'xl/styles.xml': `<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>`,
      'xl/sharedStrings.xml': `<sst xmlns="${NS}"><si><t>企业名称</t></si><si><r><t>华兴</t></r><r><t>机械</t></r><rPh><t>ふりがな</t></rPh></si></sst>`,
      'xl/worksheets/sheet1.xml': sheetXml,
    },
    deflate,
  )
}

describe('streaming xlsx reader', () => {
  it('keeps every Chinese character of a 30,000-row sheet (inline and shared strings)', async () => {
    const dir = tempDir()
    const ExcelJS = excelJs()
    for (const useSharedStrings of [false, true]) {
      const file = path.join(dir, `big-${useSharedStrings}.xlsx`)
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings })
      const ws = wb.addWorksheet('中文')
      const expected: string[][] = []
      for (let r = 0; r < 30_000; r++) {
        const row = Array.from({ length: 6 }, (_, c) => chinese(r * 7 + c, 3 + ((r + c) % 11)))
        expected.push(row)
        ws.addRow(row).commit()
      }
      ws.commit()
      await wb.commit()
      const book = await readXlsx(fs.readFileSync(file), DEFAULT_LIMITS)
      const rows = book.sheets[0]!.rows
      expect(rows.length).toBe(expected.length)
      let mismatches = 0
      for (let r = 0; r < expected.length; r++)
        for (let c = 0; c < 6; c++) if (rows[r]![c] !== expected[r]![c]) mismatches++
      expect(mismatches).toBe(0)
      expect(rows.flat().some((v) => typeof v === 'string' && v.includes('\uFFFD'))).toBe(false)
    }
  }, 120_000)

  it('reads sheets whose elements carry a namespace prefix (<x:row>, as the OpenXML SDK writes them)', async () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    const files: Record<string, string> = {
      'xl/workbook.xml': `<x:workbook xmlns:x="${ns}" xmlns:r="${rel}"><x:sheets><x:sheet name="名单" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      'xl/worksheets/sheet1.xml':
        `<x:worksheet xmlns:x="${ns}"><x:sheetData>` +
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>企业名称</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>从业人数</x:t></x:is></x:c></x:row>' +
        '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>华兴机械有限公司</x:t></x:is></x:c><x:c r="B2"><x:v>72</x:v></x:c></x:row>' +
        '</x:sheetData></x:worksheet>',
    }
    const book = await readXlsx(zip(files), DEFAULT_LIMITS)
    expect(book.sheets.map((x) => x.name)).toEqual(['名单'])
    expect(book.sheets[0]!.rows).toEqual([
      ['企业名称', '从业人数'],
      ['华兴机械有限公司', 72],
    ])
  })

  it('recognises date formats, including Chinese ones, and not plain numbers', () => {
    expect(isDateFormat('yyyy-mm-dd')).toBe(true)
    expect(isDateFormat('yyyy"年"m"月"d"日"')).toBe(true)
    expect(isDateFormat('[$-804]yyyy年m月d日')).toBe(true)
    expect(isDateFormat('0.00')).toBe(false)
    expect(isDateFormat('#,##0')).toBe(false)
    expect(isDateFormat('General')).toBe(false)
    expect(isDateFormat('@')).toBe(false)
  })

  it('refuses a zip bomb before inflating it', async () => {
    const dir = tempDir()
    const ExcelJS = excelJs()
    const file = path.join(dir, 'bomb.xlsx')
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file })
    const ws = wb.addWorksheet('a')
    for (let r = 0; r < 20_000; r++) ws.addRow(Array(20).fill('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).commit()
    ws.commit()
    await wb.commit()
    await expect(readXlsx(fs.readFileSync(file), { ...DEFAULT_LIMITS, maxRatio: 20 })).rejects.toThrow(
      /压缩比异常/,
    )
    await expect(
      readXlsx(fs.readFileSync(file), { ...DEFAULT_LIMITS, maxInflatedBytes: 1024 * 1024 }),
    ).rejects.toThrow(/解压后/)
    await expect(readXlsx(fs.readFileSync(file), { ...DEFAULT_LIMITS, maxRows: 1000 })).rejects.toThrow(
      /超过 1000 行/,
    )
  }, 60_000)
  it('reads a large deflated sheet whose tags, entities and inline strings straddle the inflate chunks', async () => {
    const parts: string[] = [
      `\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="${NS}" xmlns:x="${NS}">`,
    ]
    parts.push(
      '<dimension ref="A1:B2"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>\r\n',
    )
    const expected: unknown[][] = []
    const ROWS = 40_000
    for (let i = 1; i <= ROWS; i++) {
      const p = i % 3 === 0 ? 'x:' : ''
      const cells = [
        `<${p}c r="A${i}"><${p}v>${i}</${p}v></${p}c>`,
        `<${p}c r="B${i}" t="inlineStr"><${p}is><${p}t>企业&amp;${i}&lt;号&gt;</${p}t></${p}is></${p}c>`,
        `<${p}c r="C${i}" t="inlineStr"><${p}is><${p}r><${p}t>华兴</${p}t></${p}r><${p}r><${p}rPr><${p}b/></${p}rPr><${p}t xml:space="preserve"> ${i} </${p}t></${p}r></${p}is></${p}c>`,
        `<${p}c r="D${i}" t="s"><${p}v>${i % 2}</${p}v></${p}c>`,
        `<${p}c r="E${i}" s="${1 + (i % 2)}"><${p}v>${45000 + (i % 1000)}</${p}v></${p}c>`,
        `<${p}c r="F${i}" t="b"><${p}v>${i % 2}</${p}v></${p}c>`,
        `<${p}c r="G${i}" t="str"><${p}f>B${i}&amp;"x"</${p}f><${p}v>公式${i}</${p}v></${p}c>`,
        `<${p}c r="H${i}" t="e"><${p}v>#N/A</${p}v></${p}c><${p}c r="I${i}" s="1"/>`,
      ]
      parts.push(`<${p}row r="${i}" spans="1:9">${cells.join('')}</${p}row>\r\n`)
      expected.push([
        i,
        `企业&${i}<号>`,
        `华兴 ${i} `,
        i % 2 ? '华兴机械' : '企业名称',
        serialToDate(45000 + (i % 1000)),
        i % 2 === 1,
        `公式${i}`,
      ])
    }
    parts.push('</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>')
    const xml = Buffer.from(parts.join(''))
    expect(xml.length).toBeGreaterThan(10 * 256 * 1024)
    const progress: number[] = []
    const read = await readXlsx(workbook(xml), DEFAULT_LIMITS, (n) => progress.push(n))
    const sheet = read.sheets[0]!
    expect(sheet.name).toBe('台账')
    expect(sheet.rows).toHaveLength(ROWS)
    let mismatches = 0
    for (let r = 0; r < ROWS; r++)
      if (JSON.stringify(sheet.rows[r]) !== JSON.stringify(expected[r])) mismatches++
    expect(mismatches).toBe(0)
    expect(sheet.merges).toEqual([{ top: 1, left: 1, bottom: 1, right: 2 }])
    expect(progress).toEqual([5000, 10000, 15000, 20000, 25000, 30000, 35000, 40000])
  }, 60_000)

  it('refuses a worksheet that is not well-formed XML, or that declares a DOCTYPE, with the Chinese messages', async () => {
    const broken = /工作簿内部的 XML 已损坏，无法读取/
    const good = `<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`
    await expect(readXlsx(workbook(good), DEFAULT_LIMITS)).resolves.toBeTruthy()
    for (const bad of [
      good.slice(0, -5), // truncated
      good.replace('</c>', ''), // mismatched tags
      good.replace('r="A1"', 'r="A1'), // unterminated attribute
      good.replace('<v>1</v>', '<v>&nbsp;</v>'), // an entity XML does not define
      'PK\u0003\u0004 not xml',
      '',
    ]) {
      await expect(readXlsx(workbook(bad), DEFAULT_LIMITS)).rejects.toThrow(broken)
      await expect(readXlsx(workbook(bad, false), DEFAULT_LIMITS)).rejects.toThrow(broken)
    }
    // random bytes where the worksheet should be
    const noise = Buffer.alloc(300_000)
    let x = 12345
    for (let i = 0; i < noise.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff
      noise[i] = x >> 16
    }
    await expect(readXlsx(workbook(noise), DEFAULT_LIMITS)).rejects.toThrow(broken)
    // a deflate stream that is corrupt
    const corrupt = workbook('x'.repeat(100_000))
    const at = corrupt.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length
    corrupt.fill(0xff, at, at + 40)
    await expect(readXlsx(corrupt, DEFAULT_LIMITS)).rejects.toThrow(broken)
    await expect(
      readXlsx(workbook(`<!DOCTYPE worksheet [<!ENTITY a "b">]>${good}`), DEFAULT_LIMITS),
    ).rejects.toThrow('文件中含有 DOCTYPE 声明，这不是 Excel 正常保存的文件，为安全起见已拒绝导入')
  })
})
