import type { Ctx } from '../context'
import { rng } from '../demo/rng'
import { addDays, chinaDate } from './deadlines'
import { templateCode } from './demo'
import { createInspection, inspectionResults, setResult } from './inspections'
import { addDrawToPlan, createDraw, createPlanItem } from './plan'

// The demo township's 年度执法检查计划 for this year, as an office keeps it: the 计划检查 it
// carried out (the planned-mode inspections of the inspection demo, each in its month, by the
// people who went), a few planned in earlier months and not done (逾期未检), this month's
// still to do, and last month's 双随机 draw (seed and candidate list recorded) with the
// inspections of most of the drawn enterprises. So 统计's plan progress is believable.

export function loadPlanDemo(ctx: Ctx): { items: number; draws: number; inspections: number } {
  const r = rng(20260106)
  const today = chinaDate(ctx.now())
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  const ym = (m: number) => `${year}-${String(m).padStart(2, '0')}`

  // carried out: each enterprise's first planned-mode inspection this year, in its month
  const done = ctx.db
    .prepare(
      `SELECT i.enterprise_id AS enterpriseId, min(i.started_at) AS startedAt,
         (SELECT group_concat(x.staff_id) FROM inspection_inspectors x WHERE x.inspection_id = min(i.id)) AS staff
       FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id
       WHERE i.mode = 'planned' AND i.type <> 'reinspection' AND substr(i.started_at, 1, 4) = ?
         AND e.deleted_at IS NULL
       GROUP BY i.enterprise_id ORDER BY min(i.started_at)`,
    )
    .all(String(year)) as { enterpriseId: number; startedAt: string; staff: string | null }[]
  let items = 0
  for (const d of done) {
    createPlanItem(ctx, {
      year,
      month: Number(d.startedAt.slice(5, 7)),
      plannedDate: null,
      enterpriseId: d.enterpriseId,
      inspectorIds: (d.staff ?? '').split(',').filter(Boolean).map(Number),
      kind: 'routine',
      notes: null,
    })
    items++
  }

  const staff = ctx.db.prepare('SELECT id FROM staff WHERE active = 1 ORDER BY id').pluck().all() as number[]
  const pair = (): number[] => {
    const a = Math.floor(r() * staff.length)
    return staff.length < 2 ? staff : [staff[a] as number, staff[(a + 1) % staff.length] as number]
  }
  // enterprises in operation never inspected this year, in a stable random order
  const idle = (
    ctx.db
      .prepare(
        `SELECT e.id FROM enterprises e WHERE e.deleted_at IS NULL AND e.status = 'operating'
           AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.enterprise_id = e.id AND substr(i.started_at, 1, 4) = ?)
         ORDER BY e.id`,
      )
      .pluck()
      .all(String(year)) as number[]
  )
    .map((id) => ({ id, k: r() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.id)
  const plan = (m: number, kind: 'routine' | 'special', notes: string | null) => {
    const enterpriseId = idle.shift()
    if (enterpriseId === undefined) return
    createPlanItem(ctx, {
      year,
      month: m,
      plannedDate: null,
      enterpriseId,
      inspectorIds: pair(),
      kind,
      notes,
    })
    items++
  }
  // not done in their month (逾期未检): two in each of the three months before last
  for (let m = Math.max(1, month - 3); m < Math.max(1, month - 1); m++)
    for (let k = 0; k < 2; k++) plan(m, 'routine', null)
  // this month's, still to do
  for (let k = 0; k < 6; k++) plan(month, k < 2 ? 'special' : 'routine', k < 2 ? '岁末年初专项检查' : null)

  // last month's 双随机 draw (this month's in January) and the inspections of most drawn enterprises
  const drawMonth = Math.max(1, month - 1)
  const draw = createDraw(ctx, {
    year,
    title: `${year}年${drawMonth}月“双随机、一公开”抽查`,
    enterpriseCount: 8,
    inspectorCount: 2,
    criteria: { villageIds: [], industryIds: [], flags: [], riskLevels: [], excludePlanned: true },
    seed: 20260000 + drawMonth,
  })
  const drawnOn = `${ym(drawMonth)}-03`
  ctx.db
    .prepare('UPDATE inspection_draws SET created_at = ? WHERE id = ?')
    .run(`${drawnOn} 09:00:00`, draw.id)
  items += addDrawToPlan(ctx, { id: draw.id, month: drawMonth, plannedDate: null }).added
  const templates = new Map(
    (
      ctx.db.prepare('SELECT id, code FROM checklist_templates WHERE code IS NOT NULL').all() as {
        id: number
        code: string
      }[]
    ).map((t) => [t.code, t.id]),
  )
  let inspections = 0
  draw.enterprises.slice(0, 6).forEach((e, i) => {
    const day = addDays(drawnOn, 4 + i * 3)
    if (day >= today) return
    const info = ctx.db
      .prepare(
        `SELECT e.address, e.flag_dust AS dust, e.flag_ammonia AS ammonia, n.name AS industry
         FROM enterprises e LEFT JOIN industries n ON n.id = e.industry_id WHERE e.id = ?`,
      )
      .get(e.id) as { address: string | null; dust: number; ammonia: number; industry: string | null }
    const insp = createInspection(ctx, {
      enterpriseId: e.id,
      place: info.address ?? '生产经营场所',
      startedAt: `${day} 09:${i % 2 ? '30' : '00'}`,
      endedAt: `${day} 10:${i % 2 ? '40' : '20'}`,
      type: 'daily',
      mode: 'random',
      findings: '双随机抽查，未发现明显安全隐患。',
      templateId: templates.get(templateCode(info.industry, info.dust, info.ammonia)) ?? null,
      inspectorIds: draw.inspectors.map((s) => s.id),
    })
    for (const row of inspectionResults(ctx, insp.id)) setResult(ctx, { id: row.id, result: 'pass' })
    inspections++
  })
  return { items, draws: 1, inspections }
}
