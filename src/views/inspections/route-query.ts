// Reading and writing list filters in the route query (?k=a&k=b or ?k=a,b), as the 企业台账 does:
// a link from 工作台 opens a list filtered to exactly the records it counted.
import type { LocationQuery, LocationQueryValue } from 'vue-router'

type QueryValue = LocationQueryValue | LocationQueryValue[] | undefined

export function values(v: QueryValue): string[] {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]
  return list
    .flatMap((s) => (s ?? '').split(','))
    .map((s) => s.trim())
    .filter(Boolean)
}

export function first(v: QueryValue): string {
  return values(v)[0] ?? ''
}

export function ids(v: QueryValue): number[] {
  return [
    ...new Set(
      values(v)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0),
    ),
  ]
}

export function oneOf<T extends string>(v: QueryValue, allowed: Record<T, string>): T[] {
  return [...new Set(values(v).filter((s): s is T => Object.prototype.hasOwnProperty.call(allowed, s)))]
}

export function flag(v: QueryValue): boolean {
  return first(v) === '1'
}

export function text(q: LocationQuery, key: string): string {
  const raw = q[key]
  return typeof raw === 'string' ? raw : Array.isArray(raw) ? (raw[0] ?? '') : ''
}

export function date(v: QueryValue): string {
  const s = first(v)
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : ''
}

export const PAGE_SIZES = [20, 50, 100] as const
export type PageSize = (typeof PAGE_SIZES)[number]

export function pageOf(q: LocationQuery): { page: number; pageSize: PageSize } {
  const page = Number(first(q.page))
  const size = Number(first(q.pageSize))
  return {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? (size as PageSize) : 20,
  }
}
