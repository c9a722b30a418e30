// What the import screens show, computed from the core's preview: no Vue here, so it is tested alone.
import type {
  CommitOutcome,
  ImportPreview,
  PreviewColumn,
  PreviewField,
  PreviewIssue,
  PreviewSummary,
  RowStatus,
} from './import-types'

/** The core's field for columns that are never data (序号). Shown as 不导入. */
export const IGNORE_FIELD = '_ignore'
/** Select value for 不导入 (an empty value would show the placeholder); sent to the core as null. */
export const NO_FIELD = '__none__'
/** Below this the automatic match is shown as 需确认 (orange). */
export const LOW_CONFIDENCE = 0.8

export type Tone = 'success' | 'warning' | 'info' | 'primary' | 'danger'

export interface MatchState {
  label: string
  tone: Tone
  /** The clerk should look at this column before going on. */
  needsReview: boolean
}

export interface MappingRow {
  column: number
  letter: string
  header: string
  /** The first values under the column, joined for display. */
  samples: string
  /** The select's value: a field key, or NO_FIELD. */
  value: string
  state: MatchState
}

export interface FieldOption {
  value: string
  label: string
  required: boolean
  /** Letter of the column currently mapped to this field (choosing it moves the field here). */
  usedBy: string | null
}

export function isMapped(field: string | null): field is string {
  return field !== null && field !== IGNORE_FIELD
}

export function selectValue(c: PreviewColumn): string {
  return isMapped(c.field) ? c.field : NO_FIELD
}

export function percent(confidence: number): number {
  return Math.round(Math.max(0, Math.min(1, confidence)) * 100)
}

export function matchState(c: PreviewColumn, opts: { remembered: boolean; changed: boolean }): MatchState {
  if (opts.changed) return { label: '已手动指定', tone: 'primary', needsReview: false }
  if (c.field === IGNORE_FIELD) return { label: '序号列，不导入', tone: 'info', needsReview: false }
  if (c.field === null) return { label: '不导入', tone: 'info', needsReview: false }
  if (opts.remembered) return { label: '上次已确认', tone: 'success', needsReview: false }
  // Another column fits this field as well, or an identifying field matched weakly: the clerk decides.
  if (c.needsConfirmation) return { label: '请确认', tone: 'warning', needsReview: true }
  if (c.confidence >= LOW_CONFIDENCE)
    return { label: `自动识别 ${percent(c.confidence)}%`, tone: 'success', needsReview: false }
  return { label: `需确认 ${percent(c.confidence)}%`, tone: 'warning', needsReview: true }
}

export function mappingRows(p: ImportPreview, changed: ReadonlySet<number>): MappingRow[] {
  return p.columns.map((c) => ({
    column: c.column,
    letter: c.letter,
    header: c.header,
    samples: c.samples.join('；'),
    value: selectValue(c),
    state: matchState(c, { remembered: p.mappingRemembered, changed: changed.has(c.column) }),
  }))
}

export function fieldOptions(p: ImportPreview): FieldOption[] {
  const usedBy = new Map<string, string>()
  for (const c of p.columns) if (isMapped(c.field)) usedBy.set(c.field, c.letter)
  return [
    { value: NO_FIELD, label: '不导入', required: false, usedBy: null },
    ...p.fields
      .filter((f) => f.key !== IGNORE_FIELD)
      .map((f) => ({
        value: f.key,
        label: f.label,
        required: f.required,
        usedBy: usedBy.get(f.key) ?? null,
      })),
  ]
}

/** Columns the core asks the clerk to confirm and the clerk has not touched yet. */
export function unconfirmed(p: ImportPreview, changed: ReadonlySet<number>): PreviewColumn[] {
  return p.mappingRemembered ? [] : p.columns.filter((c) => c.needsConfirmation && !changed.has(c.column))
}

/** "可改为 C、E 列" for a column to confirm. */
export function alternativesText(c: PreviewColumn): string {
  return c.alternatives.length ? `其他可能：${c.alternatives.map((l) => `${l} 列`).join('、')}` : ''
}

/** Required fields no column is mapped to: every row would fail, so the wizard stops here. */
export function missingRequired(p: ImportPreview): PreviewField[] {
  const mapped = new Set(p.columns.map((c) => c.field))
  // A value given for all rows (or read from the title) stands in for the column.
  // (a field the sheet supplies itself, as a group heading per enterprise, needs no column)
  return p.fields.filter((f) => f.required && !f.fromSheet && !mapped.has(f.key) && !p.defaults[f.key])
}

export function mappingPatch(column: number, value: string): Record<string, string | null> {
  return { [String(column)]: value === NO_FIELD ? null : value }
}

/** Sheets worth choosing between: the ones that hold any rows. */
export function dataSheets(p: ImportPreview): { name: string; rows: number }[] {
  return p.sheets.filter((s) => s.rows > 0)
}

export function rowRange(p: ImportPreview): string {
  const head = p.headerRows
  const headText =
    head.length === 0
      ? ''
      : head.length === 1
        ? `第 ${head[0]} 行`
        : `第 ${head[0]}–${head[head.length - 1]} 行`
  return `表头${headText}，数据第 ${p.firstDataRow}–${p.lastDataRow} 行`
}

// ---- preview grid ----

/** A grid cell the inline editor is anchored to (DOM types are named in .ts files only). */
export type CellElement = HTMLElement

export interface GridColumn {
  field: string
  label: string
  letter: string
}

/** The mapped fields in the file's column order, as the preview grid's columns. */
export function gridColumns(p: ImportPreview): GridColumn[] {
  const labels = new Map(p.fields.map((f) => [f.key, f.label]))
  // A sheet read in its ledger's layout (排班表): the fields of its records, not the sheet's columns.
  if (p.layoutFields) return p.layoutFields.map((k) => ({ field: k, label: labels.get(k) ?? k, letter: '' }))
  return p.columns
    .filter((c) => isMapped(c.field))
    .sort((a, b) => a.column - b.column)
    .map((c) => ({
      field: c.field as string,
      label: labels.get(c.field as string) ?? c.header,
      letter: c.letter,
    }))
}

export const STATUS_LABELS: Record<RowStatus, { label: string; tone: Tone }> = {
  insert: { label: '新增', tone: 'success' },
  update: { label: '更新', tone: 'primary' },
  unchanged: { label: '未变化', tone: 'info' },
  duplicate: { label: '重复', tone: 'warning' },
  error: { label: '错误', tone: 'danger' },
}

export interface CountTag {
  key: 'inserted' | 'updated' | 'unchanged' | 'duplicates' | 'errorRows' | 'warningRows' | 'skippedRows'
  label: string
  unit: string
  count: number
  tone: Tone
}

export function countTags(s: PreviewSummary): CountTag[] {
  return [
    { key: 'inserted', label: '新增', unit: '条', count: s.inserted, tone: 'success' },
    { key: 'updated', label: '更新', unit: '条', count: s.updated, tone: 'primary' },
    { key: 'unchanged', label: '未变化', unit: '条', count: s.unchanged, tone: 'info' },
    { key: 'duplicates', label: '重复', unit: '条', count: s.duplicates, tone: 'warning' },
    { key: 'errorRows', label: '错误', unit: '行', count: s.errorRows, tone: 'danger' },
    { key: 'warningRows', label: '提醒', unit: '行', count: s.warningRows, tone: 'warning' },
    { key: 'skippedRows', label: '跳过', unit: '行', count: s.skippedRows, tone: 'info' },
  ]
}

/** 工作表“企业台账”第 12 行 C 列 */
export function issueLocation(sheet: string, row: number, column: string | null): string {
  return `工作表“${sheet}”第 ${row} 行${column ? ` ${column} 列` : ''}`
}

export function issueText(
  sheet: string,
  row: number,
  issue: { column: string | null; message: string },
): string {
  return `${issueLocation(sheet, row, issue.column)}：${issue.message}`
}

export function errorRowCount(errors: readonly Pick<PreviewIssue, 'row'>[]): number {
  return new Set(errors.map((e) => e.row)).size
}

/** 新增 52 条，更新 0 条，跳过 1 条，错误 2 行 */
export function commitSummaryText(r: CommitOutcome, fallbackErrorRows = 0): string {
  // The core lists at most 500 issues; beyond that the preview's count is the better number.
  const errorRows = r.errorCount <= r.errors.length ? errorRowCount(r.errors) : fallbackErrorRows
  return `新增 ${r.inserted} 条，更新 ${r.updated} 条，跳过 ${r.skipped} 条，错误 ${errorRows} 行`
}

/** The count on the commit button: what will actually be written. */
export function writeCount(s: PreviewSummary): number {
  return s.inserted + s.updated
}
