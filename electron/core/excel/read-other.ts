import { createRequire } from 'node:module'
import { excelError } from './errors'
import { isDateFormat, serialToDate } from './read-xlsx'
import type { CellValue, CsvEncoding, GridBook, GridSheet, MergeRange, ReadLimits } from './grid'

// Legacy .xls (BIFF, also WPS .et saved as BIFF) through the maintained SheetJS build
// (@e965/xlsx 0.20.x; never the stale xlsx 0.18.5 from npm), and CSV in UTF-8 or GBK.

type SheetJs = typeof import('@e965/xlsx')
let sheetjs: SheetJs | null = null
function loadSheetJs(): SheetJs {
  // Loaded on first use: it is large and most sessions never open a legacy file.
  sheetjs ??= createRequire(__filename)('@e965/xlsx') as SheetJs
  return sheetjs
}

interface XlsCell {
  t: string
  v?: unknown
  /** The formula's text (read with cellFormula), present on formula cells only. */
  f?: string
  z?: string | number
  w?: string
}

export function readXls(buf: Buffer, limits: ReadLimits): GridBook {
  const X = loadSheetJs()
  let wb: import('@e965/xlsx').WorkBook
  try {
    wb = X.read(buf, {
      type: 'buffer',
      dense: true,
      cellNF: true,
      // Only to tell formula cells apart: one saved without a result reads as empty text.
      cellFormula: true,
      cellDates: false,
      sheetRows: limits.maxRows + 1,
      WTF: false,
    })
  } catch {
    throw excelError(
      '无法读取这个 .xls 文件（可能已损坏或有密码保护）。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。',
    )
  }
  const sheets: GridSheet[] = []
  wb.SheetNames.forEach((name, idx) => {
    const ws = wb.Sheets[name] as unknown as Record<string, unknown>
    const data = (ws['!data'] ?? []) as (XlsCell[] | undefined)[]
    if (data.length > limits.maxRows)
      throw excelError(`工作表“${name}”超过 ${limits.maxRows} 行，请拆分为几个文件再导入`)
    const rows: CellValue[][] = []
    const formulaCells = new Set<string>()
    for (let r = 0; r < data.length; r++) {
      const src = data[r]
      const out: CellValue[] = []
      if (src) {
        if (
          src.length > limits.maxCols &&
          src.slice(limits.maxCols).some((c) => c && c.v !== undefined && c.v !== '')
        )
          throw excelError(
            `工作表“${name}”第 ${r + 1} 行有数据超出第 ${limits.maxCols} 列，请删除多余的列后再导入`,
          )
        for (let c = 0; c < Math.min(src.length, limits.maxCols); c++) {
          const cell = src[c]
          let v: CellValue = null
          if (cell && cell.v !== undefined) {
            if (cell.t === 'n' && typeof cell.v === 'number') {
              const fmt = typeof cell.z === 'string' ? cell.z : ''
              v =
                fmt && isDateFormat(fmt)
                  ? serialToDate(cell.v, Boolean(wb.Workbook?.WBProps?.date1904))
                  : cell.v
            } else if (cell.t === 'b') v = Boolean(cell.v)
            else if (cell.t === 'e') v = null
            else if (cell.t === 'd' && cell.v instanceof Date) v = cell.v
            else v = String(cell.v)
            if (v === '') v = null
          }
          // A BIFF formula written by a program that does not calculate (its result record says
          // "empty string") reads as empty, like an .xlsx formula without <v>: the importer warns.
          // A formula Excel really evaluated to "" is reported the same way; it is empty either way.
          if (cell?.f && cell.t !== 'e' && v === null) formulaCells.add(`${r + 1}:${c + 1}`)
          out.push(v)
        }
      }
      rows.push(out)
    }
    const rawMerges = (ws['!merges'] ?? []) as { s: { r: number; c: number }; e: { r: number; c: number } }[]
    if (rawMerges.length > limits.maxMerges)
      throw excelError(`工作表“${name}”的合并单元格超过 ${limits.maxMerges} 处，请取消合并后再导入`)
    const merges: MergeRange[] = rawMerges.map((m) => ({
      top: m.s.r + 1,
      left: m.s.c + 1,
      bottom: m.e.r + 1,
      right: m.e.c + 1,
    }))
    const hiddenCols = new Set<number>()
    ;((ws['!cols'] ?? []) as ({ hidden?: boolean } | undefined)[]).forEach(
      (c, i) => c?.hidden && hiddenCols.add(i + 1),
    )
    const hiddenRows = new Set<number>()
    ;((ws['!rows'] ?? []) as ({ hidden?: boolean } | undefined)[]).forEach(
      (r, i) => r?.hidden && hiddenRows.add(i + 1),
    )
    const hidden = Boolean(wb.Workbook?.Sheets?.[idx]?.Hidden)
    sheets.push({ name, rows, merges, hiddenRows, hiddenCols, hidden, formulaCells })
  })
  return { format: 'xls', sheets }
}

export const ENCODING_UNKNOWN =
  '无法识别这个 CSV 文件的文字编码（不是 UTF-8、GBK 或 UTF-16），请在 Excel/WPS 中打开后另存为 .xlsx 或“CSV UTF-8”再导入'

/** UTF-16 without a BOM: one of every two bytes is zero in mostly-ASCII text (commas, digits, line ends). */
function utf16Without(buf: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(buf.length - (buf.length % 2), 4000)
  if (n < 4) return null
  let evenZero = 0
  let oddZero = 0
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZero++
    if (buf[i + 1] === 0) oddZero++
  }
  const pairs = n / 2
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le'
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be'
  return null
}

function utf16(buf: Buffer, le: boolean): string {
  const body = buf.subarray(0, buf.length - (buf.length % 2))
  return new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(body)
}

/**
 * UTF-8 with or without BOM, UTF-16 (Excel's “Unicode 文本”, with or without BOM), otherwise GBK
 * (GB18030 superset) as Excel/WPS save "CSV" in China — also when a tool put a UTF-8 BOM in front
 * of GBK text. Text that decodes as none of them is refused with an encoding message.
 */
export function decodeCsv(buf: Buffer): { text: string; encoding: CsvEncoding } {
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: utf16(buf.subarray(2), true), encoding: 'utf-16le' }
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: utf16(buf.subarray(2), false), encoding: 'utf-16be' }
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf
  const body = bom ? buf.subarray(3) : buf
  const wide = bom ? null : utf16Without(body)
  if (wide) return { text: utf16(body, wide === 'utf-16le'), encoding: wide }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' }
  } catch {
    try {
      return { text: new TextDecoder('gb18030', { fatal: true }).decode(body), encoding: 'gbk' }
    } catch {
      throw excelError(ENCODING_UNKNOWN)
    }
  }
}

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks; one record stays one row. */
export function parseCsv(text: string, limits: ReadLimits): CellValue[][] {
  const rows: CellValue[][] = []
  let row: CellValue[] = []
  let cell = ''
  let quoted = false
  let i = 0
  const delimiter = detectDelimiter(text)
  const pushCell = (): void => {
    if (row.length >= limits.maxCols) {
      if (cell !== '') throw excelError(`CSV 第 ${rows.length + 1} 行超过 ${limits.maxCols} 列，请检查分隔符`)
    } else row.push(cell === '' ? null : cell)
    cell = ''
  }
  while (i < text.length) {
    const ch = text[i] as string
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else cell += ch
    } else if (ch === '"' && cell === '') quoted = true
    else if (ch === delimiter) pushCell()
    else if (ch === '\n' || ch === '\r') {
      pushCell()
      rows.push(row)
      if (rows.length > limits.maxRows) throw excelError(`CSV 文件超过 ${limits.maxRows} 行，请拆分后再导入`)
      row = []
      if (ch === '\r' && text[i + 1] === '\n') i++
    } else cell += ch
    i++
  }
  if (cell !== '' || row.length > 0) {
    pushCell()
    rows.push(row)
  }
  return rows
}

function detectDelimiter(text: string): string {
  const head = text.slice(0, 4000)
  const count = (c: string): number => head.split(c).length
  if (count('\t') > count(',') && count('\t') > count(';')) return '\t'
  if (count(';') > count(',')) return ';'
  return ','
}

export function readCsv(buf: Buffer, limits: ReadLimits): GridBook {
  const { text, encoding } = decodeCsv(buf)
  if (text.includes('\u0000'))
    throw excelError('文件不是文本格式的 CSV（含有二进制内容），请选择 .xlsx/.xls/.csv 文件')
  const rows = parseCsv(text, limits)
  return {
    format: 'csv',
    encoding,
    sheets: [{ name: 'CSV', rows, merges: [], hiddenRows: new Set(), hiddenCols: new Set(), hidden: false }],
  }
}
