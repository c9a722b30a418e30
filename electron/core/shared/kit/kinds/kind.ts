import type { FieldSpec, KindName, RefTable } from '../spec'
import type { Cleaned, RawValue } from './common'

export interface ColumnDef {
  name: string
  type: 'TEXT' | 'INTEGER' | 'REAL'
  notNull: boolean
}

export type SqlValue = string | number | null

/** What a clean-up may need beyond the value: lookups by name (import), the current year. */
export interface CleanEnv {
  resolve?: (table: RefTable, name: string) => number | null
  /** The current year, for ledgers that tick a 责任书 column (√ = signed this year). */
  year?: number
}

export type Widget = 'input' | 'textarea' | 'select' | 'multi' | 'number' | 'date' | 'year' | 'switch' | 'ref'
export type FilterWidget = 'none' | 'in' | 'flags' | 'bool' | 'range'

/**
 * A field kind owns everything about its values: the one clean-up (form, handler and importer
 * call the same function), how it is stored, shown, exported and sorted, and which widgets edit
 * and filter it. The zod rule of a field is derived from `clean` (see schema.ts).
 */
export interface Kind {
  name: KindName
  columns(f: FieldSpec): ColumnDef[]
  /** The stored value meaning "nothing": null, [] or false. */
  empty(f: FieldSpec): unknown
  clean(raw: RawValue, f: FieldSpec, env: CleanEnv): Cleaned<unknown>
  toDb(v: unknown, f: FieldSpec): Record<string, SqlValue>
  /**
   * What `toDb` gives, by position: the values of `columns(f)` in order, written into `out` from
   * `at`. A bulk import encodes every field of 100,000 records with it instead of a toDb record
   * per value; a kind without it is encoded through `toDb`.
   */
  encode?(v: unknown, f: FieldSpec, out: SqlValue[], at: number): void
  fromDb(row: Record<string, unknown>, f: FieldSpec): unknown
  /** Display text, also the text an export cell holds unless `exportCell` says otherwise. */
  display(v: unknown, f: FieldSpec): string
  exportCell?(v: unknown, f: FieldSpec): string | number | null
  /** SQL expression to sort by (alias is the ledger table's alias). */
  sortExpr(alias: string, f: FieldSpec): string
  widget: Widget
  filter: FilterWidget
  /** The form value for "nothing entered" (what an input binds to). */
  formEmpty(f: FieldSpec): unknown
}

export function col(f: FieldSpec): string {
  if (!f.column) throw new Error(`${f.key} has no column`)
  return f.column
}

/** `encode` of a kind storing its value as it is in its one column. */
export function encodeAsIs(v: unknown, _f: FieldSpec, out: SqlValue[], at: number): void {
  out[at] = (v as SqlValue | undefined) ?? null
}
