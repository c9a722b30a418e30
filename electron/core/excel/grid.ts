import { excelError } from './errors'

// The one grid model every reader (xlsx, xls, csv) produces; header detection, mapping and
// normalisation work on it only.

export type CellValue = string | number | boolean | Date | null

export type CsvEncoding = 'utf-8' | 'gbk' | 'utf-16le' | 'utf-16be'

export interface MergeRange {
  /** 1-based, inclusive */
  top: number
  left: number
  bottom: number
  right: number
}

export interface GridSheet {
  name: string
  /** rows[i] is sheet row i + 1; cells[j] is column j + 1. Trailing empties may be missing. */
  rows: CellValue[][]
  merges: MergeRange[]
  hiddenRows: Set<number>
  hiddenCols: Set<number>
  /** xlsx: "row:col" of formula cells saved without a result (they read as empty). */
  formulaCells?: Set<string>
  hidden: boolean
}

export interface GridBook {
  format: 'xlsx' | 'xls' | 'csv'
  sheets: GridSheet[]
  /** For CSV: the detected encoding. */
  encoding?: CsvEncoding
}

/** Limits that keep a hostile or accidental giant file from exhausting memory (RELIABILITY §3). */
export interface ReadLimits {
  maxFileBytes: number
  maxRows: number
  maxCols: number
  maxMerges: number
  /** Total inflated bytes across all zip entries. */
  maxInflatedBytes: number
  /** Compression ratio above which a zip entry is refused before inflating. */
  maxRatio: number
  /** Cells one sheet may hold (sum of the row lengths handed to the main thread). */
  maxCells: number
  /** Cells all merged ranges of one sheet may cover, clipped to the data: what merge expansion fills. */
  maxMergeCells: number
  /** Characters in one cell (Excel itself stops at 32,767). */
  maxCellChars: number
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 100 * 1024 * 1024,
  maxRows: 200_000,
  maxCols: 200,
  maxMerges: 20_000,
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  maxCells: 10_000_000,
  maxMergeCells: 2_000_000,
  maxCellChars: 32_767,
}

/** A merged range with its corners in order (a file may write N2:A200000 for A2:N200000). */
export function normalizeMerge(a: { row: number; col: number }, b: { row: number; col: number }): MergeRange {
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  }
}

const fmt = (n: number): string => n.toLocaleString('en-US')

/**
 * The structural limits every reader's output must keep, checked where the file is parsed (in the
 * worker) so nothing oversized reaches the main thread: merges normalised and clipped to the data,
 * the cells the merges cover (what expandMerges walks) and the cells of each sheet.
 */
export function enforceSheetLimits(sheet: GridSheet, limits: ReadLimits): void {
  if (sheet.merges.length > limits.maxMerges)
    throw excelError(
      `工作表“${sheet.name}”的合并单元格超过 ${fmt(limits.maxMerges)} 处（上限），请取消合并后再导入`,
    )
  let cells = 0
  let lastCol = 0
  for (const r of sheet.rows) {
    cells += r.length
    if (r.length > lastCol) lastCol = r.length
  }
  if (cells > limits.maxCells)
    throw excelError(
      `工作表“${sheet.name}”有 ${fmt(cells)} 个单元格，超过上限 ${fmt(limits.maxCells)} 个，请拆分为几个文件再导入`,
    )
  const lastRow = sheet.rows.length
  let covered = 0
  sheet.merges = sheet.merges.map((m) => {
    const n = normalizeMerge({ row: m.top, col: m.left }, { row: m.bottom, col: m.right })
    const h = Math.min(n.bottom, lastRow) - n.top + 1
    const w = Math.min(n.right, lastCol) - n.left + 1
    if (h > 0 && w > 0) covered += h * w
    return n
  })
  if (covered > limits.maxMergeCells)
    throw excelError(
      `工作表“${sheet.name}”的合并单元格共覆盖 ${fmt(covered)} 个单元格，超过上限 ${fmt(limits.maxMergeCells)} 个，疑似异常或恶意构造的文件。请取消不必要的合并后再导入`,
    )
}

/** Column number (1-based) to letters: 1 → A, 27 → AA. */
export function colLetter(col: number): string {
  let s = ''
  let n = col
  while (n > 0) {
    const m = (n - 1) % 26
    s = String.fromCharCode(65 + m) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

/** "AB12" → { col: 28, row: 12 } */
export function parseRef(ref: string): { col: number; row: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref)
  if (!m) return null
  let col = 0
  for (const ch of m[1] as string) col = col * 26 + (ch.charCodeAt(0) - 64)
  return { col, row: Number(m[2]) }
}
