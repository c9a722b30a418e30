import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { excelJs } from '../excel/exceljs'
import type { Core } from '../index'
import { hazard, inspect, seedWorld, type World } from '../inspections/test-helpers'
import { fail, memoryCore, ok } from '../test/helpers'

let core: Core
let w: World

beforeEach(async () => {
  core = await memoryCore(() => new Date(2027, 0, 5, 9, 0, 0))
  w = await seedWorld(core)
  await ok(core, 'settings.update', { townshipName: '青禾镇' })
})
afterEach(() => core.close())

const P = { from: '2026-01-01', to: '2026-12-31' }

async function close(id: number, version: number, on: string, major = false) {
  let h = { id, version }
  // a major hazard is reported upward (上报) before it can be closed
  if (major)
    h = await ok(core, 'hazard.transition', {
      ...h,
      action: 'report',
      kind: 'report',
      on,
      to: '禾川县应急管理局',
    })
  h = await ok<{ id: number; version: number }>(core, 'hazard.transition', {
    ...h,
    action: 'start',
    on,
  })
  h = await ok(core, 'hazard.transition', {
    id: h.id,
    version: h.version,
    action: 'rectified',
    on,
    measures: '已整改',
  })
  await ok(core, 'hazard.transition', {
    id: h.id,
    version: h.version,
    action: 'reinspectPass',
    on,
    note: '复查合格',
  })
}

async function report(name: string) {
  const r = await ok<{ fileName: string; base64: string }>(core, 'stats.report', { name, ...P })
  const wb = new (excelJs().Workbook)()
  await wb.xlsx.load(Buffer.from(r.base64, 'base64') as unknown as ArrayBuffer)
  return { fileName: r.fileName, wb }
}

async function stats() {
  const s = await ok<{ values: { key: string; value: number | null }[] }>(core, 'stats.compute', P)
  return (k: string) => s.values.find((v) => v.key === k)!.value
}

describe('upward report forms', () => {
  beforeEach(async () => {
    await inspect(core, w, { startedAt: '2026-03-02 09:00', endedAt: '2026-03-02 10:00' })
    await inspect(core, w, { enterpriseId: w.enterprise2, startedAt: '2026-05-06 09:00', endedAt: null })
    await ok(core, 'plan.create', { year: 2026, month: 3, enterpriseId: w.enterpriseId })
    // general: one closed, one open; major: county (closed), township and city (open)
    const g = await hazard(core, w, { foundOn: '2026-03-02', deadline: '2026-04-02' })
    await close(g.id, g.version, '2026-03-20')
    await hazard(core, w, { foundOn: '2026-05-06', deadline: '2026-06-06' })
    const county = await hazard(core, w, {
      grade: 'major',
      supervisionLevel: 'county',
      foundOn: '2026-04-01',
      deadline: '2026-07-01',
    })
    await close(county.id, county.version, '2026-06-20', true)
    await hazard(core, w, {
      grade: 'major',
      supervisionLevel: 'township',
      foundOn: '2026-08-01',
      deadline: '2027-02-01',
    })
    await hazard(core, w, {
      grade: 'major',
      supervisionLevel: 'city',
      foundOn: '2026-09-01',
      deadline: '2027-03-01',
    })
    // last year: not counted
    await hazard(core, w, {
      grade: 'major',
      supervisionLevel: 'city',
      foundOn: '2025-09-01',
      deadline: '2025-12-01',
    })
  })

  it('fills the 安全生产检查和专项整治统计表 layout with the township row, as the registry counts it', async () => {
    const { fileName, wb } = await report('inspection-rectification')
    expect(fileName).toBe('安全生产检查和专项整治统计表-2026-01-01至2026-12-31.xlsx')
    const ws = wb.worksheets[0]!
    expect(ws.getCell('A1').value).toBe('青禾镇2026年安全生产检查和专项整治工作完成情况统计表')
    // the four header rows of the real form, with its merges
    expect(ws.getCell('C2').value).toBe('检查执法情况')
    expect(ws.getCell('M2').master.address).toBe('C2')
    expect(ws.getCell('Q2').master.address).toBe('N2')
    expect(ws.getCell('H3').master.address).toBe('F3')
    expect(ws.getCell('F4').value).toBe('排查')
    expect(ws.getCell('K4').value).toBe('整改率')
    expect(ws.getCell('A5').master.address).toBe('A2')
    expect(ws.getCell('E5').value).toBe('（家 次）')
    const v = await stats()
    const row = ws.getRow(6).values as unknown[]
    // 序号, 区域, then the registry's numbers
    expect(row.slice(1, 12)).toEqual([
      1,
      '青禾镇',
      v('roster'),
      v('plan.enterprises'),
      v('inspections'),
      v('generalHazards'),
      v('closedGeneralHazards'),
      v('generalRate'),
      v('majorHazards'),
      v('closedMajorHazards'),
      v('majorRate'),
    ])
    // …and those are the hand counts
    expect(row.slice(3, 12)).toEqual([2, 1, 2, 2, 1, 50, 3, 1, 33.3])
    // 处罚 columns are the clerk's
    expect(ws.getCell('P6').value).toBe('')
    expect(String(ws.getCell('A8').value)).toContain('实施处罚情况台账未登记')
  })

  it('fills the 三级挂牌督办重大隐患整改汇总表 with totals by level and lists the hazards', async () => {
    const { wb } = await report('supervised-hazards')
    const ws = wb.worksheets[0]!
    expect(ws.getCell('A1').value).toBe('青禾镇2026年“三级政府挂牌督办”重大隐患整改完成情况汇总表')
    expect(ws.getCell('A2').value).toBe('单位：项、万元')
    expect(ws.getCell('F3').master.address).toBe('C3')
    expect(ws.getCell('O3').master.address).toBe('G3')
    expect(ws.getCell('J4').value).toBe('县（市、区）级')
    expect(ws.getCell('L4').master.address).toBe('J4')
    expect(ws.getCell('N5').value).toBe('已整改数')
    expect(ws.getCell('A5').master.address).toBe('A3')
    const v = await stats()
    const cells = ['C', 'D', 'E', 'G', 'H', 'J', 'K', 'M', 'N'].map((c) => ws.getCell(`${c}6`).value)
    expect(cells).toEqual([
      v('supervisedHazards'),
      v('supervisedClosed'),
      v('supervisedRate'),
      v('supervised.city'),
      v('supervised.city.closed'),
      v('supervised.county'),
      v('supervised.county.closed'),
      v('supervised.township'),
      v('supervised.township.closed'),
    ])
    expect(cells).toEqual([3, 1, 33.3, 1, 0, 1, 1, 1, 0])
    const detail = wb.getWorksheet('挂牌督办隐患明细')!
    expect(detail.rowCount).toBe(4)
    const levels = [2, 3, 4].map((r) => String(detail.getCell(`D${r}`).value)).sort()
    expect(levels).toEqual(['乡镇挂牌督办', '县级挂牌督办', '市级挂牌督办'].sort())
  })

  it('each level opens the hazard list of exactly that many', async () => {
    const s = await ok<{
      values: { key: string; value: number; route: { query: Record<string, string> } }[]
    }>(core, 'stats.compute', P)
    const county = s.values.find((x) => x.key === 'supervised.county.closed')!
    expect(county.route.query).toEqual({
      'f.foundOn.from': P.from,
      'f.foundOn.to': P.to,
      'f.supervisionLevel': ['county'],
      'f.status': ['closed'],
    })
    const listed = await ok<{ total: number }>(core, 'hazard.list', {
      filters: { foundOn: P, supervisionLevel: { in: ['county'] }, status: { in: ['closed'] } },
    })
    expect(listed.total).toBe(county.value)
  })

  it('refuses an unknown form, in Chinese', async () => {
    const err = await fail(core, 'stats.report', { name: 'nope', ...P })
    expect(err.message).toContain('报表名称应为：inspection-rectification（安全生产检查和专项整治统计表）')
  })
})
