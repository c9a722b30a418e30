// The one grid model every reader (xlsx, xls, csv) produces; header detection, mapping and
// normalisation work on it only.

export type CellValue = string | number | boolean | Date | null

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
  hidden: boolean
}

export interface GridBook {
  format: 'xlsx' | 'xls' | 'csv'
  sheets: GridSheet[]
  /** For CSV: the detected encoding. */
  encoding?: 'utf-8' | 'gbk'
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
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 100 * 1024 * 1024,
  maxRows: 200_000,
  maxCols: 200,
  maxMerges: 20_000,
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
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
