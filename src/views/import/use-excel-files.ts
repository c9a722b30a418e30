// Workbooks the core produces (template, error report, export) saved through the platform shim,
// with one message either way: a path in the desktop app, the download folder in the browser.
import { ElMessage } from 'element-plus'
import { call, errorMessage, getBridge } from '../../api/client'
import { saveFile } from '../../api/platform'
import { useDelayedFlag } from '../../composables/use-delayed-flag'
import { useJob } from '../../composables/use-job'
import { fromBase64 } from '../../utils/base64'
import { isProducedFile, type LedgerKey, type ProducedFile } from './import-types'
import type { ApiInput } from '../../api/types'

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export type ExportFilters = NonNullable<ApiInput<'excel.startExport'>['filters']>

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** Saves a file the core produced (.xlsx, .docx); resolves to where it went, or null if the clerk cancelled. */
export function saveProduced(file: ProducedFile): Promise<string | null> {
  const mimeType = file.fileName.toLowerCase().endsWith('.docx') ? DOCX_MIME : XLSX_MIME
  return saveFile({ suggestedName: file.fileName, bytes: fromBase64(file.base64), mimeType })
}

export function savedMessage(what: string, where: string): string {
  return getBridge() ? `${what}已保存到 ${where}` : `${what}已下载为“${where}”，请在浏览器的下载文件夹中查看`
}

/** Saves and tells the clerk where it went; errors become a message too. */
export async function saveAndNotify(what: string, produce: () => Promise<ProducedFile>): Promise<void> {
  try {
    const where = await saveProduced(await produce())
    if (where) ElMessage.success({ message: savedMessage(what, where), duration: 5000 })
  } catch (err) {
    ElMessage.error(errorMessage(err))
  }
}

export function downloadTemplate(ledger: LedgerKey): Promise<void> {
  return saveAndNotify('导入模板', () => call('excel.template', { ledger }))
}

/** The progress dialog appears only when an export takes longer than this. */
export const PROGRESS_DELAY_MS = 400

/** Export as a job: progress (after a moment) with 取消, then the save dialog or a download. */
export function useLedgerExport() {
  const job = useJob()
  const showProgress = useDelayedFlag(() => job.running.value, PROGRESS_DELAY_MS)

  async function exportLedger(
    ledger: LedgerKey,
    filters: ExportFilters,
    what: string,
    columns?: readonly string[],
    masked = false,
  ): Promise<void> {
    try {
      const r = await job.run(
        () =>
          // ledger and filters arrive as separate props; the core checks that they belong together
          call('excel.startExport', {
            ledger,
            filters,
            ...(columns?.length ? { columns: [...columns] } : {}),
            ...(masked ? { masked: true } : {}),
          } as ApiInput<'excel.startExport'>),
        '正在导出',
      )
      if (r.state === 'cancelled') {
        ElMessage.info('已取消导出，没有生成文件')
        return
      }
      const produced = r.result
      if (!isProducedFile(produced)) throw new Error('unexpected export result')
      const where = await saveProduced(produced)
      if (where) ElMessage.success({ message: savedMessage(what, where), duration: 5000 })
    } catch (err) {
      ElMessage.error(errorMessage(err))
    }
  }

  return {
    exporting: job.running,
    cancelling: job.cancelling,
    progress: job.progress,
    showProgress,
    cancel: job.cancel,
    exportLedger,
  }
}
