// Filters of the 隐患整改台账 in the route query. The 工作台 badges link here with exactly the filter
// whose count they show (dashboard.hazards returns each count's filter; hazardFilterRoute turns it
// into this page's address): 逾期 → overdue=1, 7日内到期 → due7=1, 待复查 → statuses=awaiting_review.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import {
  HAZARD_GRADES,
  HAZARD_STATUSES,
  SUPERVISION_LEVELS,
  type HazardGrade,
  type HazardStatus,
  type SupervisionLevel,
} from '../../../electron/core/shared/inspection-fields'
import { date, first, flag, ids, oneOf, pageOf, text, type PageSize } from './route-query'
import type { HazardListInput } from './types'

export type HazardSortField = NonNullable<HazardListInput['sort']>['field']
const HAZARD_SORT_FIELDS: readonly HazardSortField[] = [
  'urgency',
  'foundOn',
  'deadline',
  'enterpriseName',
  'grade',
  'status',
]

export interface HazardFilters {
  query: string
  villageIds: number[]
  industryIds: number[]
  /** 隐患类别 (from 统计's by-category table). */
  categories: string[]
  enterpriseIds: number[]
  grades: HazardGrade[]
  statuses: HazardStatus[]
  overdue: boolean
  due7: boolean
  reviewDue: boolean
  /** 挂牌督办 at any level. */
  supervised: boolean
  /** 挂牌督办 at these levels only (the 统计 page's 市级/县级/乡镇 counts). */
  levels: SupervisionLevel[]
  from: string
  to: string
  page: number
  pageSize: PageSize
  sort: { field: HazardSortField; order: 'asc' | 'desc' } | null
}

export function parseHazardQuery(q: LocationQuery): HazardFilters {
  const field = first(q.sort)
  const order = first(q.order)
  return {
    query: text(q, 'q'),
    villageIds: ids(q.villageIds),
    industryIds: ids(q.industryIds),
    categories: (Array.isArray(q.categories) ? q.categories : [q.categories])
      .filter((c): c is string => typeof c === 'string' && c.trim() !== '')
      .slice(0, 20),
    enterpriseIds: ids(q.enterpriseIds),
    grades: oneOf(q.grades, HAZARD_GRADES),
    statuses: oneOf(q.statuses, HAZARD_STATUSES),
    overdue: flag(q.overdue),
    due7: flag(q.due7),
    reviewDue: flag(q.reviewDue),
    supervised: flag(q.supervised),
    levels: oneOf(q.levels, SUPERVISION_LEVELS),
    from: date(q.from),
    to: date(q.to),
    ...pageOf(q),
    sort:
      (HAZARD_SORT_FIELDS as readonly string[]).includes(field) && (order === 'asc' || order === 'desc')
        ? { field: field as HazardSortField, order }
        : null,
  }
}

export function hazardRouteQuery(f: HazardFilters): LocationQueryRaw {
  const q: LocationQueryRaw = {}
  if (f.query.trim()) q.q = f.query.trim()
  if (f.villageIds.length) q.villageIds = f.villageIds.map(String)
  if (f.industryIds.length) q.industryIds = f.industryIds.map(String)
  if (f.categories.length) q.categories = [...f.categories]
  if (f.enterpriseIds.length) q.enterpriseIds = f.enterpriseIds.map(String)
  if (f.grades.length) q.grades = [...f.grades]
  if (f.statuses.length) q.statuses = [...f.statuses]
  if (f.overdue) q.overdue = '1'
  if (f.due7) q.due7 = '1'
  if (f.reviewDue) q.reviewDue = '1'
  if (f.supervised) q.supervised = '1'
  if (f.levels.length) q.levels = [...f.levels]
  if (f.from) q.from = f.from
  if (f.to) q.to = f.to
  if (f.page > 1) q.page = String(f.page)
  if (f.pageSize !== 20) q.pageSize = String(f.pageSize)
  if (f.sort) {
    q.sort = f.sort.field
    q.order = f.sort.order
  }
  return q
}

export function hazardListInput(f: HazardFilters): HazardListInput {
  const input: HazardListInput = { page: f.page, pageSize: f.pageSize }
  if (f.query.trim()) input.query = f.query.trim()
  if (f.villageIds.length) input.villageIds = [...f.villageIds]
  if (f.industryIds.length) input.industryIds = [...f.industryIds]
  if (f.categories.length) input.categories = [...f.categories]
  if (f.enterpriseIds.length) input.enterpriseIds = [...f.enterpriseIds]
  if (f.grades.length) input.grades = [...f.grades]
  if (f.statuses.length) input.statuses = [...f.statuses]
  // Same filters as the dashboard counts (hazardDashboard): the badge and the list always agree.
  if (f.overdue) input.overdue = true
  if (f.due7) input.dueWithinDays = 7
  if (f.reviewDue) input.reviewDue = true
  if (f.levels.length) input.supervisionLevels = [...f.levels]
  else if (f.supervised) input.supervisionLevels = ['city', 'county', 'township']
  if (f.from || f.to) input.period = { ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) }
  if (f.sort) input.sort = { ...f.sort }
  return input
}

export function hazardFiltersActive(f: HazardFilters): boolean {
  return (
    f.query.trim() !== '' ||
    f.villageIds.length > 0 ||
    f.industryIds.length > 0 ||
    f.categories.length > 0 ||
    f.enterpriseIds.length > 0 ||
    f.grades.length > 0 ||
    f.statuses.length > 0 ||
    f.overdue ||
    f.due7 ||
    f.reviewDue ||
    f.supervised ||
    f.levels.length > 0 ||
    f.from !== '' ||
    f.to !== ''
  )
}

type ListFilter = Omit<HazardListInput, 'page' | 'pageSize' | 'sort'>
/** A hazard.list filter as the core hands it out (arrays may be readonly). */
export type HazardFilterInput = {
  [K in keyof ListFilter]?: NonNullable<ListFilter[K]> extends (infer U)[] ? readonly U[] : ListFilter[K]
}

/**
 * The address of the list showing exactly the hazards of a hazard.list filter (the 工作台 badges).
 * A filter this page cannot express throws, so a badge can never open a different list than it counts.
 */
export function hazardFilterRoute(f: HazardFilterInput): LocationQueryRaw {
  const { statuses, grades, villageIds, enterpriseIds, overdue, dueWithinDays, reviewDue, ...rest } = f
  const unknown = Object.keys(rest)
  if (unknown.length > 0) throw new Error(`隐患列表不能按 ${unknown.join('、')} 筛选`)
  if (dueWithinDays !== undefined && dueWithinDays !== 7)
    throw new Error(`隐患列表只能按7日内到期筛选，不能按${dueWithinDays}日`)
  return hazardRouteQuery({
    ...parseHazardQuery({}),
    statuses: [...(statuses ?? [])],
    grades: [...(grades ?? [])],
    villageIds: [...(villageIds ?? [])],
    enterpriseIds: [...(enterpriseIds ?? [])],
    overdue: overdue === true,
    due7: dueWithinDays === 7,
    reviewDue: reviewDue === true,
  })
}
