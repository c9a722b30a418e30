// Calendar dates: arithmetic on ISO dates (YYYY-MM-DD) in whole days on UTC midnights, so no local
// time zone or DST shift can move a date, and "now" as the wall clock in China.
// No imports: the renderer uses these too.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

/** True for a real calendar date written 'YYYY-MM-DD' (2027-02-29 is not one). */
export function isValidDate(s: string): boolean {
  const m = DATE_RE.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const t = new Date(Date.UTC(y, mo - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && y >= 1900
}

export function toUtc(s: string): number {
  if (!isValidDate(s)) throw new RangeError(`not a date: ${s}`)
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d)
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']
const SHORT_WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** Day of week, 0 = Sunday (on the UTC midnight, so no time zone shifts the date). */
export function dayOfWeek(date: string): number {
  return new Date(toUtc(date)).getUTCDay()
}

/** 星期一 … 星期日 */
export function weekdayName(date: string): string {
  return WEEKDAYS[dayOfWeek(date)] as string
}

/** 一 … 日, for narrow columns */
export function shortWeekday(date: string): string {
  return SHORT_WEEKDAYS[dayOfWeek(date)] as string
}

export function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS)
}

/** Whole days from a to b (b − a); negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS)
}

/** The same date n years later; 2月29日 in a common year is 3月1日 (the day after 2月28日). */
export function anniversary(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return fromUtc(Date.UTC(y + years, m - 1, d))
}

// ---- "now" in China ----------------------------------------------------------------------------------
// Deadlines, overdue status, document dates and record timestamps are China's calendar and clock,
// whatever time zone the office PC is set to (a PC left on UTC reads 07:30 Beijing time as the
// previous day). China Standard Time is UTC+8 with no daylight saving since 1991, so a fixed offset is
// exact for every date the app handles and needs no time-zone database.
const CHINA_OFFSET_MS = 8 * 3_600_000

/** 'YYYY-MM-DD HH:MM:SS' wall-clock time in China (Asia/Shanghai) of a moment. */
export function chinaDateTime(d: Date): string {
  return new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

/** 'YYYY-MM-DD' calendar date in China (Asia/Shanghai) of a moment. */
export function chinaDate(d: Date): string {
  return chinaDateTime(d).slice(0, 10)
}
