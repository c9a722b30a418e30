// State and handlers of the enterprise form. Validation is the core's own `validateEnterprise`,
// so the message beside a field is word for word what the core would answer.
import { ElMessage, ElMessageBox } from 'element-plus'
import { computed, reactive, ref, watch } from 'vue'
import {
  ENTERPRISE_LABELS,
  type Enterprise,
  type EnterpriseFlag,
  type EnterpriseInput,
  type EnterpriseStatus,
  type RiskLevel,
  type Scale,
  type StandardizationLevel,
} from '../../../electron/core/shared/enterprise-fields'
import { validateEnterprise } from '../../../electron/core/shared/enterprise-schema'
import { ApiError, call, errorMessage } from '../../api/client'
import type { SimilarName } from '../../api/types'
import { useDebounced } from '../../composables/use-debounced'

export type FieldKey = keyof EnterpriseInput

/** What the inputs bind to: text fields as strings, pickers as ids or '' for "not chosen". */
export interface FormModel {
  name: string
  creditCode: string
  legalRepresentative: string
  principal: string
  principalPhone: string
  safetyOfficer: string
  safetyOfficerPhone: string
  contactPhone: string
  villageId: number | null
  address: string
  industryId: number | null
  scale: Scale | ''
  employees: number | null
  flags: EnterpriseFlag[]
  standardization: StandardizationLevel | ''
  riskLevel: RiskLevel | ''
  responsibilityLetterYear: number | null
  status: EnterpriseStatus
  notes: string
}

export function blankModel(): FormModel {
  return {
    name: '',
    creditCode: '',
    legalRepresentative: '',
    principal: '',
    principalPhone: '',
    safetyOfficer: '',
    safetyOfficerPhone: '',
    contactPhone: '',
    villageId: null,
    address: '',
    industryId: null,
    scale: '',
    employees: null,
    flags: [],
    standardization: '',
    riskLevel: '',
    responsibilityLetterYear: null,
    status: 'operating',
    notes: '',
  }
}

export function modelFromEnterprise(e: Enterprise): FormModel {
  return {
    name: e.name,
    creditCode: e.creditCode ?? '',
    legalRepresentative: e.legalRepresentative ?? '',
    principal: e.principal ?? '',
    principalPhone: e.principalPhone ?? '',
    safetyOfficer: e.safetyOfficer ?? '',
    safetyOfficerPhone: e.safetyOfficerPhone ?? '',
    contactPhone: e.contactPhone ?? '',
    villageId: e.villageId,
    address: e.address ?? '',
    industryId: e.industryId,
    scale: e.scale ?? '',
    employees: e.employees,
    flags: [...e.flags],
    standardization: e.standardization ?? '',
    riskLevel: e.riskLevel ?? '',
    responsibilityLetterYear: e.responsibilityLetterYear,
    status: e.status,
    notes: e.notes ?? '',
  }
}

/** The raw object the shared schema parses (it trims, normalises and turns '' into null). */
export function modelToRaw(m: FormModel): Record<string, unknown> {
  return { ...m, villageId: m.villageId ?? undefined, flags: [...m.flags] }
}

const FIELD_KEYS = Object.keys(ENTERPRISE_LABELS) as FieldKey[]

function isFieldKey(s: string): s is FieldKey {
  return (FIELD_KEYS as string[]).includes(s)
}

export type FieldErrors = Partial<Record<FieldKey, string>>

/** Maps issues (from the schema or from the core) onto fields; "flags.0" belongs to flags. */
export function issuesToErrors(issues: readonly { field: string; message: string }[]): {
  errors: FieldErrors
  other: string[]
} {
  const errors: FieldErrors = {}
  const other: string[] = []
  for (const i of issues) {
    const key = i.field.split('.')[0] ?? ''
    if (isFieldKey(key)) errors[key] ??= i.message
    else other.push(i.message)
  }
  return { errors, other }
}

export function similarMessage(similar: readonly SimilarName[]): string {
  if (similar.length === 0) return ''
  const names = similar.map((s) => `${s.name}（${s.villageName}${s.deleted ? '，在回收站中' : ''}）`)
  return `已有名称相近的企业：${names.join('、')}。如是同一家，请勿重复登记。`
}

export const UNSAVED_TEXT = {
  title: '有未保存的修改',
  message: '填写的内容还没有保存，关闭后将丢失。确定要关闭吗？',
  confirm: '放弃修改',
  cancel: '继续填写',
} as const

export function useEnterpriseForm(opts: { onSaved: (e: Enterprise) => void; onRemoved?: () => void }) {
  const visible = ref(false)
  const loading = ref(false)
  const saving = ref(false)
  const editing = ref<{ id: number; version: number; name: string } | null>(null)
  const model = reactive<FormModel>(blankModel())
  const errors = ref<FieldErrors>({})
  const formError = ref('')
  const conflict = ref(false)
  const similar = ref<SimilarName[]>([])
  const creditCodeOwner = ref<{ id: number; name: string; deleted: boolean } | null>(null)
  const snapshot = ref(JSON.stringify(model))

  const dirty = computed(() => JSON.stringify(model) !== snapshot.value)
  const similarWarning = computed(() => similarMessage(similar.value))
  const creditCodeWarning = computed(() => {
    const o = creditCodeOwner.value
    if (!o) return ''
    return `该统一社会信用代码已登记为“${o.name}”${o.deleted ? '（在回收站中，可在回收站恢复）' : ''}，同一代码不能登记两次`
  })

  function reset(next: FormModel): void {
    Object.assign(model, next)
    snapshot.value = JSON.stringify(model)
    errors.value = {}
    formError.value = ''
    conflict.value = false
    similar.value = []
    creditCodeOwner.value = null
  }

  function openCreate(preset: Partial<FormModel> = {}): void {
    editing.value = null
    reset({ ...blankModel(), ...preset })
    visible.value = true
  }

  async function load(id: number): Promise<void> {
    loading.value = true
    try {
      const e = await call('enterprise.get', { id })
      editing.value = { id: e.id, version: e.version, name: e.name }
      reset(modelFromEnterprise(e))
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

  /** Re-validates one field (on blur), without flagging fields the clerk has not reached yet. */
  function validateField(field: FieldKey): void {
    const r = validateEnterprise(modelToRaw(model))
    const message = r.ok ? undefined : r.issues.find((i) => i.field.split('.')[0] === field)?.message
    const next = { ...errors.value }
    if (message) next[field] = message
    else delete next[field]
    errors.value = next
  }

  // A field marked wrong is re-checked as the clerk corrects it, so the message goes away while
  // typing rather than on leaving the field (a message vanishing on blur shifts the layout under
  // the mouse and can swallow the click on 保存).
  watch(
    () => JSON.stringify(model),
    (now, before) => {
      const a = JSON.parse(now) as Record<string, unknown>
      const b = JSON.parse(before) as Record<string, unknown>
      for (const key of Object.keys(errors.value) as FieldKey[]) {
        if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) validateField(key)
      }
    },
  )

  // Near-duplicate names and a credit code already in use are warnings while typing; the core
  // still refuses a duplicate code on save.
  let checkSeq = 0
  const checkDuplicates = useDebounced(async () => {
    const seq = ++checkSeq
    const name = model.name.trim()
    const code = model.creditCode.trim()
    if (name.length < 2 && code.length !== 18) {
      similar.value = []
      creditCodeOwner.value = null
      return
    }
    try {
      const r = await call('enterprise.checkDuplicates', {
        name,
        creditCode: code.length >= 18 ? code : null,
        excludeId: editing.value?.id ?? null,
      })
      if (seq !== checkSeq) return
      similar.value = name.length >= 2 ? r.similar : []
      creditCodeOwner.value = r.creditCodeOwner
    } catch {
      // Only a hint: a failed check must not disturb typing.
    }
  }, 400)

  watch(
    () => [model.name, model.creditCode] as const,
    (now, before) => {
      if (!visible.value) return
      if (now[0] === before[0] && now[1] === before[1]) return
      checkDuplicates()
    },
  )

  function applyError(err: unknown): void {
    if (err instanceof ApiError) {
      const { errors: fieldErrors, other } = issuesToErrors(err.issues)
      if (Object.keys(fieldErrors).length > 0) {
        errors.value = fieldErrors
        formError.value = other.join('；')
        return
      }
      conflict.value = err.code === 'CONFLICT' && editing.value !== null
    }
    formError.value = errorMessage(err)
  }

  /** Validates, saves and reports. Returns the names of fields with errors (empty on success). */
  async function save(mode: { continueAdding?: boolean } = {}): Promise<FieldKey[]> {
    // Ctrl+S pressed twice, or a double click on 保存, must not create the enterprise twice.
    if (saving.value) return []
    formError.value = ''
    conflict.value = false
    const r = validateEnterprise(modelToRaw(model))
    if (!r.ok) {
      const { errors: fieldErrors, other } = issuesToErrors(r.issues)
      errors.value = fieldErrors
      formError.value = other.join('；')
      return Object.keys(fieldErrors) as FieldKey[]
    }
    errors.value = {}
    saving.value = true
    try {
      const current = editing.value
      const res = current
        ? await call('enterprise.update', { id: current.id, version: current.version, data: { ...r.value } })
        : await call('enterprise.create', { data: { ...r.value } })
      ElMessage.success('已保存')
      snapshot.value = JSON.stringify(model)
      opts.onSaved(res.enterprise)
      if (mode.continueAdding && !current) {
        // Entering a village's enterprises one after another: keep the village and industry.
        openCreate({ villageId: model.villageId, industryId: model.industryId })
      } else {
        visible.value = false
      }
      return []
    } catch (err) {
      applyError(err)
      return Object.keys(errors.value) as FieldKey[]
    } finally {
      saving.value = false
    }
  }

  /** Asks before throwing away unsaved input. Resolves true when the form may close. */
  async function confirmDiscard(): Promise<boolean> {
    if (!dirty.value) return true
    try {
      await ElMessageBox.confirm(UNSAVED_TEXT.message, UNSAVED_TEXT.title, {
        confirmButtonText: UNSAVED_TEXT.confirm,
        cancelButtonText: UNSAVED_TEXT.cancel,
        type: 'warning',
        distinguishCancelAndClose: false,
      })
      return true
    } catch {
      return false
    }
  }

  async function requestClose(): Promise<void> {
    if (await confirmDiscard()) {
      visible.value = false
      reset(blankModel())
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
        { confirmButtonText: '移入回收站', cancelButtonText: '取消', type: 'warning' },
      )
    } catch {
      return
    }
    try {
      await call('enterprise.remove', { ids: [current.id] })
      ElMessage.success('已移入回收站')
      snapshot.value = JSON.stringify(model)
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
    similarWarning,
    creditCodeWarning,
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

export type EnterpriseFormState = ReturnType<typeof useEnterpriseForm>
