import { z } from 'zod'
import { handler, type Ctx } from '../context'
import { listDocuments } from '../documents/repo'
import { activityRepo } from '../activities/ledger'
import { enterpriseRepo } from '../enterprises/ledger'
import { letterRepo } from '../letters/ledger'
import type { FieldFilter } from '../shared/kit/types'
import { listInspections } from '../inspections/inspections'
import { DOCUMENT_TYPES, type DocumentType } from '../shared/document-fields'
import { OPEN_STATUSES } from '../shared/inspection-fields'
import { ledgerStats } from './ledger-stats'
import { planStats } from './plan-stats'
import { hazardCount, hazardReportStats, hazardRoute, hazardsFound } from './report-stats'

// Period statistics for the summaries every township writes ("共下达责令整改指令书xx份，查处并整改
// 隐患xxx处"). Each statistic is declared once: which list counts it, with which filter, and which
// screen shows those records with the same filter — so the number is the list's own total and a
// click on it opens exactly the records behind it. A ledger added later registers its own here.

export interface Period {
  from: string
  to: string
}

type Query = Record<string, string | string[]>
export interface Route {
  name: string
  query: Query
}

interface CountStat {
  key: string
  /** A count of the roster as it is now, not of the period (no comparison with last year). */
  snapshot?: boolean
  group: string
  label: string
  unit: string
  /** The records' count, from the list that shows them (null: nothing to measure, shown as "—"). */
  count: (ctx: Ctx, p: Period) => number | null
  route: (ctx: Ctx, p: Period) => Route
}

interface RatioStat {
  key: string
  group: string
  label: string
  /** numerator / denominator, both declared above; none in the denominator shows "—". */
  ratio: [string, string]
}

export type StatDef = CountStat | RatioStat

const page = { page: 1, pageSize: 1 }
const periodOf = (p: Period) => ({ period: { from: p.from, to: p.to } })
const range = (p: Period): Query => ({ from: p.from, to: p.to })

const SUPERVISED: FieldFilter = { in: ['city', 'county', 'township'] }

/** Enterprises inspected in the period (each once), for the roster list filtered to them. */
function inspectedIds(ctx: Ctx, p: Period): number[] {
  return ctx.db
    .prepare(
      `SELECT DISTINCT i.enterprise_id FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id
       WHERE substr(i.started_at, 1, 10) BETWEEN ? AND ? AND e.deleted_at IS NULL ORDER BY 1`,
    )
    .pluck()
    .all(p.from, p.to) as number[]
}

const documentStat = (type: DocumentType): CountStat => ({
  key: `documents.${type}`,
  group: '执法文书',
  label: DOCUMENT_TYPES[type],
  unit: '份',
  count: (ctx, p) => listDocuments(ctx, { ...page, ...periodOf(p), types: [type], voided: false }).total,
  route: (_c, p) => ({ name: 'documents', query: { ...range(p), types: type, voided: '0' } }),
})

type ActivityType = 'meeting' | 'publicity' | 'training' | 'drill'
const activityFilter = (type: ActivityType, p: Period) => ({
  type: { in: [type] },
  date: { from: p.from, to: p.to },
})
const activityRoute = (type: ActivityType, p: Period): Route => ({
  name: 'activities',
  query: { 'f.type': type, 'f.date.from': p.from, 'f.date.to': p.to },
})
/** 安全生产责任书 with villages or departments signed in the period (the letters ledger). */
const letterCount = (key: string, signerType: 'village' | 'department', label: string): CountStat => ({
  key,
  group: '企业主体责任',
  label,
  unit: '份',
  count: (ctx, p) =>
    letterRepo.count(ctx, {
      filters: { signerType: { in: [signerType] }, signedOn: { from: p.from, to: p.to } },
    }),
  route: (_c, p) => ({
    name: 'letters',
    query: { 'f.signerType': signerType, 'f.signedOn.from': p.from, 'f.signedOn.to': p.to },
  }),
})

const activityCount = (key: string, type: ActivityType, label: string): CountStat => ({
  key,
  group: '会议、宣传、培训和演练',
  label,
  unit: '次',
  count: (ctx, p) => activityRepo.count(ctx, { filters: activityFilter(type, p) }),
  route: (_c, p) => activityRoute(type, p),
})
/** People counted on the same records (参加/受众人数), opening the same list. */
const activitySum = (
  key: string,
  type: ActivityType,
  column: 'participants' | 'reached',
  label: string,
): CountStat => ({
  key,
  group: '会议、宣传、培训和演练',
  label,
  unit: '人次',
  count: (ctx, p) =>
    ctx.db
      .prepare(
        `SELECT coalesce(sum(${column}), 0) FROM activities WHERE deleted_at IS NULL AND type = ? AND date BETWEEN ? AND ?`,
      )
      .pluck()
      .get(type, p.from, p.to) as number,
  route: (_c, p) => activityRoute(type, p),
})

/** 企业 by one option of a field (重点行业领域, 规模, 标准化): the roster as it is now. */
function enterpriseOptionStats(fieldKey: 'flags' | 'scale' | 'standardization', group: string): CountStat[] {
  const field = enterpriseRepo.spec.fields.find((f) => f.key === fieldKey)
  const options = (field && 'options' in field ? field.options : []) as readonly {
    value: string
    label: string
    legacy?: boolean
  }[]
  return options
    .filter((o) => !o.legacy)
    .map((o) => ({
      key: `enterprises.${fieldKey}.${o.value}`,
      group,
      label: o.label,
      unit: '家',
      snapshot: true,
      count: (ctx) => enterpriseRepo.count(ctx, { filters: { [fieldKey]: { in: [o.value] } } }),
      route: () => ({ name: 'enterprises', query: { [`f.${fieldKey}`]: o.value } }),
    }))
}

export const STATS: StatDef[] = [
  {
    key: 'inspections',
    group: '安全检查',
    label: '组织检查',
    unit: '次',
    count: (ctx, p) => listInspections(ctx, { ...page, ...periodOf(p) }).total,
    route: (_c, p) => ({ name: 'inspections', query: range(p) }),
  },
  {
    key: 'inspectors',
    group: '安全检查',
    label: '出动检查人员',
    unit: '人次',
    count: (ctx, p) =>
      ctx.db
        .prepare(
          `SELECT count(*) FROM inspection_inspectors x JOIN inspections i ON i.id = x.inspection_id
           WHERE substr(i.started_at, 1, 10) BETWEEN ? AND ?`,
        )
        .pluck()
        .get(p.from, p.to) as number,
    route: (_c, p) => ({ name: 'inspections', query: range(p) }),
  },
  {
    key: 'inspectedEnterprises',
    group: '安全检查',
    label: '检查企业',
    unit: '家',
    count: (ctx, p) => {
      const ids = inspectedIds(ctx, p)
      return ids.length === 0 ? 0 : enterpriseRepo.count(ctx, { ids })
    },
    route: (ctx, p) => ({ name: 'enterprises', query: { ids: inspectedIds(ctx, p).join(',') || '0' } }),
  },
  {
    key: 'roster',
    group: '安全检查',
    label: '在册企业',
    unit: '家',
    snapshot: true,
    count: (ctx) => enterpriseRepo.count(ctx, {}),
    route: () => ({ name: 'enterprises', query: {} }),
  },
  { key: 'coverage', group: '安全检查', label: '检查覆盖率', ratio: ['inspectedEnterprises', 'roster'] },
  ...planStats,
  {
    key: 'hazards',
    group: '隐患排查治理',
    label: '发现隐患',
    unit: '处',
    count: (ctx, p) => hazardCount(ctx, hazardsFound(p)),
    route: (_c, p) => hazardRoute(hazardsFound(p)),
  },
  {
    key: 'majorHazards',
    group: '隐患排查治理',
    label: '其中重大事故隐患',
    unit: '处',
    count: (ctx, p) => hazardCount(ctx, hazardsFound(p, { grade: { in: ['major'] } })),
    route: (_c, p) => hazardRoute(hazardsFound(p, { grade: { in: ['major'] } })),
  },
  {
    key: 'closedHazards',
    group: '隐患排查治理',
    label: '已整改销号',
    unit: '处',
    count: (ctx, p) => hazardCount(ctx, hazardsFound(p, { status: { in: ['closed'] } })),
    route: (_c, p) => hazardRoute(hazardsFound(p, { status: { in: ['closed'] } })),
  },
  {
    key: 'openHazards',
    group: '隐患排查治理',
    label: '尚未销号',
    unit: '处',
    count: (ctx, p) => hazardCount(ctx, hazardsFound(p, { status: { in: OPEN_STATUSES } })),
    route: (_c, p) => hazardRoute(hazardsFound(p, { status: { in: OPEN_STATUSES } })),
  },
  {
    key: 'overdueHazards',
    group: '隐患排查治理',
    label: '其中逾期未改',
    unit: '处',
    count: (ctx, p) => hazardCount(ctx, hazardsFound(p, {}, ['overdue'])),
    route: (_c, p) => hazardRoute(hazardsFound(p, {}, ['overdue'])),
  },
  { key: 'rectificationRate', group: '隐患排查治理', label: '整改率', ratio: ['closedHazards', 'hazards'] },
  {
    key: 'supervisedHazards',
    group: '隐患排查治理',
    label: '挂牌督办重大隐患',
    unit: '处',
    count: (ctx, p) => hazardCount(ctx, hazardsFound(p, { supervisionLevel: SUPERVISED })),
    route: (_c, p) => hazardRoute(hazardsFound(p, { supervisionLevel: SUPERVISED })),
  },
  {
    key: 'daysToClose',
    group: '隐患排查治理',
    label: '平均整改销号用时',
    unit: '天',
    // Over the hazards found in the period and closed (the 已整改销号 list).
    count: (ctx, p) => {
      const v = ctx.db
        .prepare(
          `SELECT avg(julianday(closed_on) - julianday(found_on)) FROM hazards
           WHERE status = 'closed' AND found_on BETWEEN ? AND ? AND deleted_at IS NULL`,
        )
        .pluck()
        .get(p.from, p.to) as number | null
      return v === null ? null : Math.round(v * 10) / 10
    },
    route: (_c, p) => hazardRoute(hazardsFound(p, { status: { in: ['closed'] } })),
  },
  ...hazardReportStats,
  documentStat('check_record'),
  documentStat('rectification_order'),
  documentStat('rectification_opinion'),
  documentStat('reinspection_opinion'),
  {
    key: 'voidedDocuments',
    group: '执法文书',
    label: '作废（另计）',
    unit: '份',
    count: (ctx, p) => listDocuments(ctx, { ...page, ...periodOf(p), voided: true }).total,
    route: (_c, p) => ({ name: 'documents', query: { ...range(p), voided: '1' } }),
  },
  activityCount('meetings', 'meeting', '召开专题会议'),
  activityCount('publicity', 'publicity', '开展宣传活动'),
  activitySum('publicityReached', 'publicity', 'reached', '宣传受众'),
  activityCount('trainings', 'training', '组织教育培训'),
  activitySum('trainees', 'training', 'participants', '培训'),
  activityCount('drills', 'drill', '开展应急演练'),
  activitySum('drillParticipants', 'drill', 'participants', '参加演练'),
  {
    key: 'responsibilityLetters',
    group: '企业主体责任',
    label: '签订安全生产责任书',
    unit: '家',
    count: (ctx, p) =>
      enterpriseRepo.count(ctx, {
        filters: { responsibilityLetterYear: { in: [Number(p.to.slice(0, 4))] } },
      }),
    route: (_c, p) => ({ name: 'enterprises', query: { 'f.responsibilityLetterYear': p.to.slice(0, 4) } }),
  },
  letterCount('villageLetters', 'village', '与村（社区）签订责任书'),
  letterCount('departmentLetters', 'department', '与部门、单位签订责任书'),
  {
    key: 'majorRiskEnterprises',
    group: '企业主体责任',
    label: '重大风险企业',
    unit: '家',
    snapshot: true,
    count: (ctx) => enterpriseRepo.count(ctx, { filters: { riskLevel: { in: ['major'] } } }),
    route: () => ({ name: 'enterprises', query: { 'f.riskLevel': 'major' } }),
  },
  ...enterpriseOptionStats('flags', '重点行业领域企业（在册）'),
  ...enterpriseOptionStats('scale', '企业规模（在册）'),
  ...enterpriseOptionStats('standardization', '安全生产标准化（在册）'),
  ...ledgerStats,
]

export interface StatValue {
  key: string
  group: string
  label: string
  unit: string
  value: number | null
  previous: number | null
  /** Ratios: shown as a percentage; null when nothing was counted (shown as "—", not 100 %). */
  percent: boolean
  route: Route | null
  previousRoute: Route | null
}

function shiftYear(d: string, years: number): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number]
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate()
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`
}

function compute(ctx: Ctx, p: Period): Map<string, { value: number | null; route: Route | null }> {
  const out = new Map<string, { value: number | null; route: Route | null }>()
  for (const s of STATS) if ('count' in s) out.set(s.key, { value: s.count(ctx, p), route: s.route(ctx, p) })
  for (const s of STATS)
    if ('ratio' in s) {
      const num = out.get(s.ratio[0])?.value ?? 0
      const den = out.get(s.ratio[1])?.value ?? 0
      out.set(s.key, { value: den === 0 ? null : Math.round((num / den) * 1000) / 10, route: null })
    }
  return out
}

/** Counts per month of the period's year, and per village in the period, for the charts. */
function breakdowns(ctx: Ctx, p: Period) {
  const year = Number(p.to.slice(0, 4))
  const months = Array.from({ length: 12 }, (_, i) => {
    const m = String(i + 1).padStart(2, '0')
    const last = new Date(Date.UTC(year, i + 1, 0)).getUTCDate()
    const mp = { from: `${year}-${m}-01`, to: `${year}-${m}-${last}` }
    return {
      month: i + 1,
      inspections: listInspections(ctx, { ...page, ...periodOf(mp) }).total,
      hazards: hazardCount(ctx, hazardsFound(mp)),
      route: hazardRoute(hazardsFound(mp)),
    }
  })
  const villages = (
    ctx.db.prepare('SELECT id, name FROM villages ORDER BY sort_order, id').all() as {
      id: number
      name: string
    }[]
  ).map((v) => ({
    name: v.name,
    hazards: hazardCount(ctx, hazardsFound(p, { villageId: { in: [v.id] } })),
    route: hazardRoute(hazardsFound(p, { villageId: { in: [v.id] } })),
  }))
  // hazards found in the period by 隐患类别 and by the enterprise's 行业 (outlets' hazards have no
  // industry), largest first; each row opens the hazard list filtered to exactly those hazards
  const found = `FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id
     WHERE h.found_on BETWEEN @from AND @to AND h.deleted_at IS NULL`
  const categories = (
    ctx.db
      .prepare(
        `SELECT h.category AS name, count(*) AS hazards FROM hazards h
         WHERE h.found_on BETWEEN @from AND @to AND coalesce(h.category, '') <> '' AND h.deleted_at IS NULL
         GROUP BY h.category ORDER BY hazards DESC, h.category`,
      )
      .all(p) as { name: string; hazards: number }[]
  ).map((c) => ({ ...c, route: hazardRoute(hazardsFound(p, { category: { in: [c.name] } })) }))
  const industries = (
    ctx.db
      .prepare(
        `SELECT i.id, i.name, count(*) AS hazards ${found.replace('WHERE', 'JOIN industries i ON i.id = e.industry_id WHERE')}
         GROUP BY i.id ORDER BY hazards DESC, i.sort_order`,
      )
      .all(p) as { id: number; name: string; hazards: number }[]
  ).map((i) => ({
    name: i.name,
    hazards: i.hazards,
    route: hazardRoute(hazardsFound(p, { industryId: { in: [i.id] } })),
  }))
  return { year, months, villages, categories, industries }
}

const percent = (v: number | null) => (v === null ? '—' : `${v}%`)

/** The data paragraph of a summary; the narrative around it is the clerk's. */
export function summaryText(p: Period, v: Map<string, { value: number | null }>): string {
  const n = (k: string) => v.get(k)?.value ?? 0
  const date = (d: string) =>
    `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`
  const orders = n('documents.rectification_order') + n('documents.rectification_opinion')
  return (
    `${date(p.from)}至${date(p.to)}，共组织安全生产检查${n('inspections')}次，出动检查人员${n('inspectors')}人次，` +
    `检查企业${n('inspectedEnterprises')}家，占在册企业的${percent(v.get('coverage')?.value ?? null)}；` +
    `发现各类安全隐患${n('hazards')}处（其中重大事故隐患${n('majorHazards')}处），已整改销号${n('closedHazards')}处，` +
    `整改率${percent(v.get('rectificationRate')?.value ?? null)}，尚未销号${n('openHazards')}处；` +
    `下达责令限期整改指令书（限期整改意见书）${orders}份、整改复查意见书${n('documents.reinspection_opinion')}份；` +
    `召开安全生产专题会议${n('meetings')}次，开展宣传活动${n('publicity')}次（受众${n('publicityReached')}人次），` +
    `组织教育培训${n('trainings')}场${n('trainees')}人次，开展应急演练${n('drills')}次（${n('drillParticipants')}人次参加）；` +
    `与${n('responsibilityLetters')}家企业、${n('villageLetters')}个村（社区）、${n('departmentLetters')}个部门和单位签订安全生产责任书。`
  )
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写作 2026-01-01')

export function computeStats(ctx: Ctx, p: Period) {
  const now = compute(ctx, p)
  const prev: Period = { from: shiftYear(p.from, -1), to: shiftYear(p.to, -1) }
  const before = compute(ctx, prev)
  const values: StatValue[] = STATS.map((s) => ({
    key: s.key,
    group: s.group,
    label: s.label,
    unit: 'unit' in s ? s.unit : '%',
    value: now.get(s.key)?.value ?? null,
    previous: 'snapshot' in s && s.snapshot ? null : (before.get(s.key)?.value ?? null),
    percent: 'ratio' in s,
    route: now.get(s.key)?.route ?? null,
    previousRoute: before.get(s.key)?.route ?? null,
  }))
  return { period: p, previousPeriod: prev, values, summary: summaryText(p, now), ...breakdowns(ctx, p) }
}

export type Stats = ReturnType<typeof computeStats>

export const periodInput = z
  .object({ from: date, to: date })
  .refine((p) => p.from <= p.to, { message: '起始日期不能晚于截止日期', path: ['from'] })

export const statsHandlers = {
  'stats.compute': handler(periodInput, (ctx, p) => computeStats(ctx, p)),
}
