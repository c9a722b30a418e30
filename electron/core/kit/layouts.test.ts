import { describe, expect, it } from 'vitest'
import { excelJs } from '../excel/exceljs'
import { expandMerges } from '../excel/header'
import { readBook } from '../excel/read'
import { parseDate } from '../shared/kit/kinds/date'
import { ledgerSpecSchema, type LedgerSpec } from '../shared/kit/spec'
import { readMatrixLayout, readRowsLayout, writeLayout } from './layouts'

// A people × days ledger that is not the duty roster — a village patrol log, 巡查员 × days with
// √ / × — is written and read in both its layouts from its spec alone: no code of its own.

const patrolSpec = {
  key: 'patrol',
  label: '巡查',
  title: '网格巡查表',
  unit: '次',
  table: 'patrols',
  history: { table: 'patrol_history', fk: 'patrol_id' },
  identity: ['date'],
  nameField: 'date',
  defaultSort: { field: 'date', order: 'asc' },
  groups: ['巡查'],
  layouts: [
    { key: 'list', label: '巡查记录', kind: 'rows', columns: ['date', 'inspector', 'result'], weekday: true },
    {
      key: 'matrix',
      label: '巡查表',
      kind: 'matrix',
      rowField: 'inspector',
      colField: 'date',
      rowWords: ['巡查员'],
      marks: [
        { value: 'done', label: '√', words: ['已巡查'], values: { result: 'done' } },
        { value: 'missed', label: '×', words: ['未巡查'], values: { result: 'missed' } },
      ],
    },
  ],
  fields: [
    { key: 'date', label: '日期', kind: 'date', column: 'date', identifying: true, required: true },
    { key: 'inspector', label: '巡查员', kind: 'text', column: 'inspector', identifying: true, max: 30 },
    {
      key: 'result',
      label: '结果',
      kind: 'enum',
      column: 'result',
      required: true,
      default: 'done',
      options: [
        { value: 'done', label: '已巡查', words: ['√'] },
        { value: 'missed', label: '未巡查', words: ['×'] },
      ],
    },
  ],
} as const satisfies LedgerSpec

const records = [
  { date: '2026-12-01', inspector: '周建国', result: 'done' },
  { date: '2026-12-01', inspector: '李红', result: 'missed' },
  { date: '2026-12-02', inspector: '周建国', result: 'done' },
  { date: '2026-12-03', inspector: '李红', result: 'done' },
]

const readDate = (v: unknown) => {
  const r = parseDate(v as never)
  return r.ok ? r.value : null
}

async function roundTrip(layoutKey: 'list' | 'matrix') {
  const layout = patrolSpec.layouts.find((l) => l.key === layoutKey)!
  const wb = new (excelJs().Workbook)()
  writeLayout(wb, patrolSpec, layout, records, {
    title: '东湖村2026年12月网格巡查表',
    dates: ['2026-12-01', '2026-12-02', '2026-12-03'],
  })
  const book = await readBook(Buffer.from(await wb.xlsx.writeBuffer()), 'patrol.xlsx')
  const grid = expandMerges(book.sheets[0]!)
  const read =
    layout.kind === 'matrix'
      ? readMatrixLayout(grid, patrolSpec, layout, readDate)
      : readRowsLayout(grid, patrolSpec, layout, readDate)
  return { grid, read }
}

describe('a ledger’s sheet layouts come from its spec', () => {
  it('the spec with its layouts passes the meta-schema', () => {
    expect(ledgerSpecSchema.safeParse(patrolSpec).success).toBe(true)
  })

  it('writes the matrix (names × days, a mark per cell, weekdays below) and reads back the same records', async () => {
    const { grid, read } = await roundTrip('matrix')
    expect(grid[1]?.[0]).toBe('巡查员')
    expect(grid[2]?.slice(0, 4)).toEqual(['星期', '二', '三', '四'])
    expect(grid[3]?.slice(0, 3)).toEqual(['周建国', '√', '√'])
    expect(grid[4]?.slice(0, 4)).toEqual(['李红', '×', null, '√'])
    expect(read?.errors).toEqual([])
    const got = read!.records.map((r) => r.values)
    expect(got).toHaveLength(records.length)
    expect(got).toEqual(expect.arrayContaining(records))
  })

  it('writes the rows layout (with 星期 after the date) and reads back the same records', async () => {
    const { grid, read } = await roundTrip('list')
    expect(grid[1]).toEqual(['日期', '星期', '巡查员', '结果'])
    expect(grid[2]?.[1]).toBe('星期二')
    expect(read?.errors).toEqual([])
    expect(read!.records.map((r) => r.values)).toEqual(records)
  })
})
