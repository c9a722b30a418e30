import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { memoryCore } from '../test/helpers'
import { excelJs } from './exceljs'
import { openSession, summarize } from './import'
import { readBook } from './read'

// A formula saved without its result (a sheet written by a program and never opened in Excel)
// reads as an empty cell: the clerk is told, instead of the row vanishing.

let core: Core | null = null
afterEach(() => core?.close())

describe('formula cells without a saved result', () => {
  it('a name formula refuses its row with the reason; an optional one is a warning on its cell', async () => {
    core = await memoryCore()
    const wb = new (excelJs().Workbook)()
    const ws = wb.addWorksheet('企业台账')
    ws.addRow(['企业名称', '所属村（社区）', '主要负责人', '从业人数'])
    ws.addRow(['青禾一号厂', '东湖村', '周一', 12])
    ws.addRow([{ formula: 'VLOOKUP(A9,名录!A:B,2,0)' }, '东湖村', '周二', 8])
    ws.addRow(['青禾三号厂', '东湖村', '周三', { formula: 'SUM(E4:F4)' }])
    ws.addRow(['青禾四号厂', '东湖村', '周四', { formula: '2*3', result: 6 }])
    const book = await readBook(Buffer.from(await wb.xlsx.writeBuffer()), 'f.xlsx')
    expect([...(book.sheets[0]?.formulaCells ?? [])]).toEqual(['3:1', '4:4'])
    const s = openSession(core.ctx, book, 'f.xlsx')
    const sum = summarize(s)
    expect(sum.inserted).toBe(3)
    expect(sum.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'A',
        message: expect.stringContaining('企业名称是公式，但文件中没有保存计算结果'),
      }),
    ])
    expect(sum.warnings).toEqual([
      expect.objectContaining({ row: 4, column: 'D', message: expect.stringContaining('从业人数是公式') }),
    ])
    expect(s.plan.find((p) => p.row === 5)?.values.employees).toBe(6)
  })
})

describe('legacy .xls formula cells without a saved result', () => {
  it('read as empty and are reported like the .xlsx ones: the name refuses its row, a count warns', async () => {
    core = await memoryCore()
    const X = (await import('@e965/xlsx')) as typeof import('@e965/xlsx')
    // =2*3 as BIFF8 parsed-formula bytes (cce, ptgInt 2, ptgInt 3, ptgMul); SheetJS writes a
    // formula without a value as the "empty string" result a non-calculating program leaves.
    const twoTimesThree = [7, 0, 0x1e, 2, 0, 0x1e, 3, 0, 5]
    const ws = X.utils.aoa_to_sheet([
      ['企业名称', '所属村（社区）', '主要负责人', '从业人数'],
      ['青禾一号厂', '东湖村', '周一', 12],
      [null, '东湖村', '周二', 8],
      ['青禾三号厂', '东湖村', '周三', null],
      ['青禾四号厂', '东湖村', '周四', null],
    ])
    ws.A3 = { t: 's', bf: twoTimesThree } as unknown as import('@e965/xlsx').CellObject
    ws.D4 = { t: 'n', bf: twoTimesThree } as unknown as import('@e965/xlsx').CellObject
    ws.D5 = { t: 'n', v: 6, bf: twoTimesThree } as unknown as import('@e965/xlsx').CellObject
    const wb = X.utils.book_new()
    X.utils.book_append_sheet(wb, ws, '企业台账')
    const buf = X.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer
    const book = await readBook(buf, 'f.xls')
    expect(book.format).toBe('xls')
    expect([...(book.sheets[0]?.formulaCells ?? [])]).toEqual(['3:1', '4:4'])
    const s = openSession(core.ctx, book, 'f.xls')
    const sum = summarize(s)
    expect(sum.inserted).toBe(3)
    expect(sum.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'A',
        message: expect.stringContaining('企业名称是公式，但文件中没有保存计算结果'),
      }),
    ])
    expect(sum.warnings).toEqual([
      expect.objectContaining({ row: 4, column: 'D', message: expect.stringContaining('从业人数是公式') }),
    ])
    expect(s.plan.find((p) => p.row === 5)?.values.employees).toBe(6)
  })
})
