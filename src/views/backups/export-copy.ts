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
  return `数据副本${where}（${formatBytes(r.size)}，已校验，sha256 ${r.sha256.slice(0, 16)}…）。这一个文件就包含全部数据，可用“从文件恢复…”还原。`
}
