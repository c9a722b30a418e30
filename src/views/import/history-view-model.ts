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

/** What 撤销本批 will do, said before it is done. */
export function undoConfirmText(
  b: Pick<ImportBatch, 'id' | 'fileName' | 'inserted' | 'updated'> & { ledger?: string },
): string {
  // A roster's import replaced the shifts of its dates: undo deletes its shifts and brings those back.
  if (b.ledger === 'duty')
    return (
      `撤销第 ${b.id} 批（“${b.fileName}”）：这批导入的 ${b.inserted} 个班次将被删除，导入时移入回收站的原班次将恢复，` +
      '导入时新增且没有其他班次的人员会移出人员名单。如果其中有班次在导入后又被修改过，将不能整批撤销，数据保持不变。'
    )
  const parts: string[] = []
  if (b.inserted > 0) parts.push(`这批新增的 ${b.inserted} 家企业将被删除`)
  if (b.updated > 0) parts.push(`这批更新过的 ${b.updated} 家企业将恢复为导入前的内容`)
  const what = parts.length ? `${parts.join('，')}。` : '这批没有新增或更新任何企业。'
  return (
    `撤销第 ${b.id} 批（“${b.fileName}”）：${what}` +
    '导入时自动新建的村（社区）和行业会保留。' +
    '如果其中有企业在导入后又被修改过，或已有检查记录，将不能整批撤销，数据保持不变。'
  )
}

/** The message after an undo, in the ledger's own words. */
export function undoneText(ledger: string, id: number, r: { removed: number; restored: number }): string {
  return ledger === 'duty'
    ? `已撤销第 ${id} 批导入：删除导入的班次 ${r.removed} 个，恢复原班次 ${r.restored} 个`
    : `已撤销第 ${id} 批导入：删除新增的企业 ${r.removed} 家，恢复更新前的企业 ${r.restored} 家`
}
