import { z } from 'zod'
import { handler, type Ctx } from '../context'
import { toTonnes, type QuantityUnit } from '../shared/chemicals/gb18218'
import { GRADE_LABELS, type Grade } from '../shared/chemicals/gb18218'
import { unitReports, type UnitReport } from './assess'
import { addLocalEntry, searchCatalog, setCatalogFlags } from './catalog'
import { chemicalWorkbook } from './export'
import type { ReminderCard } from '../kit/reminders'

// The 危化品 page's reads beyond the two kit ledgers: catalogue search and local entries, the
// per-unit breakdown, the major-hazard register (重大危险源), the township totals (统计台账) and
// the 涉危化品 flag check.

const id = z.number().int().positive()

/** One held chemical with its quantities in tonnes (what totals add). */
export interface Held {
  id: number
  enterpriseId: number
  enterpriseName: string
  villageName: string | null
  unitName: string
  name: string
  cas: string | null
  highlyToxic: boolean
  explosivePrecursor: boolean
  keySupervised: boolean
  maxTonnes: number | null
  usualTonnes: number | null
  annualTonnes: number | null
}

function tonnes(v: number | null, unit: QuantityUnit, density: number | null): number | null {
  if (v === null) return null
  const c = toTonnes(v, unit, density)
  return c.ok ? c.tonnes : null
}

export function heldChemicals(ctx: Ctx): Held[] {
  const rows = ctx.db
    .prepare(
      `SELECT c.id, c.enterprise_id, e.name AS enterprise_name, v.name AS village_name, u.name AS unit_name, c.name, c.cas,
              c.highly_toxic, c.explosive_precursor, c.key_supervised, c.max_quantity, c.usual_quantity, c.annual_use,
              c.quantity_unit, c.density
       FROM chemicals c JOIN chem_units u ON u.id = c.unit_id JOIN enterprises e ON e.id = c.enterprise_id
       LEFT JOIN villages v ON v.id = e.village_id
       WHERE c.deleted_at IS NULL AND u.deleted_at IS NULL AND e.deleted_at IS NULL
       ORDER BY v.sort_order, e.name_py, u.name, c.id`,
    )
    .all() as Record<string, unknown>[]
  return rows.map((r) => {
    const unit = r.quantity_unit as QuantityUnit
    const density = r.density as number | null
    return {
      id: r.id as number,
      enterpriseId: r.enterprise_id as number,
      enterpriseName: r.enterprise_name as string,
      villageName: (r.village_name as string | null) ?? null,
      unitName: r.unit_name as string,
      name: r.name as string,
      cas: (r.cas as string | null) ?? null,
      highlyToxic: r.highly_toxic === 1,
      explosivePrecursor: r.explosive_precursor === 1,
      keySupervised: r.key_supervised === 1,
      maxTonnes: tonnes(r.max_quantity as number | null, unit, density),
      usualTonnes: tonnes(r.usual_quantity as number | null, unit, density),
      annualTonnes: tonnes(r.annual_use as number | null, unit, density),
    }
  })
}

export interface Total {
  key: string
  label: string
  enterprises: number
  items: number
  maxTonnes: number
  usualTonnes: number
  annualTonnes: number
}

function totals(rows: Held[], keyOf: (h: Held) => string[]): Total[] {
  const m = new Map<string, Total & { ents: Set<number> }>()
  for (const h of rows)
    for (const k of keyOf(h)) {
      let t = m.get(k)
      if (!t)
        m.set(
          k,
          (t = {
            key: k,
            label: k,
            enterprises: 0,
            items: 0,
            maxTonnes: 0,
            usualTonnes: 0,
            annualTonnes: 0,
            ents: new Set(),
          }),
        )
      t.ents.add(h.enterpriseId)
      t.items++
      t.maxTonnes += h.maxTonnes ?? 0
      t.usualTonnes += h.usualTonnes ?? 0
      t.annualTonnes += h.annualTonnes ?? 0
    }
  const round = (n: number) => Math.round(n * 1e6) / 1e6
  return [...m.values()].map(({ ents, ...t }) => ({
    ...t,
    enterprises: ents.size,
    maxTonnes: round(t.maxTonnes),
    usualTonnes: round(t.usualTonnes),
    annualTonnes: round(t.annualTonnes),
  }))
}

export function chemicalStats(ctx: Ctx) {
  const rows = heldChemicals(ctx)
  const flagKeys = (h: Held) =>
    [h.highlyToxic && '剧毒', h.explosivePrecursor && '易制爆', h.keySupervised && '重点监管'].filter(
      (x): x is string => Boolean(x),
    )
  return {
    enterprises: new Set(rows.map((r) => r.enterpriseId)).size,
    items: rows.length,
    byChemical: totals(rows, (h) => [h.name]).sort((a, b) => b.maxTonnes - a.maxTonnes),
    byVillage: totals(rows, (h) => [h.villageName ?? '（未填写）']),
    byEnterprise: totals(rows, (h) => [h.enterpriseName]),
    byFlag: totals(rows, flagKeys),
  }
}

export interface MajorHazardEntry {
  unitId: number
  enterpriseId: number
  enterpriseName: string
  villageName: string | null
  unitName: string
  provisional: boolean
  s: number
  r: number | null
  grade: Grade | null
  gradeLabel: string
  pending: string[]
  alpha: number | null
  alphaBand: string | null
  terms: UnitReport['assessment']['terms']
}

/** 重大危险源 register: every unit with S ≥ 1, highest grade first. */
export function majorHazards(ctx: Ctx): MajorHazardEntry[] {
  return unitReports(ctx)
    .filter((u) => u.assessment.major)
    .map((u) => ({
      unitId: u.id,
      enterpriseId: u.enterpriseId,
      enterpriseName: u.enterpriseName,
      villageName: u.villageName,
      unitName: u.name,
      provisional: u.provisional,
      s: u.assessment.s,
      r: u.assessment.r,
      grade: u.assessment.grade,
      gradeLabel: u.assessment.grade ? GRADE_LABELS[u.assessment.grade] : u.assessment.pending.join('、'),
      pending: u.assessment.pending,
      alpha: u.assessment.alpha,
      alphaBand: u.assessment.alphaBand,
      terms: u.assessment.terms,
    }))
    .sort((a, b) => (a.grade ?? 9) - (b.grade ?? 9) || (b.r ?? 0) - (a.r ?? 0))
}

/** 涉危化品 flag vs inventory: a flag without inventory, or inventory without the flag. */
export function flagConsistency(ctx: Ctx) {
  const rows = ctx.db
    .prepare(
      `SELECT e.id, e.name, v.name AS villageName, e.flag_hazchem AS flag,
              (SELECT count(*) FROM chemicals c WHERE c.enterprise_id = e.id AND c.deleted_at IS NULL) AS items
       FROM enterprises e LEFT JOIN villages v ON v.id = e.village_id
       WHERE e.deleted_at IS NULL AND (e.flag_hazchem = 1) <> (items > 0)
       ORDER BY e.name_py`,
    )
    .all() as { id: number; name: string; villageName: string | null; flag: number; items: number }[]
  return {
    flagWithoutInventory: rows
      .filter((r) => r.flag === 1)
      .map(({ id, name, villageName }) => ({ id, name, villageName })),
    inventoryWithoutFlag: rows
      .filter((r) => r.flag === 0)
      .map(({ id, name, villageName, items }) => ({ id, name, villageName, items })),
  }
}

/** 工作台: the 重大危险源 units by grade (from the results stored on every write); the licences'
 * card comes from the spec's `expires` (electron/core/kit/reminders.ts). */
export function chemicalReminderCard(ctx: Ctx): ReminderCard | null {
  const grades = ctx.db
    .prepare(
      `SELECT r.grade, count(*) AS n FROM chem_unit_results r JOIN chem_units u ON u.id = r.unit_id
       JOIN enterprises e ON e.id = u.enterprise_id
       WHERE r.major = 1 AND u.deleted_at IS NULL AND e.deleted_at IS NULL GROUP BY r.grade`,
    )
    .all() as { grade: number | null; n: number }[]
  const total = grades.reduce((a, g) => a + g.n, 0)
  if (total === 0) return null
  const link = { route: 'chemicals', query: { tab: 'register' } }
  const pending = grades.find((x) => x.grade === null)?.n ?? 0
  return {
    key: 'chemical.majorHazards',
    title: '危化品重大危险源',
    counts: [
      { key: 'total', label: '共', count: total, unit: '个单元', hot: false, link },
      ...([1, 2, 3, 4] as const).flatMap((g) => {
        const count = grades.find((x) => x.grade === g)?.n ?? 0
        return count
          ? [{ key: `grade${g}`, label: GRADE_LABELS[g], count, unit: '个', hot: g <= 2, link }]
          : []
      }),
      ...(pending
        ? [{ key: 'pending', label: '待补充数据', count: pending, unit: '个', hot: false, link }]
        : []),
    ],
    items: [],
  }
}

const localEntry = z.object({
  name: z.string().trim().min(1, '请填写品名').max(200),
  aliases: z.string().max(500).optional(),
  cas: z.string().max(40).nullable().optional(),
  highlyToxic: z.boolean().optional(),
  note: z.string().max(500).optional(),
})

export const chemicalDomainHandlers = {
  'chemCatalog.search': handler(
    z.object({ query: z.string().max(100), limit: z.number().int().min(1).max(100).default(20) }),
    (ctx, input) => searchCatalog(ctx, input.query, input.limit),
  ),
  'chemCatalog.addLocal': handler(localEntry, (ctx, input) => addLocalEntry(ctx, input)),
  'chemCatalog.setFlags': handler(
    z.object({
      id,
      explosivePrecursor: z.boolean().optional(),
      keySupervised: z.boolean().optional(),
      highlyToxic: z.boolean().optional(),
    }),
    (ctx, { id: entryId, ...flags }) => setCatalogFlags(ctx, entryId, flags),
  ),
  'chemical.assessment': handler(z.object({ enterpriseId: id }), (ctx, input) =>
    unitReports(ctx, { enterpriseId: input.enterpriseId }),
  ),
  'chemical.majorHazards': handler(z.object({}), (ctx) => majorHazards(ctx)),
  'chemical.stats': handler(z.object({}), (ctx) => chemicalStats(ctx)),
  'chemical.consistency': handler(z.object({}), (ctx) => flagConsistency(ctx)),
  'chemical.exportLedger': handler(
    z.object({ unit: z.enum(['t', 'kg']).default('t') }),
    async (ctx, input) => ({
      fileName: `危险化学品储存使用台账（${input.unit === 't' ? '吨' : '千克'}）.xlsx`,
      base64: (await chemicalWorkbook(ctx, input.unit)).toString('base64'),
    }),
  ),
}
