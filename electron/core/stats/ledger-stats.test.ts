import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { inspect, seedWorld, templateId, type World } from '../inspections/test-helpers'
import { memoryCore, ok } from '../test/helpers'

// 危化品, 烟花爆竹 and 值班 in the statistics, counted by hand on a small fixed dataset: the
// 重大危险源 register by grade (GB 18218), outlets holding a valid licence in the period and outlets
// inspected in it (edges: a licence starting on 12-31, an inspection at 12-31 23:00, one a year
// earlier), days with someone on duty and the duty log's entries.

let core: Core
let w: World

beforeEach(async () => {
  core = await memoryCore(() => new Date(2027, 0, 5, 9, 0, 0))
  w = await seedWorld(core)
})
afterEach(() => core.close())

interface Stat {
  key: string
  value: number | null
  previous: number | null
  route: { name: string; query: Record<string, string> } | null
}
type Rec = { id: number; version: number }

const year2026 = { from: '2026-01-01', to: '2026-12-31' }
const stats = () => ok<{ values: Stat[] }>(core, 'stats.compute', year2026)
const pick = (s: { values: Stat[] }, prefix: string) =>
  Object.fromEntries(
    s.values.filter((v) => v.key.startsWith(prefix)).map((v) => [v.key, [v.value, v.previous]]),
  )

/** A storage unit of liquefied petroleum gas (W2, Q = 50 t, β = 1.5) near 120 people (α = 2). */
async function lpgUnit(enterpriseId: number, name: string, tonnes: number): Promise<void> {
  const unit = (
    await ok<{ record: Rec }>(core, 'chemUnit.create', { data: { enterpriseId, name, population: 120 } })
  ).record
  await ok(core, 'chemical.create', {
    data: {
      enterpriseId,
      unitId: unit.id,
      name: '液化石油气',
      categories: 'W2',
      maxQuantity: tonnes,
      quantityUnit: 't',
    },
  })
}

describe('statistics of the 危化品, 烟花爆竹 and 值班 ledgers', () => {
  it('counts 重大危险源 units by grade, each opening the register filtered to that grade', async () => {
    // R = 2 × 1.5 × q / 50: 60 t → 3.6 (四级), 200 t → 12 (三级), 40 t → S < 1 (not a major hazard)
    await lpgUnit(w.enterpriseId, '一号储罐区', 60)
    await lpgUnit(w.enterpriseId, '二号储罐区', 200)
    await lpgUnit(w.enterprise2, '仓库', 60)
    await lpgUnit(w.enterprise2, '小仓库', 40)
    const s = await stats()
    expect(pick(s, 'chemicals.')).toEqual({
      // the register as it is now: no comparison with last year
      'chemicals.majorHazards': [3, null],
      'chemicals.majorHazards.1': [0, null],
      'chemicals.majorHazards.2': [0, null],
      'chemicals.majorHazards.3': [1, null],
      'chemicals.majorHazards.4': [2, null],
    })
    const four = s.values.find((v) => v.key === 'chemicals.majorHazards.4')
    expect(four?.route).toEqual({ name: 'chemicals', query: { tab: 'register', grade: '4' } })
    const register = await ok<{ grade: number | null }[]>(core, 'chemical.majorHazards', {})
    expect(register.filter((u) => u.grade === 4)).toHaveLength(2)
  })

  it('counts outlets licensed in the period and outlets inspected in it, edges included', async () => {
    const outlet = async (name: string, enterpriseId: number | null = null) =>
      (
        await ok<{ record: Rec }>(core, 'fireworksOutlet.create', {
          data: { name, principal: '周桂英', villageId: w.villageId, enterpriseId },
        })
      ).record.id
    const licence = (outletId: number, no: string, validFrom: string, validTo: string) =>
      ok<{ record: Rec }>(core, 'fireworksLicence.create', {
        data: { outletId, licenceNo: `（赣）LS〔2026〕${no}`, validFrom, validTo },
      })
    // 甲: a spring-season licence across new year (2025 and 2026); it is the enterprise 恒泰 itself
    const a = await outlet('恒泰烟花爆竹经营部门市', w.enterprise2)
    await licence(a, '0001', '2025-12-20', '2026-02-20')
    // 乙: two years, ending 2025-12-31 (2025 only)
    const b = await outlet('乙副食店')
    await licence(b, '0002', '2024-01-01', '2025-12-31')
    // 丙: starts on the last day of 2026
    const c = await outlet('丙超市')
    await licence(c, '0003', '2026-12-31', '2027-02-10')
    // 丁: no licence; 戊: a 2026 licence moved to the 回收站
    const d = await outlet('丁商店')
    const e = await outlet('戊商店')
    const gone = await licence(e, '0005', '2026-01-10', '2026-02-28')
    await ok(core, 'fireworksLicence.remove', { ids: [gone.record.id] })

    const fireworks = await templateId(core, 'fireworks-retail')
    const asOutlet = (outletId: number, startedAt: string) =>
      inspect(core, w, { enterpriseId: null, outletId, startedAt, endedAt: null, templateId: fireworks })
    await asOutlet(d, '2026-05-01 10:00')
    await asOutlet(d, '2026-09-01 10:00') // the same outlet twice: one outlet
    await asOutlet(b, '2025-12-31 16:00') // last year
    // 甲 is inspected as its enterprise, late on the last evening of the year
    await inspect(core, w, { enterpriseId: w.enterprise2, startedAt: '2026-12-31 23:00', endedAt: null })

    const s = await stats()
    expect(pick(s, 'fireworks.')).toEqual({
      'fireworks.licensed': [2, 2], // 2026: 甲 丙; 2025: 甲 乙
      'fireworks.inspected': [2, 1], // 2026: 丁 甲; 2025: 乙
    })
    // the link opens the outlet list with the same filter, and it shows exactly those outlets
    const route = s.values.find((v) => v.key === 'fireworks.inspected')?.route
    expect(route).toEqual({
      name: 'fireworks',
      query: { inspectedFrom: '2026-01-01', inspectedTo: '2026-12-31' },
    })
    const list = await ok<{ rows: { name: string }[]; total: number }>(core, 'fireworksOutlet.list', {
      extra: { inspectedIn: year2026 },
    })
    expect(list.rows.map((r) => r.name).sort()).toEqual(['丁商店', '恒泰烟花爆竹经营部门市'].sort())
    const licensed = await ok<{ rows: { name: string }[] }>(core, 'fireworksOutlet.list', {
      extra: { licensedIn: year2026 },
    })
    expect(licensed.rows.map((r) => r.name).sort()).toEqual(['丙超市', '恒泰烟花爆竹经营部门市'].sort())
  })

  it('counts days with someone on duty and the duty log’s entries in the period', async () => {
    const leader = (
      await ok<{ id: number }>(core, 'staff.create', {
        name: '领导1',
        certificateNo: null,
        dutyRole: 'leader',
      })
    ).id
    const clerk = (
      await ok<{ id: number }>(core, 'staff.create', {
        name: '干部1',
        certificateNo: null,
        dutyRole: 'staff',
      })
    ).id
    const assign = (date: string, staffId: number, role: 'leader' | 'staff') =>
      ok(core, 'duty.assign', { date, shift: 'full', role, staffId, operator: '王主任' })
    // 2026-06-01 has two people on: one day; 12-31 counts, 2027-01-01 and 2025-12-31 do not
    await assign('2026-06-01', leader, 'leader')
    await assign('2026-06-01', clerk, 'staff')
    await assign('2026-12-31', clerk, 'staff')
    await assign('2027-01-01', clerk, 'staff')
    await assign('2025-12-31', clerk, 'staff')
    const log = (date: string, subject: string) =>
      ok<{ record: Rec }>(core, 'dutyLog.create', {
        data: { date, channel: 'phone', subject, status: 'done' },
      })
    await log('2026-03-01', '县应急管理局通知加强检查')
    await log('2026-12-31', '村报告道路结冰')
    await log('2027-01-01', '元旦值班情况')
    const removed = await log('2026-07-01', '误录')
    await ok(core, 'dutyLog.remove', { ids: [removed.record.id] })

    const s = await stats()
    expect(pick(s, 'duty.')).toEqual({
      'duty.days': [2, 1],
      'duty.events': [2, 0],
    })
    const days = s.values.find((v) => v.key === 'duty.days')?.route
    expect(days).toEqual({ name: 'duty', query: { from: '2026-01-01', to: '2026-12-31', covered: '1' } })
    const roster = await ok<{ days: { leaders: unknown[]; staff: unknown[] }[] }>(
      core,
      'duty.roster',
      year2026,
    )
    expect(roster.days.filter((d) => d.leaders.length + d.staff.length > 0)).toHaveLength(2)
    // a shift in the 回收站 (removed on the 班次列表) leaves its day uncovered until restored
    const dec31 = await ok<{ rows: Rec[] }>(core, 'dutyShift.list', {
      filters: { date: { from: '2026-12-31', to: '2026-12-31' } },
    })
    await ok(core, 'dutyShift.remove', { ids: dec31.rows.map((r) => r.id) })
    expect(pick(await stats(), 'duty.')['duty.days']).toEqual([1, 1])
    await ok(core, 'dutyShift.restore', { ids: dec31.rows.map((r) => r.id) })
    expect(pick(await stats(), 'duty.')['duty.days']).toEqual([2, 1])
  })

  it('puts the new numbers in the summary draft’s paragraphs and in the .xlsx', async () => {
    const { readZipDirectory, inflateText } = await import('../excel/zip')
    const { excelJs } = await import('../excel/exceljs')
    await lpgUnit(w.enterpriseId, '一号储罐区', 60)
    const r = await ok<{ base64: string }>(core, 'stats.summaryDocx', year2026)
    const buf = Buffer.from(r.base64, 'base64')
    const dir = readZipDirectory(buf, { maxInflatedBytes: 50e6, maxRatio: 1000 })
    const text = (await inflateText(buf, dir.get('word/document.xml')!, { left: 50e6 })).replace(
      /<[^>]+>/g,
      '',
    )
    expect(text).toContain('构成危险化学品重大危险源的单元1个（一级0个，二级0个，三级0个，四级1个）')
    expect(text).toContain('持有效许可证的烟花爆竹零售点0家，检查零售点0家')
    expect(text).toContain('安排值班0天，值班记录事项0条')

    const xlsx = await ok<{ base64: string }>(core, 'stats.exportXlsx', year2026)
    const wb = new (excelJs().Workbook)()
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer)
    const rows = wb.worksheets[0]!.getSheetValues().map((x) => (Array.isArray(x) ? x.join('|') : ''))
    expect(rows.some((x) => x.includes('四级重大危险源|1|'))).toBe(true)
    expect(rows.some((x) => x.includes('检查零售点|0|0|家'))).toBe(true)
  })
})
