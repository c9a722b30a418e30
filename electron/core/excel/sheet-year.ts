import type { CellValue } from './grid'
import { parseDate } from '../shared/kit/kinds/date'

// Dates written without a year (10月2日, 10.2) belong to the year the sheet is about — a roster made
// in December for 元旦, or a past 国庆节 roster entered in January, is not about the current year.

/** 10月2日, 10.2, 10/2, 10-2: a month and day, no year. */
const MONTH_DAY = /^(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*[日号]?$/

/**
 * The month and day of a date written without a year, or null. Excel keeps 10.2 typed into a cell
 * as the number 10.2 (`numeric`): 10.1 is then read as 10月1日, though 10.10 typed would be the same.
 */
export function monthDay(v: CellValue): { month: number; day: number; numeric: boolean } | null {
  if (typeof v === 'number') {
    const n = !Number.isInteger(v) && v > 1 && v < 13 ? /^(\d{1,2})\.(\d{1,2})$/.exec(String(v)) : null
    return n ? { month: Number(n[1]), day: Number(n[2]), numeric: true } : null
  }
  const m = typeof v === 'string' ? MONTH_DAY.exec(v.trim()) : null
  return m ? { month: Number(m[1]), day: Number(m[2]), numeric: false } : null
}

/** Said once when dates were numbers (10.1): what they were read as, and how to write the others. */
export const NUMERIC_MONTH_DAY_NOTE =
  '以数字保存的日期（如 10.1）读作 10月1日；如果指的是 10月10日、20日或30日，请在表中写作“10月10日”'

/**
 * The year a sheet's dates without one belong to: the year its title names in the first rows
 * ("2026年国庆节值班表"), else the year most of its full dates have (2026-10-01, a date cell), else
 * null. `from` says which, for the preview's note.
 */
export function sheetYear(grid: CellValue[][]): { year: number; from: string } | null {
  for (const row of grid.slice(0, 5))
    for (const v of row) {
      if (typeof v !== 'string') continue
      // a year followed by words, not by a month (2026年10月1日 is a full date, counted below)
      const m = /(?:19|20)\d{2}(?=\s*年(?!\s*\d{1,2}\s*月))/.exec(v)
      if (m) return { year: Number(m[0]), from: `表格标题“${v.trim().slice(0, 30)}”中的年份` }
    }
  const years = new Map<number, number>()
  for (const row of grid)
    for (const v of row) {
      if (v === null || typeof v === 'boolean' || typeof v === 'number') continue
      if (typeof v === 'string' && !/(?:19|20)\d{2}/.test(v)) continue
      const d = parseDate(v)
      if (!d.ok || !d.value) continue
      const y = Number(d.value.slice(0, 4))
      years.set(y, (years.get(y) ?? 0) + 1)
    }
  const best = [...years].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]
  return best ? { year: best[0], from: `文件中写全的日期的年份` } : null
}
