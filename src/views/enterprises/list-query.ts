// The list's filters live in the route query, so a link from 工作台 (e.g. 重大风险 → riskLevels=major)
// opens the list filtered to exactly those records, and the browser's back button undoes a filter.
import type { LocationQuery, LocationQueryRaw, LocationQueryValue } from 'vue-router'
import {
  ENTERPRISE_FLAGS,
  ENTERPRISE_SORT_FIELDS,
  RISK_LEVELS,
  SCALES,
  STATUSES,
  type EnterpriseFlag,
  type EnterpriseSortField,
  type EnterpriseStatus,
  type RiskLevel,
  type Scale,
} from '../../../electron/core/shared/enterprise-fields'
import type { EnterpriseListInput } from '../../api/types'

export const PAGE_SIZES = [20, 50, 100] as const
export type PageSize = (typeof PAGE_SIZES)[number]

export interface ListSort {
  field: EnterpriseSortField
  order: 'asc' | 'desc'
}

export interface ListFilters {
  query: string
  villageIds: number[]
  industryIds: number[]
  scales: Scale[]
  statuses: EnterpriseStatus[]
  riskLevels: RiskLevel[]
  flags: EnterpriseFlag[]
  /** true: the 回收站. */
  deleted: boolean
  page: number
  pageSize: PageSize
  sort: ListSort | null
}

export function emptyFilters(): ListFilters {
  return {
    query: '',
    villageIds: [],
    industryIds: [],
    scales: [],
    statuses: [],
    riskLevels: [],
    flags: [],
    deleted: false,
    page: 1,
    pageSize: 20,
    sort: null,
  }
}

type QueryValue = LocationQueryValue | LocationQueryValue[] | undefined

/** Accepts ?k=a&k=b and ?k=a,b alike; drops empty parts. */
function values(v: QueryValue): string[] {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]
  return list
    .flatMap((s) => (s ?? '').split(','))
    .map((s) => s.trim())
    .filter(Boolean)
}

function first(v: QueryValue): string {
  return values(v)[0] ?? ''
}

function ids(v: QueryValue): number[] {
  return [
    ...new Set(
      values(v)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0),
    ),
  ]
}

function oneOf<T extends string>(v: QueryValue, allowed: Record<T, string>): T[] {
  return [...new Set(values(v).filter((s): s is T => Object.prototype.hasOwnProperty.call(allowed, s)))]
}

export function parseListQuery(q: LocationQuery): ListFilters {
  const page = Number(first(q.page))
  const size = Number(first(q.pageSize))
  const field = first(q.sort)
  const order = first(q.order)
  const rawQuery = q.q
  return {
    query: typeof rawQuery === 'string' ? rawQuery : Array.isArray(rawQuery) ? (rawQuery[0] ?? '') : '',
    villageIds: ids(q.villageIds),
    industryIds: ids(q.industryIds),
    scales: oneOf(q.scales, SCALES),
    statuses: oneOf(q.statuses, STATUSES),
    riskLevels: oneOf(q.riskLevels, RISK_LEVELS),
    flags: oneOf(q.flags, ENTERPRISE_FLAGS),
    deleted: first(q.deleted) === '1',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? (size as PageSize) : 20,
    sort:
      (ENTERPRISE_SORT_FIELDS as readonly string[]).includes(field) && (order === 'asc' || order === 'desc')
        ? { field: field as EnterpriseSortField, order }
        : null,
  }
}

/** The route query for a filter state; defaults are left out so links stay short. */
export function toRouteQuery(f: ListFilters): LocationQueryRaw {
  const q: LocationQueryRaw = {}
  const trimmed = f.query.trim()
  if (trimmed) q.q = trimmed
  if (f.villageIds.length) q.villageIds = f.villageIds.map(String)
  if (f.industryIds.length) q.industryIds = f.industryIds.map(String)
  if (f.scales.length) q.scales = [...f.scales]
  if (f.statuses.length) q.statuses = [...f.statuses]
  if (f.riskLevels.length) q.riskLevels = [...f.riskLevels]
  if (f.flags.length) q.flags = [...f.flags]
  if (f.deleted) q.deleted = '1'
  if (f.page > 1) q.page = String(f.page)
  if (f.pageSize !== 20) q.pageSize = String(f.pageSize)
  if (f.sort) {
    q.sort = f.sort.field
    q.order = f.sort.order
  }
  return q
}

export function toListInput(f: ListFilters): EnterpriseListInput {
  const input: EnterpriseListInput = { page: f.page, pageSize: f.pageSize, deleted: f.deleted }
  const trimmed = f.query.trim()
  if (trimmed) input.query = trimmed
  if (f.villageIds.length) input.villageIds = [...f.villageIds]
  if (f.industryIds.length) input.industryIds = [...f.industryIds]
  if (f.scales.length) input.scales = [...f.scales]
  if (f.statuses.length) input.statuses = [...f.statuses]
  if (f.riskLevels.length) input.riskLevels = [...f.riskLevels]
  if (f.flags.length) input.flags = [...f.flags]
  if (f.sort) input.sort = { ...f.sort }
  return input
}

/** Whether any ledger filter (not paging or sorting) is active. */
export function hasFilters(f: ListFilters): boolean {
  return (
    f.query.trim() !== '' ||
    f.villageIds.length > 0 ||
    f.industryIds.length > 0 ||
    f.scales.length > 0 ||
    f.statuses.length > 0 ||
    f.riskLevels.length > 0 ||
    f.flags.length > 0
  )
}
