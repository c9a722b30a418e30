// Filters of the 检查台账 in the route query: 村, 企业, 类型, 方式, 期间, 关键字.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import {
  INSPECTION_MODES,
  INSPECTION_TYPES,
  type InspectionMode,
  type InspectionType,
} from '../../../electron/core/shared/inspection-fields'
import { date, ids, oneOf, pageOf, text, type PageSize } from './route-query'
import type { InspectionListInput } from './types'

export interface InspectionFilters {
  query: string
  villageIds: number[]
  enterpriseIds: number[]
  /** 烟花爆竹零售点 (an outlet's 一户一档 opens its inspections). */
  outletIds: number[]
  types: InspectionType[]
  modes: InspectionMode[]
  from: string
  to: string
  page: number
  pageSize: PageSize
}

export function parseInspectionQuery(q: LocationQuery): InspectionFilters {
  return {
    query: text(q, 'q'),
    villageIds: ids(q.villageIds),
    enterpriseIds: ids(q.enterpriseIds),
    outletIds: ids(q.outletIds),
    types: oneOf(q.types, INSPECTION_TYPES),
    modes: oneOf(q.modes, INSPECTION_MODES),
    from: date(q.from),
    to: date(q.to),
    ...pageOf(q),
  }
}

export function inspectionRouteQuery(f: InspectionFilters): LocationQueryRaw {
  const q: LocationQueryRaw = {}
  if (f.query.trim()) q.q = f.query.trim()
  if (f.villageIds.length) q.villageIds = f.villageIds.map(String)
  if (f.enterpriseIds.length) q.enterpriseIds = f.enterpriseIds.map(String)
  if (f.outletIds.length) q.outletIds = f.outletIds.map(String)
  if (f.types.length) q.types = [...f.types]
  if (f.modes.length) q.modes = [...f.modes]
  if (f.from) q.from = f.from
  if (f.to) q.to = f.to
  if (f.page > 1) q.page = String(f.page)
  if (f.pageSize !== 20) q.pageSize = String(f.pageSize)
  return q
}

export function inspectionListInput(f: InspectionFilters): InspectionListInput {
  const input: InspectionListInput = { page: f.page, pageSize: f.pageSize }
  if (f.query.trim()) input.query = f.query.trim()
  if (f.villageIds.length) input.villageIds = [...f.villageIds]
  if (f.enterpriseIds.length) input.enterpriseIds = [...f.enterpriseIds]
  if (f.outletIds.length) input.outletIds = [...f.outletIds]
  if (f.types.length) input.types = [...f.types]
  if (f.modes.length) input.modes = [...f.modes]
  if (f.from || f.to) input.period = { ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) }
  return input
}

export function inspectionFiltersActive(f: InspectionFilters): boolean {
  return (
    f.query.trim() !== '' ||
    f.villageIds.length > 0 ||
    f.enterpriseIds.length > 0 ||
    f.outletIds.length > 0 ||
    f.types.length > 0 ||
    f.modes.length > 0 ||
    f.from !== '' ||
    f.to !== ''
  )
}
