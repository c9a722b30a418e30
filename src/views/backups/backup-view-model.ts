import type { ApiOutput } from '../../api/types'

export type BackupStatus = ApiOutput<'backup.list'>
export type BackupEntry = BackupStatus['backups'][number]
export type Incident = NonNullable<BackupStatus['incident']>
export type RestoreResult = ApiOutput<'backup.restore'>

export const STATUS_TEXT: Record<
  BackupEntry['status'],
  { label: string; type: 'success' | 'info' | 'danger'; tip: string }
> = {
  verified: { label: '已校验', type: 'success', tip: '备份时通过了完整性检查，并登记了 sha256 校验值' },
  unknown: { label: '未登记', type: 'info', tip: '旧版本程序做的备份，没有登记校验值；恢复前会重新检查' },
  mismatch: { label: '文件已变动', type: 'danger', tip: '文件在备份后被改动或损坏，不能用来恢复' },
}

/** The sentence asked before a restore: what replaces what, and that nothing is lost. */
export function restoreConfirmText(what: string): string {
  return `将用${what}替换现有的全部数据。现有数据会先另存为一份“恢复前”备份，如需要可以再恢复回来。恢复后页面将重新载入。`
}

export function restoreDoneText(r: RestoreResult): string {
  const kept = r.before
    ? '恢复前的数据已另存为“恢复前”备份。'
    : r.quarantined
      ? `原数据文件已损坏，已原样移到 ${r.quarantined}。`
      : ''
  return `已从“${r.restoredFrom}”恢复，共 ${r.enterprises} 家企业。${kept}页面将重新载入。`
}

export const COPY_WHOLE_FOLDER =
  '要把数据带到别的电脑或U盘，请用“导出数据副本”生成一个完整的文件；如果直接复制文件，请先关闭程序，再复制整个数据文件夹——只复制 ledger.sqlite 可能缺少最近录入的数据。'
