import type { CellValue } from '../grid'
import type { Normalized } from '../normalize'

/** One importable/exportable column of a ledger, described once. */
export interface LedgerField {
  key: string
  label: string
  /** Other header texts offices use for this column (normalised: no spaces, half-width). */
  synonyms: string[]
  /** A header containing one of these is never this field (隐患编码 is not 隐患). */
  excludeWords?: string[]
  required?: boolean
  /** Cell → canonical value, or a Chinese reason. */
  read: (v: CellValue, env: { year: number }) => Normalized<unknown>
  /** Export: the canonical value as it goes into a cell. */
  width?: number
  kind?: 'text' | 'code' | 'date' | 'number' | 'flag'
  /** Dropdown choices for the import template. */
  choices?: string[]
  /** Chinese labels of the canonical values, for the preview grid (never show a key like "major"). */
  labels?: Record<string, string>
}

export const IGNORE_FIELD = '_ignore'
