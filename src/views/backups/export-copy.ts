import { call, getBridge } from '../../api/client'
import { saveFile } from '../../api/platform'
import { fromBase64 } from '../../utils/base64'
import { formatBytes } from '../settings/format'

/**
 * 导出数据副本: the core writes a single verified file (VACUUM INTO, read back, integrity_check);
 * the desktop saves it where the clerk chooses (e.g. a USB disk), the browser downloads it.
 * Returns the message to show, or null when the clerk cancelled the save dialog.
 */
export async function exportDataCopy(): Promise<string | null> {
  const r = await call('backup.exportCopy', {})
  const saved = await saveFile({
    suggestedName: r.fileName,
    bytes: fromBase64(r.base64),
    mimeType: 'application/vnd.sqlite3',
  })
  if (saved === null) return null
  const where = getBridge() ? `已保存到 ${saved}` : `已下载 ${saved}`
  const files = r.files.count
    ? `照片、存档PDF和附件（${r.files.count} 个文件，${formatBytes(r.files.bytes)}）不在这个文件里，保存在数据文件夹的 attachments 文件夹（${r.files.dir}）；换电脑时请把它一并复制到新电脑的数据文件夹中。`
    : ''
  return `数据副本${where}（${formatBytes(r.size)}，已校验，sha256 ${r.sha256.slice(0, 16)}…）。这个文件包含全部台账数据，可用“从文件恢复…”还原。${files}`
}
