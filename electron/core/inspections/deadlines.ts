// Deadline rules for hidden dangers, as pure functions on 'YYYY-MM-DD' calendar dates.
// Source: 《安全生产违法行为行政处罚办法》 (REFERENCE.md §1.6; which edition and article, and the
// periods N, are office settings, see rules.ts):
//   - "因不可抗力无法在规定限期内完成的，应当在进行整改或者治理的同时，于限期届满前N日内提出书面延期申请"
//     → a request is accepted up to the deadline; outside the window the office configured it is
//     accepted with a warning, because offices read "前N日内" two ways;
//   - "安全监管监察部门应当在收到申请之日起N日内书面答复是否准予延期" → received + N days;
//   - "生产经营单位提出复查申请或者整改、治理限期届满的，安全监管监察部门应当自申请或者限期届满之日起
//     N日内进行复查" → N days from the request or the deadline, whichever comes first.
// Arithmetic is done on UTC midnights so no local timezone or DST shift can move a date.
import type { DeadlineRules } from '../shared/inspection-fields'

import { addDays } from '../shared/dates'

export { addDays, daysBetween, isValidDate } from '../shared/dates'

export function maxDate(a: string, b: string): string {
  return a >= b ? a : b
}

export function minDate(a: string, b: string): string {
  return a <= b ? a : b
}

export { chinaDate, chinaDateTime } from '../shared/inspection-fields'

/** '2026-12-05' → '2026年12月5日', as printed on documents. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return `${y}年${m}月${d}日`
}

type Periods = Pick<DeadlineRules, 'extensionDays' | 'extensionWindow' | 'answerDays' | 'reinspectionDays'>

/**
 * The extension window the office configured, as inclusive dates (from null = open start):
 * "atLeast" reads "于限期届满前N日内提出" as "no later than N days before the deadline",
 * "lastDays" as "within the last N days before the deadline".
 */
export function extensionWindow(deadline: string, r: Periods): { from: string | null; to: string } {
  return r.extensionWindow === 'atLeast'
    ? { from: null, to: addDays(deadline, -r.extensionDays) }
    : { from: addDays(deadline, -r.extensionDays), to: deadline }
}

/** A request can be taken until the period ends ("于…前整改完毕": the deadline day itself is still in time). */
export function canRequestExtension(deadline: string, requestedOn: string): boolean {
  return requestedOn <= deadline
}

/** Inside the configured window; outside it the request is still accepted, with a warning. */
export function inExtensionWindow(deadline: string, requestedOn: string, r: Periods): boolean {
  const w = extensionWindow(deadline, r)
  return (w.from === null || requestedOn >= w.from) && requestedOn <= w.to
}

/** "在收到申请之日起N日内书面答复是否准予延期": received + N days. */
export function extensionAnswerDue(receivedOn: string, r: Pick<Periods, 'answerDays'>): string {
  return addDays(receivedOn, r.answerDays)
}

/**
 * "自申请或者限期届满之日起N日内进行复查": the clock starts at whichever comes first — the enterprise's
 * request for a re-inspection when it came before the deadline, otherwise the deadline.
 */
export function reinspectionDue(
  deadline: string | null,
  requestedOn: string | null,
  r: Pick<Periods, 'reinspectionDays'>,
): string | null {
  const start = deadline && requestedOn ? minDate(deadline, requestedOn) : (deadline ?? requestedOn)
  return start ? addDays(start, r.reinspectionDays) : null
}

/** Overdue from the day after the deadline ("于…前整改完毕": the deadline day itself is still in time). */
export function isOverdue(deadline: string | null, today: string): boolean {
  return deadline !== null && today > deadline
}

/** Deadline falls within the next `days` days, today included. */
export function isDueWithin(deadline: string | null, today: string, days: number): boolean {
  return deadline !== null && deadline >= today && deadline <= addDays(today, days)
}
