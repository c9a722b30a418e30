// The form's model for any ledger, from its spec: what inputs bind to, how it becomes the raw
// object the kit's schema cleans (the same clean-up the handler and the importer run), and which
// fields changed — an update sends only those, so a field the form does not show or did not
// touch is never overwritten.
import { KINDS } from './kinds'
import { buildSchemas, validate, type FieldIssue } from './schema'
import type { FieldSpec, LedgerSpec } from './spec'

export type FormModel = Record<string, unknown>
export type FieldErrors = Record<string, string>

/** The lookup entry (所属村) new records go to when an import cannot say; 工作台 lists them. */
export const TO_COMPLETE = '待补充'

export function formFields(spec: LedgerSpec): FieldSpec[] {
  return (spec.fields as FieldSpec[]).filter((f) => f.form && !f.form.hidden)
}

/** Empty inputs: '' for text and selects, null for numbers and links, [] for flags. */
export function blankModel(spec: LedgerSpec): FormModel {
  const m: FormModel = {}
  for (const f of spec.fields as FieldSpec[]) {
    const d = f.default
    m[f.key] = d !== undefined && d !== null ? (Array.isArray(d) ? [...d] : d) : KINDS[f.kind].formEmpty(f)
  }
  return m
}

/** A stored record as form inputs (null → the input's empty value). */
export function modelFromRecord(spec: LedgerSpec, rec: Record<string, unknown>): FormModel {
  const m = blankModel(spec)
  for (const f of spec.fields as FieldSpec[]) {
    const v = rec[f.key]
    m[f.key] = v === null || v === undefined ? KINDS[f.kind].formEmpty(f) : Array.isArray(v) ? [...v] : v
  }
  return m
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/** The fields whose inputs differ from the snapshot taken when the form opened. */
export function changedKeys(spec: LedgerSpec, model: FormModel, snapshot: FormModel): string[] {
  return (spec.fields as FieldSpec[]).filter((f) => !same(model[f.key], snapshot[f.key])).map((f) => f.key)
}

export function schemasFor(spec: LedgerSpec) {
  let cached = cache.get(spec)
  if (!cached) cache.set(spec, (cached = buildSchemas(spec)))
  return cached
}
const cache = new WeakMap<LedgerSpec, ReturnType<typeof buildSchemas>>()

/** Cleans and checks the whole model (create) or only the given fields (update). */
export function validateModel(
  spec: LedgerSpec,
  model: FormModel,
  only?: readonly string[],
): { ok: true; value: Record<string, unknown> } | { ok: false; issues: FieldIssue[] } {
  const s = schemasFor(spec)
  if (!only) return validate(s.create, model) as ReturnType<typeof validateModel>
  const raw = Object.fromEntries(only.map((k) => [k, model[k]]))
  return validate(s.patch, raw) as ReturnType<typeof validateModel>
}

/** One field's message (on leaving it), exactly as a save would give it. */
export function fieldMessage(spec: LedgerSpec, model: FormModel, key: string): string | null {
  const f = (spec.fields as FieldSpec[]).find((x) => x.key === key)
  if (!f) return null
  const r = schemasFor(spec).create.safeParse({ [key]: model[key] })
  if (r.success) return null
  return r.error.issues.find((i) => String(i.path[0]) === key)?.message ?? null
}

export function issuesToErrors(
  spec: LedgerSpec,
  issues: readonly { field: string; message: string }[],
): { errors: FieldErrors; other: string[] } {
  const keys = new Set((spec.fields as FieldSpec[]).map((f) => f.key))
  const errors: FieldErrors = {}
  const other: string[] = []
  for (const i of issues) {
    const key = i.field.split('.')[0] ?? ''
    if (keys.has(key)) errors[key] ??= i.message
    else other.push(i.message)
  }
  return { errors, other }
}

/** Display text of a stored value (lists, history, cards); '—' for nothing. */
export function displayValue(f: FieldSpec, rec: Record<string, unknown>): string {
  if (f.kind === 'ref') return (rec[f.ref!.as] as string | null) ?? '—'
  const s = KINDS[f.kind].display(rec[f.key], f)
  return s === '' ? '—' : s
}

/** On-screen masking of a sensitive value (phones, ID numbers): 13812345678 → 138****5678. */
export function maskText(text: string): string {
  return text.replace(
    /\d{7,}/g,
    (d) => `${d.slice(0, 3)}${'*'.repeat(Math.max(4, d.length - 7))}${d.slice(-4)}`,
  )
}

/** How an `expires` filter reads (工作台's counts and the list's filter tag): 已过期, 60天内到期. */
export function expiryLabel(f: FieldSpec, state: 'expired' | 'expiring'): string {
  return state === 'expired' ? '已过期' : `${f.expires?.warnDays ?? ''}天内到期`
}
