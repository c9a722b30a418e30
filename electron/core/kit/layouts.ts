import type { Workbook } from 'exceljs'
import { colLetter, type CellValue } from '../excel/grid'
import { detectHeader, isBlank, isFooterRow, isNoteEndRow, normHeader } from '../excel/header'
import { readMatrix, type ReadDate } from '../excel/matrix'
import { addDays, shortWeekday, weekdayName } from '../shared/dates'
import { KINDS } from '../shared/kit/kinds'
import type { FieldSpec, LayoutSpec, LedgerSpec } from '../shared/kit/spec'

// A ledger's sheet layouts, read and written from the spec alone (its `layouts`):
//  - rows: one row per record, the layout's `columns` in order (a 星期 column after each date when
//    `weekday` is set); links are written and read by the linked record's name;
//  - matrix: one row per `rowField` name, one column per `colField` date, and in each cell the mark
//    whose `values` the record holds (带班 = role leader + shift full).
// The caller turns names into ids (and decides what a name nobody has means); both layouts of a
// ledger read back into the same records.

type Row = Record<string, unknown>

/** One record read from a layout: its field values (links as names) and the sheet row it came from. */
export interface LayoutRecord {
  row: number
  col?: number
  values: Row
}

export interface LayoutIssue {
  row: number
  column: string
  message: string
}

export interface LayoutRead {
  layout: LayoutSpec
  headerRows: number[]
  firstDataRow: number
  /** Data rows (rows layout: records; matrix layout: one per `rowField` name) */
  rows: number
  /** What each column holds (matrix: the name column and one column per date). */
  columns: { column: number; header: string; field: string }[]
  records: LayoutRecord[]
  errors: LayoutIssue[]
  warnings: LayoutIssue[]
}

function fieldsOf(spec: LedgerSpec): Map<string, FieldSpec> {
  return new Map((spec.fields as readonly FieldSpec[]).map((f) => [f.key, f]))
}

/** The fields of a rows layout, in the sheet's order. */
export function layoutColumns(spec: LedgerSpec, layout: LayoutSpec): FieldSpec[] {
  const by = fieldsOf(spec)
  const keys =
    layout.columns ?? (spec.fields as readonly FieldSpec[]).filter((f) => !f.export?.hidden).map((f) => f.key)
  return keys.map((k) => by.get(k)).filter((f): f is FieldSpec => Boolean(f))
}

/** The mark a record is written as: the first whose `values` it holds. */
export function markOf(layout: LayoutSpec, rec: Row): string {
  const m = (layout.marks ?? []).find(
    (x) => x.values && Object.entries(x.values).every(([k, v]) => rec[k] === v),
  )
  return m?.label ?? ''
}

/** The text of a record's field as the sheet shows it (a link by its name). */
function cellOf(f: FieldSpec, rec: Row): CellValue {
  const v = rec[f.key]
  if (f.kind === 'ref') return (rec[f.ref!.as] as string | null) ?? null
  if (f.kind === 'date') return typeof v === 'string' ? new Date(`${v}T00:00:00Z`) : null
  const s = KINDS[f.kind].display(v, f)
  return s === '' ? null : s
}

const thin = { style: 'thin' as const }
const BORDER = { top: thin, left: thin, bottom: thin, right: thin }

function style(c: import('exceljs').Cell, bold = false): void {
  c.border = BORDER
  c.font = { name: '宋体', size: 11, bold }
  c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
}

function titleRow(ws: import('exceljs').Worksheet, title: string, cols: number, size: number): void {
  ws.mergeCells(`A1:${colLetter(Math.max(1, cols))}1`)
  const c = ws.getCell('A1')
  c.value = title
  c.font = { name: '宋体', size, bold: true }
  c.alignment = { horizontal: 'center' }
}

/**
 * Adds one sheet in the layout to `wb`, A4 and ready to print: rows (portrait, header repeated on
 * each page) or matrix (landscape, names and dates frozen). `dates` are the matrix's columns (every
 * day of the period, also days nobody holds); `rowNames` its rows in order (default: as met).
 */
export function writeLayout(
  wb: Workbook,
  spec: LedgerSpec,
  layout: LayoutSpec,
  records: readonly Row[],
  opts: { title: string; sheet?: string; dates?: string[]; rowNames?: string[] },
): void {
  const ws = wb.addWorksheet(opts.sheet ?? spec.title, {
    pageSetup: {
      paperSize: 9,
      orientation: layout.kind === 'rows' ? 'portrait' : 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      horizontalCentered: true,
    },
  })
  if (layout.kind === 'rows') {
    type Col = FieldSpec | 'weekday' | { key: string; label: string; width?: number }
    const cols: Col[] = [
      ...layoutColumns(spec, layout).flatMap((f): Col[] =>
        f.kind === 'date' && layout.weekday ? [f, 'weekday'] : [f],
      ),
      ...(layout.also ?? []),
    ]
    const isField = (c: Col): c is FieldSpec => typeof c === 'object' && 'kind' in c
    titleRow(ws, opts.title, cols.length, 16)
    ws.columns = cols.map((c) => ({
      width: c === 'weekday' ? 9 : isField(c) ? (c.export?.width ?? 12) : (c.width ?? 12),
    }))
    const header = ws.getRow(2)
    cols.forEach((c, i) => {
      header.getCell(i + 1).value = c === 'weekday' ? '星期' : c.label
      style(header.getCell(i + 1), true)
    })
    ws.pageSetup.printTitlesRow = '2:2'
    records.forEach((rec, r) => {
      const row = ws.getRow(3 + r)
      let date: string | null = null
      cols.forEach((col, i) => {
        const c = row.getCell(i + 1)
        if (col === 'weekday') c.value = date ? weekdayName(date) : null
        else if (!isField(col)) c.value = (rec[col.key] as CellValue | undefined) ?? null
        else {
          c.value = cellOf(col, rec)
          if (col.kind === 'date') {
            date = (rec[col.key] as string | null) ?? null
            c.numFmt = 'yyyy-mm-dd'
          }
        }
        style(c)
      })
      row.height = 22
    })
    return
  }
  const by = fieldsOf(spec)
  const rowField = by.get(layout.rowField ?? '') as FieldSpec
  const colField = by.get(layout.colField ?? '') as FieldSpec
  const nameOf = (rec: Row) => String(cellOf(rowField, rec) ?? '')
  const dates = opts.dates ?? [...new Set(records.map((r) => r[colField.key] as string))].sort()
  const names = opts.rowNames ?? [...new Set(records.map(nameOf))]
  const cells = new Map<string, string>()
  for (const rec of records) cells.set(`${nameOf(rec)}|${String(rec[colField.key])}`, markOf(layout, rec))
  titleRow(ws, opts.title, dates.length + 1, 14)
  ws.getColumn(1).width = 10
  const dateRow = ws.getRow(2)
  const dayRow = ws.getRow(3)
  dateRow.getCell(1).value = layout.rowWords?.[0] ?? rowField.label
  style(dateRow.getCell(1), true)
  dayRow.getCell(1).value = '星期'
  style(dayRow.getCell(1), true)
  dates.forEach((d, i) => {
    ws.getColumn(i + 2).width = 5.5
    const c = dateRow.getCell(i + 2)
    c.value = new Date(`${d}T00:00:00Z`)
    c.numFmt = 'm/d'
    style(c, true)
    dayRow.getCell(i + 2).value = shortWeekday(d)
    style(dayRow.getCell(i + 2))
  })
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 3 }]
  names.forEach((name, r) => {
    const row = ws.getRow(4 + r)
    row.getCell(1).value = name
    style(row.getCell(1))
    dates.forEach((d, i) => {
      row.getCell(i + 2).value = cells.get(`${name}|${d}`) ?? ''
      style(row.getCell(i + 2))
    })
  })
}

/**
 * Reads a matrix layout: every cell holding a mark with `values` is one record; a rest mark (no
 * `values`) is nothing; other text is a warning naming the marks. `readDate` reads the date row
 * (real dates, 10/1 …); without a date row, day numbers under a "2026年11月" title are taken when
 * they run on for a week or more.
 */
export function readMatrixLayout(
  grid: CellValue[][],
  spec: LedgerSpec,
  layout: LayoutSpec,
  readDate: ReadDate,
): LayoutRead | null {
  // (a short period is a matrix too — a weekend, 元旦 — when its cells hold the layout's marks)
  let m = readMatrix(grid, layout, readDate, { minDates: 2 })
  if (m && !m.cells.some((c) => c.mark !== null)) m = null
  if (!m) {
    const month = monthOf(grid)
    const asDate = (v: CellValue): string | null => {
      const n = month ? dayNumber(v) : null
      if (!month || n === null) return null
      const d = `${month.year}-${String(month.month).padStart(2, '0')}-${String(n).padStart(2, '0')}`
      return KINDS.date.clean(d, { key: 'd', label: '日期', kind: 'date' }, {}).ok ? d : null
    }
    const found = month ? readMatrix(grid, layout, asDate, { minDates: 7 }) : null
    const days = found ? [...found.matrix.dates.values()] : []
    if (found && days.every((d, i) => i === 0 || addDays(days[i - 1] as string, 1) === d)) m = found
  }
  if (!m) return null
  const { matrix, cells } = m
  const marks = new Map((layout.marks ?? []).map((x) => [x.value, x]))
  const names = (layout.marks ?? []).map((x) => x.label).join('、')
  const out: LayoutRead = {
    layout,
    headerRows: matrix.headerRows,
    firstDataRow: matrix.rows[0]?.row ?? matrix.dateRow + 1,
    rows: matrix.rows.length,
    columns: [
      {
        column: matrix.nameCol,
        header:
          headerText(grid, matrix.headerRows, matrix.nameCol) ??
          layout.rowWords?.[0] ??
          String(layout.rowField),
        field: layout.rowField as string,
      },
      ...[...matrix.dates].map(([column, date]) => ({
        column,
        header: date,
        field: layout.colField as string,
      })),
    ],
    records: [],
    errors: [],
    warnings: [],
  }
  const by = fieldsOf(spec)
  if (!by.has(layout.rowField ?? '') || !by.has(layout.colField ?? ''))
    throw new Error(`layout ${layout.key}: rowField and colField must be fields of ${spec.key}`)
  for (const c of cells) {
    const mark = c.mark === null ? undefined : marks.get(c.mark)
    if (!mark) {
      out.warnings.push({
        row: c.row,
        column: colLetter(c.col),
        message: `“${c.text}”不是${layout.label}的标记（${names}），已略过`,
      })
      continue
    }
    if (!mark.values) continue
    out.records.push({
      row: c.row,
      col: c.col,
      values: { [layout.rowField as string]: c.name, [layout.colField as string]: c.date, ...mark.values },
    })
  }
  return out
}

/**
 * Reads a rows layout: the header band is found by the fields' labels and synonyms (at least three
 * of them); each value is cleaned by its field's kind, links kept as names. A cell that cannot be
 * read is an error on its row and column.
 */
export function readRowsLayout(
  grid: CellValue[][],
  spec: LedgerSpec,
  layout: LayoutSpec,
  readDate: ReadDate,
): LayoutRead | null {
  const fields = layoutColumns(spec, layout)
  const words = fields.map((f) => ({
    f,
    words: [f.label, ...(f.synonyms ?? [])].map((w) => normHeader(w)),
  }))
  const fieldOf = (t: string): FieldSpec | undefined => words.find((x) => x.words.includes(t))?.f
  const band = detectHeader(grid, (t) => Boolean(fieldOf(t)) || t === '星期')
  if (!band) return null
  const cols = new Map<number, FieldSpec>()
  for (const [col, path] of band.columns) {
    const f = fieldOf(normHeader(path.split('/').pop() ?? ''))
    if (f && ![...cols.values()].includes(f)) cols.set(col, f)
  }
  // every field of the layout that identifies a record must have its column
  if (fields.some((f) => f.identifying && ![...cols.values()].includes(f))) return null
  const out: LayoutRead = {
    layout,
    headerRows: band.headerRows,
    firstDataRow: band.firstDataRow,
    rows: 0,
    columns: [...cols].map(([column, f]) => ({
      column,
      header: band.columns.get(column) ?? f.label,
      field: f.key,
    })),
    records: [],
    errors: [],
    warnings: [],
  }
  for (let r = band.firstDataRow - 1; r < grid.length; r++) {
    const row = grid[r]
    if (isBlank(row)) continue
    if (isFooterRow(row) || isNoteEndRow(row)) break
    out.rows++
    const values: Row = {}
    let bad = false
    for (const [col, f] of cols) {
      const raw = row?.[col - 1] ?? null
      if (f.kind === 'date') {
        const d = raw === null ? null : readDate(raw)
        if (!d && raw !== null && String(raw).trim() !== '') {
          out.errors.push({
            row: r + 1,
            column: colLetter(col),
            message: `“${String(raw)}”不是日期，应写作 2026-10-01 或 10月1日`,
          })
          bad = true
        }
        values[f.key] = d
        continue
      }
      const res =
        f.kind === 'ref'
          ? KINDS.text.clean(raw, { ...f, kind: 'text', max: 100 }, {})
          : KINDS[f.kind].clean(raw, f, {})
      if (!res.ok) {
        out.errors.push({ row: r + 1, column: colLetter(col), message: res.message })
        bad = true
        continue
      }
      values[f.key] = res.value
    }
    if (bad) continue
    const missing = fields.find(
      (f) => f.identifying && (values[f.key] === null || values[f.key] === undefined),
    )
    if (missing) {
      const col = [...cols].find(([, f]) => f === missing)?.[0] ?? 1
      out.errors.push({ row: r + 1, column: colLetter(col), message: `${missing.label}为空，请填写` })
      continue
    }
    for (const f of fields)
      if ((values[f.key] === null || values[f.key] === undefined) && f.default !== undefined)
        values[f.key] = f.default
    out.records.push({ row: r + 1, values })
  }
  return out
}

/** "2026年11月排班表" (a text title or a date cell shown so) → the month day numbers belong to. */
function monthOf(sheet: CellValue[][]): { year: number; month: number } | null {
  for (const row of sheet.slice(0, 3))
    for (const v of row) {
      if (v instanceof Date) return { year: v.getUTCFullYear(), month: v.getUTCMonth() + 1 }
      const m = typeof v === 'string' ? /(20\d{2})\s*年\s*(\d{1,2})\s*月/.exec(v) : null
      if (m) return { year: Number(m[1]), month: Number(m[2]) }
    }
  return null
}

/** A day number under a month title: 1, "1", "1日", "1号". */
function dayNumber(v: CellValue): number | null {
  const t = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : ''
  const m = /^(\d{1,2})[日号]?$/.exec(t)
  const n = m ? Number(m[1]) : NaN
  return n >= 1 && n <= 31 ? n : null
}

/** The text over a column in the header band (姓名), if any. */
function headerText(grid: CellValue[][], rows: number[], col: number): string | null {
  for (const r of rows) {
    const v = grid[r - 1]?.[col - 1]
    if (typeof v === 'string' && v.trim() !== '') return v.trim()
  }
  return null
}
