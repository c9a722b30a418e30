import { randomInt } from 'node:crypto'
import { z } from 'zod'
import { writeAudit } from '../audit/audit'
import { handler, isoNow, writeTx, type Ctx } from '../context'
import { rng } from '../demo/rng'
import { enterpriseRepo } from '../enterprises/ledger'
import { AppError, notFound } from '../errors'
import { dateOrNull, id, textOrNull, version } from './schema'

// 年度执法检查计划: which enterprises are inspected in which month of the year, and by whom
// (本单位人员). Progress matches each item with the real inspections of that enterprise in its
// planned month. 双随机 draws pick enterprises from a candidate list (the roster, filtered) and
// inspectors from the active staff with a seeded PRNG; the seed and both candidate lists are
// stored, so "重现抽取" recomputes the draw from them and shows it is the same.
//
// Plan items are not a kit ledger: the kit names a record by a text field and checks duplicates
// by it, while a plan item is named by its enterprise (a ref) and unique per (year, month,
// enterprise). Writes here report to the audit trail themselves.

export const PLAN_KINDS = { routine: '计划检查', random: '双随机抽查', special: '专项检查' } as const
export type PlanKind = keyof typeof PLAN_KINDS

export interface PlanItem {
  id: number
  version: number
  year: number
  month: number
  plannedDate: string | null
  enterpriseId: number
  enterpriseName: string
  villageName: string | null
  inspectorIds: number[]
  inspectorNames: string[]
  kind: PlanKind
  drawId: number | null
  notes: string | null
  /** done: inspected in the planned month; pending: not (yet). */
  status: 'done' | 'pending'
  /** The planned month is over and the enterprise was not inspected in it. */
  missed: boolean
  /** The first inspection of the enterprise in the planned month. */
  inspectionId: number | null
  inspectedOn: string | null
}

export interface PlanQuery {
  year?: number
  from?: string
  to?: string
  status?: 'done' | 'pending'
  ids?: number[]
}

const monthStart = `printf('%04d-%02d-01', p.year, p.month)`
const monthKey = `printf('%04d-%02d', p.year, p.month)`

function today(ctx: Ctx): string {
  return isoNow(ctx).slice(0, 10)
}

/** The plan's items in (month, enterprise) order; a period selects the items whose month overlaps it. */
export function listPlan(ctx: Ctx, q: PlanQuery): PlanItem[] {
  const where: string[] = ['1 = 1']
  const params: unknown[] = []
  if (q.year !== undefined) {
    where.push('p.year = ?')
    params.push(q.year)
  }
  if (q.from) {
    where.push(`printf('%04d-%02d-31', p.year, p.month) >= ?`)
    params.push(q.from)
  }
  if (q.to) {
    where.push(`${monthStart} <= ?`)
    params.push(q.to)
  }
  if (q.ids) {
    where.push(`p.id IN (${q.ids.map(() => '?').join(',') || 'NULL'})`)
    params.push(...q.ids)
  }
  const rows = ctx.db
    .prepare(
      `SELECT p.id, p.version, p.year, p.month, p.planned_date AS plannedDate, p.enterprise_id AS enterpriseId,
         e.name AS enterpriseName, v.name AS villageName, p.inspector_ids AS inspectorIds, p.kind,
         p.draw_id AS drawId, p.notes,
         (SELECT i.id FROM inspections i WHERE i.enterprise_id = p.enterprise_id
            AND substr(i.started_at, 1, 7) = ${monthKey} ORDER BY i.started_at, i.id LIMIT 1) AS inspectionId,
         (SELECT substr(min(i.started_at), 1, 10) FROM inspections i WHERE i.enterprise_id = p.enterprise_id
            AND substr(i.started_at, 1, 7) = ${monthKey}) AS inspectedOn,
         printf('%04d-%02d-31', p.year, p.month) AS monthEnd
       FROM inspection_plan_items p JOIN enterprises e ON e.id = p.enterprise_id
       LEFT JOIN villages v ON v.id = e.village_id
       WHERE ${where.join(' AND ')} ORDER BY p.year, p.month, e.name_py, p.id`,
    )
    .all(...params) as (Omit<PlanItem, 'inspectorIds' | 'inspectorNames' | 'status' | 'missed'> & {
    inspectorIds: string
    monthEnd: string
  })[]
  const staff = new Map(
    (ctx.db.prepare('SELECT id, name FROM staff').all() as { id: number; name: string }[]).map((s) => [
      s.id,
      s.name,
    ]),
  )
  const now = today(ctx)
  const items = rows.map(({ monthEnd, ...r }) => {
    const ids = JSON.parse(r.inspectorIds) as number[]
    const status: PlanItem['status'] = r.inspectionId === null ? 'pending' : 'done'
    return {
      ...r,
      inspectorIds: ids,
      inspectorNames: ids.map((i) => staff.get(i) ?? `#${i}`),
      status,
      // a real last day of month compares the same as the '-31' bound against any real date
      missed: status === 'pending' && monthEnd < now,
    }
  })
  return q.status ? items.filter((i) => i.status === q.status) : items
}

/** Enterprises in the plan for the period, each once (for the roster list opened from a statistic). */
export function plannedEnterpriseIds(ctx: Ctx, q: PlanQuery): number[] {
  return [...new Set(listPlan(ctx, q).map((i) => i.enterpriseId))].sort((a, b) => a - b)
}

function getItem(ctx: Ctx, itemId: number): PlanItem {
  const it = listPlan(ctx, { ids: [itemId] })[0]
  if (!it) throw notFound('该计划检查事项')
  return it
}

function assertEnterprise(ctx: Ctx, enterpriseId: number): string {
  const row = ctx.db
    .prepare('SELECT name FROM enterprises WHERE id = ? AND deleted_at IS NULL')
    .get(enterpriseId) as { name: string } | undefined
  if (!row) {
    const message = '所选企业不存在或已在回收站，请重新选择'
    throw new AppError('VALIDATION', message, { issues: [{ field: 'enterpriseId', message }] })
  }
  return row.name
}

function assertStaff(ctx: Ctx, ids: number[]): void {
  for (const s of ids)
    if (!ctx.db.prepare('SELECT 1 FROM staff WHERE id = ?').get(s)) {
      const message = '所选检查人员不存在，请在“检查人员与检查表”中核对'
      throw new AppError('VALIDATION', message, { issues: [{ field: 'inspectorIds', message }] })
    }
}

function assertFree(ctx: Ctx, year: number, month: number, enterpriseId: number, exceptId: number | null) {
  const row = ctx.db
    .prepare('SELECT id FROM inspection_plan_items WHERE year = ? AND month = ? AND enterprise_id = ?')
    .get(year, month, enterpriseId) as { id: number } | undefined
  if (row && row.id !== exceptId) {
    const name = assertEnterprise(ctx, enterpriseId)
    const message = `“${name}”已列入${year}年${month}月的检查计划，同一企业同一月份只需列一次`
    throw new AppError('CONFLICT', message, { issues: [{ field: 'enterpriseId', message }] })
  }
}

export const planItemFields = {
  year: z.number({ error: '请选择年度' }).int().min(2000, '年度无效').max(2100, '年度无效'),
  month: z.number({ error: '请选择计划检查月份' }).int().min(1, '月份应为 1–12').max(12, '月份应为 1–12'),
  plannedDate: dateOrNull('计划日期'),
  enterpriseId: id,
  inspectorIds: z.array(id).max(20, '检查人员最多 20 人').default([]),
  kind: z
    .enum(Object.keys(PLAN_KINDS) as [PlanKind, ...PlanKind[]], { error: '请选择检查方式' })
    .default('routine'),
  notes: textOrNull('备注', 500),
}
export const planItemInput = z
  .object(planItemFields)
  .refine(
    (v) =>
      !v.plannedDate ||
      (Number(v.plannedDate.slice(0, 4)) === v.year && Number(v.plannedDate.slice(5, 7)) === v.month),
    { message: '计划日期应在所选年度和月份之内', path: ['plannedDate'] },
  )
export type PlanItemInput = z.output<typeof planItemInput>

function describe(ctx: Ctx, v: PlanItemInput, name: string): string {
  const staff = v.inspectorIds
    .map((s) => ctx.db.prepare('SELECT name FROM staff WHERE id = ?').pluck().get(s) as string)
    .join('、')
  return `${v.year}年${v.month}月 ${name}（${PLAN_KINDS[v.kind]}${staff ? `，${staff}` : ''}）`
}

function insertItem(ctx: Ctx, v: PlanItemInput, drawId: number | null): number {
  const name = assertEnterprise(ctx, v.enterpriseId)
  assertStaff(ctx, v.inspectorIds)
  assertFree(ctx, v.year, v.month, v.enterpriseId, null)
  const now = isoNow(ctx)
  const r = ctx.db
    .prepare(
      `INSERT INTO inspection_plan_items(year, month, planned_date, enterprise_id, inspector_ids, kind, draw_id,
         notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      v.year,
      v.month,
      v.plannedDate,
      v.enterpriseId,
      JSON.stringify(v.inspectorIds),
      v.kind,
      drawId,
      v.notes,
      now,
      now,
    )
  const itemId = Number(r.lastInsertRowid)
  writeAudit(ctx, {
    action: 'create',
    ledger: 'inspectionPlan',
    recordId: itemId,
    recordName: name,
    note: `列入检查计划：${describe(ctx, v, name)}${drawId ? `（双随机抽取第 ${drawId} 号）` : ''}`,
  })
  return itemId
}

export function createPlanItem(ctx: Ctx, v: PlanItemInput): PlanItem {
  return getItem(
    ctx,
    writeTx(ctx, () => insertItem(ctx, v, null)),
  )
}

export function updatePlanItem(ctx: Ctx, itemId: number, ver: number, v: PlanItemInput): PlanItem {
  writeTx(ctx, () => {
    const before = getItem(ctx, itemId)
    if (before.version !== ver) throw new AppError('CONFLICT', '该计划事项已被修改，请刷新后重试')
    const name = assertEnterprise(ctx, v.enterpriseId)
    assertStaff(ctx, v.inspectorIds)
    assertFree(ctx, v.year, v.month, v.enterpriseId, itemId)
    ctx.db
      .prepare(
        `UPDATE inspection_plan_items SET year = ?, month = ?, planned_date = ?, enterprise_id = ?, inspector_ids = ?,
           kind = ?, notes = ?, version = version + 1, updated_at = ? WHERE id = ?`,
      )
      .run(
        v.year,
        v.month,
        v.plannedDate,
        v.enterpriseId,
        JSON.stringify(v.inspectorIds),
        v.kind,
        v.notes,
        isoNow(ctx),
        itemId,
      )
    writeAudit(ctx, {
      action: 'update',
      ledger: 'inspectionPlan',
      recordId: itemId,
      recordName: name,
      changes: [
        {
          field: 'plan',
          label: '计划事项',
          before: describe(
            ctx,
            { ...before, plannedDate: before.plannedDate, notes: before.notes },
            before.enterpriseName,
          ),
          after: describe(ctx, v, name),
        },
      ],
    })
  })
  return getItem(ctx, itemId)
}

export function removePlanItem(ctx: Ctx, itemId: number): { id: number } {
  return writeTx(ctx, () => {
    const it = getItem(ctx, itemId)
    ctx.db.prepare('DELETE FROM inspection_plan_items WHERE id = ?').run(itemId)
    writeAudit(ctx, {
      action: 'delete',
      ledger: 'inspectionPlan',
      recordId: itemId,
      recordName: it.enterpriseName,
      note: `移出检查计划：${it.year}年${it.month}月 ${it.enterpriseName}`,
    })
    return { id: itemId }
  })
}

// ---------------------------------------------------------------------------------------------
// 双随机 draws

/**
 * Draws `n` distinct entries from `pool` with mulberry32 seeded by `seed`: a partial
 * Fisher–Yates shuffle, so every entry is equally likely and none is drawn twice. The same seed
 * and pool (in the same order) always give the same result. `next` continues one stream across
 * the enterprise and the inspector draw.
 */
export function drawFrom<T>(pool: readonly T[], n: number, next: () => number): T[] {
  const a = [...pool]
  const k = Math.min(n, a.length)
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (a.length - i))
    ;[a[i], a[j]] = [a[j] as T, a[i] as T]
  }
  return a.slice(0, k)
}

/** The whole draw from its record: enterprises first, then inspectors, from one seeded stream. */
export function runDraw(
  seed: number,
  candidates: readonly number[],
  staff: readonly number[],
  n: number,
  m: number,
): { enterprises: number[]; inspectors: number[] } {
  const next = rng(seed)
  const enterprises = drawFrom(candidates, n, next)
  const inspectors = drawFrom(staff, m, next)
  return { enterprises, inspectors }
}

export const drawCriteria = z.object({
  villageIds: z.array(id).max(200).default([]),
  industryIds: z.array(id).max(500).default([]),
  flags: z.array(z.string().max(40)).max(20).default([]),
  riskLevels: z.array(z.string().max(20)).max(10).default([]),
  /** Leave out enterprises already in this year's plan. */
  excludePlanned: z.boolean().default(false),
})
export type DrawCriteria = z.output<typeof drawCriteria>

export const drawInput = z.object({
  year: planItemFields.year,
  title: textOrNull('抽取名称', 60),
  enterpriseCount: z
    .number({ error: '请填写抽取企业数' })
    .int()
    .min(1, '至少抽取 1 家企业')
    .max(1000, '抽取企业数不能超过 1000'),
  inspectorCount: z
    .number({ error: '请填写抽取检查人员数' })
    .int()
    .min(0, '检查人员数不能为负')
    .max(20, '检查人员最多 20 人'),
  criteria: drawCriteria.default({
    villageIds: [],
    industryIds: [],
    flags: [],
    riskLevels: [],
    excludePlanned: false,
  }),
  /** Given only to repeat a draw made elsewhere; otherwise a fresh random seed. */
  seed: z.number().int().min(0).max(4294967295).optional(),
})
export type DrawInput = z.output<typeof drawInput>

export interface Named {
  id: number
  name: string
}

export interface Draw {
  id: number
  year: number
  title: string
  seed: number
  enterpriseCount: number
  inspectorCount: number
  criteria: string
  candidates: Named[]
  staffCandidates: Named[]
  enterprises: Named[]
  inspectors: Named[]
  operator: string | null
  createdAt: string
  /** Drawn enterprises already in the plan (by item). */
  planned: number
}

/** The candidate list: enterprises in operation (not in the 回收站) matching the criteria, by id. */
export function drawCandidates(ctx: Ctx, year: number, c: DrawCriteria): Named[] {
  const filters: Record<string, { in: (string | number)[] }> = { status: { in: ['operating'] } }
  if (c.villageIds.length) filters.villageId = { in: c.villageIds }
  if (c.industryIds.length) filters.industryId = { in: c.industryIds }
  if (c.flags.length) filters.flags = { in: c.flags }
  if (c.riskLevels.length) filters.riskLevel = { in: c.riskLevels }
  const planned = new Set(
    c.excludePlanned
      ? (ctx.db
          .prepare('SELECT DISTINCT enterprise_id FROM inspection_plan_items WHERE year = ?')
          .pluck()
          .all(year) as number[])
      : [],
  )
  const out: Named[] = []
  for (const e of enterpriseRepo.iterate(ctx, { filters })) {
    const r = e as unknown as Named
    if (!planned.has(r.id)) out.push({ id: r.id, name: r.name })
  }
  return out.sort((a, b) => a.id - b.id)
}

function criteriaText(ctx: Ctx, c: DrawCriteria): string {
  const names = (table: string, ids: number[]) =>
    ids.map((i) => (ctx.db.prepare(`SELECT name FROM ${table} WHERE id = ?`).pluck().get(i) as string) ?? i)
  const field = (key: string) => enterpriseRepo.spec.fields.find((f) => f.key === key)
  const optionLabels = (key: string, values: string[]) => {
    const f = field(key)
    const opts = (f && 'options' in f ? f.options : []) as readonly { value: string; label: string }[]
    return values.map((v) => opts.find((o) => o.value === v)?.label ?? v)
  }
  const parts = ['在营企业']
  if (c.villageIds.length) parts.push(`村（社区）：${names('villages', c.villageIds).join('、')}`)
  if (c.industryIds.length) parts.push(`行业：${names('industries', c.industryIds).join('、')}`)
  if (c.flags.length) parts.push(`重点行业领域：${optionLabels('flags', c.flags).join('、')}`)
  if (c.riskLevels.length) parts.push(`风险等级：${optionLabels('riskLevel', c.riskLevels).join('、')}`)
  if (c.excludePlanned) parts.push('不含已列入本年度计划的企业')
  return parts.join('；')
}

type DrawRow = {
  id: number
  year: number
  title: string
  seed: number
  enterprise_count: number
  inspector_count: number
  criteria: string
  candidates: string
  staff_candidates: string
  enterprises: string
  inspectors: string
  operator: string | null
  created_at: string
}

function toDraw(ctx: Ctx, r: DrawRow): Draw {
  const candidates = JSON.parse(r.candidates) as Named[]
  const staffCandidates = JSON.parse(r.staff_candidates) as Named[]
  const pick = (pool: Named[], ids: number[]) => ids.map((i) => pool.find((p) => p.id === i) as Named)
  return {
    id: r.id,
    year: r.year,
    title: r.title,
    seed: r.seed,
    enterpriseCount: r.enterprise_count,
    inspectorCount: r.inspector_count,
    criteria: r.criteria,
    candidates,
    staffCandidates,
    enterprises: pick(candidates, JSON.parse(r.enterprises) as number[]),
    inspectors: pick(staffCandidates, JSON.parse(r.inspectors) as number[]),
    operator: r.operator,
    createdAt: r.created_at,
    planned: ctx.db
      .prepare('SELECT count(*) FROM inspection_plan_items WHERE draw_id = ?')
      .pluck()
      .get(r.id) as number,
  }
}

export function getDraw(ctx: Ctx, drawId: number): Draw {
  const r = ctx.db.prepare('SELECT * FROM inspection_draws WHERE id = ?').get(drawId) as DrawRow | undefined
  if (!r) throw notFound('该抽取记录')
  return toDraw(ctx, r)
}

export function listDraws(ctx: Ctx, year: number): Draw[] {
  return (
    ctx.db.prepare('SELECT * FROM inspection_draws WHERE year = ? ORDER BY id DESC').all(year) as DrawRow[]
  ).map((r) => toDraw(ctx, r))
}

export function createDraw(ctx: Ctx, input: DrawInput): Draw {
  const drawId = writeTx(ctx, () => {
    const candidates = drawCandidates(ctx, input.year, input.criteria)
    if (candidates.length === 0)
      throw new AppError('VALIDATION', '按所选条件没有可抽取的在营企业，请放宽条件（村、行业、重点行业领域）')
    if (input.enterpriseCount > candidates.length)
      throw new AppError(
        'VALIDATION',
        `按所选条件只有 ${candidates.length} 家在营企业，抽取企业数不能超过它（现为 ${input.enterpriseCount}）`,
        { issues: [{ field: 'enterpriseCount', message: `最多 ${candidates.length} 家` }] },
      )
    const staff = (
      ctx.db.prepare('SELECT id, name FROM staff WHERE active = 1 ORDER BY id').all() as Named[]
    ).map((s) => ({ id: s.id, name: s.name }))
    if (input.inspectorCount > staff.length)
      throw new AppError(
        'VALIDATION',
        `在岗的检查人员只有 ${staff.length} 人，抽取人数不能超过它；请在“检查人员与检查表”中登记人员`,
        { issues: [{ field: 'inspectorCount', message: `最多 ${staff.length} 人` }] },
      )
    const seed = input.seed ?? randomInt(0, 2 ** 32 - 1)
    const result = runDraw(
      seed,
      candidates.map((c) => c.id),
      staff.map((s) => s.id),
      input.enterpriseCount,
      input.inspectorCount,
    )
    const title = input.title ?? `${input.year}年双随机抽查`
    const r = ctx.db
      .prepare(
        `INSERT INTO inspection_draws(year, title, seed, enterprise_count, inspector_count, criteria, candidates,
           staff_candidates, enterprises, inspectors, operator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.year,
        title,
        seed,
        input.enterpriseCount,
        input.inspectorCount,
        criteriaText(ctx, input.criteria),
        JSON.stringify(candidates),
        JSON.stringify(staff),
        JSON.stringify(result.enterprises),
        JSON.stringify(result.inspectors),
        ctx.operator?.trim() || null,
        isoNow(ctx),
      )
    const newId = Number(r.lastInsertRowid)
    const name = (ids: number[], pool: Named[]) =>
      ids.map((i) => pool.find((p) => p.id === i)?.name).join('、')
    writeAudit(ctx, {
      action: 'create',
      ledger: 'inspectionDraw',
      recordId: newId,
      recordName: title,
      note:
        `双随机抽取（种子 ${seed}）：从 ${candidates.length} 家中抽取 ${result.enterprises.length} 家：` +
        `${name(result.enterprises, candidates)}；检查人员：${name(result.inspectors, staff) || '未抽取'}`,
    })
    return newId
  })
  return getDraw(ctx, drawId)
}

/** Recomputes a draw from its stored seed and candidate lists, beside the stored result. */
export function reproduceDraw(ctx: Ctx, drawId: number) {
  const d = getDraw(ctx, drawId)
  const again = runDraw(
    d.seed,
    d.candidates.map((c) => c.id),
    d.staffCandidates.map((s) => s.id),
    d.enterpriseCount,
    d.inspectorCount,
  )
  const byId = (pool: Named[], ids: number[]) => ids.map((i) => pool.find((p) => p.id === i) as Named)
  const enterprises = byId(d.candidates, again.enterprises)
  const inspectors = byId(d.staffCandidates, again.inspectors)
  const same =
    JSON.stringify(again.enterprises) === JSON.stringify(d.enterprises.map((e) => e.id)) &&
    JSON.stringify(again.inspectors) === JSON.stringify(d.inspectors.map((s) => s.id))
  return { draw: d, same, enterprises, inspectors }
}

export const addDrawInput = z.object({
  id,
  month: planItemFields.month,
  plannedDate: dateOrNull('计划日期'),
})

/** Adds the drawn enterprises to the plan (month, drawn inspectors); ones already planned that month are skipped. */
export function addDrawToPlan(ctx: Ctx, input: z.output<typeof addDrawInput>) {
  return writeTx(ctx, () => {
    const d = getDraw(ctx, input.id)
    if (input.plannedDate && Number(input.plannedDate.slice(5, 7)) !== input.month)
      throw new AppError('VALIDATION', '计划日期应在所选月份之内', {
        issues: [{ field: 'plannedDate', message: '计划日期应在所选月份之内' }],
      })
    const added: number[] = []
    const skipped: string[] = []
    for (const e of d.enterprises) {
      const exists = ctx.db
        .prepare('SELECT 1 FROM inspection_plan_items WHERE year = ? AND month = ? AND enterprise_id = ?')
        .get(d.year, input.month, e.id)
      const live = ctx.db.prepare('SELECT 1 FROM enterprises WHERE id = ? AND deleted_at IS NULL').get(e.id)
      if (exists || !live) {
        skipped.push(e.name)
        continue
      }
      added.push(
        insertItem(
          ctx,
          {
            year: d.year,
            month: input.month,
            plannedDate: input.plannedDate,
            enterpriseId: e.id,
            inspectorIds: d.inspectors.map((s) => s.id),
            kind: 'random',
            notes: `${d.title}（种子 ${d.seed}）`,
          },
          d.id,
        ),
      )
    }
    return { added: added.length, skipped }
  })
}

// ---------------------------------------------------------------------------------------------

export function planProgress(ctx: Ctx, year: number) {
  const items = listPlan(ctx, { year })
  const months = Array.from({ length: 12 }, (_, i) => {
    const m = items.filter((x) => x.month === i + 1)
    return { month: i + 1, planned: m.length, done: m.filter((x) => x.status === 'done').length }
  })
  const roster = enterpriseRepo.count(ctx, {})
  const enterprises = new Set(items.map((i) => i.enterpriseId)).size
  return {
    year,
    planned: items.length,
    done: items.filter((i) => i.status === 'done').length,
    missed: items.filter((i) => i.missed).length,
    enterprises,
    roster,
    months,
  }
}

const year = planItemFields.year
const planListInput = z.object({
  year: year.optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写作 2026-01-01')
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写作 2026-01-01')
    .optional(),
  status: z.enum(['done', 'pending']).optional(),
})

export const planHandlers = {
  'plan.list': handler(planListInput, (ctx, q) => ({
    items: listPlan(ctx, q),
    progress: q.year !== undefined ? planProgress(ctx, q.year) : null,
  })),
  'plan.progress': handler(z.object({ year }), (ctx, q) => planProgress(ctx, q.year)),
  'plan.create': handler(planItemInput, (ctx, v) => createPlanItem(ctx, v)),
  'plan.update': handler(z.object({ id, version, data: planItemInput }), (ctx, v) =>
    updatePlanItem(ctx, v.id, v.version, v.data),
  ),
  'plan.remove': handler(z.object({ id }), (ctx, v) => removePlanItem(ctx, v.id)),
  'draw.candidates': handler(z.object({ year, criteria: drawCriteria }), (ctx, v) =>
    drawCandidates(ctx, v.year, v.criteria),
  ),
  'draw.create': handler(drawInput, (ctx, v) => createDraw(ctx, v)),
  'draw.list': handler(z.object({ year }), (ctx, v) => listDraws(ctx, v.year)),
  'draw.get': handler(z.object({ id }), (ctx, v) => getDraw(ctx, v.id)),
  'draw.reproduce': handler(z.object({ id }), (ctx, v) => reproduceDraw(ctx, v.id)),
  'draw.addToPlan': handler(addDrawInput, (ctx, v) => addDrawToPlan(ctx, v)),
}
