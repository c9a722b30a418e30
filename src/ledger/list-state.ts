// A ledger list's state — search, per-field filters, bin, paging, sort — and its two encodings:
// the route query (so a link from 工作台 opens the list filtered to exactly those records, and
// Back undoes a filter) and the `<ledger>.list` input. Derived from the spec; nothing is listed
// by hand per ledger.
import type { LocationQuery, LocationQueryRaw, LocationQueryValue } from 'vue-router'
import type { FieldSpec, LedgerSpec } from '../../electron/core/shared/kit/spec'
import type { FieldFilter, ListQuery } from '../../electron/core/shared/kit/types'
import { filtersToQuery } from '../../electron/core/shared/kit/route'
export { filtersToQuery }

/** A plain deep copy (reactive proxies cannot be structured-cloned). */
function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T
}

export const PAGE_SIZES = [20, 50, 100] as const
export type PageSize = (typeof PAGE_SIZES)[number]

export interface ListState {
  query: string
  filters: Record<string, FieldFilter>
  deleted: boolean
  page: number
  pageSize: PageSize
  sort: { field: string; order: 'asc' | 'desc' } | null
  /** Exactly these records (a 统计 number such as 检查企业 links to its own set). */
  ids: number[]
  /** The spec's named filters (逾期未改 …), all of which hold. */
  presets: string[]
  /** The page's own filters (its `extraKeys` in the route, as written there), for the list hook's `extra`. */
  extra: Record<string, string>
}

/**
 * A list page's own filters beyond its spec (烟花爆竹's licence standing): the route keys that hold
 * them, and the list hook's `extra` they make (undefined: none set).
 */
export interface ListExtras {
  keys: readonly string[]
  input: (raw: Record<string, string>) => Record<string, unknown> | undefined
  /** Derived values the list hook sorts by (an outlet's licence's 有效期止). */
  sorts?: readonly string[]
}

export function emptyState(): ListState {
  return {
    query: '',
    filters: {},
    deleted: false,
    page: 1,
    pageSize: 20,
    sort: null,
    ids: [],
    presets: [],
    extra: {},
  }
}

type QueryValue = LocationQueryValue | LocationQueryValue[] | undefined

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

/** A route value as the field's value type: ids and years as numbers, yes/no as booleans. */
function typed(f: FieldSpec, s: string): string | number | boolean | null {
  if (f.kind === 'ref' || f.kind === 'int' || f.kind === 'year' || f.kind === 'decimal') {
    const n = Number(s)
    return Number.isFinite(n) && s !== '' ? n : null
  }
  if (f.kind === 'yesNo') return s === '1' ? true : s === '0' ? false : null
  if (f.kind === 'enum' || f.kind === 'flags') return f.options?.some((o) => o.value === s) ? s : null
  return s
}

export function parseRouteQuery(
  spec: LedgerSpec,
  q: LocationQuery,
  extras: Partial<Pick<ListExtras, 'keys' | 'sorts'>> = {},
): ListState {
  const page = Number(first(q.page))
  const size = Number(first(q.pageSize))
  const sortField = first(q.sort)
  const order = first(q.order)
  const filters: Record<string, FieldFilter> = {}
  const sortable = new Set<string>([
    'updatedAt',
    'createdAt',
    ...(spec.rank ? [spec.rank.key] : []),
    ...(extras.sorts ?? []),
  ])
  for (const f of spec.fields as FieldSpec[]) {
    if (f.list?.sortable !== false) sortable.add(f.key)
    const flt: FieldFilter = {}
    const inVals = values(q[`f.${f.key}`])
      .map((s) => typed(f, s))
      .filter((v): v is string | number | boolean => v !== null)
    if (inVals.length) flt.in = [...new Set(inVals)]
    const notIn = values(q[`f.${f.key}.not`])
      .map((s) => typed(f, s))
      .filter((v): v is string | number => v !== null && typeof v !== 'boolean')
    if (notIn.length) flt.notIn = notIn
    const from = first(q[`f.${f.key}.from`])
    const to = first(q[`f.${f.key}.to`])
    if (from) flt.from = typed(f, from) as string | number
    if (to) flt.to = typed(f, to) as string | number
    const empty = first(q[`f.${f.key}.empty`])
    if (empty === '1' || empty === '0') flt.empty = empty === '1'
    const expiry = first(q[`f.${f.key}.expiry`])
    if (f.expires && (expiry === 'expired' || expiry === 'expiring')) flt.expiry = expiry
    if (Object.keys(flt).length) filters[f.key] = flt
  }
  // filters on a linked record's value (a hazard's 所属村) take that record's ids
  for (const l of spec.linkedFilters ?? []) {
    const ids = values(q[`f.${l.key}`])
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0)
    if (ids.length) filters[l.key] = { in: [...new Set(ids)] }
  }
  const presetKeys = new Set((spec.presets ?? []).map((p) => p.key))
  const raw = q.q
  return {
    query: typeof raw === 'string' ? raw : Array.isArray(raw) ? (raw[0] ?? '') : '',
    filters,
    deleted: first(q.deleted) === '1',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? (size as PageSize) : 20,
    sort:
      sortable.has(sortField) && (order === 'asc' || order === 'desc') ? { field: sortField, order } : null,
    ids: [
      ...new Set(
        values(q.ids)
          .map(Number)
          .filter((n) => Number.isInteger(n) && n >= 0),
      ),
    ].slice(0, 10_000),
    presets: [...new Set(values(q.p).filter((k) => presetKeys.has(k)))],
    extra: Object.fromEntries((extras.keys ?? []).flatMap((k) => (first(q[k]) ? [[k, first(q[k])]] : []))),
  }
}

export function toRouteQuery(s: ListState): LocationQueryRaw {
  const q: LocationQueryRaw = filtersToQuery(s.filters)
  const trimmed = s.query.trim()
  if (trimmed) q.q = trimmed
  if (s.deleted) q.deleted = '1'
  if (s.ids.length) q.ids = s.ids.join(',')
  if (s.presets.length) q.p = s.presets.join(',')
  if (s.page > 1) q.page = String(s.page)
  if (s.pageSize !== 20) q.pageSize = String(s.pageSize)
  if (s.sort) {
    q.sort = s.sort.field
    q.order = s.sort.order
  }
  for (const [k, v] of Object.entries(s.extra)) if (v) q[k] = v
  return q
}

export function toListInput(s: ListState, extras?: ListExtras): ListQuery {
  const input: ListQuery = { page: s.page, pageSize: s.pageSize, deleted: s.deleted }
  const trimmed = s.query.trim()
  if (trimmed) input.query = trimmed
  if (Object.keys(s.filters).length) input.filters = clone(s.filters)
  if (s.sort) input.sort = { ...s.sort }
  // id 0 matches nothing: a link to an empty set (ids=0) shows no records, not all of them
  if (s.ids.length) input.ids = [...s.ids]
  if (s.presets.length) input.presets = [...s.presets]
  const extra = extras?.input(s.extra)
  if (extra && Object.keys(extra).length) input.extra = extra
  return input
}

export function hasFilters(s: ListState): boolean {
  return (
    s.query.trim() !== '' ||
    Object.keys(s.filters).length > 0 ||
    s.ids.length > 0 ||
    s.presets.length > 0 ||
    Object.keys(s.extra).length > 0
  )
}

/** Sets (or clears, with an empty filter) one field's filter. */
export function withFilter(s: ListState, key: string, f: FieldFilter | null): Record<string, FieldFilter> {
  const next = { ...s.filters }
  const empty =
    !f ||
    (!f.in?.length &&
      !f.notIn?.length &&
      f.from === undefined &&
      f.to === undefined &&
      f.empty === undefined &&
      !f.expiry)
  if (empty) delete next[key]
  else next[key] = f
  return next
}
