import { z } from 'zod'
import { KINDS } from './kinds'
import type { CleanEnv } from './kinds/kind'
import type { FieldSpec, LedgerSpec } from './spec'

// Typed schemas derived from a spec. Every field's rule is its kind's one clean-up function, so a
// value is cleaned the same way in the form (renderer), the handler (core) and the importer.

type Opt = { readonly value: string }
type FieldValue<F> = F extends { kind: 'enum'; options: readonly (infer O extends Opt)[] }
  ? O['value']
  : F extends { kind: 'flags'; options: readonly (infer O extends Opt)[] }
    ? O['value'][]
    : F extends { kind: 'int' | 'decimal' | 'year' | 'ref' }
      ? number
      : F extends { kind: 'yesNo' }
        ? boolean
        : string
type Stored<F> = F extends { kind: 'flags' | 'yesNo' }
  ? FieldValue<F>
  : F extends { identifying: true }
    ? FieldValue<F>
    : F extends { required: true; default: unknown }
      ? FieldValue<F>
      : FieldValue<F> | null

type Fields<S> = S extends { fields: readonly (infer F)[] } ? F : never
type RefAs<F> = F extends { kind: 'ref'; ref: { as: infer A extends string } } ? A : never
type RequiredRefAs<F> = F extends { kind: 'ref'; identifying: true; ref: { as: infer A extends string } }
  ? A
  : never

/** The values of a record as stored (one property per field). */
export type ValuesOf<S> = {
  [F in Fields<S> as F extends { key: infer K extends string } ? K : never]: Stored<F>
}
/** A record as the repository returns it: values, the names of linked records, bookkeeping. */
export type RecordOf<S> = ValuesOf<S> & {
  [K in RefAs<Fields<S>>]: K extends RequiredRefAs<Fields<S>> ? string : string | null
} & {
  id: number
  version: number
  createdAt: string
  updatedAt: string
  deletedAt: string | null
}
/** What a form or a client may send: canonical values, or text the clean-up understands. */
export type RawValuesOf<S> = {
  [F in Fields<S> as F extends { key: infer K extends string } ? K : never]?:
    FieldValue<F> | string | number | null
}

function issue(ctx: z.RefinementCtx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message })
  return z.NEVER
}

/** The rule of one field: the kind's clean-up, then required/identifying. */
export function fieldRule(f: FieldSpec, env: CleanEnv = {}): z.ZodType {
  const kind = KINDS[f.kind]
  return z
    .unknown()
    .optional()
    .transform((raw, ctx) => {
      const r = kind.clean(raw, f, env)
      if (!r.ok) return issue(ctx, r.message)
      const empty = r.value === null || (Array.isArray(r.value) && r.value.length === 0)
      // A field with a default (经营状态: 在营) takes it when left empty; it is never "missing".
      if (empty && f.default !== undefined && f.default !== null) return f.default
      if (empty && (f.identifying || (f.required && f.kind !== 'yesNo')))
        return issue(ctx, f.kind === 'enum' || f.kind === 'ref' ? `请选择${f.label}` : `请填写${f.label}`)
      return r.value
    })
}

export interface LedgerSchemas<S> {
  /** A whole record (create): every field, missing ones empty, required ones checked. */
  create: z.ZodType<ValuesOf<S>, RawValuesOf<S>>
  /** A patch (update): only the fields sent; unknown keys refused. */
  patch: z.ZodType<Partial<ValuesOf<S>>, RawValuesOf<S>>
}

export function buildSchemas<S extends LedgerSpec>(spec: S, env: CleanEnv = {}): LedgerSchemas<S> {
  const shape: Record<string, z.ZodType> = {}
  const patchShape: Record<string, z.ZodType> = {}
  for (const f of spec.fields as FieldSpec[]) {
    if (f.system) continue
    shape[f.key] = fieldRule(f, env)
    patchShape[f.key] = fieldRule(f, env).optional()
  }
  const unknownKey = (keys: string[]) => `“${keys.join('、')}”不是${spec.label}的字段`
  const create = z.strictObject(shape, {
    error: (i) => (i.code === 'unrecognized_keys' ? unknownKey(i.keys) : undefined),
  })
  const patch = z.strictObject(patchShape, {
    error: (i) => (i.code === 'unrecognized_keys' ? unknownKey(i.keys) : undefined),
  })
  return {
    create: create as unknown as LedgerSchemas<S>['create'],
    patch: patch as unknown as LedgerSchemas<S>['patch'],
  }
}

export interface FieldIssue {
  field: string
  message: string
}

/** Runs a schema and returns the first Chinese message per field. */
export function validate<T>(
  schema: z.ZodType<T>,
  raw: unknown,
): { ok: true; value: T } | { ok: false; issues: FieldIssue[] } {
  const r = schema.safeParse(raw)
  if (r.success) return { ok: true, value: r.data }
  const seen = new Set<string>()
  const issues: FieldIssue[] = []
  for (const i of r.error.issues) {
    const field = i.path.map(String).join('.') || '_'
    if (seen.has(field)) continue
    seen.add(field)
    issues.push({ field, message: i.message })
  }
  return { ok: false, issues }
}

/** The `<ledger>.list` input: paging, sort by any field, search, per-field filters, bin. */
const scalar = z.union([z.string().max(200), z.number(), z.boolean()])

export function listSchema(spec: LedgerSpec) {
  const keys = (spec.fields as FieldSpec[]).map((f) => f.key)
  const sortable = ['updatedAt', 'createdAt', ...keys, ...(spec.rank ? [spec.rank.key] : [])] as [
    string,
    ...string[],
  ]
  const filterKeys = [...keys, ...(spec.linkedFilters ?? []).map((l) => l.key)] as [string, ...string[]]
  const presetKeys = (spec.presets ?? []).map((p) => p.key)
  const filter = z.strictObject({
    in: z.array(scalar).max(1000).optional(),
    notIn: z
      .array(z.union([z.string().max(200), z.number()]))
      .max(1000)
      .optional(),
    from: z.union([z.string().max(40), z.number()]).optional(),
    to: z.union([z.string().max(40), z.number()]).optional(),
    empty: z.boolean().optional(),
    expiry: z.enum(['expired', 'expiring']).optional(),
  })
  return z.object({
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(500).default(20),
    sort: z.object({ field: z.enum(sortable), order: z.enum(['asc', 'desc']) }).optional(),
    query: z.string().max(100).optional(),
    filters: z.partialRecord(z.enum(filterKeys), filter).optional(),
    presets: (presetKeys.length
      ? z.array(z.enum(presetKeys as [string, ...string[]])).max(10)
      : z.array(z.string()).max(0)
    ).optional(),
    deleted: z.boolean().optional(),
    ids: z.array(z.number().int().min(0)).max(10_000).optional(),
  })
}
