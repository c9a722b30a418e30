// State and handlers of a ledger's form dialog, for any spec. Validation is the kit's own
// schema, so the message beside a field is word for word what the core would answer; an update
// sends only the fields the clerk changed.
import { ElMessage, ElMessageBox } from 'element-plus'
import { computed, reactive, ref, watch } from 'vue'
import type { FieldSpec, LedgerSpec } from '../../electron/core/shared/kit/spec'
import { ApiError, errorMessage } from '../api/client'
import { useDebounced } from '../composables/use-debounced'
import { ledgerCall, type DuplicateCheck, type LedgerRecord } from './api'
import {
  blankModel,
  changedKeys,
  fieldMessage,
  issuesToErrors,
  modelFromRecord,
  validateModel,
  type FieldErrors,
  type FormModel,
} from '../../electron/core/shared/kit/form'

/** A plain deep copy (reactive proxies cannot be structured-cloned). */
function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T
}

export const UNSAVED_TEXT = {
  title: '有未保存的修改',
  message: '填写的内容还没有保存，关闭后将丢失。确定要关闭吗？',
  confirm: '放弃修改',
  cancel: '继续填写',
} as const

export function useLedgerForm(
  spec: LedgerSpec,
  opts: { onSaved: (r: LedgerRecord) => void; onRemoved?: () => void; keepOnContinue?: readonly string[] },
) {
  const visible = ref(false)
  const loading = ref(false)
  const saving = ref(false)
  /** The record being edited; `guessed`: links the import guessed (推测) and saving confirms. */
  const editing = ref<{ id: number; version: number; name: string; guessed: string[] } | null>(null)
  const model = reactive<FormModel>(blankModel(spec))
  const snapshot = ref<FormModel>(blankModel(spec))
  const errors = ref<FieldErrors>({})
  const formError = ref('')
  const conflict = ref(false)
  const duplicates = ref<DuplicateCheck>({ owners: [], similar: [] })

  const dirty = computed(() => changedKeys(spec, model, snapshot.value).length > 0)
  /** The clerk has changed this field since the form opened (or was saved). */
  const touched = (key: string) => changedKeys(spec, model, snapshot.value).includes(key)
  const similarWarning = computed(() => {
    const s = duplicates.value.similar
    if (s.length === 0) return ''
    const names = s.map(
      (x) =>
        `${x.name}${x.context || x.deleted ? `（${[x.context, x.deleted ? '在回收站中' : ''].filter(Boolean).join('，')}）` : ''}`,
    )
    return `已有名称相近的${spec.label}：${names.join('、')}。如是同一家，请勿重复登记。`
  })
  const ownerWarnings = computed(() =>
    Object.fromEntries(
      duplicates.value.owners.map((o) => [
        o.field,
        `该${o.label}已登记为“${o.name}”${o.deleted ? '（在回收站中，可在回收站恢复）' : ''}，同一${o.label}不能登记两次`,
      ]),
    ),
  )

  function reset(next: FormModel): void {
    for (const k of Object.keys(model)) delete model[k]
    Object.assign(model, clone(next))
    snapshot.value = clone(next)
    errors.value = {}
    formError.value = ''
    conflict.value = false
    duplicates.value = { owners: [], similar: [] }
  }

  function openCreate(preset: FormModel = {}): void {
    editing.value = null
    reset({ ...blankModel(spec), ...preset })
    visible.value = true
  }

  async function load(id: number): Promise<void> {
    loading.value = true
    try {
      const r = await ledgerCall(spec, 'get', { id })
      editing.value = {
        id: r.id,
        version: r.version,
        name: String(r[spec.nameField] ?? ''),
        guessed: (spec.fields as FieldSpec[])
          .filter((g) => g.guessOf && r[g.key] === true)
          .map((g) => g.guessOf as string),
      }
      reset(modelFromRecord(spec, r))
    } finally {
      loading.value = false
    }
  }

  async function openEdit(id: number): Promise<void> {
    try {
      await load(id)
      visible.value = true
    } catch (err) {
      ElMessage.error(errorMessage(err))
    }
  }

  /** Checks one field when the clerk leaves it (never when the form opens). */
  function validateField(key: string): void {
    const message = fieldMessage(spec, model, key)
    const next = { ...errors.value }
    if (message) next[key] = message
    else delete next[key]
    errors.value = next
  }

  // A field marked wrong is re-checked as the clerk corrects it, so the message goes away while
  // typing rather than on leaving the field.
  watch(
    () => JSON.stringify(model),
    (now, before) => {
      const a = JSON.parse(now) as FormModel
      const b = JSON.parse(before) as FormModel
      for (const key of Object.keys(errors.value))
        if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) validateField(key)
    },
  )

  // Near-duplicate names and unique values already in use are warnings while typing; the core
  // still refuses a duplicate on save.
  const identity = [spec.nameField, ...spec.identity]
  let checkSeq = 0
  const checkDuplicates = useDebounced(async () => {
    const seq = ++checkSeq
    const data = Object.fromEntries(identity.map((k) => [k, model[k]]))
    try {
      const r = await ledgerCall(spec, 'checkDuplicates', { data, excludeId: editing.value?.id ?? null })
      if (seq === checkSeq) duplicates.value = r
    } catch {
      // Only a hint: a failed check must not disturb typing.
    }
  }, 400)
  watch(
    () => JSON.stringify(identity.map((k) => model[k])),
    (now, before) => {
      if (visible.value && now !== before) checkDuplicates()
    },
  )

  function applyError(err: unknown): void {
    if (err instanceof ApiError) {
      const { errors: fieldErrors, other } = issuesToErrors(spec, err.issues)
      if (Object.keys(fieldErrors).length > 0) {
        errors.value = fieldErrors
        formError.value = other.join('；')
        return
      }
      conflict.value = err.code === 'CONFLICT' && editing.value !== null
    }
    formError.value = errorMessage(err)
  }

  /** Validates, saves and reports. Returns the keys of fields with errors (empty on success). */
  async function save(mode: { continueAdding?: boolean } = {}): Promise<string[]> {
    // Ctrl+S pressed twice, or a double click on 保存, must not create the record twice.
    if (saving.value) return []
    formError.value = ''
    conflict.value = false
    const current = editing.value
    // Saving a record whose link was guessed on import (推测) confirms it: the link is sent along.
    const edited = current ? changedKeys(spec, model, snapshot.value) : undefined
    const changed = edited && [...new Set([...edited, ...(current?.guessed ?? [])])]
    const r = validateModel(spec, model, changed)
    if (!r.ok) {
      const { errors: fieldErrors, other } = issuesToErrors(spec, r.issues)
      errors.value = fieldErrors
      formError.value = other.join('；')
      return Object.keys(fieldErrors)
    }
    errors.value = {}
    if (current && changed?.length === 0) {
      visible.value = false
      return []
    }
    saving.value = true
    try {
      // Sends what the clerk typed (the core cleans it the same way); an update only the changes.
      const data = Object.fromEntries((changed ?? Object.keys(model)).map((k) => [k, model[k]]))
      const res = current
        ? await ledgerCall(spec, 'update', { id: current.id, version: current.version, data })
        : await ledgerCall(spec, 'create', { data })
      ElMessage.success('已保存')
      snapshot.value = clone(model)
      opts.onSaved(res.record)
      if (mode.continueAdding && !current) {
        // Entering a village's records one after another: keep the village and similar fields.
        openCreate(Object.fromEntries((opts.keepOnContinue ?? []).map((k) => [k, model[k]])))
      } else visible.value = false
      return []
    } catch (err) {
      applyError(err)
      return Object.keys(errors.value)
    } finally {
      saving.value = false
    }
  }

  /** Asks before throwing away unsaved input. Resolves true when the form may close. */
  async function confirmDiscard(): Promise<boolean> {
    if (!visible.value || !dirty.value) return true
    try {
      await ElMessageBox.confirm(UNSAVED_TEXT.message, UNSAVED_TEXT.title, {
        confirmButtonText: UNSAVED_TEXT.confirm,
        cancelButtonText: UNSAVED_TEXT.cancel,
        type: 'warning',
        distinguishCancelAndClose: false,
        // Back restores the address while this box is open (hash history): that must not close it.
        closeOnHashChange: false,
      })
      return true
    } catch {
      return false
    }
  }

  async function requestClose(): Promise<void> {
    if (await confirmDiscard()) {
      visible.value = false
      reset(blankModel(spec))
    }
  }

  async function reloadLatest(): Promise<void> {
    const id = editing.value?.id
    if (id === undefined) return
    try {
      await load(id)
    } catch (err) {
      ElMessage.error(errorMessage(err))
    }
  }

  async function removeCurrent(): Promise<void> {
    const current = editing.value
    if (!current) return
    try {
      await ElMessageBox.confirm(
        `确定将“${current.name}”移入回收站吗？移入后可在回收站中恢复。`,
        '移入回收站',
        {
          confirmButtonText: '移入回收站',
          cancelButtonText: '取消',
          type: 'warning',
        },
      )
    } catch {
      return
    }
    try {
      await ledgerCall(spec, 'remove', { ids: [current.id] })
      ElMessage.success('已移入回收站')
      snapshot.value = clone(model)
      visible.value = false
      opts.onRemoved?.()
    } catch (err) {
      ElMessage.error(errorMessage(err))
    }
  }

  return {
    visible,
    loading,
    saving,
    editing,
    model,
    errors,
    formError,
    conflict,
    dirty,
    touched,
    similarWarning,
    ownerWarnings,
    openCreate,
    openEdit,
    validateField,
    save,
    confirmDiscard,
    requestClose,
    reloadLatest,
    removeCurrent,
  }
}

export type LedgerFormState = ReturnType<typeof useLedgerForm>
