// Shapes of the Excel handlers as the import and export screens see them. Job results arrive as
// `unknown` (one job.get serves every kind of job), so each is checked before use.
import type { ApiInput, ApiOutput } from '../../api/types'
import { EXCEL_LEDGERS, isExcelLedger } from '../../../electron/core/shared/excel-ledgers'

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

export function ledgerLabel(ledger: LedgerKey): string {
  return EXCEL_LEDGERS[ledger]?.label ?? '台账'
}

/** `?ledger=` from the address; anything unknown means the enterprise ledger. */
export function parseLedger(v: unknown): LedgerKey {
  return isExcelLedger(v) ? v : 'enterprises'
}
