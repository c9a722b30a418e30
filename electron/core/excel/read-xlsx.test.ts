import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../test/helpers'
import { excelJs } from './exceljs'
import { DEFAULT_LIMITS } from './grid'
import { readXlsx, isDateFormat } from './read-xlsx'

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
    // a minimal zip with stored (uncompressed) entries
    const parts: Buffer[] = []
    const central: Buffer[] = []
    let offset = 0
    for (const [n, text] of Object.entries(files)) {
      const name = Buffer.from(n)
      const data = Buffer.from(text)
      const local = Buffer.alloc(30)
      local.writeUInt32LE(0x04034b50, 0)
      local.writeUInt32LE(data.length, 18)
      local.writeUInt32LE(data.length, 22)
      local.writeUInt16LE(name.length, 26)
      parts.push(local, name, data)
      const c = Buffer.alloc(46)
      c.writeUInt32LE(0x02014b50, 0)
      c.writeUInt32LE(data.length, 20)
      c.writeUInt32LE(data.length, 24)
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
    const book = await readXlsx(Buffer.concat([...parts, cd, end]), DEFAULT_LIMITS)
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
    await expect(readXlsx(fs.readFileSync(file), { ...DEFAULT_LIMITS, maxRatio: 20 })).rejects.toThrow(/压缩比异常/)
    await expect(readXlsx(fs.readFileSync(file), { ...DEFAULT_LIMITS, maxInflatedBytes: 1024 * 1024 })).rejects.toThrow(/解压后/)
    await expect(readXlsx(fs.readFileSync(file), { ...DEFAULT_LIMITS, maxRows: 1000 })).rejects.toThrow(/超过 1000 行/)
  }, 60_000)
})
