import { normalizeMerge, type CellValue, type GridSheet } from './grid'

// Finds where the ledger's header band is, joins multi-row headers into paths ("联系方式/手机"),
// and where the data ends (合计 rows, 填表人 footers). Works on the grid with merges expanded.

/** "企 业 名 称" → "企业名称"; full-width → half-width; brackets unified; "*" marks dropped. */
export function normHeader(v: CellValue): string {
  if (v === null || v === undefined) return ''
  return String(v)
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .replace(/[*※]/g, '')
    .replace(/[:：]$/, '')
    .toLowerCase()
}

/** Fills every cell of a merged range with its top-left value, clipped to the data extent. */
export function expandMerges(sheet: GridSheet, maxCells = 2_000_000): CellValue[][] {
  // Copy-on-write: only rows a merge touches are copied (a 100k-row sheet stays one grid).
  const rows = sheet.rows.slice()
  const copied = new Set<number>()
  const lastRow = rows.length
  const lastCol = rows.reduce((m, r) => Math.max(m, r.length), 0)
  let budget = maxCells
  for (const raw of sheet.merges) {
    // (readers normalise merges; a reversed one must still not walk rows outside the budget)
    const m = normalizeMerge({ row: raw.top, col: raw.left }, { row: raw.bottom, col: raw.right })
    const bottom = Math.min(m.bottom, lastRow)
    const right = Math.min(m.right, lastCol)
    const master = rows[m.top - 1]?.[m.left - 1] ?? null
    if (master === null || right < m.left) continue
    for (let r = m.top; r <= bottom; r++) {
      if (!copied.has(r)) {
        rows[r - 1] = (rows[r - 1] ?? []).slice()
        copied.add(r)
      }
      const row = rows[r - 1] as CellValue[]
      for (let c = m.left; c <= right; c++) {
        if (--budget < 0) return rows
        while (row.length < c) row.push(null)
        if (row[c - 1] === null || row[c - 1] === undefined) row[c - 1] = master
      }
    }
  }
  return rows
}

const TOTAL = /^(合计|总计|小计|共计|总数)/
const FOOTER =
  /^(填表人|填报人|制表人|审核人|审核|负责人签字|单位负责人|主管领导|填报日期|填表日期|制表日期|报送日期|联系人|联系电话[:：]|注[:：]|说明[:：]|备注[:：]|填表说明)/
const UNIT = /^([（(][^()（）]{0,8}[)）]|单位[:：].*)$/

function texts(row: CellValue[] | undefined, limit = Infinity): string[] {
  const out: string[] = []
  for (const v of row ?? []) {
    if (v === null || v === undefined) continue
    const t = String(v).trim()
    if (t !== '') out.push(t)
    if (out.length >= limit) break
  }
  return out
}

/**
 * What a group heading or a sheet's name says, without its numbering and its count:
 * "一、东湖村（5家）" → 东湖村, "（二）某某有限公司(2处)" → 某某有限公司.
 */
export function headingName(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/^[（(]?[一二三四五六七八九十\d]+[、.．)）]/, '')
    .replace(/[（(][^（）()]*[）)]$/, '')
}

export function isBlank(row: CellValue[] | undefined): boolean {
  if (!row) return true
  for (const v of row)
    if (v !== null && v !== undefined && (typeof v !== 'string' || v.trim() !== '')) return false
  return true
}

export function isTotalRow(row: CellValue[] | undefined): boolean {
  return texts(row, 3).some((t) => TOTAL.test(t.replace(/[\s\u3000]/g, '')))
}

export function isFooterRow(row: CellValue[] | undefined): boolean {
  const t = texts(row, 1)
  return t.length > 0 && FOOTER.test((t[0] as string).replace(/[\s\u3000]/g, ''))
}

// Notes under the data: "填写要求：…", "注 1.本表…", "说明 …" (with or without a colon), or one long
// text merged across the row. They end the data instead of becoming error rows.
const NOTE_START =
  /^(填写要求|填表要求|填报要求|填写说明|填表说明|填报说明|注意事项|备注说明|(注|说明|备注)(?=$|[:：\s、.．,，;；(（\d１-９一二三四五六七八九]))/

export function isNoteEndRow(row: CellValue[] | undefined): boolean {
  const head = texts(row, 1)[0]
  return head !== undefined && noteEnds(row, head)
}

/** isNoteEndRow given the row's first text. */
function noteEnds(row: CellValue[] | undefined, head: string): boolean {
  // (asked of every data row: the whole row is looked at only when its first text could start a note)
  const first = head.replace(/[\s\u3000]/g, '')
  const note = NOTE_START.test(first)
  if (!note && first.length < 20) return false
  const t = texts(row)
  if (note && new Set(t).size <= 2) return true
  // one long text merged across several columns
  return t.length >= 3 && first.length >= 20 && t.every((x) => x === head)
}

/**
 * Why a row under the header ends the data — a 合计 row, notes, a footer (isTotalRow, then
 * isNoteEndRow, then isFooterRow) — or null, with one look at the row's first texts (asked of every
 * row of a 100,000-row import).
 */
export function dataEnd(row: CellValue[] | undefined): 'total' | 'note' | 'footer' | null {
  const first = texts(row, 3)
  const head = first[0]
  if (head === undefined) return null
  if (first.some((t) => TOTAL.test(t.replace(/[\s\u3000]/g, '')))) return 'total'
  if (noteEnds(row, head)) return 'note'
  return FOOTER.test(head.replace(/[\s\u3000]/g, '')) ? 'footer' : null
}

/** "填报单位：…（盖章）", "编号：…", "单位：万元": a line about the form, not a header cell. */
function isFormLine(text: string): boolean {
  const c = text.replace(/[\s\u3000]/g, '')
  return /^[^:：()（）]{1,10}[:：].+/.test(c) || /盖章|签章/.test(c)
}

/** Per-column notes under a header: "（一般/重大）", "（填写说明：日期格式为yyyy-mm-dd）". */
export function isNoteRow(row: CellValue[] | undefined): boolean {
  const t = texts(row)
  return (
    t.length > 0 &&
    t.every((x) => {
      const c = x.replace(/[\s\u3000]/g, '')
      return /^[（(].*[)）]$/.test(c) || /^(填写说明|填表说明|说明|注)[:：]/.test(c)
    })
  )
}

export function isUnitRow(row: CellValue[] | undefined): boolean {
  const t = texts(row)
  return t.length > 0 && t.every((x) => UNIT.test(x.replace(/[\s\u3000]/g, '')))
}

export interface HeaderBand {
  /** 1-based sheet rows of the header band */
  headerRows: number[]
  firstDataRow: number
  /** 1-based column → header path ("联系方式/手机"); columns without a header are absent */
  columns: Map<number, string>
}

/**
 * matcher(normalisedText) says whether a header text belongs to the ledger (any field synonym).
 * Returns null when no row looks like this ledger's header.
 */
export function detectHeader(
  expanded: CellValue[][],
  matcher: (text: string) => boolean,
  scanRows = 40,
): HeaderBand | null {
  const limit = Math.min(expanded.length, scanRows)
  let best = -1
  let bestHits = 0
  for (let r = 0; r < limit; r++) {
    const row = expanded[r] ?? []
    const seen = new Set<string>()
    let hits = 0
    for (const v of row) {
      if (typeof v !== 'string') continue
      const t = normHeader(v)
      if (!t || seen.has(t)) continue
      seen.add(t)
      if (matcher(t)) hits++
    }
    if (hits > bestHits) {
      bestHits = hits
      best = r
    }
  }
  if (best < 0 || bestHits < 3) return null
  const isHeaderLike = (row: CellValue[] | undefined): boolean => {
    const t = texts(row)
    if (t.length < 2) return false
    if (new Set(t).size < 2) return false // a title merged across the row
    if (t.some(isFormLine)) return false
    return (row ?? []).every((v) => v === null || typeof v === 'string') && t.every((x) => x.length <= 30)
  }
  let start = best
  while (start > 0 && isHeaderLike(expanded[start - 1]) && !isUnitRow(expanded[start - 1])) start--
  let end = best
  while (end + 1 < expanded.length && isHeaderLike(expanded[end + 1])) {
    const next = expanded[end + 1] as CellValue[]
    const above = expanded[end] as CellValue[]
    const cells = next.map((v, i) => ({ v, i })).filter((x) => x.v !== null && String(x.v).trim() !== '')
    // A sub-header sits under a parent merged across several columns (整改责任单位 over 建设/施工).
    const underMerge = (i: number): boolean =>
      above[i] !== null && above[i] !== undefined && (above[i] === above[i - 1] || above[i] === above[i + 1])
    const headerish = cells.filter(
      (x) => x.v === above[x.i] || matcher(normHeader(x.v)) || underMerge(x.i),
    ).length
    if (headerish * 2 < cells.length) break
    end++
  }
  const columns = new Map<number, string>()
  const width = Math.max(...expanded.slice(start, end + 1).map((r) => r.length))
  for (let c = 0; c < width; c++) {
    const parts: string[] = []
    for (let r = start; r <= end; r++) {
      const v = expanded[r]?.[c]
      const t = v === null || v === undefined ? '' : String(v).replace(/[\s\u3000]+/g, '')
      if (t && parts[parts.length - 1] !== t) parts.push(t)
    }
    if (parts.length) columns.set(c + 1, parts.join('/'))
  }
  // Disambiguate repeated names by position: 电话, 电话(2)
  const count = new Map<string, number>()
  for (const [c, name] of columns) {
    const n = (count.get(name) ?? 0) + 1
    count.set(name, n)
    if (n > 1) columns.set(c, `${name}(${n})`)
  }
  // Unit and instruction rows right under the header belong to the band, not to the data.
  let bandEnd = end
  while (
    bandEnd + 1 < expanded.length &&
    (isUnitRow(expanded[bandEnd + 1]) || isNoteRow(expanded[bandEnd + 1]))
  )
    bandEnd++
  let first = bandEnd + 1
  while (
    first < expanded.length &&
    (isBlank(expanded[first]) || isUnitRow(expanded[first]) || isNoteRow(expanded[first]))
  )
    first++
  const headerRows: number[] = []
  for (let r = start; r <= bandEnd; r++) headerRows.push(r + 1)
  return { headerRows, firstDataRow: first + 1, columns }
}
