import data from 'chinese-days/dist/chinese-days.json'
import type { CalendarEntry } from '../shared/duty/calendar'

// Statutory holidays and make-up workdays from the chinese-days package (maintained from the State
// Council's yearly notices). Its entries read "Spring Festival,春节,4": the Chinese name is the second part.

const chineseName = (v: string): string => v.split(',')[1] ?? v

let cached: CalendarEntry[] | null = null

export function packageCalendar(): CalendarEntry[] {
  if (cached) return cached
  const out: CalendarEntry[] = []
  for (const [date, v] of Object.entries(data.holidays as Record<string, string>))
    out.push({ date, kind: 'holiday', name: chineseName(v) })
  for (const [date, v] of Object.entries(data.workdays as Record<string, string>))
    out.push({ date, kind: 'workday', name: chineseName(v) })
  cached = out.sort((a, b) => (a.date < b.date ? -1 : 1))
  return cached
}
