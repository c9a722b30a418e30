// A list query as a screen's route query (`f.<field>`, `f.<field>.from` …, `p` for presets), so a
// count anywhere (工作台, 统计, 一户一档) links to the list showing exactly the records it counted.
// The list page parses the same keys back (src/ledger/list-state.ts).
import type { FieldFilter, ListQuery } from './types'

export type RouteQuery = Record<string, string | string[]>

function untyped(v: string | number | boolean): string {
  return typeof v === 'boolean' ? (v ? '1' : '0') : String(v)
}

/** Filters as route query entries. */
export function filtersToQuery(filters: Partial<Record<string, FieldFilter>>): RouteQuery {
  const q: RouteQuery = {}
  for (const [key, f] of Object.entries(filters)) {
    if (!f) continue
    if (f.in?.length) q[`f.${key}`] = f.in.map(untyped)
    if (f.notIn?.length) q[`f.${key}.not`] = f.notIn.map(untyped)
    if (f.from !== undefined) q[`f.${key}.from`] = String(f.from)
    if (f.to !== undefined) q[`f.${key}.to`] = String(f.to)
    if (f.empty !== undefined) q[`f.${key}.empty`] = f.empty ? '1' : '0'
    if (f.expiry) q[`f.${key}.expiry`] = f.expiry
  }
  return q
}

/** The filters, presets and search of a list query as route query entries. */
export function listRouteQuery(q: Pick<ListQuery, 'filters' | 'presets' | 'query'>): RouteQuery {
  return {
    ...filtersToQuery(q.filters ?? {}),
    ...(q.presets?.length ? { p: q.presets.join(',') } : {}),
    ...(q.query?.trim() ? { q: q.query.trim() } : {}),
  }
}
