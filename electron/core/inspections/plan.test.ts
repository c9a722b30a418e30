import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { fail, memoryCore, ok } from '../test/helpers'
import type { Draw, PlanItem } from './plan'
import { runDraw } from './plan'
import { inspect, seedWorld, type World } from './test-helpers'

let core: Core
let w: World
/** Ten more enterprises: six in 东湖村 (w.villageId), four in 西岭村. */
let east: number[]
let west: number[]

beforeEach(async () => {
  core = await memoryCore(() => new Date(2026, 5, 15, 9, 0, 0))
  w = await seedWorld(core)
  east = []
  west = []
  for (let i = 0; i < 10; i++) {
    const villageId = i < 6 ? w.villageId : w.village2
    const r = await ok<{ record: { id: number } }>(core, 'enterprise.create', {
      data: {
        name: `测试企业${'甲乙丙丁戊己庚辛壬癸'[i]}有限公司`,
        villageId,
        status: 'operating',
        flags: [],
      },
    })
    ;(i < 6 ? east : west).push(r.record.id)
  }
})
afterEach(() => core.close())

const draw = (input: Record<string, unknown>) =>
  ok<Draw>(core, 'draw.create', { year: 2026, enterpriseCount: 3, inspectorCount: 2, ...input })

describe('双随机 draws', () => {
  it('records seed and candidates, and 重现抽取 gives the same enterprises and inspectors', async () => {
    const d = await draw({ criteria: { villageIds: [w.villageId] } })
    // 东湖村: the seeded 华兴机械 plus six more
    expect(d.candidates.map((c) => c.id)).toEqual([w.enterpriseId, ...east])
    expect(d.staffCandidates.map((s) => s.id)).toEqual(w.staff)
    expect(d.enterprises).toHaveLength(3)
    expect(d.inspectors).toHaveLength(2)
    expect(d.criteria).toContain('东湖村')

    const again = await ok<{ same: boolean; enterprises: { id: number }[]; inspectors: { id: number }[] }>(
      core,
      'draw.reproduce',
      { id: d.id },
    )
    expect(again.same).toBe(true)
    expect(again.enterprises.map((e) => e.id)).toEqual(d.enterprises.map((e) => e.id))
    expect(again.inspectors.map((e) => e.id)).toEqual(d.inspectors.map((e) => e.id))

    // A new enterprise in the village later does not change the recorded draw
    await ok(core, 'enterprise.create', {
      data: { name: '后来登记的企业', villageId: w.villageId, status: 'operating', flags: [] },
    })
    expect((await ok<{ same: boolean }>(core, 'draw.reproduce', { id: d.id })).same).toBe(true)

    // The same seed over the same candidates draws the same, in another draw record
    const repeat = await draw({ criteria: { villageIds: [w.villageId, w.village2] }, seed: d.seed })
    const direct = runDraw(
      d.seed,
      repeat.candidates.map((c) => c.id),
      w.staff,
      3,
      2,
    )
    expect(repeat.enterprises.map((e) => e.id)).toEqual(direct.enterprises)
  })

  it('a tampered result no longer reproduces (the check is real)', async () => {
    const d = await draw({})
    const db = core.ctx.db
    const others = d.candidates.filter((c) => !d.enterprises.some((e) => e.id === c.id))
    db.prepare('UPDATE inspection_draws SET enterprises = ? WHERE id = ?').run(
      JSON.stringify([others[0]!.id, ...d.enterprises.slice(1).map((e) => e.id)]),
      d.id,
    )
    expect((await ok<{ same: boolean }>(core, 'draw.reproduce', { id: d.id })).same).toBe(false)
  })

  it('is fair: only candidates, never twice, every candidate equally likely over many seeds', () => {
    const pool = [11, 12, 13, 14, 15, 16, 17, 18]
    const staff = [1, 2, 3, 4, 5]
    const hits = new Map<number, number>()
    const seeds = 4000
    for (let seed = 0; seed < seeds; seed++) {
      const r = runDraw(seed * 7919 + 1, pool, staff, 3, 2)
      expect(new Set(r.enterprises).size).toBe(3)
      expect(new Set(r.inspectors).size).toBe(2)
      for (const e of r.enterprises) expect(pool).toContain(e)
      for (const s of r.inspectors) expect(staff).toContain(s)
      for (const e of r.enterprises) hits.set(e, (hits.get(e) ?? 0) + 1)
    }
    // each of 8 is drawn 3/8 of the time: 1500 of 4000; allow ±10 %
    for (const id of pool) {
      expect(hits.get(id)).toBeGreaterThan(1350)
      expect(hits.get(id)).toBeLessThan(1650)
    }
  })

  it('draws only from the filtered roster and refuses more than it holds, in Chinese', async () => {
    const d = await draw({ enterpriseCount: 4, criteria: { villageIds: [w.village2] } })
    const allowed = [w.enterprise2, ...west]
    for (const e of d.enterprises) expect(allowed).toContain(e.id)
    const err = await fail(core, 'draw.create', {
      year: 2026,
      enterpriseCount: 9,
      inspectorCount: 1,
      criteria: { villageIds: [w.village2] },
    })
    expect(err.message).toBe('按所选条件只有 5 家在营企业，抽取企业数不能超过它（现为 9）')
    const staffErr = await fail(core, 'draw.create', { year: 2026, enterpriseCount: 1, inspectorCount: 4 })
    expect(staffErr.message).toContain('在岗的检查人员只有 3 人')
  })

  it('adds the drawn enterprises to the plan with the drawn inspectors, once, on the audit trail', async () => {
    const d = await draw({ enterpriseCount: 4, inspectorCount: 2 })
    const r = await ok<{ added: number; skipped: string[] }>(core, 'draw.addToPlan', { id: d.id, month: 9 })
    expect(r).toEqual({ added: 4, skipped: [] })
    const plan = await ok<{ items: PlanItem[] }>(core, 'plan.list', { year: 2026 })
    expect(plan.items.map((i) => i.enterpriseId).sort()).toEqual(d.enterprises.map((e) => e.id).sort())
    expect(plan.items.every((i) => i.kind === 'random' && i.month === 9 && i.drawId === d.id)).toBe(true)
    expect(plan.items[0]!.inspectorIds).toEqual(d.inspectors.map((s) => s.id))
    const twice = await ok<{ added: number; skipped: string[] }>(core, 'draw.addToPlan', {
      id: d.id,
      month: 9,
    })
    expect(twice.added).toBe(0)
    expect(twice.skipped).toHaveLength(4)
    const trail = await ok<{ rows: { note: string | null }[] }>(core, 'audit.list', {
      ledger: 'inspectionDraw',
    })
    expect(trail.rows[0]?.note).toContain(`种子 ${d.seed}`)
    const planTrail = await ok<{ total: number }>(core, 'audit.list', { ledger: 'inspectionPlan' })
    expect(planTrail.total).toBe(4)
  })
})

describe('annual plan progress', () => {
  async function plan(enterpriseId: number, month: number, extra: Record<string, unknown> = {}) {
    return ok<PlanItem>(core, 'plan.create', {
      year: 2026,
      month,
      enterpriseId,
      inspectorIds: [w.staff[0]],
      ...extra,
    })
  }
  type Stat = {
    key: string
    value: number | null
    route: { name: string; query: Record<string, string> } | null
  }
  const stats = async (from: string, to: string) =>
    Object.fromEntries(
      (await ok<{ values: Stat[] }>(core, 'stats.compute', { from, to })).values.map((v) => [v.key, v]),
    )

  it('counts planned, done and not done against inspections in the planned month, by hand', async () => {
    // 华兴机械 planned for March and November; 恒泰 for March; 测试企业甲 for July
    await plan(w.enterpriseId, 3)
    await plan(w.enterpriseId, 11)
    await plan(w.enterprise2, 3)
    await plan(east[0]!, 7, { plannedDate: '2026-07-08' })
    // inspections: 华兴 in March (done), 恒泰 in April (late: not the planned month)
    await inspect(core, w, { startedAt: '2026-03-02 09:00', endedAt: '2026-03-02 10:00' })
    await inspect(core, w, {
      enterpriseId: w.enterprise2,
      startedAt: '2026-04-10 09:00',
      endedAt: '2026-04-10 10:00',
    })

    let s = await stats('2026-01-01', '2026-12-31')
    expect(s['plan.items']?.value).toBe(4)
    expect(s['plan.done']?.value).toBe(1)
    expect(s['plan.pending']?.value).toBe(3)
    expect(s['plan.progress']?.value).toBe(25)
    expect(s['plan.enterprises']?.value).toBe(3)
    // roster: 2 seeded + 10
    expect(s['plan.coverage']?.value).toBe(25)

    // "today" is 2026-06-15: March is over, so 恒泰's item is missed; July and November are not yet
    const list = await ok<{ items: PlanItem[]; progress: { missed: number; months: { planned: number }[] } }>(
      core,
      'plan.list',
      { year: 2026 },
    )
    expect(list.items.filter((i) => i.missed).map((i) => i.enterpriseName)).toEqual(['恒泰烟花爆竹经营部'])
    expect(list.progress.missed).toBe(1)
    expect(list.progress.months[2]!.planned).toBe(2)
    expect(list.items.find((i) => i.status === 'done')?.inspectedOn).toBe('2026-03-02')

    // the first half year holds the March items only; an inspection in November changes the year
    expect((await stats('2026-01-01', '2026-06-30'))['plan.items']?.value).toBe(2)
    await inspect(core, w, { startedAt: '2026-11-20 09:30', endedAt: '2026-11-20 11:00' })
    s = await stats('2026-01-01', '2026-12-31')
    expect(s['plan.done']?.value).toBe(2)

    // every number is the total of the list it opens
    for (const key of ['plan.items', 'plan.done', 'plan.pending']) {
      const q = s[key]!.route!.query
      const opened = await ok<{ items: unknown[] }>(core, 'plan.list', {
        from: q.from,
        to: q.to,
        ...(q.status ? { status: q.status } : {}),
      })
      expect(opened.items.length).toBe(s[key]!.value)
    }
    const ids = s['plan.enterprises']!.route!.query.ids!.split(',').map(Number)
    expect((await ok<{ total: number }>(core, 'enterprise.list', { ids })).total).toBe(3)
  })

  it('one enterprise once a month; a date outside the month is refused, in Chinese', async () => {
    await plan(w.enterpriseId, 3)
    const dup = await fail(core, 'plan.create', { year: 2026, month: 3, enterpriseId: w.enterpriseId })
    expect(dup.message).toBe('“华兴机械有限公司”已列入2026年3月的检查计划，同一企业同一月份只需列一次')
    const bad = await fail(core, 'plan.create', {
      year: 2026,
      month: 3,
      enterpriseId: w.enterprise2,
      plannedDate: '2026-04-01',
    })
    expect(bad.details?.issues?.[0]?.message).toBe('计划日期应在所选年度和月份之内')
  })

  it('edits and removes an item, keeping a version check', async () => {
    const it = await plan(w.enterpriseId, 3)
    const moved = await ok<PlanItem>(core, 'plan.update', {
      id: it.id,
      version: it.version,
      data: { year: 2026, month: 5, enterpriseId: w.enterpriseId, inspectorIds: w.staff, kind: 'special' },
    })
    expect(moved).toMatchObject({ month: 5, kind: 'special', inspectorNames: ['陈立群', '周雅婷', '吴卫东'] })
    const stale = await fail(core, 'plan.update', {
      id: it.id,
      version: it.version,
      data: { year: 2026, month: 6, enterpriseId: w.enterpriseId },
    })
    expect(stale.code).toBe('CONFLICT')
    await ok(core, 'plan.remove', { id: it.id })
    expect((await ok<{ items: unknown[] }>(core, 'plan.list', { year: 2026 })).items).toHaveLength(0)
  })
})
