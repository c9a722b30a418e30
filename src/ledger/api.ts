// Calls a ledger's kit handlers (`<key>.list`, `<key>.update` …) by the spec's key. The handler
// names are checked at start-up in the core; here they are built from the same key.
import type { HistoryEntry, SimilarRecord } from '../../electron/core/shared/kit/types'
import type { LedgerSpec } from '../../electron/core/shared/kit/spec'
import { call } from '../api/client'
import type { ApiName } from '../api/types'

export type LedgerRecord = Record<string, unknown> & {
  id: number
  version: number
  createdAt: string
  updatedAt: string
  deletedAt: string | null
}

export interface DuplicateCheck {
  owners: { field: string; label: string; id: number; name: string; deleted: boolean }[]
  similar: SimilarRecord[]
}

interface Verbs {
  list: { rows: LedgerRecord[]; total: number }
  get: LedgerRecord
  create: { record: LedgerRecord; similar: SimilarRecord[] }
  update: { record: LedgerRecord; similar: SimilarRecord[] }
  bulkSet: { changed: number }
  remove: { changed: number }
  restore: { changed: number }
  history: HistoryEntry[]
  checkDuplicates: DuplicateCheck
  reveal: Record<string, unknown>
  dossier: Dossier
}

export interface Dossier {
  record: LedgerRecord
  links: {
    key: string
    label: string
    unit: string
    total: number
    open: { label: string; count: number } | null
    route: { name: string; query: Record<string, string> }
  }[]
}

export function ledgerCall<V extends keyof Verbs>(
  spec: LedgerSpec,
  verb: V,
  input: unknown,
): Promise<Verbs[V]> {
  const name = `${spec.key}.${verb}` as ApiName
  return (call as (n: ApiName, i: unknown) => Promise<unknown>)(name, input) as Promise<Verbs[V]>
}
