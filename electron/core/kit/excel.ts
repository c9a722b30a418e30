import type { Statement } from 'better-sqlite3'
import type { Writable } from 'node:stream'
import type { Ctx } from '../context'
import { AppError } from '../errors'
import type { CellValue } from '../excel/grid'
import { EnterpriseIndex } from '../excel/enterprise-match'
import { headingName } from '../excel/header'
import {
  recordWords,
  type ImportLedger,
  type ImportWords,
  type LedgerImporter,
  type PlanEnv,
  type RowContext,
  type Work,
} from '../excel/ledgers/plugin'
import { IGNORE_FIELD, type LedgerField } from '../excel/ledgers/types'
import { maskText, TO_COMPLETE } from '../shared/kit/form'
import { KINDS } from '../shared/kit/kinds'
import { personAndPhones } from '../shared/kit/kinds/phones'
import type { Repo } from './repo'
import { LEDGER_REF_TABLES, type FieldSpec, type LedgerSpec } from '../shared/kit/spec'

// A ledger's Excel columns, importer and export layout, all derived from its spec. The importer
// reads every cell with the field kind's one clean-up (the same the form and the handler use),
// upserts by the spec's identity, and writes only the columns the file has: a roster without a
// 成立日期 column leaves the stored 成立日期 alone.

type Row = Record<string, unknown>
const SEQ_FIELD: LedgerField = {
  key: IGNORE_FIELD,
  label: '序号',
  synonyms: ['序号', '编号', '序', 'no', 'no.'],
  read: () => ({ ok: true, value: null }),
}

function cellKind(f: FieldSpec): LedgerField['kind'] {
  switch (f.kind) {
    case 'creditCode':
    case 'cas':
    case 'phones':
      return 'code'
    case 'date':
      return 'date'
    case 'int':
    case 'decimal':
    case 'year':
      return 'number'
    case 'yesNo':
      return 'flag'
    default:
      return 'text'
  }
}

const NO_ENV = {}

/** The import columns: one per field, and for flags one per option (危化品 √) besides the list. */
export function importFields(
  spec: LedgerSpec,
  hooks: Pick<ImportHooks, 'read' | 'fills' | 'sets'> = {},
): LedgerField[] {
  const out: LedgerField[] = [SEQ_FIELD]
  for (const f of [...(spec.fields as FieldSpec[]), ...((spec.importColumns ?? []) as FieldSpec[])]) {
    if (f.system || hooks.sets?.includes(f.key)) continue
    // The importer sets a guess mark itself; no sheet has a column for it.
    if (f.guessOf) continue
    const base = {
      label: f.label,
      synonyms: f.synonyms ?? [],
      excludeWords: f.excludeWords ?? [],
      width: f.export?.width,
      kind: cellKind(f),
      // A link created on demand (所属村) is not needed from the file: the address, a value for
      // all rows or 待补充 stands in (see planRow); nor is a field the ledger's hooks fill.
      required:
        Boolean(f.identifying) &&
        !(f.kind === 'ref' && f.ref?.createMissing) &&
        !hooks.fills?.includes(f.key),
      ...(f.preferSub ? { preferSub: f.preferSub } : {}),
      ...(f.personOf ? { personOf: f.personOf } : {}),
      ...(f.distinctFrom ? { distinctFrom: f.distinctFrom } : {}),
      ...(f.fromTitle ? { fromTitle: new RegExp(f.fromTitle) } : {}),
    }
    // (the field each column reads with is made once: a 100,000-row import reads every cell)
    if (f.kind === 'ref') {
      // Sheets name the village or industry; the id is found (or the entry created) at commit.
      const asName = { ...f, max: 100 }
      out.push({ ...base, key: f.key, read: (v) => KINDS.text.clean(v, asName, NO_ENV) })
      continue
    }
    if (f.kind === 'flags') {
      for (const o of f.options ?? []) {
        const asOption = { ...f, label: o.label }
        out.push({
          key: `${f.key}.${o.value}`,
          label: o.label,
          synonyms: o.words ?? [],
          width: 8,
          kind: 'flag',
          choices: ['√'],
          read: hooks.read?.[`${f.key}.${o.value}`] ?? ((v) => KINDS.yesNo.clean(v, asOption, NO_ENV)),
        })
      }
    }
    const kind = KINDS[f.kind]
    const personOf = f.personOf
    out.push({
      ...base,
      key: f.key,
      choices: f.kind === 'enum' ? (f.options ?? []).filter((o) => !o.legacy).map((o) => o.label) : undefined,
      labels: f.options ? Object.fromEntries(f.options.map((o) => [o.value, o.label])) : undefined,
      read:
        hooks.read?.[f.key] ??
        (personOf
          ? (v: CellValue, env) => {
              // "王建国 13608865162": the numbers here, the name to the person's field (planRow)
              const r = kind.clean(v, f, env)
              const both = !r.ok && typeof v === 'string' ? personAndPhones(v) : null
              const p = both ? kind.clean(both.phones, f, env) : null
              if (!both || !p?.ok) return r
              ;(env.found ??= {})[personOf] = both.person
              return p
            }
          : (v: CellValue, env) => kind.clean(v, f, env)),
    })
  }
  return out
}

/**
 * A ledger's domain rules on import, kept beside its spec (a hazard's enterprise found or added,
 * 整改情况 words into a status, deadline rules). Everything else — columns, mapping, clean-up,
 * upsert, history, batch undo — is the kit's.
 */
export interface ImportHooks<H = unknown> {
  /** Cell readers replacing the kind's for some columns (隐患等级 by the office's words). */
  read?: Record<string, LedgerField['read']>
  /** Identifying fields the hooks fill when the sheet has no column (检查日期): not required. */
  fills?: string[]
  /**
   * Fields the hooks set themselves — above all the parent links a row finds or creates (a
   * chemical's enterprise and unit, named in the sheet by import-only columns): no column of their
   * own, not looked up by the kit, not required of a new row; the hooks set them in `planRow` (the
   * id of a known parent) or in the writer's `before` (a parent created with the batch).
   */
  sets?: string[]
  /** The import-only columns the spec's parent links are read from, and what comes down with them. */
  fillDownAs?: Record<string, { field: string; with?: string[] }>
  /** Office settings the columns read by (passed to `read` as `env.settings`). */
  readSettings?(ctx: Ctx): Record<string, unknown>
  /** Lookups loaded once per plan. */
  prepare?(ctx: Ctx): H
  /**
   * A row's rules, after the kit cleaned its cells into `patch` (the hooks may set any field, the
   * lifecycle's `system` ones too, and `extra` for the writer; `values` holds the import-only
   * columns; `child` the row's child record, see `kitImporter`'s `child`). Returns the record's
   * identity with the id of the record it matches, or null to refuse the row (its issues say
   * why); undefined leaves identity to the kit. A child found by its own identity decides the
   * record whatever the hook returns.
   */
  planRow?(
    hook: H,
    r: { values: Row; patch: Row; extra: Row; row: RowContext; env: PlanEnv; child?: ChildPlan },
  ): { key: string; keyLabel: string; id: number | null; deleted?: boolean } | null | undefined
  /**
   * One batch's writer: `before` a row is written (create what it links to; `patch` is the whole
   * record, empty fields included, for a new one), `after` (its events).
   */
  writer?(
    ctx: Ctx,
    batch: { id: number; now: string; fileName: string },
  ): {
    before?(w: Work<KitRow>, patch: Row): void
    after?(w: Work<KitRow>, id: number, prev: Row | null): void
    /** Entries the batch created elsewhere, by label ({ 企业: [...] }). */
    created?(): Record<string, string[]>
    /** After the last row, still inside the transaction (results derived from the whole batch). */
    done?(): void
  }
  /** After one batch item was undone: the record's row before the undo (an insert's is deleted now). */
  undone?(ctx: Ctx, row: Row, action: 'insert' | 'update'): void
  /** The message when a record this import added can no longer be removed (linked since). */
  undoBlocked?: string
}

/**
 * The parent-link columns that fill down on import (the spec's `parent`); `as` renames a link to
 * the column an importer reads it from (a hand-written importer reading the enterprise by name).
 */
export function fillDownOf(
  spec: LedgerSpec,
  as: Record<string, { field: string; with?: string[] }> = {},
): { field: string; with?: string[] }[] {
  if (!spec.parent) return []
  return (spec.parent.fill ?? [spec.parent.field]).map((k) => as[k] ?? { field: k })
}

export interface KitRow {
  /** Cleaned values of the columns the file has; refs still as names. */
  patch: Row
  refNames: Record<string, string | null>
  /** What the ledger's hooks keep for their writer (a hazard's enterprise by name). */
  extra?: Row
  /** The row's child record (a licence of the outlet): written after the record, under it. */
  child?: {
    patch: Row
    id: number | null
    /** The record's own identity: a new record's later rows in the file add their children to it. */
    recordKey: string
  }
}

/** A row's child record as planned: its cleaned cells, and the stored one its identity finds. */
export interface ChildPlan {
  patch: Row
  id: number | null
  /** The record the found child belongs to (the row's record then). */
  parentId: number | null
}

/** What undoing a batch item does to the children the row wrote (kept in the item's `before`). */
interface ChildUndo {
  id: number
  /** The stored row before the import; null for a child the import added. */
  before: Row | null
  version: number
}
const CHILDREN = '$children'

interface Hit {
  id: number
  deleted: boolean
}

interface Prep {
  unique: Map<string, Map<unknown, Hit>>
  byName: Map<string, Hit | 'many'>
  /** With `nearNames`: names as offices vary them, and each record's unique codes. */
  near: { index: EnterpriseIndex; codes: Map<number, unknown[]> } | null
  lookups: Map<string, Map<string, number>>
  existing: Statement
  hook: unknown
  /** With a child ledger: its records by each unique identity field, and its stored rows. */
  children: {
    unique: Map<string, Map<unknown, Hit & { parentId: number; parentDeleted: boolean }>>
    existing: Statement
  } | null
}

function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || (Array.isArray(v) && v.length === 0)
}

/** The FTS index statements of a table's insert trigger, rewritten to index a batch at once. */
function bulkIndexSql(
  ctx: Ctx,
  table: string,
  fts: string,
): { drop: string[]; restore: string[]; index: string } | null {
  const triggers = ctx.db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND sql LIKE ?")
    .all(table, `%${fts}%`) as { name: string; sql: string }[]
  const ins = triggers.find((t) => /AFTER\s+INSERT/i.test(t.sql))
  const m =
    ins &&
    new RegExp(`INSERT INTO ${fts}\\s*\\(([^)]*)\\)\\s*VALUES\\s*\\(([\\s\\S]*)\\);\\s*END;?\\s*$`, 'i').exec(
      ins.sql,
    )
  if (!m) return null
  return {
    drop: triggers.map((t) => `DROP TRIGGER ${t.name}`),
    restore: triggers.map((t) => t.sql),
    index: `INSERT INTO ${fts}(${m[1]}) SELECT ${m[2]} FROM import_batch_items b JOIN ${table} new ON new.id = b.record_id WHERE b.batch_id = ?`,
  }
}

const BULK_THRESHOLD = 500

export { TO_COMPLETE }

/** The one known name a cell means when written longer or shorter ("青禾镇东湖村", "东湖" → 东湖村). */
function nearName(known: Map<string, number> | undefined, raw: string): string | null {
  const text = raw.replace(/(村民委员会|居民委员会|村委会|居委会)$/, '')
  if (text !== raw && known?.has(text)) return text
  const hits = [...(known?.keys() ?? [])].filter(
    (k) =>
      k !== TO_COMPLETE &&
      k.length >= 2 &&
      (text.endsWith(k) ||
        (text.length >= 2 && k.startsWith(text) && /^(村|社区|居委会|村委会)$/.test(k.slice(text.length)))),
  )
  return hits.length === 1 ? (hits[0] as string) : null
}

/**
 * The village a group heading, a sheet's name or its title names: the one known name it contains
 * ("一、东湖村（5家）", "东湖村企业名单"), else a village-like name it consists of ("西山村", new).
 */
function contextName(known: Map<string, number> | undefined, text: string, why: string): string | null {
  const t = text.replace(/\s+/g, '')
  const hits = [...(known?.keys() ?? [])].filter((k) => k.length >= 2 && k !== TO_COMPLETE && t.includes(k))
  const own = hits.filter((k) => !hits.some((o) => o !== k && o.includes(k)))
  if (own.length === 1) return own[0] as string
  if (own.length > 1) return null
  const bare = headingName(t).replace(
    /(生产经营单位|企业|单位|商户|店铺)?(名单|名录|台账|清单|花名册|汇总表|信息表|统计表|情况表|一览表)?$/,
    '',
  )
  if (!/^[\u4e00-\u9fa5]{1,8}(村|社区|村民委员会|居民委员会|村委会|居委会)$/.test(bare)) return null
  // (a title names a whole list; a bare 村 name there is only taken when it is known)
  return (
    nearName(known, bare) ??
    (why === '表格标题'
      ? null
      : bare.replace(/(村民委员会|村委会)$/, '村').replace(/(居民委员会|居委会)$/, '社区'))
  )
}

/** The longest known name an address contains ("青禾镇东湖村3组" → 东湖村). */
function guessName(known: Map<string, number> | undefined, address: string): string | null {
  let best: string | null = null
  for (const name of known?.keys() ?? [])
    if (
      name.length >= 2 &&
      name !== TO_COMPLETE &&
      address.includes(name) &&
      (!best || name.length > best.length)
    )
      best = name
  return best
}

export function kitImporter<S extends LedgerSpec, C extends LedgerSpec = LedgerSpec>(
  repo: Repo<S>,
  opts: {
    ledger: ImportLedger
    label: string
    /** What the import says in the ledger's own words (help lines, undo texts); 条记录 if not given. */
    words?: ImportWords
    /** Before creating a record, offer one whose name differs only in width, brackets or legal form. */
    nearNames?: boolean
    hooks?: ImportHooks<any> // eslint-disable-line @typescript-eslint/no-explicit-any
    /**
     * A child ledger whose columns each row also carries (an outlet's row with its licence): the
     * child is found by its own identity — and then names the row's record — or added under the
     * record; its history and batch undo are the kit's too. Its link (the spec's `parent.field`),
     * its other links and fields the record has by the same key are not read.
     */
    child?: Repo<C>
  },
): LedgerImporter<KitRow, Prep> {
  const hooks = opts.hooks ?? {}
  const spec = repo.spec
  const fields = spec.fields as FieldSpec[]
  const byKey = new Map(fields.map((f) => [f.key, f]))
  const nameField = byKey.get(spec.nameField) as FieldSpec
  const uniqueFields = spec.identity.map((k) => byKey.get(k) as FieldSpec).filter((f) => f !== nameField)
  // The name is qualified by the first identifying link (企业名称 + 所属村), as offices tell them apart.
  const ctxRef = fields.find((f) => f.kind === 'ref' && f.identifying)
  const refs = fields.filter((f) => f.kind === 'ref')
  const addressField = fields.find((f) => f.key === 'address' && f.kind === 'text')
  const notesField = fields.find((f) => f.key === 'notes' && f.kind === 'longText')
  const identityLabel = (f: FieldSpec) => `${f.label}相同`
  // What a new record cannot be stored without.
  const needed = fields.filter((f) => f.identifying || (f.required && f.default === undefined))
  // The per-option columns of flags fields (危化品 √), by option: the keys their values come under.
  const optionKeys = new Map(
    fields
      .filter((f) => f.kind === 'flags')
      .map((f) => [f.key, (f.options ?? []).map((o) => ({ value: o.value, key: `${f.key}.${o.value}` }))]),
  )

  function stored(prep: Prep, id: number): Row {
    return repo.fromRow(prep.existing.get(id) as Row) as Row
  }

  const childRepo = opts.child as Repo<LedgerSpec> | undefined
  const childSpec = childRepo?.spec as LedgerSpec | undefined
  const link = childSpec?.parent?.field
  if (childSpec && !link) throw new Error(`${childSpec.key} has no parent link`)
  const childFields = ((childSpec?.fields ?? []) as FieldSpec[]).filter(
    (f) => f.key !== link && f.kind !== 'ref' && !f.system && !byKey.has(f.key),
  )
  const childByKey = new Map(childFields.map((f) => [f.key, f]))
  const childUnique = ((childSpec?.identity ?? []) as string[])
    .map((k) => childByKey.get(k))
    .filter((f): f is FieldSpec => Boolean(f))
  const columns = importFields(spec, hooks)
  if (childSpec) {
    const own = new Set(columns.map((c) => c.key))
    const extraKeys = new Set(((childSpec.importColumns ?? []) as FieldSpec[]).map((f) => f.key))
    columns.push(
      ...importFields(childSpec, hooks).filter(
        (c) => !own.has(c.key) && (childByKey.has(c.key) || extraKeys.has(c.key)),
      ),
    )
  }
  // 序号 gives up the words a field reads (编号 is a licence's number under 零售许可证).
  const seq = columns[0] as LedgerField
  columns[0] = {
    ...seq,
    synonyms: seq.synonyms.filter((w) => !columns.some((c) => c !== seq && c.synonyms.includes(w))),
  }

  return {
    ledger: opts.ledger,
    label: opts.label,
    words:
      opts.words ??
      recordWords('条', '记录', '如果其中有记录在导入后又被修改过，将不能整批撤销，数据保持不变。'),
    fields: columns,
    requiredField: nameField.key,
    requiredLabel: nameField.label,
    // A row holds a record when it has any identity field or an identifying import-only column.
    identityFields: [
      ...(spec.identity as string[]),
      ...((spec.importColumns ?? []) as FieldSpec[]).filter((f) => f.identifying).map((f) => f.key),
      ...childUnique.map((f) => f.key),
    ],
    fillDown: fillDownOf(spec, hooks.fillDownAs),
    notesField: notesField?.key,
    table: spec.table as 'enterprises',
    nameSql: nameField.column as string,
    readSettings: hooks.readSettings,

    prepare(ctx) {
      const unique = new Map<string, Map<unknown, Hit>>()
      for (const f of uniqueFields) {
        const m = new Map<unknown, Hit>()
        for (const [id, v, d] of ctx.db
          .prepare(
            `SELECT id, ${f.column}, deleted_at IS NOT NULL FROM ${spec.table} WHERE ${f.column} IS NOT NULL`,
          )
          .raw()
          .all() as [number, unknown, number][])
          m.set(v, { id, deleted: d === 1 })
        unique.set(f.key, m)
      }
      const byName = new Map<string, Hit | 'many'>()
      const ctxSql = ctxRef ? `(SELECT name FROM ${ctxRef.ref!.table} WHERE id = t.${ctxRef.column})` : 'NULL'
      for (const [id, name, c, d] of ctx.db
        .prepare(
          `SELECT t.id, t.${nameField.column}, ${ctxSql}, t.deleted_at IS NOT NULL FROM ${spec.table} t`,
        )
        .raw()
        .all() as [number, string, string | null, number][]) {
        const hit = { id, deleted: d === 1 }
        byName.set(`${name}|${c ?? ''}`, hit)
        // Sheets without the village column match by name alone, when the name is unambiguous.
        byName.set(`${name}|*`, byName.has(`${name}|*`) ? 'many' : hit)
      }
      let near: Prep['near'] = null
      if (opts.nearNames) {
        const codes = new Map<number, unknown[]>()
        const known = (
          ctx.db
            .prepare(
              `SELECT t.id, t.${nameField.column}, ${ctxSql}, t.deleted_at IS NOT NULL${uniqueFields.map((f) => `, t.${f.column}`).join('')} FROM ${spec.table} t`,
            )
            .raw()
            .all() as [number, string, string | null, number, ...unknown[]][]
        ).map(([id, name, c, d, ...rest]) => {
          codes.set(id, rest)
          return { id, name, village: c ?? '', deleted: d === 1 }
        })
        near = { index: new EnterpriseIndex(known), codes }
      }
      const lookups = new Map<string, Map<string, number>>()
      for (const f of refs) {
        const t = f.ref!.table
        if (lookups.has(t)) continue
        const where = LEDGER_REF_TABLES.includes(t) ? 'WHERE deleted_at IS NULL' : ''
        lookups.set(
          t,
          new Map(ctx.db.prepare(`SELECT name, id FROM ${t} ${where}`).raw().all() as [string, number][]),
        )
      }
      return {
        unique,
        byName,
        near,
        lookups,
        existing: ctx.db.prepare(`${repo.select} WHERE t.id = ?`),
        hook: hooks.prepare?.(ctx),
        children: childSpec
          ? {
              unique: new Map(
                childUnique.map((f) => {
                  const m = new Map<unknown, Hit & { parentId: number; parentDeleted: boolean }>()
                  const linkColumn = (childSpec.fields as FieldSpec[]).find((x) => x.key === link)!.column
                  for (const [id, v, d, parentId, pd] of ctx.db
                    .prepare(
                      `SELECT c.id, c.${f.column}, c.deleted_at IS NOT NULL, c.${linkColumn}, p.deleted_at IS NOT NULL
                       FROM ${childSpec.table} c JOIN ${spec.table} p ON p.id = c.${linkColumn} WHERE c.${f.column} IS NOT NULL`,
                    )
                    .raw()
                    .all() as [number, unknown, number, number, number][])
                    m.set(v, { id, deleted: d === 1, parentId, parentDeleted: pd === 1 })
                  return [f.key, m]
                }),
              ),
              existing: ctx.db.prepare(`${childRepo!.select} WHERE t.id = ?`),
            }
          : null,
      }
    },

    planRow(prep, values, row, env) {
      const patch: Row = {}
      const refNames: Record<string, string | null> = {}
      // Fields the file has no column for take the value the clerk gave for all rows.
      // (a loop over the keys: most imports give no values for all rows)
      for (const k in env.defaults) {
        const text = env.defaults[k] as string
        const f = byKey.get(k)
        if (!f || k in values || text.trim() === '') continue
        if (f.kind === 'ref') {
          // 所属村 is filled for new records only (below); other links take the value for all rows.
          if (f.identifying || !f.ref!.createMissing) continue
          refNames[k] = text.trim()
          patch[k] = prep.lookups.get(f.ref!.table)?.get(text.trim()) ?? null
          continue
        }
        const r = KINDS[f.kind].clean(text, f, { year: env.year })
        if (r.ok) patch[k] = r.value
      }
      for (const f of fields) {
        if (f.kind === 'flags') {
          const cols = optionKeys.get(f.key) ?? []
          let given = f.key in values
          for (let i = 0; !given && i < cols.length; i++) given = (cols[i] as { key: string }).key in values
          if (!given) continue
          const listed = (values[f.key] as string[] | null | undefined) ?? []
          // (in the options' order; a column the sheet lacks holds no value, so adds nothing)
          const chosen: string[] = []
          for (const o of cols) if (values[o.key] === true || listed.includes(o.value)) chosen.push(o.value)
          patch[f.key] = chosen
          continue
        }
        if (!(f.key in values) || f.system) continue
        if (f.kind === 'ref') {
          const name = (values[f.key] as string | null) ?? null
          // An empty cell of a link a record needs (所属村) is filled below for new records only.
          if (name === null && f.identifying) continue
          const lookup = prep.lookups.get(f.ref!.table)
          let known = name === null ? null : (lookup?.get(name) ?? null)
          // "青禾镇东湖村" or "东湖" for the known 东湖村: the same village, not a new one.
          const near =
            name !== null && known === null && f.ref!.table === 'villages' ? nearName(lookup, name) : null
          if (near && name !== null) {
            row.warn(f.key, `${f.label}“${name}”按已有的“${near}”登记，请核对`)
            known = lookup?.get(near) ?? null
            refNames[f.key] = near
          } else refNames[f.key] = name
          if (name !== null && known === null && !f.ref!.createMissing) {
            row.issue(f.key, `${f.label}“${name}”不在列表中，请核对名称，或先登记后再导入`)
            return { input: null, key: null, existing: null, keyLabel: '' }
          }
          patch[f.key] = known
          continue
        }
        patch[f.key] = values[f.key]
      }
      // A name written with its numbers ("王建国 13608865162") fills its own field when the sheet
      // gives none for it.
      for (const [k, name] of Object.entries(env.found ?? {})) {
        const pf = byKey.get(k)
        if (!pf || (values[k] !== undefined && values[k] !== null)) continue
        const c = KINDS[pf.kind].clean(name, pf, { year: env.year })
        if (c.ok) patch[k] = c.value
      }
      // The row's child record (a licence): its cells, and the stored one its identity finds.
      let child: ChildPlan | undefined
      let childKey: { key: string; label: string } | null = null
      let childHit: (Hit & { parentId: number; parentDeleted: boolean }) | undefined
      if (prep.children) {
        const cp: Row = {}
        for (const f of childFields) if (f.key in values) cp[f.key] = values[f.key]
        for (const f of childUnique) {
          const v = cp[f.key]
          if (isEmptyValue(v)) continue
          childKey = { key: `${childSpec!.key}.${f.key}:${String(v)}`, label: identityLabel(f) }
          childHit = prep.children.unique.get(f.key)?.get(v)
          break
        }
        if (childHit?.deleted) {
          row.issue(childUnique[0]!.key, `该${childSpec!.label}在回收站中。请先在回收站恢复，再重新导入`)
          return { input: null, key: null, existing: null, keyLabel: '' }
        }
        // (without its identity a row holds no child: nothing to find it by or to add)
        if (childKey) child = { patch: cp, id: childHit?.id ?? null, parentId: childHit?.parentId ?? null }
      }
      // The ledger's own rules, which may also say which record the row is.
      // (most ledgers have no rules of their own: nothing kept for a writer)
      const extra: Row | null = hooks.planRow ? {} : null
      const own = extra ? hooks.planRow?.(prep.hook, { values, patch, extra, row, env, child }) : undefined
      if (own === null) return { input: null, key: null, existing: null, keyLabel: '' }
      // Identity: the found child's record, else a unique code, else the name (with its village
      // when the sheet has one).
      let hit: Hit | 'many' | undefined = childHit
        ? { id: childHit.parentId, deleted: childHit.parentDeleted }
        : own?.id
          ? { id: own.id, deleted: Boolean(own.deleted) }
          : undefined
      let key: string | null = own?.key ?? null
      let keyLabel = own?.keyLabel ?? ''
      for (const f of own || childHit ? [] : uniqueFields) {
        const v = patch[f.key]
        if (isEmptyValue(v)) continue
        key = `${f.key}:${String(v)}`
        keyLabel = identityLabel(f)
        hit = prep.unique.get(f.key)?.get(v)
        break
      }
      const name = patch[nameField.key] as string | null | undefined
      if (key === null && !own && !childHit) {
        if (!name) {
          row.issue(nameField.key, `${nameField.label}为空，请填写`)
          return { input: null, key: null, existing: null, keyLabel: '' }
        }
        const c = ctxRef && refNames[ctxRef.key] ? refNames[ctxRef.key] : '*'
        key = `name:${name}|${c}`
        keyLabel = ctxRef ? `${nameField.label}和${ctxRef.label}相同` : identityLabel(nameField)
        hit = prep.byName.get(`${name}|${c}`)
        if (hit === 'many') {
          row.issue(
            nameField.key,
            `有多家同名的${spec.label}，表中没有${ctxRef?.label ?? '可区分的列'}，无法确定是哪一家，请增加该列`,
          )
          return { input: null, key: null, existing: null, keyLabel: '' }
        }
      }
      // In the file, a row with a child is that child (an outlet's two licences are two rows).
      const recordKey = key ?? ''
      if (childKey) {
        key = childKey.key
        keyLabel = childKey.label
      }
      if (!hit && prep.near && name) {
        // Not in the roster under this name: one written another way (（）/(), 有限公司/厂 …)
        // whose codes do not differ is offered instead of a second record (the clerk decides).
        const village = ctxRef ? (refNames[ctxRef.key] ?? null) : null
        const mine = uniqueFields.map((f) => patch[f.key] ?? null)
        const cands = prep.near.index
          .near(name, village)
          .filter((e) =>
            (prep.near?.codes.get(e.id) ?? []).every(
              (c, i) => c === null || mine[i] === null || c === mine[i],
            ),
          )
        const e = cands.length === 1 ? cands[0] : undefined
        if (e && env.nearEnterprise(name, e)) {
          row.warn(
            nameField.key,
            `${spec.title}中没有“${name}”，按相近名称更新“${e.name}”（名称不改），请核对`,
          )
          hit = { id: e.id, deleted: false }
          delete patch[nameField.key]
        }
      }
      if (hit?.deleted) {
        row.issue(nameField.key, `该${spec.label}在回收站中。请先在回收站恢复，再重新导入`)
        return { input: null, key: null, existing: null, keyLabel: '' }
      }
      if (!hit) {
        // A new record needs its name; a link it cannot exist without (所属村) comes from the
        // cell, else from the address when it names a known village, else the clerk's value for
        // all rows, else 待补充 (listed for completion).
        for (const f of refs) {
          if (!f.identifying || refNames[f.key]) continue
          const table = f.ref!.table
          const address = addressField ? (patch[addressField.key] as string | null | undefined) : null
          const guess = address ? guessName(prep.lookups.get(table), address) : null
          // else the group heading, the sheet's name or its title when it names one (a ledger kept per village)
          let framed: { why: string; text: string; name: string } | null = null
          if (!guess && table === 'villages')
            for (const c of env.context ?? []) {
              const name = contextName(prep.lookups.get(table), c.text, c.why)
              if (name) {
                framed = { ...c, name }
                break
              }
            }
          const given = env.defaults[f.key]?.trim() || null
          const chosen = guess ?? framed?.name ?? given ?? (f.ref!.createMissing ? TO_COMPLETE : null)
          if (!chosen) continue
          refNames[f.key] = chosen
          patch[f.key] = prep.lookups.get(table)?.get(chosen) ?? null
          // (reported on the address cell the guess was read from)
          if (guess || framed) {
            if (guess)
              row.warn(addressField?.key ?? f.key, `${f.label}按地址“${address}”推断为“${guess}”，请核对`)
            else if (framed)
              row.notice(
                `没有${f.label}的新${spec.label}按${framed.why}“${framed.text}”记在“${framed.name}”下，请核对`,
              )
            // Marked on the record (推测 in the list) until a clerk confirms it.
            const mark = fields.find((g) => g.guessOf === f.key)
            if (mark) patch[mark.key] = true
          } else if (!given)
            row.notice(
              `没有${f.label}的新${spec.label}记在“${TO_COMPLETE}”下，请在${spec.title}中补充（也可在导入时为所有行指定一个${f.label}）`,
            )
        }
        for (const f of needed)
          if (
            isEmptyValue(patch[f.key]) &&
            !(f.kind === 'ref' && refNames[f.key]) &&
            !hooks.sets?.includes(f.key)
          ) {
            row.issue(
              f.key in values || f.key in refNames ? f.key : null,
              f.key in values || f.key in refNames
                ? `${f.label}为空，请填写`
                : `表中没有“${f.label}”列，新${spec.label}无法登记：请在表中增加该列，或在预览中逐行填写`,
            )
            return { input: null, key: null, existing: null, keyLabel: '' }
          }
      }
      // Text of cells that could not be read is kept in 备注, once.
      if (env.keep.length && notesField) {
        const base =
          (notesField.key in patch
            ? (patch[notesField.key] as string | null)
            : hit
              ? ((stored(prep, hit.id)[notesField.key] as string | null) ?? null)
              : null) ?? ''
        const add = env.keep.filter((k) => !base.includes(k))
        if (add.length) patch[notesField.key] = [base, ...add].filter(Boolean).join('；')
      }
      let same = false
      if (hit) {
        const cur = stored(prep, hit.id)
        same = Object.entries(patch).every(([k, v]) => {
          const f = byKey.get(k) as FieldSpec
          if (f.kind === 'ref' && v === null && refNames[k]) return cur[f.ref!.as] === refNames[k]
          return JSON.stringify(cur[k] ?? null) === JSON.stringify(v ?? null)
        })
        // A file naming the village of a record whose village was guessed confirms the guess.
        if (same && fields.some((g) => g.guessOf && g.guessOf in patch && cur[g.key] === true)) same = false
        // A new child (a renewal) changes the record; a stored one as it was does not.
        if (same && child) {
          const c =
            child.id === null
              ? null
              : (childRepo!.fromRow(prep.children!.existing.get(child.id) as Row) as Row)
          same =
            c !== null &&
            Object.entries(child.patch).every(
              ([k, v]) => JSON.stringify(c[k] ?? null) === JSON.stringify(v ?? null),
            )
        }
      }
      const input: KitRow = extra ? { patch, refNames, extra } : { patch, refNames }
      if (child) input.child = { patch: child.patch, id: child.id, recordKey }
      return {
        input,
        key,
        keyLabel,
        existing: hit ? { id: hit.id, deleted: false, same } : null,
      }
    },

    write(ctx, work: Work<KitRow>[], batch, onProgress) {
      const created: Record<string, string[]> = {}
      const resolvers = new Map<string, (name: string) => number>()
      for (const f of refs) {
        const t = f.ref!.table
        if (resolvers.has(t) || LEDGER_REF_TABLES.includes(t)) continue
        const map = new Map(ctx.db.prepare(`SELECT name, id FROM ${t}`).raw().all() as [string, number][])
        let order = ctx.db.prepare(`SELECT coalesce(max(sort_order), 0) FROM ${t}`).pluck().get() as number
        const ins = ctx.db.prepare(`INSERT INTO ${t}(name, sort_order, created_at) VALUES (?, ?, ?)`)
        const list = (created[t === 'villages' ? '村（社区）' : '行业'] = [] as string[])
        resolvers.set(t, (name) => {
          let id = map.get(name)
          if (id === undefined) {
            id = Number(ins.run(name, ++order, batch.now).lastInsertRowid)
            map.set(name, id)
            list.push(name)
          }
          return id
        })
      }
      // (the trigram index and the short-query index alike)
      const bulk =
        work.length >= BULK_THRESHOLD
          ? [spec.fts, repo.searchIndex].flatMap((fts) => {
              const b = fts ? bulkIndexSql(ctx, spec.table, fts) : null
              return b ? [{ ...b, fts: fts as string }] : []
            })
          : []
      for (const b of bulk) for (const sql of b.drop) ctx.db.exec(sql)
      // A load that at least doubles the table (a first import) builds the table's plain indexes
      // (the list's sorts, lookups) once after its rows instead of row by row: several times less
      // work. Unique indexes stay, so a duplicate code is still refused. Inside the transaction, so
      // a failed import leaves them as they were.
      const inserts = work.filter((w) => w.status === 'insert').length
      const rebuilt =
        inserts >= BULK_THRESHOLD &&
        inserts >= (ctx.db.prepare(`SELECT count(*) FROM ${spec.table}`).pluck().get() as number)
          ? (ctx.db
              .prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
              )
              .all(spec.table) as { name: string; sql: string }[])
          : []
      for (const i of rebuilt) ctx.db.exec(`DROP INDEX ${i.name}`)
      const statements = new Map<string, Statement>()
      const stmt = (sql: string) => {
        let s = statements.get(sql)
        if (!s) statements.set(sql, (s = ctx.db.prepare(sql)))
        return s
      }
      const before = ctx.db.prepare(`SELECT * FROM ${spec.table} WHERE id = ?`)
      const item = ctx.db.prepare(
        'INSERT INTO import_batch_items(batch_id, record_id, action, before, after_version) VALUES (?, ?, ?, ?, ?)',
      )
      const history = ctx.db.prepare(
        `INSERT INTO ${spec.history.table}(${spec.history.fk}, at, action, changes) VALUES (?, ?, 'import', ?)`,
      )
      const own = hooks.writer?.(ctx, batch)
      // New records: every field has a value (its default or empty unless the file gave one), so
      // one statement with the columns in a fixed order serves every row.
      const blank: Row = {}
      for (const f of fields) blank[f.key] = f.default ?? KINDS[f.kind].empty(f)
      const encoder = repo.rowEncoder()
      const insert = ctx.db.prepare(
        `INSERT INTO ${spec.table}(${encoder.columns.join(',')}, created_at, updated_at) VALUES (${encoder.columns.map(() => '?').join(',')}, ?, ?)`,
      )
      // The ids of new records, recorded as batch items in one statement after the loop.
      const newIds: number[] = []
      const marker = (w: Work<KitRow>) => ({
        field: '_batch',
        label: '导入批次',
        before: null,
        after: `${batch.id}（${batch.fileName} 第${w.row}行）`,
      })
      const changeList = (
        r: Repo<LedgerSpec>,
        fieldOf: Map<string, FieldSpec>,
        prev: Row,
        next: Row,
        keys: string[],
      ) =>
        keys.map((k) => {
          const f = fieldOf.get(k) as FieldSpec
          return {
            field: k,
            label: f.label,
            before: prev[k] ?? null,
            after: next[k] ?? null,
            beforeText: r.text(ctx, f, prev[k] ?? null),
            afterText: r.text(ctx, f, next[k] ?? null),
          }
        })
      // A row's child: added under the record, or the stored one updated in the columns the file
      // has; what undo needs is returned for the record's batch item (null: nothing changed).
      const childFieldOf = new Map(((childSpec?.fields ?? []) as FieldSpec[]).map((f) => [f.key, f]))
      const writeChild = (w: Work<KitRow>, parentId: number): ChildUndo | null => {
        const c = w.input.child!
        const cr = childRepo as Repo<LedgerSpec>
        const cs = childSpec as LedgerSpec
        const childHistory = stmt(
          `INSERT INTO ${cs.history.table}(${cs.history.fk}, at, action, changes) VALUES (?, ?, 'import', ?)`,
        )
        if (c.id === null) {
          const full: Row = {}
          for (const f of cs.fields as FieldSpec[]) full[f.key] = f.default ?? KINDS[f.kind].empty(f)
          Object.assign(full, c.patch, { [link as string]: parentId })
          const cols = cr.toDb(cr.withDerived(full, full))
          const names = Object.keys(cols)
          const id = Number(
            stmt(
              `INSERT INTO ${cs.table}(${names.join(',')}, created_at, updated_at) VALUES (${names.map(() => '?').join(',')}, ?, ?)`,
            ).run(...names.map((n) => cols[n]), batch.now, batch.now).lastInsertRowid,
          )
          childHistory.run(id, batch.now, JSON.stringify([marker(w)]))
          return { id, before: null, version: 1 }
        }
        const prevRow = stmt(`SELECT * FROM ${cs.table} WHERE id = ?`).get(c.id) as Row
        const prev = cr.fromRow(stmt(`${cr.select} WHERE t.id = ?`).get(c.id) as Row) as Row
        const merged = cr.withDerived({ ...prev, ...c.patch }, c.patch)
        const keys = Object.keys(c.patch).filter(
          (k) => JSON.stringify(prev[k] ?? null) !== JSON.stringify(merged[k] ?? null),
        )
        if (!keys.length) return null
        const cols = cr.toDb(Object.fromEntries(keys.map((k) => [k, merged[k]])))
        const names = Object.keys(cols)
        const { version } = stmt(
          `UPDATE ${cs.table} SET ${names.map((n) => `${n} = ?, `).join('')}version = version + 1, updated_at = ? WHERE id = ? RETURNING version`,
        ).get(...names.map((n) => cols[n]), batch.now, c.id) as { version: number }
        childHistory.run(
          c.id,
          batch.now,
          JSON.stringify([marker(w), ...changeList(cr, childFieldOf, prev, merged, keys)]),
        )
        return { id: c.id, before: prevRow, version }
      }
      // With a child, a record's rows (an outlet's licences) share its one batch item, written
      // after the loop; a new record's later rows in the file add their children to it.
      const items = new Map<
        number,
        { action: 'insert' | 'update'; before: Row | null; version: number; kids: ChildUndo[] }
      >()
      const addedByKey = new Map<string, number>()
      const itemOf = (id: number, action: 'insert' | 'update', kid: ChildUndo | null, version: number) => {
        const it = items.get(id) ?? { action, before: null, version, kids: [] }
        items.set(id, it)
        it.version = version
        if (kid) it.kids.push(kid)
        return it
      }
      let insertedWithChild = 0
      let done = 0
      for (const w of work) {
        // (a new record's later row in the file adds its child to it)
        const again =
          w.input.child && w.status === 'insert' ? addedByKey.get(w.input.child.recordKey) : undefined
        const isNew = w.status === 'insert' && again === undefined
        // (a new record is the whole record from the start: one copy per row, not two)
        const patch: Row = isNew ? { ...blank, ...w.input.patch } : { ...w.input.patch }
        for (const f of refs) {
          const name = w.input.refNames[f.key]
          if (patch[f.key] === null && name) patch[f.key] = resolvers.get(f.ref!.table)?.(name) ?? null
        }
        own?.before?.(w, patch)
        if (isNew) {
          const values = encoder.encode(repo.withDerived(patch, patch))
          values.push(batch.now, batch.now)
          const id = Number(insert.run(values).lastInsertRowid)
          if (w.input.child) {
            if (w.input.child.recordKey) addedByKey.set(w.input.child.recordKey, id)
            itemOf(id, 'insert', writeChild(w, id), 1)
            insertedWithChild++
          } else newIds.push(id)
          own?.after?.(w, id, null)
        } else {
          const id = again ?? (w.existingId as number)
          if (again !== undefined) insertedWithChild++
          const prevRow = before.get(id) as Row
          const prev = repo.fromRow(prevRow) as Row
          const merged = repo.withDerived({ ...prev, ...patch }, patch)
          const changedKeys = Object.keys(merged).filter(
            (k) => JSON.stringify(prev[k] ?? null) !== JSON.stringify(merged[k] ?? null),
          )
          const kid = w.input.child ? writeChild(w, id) : null
          if (w.input.child && changedKeys.length === 0) {
            // Only the child changed (a renewal): the record itself stays as it was.
            itemOf(id, 'update', kid, prevRow.version as number)
          } else {
            const cols = repo.toDb(Object.fromEntries(changedKeys.map((k) => [k, merged[k]])))
            const names = Object.keys(cols)
            const { version } = stmt(
              `UPDATE ${spec.table} SET ${names.map((n) => `${n} = ?, `).join('')}version = version + 1, updated_at = ? WHERE id = ? RETURNING version`,
            ).get(...names.map((n) => cols[n]), batch.now, id) as { version: number }
            if (w.input.child) {
              const it = itemOf(id, 'update', kid, version)
              it.before ??= prevRow
            } else item.run(batch.id, id, 'update', JSON.stringify(prevRow), version)
            history.run(
              id,
              batch.now,
              JSON.stringify([
                marker(w),
                ...changeList(repo as Repo<LedgerSpec>, byKey, prev, merged, changedKeys),
              ]),
            )
          }
          own?.after?.(w, id, prevRow)
        }
        if (++done % 5000 === 0) onProgress?.(done, work.length)
      }
      for (const [id, it] of items)
        item.run(
          batch.id,
          id,
          it.action,
          JSON.stringify(
            it.action === 'update' && it.before
              ? { ...it.before, [CHILDREN]: it.kids }
              : { [CHILDREN]: it.kids },
          ),
          it.version,
        )
      // An insert's history entry is its batch item (see the repository's history).
      if (newIds.length)
        ctx.db
          .prepare(
            "INSERT INTO import_batch_items(batch_id, record_id, action, before, after_version) SELECT ?, value, 'insert', NULL, 1 FROM json_each(?)",
          )
          .run(batch.id, JSON.stringify(newIds))
      const inserted = newIds.length + insertedWithChild
      for (const { fts, index, restore } of bulk) {
        // FTS triggers firing per row make a 100k-row load several times slower: they were dropped
        // inside this transaction; the batch items are exactly the touched records, indexed here.
        ctx.db
          .prepare(
            `DELETE FROM ${fts} WHERE rowid IN (SELECT record_id FROM import_batch_items WHERE batch_id = ? AND action = 'update')`,
          )
          .run(batch.id)
        ctx.db.exec(`INSERT INTO ${fts}(${fts}, rank) VALUES ('automerge', 0)`)
        ctx.db.exec(`INSERT INTO ${fts}(${fts}, rank) VALUES ('crisismerge', 64)`)
        // (the short-query index leaves out records in the 回收站)
        ctx.db.prepare(fts === repo.searchIndex ? `${index} AND new.deleted_at IS NULL` : index).run(batch.id)
        ctx.db.exec(`INSERT INTO ${fts}(${fts}, rank) VALUES ('automerge', 4)`)
        ctx.db.exec(`INSERT INTO ${fts}(${fts}, rank) VALUES ('crisismerge', 16)`)
        for (const sql of restore) ctx.db.exec(sql)
      }
      for (const i of rebuilt) ctx.db.exec(i.sql)
      own?.done?.()
      return { inserted, updated: work.length - inserted, created: { ...created, ...own?.created?.() } }
    },

    undoItem(ctx, it, batchId, now) {
      // (the record's row before the undo, for the ledger's hook: an insert's is gone after it)
      const was = hooks.undone
        ? (ctx.db.prepare(`SELECT * FROM ${spec.table} WHERE id = ?`).get(it.recordId) as Row | undefined)
        : undefined
      const data = it.before === null ? null : (JSON.parse(it.before) as Row)
      const kids = (data?.[CHILDREN] as ChildUndo[] | undefined) ?? []
      if (kids.length) {
        // The row's child first: refused when edited since, else removed or put back as it was.
        const cs = childSpec as LedgerSpec
        const nameColumn = (cs.fields as FieldSpec[]).find((f) => f.key === cs.nameField)!.column
        const cur = ctx.db.prepare(`SELECT version, ${nameColumn} AS name FROM ${cs.table} WHERE id = ?`)
        for (const k of kids) {
          const c = cur.get(k.id) as { version: number; name: string } | undefined
          if (c && c.version !== k.version)
            throw new AppError(
              'CONFLICT',
              `${cs.label} ${c.name} 在导入后又被修改过，为避免丢失这些修改，不能整批撤销。`,
            )
        }
        for (const k of kids) {
          if (!k.before) {
            ctx.db.prepare(`DELETE FROM ${cs.table} WHERE id = ?`).run(k.id)
            continue
          }
          const cols = Object.keys(k.before).filter((c) => c !== 'id' && c !== 'version')
          ctx.db
            .prepare(
              `UPDATE ${cs.table} SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1 WHERE id = @id`,
            )
            .run({ ...k.before, id: k.id })
          ctx.db
            .prepare(
              `INSERT INTO ${cs.history.table}(${cs.history.fk}, at, action, changes) VALUES (?, ?, 'update', ?)`,
            )
            .run(
              k.id,
              now,
              JSON.stringify([{ field: '_batch', label: '撤销导入批次', before: batchId, after: null }]),
            )
        }
      }
      if (it.action === 'insert') {
        try {
          ctx.db.prepare(`DELETE FROM ${spec.table} WHERE id = ?`).run(it.recordId)
        } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw err
          if (hooks.undoBlocked) throw new AppError('CONFLICT', hooks.undoBlocked)
          const name = ctx.db
            .prepare(`SELECT ${nameField.column} FROM ${spec.table} WHERE id = ?`)
            .pluck()
            .get(it.recordId) as string
          throw new AppError(
            'CONFLICT',
            `“${name}”是这次导入新增的${spec.label}，之后已经有了关联的记录（检查、隐患或文书），不能整批撤销。如确需删除，请逐条移入回收站。`,
          )
        }
        if (was) hooks.undone?.(ctx, was, 'insert')
        return
      }
      const { [CHILDREN]: _kids, ...prev } = data as Row
      const cols = Object.keys(prev).filter((c) => c !== 'id' && c !== 'version' && c !== CHILDREN)
      // (a row that changed only its child left the record as it was)
      if (!cols.length) {
        if (was) hooks.undone?.(ctx, was, 'update')
        return
      }
      ctx.db
        .prepare(
          `UPDATE ${spec.table} SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1 WHERE id = @id`,
        )
        .run({ ...prev, id: it.recordId })
      ctx.db
        .prepare(
          `INSERT INTO ${spec.history.table}(${spec.history.fk}, at, action, changes) VALUES (?, ?, 'update', ?)`,
        )
        .run(
          it.recordId,
          now,
          JSON.stringify([{ field: '_batch', label: '撤销导入批次', before: batchId, after: null }]),
        )
      if (was) hooks.undone?.(ctx, was, 'update')
    },
  }
}

/**
 * Export columns: all fields (what it exports imports back), or the ones the clerk chose. With a
 * child ledger (an outlet's licence) its fields follow, as the importer reads them (no links, no
 * field the record has by the same key); the records then carry the child's values flattened.
 */
export function exportFields(
  spec: LedgerSpec,
  columns?: readonly string[],
  child?: LedgerSpec,
): { field: FieldSpec | null; cell: LedgerField }[] {
  const own = spec.fields as FieldSpec[]
  const all = [
    ...own,
    ...((child?.fields ?? []) as FieldSpec[]).filter(
      (f) => f.kind !== 'ref' && !f.system && !own.some((o) => o.key === f.key),
    ),
  ].filter((f) => !f.export?.hidden)
  const chosen = columns?.length
    ? columns.map((k) => all.find((f) => f.key === k)).filter((f): f is FieldSpec => Boolean(f))
    : all
  return [
    { field: null, cell: SEQ_FIELD },
    ...chosen.map((f) => ({
      field: f,
      cell: {
        key: f.key,
        label: f.label,
        synonyms: [],
        read: () => ({ ok: true as const, value: null }),
        width: f.export?.width ?? Math.max(8, Math.min(30, (f.max ?? 10) / 2)),
        kind: f.kind === 'flags' ? ('text' as const) : cellKind(f),
        required: Boolean(f.identifying),
        choices:
          f.kind === 'enum' ? (f.options ?? []).filter((o) => !o.legacy).map((o) => o.label) : undefined,
      },
    })),
  ]
}

type ExportCell = (rec: Row, seq: number) => unknown

/** How one column's cell is made from a record, decided once per export instead of per cell. */
function exportCell(f: FieldSpec | null, opts: { masked?: boolean }): ExportCell {
  if (!f) return (_rec, seq) => seq
  const key = f.key
  const k = KINDS[f.kind]
  const plain: ExportCell =
    f.kind === 'ref'
      ? (rec) => rec[f.ref!.as] ?? null
      : f.kind === 'date'
        ? (rec) => {
            const v = rec[key]
            if (typeof v !== 'string') return null
            const [y, m, d] = v.split('-').map(Number) as [number, number, number]
            return new Date(Date.UTC(y, m - 1, d))
          }
        : f.kind === 'yesNo'
          ? (rec) => (rec[key] ? '是' : null)
          : k.exportCell
            ? (rec) => k.exportCell!(rec[key], f)
            : (rec) => {
                const s = k.display(rec[key], f)
                return s === '' ? null : s
              }
  // 脱敏导出: sensitive fields (phones) as on screen, 138****5678 — for files that leave the office.
  if (!(opts.masked && f.sensitive)) return plain
  return (rec, seq) => {
    const v = rec[key]
    return typeof v === 'string' ? maskText(k.display(v, f)) || null : plain(rec, seq)
  }
}

/** Records as export cells (labels, not keys; dates as dates; codes as text), one row at a time. */
export function exportRows(
  cols: ReturnType<typeof exportFields>,
  opts: { masked?: boolean } = {},
): (rec: Row, seq: number) => unknown[] {
  const cells = cols.map(({ field }) => exportCell(field, opts))
  return (rec, seq) => {
    const out = new Array<unknown>(cells.length)
    for (let i = 0; i < cells.length; i++) out[i] = (cells[i] as ExportCell)(rec, seq)
    return out
  }
}

export type { Writable }
