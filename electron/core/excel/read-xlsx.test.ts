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
