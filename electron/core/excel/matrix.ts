import type { LayoutSpec } from '../shared/kit/spec'
import type { CellValue } from './grid'
import { isBlank, isFooterRow, isNoteEndRow, normHeader } from './header'

// Sheets laid out as a matrix: one row per person (or item), one column per date, a mark in each
// cell (排班表: 带班 / 值班 / 休). Finds the row of dates across the top, the column naming the
// rows, and the data rows under them; the caller reads the marks. Works on the grid with merges
// expanded, like the header band of row ledgers.

export interface DateMatrix {
  /** 1-based sheet row holding the dates */
  dateRow: number
  /** 1-based sheet rows of the header band (dates, weekdays …) */
  headerRows: number[]
  /** 1-based column naming each row (姓名) */
  nameCol: number
  /** 1-based column → ISO date */
  dates: Map<number, string>
  /** 1-based sheet rows holding data, with the name in nameCol */
  rows: { row: number; name: string }[]
}

export type ReadDate = (v: CellValue) => string | null

const WEEKDAY = /^(星期|周|礼拜)?[一二三四五六日天]$/

function isWeekdayRow(row: CellValue[] | undefined, cols: number[]): boolean {
  const t = cols
    .map((c) => row?.[c - 1])
    .filter((v) => v !== null && v !== undefined && String(v).trim() !== '')
  return t.length > 0 && t.every((v) => WEEKDAY.test(normHeader(v ?? null)))
}

/**
 * Finds a row with at least `minDates` date cells in the first `scanRows` rows. `readDate` turns a
 * cell into an ISO date (real date cells, "10/1", "1日" with the title's month …) or null.
 */
export function detectDateMatrix(
  expanded: CellValue[][],
  readDate: ReadDate,
  nameWords: string[],
  { scanRows = 20, minDates = 5 } = {},
): DateMatrix | null {
  let best: { r: number; dates: Map<number, string> } | null = null
  for (let r = 0; r < Math.min(expanded.length, scanRows); r++) {
    const row = expanded[r] ?? []
    const dates = new Map<number, string>()
    row.forEach((v, i) => {
      const d = v === null ? null : readDate(v)
      if (d) dates.set(i + 1, d)
    })
    // a title merged across the row repeats one date: not a row of dates
    if (new Set(dates.values()).size < minDates) continue
    if (!best || dates.size > best.dates.size) best = { r, dates }
  }
  if (!best) return null
  const firstDateCol = Math.min(...best.dates.keys())
  // The name column: a header word (姓名) in the band, else the column left of the dates.
  const words = new Set(nameWords.map((w) => normHeader(w)))
  let nameCol = firstDateCol - 1
  for (let r = Math.max(0, best.r - 2); r <= Math.min(expanded.length - 1, best.r + 2); r++) {
    const i = (expanded[r] ?? []).findIndex((v, c) => c + 1 < firstDateCol && words.has(normHeader(v)))
    if (i >= 0) {
      nameCol = i + 1
      break
    }
  }
  if (nameCol < 1) return null
  const headerRows = [best.r + 1]
  const dateCols = [...best.dates.keys()]
  let r = best.r + 1
  // weekday rows (TEXT(…,"aaa") formulas, 星期一) and the 姓名 header belong to the band
  while (r < expanded.length) {
    const row = expanded[r]
    const name = normHeader(row?.[nameCol - 1] ?? null)
    if (isWeekdayRow(row, dateCols) || (words.has(name) && !isBlank(row))) {
      headerRows.push(r + 1)
      r++
    } else break
  }
  const rows: DateMatrix['rows'] = []
  for (; r < expanded.length; r++) {
    const row = expanded[r]
    if (isFooterRow(row) || isNoteEndRow(row)) break
    const v = row?.[nameCol - 1]
    const name = v === null || v === undefined ? '' : String(v).trim()
    if (!name || words.has(normHeader(name))) continue
    rows.push({ row: r + 1, name })
  }
  return { dateRow: best.r + 1, headerRows, nameCol, dates: best.dates, rows }
}

/** One cell of a people × days sheet read through a declared matrix layout. */
export interface MatrixCell {
  row: number
  col: number
  name: string
  date: string
  /** The mark's value, or null for text that is none of the layout's marks. */
  mark: string | null
  text: string
}

/**
 * Reads a people × days sheet as its spec layout declares it: the date row and name column are
 * found as for any date matrix (under one of the layout's `rowWords`); each non-empty cell is one
 * of the layout's marks, by its label or one of its words.
 */
export function readMatrix(
  expanded: CellValue[][],
  layout: LayoutSpec,
  readDate: ReadDate,
  opts: { scanRows?: number; minDates?: number } = {},
): { matrix: DateMatrix; cells: MatrixCell[] } | null {
  const matrix = detectDateMatrix(expanded, readDate, layout.rowWords ?? [], opts)
  if (!matrix) return null
  const byWord = new Map<string, string>()
  for (const m of layout.marks ?? [])
    for (const w of [m.label, ...(m.words ?? [])]) byWord.set(normHeader(w), m.value)
  const cells: MatrixCell[] = []
  for (const { row, name } of matrix.rows) {
    const values = expanded[row - 1] ?? []
    for (const [col, date] of matrix.dates) {
      const v = values[col - 1]
      if (v === null || v === undefined || String(v).trim() === '') continue
      cells.push({ row, col, name, date, mark: byWord.get(normHeader(v)) ?? null, text: String(v) })
    }
  }
  return { matrix, cells }
}
