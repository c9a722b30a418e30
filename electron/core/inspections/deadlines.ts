// Deadline rules for hidden dangers, as pure functions on 'YYYY-MM-DD' calendar dates.
// Source: 《安全生产违法行为行政处罚办法》(原国家安监总局令第15号) 第十七条 (REFERENCE.md §1.6):
//   - an extension must be requested in writing "于限期届满前10日内" → at the latest deadline − 10 days;
//   - the office answers "自收到申请之日起5日内" → received + 5 days;
//   - the office re-inspects "自申请或者限期届满之日起10日内" → max(deadline, request) + 10 days.
// Arithmetic is done on UTC midnights so no local timezone or DST shift can move a date.

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

function toUtc(s: string): number {
  if (!isValidDate(s)) throw new RangeError(`not a date: ${s}`)
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d)
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS)
}

/** Whole days from a to b (b − a); negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS)
}

export function maxDate(a: string, b: string): string {
  return a >= b ? a : b
}

/** The local calendar date of a moment (the office's wall clock), 'YYYY-MM-DD'. */
export function localDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** '2026-12-05' → '2026年12月5日', as printed on documents. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return `${y}年${m}月${d}日`
}

/** 15号令 第十七条: the last day on which an extension may be requested. */
export function extensionLatestRequestDate(deadline: string): string {
  return addDays(deadline, -10)
}

/** Exactly 10 days before the deadline is still in time; 9 days is too late. */
export function canRequestExtension(deadline: string, requestedOn: string): boolean {
  return requestedOn <= extensionLatestRequestDate(deadline)
}

/** 15号令 第十七条: the office answers within 5 days of receiving the request. */
export function extensionAnswerDue(receivedOn: string): string {
  return addDays(receivedOn, 5)
}

/** 15号令 第十七条: re-inspection within 10 days of the deadline or of the enterprise's request, whichever is later. */
export function reinspectionDue(deadline: string, requestedOn: string | null): string {
  return addDays(requestedOn ? maxDate(deadline, requestedOn) : deadline, 10)
}

/** Overdue from the day after the deadline ("于…前整改完毕": the deadline day itself is still in time). */
export function isOverdue(deadline: string | null, today: string): boolean {
  return deadline !== null && today > deadline
}

/** Deadline falls within the next `days` days, today included. */
export function isDueWithin(deadline: string | null, today: string, days: number): boolean {
  return deadline !== null && deadline >= today && deadline <= addDays(today, days)
}
