import type { ImportBatch } from './import-types'
import type { Tone } from './import-view-model'

/** The core stores "2026-11-28 09:30:15" in local time; tables show minutes. */
export function formatBatchTime(at: string): string {
  return at.replace('T', ' ').slice(0, 16)
}

export function batchStatus(b: Pick<ImportBatch, 'undoneAt'>): { label: string; tone: Tone } {
  return b.undoneAt
    ? { label: `已于 ${formatBatchTime(b.undoneAt)} 撤销`, tone: 'info' }
    : { label: '已导入', tone: 'success' }
}
