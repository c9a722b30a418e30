import { z } from 'zod'
import { writeAudit } from '../audit/audit'
import { handler, writeTx, type Handler } from '../context'
import { validationError } from '../errors'
import { maskText } from '../shared/kit/form'
import type { LedgerSpec } from '../shared/kit/spec'
import {
  buildSchemas,
  listSchema,
  validate,
  type RawValuesOf,
  type RecordOf,
  type ValuesOf,
} from '../shared/kit/schema'
export { listSchema }
import type { HistoryEntry, ListQuery, Repo, SimilarRecord } from './repo'

// The handlers every ledger gets from its spec: <key>.list/get/create/update/bulkSet/remove/
// restore/history/checkDuplicates. Inputs are validated by schemas derived from the spec, so a
// write names its fields and each field is cleaned by its kind — never a record of unknowns.

const id = z.number().int().positive()

type ListInput = z.ZodType<ListQuery, Partial<ListQuery>>
type Ids = z.ZodObject<{ ids: z.ZodArray<z.ZodNumber> }>
type IdInput = z.ZodObject<{ id: z.ZodNumber }>

export type LedgerHandlers<S extends LedgerSpec> = {
  [K in `${S['key']}.list`]: Handler<ListInput, { rows: RecordOf<S>[]; total: number }>
} & { [K in `${S['key']}.get`]: Handler<IdInput, RecordOf<S>> } & {
  [K in `${S['key']}.create`]: Handler<
    z.ZodType<{ data: RawValuesOf<S> }>,
    { record: RecordOf<S>; similar: SimilarRecord[] }
  >
} & {
  [K in `${S['key']}.update`]: Handler<
    z.ZodType<{ id: number; version: number; data: RawValuesOf<S> }>,
    { record: RecordOf<S>; similar: SimilarRecord[] }
  >
} & {
  [K in `${S['key']}.bulkSet`]: Handler<
    z.ZodType<{ ids: number[]; data: RawValuesOf<S> }>,
    { changed: number }
  >
} & { [K in `${S['key']}.remove` | `${S['key']}.restore`]: Handler<Ids, { changed: number }> } & {
  [K in `${S['key']}.dossier`]: Handler<IdInput, ReturnType<Repo<S>['dossier']>>
} & {
  [K in `${S['key']}.reveal`]: Handler<IdInput, Record<string, unknown>>
} & {
  [K in `${S['key']}.history`]: Handler<IdInput, HistoryEntry[]>
} & {
  [K in `${S['key']}.checkDuplicates`]: Handler<
    z.ZodType<{ data: Record<string, unknown>; excludeId?: number | null }>,
    ReturnType<Repo<S>['checkDuplicates']>
  >
}

/** The list input of a ledger: its spec's filters and sorts, and its list hook's named filters (`extra`) and sorts. */
export function listInputOf<S extends LedgerSpec>(repo: Pick<Repo<S>, 'spec' | 'listFilters' | 'listSorts'>) {
  const extra = Object.entries(repo.listFilters)
  const base = listSchema(repo.spec)
  const fields = base.shape.sort.unwrap().shape.field.options
  return base.extend({
    // (and the derived values the list hook sorts by)
    sort: z
      .object({
        field: z.enum([...fields, ...repo.listSorts] as [string, ...string[]]),
        order: z.enum(['asc', 'desc']),
      })
      .optional(),
    extra: z.strictObject(Object.fromEntries(extra.map(([k, f]) => [k, f.value.optional()]))).optional(),
  })
}

export function ledgerHandlers<S extends LedgerSpec>(repo: Repo<S>): LedgerHandlers<S> {
  const spec = repo.spec
  const schemas = buildSchemas(spec)
  const p = spec.key
  const ids = z.array(id).min(1, `请至少选择一条${spec.label}记录`).max(10_000)
  const data = z.record(z.string().max(40), z.unknown())
  const parse = <T>(schema: z.ZodType<T>, raw: unknown): T => {
    const r = validate(schema, raw)
    if (!r.ok) throw validationError(r.issues)
    return r.value
  }
  const name = (r: RecordOf<S>) => String((r as Record<string, unknown>)[spec.nameField] ?? '')
  // Sensitive fields (phones, ID numbers) leave the list masked; one record's are revealed on
  // demand through <key>.reveal, and each reveal is in the audit trail. Forms and exports read whole.
  const sensitive = spec.fields.filter((f) => f.sensitive)
  const masked = <R extends Record<string, unknown>>(r: R): R => {
    if (sensitive.length === 0) return r
    const out: Record<string, unknown> = { ...r }
    for (const f of sensitive) {
      const v = out[f.key]
      if (typeof v === 'string') out[f.key] = maskText(v)
    }
    return out as R
  }
  const out: Record<string, Handler> = {
    [`${p}.list`]: handler(listInputOf(repo), (ctx, input) => {
      const r = repo.list(ctx, input as ListQuery)
      return { ...r, rows: r.rows.map((row) => masked(row as Record<string, unknown>)) }
    }),
    [`${p}.reveal`]: handler(z.object({ id }), (ctx, input) => {
      const r = repo.get(ctx, input.id) as Record<string, unknown>
      const values = Object.fromEntries(sensitive.map((f) => [f.key, r[f.key] ?? null]))
      writeTx(ctx, () =>
        writeAudit(ctx, {
          action: 'reveal',
          ledger: spec.key,
          recordId: input.id,
          recordName: String(r[spec.nameField] ?? ''),
          note: `查看${sensitive.map((f) => f.label).join('、')}`,
        }),
      )
      return values
    }),
    [`${p}.get`]: handler(z.object({ id }), (ctx, input) => repo.get(ctx, input.id)),
    // The data is validated field by field below, so that each message is the form's own.
    [`${p}.create`]: handler(z.object({ data }), (ctx, input) => {
      const record = repo.create(ctx, parse(schemas.create, input.data) as ValuesOf<S>)
      return { record, similar: repo.similarNames(ctx, name(record), record.id) }
    }),
    [`${p}.update`]: handler(z.object({ id, version: z.number().int().positive(), data }), (ctx, input) => {
      const record = repo.update(ctx, input.id, input.version, parse(schemas.patch, input.data))
      return { record, similar: repo.similarNames(ctx, name(record), record.id) }
    }),
    [`${p}.bulkSet`]: handler(z.object({ ids, data }), (ctx, input) => {
      const patch = parse(schemas.patch, input.data)
      if (Object.keys(patch).length === 0)
        throw validationError([{ field: '_', message: '请选择要修改的字段' }])
      return repo.bulkSet(ctx, input.ids, patch)
    }),
    [`${p}.remove`]: handler(z.object({ ids }), (ctx, input) => repo.setDeleted(ctx, input.ids, true)),
    [`${p}.restore`]: handler(z.object({ ids }), (ctx, input) => repo.setDeleted(ctx, input.ids, false)),
    [`${p}.history`]: handler(z.object({ id }), (ctx, input) => repo.history(ctx, input.id)),
    [`${p}.dossier`]: handler(z.object({ id }), (ctx, input) => repo.dossier(ctx, input.id)),
    [`${p}.checkDuplicates`]: handler(
      z.object({ data, excludeId: id.nullable().optional() }),
      (ctx, input) => {
        // Only the fields that clean up without errors take part (the clerk is still typing).
        const clean: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(input.data)) {
          const r = schemas.patch.safeParse({ [k]: v })
          if (r.success) Object.assign(clean, r.data)
        }
        return repo.checkDuplicates(ctx, clean as Partial<ValuesOf<S>>, input.excludeId ?? null)
      },
    ),
  }
  return out as unknown as LedgerHandlers<S>
}

/** Merges handler tables; a name defined twice stops the program at start-up. */
export function mergeHandlers<T extends Record<string, Handler>[]>(
  ...tables: T
): UnionToIntersection<T[number]> {
  const out: Record<string, Handler> = {}
  for (const t of tables)
    for (const [k, v] of Object.entries(t)) {
      if (Object.prototype.hasOwnProperty.call(out, k)) throw new Error(`handler ${k} is defined twice`)
      out[k] = v
    }
  return out as UnionToIntersection<T[number]>
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never
