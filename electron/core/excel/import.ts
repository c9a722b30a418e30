import crypto from 'node:crypto'
import path from 'node:path'
import { AppError } from '../errors'
import { UNKNOWN_OPERATOR, writeAudit } from '../audit/audit'
import { chinaYear, isoNow, type Ctx, writeTx } from '../context'
import { stamp, verifiedBackup } from '../db/open'
import { excelError } from './errors'
import { colLetter, type CellValue, type GridBook, type GridSheet } from './grid'
import { dataEnd, detectHeader, expandMerges, isBlank, normHeader, type HeaderBand } from './header'
import { enterpriseRepo } from '../enterprises/ledger'
import { kitImporter } from '../kit/excel'
import { tableHasColumn } from '../kit/repo'
import type { NearMatch } from './enterprise-match'
import { hazardImporter } from '../inspections/hazard-import-hooks'
import { fireworksImporter } from '../fireworks/import-hooks'
import { chemicalImporter } from '../chemicals/import-hooks'
import { dutyImporter } from '../duty/import'
import {
  recordWords,
  type CreatedTable,
  type ImportLedger,
  type LedgerImporter,
  type RowPlan,
  type SheetRead,
  type Work,
} from './ledgers/plugin'
import { IGNORE_FIELD, type LedgerField } from './ledgers/types'
import { sheetYear } from './sheet-year'
import { headerFingerprint, makeMatcher, matchColumns, type ColumnMatch } from './mapping'

// The import engine, shared by every ledger: grid → header band → mapping → normalise →
// validate → plan (新增/更新/跳过/错误) → commit in one transaction with a batch id → undo.
// Each ledger plugs in its columns and record logic (ledgers/*-import.ts).

export const IMPORTERS: Record<ImportLedger, LedgerImporter> = {
  enterprises: kitImporter(enterpriseRepo, {
    ledger: 'enterprises',
    label: '企业台账',
    nearNames: true,
    words: recordWords(
      '家',
      '企业',
      '导入时自动新建的村（社区）和行业会保留。如果其中有企业在导入后又被修改过，或已有检查记录，将不能整批撤销，数据保持不变。',
      {
        notes: ['已有的企业按统一社会信用代码（没有代码时按名称和所属村）更新，不会重复登记。'],
        nearMatch: 'same',
      },
    ),
  }) as LedgerImporter,
  hazards: hazardImporter as LedgerImporter,
  fireworks: fireworksImporter as LedgerImporter,
  chemicals: chemicalImporter as LedgerImporter,
  duty: dutyImporter as LedgerImporter,
}

export interface RowIssue {
  sheet: string
  row: number
  column: string | null
  field: string | null
  message: string
  /** A cell that could not be read and was left out of the record (a warning, not an error). */
  cell?: boolean
}

export type RowStatus = 'insert' | 'update' | 'unchanged' | 'duplicate' | 'error'

export interface PlannedRow {
  row: number
  status: RowStatus
  /** Canonical values by field key (for the preview grid). */
  values: Record<string, unknown>
  issues: RowIssue[]
  /** Problems that do not stop the row (an optional cell left empty, a guessed village …). */
  warnings: RowIssue[]
  /** What the clerk wrote in cells that were left out (shown in the preview, offered for a fix). */
  leftOut: Record<string, unknown>
  existingId: number | null
  input: unknown
}

export interface SkippedRow {
  sheet: string
  row: number
  reason: string
}

export interface SheetUse {
  name: string
  used: boolean
  reason: string
}

export interface ImportSession {
  id: string
  ledger: ImportLedger
  fileName: string
  book: GridBook
  sheetName: string
  expanded: CellValue[][]
  band: HeaderBand
  mapping: Map<number, string | null>
  matches: ColumnMatch[]
  fingerprint: string
  mappingRemembered: boolean
  fixes: Map<number, Record<string, unknown>>
  /** Values for all rows of fields the file has no column for (field key → text), e.g. 所属村. */
  defaults: Record<string, string>
  /** The clerk's answer per near-matched enterprise name: use the existing one (default) or not. */
  nearChoices: Map<string, boolean>
  /** Names in the file close to an enterprise in the roster, as the last plan found them. */
  nearMatches: NearMatch[]
  lastDataRow: number
  /** Why the data ends where it does (合计, 填表人, a note row), for the summary. */
  endReason: string | null
  sheets: SheetUse[]
  plan: PlannedRow[]
  skipped: SkippedRow[]
  /** File-level facts for the clerk (no data rows, a column missing for every row …). */
  notices: string[]
  /** Parent-link cells filled from the row above (blank, merged or 同上), by column. */
  filled: FilledCells[]
  /** Values read from the title for fields without a column (said while they are in use). */
  titleNotices: string[]
  /** A sheet the ledger read in its own layout (排班表): its records, not rows under the header. */
  layout: SheetRead | null
  /** Problems the layout's reader found outside any record (an unknown mark …). */
  sheetWarnings: RowIssue[]
  /** Database state the plan was computed against; a commit re-plans only if it moved. */
  plannedAt: string
  createdAt: number
}

export interface FilledCells {
  field: string
  label: string
  column: string
  rows: number[]
}

export interface ImportSummary {
  inserted: number
  updated: number
  skipped: number
  /** Parent-link cells filled down from the row above (see `LedgerImporter.fillDown`). */
  filled: number
  errors: RowIssue[]
  warnings: RowIssue[]
}

export function sessions(ctx: Ctx): Map<string, ImportSession> {
  const holder = ctx as Ctx & { importSessions?: Map<string, ImportSession> }
  holder.importSessions ??= new Map()
  return holder.importSessions
}

function dataSheets(book: GridBook): GridSheet[] {
  return book.sheets.filter((s) => !s.hidden && s.rows.some((r) => !isBlank(r)))
}

function dataRowCount(expanded: CellValue[][], from: number): number {
  let n = 0
  for (let r = from; r <= expanded.length; r++) if (!isBlank(expanded[r - 1])) n++
  return n
}

/** Chooses the sheet (or uses the requested one) and finds its header band. */
export function openSession(
  ctx: Ctx,
  book: GridBook,
  fileName: string,
  sheetName?: string,
  ledger: ImportLedger = 'enterprises',
  opts: { defaults?: Record<string, string> } = {},
): ImportSession {
  const plugin = IMPORTERS[ledger]
  const matcher = makeMatcher(plugin.fields)
  const candidates = dataSheets(book)
  if (candidates.length === 0) throw excelError(`文件“${fileName}”中没有任何数据`)
  if (sheetName && !book.sheets.some((s) => s.name === sheetName))
    throw excelError(`文件中没有名为“${sheetName}”的工作表`)
  type Choice = {
    sheet: GridSheet
    expanded: CellValue[][]
    band: HeaderBand
    matches: ColumnMatch[]
    mapped: number
    layout?: SheetRead
  }
  const fits: Choice[] = []
  const uses: SheetUse[] = []
  for (const sheet of book.sheets) {
    if (sheetName && sheet.name !== sheetName) {
      uses.push({ name: sheet.name, used: false, reason: '未选择' })
      continue
    }
    if (!sheetName && !candidates.includes(sheet)) {
      uses.push({ name: sheet.name, used: false, reason: sheet.hidden ? '隐藏的工作表' : '空白工作表' })
      continue
    }
    const expanded = expandMerges(sheet)
    const layout = plugin.readSheet?.(ctx, expanded, sheet)
    if (layout) {
      // (a layout fixes what each column holds: the mapping is shown, not chosen)
      fits.push({
        sheet,
        expanded,
        band: {
          headerRows: layout.headerRows,
          firstDataRow: layout.firstDataRow,
          columns: new Map(layout.columns.map((c) => [c.column, c.header])),
        },
        matches: layout.columns.map((c) => ({
          column: c.column,
          header: c.header,
          field: c.field,
          confidence: 1,
          needsConfirmation: false,
          alternatives: [],
        })),
        mapped: layout.columns.length,
        layout,
      })
      uses.push({ name: sheet.name, used: false, reason: '' })
      continue
    }
    const band = detectHeader(expanded, matcher)
    if (!band) {
      uses.push({ name: sheet.name, used: false, reason: `没有找到${plugin.label}的表头` })
      continue
    }
    const matches = matchColumns(band.columns, plugin.fields, (c) =>
      expanded.slice(band.firstDataRow - 1, band.firstDataRow + 49).map((r) => r[c - 1] ?? null),
    )
    if (!matches.some((m) => m.field === plugin.requiredField)) {
      uses.push({ name: sheet.name, used: false, reason: `没有“${plugin.requiredLabel}”列` })
      continue
    }
    const mapped = matches.filter((m) => m.field && m.field !== IGNORE_FIELD).length
    fits.push({ sheet, expanded, band, matches, mapped })
    uses.push({ name: sheet.name, used: false, reason: '' })
  }
  const chosen = fits.reduce<Choice | null>((best, c) => (!best || c.mapped > best.mapped ? c : best), null)
  if (!chosen)
    throw excelError(
      `“${fileName}”${sheetName ? `的工作表“${sheetName}”` : ''}看起来不是${plugin.label}：没有找到“${plugin.requiredLabel}”等表头。` +
        `请确认表格上方是表头行（${plugin.fields
          .filter((f) => f.key !== IGNORE_FIELD)
          .slice(0, 3)
          .map((f) => f.label)
          .join('、')}等），或先用“下载导入模板”整理数据。`,
    )
  for (const u of uses) {
    const fit = fits.find((f) => f.sheet.name === u.name)
    if (!fit) continue
    if (fit === chosen) {
      u.used = true
      u.reason = '已导入'
    } else
      u.reason = `也像${plugin.label}（约 ${dataRowCount(fit.expanded, fit.band.firstDataRow)} 行），本次未导入；如需导入请选择该工作表再导入一次`
  }
  const fingerprint = headerFingerprint(chosen.band.columns)
  const remembered = chosen.layout
    ? undefined
    : (ctx.db
        .prepare('SELECT mapping FROM import_mappings WHERE ledger = ? AND fingerprint = ?')
        .get(ledger, fingerprint) as { mapping: string } | undefined)
  const mapping = new Map<number, string | null>(chosen.matches.map((m) => [m.column, m.field]))
  if (remembered) {
    for (const [col, field] of Object.entries(
      JSON.parse(remembered.mapping) as Record<string, string | null>,
    ))
      if (mapping.has(Number(col))) mapping.set(Number(col), field)
  }
  // Data ends at the first 合计/footer/note row below the header band.
  const rows = chosen.expanded
  let last = chosen.layout?.lastDataRow ?? rows.length
  let endReason: string | null = null
  for (let r = chosen.band.firstDataRow; !chosen.layout && r <= rows.length; r++) {
    const row = rows[r - 1]
    const end = dataEnd(row)
    const why =
      end === 'total'
        ? '合计行'
        : end === 'note'
          ? '说明文字'
          : end === 'footer'
            ? '落款行（填表人、日期等）'
            : null
    if (why) {
      last = r - 1
      endReason = `第 ${r} 行是${why}，数据到此为止`
      break
    }
  }
  // A field without a column that the title names ("某某有限公司隐患排查台账" → the enterprise).
  const given = { ...(opts.defaults ?? {}) }
  const titleNotices: string[] = []
  const mappedKeys = new Set(mapping.values())
  for (const f of plugin.fields) {
    if (!f.fromTitle || mappedKeys.has(f.key) || given[f.key]) continue
    for (let r = 0; r < (chosen.band.headerRows[0] ?? 1) - 1; r++) {
      const text = (rows[r] ?? []).find((v) => typeof v === 'string' && v.trim() !== '')
      const m = typeof text === 'string' ? f.fromTitle.exec(text.replace(/\s+/g, '')) : null
      if (!m?.[1]) continue
      given[f.key] = m[1]
      titleNotices.push(`表中没有“${f.label}”列，按标题记为“${m[1]}”（可在导入时改为其他值）`)
      break
    }
  }
  const session: ImportSession = {
    id: crypto.randomUUID(),
    ledger,
    fileName,
    book,
    sheetName: chosen.sheet.name,
    expanded: rows,
    band: chosen.band,
    mapping,
    matches: chosen.matches,
    fingerprint,
    mappingRemembered: Boolean(remembered),
    fixes: new Map(),
    defaults: given,
    nearChoices: new Map(),
    nearMatches: [],
    lastDataRow: last,
    endReason,
    sheets: uses,
    plan: [],
    skipped: [],
    notices: [],
    filled: [],
    titleNotices,
    layout: chosen.layout ?? null,
    sheetWarnings: [],
    plannedAt: '',
    createdAt: Date.now(),
  }
  const all = sessions(ctx)
  // Keep at most a few open previews; the oldest is dropped.
  if (all.size >= 4) all.delete([...all.values()].sort((a, b) => a.createdAt - b.createdAt)[0]?.id ?? '')
  all.set(session.id, session)
  planSession(ctx, session)
  return session
}

export function getSession(ctx: Ctx, id: string): ImportSession {
  const s = sessions(ctx).get(id)
  if (!s) throw new AppError('NOT_FOUND', '这次导入的预览已过期，请重新选择文件')
  return s
}

function dbState(ctx: Ctx): string {
  const changes = ctx.db.prepare('SELECT total_changes()').pluck().get() as number
  return `${changes}:${ctx.db.pragma('data_version', { simple: true }) as number}`
}

/** The text a clerk typed in a cell, for 备注 ("从业人数：100-499人"). */
function cellText(v: CellValue): string {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10)
  return String(v ?? '')
    .replace(/\s+/g, ' ')
    .trim()
}

interface HeaderWords {
  words: Set<string>
  /** The first characters of the words: a cell starting otherwise is no header word (no need to normalise it). */
  starts: Set<string>
}

/** For each column, the header texts a repeated header row would hold there. */
function headerWords(band: HeaderBand): Map<number, HeaderWords> {
  const out = new Map<number, HeaderWords>()
  for (const [c, path] of band.columns) {
    const words = new Set(
      path
        .replace(/\(\d+\)$/, '')
        .split('/')
        .map((t) => normHeader(t)),
    )
    out.set(c, { words, starts: new Set([...words].map((w) => w.slice(0, 1))) })
  }
  return out
}

const DROPPED = /^[\s*※]$/

/**
 * The first character of normHeader(v) without normalising the whole cell, or null when that
 * cannot be told from the character alone (full-width forms, a colon, a case change that grows).
 */
function headerStart(v: string): string | null {
  let c = v.charAt(0)
  if (DROPPED.test(c)) {
    const m = /[^\s*※]/.exec(v)
    if (!m) return ''
    c = m[0]
  }
  const code = c.charCodeAt(0)
  if ((code >= 0xff01 && code <= 0xff5e) || c === ':') return null
  const lower = c.toLowerCase()
  return lower.length === 1 ? lower : null
}

function isRepeatedHeader(row: CellValue[], words: Map<number, HeaderWords>): boolean {
  let filled = 0
  let same = 0
  for (let i = 0; i < row.length; i++) {
    const v = row[i]
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue
    filled++
    const w = words.get(i + 1)
    if (typeof v === 'string' && v.length <= 40 && w) {
      const start = headerStart(v)
      if ((start === null || w.starts.has(start)) && w.words.has(normHeader(v))) same++
    }
    // A data row: its first filled cells are not header words (keeps 100k-row imports fast).
    if (filled === 3 && same === 0) return false
  }
  return same >= 2 && same * 2 >= filled
}

/** "一、工贸企业" merged across the row between groups of records: a heading, not a record. */
function groupTitle(row: CellValue[]): string | null {
  let text: string | null = null
  let n = 0
  for (const v of row) {
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue
    if (typeof v !== 'string' || (text !== null && v !== text)) return null
    text = v
    n++
  }
  return n >= 3 && text !== null ? text.trim() : null
}

const SAME_AS_ABOVE = /^(同上|同上单位|同上企业|〃|"|＂)$/

function isEmptyCell(v: CellValue): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '')
}

/** "第 5–7、9 行" (a long list is cut short). */
function rowList(rows: number[]): string {
  const runs: string[] = []
  for (let i = 0; i < rows.length;) {
    let j = i
    while (j + 1 < rows.length && rows[j + 1] === (rows[j] as number) + 1) j++
    runs.push(j > i ? `${rows[i]}–${rows[j]}` : String(rows[i]))
    i = j + 1
  }
  return `第 ${runs.slice(0, 12).join('、')}${runs.length > 12 ? ' 等' : ''} 行`
}

interface FillColumn {
  col: number
  field: LedgerField
  with: number[]
  /** Rows whose cell a merged range covers below its first row (the reader copied the value). */
  merged: Set<number>
  rows: number[]
}

/** The parent-link columns of the mapping that fill down, with the rows merges cover. */
function fillColumns(
  s: ImportSession,
  plugin: LedgerImporter,
  byKey: Map<string, LedgerField>,
): FillColumn[] {
  const colOf = new Map<string, number>()
  for (const [col, key] of s.mapping) if (key) colOf.set(key, col)
  const merges = s.book.sheets.find((x) => x.name === s.sheetName)?.merges ?? []
  const out: FillColumn[] = []
  for (const fd of plugin.fillDown ?? []) {
    const col = colOf.get(fd.field)
    const field = byKey.get(fd.field)
    if (col === undefined || !field) continue
    const merged = new Set<number>()
    for (const m of merges) {
      if (m.left > col || m.right < col) continue
      for (let r = Math.max(m.top + 1, s.band.firstDataRow); r <= Math.min(m.bottom, s.lastDataRow); r++)
        merged.add(r)
    }
    const withCols = (fd.with ?? []).map((k) => colOf.get(k)).filter((c): c is number => c !== undefined)
    out.push({ col, field, with: withCols, merged, rows: [] })
  }
  return out
}

/** A row's record planned by its ledger: its status, and a duplicate of an earlier row reported. */
function settle<I>(
  s: ImportSession,
  planned: PlannedRow,
  p: RowPlan<I>,
  seen: Map<string, PlannedRow>,
  where: string,
): void {
  if (planned.issues.length > 0 || p.input === null || p.key === null) return
  planned.input = p.input
  planned.status = p.existing ? (p.existing.same ? 'unchanged' : 'update') : 'insert'
  planned.existingId = p.existing?.id ?? null
  const earlier = seen.get(p.key)
  if (earlier) {
    // Duplicates inside the file: the later one wins, the earlier one is reported and skipped.
    earlier.status = 'duplicate'
    earlier.issues.push({
      sheet: s.sheetName,
      row: earlier.row,
      column: null,
      field: null,
      message: `与${where}是同一条记录（${p.keyLabel}），以${where}为准`,
    })
  }
  seen.set(p.key, planned)
}

/** Plans a sheet read in the ledger's own layout: one planned record per record of the layout. */
function planLayout(ctx: Ctx, s: ImportSession, read: SheetRead): void {
  const plugin = IMPORTERS[s.ledger]
  const prep = plugin.prepare(ctx)
  const notices = new Set<string>()
  const plan: PlannedRow[] = []
  const seen = new Map<string, PlannedRow>()
  const at = (row: number, column: string, field: string | null, message: string): RowIssue => ({
    sheet: s.sheetName,
    row,
    column,
    field,
    message,
  })
  const env = { year: chinaYear(ctx), defaults: s.defaults, keep: [], nearEnterprise: () => false }
  const blank = { values: {}, warnings: [], leftOut: {}, existingId: null, input: null }
  for (const e of read.errors)
    plan.push({ ...blank, row: e.row, status: 'error', issues: [at(e.row, e.column, null, e.message)] })
  for (const rec of read.records) {
    const column = colLetter(rec.column)
    const planned: PlannedRow = {
      ...blank,
      row: rec.row,
      status: 'error',
      values: rec.values,
      issues: [],
      warnings: [],
    }
    const p = plugin.planRow(
      prep,
      rec.values,
      {
        sheet: s.sheetName,
        row: rec.row,
        issue: (field, message) => void planned.issues.push(at(rec.row, column, field, message)),
        warn: (field, message) => void planned.warnings.push(at(rec.row, column, field, message)),
        notice: (message) => void notices.add(message),
      },
      env,
    )
    settle(s, planned, p, seen, `第 ${rec.row} 行 ${column} 列`)
    plan.push(planned)
  }
  for (const n of read.notices ?? []) notices.add(n)
  plugin.finish?.(prep, (m) => notices.add(m))
  if (read.records.length === 0 && read.errors.length === 0)
    notices.add(`工作表“${s.sheetName}”中没有可导入的内容`)
  s.plan = plan.sort((a, b) => a.row - b.row)
  s.sheetWarnings = read.warnings.map((w) => at(w.row, w.column, null, w.message))
  s.skipped = []
  s.notices = [...notices]
  s.filled = []
  s.nearMatches = []
  s.plannedAt = dbState(ctx)
}

/** Recomputes the plan after opening, a mapping change or an inline fix. */
export function planSession(ctx: Ctx, s: ImportSession): void {
  if (s.layout) return planLayout(ctx, s, s.layout)
  const plugin = IMPORTERS[s.ledger]
  const byKey = new Map(plugin.fields.map((f) => [f.key, f]))
  const fieldCols: [number, LedgerField][] = []
  const colOf = new Map<string, string>()
  for (const [col, key] of s.mapping) {
    const f = key ? byKey.get(key) : undefined
    if (f && f.key !== IGNORE_FIELD) {
      fieldCols.push([col, f])
      colOf.set(f.key, colLetter(col))
    }
  }
  const prep = plugin.prepare(ctx)
  const settings = plugin.readSettings?.(ctx)
  const plan: PlannedRow[] = []
  const skipped: SkippedRow[] = []
  const notices = new Set<string>()
  const near = new Map<string, NearMatch>()
  let current = 0
  // One function for every row (it records the row being planned): a name close to an enterprise
  // in the roster, and the clerk's answer for it (the existing one unless told otherwise).
  const nearEnterprise = (name: string, e: { id: number; name: string; village: string }): boolean => {
    let m = near.get(name)
    if (!m) {
      m = {
        name,
        existingId: e.id,
        existingName: e.name,
        village: e.village,
        rows: [],
        useExisting: s.nearChoices.get(name) ?? true,
      }
      near.set(name, m)
    }
    if (!m.rows.includes(current)) m.rows.push(current)
    return m.useExisting
  }
  // What the plugin says about the row being planned, one object for all rows (not five
  // functions for each of 100,000 rows).
  let rowIssues: RowIssue[] = []
  let rowWarnings: RowIssue[] = []
  const at = (field: string | null, message: string): RowIssue => ({
    sheet: s.sheetName,
    row: current,
    column: field ? (colOf.get(field) ?? null) : null,
    field,
    message,
  })
  const ctxRow = {
    sheet: s.sheetName,
    row: 0,
    issue: (field: string | null, message: string) => {
      rowIssues.push(at(field, message))
    },
    warn: (field: string | null, message: string) => {
      rowWarnings.push(at(field, message))
    },
    notice: (message: string) => {
      notices.add(message)
    },
  }
  const seen = new Map<string, PlannedRow>()
  const words = headerWords(s.band)
  const formulaSet = s.book.sheets.find((x) => x.name === s.sheetName)?.formulaCells
  const formulas = formulaSet && formulaSet.size > 0 ? formulaSet : null
  const FORMULA = '是公式，但文件中没有保存计算结果（该格读作空）。请在 Excel/WPS 中打开文件、保存后再导入'
  const identityLabels = plugin.identityFields.map((k) => byKey.get(k)?.label ?? k).join('和')
  // Parent-link columns fill down within a block: a blank row, a group title or a repeated
  // header starts a new block (nothing is carried across it).
  const fills = fillColumns(s, plugin, byKey)
  let above = new Map<number, CellValue>()
  const year = chinaYear(ctx)
  // What frames the rows (a group heading, the sheet's name, its title line): see PlanEnv.context.
  const frame: { why: string; text: string }[] = [{ why: '工作表名称', text: s.sheetName }]
  for (let r = 0; r < (s.band.headerRows[0] ?? 1) - 1; r++) {
    const text = (s.expanded[r] ?? []).find((v) => typeof v === 'string' && v.trim() !== '')
    if (typeof text === 'string') {
      frame.push({ why: '表格标题', text: text.trim() })
      break
    }
  }
  let context = frame
  // (read once, and only by a ledger whose dates may lack a year)
  let yearOfSheet: { year: number; from: string } | null | undefined
  const sheetYearOnce = () =>
    yearOfSheet === undefined ? (yearOfSheet = sheetYear(s.expanded)) : yearOfSheet
  for (let r = s.band.firstDataRow; r <= s.lastDataRow; r++) {
    current = r
    const row = s.expanded[r - 1] ?? []
    if (isBlank(row)) {
      above = new Map()
      continue
    }
    if (isRepeatedHeader(row, words)) {
      skipped.push({ sheet: s.sheetName, row: r, reason: '重复的表头行，已跳过' })
      above = new Map()
      continue
    }
    const title = groupTitle(row)
    if (title) {
      skipped.push({ sheet: s.sheetName, row: r, reason: `分组标题行“${title}”，已跳过` })
      context = [{ why: '分组标题', text: title }, ...frame]
      above = new Map()
      continue
    }
    const fix = s.fixes.get(r)
    // (most sheets have no column that fills down: their rows read their cells directly)
    const carried = fills.length > 0 ? new Map<number, CellValue>() : null
    for (const fc of fills) {
      if (fix && fc.field.key in fix) continue
      const v = row[fc.col - 1] ?? null
      const blank = isEmptyCell(v) || (typeof v === 'string' && SAME_AS_ABOVE.test(v.trim()))
      if (!(blank || fc.merged.has(r)) || !above.has(fc.col)) continue
      fc.rows.push(r)
      carried?.set(fc.col, above.get(fc.col) ?? null)
      for (const c of fc.with) if (isEmptyCell(row[c - 1] ?? null)) carried?.set(c, above.get(c) ?? null)
    }
    const cellAt = (col: number): CellValue => (carried?.has(col) ? carried.get(col) : row[col - 1]) ?? null
    for (const fc of fills)
      for (const c of [fc.col, ...fc.with]) {
        const v = cellAt(c)
        if (!isEmptyCell(v) && !(typeof v === 'string' && SAME_AS_ABOVE.test(v.trim()))) above.set(c, v)
        else above.delete(c)
      }
    const values: Record<string, unknown> = {}
    const issues: RowIssue[] = []
    const warnings: RowIssue[] = []
    const keep: string[] = []
    const leftOut: Record<string, unknown> = {}
    const env = {
      year,
      defaults: s.defaults,
      keep,
      settings,
      nearEnterprise,
      context,
      sheetYear: sheetYearOnce,
      notice: ctxRow.notice,
    }
    for (const [col, f] of fieldCols) {
      const raw = fix && f.key in fix ? (fix[f.key] as CellValue) : cellAt(col)
      if (raw === null && formulas?.has(`${r}:${col}`)) {
        const issue = {
          sheet: s.sheetName,
          row: r,
          column: colLetter(col),
          field: f.key,
          message: `${f.label}${FORMULA}`,
        }
        if (f.required) issues.push(issue)
        else warnings.push({ ...issue, cell: true })
        continue
      }
      const res = f.read(raw, env)
      if (res.ok) {
        values[f.key] = res.value
        continue
      }
      const issue = { sheet: s.sheetName, row: r, column: colLetter(col), field: f.key, message: res.message }
      if (f.required) {
        values[f.key] = raw
        issues.push(issue)
      } else {
        // An optional cell that cannot be read never costs the row: the field stays as it was
        // (empty for a new record) and the text the clerk wrote is kept in 备注.
        const text = cellText(raw)
        leftOut[f.key] = text
        const keepIt = plugin.notesField && f.key !== plugin.notesField && text !== ''
        if (keepIt) keep.push(`${f.label}：${text}`)
        warnings.push({
          ...issue,
          cell: true,
          message: `${res.message}${keepIt ? `（该格未导入，原文已记入备注）` : '（该格未导入）'}`,
        })
      }
    }
    // A row is data when it names its record (企业名称/信用代码, 企业/隐患描述); others are skipped.
    if (issues.length === 0 && plugin.identityFields.every((k) => (values[k] ?? null) === null)) {
      skipped.push({ sheet: s.sheetName, row: r, reason: `没有${identityLabels}，不是一条记录，已跳过` })
      continue
    }
    const planned: PlannedRow = {
      row: r,
      status: 'error',
      values,
      issues,
      warnings,
      leftOut,
      existingId: null,
      input: null,
    }
    if (issues.length === 0) {
      // (only a row whose cells were all read is planned: no field of it has failed yet)
      ctxRow.row = r
      rowIssues = issues
      rowWarnings = warnings
      settle(s, planned, plugin.planRow(prep, values, ctxRow, env), seen, `第 ${r} 行`)
    }
    plan.push(planned)
  }
  plugin.finish?.(prep, (m) => notices.add(m))
  if (plan.length === 0 && skipped.length === 0)
    notices.add(`工作表“${s.sheetName}”表头下没有数据行（表头在第 ${s.band.headerRows.join('、')} 行）`)
  if (s.endReason) notices.add(s.endReason)
  for (const t of s.titleNotices)
    if (Object.values(s.defaults).some((v) => t.includes(`“${v}”`))) notices.add(t)
  const repeated = skipped.filter((k) => k.reason.startsWith('重复的表头行')).length
  if (repeated) notices.add(`表中间有 ${repeated} 行重复的表头，已跳过`)
  s.filled = fills
    .filter((fc) => fc.rows.length > 0)
    .map((fc) => ({ field: fc.field.key, label: fc.field.label, column: colLetter(fc.col), rows: fc.rows }))
  for (const f of s.filled)
    notices.add(
      `“${f.label}”列（${f.column}列）有 ${f.rows.length} 格为合并单元格、空白或“同上”，已按上一行填入：${rowList(f.rows)}`,
    )
  s.plan = plan
  s.skipped = skipped
  s.notices = [...notices]
  s.nearMatches = [...near.values()]
  s.plannedAt = dbState(ctx)
}

export function summarize(s: ImportSession): ImportSummary & { unchanged: number; duplicates: number } {
  let inserted = 0
  let updated = 0
  let unchanged = 0
  let duplicates = 0
  const errors: RowIssue[] = []
  const warnings: RowIssue[] = []
  for (const p of s.plan) {
    if (p.status === 'insert') inserted++
    else if (p.status === 'update') updated++
    else if (p.status === 'unchanged') unchanged++
    else if (p.status === 'duplicate') duplicates++
    else errors.push(...p.issues)
    if (p.status !== 'error') warnings.push(...p.warnings)
  }
  warnings.push(...s.sheetWarnings)
  const filled = s.filled.reduce((n, f) => n + f.rows.length, 0)
  return {
    inserted,
    updated,
    skipped: unchanged + duplicates,
    unchanged,
    duplicates,
    filled,
    errors,
    warnings,
  }
}

export function rememberMapping(ctx: Ctx, s: ImportSession): void {
  ctx.db
    .prepare(
      `INSERT INTO import_mappings(ledger, fingerprint, mapping, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(ledger, fingerprint) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
    )
    .run(s.ledger, s.fingerprint, JSON.stringify(Object.fromEntries(s.mapping)), isoNow(ctx))
}

export type CommitPolicy = 'valid-only' | 'all-or-nothing'

export interface CommitResult extends ImportSummary {
  batchId: number | null
  backup: string | null
  newVillages: string[]
  newIndustries: string[]
  created: Record<string, string[]>
}

/**
 * Writes the plan in one transaction after a verified backup. Either every planned row is
 * written with its batch record, or nothing is.
 */
export async function commitSession(
  ctx: Ctx,
  s: ImportSession,
  policy: CommitPolicy,
  onProgress?: (done: number, total: number) => void,
  opts: { operator?: string } = {},
): Promise<CommitResult> {
  const plugin = IMPORTERS[s.ledger]
  if (s.plannedAt !== dbState(ctx)) planSession(ctx, s)
  const summary = summarize(s)
  // "All or nothing" also counts cells the default policy would leave out with a warning.
  const strict = [...summary.errors, ...summary.warnings.filter((w) => w.cell)]
  if ((policy === 'all-or-nothing' || plugin.allOrNothing) && strict.length > 0) {
    const first = strict[0] as RowIssue
    throw new AppError(
      'VALIDATION',
      `文件中有 ${new Set(strict.map((e) => e.row)).size} 行有错误，按“整个文件全部正确才导入”的设置，本次没有导入任何数据。` +
        `第一处：工作表“${first.sheet}”第 ${first.row} 行${first.column ? ` ${first.column} 列` : ''}：${first.message}。请修正后重试。`,
      { errors: strict.slice(0, 200) },
    )
  }
  if (plugin.allOrNothing && s.plan.length === 0)
    throw new AppError('VALIDATION', `文件中没有可导入的${plugin.label}内容，未导入任何数据`)
  const operator = opts.operator?.trim() || ctx.operator?.trim() || UNKNOWN_OPERATOR
  const work: Work<unknown>[] = s.plan
    .filter((p) => p.status === 'insert' || p.status === 'update')
    .map((p) => ({
      row: p.row,
      status: p.status as 'insert' | 'update',
      existingId: p.existingId,
      input: p.input,
    }))
  let backup: string | null = null
  if (ctx.dataDir && work.length > 0) {
    backup = await verifiedBackup(
      ctx.db,
      path.join(ctx.dataDir, 'backups', `before-import-${stamp(ctx.now())}.sqlite`),
      ctx.nativeBinding,
    )
  }
  const now = isoNow(ctx)
  const result = writeTx(ctx, () => {
    const batchId = Number(
      ctx.db
        .prepare(
          'INSERT INTO import_batches(ledger, table_name, file_name, sheet, at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(s.ledger, plugin.table, s.fileName, s.sheetName, now).lastInsertRowid,
    )
    const w = plugin.write(ctx, work, { id: batchId, now, fileName: s.fileName, operator }, onProgress)
    ctx.db
      .prepare('UPDATE import_batches SET inserted = ?, updated = ?, skipped = ?, errors = ? WHERE id = ?')
      .run(w.inserted, w.updated, summary.skipped, new Set(summary.errors.map((e) => e.row)).size, batchId)
    writeAudit(ctx, {
      action: 'import',
      ledger: 'import',
      recordId: batchId,
      recordName: s.fileName,
      note: `${plugin.label}（工作表“${s.sheetName}”）：新增 ${w.inserted} 条，更新 ${w.updated} 条`,
    })
    return { batchId, ...w }
  })
  rememberMapping(ctx, s)
  sessions(ctx).delete(s.id)
  ctx.log.info(
    `import batch ${result.batchId} (${s.ledger}): ${s.fileName} inserted ${result.inserted} updated ${result.updated}`,
  )
  return {
    batchId: result.batchId,
    inserted: result.inserted,
    updated: result.updated,
    created: result.created,
    newVillages: result.created['村（社区）'] ?? [],
    newIndustries: result.created['行业'] ?? [],
    skipped: summary.skipped,
    filled: summary.filled,
    errors: summary.errors,
    warnings: summary.warnings,
    backup,
  }
}

/** What undo says about the side records it removed, by table ({names} is their list). */
const SIDE_REMOVED: Record<CreatedTable, { text: string; measure: string; noun: string }> = {
  enterprises: { text: '导入时新建的企业 {names} 已删除', measure: '家', noun: '企业' },
  villages: { text: '导入时新建的村（社区） {names} 已删除', measure: '个', noun: '村（社区）' },
  industries: { text: '导入时新建的行业 {names} 已删除', measure: '个', noun: '行业' },
  chem_units: { text: '导入时新建的单元 {names} 已删除', measure: '个', noun: '单元' },
  staff: { text: '导入时加入人员名单的 {names} 已移出人员名单', measure: '人', noun: '人员' },
}

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m))
}

/** What undoing a batch will do, said before, in its ledger's words. */
export function undoConfirmText(b: {
  id: number
  ledger: ImportLedger
  fileName: string
  inserted: number
  updated: number
}): string {
  const w = IMPORTERS[b.ledger].words
  const parts: string[] = []
  if (b.inserted > 0) parts.push(fill(w.undoInserted, { n: b.inserted }))
  if (b.updated > 0) parts.push(fill(w.undoUpdated, { n: b.updated }))
  const what = parts.length ? `${parts.join('，')}。` : w.undoNothing
  return `撤销第 ${b.id} 批（“${b.fileName}”）：${what}${w.undoNote}`
}

export function undoBatch(ctx: Ctx, batchId: number): { removed: number; restored: number; message: string } {
  return writeTx(ctx, () => {
    const batch = ctx.db.prepare('SELECT * FROM import_batches WHERE id = ?').get(batchId) as
      { undone_at: string | null; ledger: ImportLedger; file_name: string } | undefined
    if (!batch) throw new AppError('NOT_FOUND', '该导入批次不存在')
    if (batch.undone_at) throw new AppError('CONFLICT', `该批次已于 ${batch.undone_at} 撤销过`)
    const plugin = IMPORTERS[batch.ledger]
    const items = ctx.db
      .prepare('SELECT record_id, action, before, after_version FROM import_batch_items WHERE batch_id = ?')
      .all(batchId) as {
      record_id: number
      action: 'insert' | 'update'
      before: string | null
      after_version: number
    }[]
    const current = ctx.db.prepare(
      `SELECT ${plugin.nameSql} AS name, version FROM ${plugin.table} WHERE id = ?`,
    )
    const changed: string[] = []
    for (const it of items) {
      const cur = current.get(it.record_id) as { name: string; version: number } | undefined
      if (!cur || cur.version !== it.after_version) changed.push(cur?.name ?? `#${it.record_id}`)
    }
    if (changed.length)
      throw new AppError(
        'CONFLICT',
        `有 ${changed.length} 条记录在导入后又被修改过（如：${changed.slice(0, 3).join('、')}），为避免丢失这些修改，不能整批撤销。`,
        { changed: changed.slice(0, 100) },
      )
    const now = isoNow(ctx)
    let removed = 0
    let restored = 0
    for (const it of items) {
      plugin.undoItem(ctx, { recordId: it.record_id, action: it.action, before: it.before }, batchId, now)
      if (it.action === 'insert') removed++
      else restored++
    }
    // Side records the batch created (e.g. enterprises a hazard ledger named, people a roster
    // named) go too, unless something else uses them by now: records under an enterprise (a
    // chemical's unit) first, then the enterprises, then the lookups they were filed under.
    const created = ctx.db
      .prepare(
        "SELECT table_name, record_id FROM import_batch_created WHERE batch_id = ? ORDER BY table_name IN ('villages', 'industries'), table_name = 'enterprises', record_id DESC",
      )
      .all(batchId) as { table_name: CreatedTable; record_id: number }[]
    const sideRemoved: Partial<Record<CreatedTable, string[]>> = {}
    const sideKept: Partial<Record<CreatedTable, string[]>> = {}
    const batchAt = (ctx.db.prepare('SELECT at FROM import_batches WHERE id = ?').pluck().get(batchId) ??
      '') as string
    const stamped = new Map<CreatedTable, boolean>()
    for (const c of created) {
      // A side record the clerk edited after the import (a village filled in for an enterprise
      // the hazard list named) is kept with the edit, as a changed batch record is.
      if (!stamped.has(c.table_name))
        stamped.set(c.table_name, tableHasColumn(ctx, c.table_name, 'updated_at'))
      const rec = ctx.db
        .prepare(
          `SELECT name, ${stamped.get(c.table_name) ? 'updated_at' : 'NULL'} AS updatedAt FROM ${c.table_name} WHERE id = ?`,
        )
        .get(c.record_id) as { name: string; updatedAt: string | null } | undefined
      if (!rec) continue
      const name = rec.name
      if (rec.updatedAt !== null && rec.updatedAt > batchAt) {
        ;(sideKept[c.table_name] ??= []).push(name)
        continue
      }
      try {
        ctx.db.prepare(`DELETE FROM ${c.table_name} WHERE id = ?`).run(c.record_id)
        ;(sideRemoved[c.table_name] ??= []).push(name)
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw err
      }
    }
    ctx.db.prepare('UPDATE import_batches SET undone_at = ? WHERE id = ?').run(now, batchId)
    plugin.undone?.(
      ctx,
      { id: batchId, fileName: batch.file_name, operator: ctx.operator?.trim() || UNKNOWN_OPERATOR },
      sideRemoved,
    )
    writeAudit(ctx, {
      action: 'undo',
      ledger: 'import',
      recordId: batchId,
      recordName: batch.file_name,
      note: `${plugin.label}：撤销新增 ${removed} 条，恢复修改前的 ${restored} 条`,
    })
    const listed = (names: string[], measure: string) =>
      names.slice(0, 10).join('、') + (names.length > 10 ? ` 等 ${names.length} ${measure}` : '')
    const side = (Object.keys(SIDE_REMOVED) as CreatedTable[]).flatMap((t) => {
      const { text, measure, noun } = SIDE_REMOVED[t]
      return [
        ...(sideRemoved[t]?.length ? [fill(text, { names: listed(sideRemoved[t], measure) })] : []),
        ...(sideKept[t]?.length ? [`导入后修改过的${noun} ${listed(sideKept[t], measure)} 保留`] : []),
      ]
    })
    const message =
      `已撤销第 ${batchId} 批导入：${fill(plugin.words.undone, { removed, restored })}` +
      side.map((x) => `；${x}`).join('')
    return { removed, restored, message }
  })
}
