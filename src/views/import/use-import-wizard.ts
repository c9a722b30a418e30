// The import wizard's state: file → reading (job, cancellable) → column mapping → preview with
// inline fixes → commit (job) → summary. The core keeps the parsed file; this keeps only its ids.
import { computed, ref, shallowRef } from 'vue'
import { call, errorMessage, fileErrorMessage } from '../../api/client'
import { openFile } from '../../api/platform'
import { useJob } from '../../composables/use-job'
import { toBase64 } from '../../utils/base64'
import {
  isCommitOutcome,
  isImportPreview,
  type CommitOutcome,
  type ImportPolicy,
  type ImportPreview,
  type LedgerKey,
  type PreviewRow,
  type ProducedFile,
} from './import-types'
import { mappingPatch, missingRequired, unconfirmed } from './import-view-model'
import { saveAndNotify } from './use-excel-files'

export type WizardStep = 'file' | 'mapping' | 'preview' | 'done'

export const IMPORT_FILE_FILTERS = [
  { name: 'Excel/WPS 表格（.xlsx .xls .et .csv）', extensions: ['xlsx', 'xls', 'et', 'csv'] },
]
export const PREVIEW_PAGE_SIZE = 50

const UNEXPECTED_RESULT = '本机服务返回了无法识别的内容，请重新选择文件再试'

export function useImportWizard(ledger: () => LedgerKey) {
  const step = ref<WizardStep>('file')
  const file = shallowRef<{ name: string; base64: string } | null>(null)
  const job = useJob()
  const busy = ref<'reading' | 'committing' | null>(null)
  /** Why the file could not be read (or was refused); shown on the first step. */
  const fileError = ref('')
  /** Set when the clerk cancelled reading: shown on the first step. */
  const cancelledNotice = ref(false)
  const preview = shallowRef<ImportPreview | null>(null)
  const changedColumns = ref<Set<number>>(new Set())
  const updating = ref(false)
  const actionError = ref('')

  const rows = ref<PreviewRow[]>([])
  const rowsTotal = ref(0)
  const page = ref(1)
  const onlyErrors = ref(false)
  const rowsLoading = ref(false)

  const policy = ref<ImportPolicy>('valid-only')
  const outcome = shallowRef<CommitOutcome | null>(null)
  /** Failed rows fetched just before the commit (the preview is gone afterwards). */
  const errorFile = shallowRef<ProducedFile | null>(null)
  const committedErrorRows = ref(0)

  const missing = computed(() => (preview.value ? missingRequired(preview.value) : []))
  const toConfirm = computed(() => (preview.value ? unconfirmed(preview.value, changedColumns.value) : []))
  const canCommit = computed(() => {
    const p = preview.value
    if (!p || busy.value || updating.value) return false
    if ((policy.value === 'all-or-nothing' || p.allOrNothing) && p.summary.errorRows > 0) return false
    return p.summary.inserted + p.summary.updated > 0
  })

  async function chooseFile(): Promise<void> {
    let opened: Awaited<ReturnType<typeof openFile>>
    try {
      opened = await openFile({ filters: IMPORT_FILE_FILTERS })
    } catch (err) {
      // The browser shim rejects with its own Chinese message; the desktop dialog with an ApiError.
      fileError.value = fileErrorMessage(err)
      return
    }
    if (!opened) return
    file.value = { name: opened.name, base64: toBase64(opened.bytes) }
    await read()
  }

  /** Reads the chosen file (again, for another sheet) into a preview. */
  async function read(sheet?: string): Promise<void> {
    const f = file.value
    if (!f) return
    fileError.value = ''
    cancelledNotice.value = false
    actionError.value = ''
    busy.value = 'reading'
    try {
      const r = await job.run(
        () =>
          call('excel.startPreview', {
            ledger: ledger(),
            fileName: f.name,
            base64: f.base64,
            ...(sheet ? { sheet } : {}),
          }),
        '正在读取文件',
      )
      if (r.state === 'cancelled') {
        reset()
        cancelledNotice.value = true
        return
      }
      if (!isImportPreview(r.result)) throw new Error(UNEXPECTED_RESULT)
      preview.value = r.result
      changedColumns.value = new Set()
      step.value = 'mapping'
    } catch (err) {
      // A refused file (not a ledger, damaged, too large) sends the clerk back to choose another.
      const message =
        err instanceof Error && err.message === UNEXPECTED_RESULT ? err.message : errorMessage(err)
      reset()
      fileError.value = message
    } finally {
      busy.value = null
    }
  }

  async function cancelReading(): Promise<void> {
    await job.cancel()
  }

  async function update(input: {
    mapping?: Record<string, string | null>
    defaults?: Record<string, string>
    nearChoices?: { name: string; useExisting: boolean }[]
    fixes?: { row: number; field: string; value: string | null }[]
  }): Promise<boolean> {
    const p = preview.value
    if (!p) return false
    updating.value = true
    actionError.value = ''
    try {
      preview.value = await call('excel.updateImport', { importId: p.importId, ...input })
      return true
    } catch (err) {
      actionError.value = errorMessage(err)
      return false
    } finally {
      updating.value = false
    }
  }

  async function setMapping(column: number, value: string): Promise<void> {
    if (await update({ mapping: mappingPatch(column, value) })) {
      changedColumns.value = new Set([...changedColumns.value, column])
    }
  }

  /** One value for all rows of a field the file has no column for (所属村 …); '' clears it. */
  async function setDefault(field: string, value: string): Promise<void> {
    await update({ defaults: { [field]: value } })
  }

  /** A name close to an enterprise in the roster: that enterprise (true) or a new one. */
  async function setNearChoice(name: string, useExisting: boolean): Promise<void> {
    if ((await update({ nearChoices: [{ name, useExisting }] })) && step.value === 'preview') await loadRows()
  }

  async function loadRows(): Promise<void> {
    const p = preview.value
    if (!p) return
    rowsLoading.value = true
    try {
      const r = await call('excel.previewRows', {
        importId: p.importId,
        page: page.value,
        pageSize: PREVIEW_PAGE_SIZE,
        onlyErrors: onlyErrors.value,
      })
      // A fix can empty the last page of 只看错误行: step back to the page that still has rows.
      const last = Math.max(1, Math.ceil(r.total / PREVIEW_PAGE_SIZE))
      if (r.rows.length === 0 && page.value > last) {
        page.value = last
        await loadRows()
        return
      }
      rows.value = r.rows
      rowsTotal.value = r.total
    } catch (err) {
      actionError.value = errorMessage(err)
    } finally {
      rowsLoading.value = false
    }
  }

  async function goToPreview(): Promise<void> {
    if (missing.value.length > 0 || toConfirm.value.length > 0) return
    step.value = 'preview'
    page.value = 1
    await loadRows()
  }

  function backToMapping(): void {
    actionError.value = ''
    step.value = 'mapping'
  }

  async function setOnlyErrors(v: boolean): Promise<void> {
    onlyErrors.value = v
    page.value = 1
    await loadRows()
  }

  async function setPage(n: number): Promise<void> {
    page.value = n
    await loadRows()
  }

  /** Applies one corrected value and re-plans; true when the core accepted the request. */
  async function applyFix(row: number, field: string, value: string): Promise<boolean> {
    const trimmed = value.trim()
    const ok = await update({ fixes: [{ row, field, value: trimmed === '' ? null : trimmed }] })
    if (ok) await loadRows()
    return ok
  }

  async function fetchErrorReport(): Promise<ProducedFile> {
    const p = preview.value
    if (!p) throw new Error('no preview')
    return call('excel.errorReport', { importId: p.importId })
  }

  /** Downloads the failed rows in the file's own layout plus 错误原因. */
  function downloadErrors(): Promise<void> {
    return saveAndNotify('错误行', fetchErrorReport)
  }

  /** The failed rows kept from before the commit, offered again on the summary. */
  function saveErrorFile(): Promise<void> {
    const f = errorFile.value
    return f ? saveAndNotify('错误行', () => Promise.resolve(f)) : Promise.resolve()
  }

  async function commit(): Promise<void> {
    const p = preview.value
    if (!p || !canCommit.value) return
    actionError.value = ''
    busy.value = 'committing'
    try {
      errorFile.value = null
      if ((p.summary.errorRows > 0 || p.summary.warningRows > 0) && policy.value === 'valid-only') {
        // Keep the failed rows for the summary; a failure here must not stop the import.
        errorFile.value = await fetchErrorReport().catch(() => null)
      }
      committedErrorRows.value = p.summary.errorRows
      const r = await job.run(
        () => call('excel.commitImport', { importId: p.importId, policy: policy.value }),
        '正在备份并写入',
      )
      if (r.state === 'cancelled') return
      if (!isCommitOutcome(r.result)) throw new Error(UNEXPECTED_RESULT)
      outcome.value = r.result
      step.value = 'done'
    } catch (err) {
      actionError.value =
        err instanceof Error && err.message === UNEXPECTED_RESULT ? err.message : errorMessage(err)
    } finally {
      busy.value = null
    }
  }

  function reset(): void {
    step.value = 'file'
    file.value = null
    preview.value = null
    changedColumns.value = new Set()
    rows.value = []
    rowsTotal.value = 0
    page.value = 1
    onlyErrors.value = false
    policy.value = 'valid-only'
    outcome.value = null
    errorFile.value = null
    actionError.value = ''
    fileError.value = ''
    cancelledNotice.value = false
  }

  /** Whether leaving now would throw away work (a mapping or fixes not yet imported). */
  const hasUnsavedWork = computed(
    () => step.value === 'mapping' || step.value === 'preview' || busy.value !== null,
  )

  return {
    step,
    file,
    progress: job.progress,
    cancelling: job.cancelling,
    busy,
    fileError,
    cancelledNotice,
    preview,
    changedColumns,
    updating,
    actionError,
    rows,
    rowsTotal,
    page,
    onlyErrors,
    rowsLoading,
    policy,
    outcome,
    errorFile,
    committedErrorRows,
    missing,
    canCommit,
    hasUnsavedWork,
    chooseFile,
    read,
    cancelReading,
    setMapping,
    setDefault,
    setNearChoice,
    toConfirm,
    goToPreview,
    backToMapping,
    setOnlyErrors,
    setPage,
    applyFix,
    downloadErrors,
    saveErrorFile,
    commit,
    reset,
  }
}
