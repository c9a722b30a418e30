import { describe, expect, it } from 'vitest'
import { layoutSchema, type LayoutSpec } from '../shared/kit/spec'
import { excelJs } from './exceljs'
import { expandMerges } from './header'
import { readMatrix } from './matrix'
import { readBook } from './read'

// A people × days sheet is read through a layout declared as data: the marks (by label or by
// the words offices write) are the layout's, not the reader's. A layout that is not the duty
// roster's reads just as well — a weekly 巡查表 with √ / ×.

const patrol = {
  key: 'patrol',
  label: '巡查表',
  kind: 'matrix',
  rowWords: ['巡查员'],
  marks: [
    { value: 'done', label: '已巡查', words: ['√', '✓'] },
    { value: 'missed', label: '未巡查', words: ['×', '✗'] },
  ],
} as const satisfies LayoutSpec

describe('a declared matrix layout', () => {
  it('reads each person-day mark by its label or word, and keeps text that is no mark for a warning', async () => {
    expect(layoutSchema.safeParse(patrol).success).toBe(true)
    const wb = new (excelJs().Workbook)()
    const ws = wb.addWorksheet('巡查')
    ws.addRow(['2026年12月第一周巡查表'])
    ws.addRow(['巡查员', ...[1, 2, 3, 4, 5].map((d) => new Date(Date.UTC(2026, 11, d)))])
    ws.addRow(['周建国', '√', '已巡查', '', '×', '请假'])
    ws.addRow(['李红', '✓', '', '未巡查', '', '√'])
    const book = await readBook(Buffer.from(await wb.xlsx.writeBuffer()), 'patrol.xlsx')
    const grid = expandMerges(book.sheets[0]!)
    const read = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : null)
    const r = readMatrix(grid, patrol, read)
    expect(r?.matrix.rows.map((x) => x.name)).toEqual(['周建国', '李红'])
    expect(r?.cells.map((c) => [c.name, c.date, c.mark])).toEqual([
      ['周建国', '2026-12-01', 'done'],
      ['周建国', '2026-12-02', 'done'],
      ['周建国', '2026-12-04', 'missed'],
      ['周建国', '2026-12-05', null],
      ['李红', '2026-12-01', 'done'],
      ['李红', '2026-12-03', 'missed'],
      ['李红', '2026-12-05', 'done'],
    ])
    expect(r?.cells.find((c) => c.mark === null)?.text).toBe('请假')
  })
})
