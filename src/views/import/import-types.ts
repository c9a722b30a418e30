// Shapes of the Excel handlers as the import and export screens see them. Job results arrive as
// `unknown` (one job.get serves every kind of job), so each is checked before use.
import type { ApiInput, ApiOutput } from '../../api/types'

export type ImportPreview = ApiOutput<'excel.updateImport'>
export type PreviewColumn = ImportPreview['columns'][number]
export type PreviewField = ImportPreview['fields'][number]
export type PreviewSummary = ImportPreview['summary']
export type PreviewIssue = ImportPreview['errors'][number]
export type PreviewRowsPage = ApiOutput<'excel.previewRows'>
export type PreviewRow = PreviewRowsPage['rows'][number]
export type RowStatus = PreviewRow['status']
export type ImportBatch = ApiOutput<'excel.importHistory'>[number]
/** A workbook the core produced: template, error report or export. */
export type ProducedFile = ApiOutput<'excel.template'>

export type ImportPolicy = 'valid-only' | 'all-or-nothing'
/** The ledgers the Excel engine knows; the core says which of them are built. */
export type LedgerKey = ApiInput<'excel.startPreview'>['ledger']

/** The result of an `excel.commitImport` job. */
export interface CommitOutcome {
  batchId: number | null
  inserted: number
  updated: number
  skipped: number
  errors: PreviewIssue[]
  errorCount: number
  newVillages: string[]
  newIndustries: string[]
  backup: string | null
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null
}

export function isImportPreview(v: unknown): v is ImportPreview {
  return (
    isObject(v) &&
    typeof v.importId === 'string' &&
    Array.isArray(v.columns) &&
    Array.isArray(v.fields) &&
    Array.isArray(v.sheets) &&
    isObject(v.summary)
  )
}

export function isCommitOutcome(v: unknown): v is CommitOutcome {
  return (
    isObject(v) &&
    typeof v.inserted === 'number' &&
    typeof v.updated === 'number' &&
    typeof v.skipped === 'number' &&
    Array.isArray(v.newVillages) &&
    Array.isArray(v.newIndustries)
  )
}

export function isProducedFile(v: unknown): v is ProducedFile {
  return isObject(v) && typeof v.fileName === 'string' && typeof v.base64 === 'string'
}

/** Names for the ledgers this screen has been shown with; the core knows the full list. */
const LEDGER_LABELS: Partial<Record<LedgerKey, string>> = {
  enterprises: '企业台账',
  chemicals: '危化品台账',
  fireworks: '烟花爆竹零售经营户台账',
  duty: '值班表',
  hazards: '隐患整改台账',
  inspections: '检查台账',
  chemLicences: '危化品经营许可证',
}

export function ledgerLabel(ledger: LedgerKey): string {
  return LEDGER_LABELS[ledger] ?? '台账'
}

/** `?ledger=` from the address; anything unknown means the enterprise ledger. */
export function parseLedger(v: unknown): LedgerKey {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(LEDGER_LABELS, v)
    ? (v as LedgerKey)
    : 'enterprises'
}
