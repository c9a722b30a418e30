// Shapes the kit's repository and handlers exchange with the screens (pure types).

export type FieldFilter = {
  in?: (string | number | boolean)[]
  notIn?: (string | number)[]
  from?: string | number
  to?: string | number
  /** true: only records where the field is empty; false: only where it has a value. */
  empty?: boolean
  /** A field that `expires`: records already ended, or ending within its `warnDays` (today in China). */
  expiry?: 'expired' | 'expiring'
}

export interface ListQuery {
  page: number
  pageSize: number
  sort?: { field: string; order: 'asc' | 'desc' }
  query?: string
  filters?: Partial<Record<string, FieldFilter>>
  /** Named filters of the spec (`presets`): records matching every one named. */
  presets?: string[]
  /** true: only the 回收站; false (default): only live records. */
  deleted?: boolean
  ids?: number[]
  /** The ledger's own named filters (its repository's `list.filters` hook), by name. */
  extra?: Record<string, unknown>
}

export interface Change {
  field: string
  label: string
  before: unknown
  after: unknown
  beforeText?: string
  afterText?: string
}

export interface HistoryEntry {
  id: number
  at: string
  action: 'create' | 'update' | 'delete' | 'restore' | 'import'
  changes: Change[]
}

export interface SimilarRecord {
  id: number
  name: string
  context: string | null
  deleted: boolean
}
