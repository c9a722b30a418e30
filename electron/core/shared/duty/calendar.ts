// The working calendar a duty roster is drawn on: statutory holidays (法定节假日) and make-up
// workdays (调休上班) from a maintained calendar package for the years it covers, plus the dates the
// office enters (the next year's schedule is published each November, before any package has it).
// Pure and Electron-free: the built-in list is handed in by the core, so the renderer can use the
// same rules on data it fetched.

/** A date the calendar says something about: a holiday, or a weekend day that is worked (调休). */
export interface CalendarEntry {
  /** YYYY-MM-DD */
  date: string
  kind: 'holiday' | 'workday'
  /** 春节, 国庆节 … */
  name: string
}

export type DayType = 'holiday' | 'makeup' | 'weekend' | 'weekday'

export interface DayInfo {
  date: string
  type: DayType
  /** 节日 name for a holiday or a make-up workday */
  name: string
  /** A rest day: a holiday, or a weekend that is not a make-up workday. Counted apart for fairness. */
  rest: boolean
  /** Where the answer comes from: the package, the office's own entry, or the weekday alone. */
  source: 'package' | 'office' | 'weekday'
  /** Whether the calendar knows this year (package or office entries); unknown years fall back to weekdays. */
  known: boolean
}

export interface Calendar {
  day(date: string): DayInfo
  /** Years the package covers */
  packageYears: number[]
  /** Years the office entered dates for */
  officeYears: number[]
}

import { addDays, dayOfWeek, shortWeekday, weekdayName } from '../dates'

export { addDays, dayOfWeek, shortWeekday, weekdayName }

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function parts(date: string): [number, number, number] {
  const m = DATE_RE.exec(date)
  if (!m) throw new Error(`not a date: ${date}`)
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

/** Every date from..to inclusive (at most `max`, so a typo in a year cannot build a huge list). */
export function datesBetween(from: string, to: string, max = 400): string[] {
  const out: string[] = []
  for (let d = from; d <= to && out.length < max; d = addDays(d, 1)) out.push(d)
  return out
}

export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const dt = new Date(Date.UTC(y, mo - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d
}

/** "10月1日" */
export function monthDay(date: string): string {
  const [, m, d] = parts(date)
  return `${m}月${d}日`
}

/**
 * Builds the calendar from the package's entries and the office's. An office entry for a date wins
 * over the package (a correction); a year the office entered anything for counts as known.
 */
export function buildCalendar(packageEntries: CalendarEntry[], officeEntries: CalendarEntry[]): Calendar {
  const pkg = new Map(packageEntries.map((e) => [e.date, e]))
  const office = new Map(officeEntries.map((e) => [e.date, e]))
  const years = (list: CalendarEntry[]): number[] =>
    [...new Set(list.map((e) => Number(e.date.slice(0, 4))))].sort((a, b) => a - b)
  const packageYears = years(packageEntries)
  const officeYears = years(officeEntries)
  const known = new Set([...packageYears, ...officeYears])
  return {
    packageYears,
    officeYears,
    day(date) {
      const dow = dayOfWeek(date)
      const weekend = dow === 0 || dow === 6
      const hit = office.get(date) ?? pkg.get(date)
      const source = office.has(date) ? 'office' : hit ? 'package' : 'weekday'
      const isKnown = known.has(Number(date.slice(0, 4)))
      if (hit?.kind === 'holiday')
        return { date, type: 'holiday', name: hit.name, rest: true, source, known: isKnown }
      if (hit?.kind === 'workday')
        return { date, type: 'makeup', name: hit.name, rest: false, source, known: isKnown }
      return {
        date,
        type: weekend ? 'weekend' : 'weekday',
        name: '',
        rest: weekend,
        source: 'weekday',
        known: isKnown,
      }
    },
  }
}

/** "2004—2026年" for a list of consecutive years, "2026、2027年" otherwise. */
export function describeYears(years: number[]): string {
  if (years.length === 0) return '无'
  const first = years[0] as number
  const last = years[years.length - 1] as number
  if (years.length > 2 && last - first + 1 === years.length) return `${first}—${last}年`
  return `${years.join('、')}年`
}

/**
 * The printed title: "XX镇2027年春节期间值班安排表" for a holiday period, "XX镇2026年10月值班安排表"
 * for a whole month, otherwise with the dates.
 */
export function rosterTitle(township: string, from: string, to: string, holiday: string | null): string {
  const [y, m, d] = parts(from)
  const [y2, m2] = parts(to)
  if (holiday) return `${township}${y}年${holiday}期间值班安排表`
  if (d === 1 && y === y2 && m === m2 && addDays(to, 1).slice(8) === '01')
    return `${township}${y}年${m}月值班安排表`
  return `${township}${y}年${monthDay(from)}至${y2 === y ? '' : `${y2}年`}${monthDay(to)}值班安排表`
}

/** The holiday a period is about, when all of its holidays share one name (春节, 国庆节). */
export function holidayOf(cal: Calendar, dates: string[]): string | null {
  const names = new Set(
    dates
      .map((d) => cal.day(d))
      .filter((i) => i.type === 'holiday')
      .map((i) => i.name),
  )
  return names.size === 1 ? ([...names][0] as string) : null
}
