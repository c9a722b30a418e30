// Calendar arithmetic on ISO dates (YYYY-MM-DD), in whole days and without time zones.

const DAY = 86_400_000

export function toUtc(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d)
}

export function fromUtc(t: number): string {
  return new Date(t).toISOString().slice(0, 10)
}

export function addDays(iso: string, n: number): string {
  return fromUtc(toUtc(iso) + n * DAY)
}

/** Days from a to b (b − a); negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY)
}

/** The same date n years later; 2月29日 in a common year is 3月1日 (the day after 2月28日). */
export function anniversary(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  const t = Date.UTC(y + years, m - 1, d)
  return fromUtc(t)
}
