import type { Ctx } from '../../context'
import type { CellValue, GridSheet } from '../grid'
import type { LedgerField } from './types'

// What a ledger plugs into the import engine: its columns, how one row becomes a record, and how
// a batch of records is written and undone. The engine does the rest (header band, mapping,
// duplicates in the file, backup, one transaction, batch bookkeeping, undo checks).

export type ImportLedger = 'enterprises' | 'hazards' | 'fireworks' | 'chemicals' | 'duty'

/** Tables an import may add records to on the side (recorded in import_batch_created). */
export type CreatedTable = 'enterprises' | 'villages' | 'industries' | 'chem_units' | 'staff'

/**
 * What a ledger's import says in its own words (the wizard's help lines, 导入记录's undo texts), so
 * no screen or command tells ledgers apart by name. `{n}` is a count.
 */
export interface ImportWords {
  /** The wizard's help lines for this ledger's files, under 选择文件. */
  notes: string[]
  /** Undo, said before: what happens to the batch's new records ("这批新增的 {n} 家企业将被删除"). */
  undoInserted: string
  /** … to the records it updated or replaced ("这批更新过的 {n} 家企业将恢复为导入前的内容"). */
  undoUpdated: string
  /** … when the batch neither added nor changed anything. */
  undoNothing: string
  /** What else undo does or keeps, and when it is refused. */
  undoNote: string
  /** Undo, said after: `{removed}` and `{restored}` are the counts ("删除新增的企业 {removed} 家…"). */
  undone: string
  /**
   * A name near an enterprise in the roster: the row *is* that enterprise (its own ledger) or is
   * filed under it (隐患, 危化品). The preview words its choice accordingly.
   */
  nearMatch?: 'same' | 'owner'
}

export interface FillDown {
  field: string
  with?: string[]
}

export interface RowContext {
  sheet: string
  row: number
  /** Adds a problem with this row; the column is found from the field's mapping. */
  issue(field: string | null, message: string): void
  /** A problem that does not stop the row: reported on that cell, the row is still imported. */
  warn(field: string | null, message: string): void
  /** A fact about the whole file (said once), e.g. which village new enterprises went to. */
  notice(message: string): void
}

export interface PlanEnv {
  year: number
  /** Values the clerk gave for fields the file has no column for (field key → text), e.g. 所属村. */
  defaults: Record<string, string>
  /** Text of optional cells that could not be read, to keep in 备注 ("从业人数：100-499人"). */
  keep: string[]
  /**
   * A name in the file close to an enterprise in the roster (another width, brackets or legal
   * form): recorded for the clerk, and true while the row is to go to that enterprise rather than
   * create a new one (see excel/enterprise-match.ts).
   */
  nearEnterprise(name: string, existing: { id: number; name: string; village: string }): boolean
  /**
   * What frames the row on the sheet, nearest first: the group heading above it ("一、东湖村（5家）"),
   * the sheet's name, the title line above the header ("东湖村企业名单") — where a ledger kept
   * per village says the village it has no column for.
   */
  context?: { why: string; text: string }[]
  /** Values a cell gave for another field (the name in "王建国 13608865162"), by field key. */
  found?: Record<string, string>
}

export interface RowPlan<I> {
  input: I | null
  /** Identity of the record (inside the file and in the database); null when the row has errors. */
  key: string | null
  existing: { id: number; deleted: boolean; same: boolean } | null
  /** Human description of the key for duplicate messages, e.g. 统一社会信用代码相同. */
  keyLabel: string
}

/**
 * A sheet a ledger reads in a layout of its own rather than as rows under a header band (a people ×
 * days 排班表, one row per date with the people of each role in their columns): its records, each at
 * its sheet row and column, with their cells already read (links as names).
 */
export interface SheetRead {
  /** The layout's name for the clerk, e.g. 排班表（每人一行、每天一列） */
  layout: string
  headerRows: number[]
  firstDataRow: number
  lastDataRow: number
  /** What each column holds: the mapping the wizard shows, fixed by the layout. */
  columns: { column: number; header: string; field: string }[]
  records: { row: number; column: number; values: Record<string, unknown> }[]
  /** Cells that cannot be read (the row is not imported) and cells left out, by row and column. */
  errors: { row: number; column: string; message: string }[]
  warnings: { row: number; column: string; message: string }[]
  /** Facts about the whole sheet, said once in the preview (how dates without a year were read). */
  notices?: string[]
}

export interface WriteResult {
  inserted: number
  updated: number
  /** Lookup entries the import created, by label, e.g. { 村（社区）: ['东湖村'] } */
  created: Record<string, string[]>
}

export interface Work<I> {
  row: number
  status: 'insert' | 'update'
  existingId: number | null
  input: I
}

export interface LedgerImporter<I = unknown, P = unknown> {
  ledger: ImportLedger
  label: string
  words: ImportWords
  fields: LedgerField[]
  /** The field whose column must be present for a sheet to count as this ledger. */
  requiredField: string
  requiredLabel: string
  /** Where the raw text of an optional cell that could not be read is kept (备注). */
  notesField?: string
  /** A row holds a record when any of these has a value. */
  identityFields: string[]
  /**
   * Parent-link columns (from the spec's `parent`): a blank, merged or 同上 cell takes the value of
   * the row above within a block of rows; `with` columns (所属村 of the enterprise) come along
   * only when the link itself was filled. The engine reports every filled cell.
   */
  fillDown?: FillDown[]
  /** Table holding the records (for undo version checks) and the column naming a record. */
  table: 'enterprises' | 'hazards' | 'fireworks_outlets' | 'chemicals' | 'duty_shifts'
  nameSql: string
  /**
   * Reads a sheet in one of the ledger's own layouts, or null to read it as rows under a header
   * band (tried first, on every sheet).
   */
  readSheet?(ctx: Ctx, grid: CellValue[][], sheet: GridSheet): SheetRead | null
  /** After all rows are planned: facts about the whole file (what the import will replace). */
  finish?(prep: P, notice: (message: string) => void): void
  /** A file is imported whole or not at all, whatever policy is asked (a roster replaces its dates). */
  allOrNothing?: boolean
  /** Lookups loaded once per plan. */
  prepare(ctx: Ctx): P
  /** Office settings the columns read by (passed to each field's `read` as `env.settings`). */
  readSettings?(ctx: Ctx): Record<string, unknown>
  planRow(prep: P, values: Record<string, unknown>, row: RowContext, env: PlanEnv): RowPlan<I>
  /** Writes the batch inside the engine's transaction; records one import_batch_items row each. */
  write(
    ctx: Ctx,
    work: Work<I>[],
    batch: { id: number; now: string; fileName: string; operator?: string },
    onProgress?: (done: number, total: number) => void,
  ): WriteResult
  /** Undoes one batch item inside the engine's transaction. */
  undoItem(
    ctx: Ctx,
    item: { recordId: number; action: 'insert' | 'update'; before: string | null },
    batchId: number,
    now: string,
  ): void
  /**
   * After a batch is undone, inside the same transaction (a roster's change log says so), with the
   * names of the side records undo removed, by table.
   */
  undone?(
    ctx: Ctx,
    batch: { id: number; fileName: string; operator: string },
    removed: Partial<Record<CreatedTable, string[]>>,
  ): void
}

/**
 * The undo texts of a ledger whose batch adds and updates records of one kind, counted with a
 * measure word ("家", "企业"), and what else its undo does or keeps (`note`).
 */
export function recordWords(
  measure: string,
  noun: string,
  note: string,
  more: Pick<ImportWords, 'notes' | 'nearMatch'> = { notes: [] },
): ImportWords {
  return {
    ...more,
    undoInserted: `这批新增的 {n} ${measure}${noun}将被删除`,
    undoUpdated: `这批更新过的 {n} ${measure}${noun}将恢复为导入前的内容`,
    undoNothing: `这批没有新增或更新任何${noun}。`,
    undoNote: note,
    undone: `删除新增的${noun} {removed} ${measure}，恢复更新前的${noun} {restored} ${measure}`,
  }
}
