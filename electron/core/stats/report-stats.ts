import type { Ctx } from '../context'
import { listHazards } from '../inspections/hazards'
import { SUPERVISION_LEVELS, type HazardGrade, type SupervisionLevel } from '../shared/inspection-fields'
import type { Period, StatDef } from './stats'

// The counts the upward report forms ask for beyond the general ones: hazards by grade and closed,
// and 挂牌督办 by level (市级 / 县级 / 乡镇). Each is the total of the hazard list its link opens.

const page = { page: 1, pageSize: 1 }
const range = (p: Period) => ({ from: p.from, to: p.to })
const LEVELS = Object.keys(SUPERVISION_LEVELS) as SupervisionLevel[]

function graded(grade: HazardGrade, closed: boolean, key: string, label: string): StatDef {
  return {
    key,
    group: '隐患排查治理',
    label,
    unit: '处',
    count: (ctx: Ctx, p) =>
      listHazards(ctx, {
        ...page,
        period: range(p),
        grades: [grade],
        ...(closed ? { statuses: ['closed'] } : {}),
      }).total,
    route: (_c, p) => ({
      name: 'hazards',
      query: { ...range(p), grades: grade, ...(closed ? { statuses: 'closed' } : {}) },
    }),
  }
}

function supervised(levels: SupervisionLevel[], closed: boolean, key: string, label: string): StatDef {
  const all = levels.length === LEVELS.length
  return {
    key,
    group: '挂牌督办',
    label,
    unit: '处',
    count: (ctx, p) =>
      listHazards(ctx, {
        ...page,
        period: range(p),
        supervisionLevels: levels,
        ...(closed ? { statuses: ['closed'] } : {}),
      }).total,
    route: (_c, p) => ({
      name: 'hazards',
      query: {
        ...range(p),
        ...(all ? { supervised: '1' } : { levels: levels.join(',') }),
        ...(closed ? { statuses: 'closed' } : {}),
      },
    }),
  }
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
