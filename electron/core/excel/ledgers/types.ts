import type { CellValue } from '../grid'
import type { Normalized } from '../normalize'

export interface ReadEnv {
  year: number
  /** Office settings a column reads by, loaded once per import (e.g. the 隐患等级 words). */
  settings?: Record<string, unknown>
  /** Values a cell gave for another field (the name in "王建国 13608865162"), by field key. */
  found?: Record<string, string>
  /**
   * The year the sheet's dates written without one belong to (its title's, else its full dates'),
   * or null; worked out on first use (see excel/sheet-year.ts).
   */
  sheetYear?(): { year: number; from: string } | null
  /** A fact about the whole file, said once in the preview. */
  notice?(message: string): void
}

/** One importable/exportable column of a ledger, described once. */
export interface LedgerField {
  key: string
  /** phones: the person field they belong to (a 联系方式 column right after it is that person's). */
  personOf?: string
  label: string
  /** Other header texts offices use for this column (normalised: no spaces, half-width). */
  synonyms: string[]
  /** A header containing one of these is never this field (隐患编码 is not 隐患). */
  excludeWords?: string[]
  required?: boolean
  /** Under a parent header naming this field, the sub-column to prefer (施工 under 整改责任单位). */
  preferSub?: string[]
  /** Fields whose values this column must not repeat (the audited unit is not the inspecting body). */
  distinctFrom?: string[]
  /** Cell → canonical value, or a Chinese reason. */
  read: (v: CellValue, env: ReadEnv) => Normalized<unknown>
  /** Without a column, the value for all rows may be read from the title above the header
   * ("青禾恒达机械有限公司隐患排查治理台账" → the enterprise). */
  fromTitle?: RegExp
  /** Read on import only (no export column). */
  importOnly?: boolean
  /** Export: the canonical value as it goes into a cell. */
  width?: number
  kind?: 'text' | 'code' | 'date' | 'number' | 'flag'
  /** Dropdown choices for the import template. */
  choices?: string[]
  /** Chinese labels of the canonical values, for the preview grid (never show a key like "major"). */
  labels?: Record<string, string>
}

export const IGNORE_FIELD = '_ignore'
