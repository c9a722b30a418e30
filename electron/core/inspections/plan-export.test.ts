import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { excelJs } from '../excel/exceljs'
import type { Core } from '../index'
import { fail, memoryCore, ok } from '../test/helpers'
import type { Draw } from './plan'
import { inspect, seedWorld, type World } from './test-helpers'

// 年度执法检查计划 as .xlsx: the plan's rows as the plan page lists them (month, enterprise, kind,
// inspectors, how each stands), A4 in 宋体 with the header repeated on every page, and a sheet of
// the year's 双随机 draws with their seeds.

let core: Core
let w: World
beforeEach(async () => {
  core = await memoryCore(() => new Date(2026, 5, 15, 9, 0, 0)) // 2026-06-15
  w = await seedWorld(core)
  await ok(core, 'settings.update', { townshipName: '青禾镇' })
})
afterEach(() => core.close())

async function workbook(year: number) {
  const r = await ok<{ fileName: string; base64: string }>(core, 'plan.exportXlsx', { year })
  const wb = new (excelJs().Workbook)()
  await wb.xlsx.load(Buffer.from(r.base64, 'base64') as unknown as ArrayBuffer)
  return { fileName: r.fileName, wb }
}
const texts = (ws: import('exceljs').Worksheet, from: number) => {
  const out: string[][] = []
  ws.eachRow((row, n) => {
    if (n >= from) out.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))))
  })
  return out
}

describe('the inspection plan as Excel', () => {
  it('lists each item with its month, inspectors and standing, A4 in 宋体, and the draws with their seeds', async () => {
    const [chen, zhou] = w.staff as [number, number]
    // May: 华兴 planned and inspected in May (done); 恒泰 planned in May, not inspected (missed)
    await ok(core, 'plan.create', {
      year: 2026,
      month: 5,
      enterpriseId: w.enterpriseId,
      inspectorIds: [chen, zhou],
    })
    await ok(core, 'plan.create', {
      year: 2026,
      month: 5,
      plannedDate: '2026-05-20',
      enterpriseId: w.enterprise2,
      inspectorIds: [zhou],
      kind: 'special',
      notes: '烟花爆竹专项',
    })
    await inspect(core, w, { startedAt: '2026-05-12 09:00', endedAt: '2026-05-12 10:00' })
    // a draw of one enterprise for July, seed given: its item is 双随机抽查 and not yet due
    const d = await ok<Draw>(core, 'draw.create', {
      year: 2026,
      enterpriseCount: 1,
      inspectorCount: 1,
      seed: 42,
      criteria: { excludePlanned: false },
    })
    await ok(core, 'draw.addToPlan', { id: d.id, month: 7, plannedDate: null })

    const { fileName, wb } = await workbook(2026)
    expect(fileName).toBe('青禾镇2026年度安全生产执法检查计划.xlsx')
    const ws = wb.getWorksheet('检查计划')!
    expect(ws.getCell('A1').value).toBe('青禾镇2026年度安全生产执法检查计划')
    expect(String(ws.getCell('A2').value)).toContain('共 3 家次，已按计划检查 1 家次')
    const rows = texts(ws, 3)
    expect(rows[0]).toEqual([
      '序号',
      '计划时间',
      '企业名称',
      '村（社区）',
      '检查方式',
      '检查人员',
      '完成情况',
      '备注',
    ])
    const drawn = d.enterprises[0]!.name
    // by month, then by name (拼音: 恒 before 华)
    expect(rows.slice(1)).toEqual([
      ['1', '5月20日', '恒泰烟花爆竹经营部', '西岭村', '专项检查', '周雅婷', '逾期未检查', '烟花爆竹专项'],
      ['2', '5月', '华兴机械有限公司', '东湖村', '计划检查', '陈立群、周雅婷', '已检查（5月12日）', ''],
      [
        '3',
        '7月',
        drawn,
        expect.any(String),
        '双随机抽查',
        d.inspectors[0]!.name,
        '未检查',
        expect.stringContaining('种子 42'),
      ],
    ])
    // printable: A4 portrait fitted to the width, header row on every page, 宋体 throughout
    expect(ws.pageSetup.paperSize).toBe(9)
    expect(ws.pageSetup.orientation).toBe('portrait')
    expect(ws.pageSetup.fitToWidth).toBe(1)
    expect(ws.pageSetup.printTitlesRow).toBe('3:3')
    for (const ref of ['A1', 'C3', 'C4', 'G6']) expect(ws.getCell(ref).font?.name).toBe('宋体')
    expect(ws.getCell('C4').border?.left?.style).toBe('thin')

    const ds = wb.getWorksheet('双随机抽取记录')!
    const drows = texts(ds, 4)
    expect(drows).toHaveLength(1)
    expect(drows[0]![3]).toBe('42')
    expect(drows[0]![5]).toBe('2 家')
    expect(drows[0]![6]).toBe(drawn)
  })

  it('says so when the year has no plan, and refuses a year out of range', async () => {
    const { wb } = await workbook(2027)
    expect(wb.getWorksheet('检查计划')!.getCell('A4').value).toBe('本年度尚未列入检查计划')
    expect(wb.getWorksheet('双随机抽取记录')!.getCell('A4').value).toBe('本年度没有双随机抽取记录')
    const e = await fail(core, 'plan.exportXlsx', { year: 1900 })
    expect(e.message).toContain('年度无效')
  })
})
