import { SUPERVISION_LEVELS, type HazardGrade, type SupervisionLevel } from '../shared/inspection-fields'
import type { FieldFilter } from '../shared/kit/types'
import type { Ctx } from '../context'
import { hazardRepo } from '../inspections/ledger'
import { listRouteQuery } from '../shared/kit/route'
import type { Period, Route, StatDef } from './stats'

// The counts the upward report forms ask for beyond the general ones: hazards by grade and closed,
// and 挂牌督办 by level (市级 / 县级 / 乡镇). Each is the total of the hazard list its link opens.

/** Hazards found in the period, with more filters or presets: the hazard list's own query. */
export function hazardsFound(
  p: Period,
  filters: Record<string, FieldFilter> = {},
  presets: string[] = [],
): { filters: Record<string, FieldFilter>; presets: string[] } {
  return { filters: { foundOn: { from: p.from, to: p.to }, ...filters }, presets }
}
/** The count of a hazard query and the list showing exactly those hazards. */
export const hazardCount = (ctx: Ctx, q: ReturnType<typeof hazardsFound>): number => hazardRepo.count(ctx, q)
export const hazardRoute = (q: ReturnType<typeof hazardsFound>): Route => ({
  name: 'hazards',
  query: listRouteQuery(q),
})
const LEVELS = Object.keys(SUPERVISION_LEVELS) as SupervisionLevel[]
const CLOSED: Record<string, FieldFilter> = { status: { in: ['closed'] } }

function stat(key: string, group: string, label: string, filters: Record<string, FieldFilter>): StatDef {
  return {
    key,
    group,
    label,
    unit: '处',
    count: (ctx, p) => hazardCount(ctx, hazardsFound(p, filters)),
    route: (_c, p) => hazardRoute(hazardsFound(p, filters)),
  }
}

function graded(grade: HazardGrade, closed: boolean, key: string, label: string): StatDef {
  return stat(key, '隐患排查治理', label, { grade: { in: [grade] }, ...(closed ? CLOSED : {}) })
}

function supervised(levels: SupervisionLevel[], closed: boolean, key: string, label: string): StatDef {
  return stat(key, '挂牌督办', label, { supervisionLevel: { in: levels }, ...(closed ? CLOSED : {}) })
}

export const hazardReportStats: StatDef[] = [
  graded('general', false, 'generalHazards', '其中一般事故隐患'),
  graded('general', true, 'closedGeneralHazards', '一般隐患已整改销号'),
  {
    key: 'generalRate',
    group: '隐患排查治理',
    label: '一般隐患整改率',
    ratio: ['closedGeneralHazards', 'generalHazards'],
  },
  graded('major', true, 'closedMajorHazards', '重大隐患已整改销号'),
  {
    key: 'majorRate',
    group: '隐患排查治理',
    label: '重大隐患整改率',
    ratio: ['closedMajorHazards', 'majorHazards'],
  },
  supervised(LEVELS, true, 'supervisedClosed', '挂牌督办已整改销号'),
  {
    key: 'supervisedRate',
    group: '挂牌督办',
    label: '挂牌督办整改完成率',
    ratio: ['supervisedClosed', 'supervisedHazards'],
  },
  ...LEVELS.flatMap((l) => [
    supervised([l], false, `supervised.${l}`, SUPERVISION_LEVELS[l]),
    supervised([l], true, `supervised.${l}.closed`, `${SUPERVISION_LEVELS[l]}已整改销号`),
  ]),
]
