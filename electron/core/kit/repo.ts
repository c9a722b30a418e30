import type { z } from 'zod'
import { writeAudit } from '../audit/audit'
import { chinaToday, isoNow, type Ctx } from '../context'
import { likeAnywhere, Where } from '../db/where'
import { AppError, notFound, validationError } from '../errors'
import { nameKey, nameSimilarity } from '../shared/validators'
import { KINDS } from '../shared/kit/kinds'
import type { SqlValue } from '../shared/kit/kinds/kind'
import { addDays } from '../shared/dates'
import {
  LEDGER_REF_TABLES,
  type ConditionSpec,
  type FieldSpec,
  type LedgerSpec,
  type LinkedFilterSpec,
  type PresetSpec,
  type RelativeDate,
} from '../shared/kit/spec'
import type { FieldIssue } from '../shared/kit/schema'
import type { RecordOf, ValuesOf } from '../shared/kit/schema'
import { gramTerm } from '../shared/kit/grams'

// The repository every ledger gets from its spec: server paging, sorting, filters and search;
// get; create; patch updates that write only the fields sent; soft delete (回收站) and restore;
// per-record history of changed fields; duplicate checks. Domain rules plug in as hooks.

export type { FieldFilter, ListQuery, Change, HistoryEntry, SimilarRecord } from '../shared/kit/types'
import type { Change, HistoryEntry, ListQuery, SimilarRecord } from '../shared/kit/types'

export interface LedgerHooks<S extends LedgerSpec> {
  /** Derives values from others before a write (e.g. the year from a date); gets the merged record. */
  derive?: (values: ValuesOf<S>, patch: Partial<ValuesOf<S>>) => Partial<ValuesOf<S>>
  /** Rules across fields or records (e.g. a validity span), checked on the merged record before a
   * form's create or update; each problem refuses the write with its field's message. */
  check?: (ctx: Ctx, values: ValuesOf<S>, exceptId: number | null) => FieldIssue[]
  /** Runs inside the write's transaction after a record is created, changed, deleted or restored
   * (e.g. recomputing what depends on it); `before` is null for a new record. */
  afterWrite?: (ctx: Ctx, after: RecordOf<S>, before: RecordOf<S> | null) => void
  /** Refuses moving a record to the 回收站 (throw an AppError saying why), inside the transaction. */
  beforeDelete?: (ctx: Ctx, record: RecordOf<S>) => void
  /** Refuses taking a record out of the 回收站 (its place is taken by now), inside the transaction. */
  beforeRestore?: (ctx: Ctx, record: RecordOf<S>) => void
  /** What a ledger's list adds beyond its spec (烟花爆竹: each outlet's current licence). */
  list?: ListHooks<S>
}

/**
 * A list's named filters, by name: each a filter the spec cannot state statically (a date from the
 * lunar calendar, a standing computed from child records) — the rule its value is checked by at the
 * handler, the condition it adds on the ledger's table (aliased `t`, see `idsIn`; `value` is what
 * the rule gave), and how a filtered export is named.
 */
export type ListFilters = Record<
  string,
  {
    value: z.ZodType
    where: (ctx: Ctx, value: never, today: string) => [string, unknown[]]
    name: (ctx: Ctx, value: never) => string
  }
>

export interface ListHooks<S extends LedgerSpec> {
  /** Named filters a list query names in `extra`. */
  filters?: ListFilters
  /** Read-only values added to each row of a list page (and of an export), derived from others. */
  rows?: (ctx: Ctx, rows: RecordOf<S>[]) => RecordOf<S>[]
  /** The records a search word also finds beyond the searchable fields (a child's number). */
  search?: (ctx: Ctx, word: string) => number[]
  /**
   * Sorts by a derived value (an outlet's current licence's 有效期止): the value of each of these
   * records. The list is put in order in code — empty values last, the name breaking ties — so a
   * derived sort suits ledgers of hundreds of records, not 100,000.
   */
  sorts?: Record<string, (ctx: Ctx, ids: number[]) => Map<number, string | number | null>>
}

/** A condition for a list hook: the record is one of these (any number of them, one parameter). */
export function idsIn(ids: Iterable<number>): [string, unknown[]] {
  return [`${A}.id IN (SELECT value FROM json_each(?))`, [JSON.stringify([...ids])]]
}

/** What a list query's relative dates and settings are read against. */
interface Env {
  ctx: Ctx
  today: string
}

const COMPARE = { eq: '=', lt: '<', le: '<=', gt: '>', ge: '>=' } as const

type Row = Record<string, unknown>
const A = 't'

function q(id: string): string {
  return `"${id.replace(/"/g, '""')}"`
}

function refSortExpr(f: FieldSpec): string {
  const j = `j_${f.key}`
  return f.ref && LEDGER_REF_TABLES.includes(f.ref.table) ? `${j}.name_py` : `${j}.sort_order`
}

export function createRepo<S extends LedgerSpec>(spec: S, hooks: LedgerHooks<S> = {}) {
  const fields = spec.fields as readonly FieldSpec[]
  const byKey = new Map(fields.map((f) => [f.key, f]))
  const refs = fields.filter((f) => f.kind === 'ref')
  const searchable = fields.filter((f) => f.searchable)
  const guessFields = fields.filter((f) => f.guessOf)
  const label = spec.label
  const nameField = byKey.get(spec.nameField) as FieldSpec
  const uniqueFields = spec.identity.map((k) => byKey.get(k) as FieldSpec).filter((f) => f !== nameField)
  const presets = (spec.presets ?? []) as PresetSpec[]
  const listFilters = hooks.list?.filters ?? {}
  const listSorts = hooks.list?.sorts ?? {}
  const presetOf = new Map(presets.map((p) => [p.key, p]))
  const linked = (spec.linkedFilters ?? []) as LinkedFilterSpec[]
  const linkedOf = new Map(linked.map((l) => [l.key, l]))
  /** The linked records' value, e.g. the hazard's enterprise's or outlet's village. */
  const linkedValue = (l: LinkedFilterSpec) =>
    `coalesce(${l.via
      .map((v) => {
        const f = byKey.get(v.field) as FieldSpec
        return `(SELECT ${v.column} FROM ${f.ref!.table} WHERE id = ${A}.${f.column})`
      })
      .join(', ')}, NULL)`
  const linkedCols = linked
    .filter((l) => l.list)
    .map((l) => `, (SELECT name FROM ${l.ref} WHERE id = ${linkedValue(l)}) AS ${q(l.list!.as)}`)
    .join('')

  // The text a search word is looked for in: each searchable field's columns, a pinyin sort key by
  // its readable part (full pinyin and initials, after the rank digits; see pinyin.ts).
  const searchColumns = searchable
    .filter((f) => f.kind !== 'ref')
    .flatMap((f) =>
      KINDS[f.kind].columns(f).map((cd) => ({
        name: cd.name,
        expr: (a: string) =>
          f.pinyin && cd.name.endsWith('_py')
            ? `substr(${a}.${cd.name}, instr(${a}.${cd.name}, ' ') + 1)`
            : `${a}.${cd.name}`,
      })),
    )
  const searchRefs = searchable.filter((f) => f.kind === 'ref')
  /** The short-query index (shared/kit/grams.ts): terms of the searchable text of records not in the 回收站. */
  const grams = searchColumns.length ? `${spec.table}_grams` : null
  /** A one- or two-character word matching at most this many records is looked up in the index;
   * more, and the list is walked in its order testing each record (the first page comes early). */
  const SPARSE = 3000

  const selectCols = `SELECT ${A}.*${refs.map((f) => `, j_${f.key}.name AS ${q(f.ref!.as)}`).join('')}${linkedCols}`
  const joins = refs
    .map((f) => ` LEFT JOIN ${f.ref!.table} j_${f.key} ON j_${f.key}.id = ${A}.${f.column}`)
    .join('')
  const select = `${selectCols}
    FROM ${spec.table} ${A}${joins}`
  /** `select` reading the table in one pass: without statistics SQLite would walk one of the list's
   * partial indexes for `deleted_at IS NULL` and look each row up from it. */
  const selectAll = `${selectCols}
    FROM ${spec.table} ${A} NOT INDEXED${joins}`

  function fromRow(r: Row): RecordOf<S> {
    const out: Row = {}
    for (const f of fields) out[f.key] = KINDS[f.kind].fromDb(r, f)
    for (const f of refs) out[f.ref!.as] = (r[f.ref!.as] as string | null) ?? null
    for (const l of linked) if (l.list) out[l.list.as] = (r[l.list.as] as string | null) ?? null
    out.id = r.id
    out.version = r.version
    out.createdAt = r.created_at
    out.updatedAt = r.updated_at
    out.deletedAt = r.deleted_at ?? null
    return out as RecordOf<S>
  }

  function toDb(values: Row): Row {
    const out: Row = {}
    for (const [k, v] of Object.entries(values)) {
      const f = byKey.get(k)
      if (f) Object.assign(out, KINDS[f.kind].toDb(v, f))
    }
    return out
  }

  /**
   * The stored columns of every field in one fixed order, and the values of a whole record
   * (every field present) for them: what `toDb` gives, positionally and without building a
   * record of columns per row (a bulk import encodes 100,000 rows with it).
   */
  function rowEncoder(): { columns: string[]; encode(values: Row): SqlValue[] } {
    const parts = fields.map((f) => ({
      f,
      key: f.key,
      kind: KINDS[f.kind],
      encode: KINDS[f.kind].encode,
      cols: KINDS[f.kind].columns(f).map((c) => c.name),
    }))
    const columns = parts.flatMap((p) => p.cols)
    return {
      columns,
      encode(values) {
        const out = new Array<SqlValue>(columns.length)
        let i = 0
        for (const p of parts) {
          if (p.encode) {
            p.encode(values[p.key], p.f, out, i)
            i += p.cols.length
            continue
          }
          const db = p.kind.toDb(values[p.key], p.f)
          for (const c of p.cols) out[i++] = db[c] ?? null
        }
        return out
      },
    }
  }

  function sortExpr(key: string): string {
    if (key === 'updatedAt') return `${A}.updated_at`
    if (key === 'createdAt') return `${A}.created_at`
    const f = byKey.get(key)
    if (!f) throw new AppError('VALIDATION', `不能按“${key}”排序`)
    return f.kind === 'ref' ? refSortExpr(f) : KINDS[f.kind].sortExpr(A, f)
  }

  const env = (ctx: Ctx): Env => ({ ctx, today: chinaToday(ctx) })

  /** Days the office keeps in settings (the 复查 period …), or the spec's default while unset. */
  function settingDays(ctx: Ctx, s: NonNullable<RelativeDate['setting']>): number {
    const raw = ctx.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(s.key) as
      string | undefined
    const n = Number(raw)
    return raw !== undefined &&
      raw !== null &&
      raw.trim() !== '' &&
      Number.isInteger(n) &&
      n >= 0 &&
      n <= 3660
      ? n
      : s.default
  }

  function conditionValue(e: Env, v: unknown): unknown {
    if (typeof v === 'boolean') return v ? 1 : 0
    if (v !== null && typeof v === 'object') {
      const d = v as RelativeDate
      const day = addDays(e.today, d.today)
      return d.setting ? addDays(day, d.setting.sign * settingDays(e.ctx, d.setting)) : day
    }
    return v
  }

  /** One condition of a preset as SQL with bound parameters. */
  function condition(e: Env, c: ConditionSpec): [string, unknown[]] {
    const col = `${A}.${(byKey.get(c.field) as FieldSpec).column}`
    const list = () => (c.value as unknown[]).map((v) => conditionValue(e, v))
    const marks = (n: number) => Array.from({ length: n }, () => '?').join(',')
    switch (c.op) {
      case 'empty':
        return [`${col} IS NULL`, []]
      case 'filled':
        return [`${col} IS NOT NULL`, []]
      case 'in': {
        const vs = list()
        return [`${col} IN (${marks(vs.length)})`, vs]
      }
      case 'notIn': {
        const vs = list()
        return [`(${col} IS NULL OR ${col} NOT IN (${marks(vs.length)}))`, vs]
      }
      case 'ne':
        return [`(${col} IS NULL OR ${col} <> ?)`, [conditionValue(e, c.value)]]
      default:
        return [`${col} ${COMPARE[c.op]} ?`, [conditionValue(e, c.value)]]
    }
  }

  /** A named filter: every condition of one of its groups holds. */
  function presetSql(e: Env, key: string): [string, unknown[]] {
    const p = presetOf.get(key)
    if (!p) throw new AppError('VALIDATION', `${label}列表没有“${key}”这个筛选`)
    const params: unknown[] = []
    const groups = p.when.map((g) =>
      g
        .map((c) => {
          const [sql, ps] = condition(e, c)
          params.push(...ps)
          return sql
        })
        .join(' AND '),
    )
    return [`((${groups.join(') OR (')}))`, params]
  }

  /** Presets showing a computed value of this field (逾期未改 for a 待整改 past its deadline). */
  const shownBy = (f: FieldSpec | undefined) => (f ? presets.filter((p) => p.shows?.field === f.key) : [])

  /** The field's value as lists show it: the computed status where a preset applies, else stored. */
  function shownValue(e: Env, f: FieldSpec): [string, unknown[]] {
    const col = `${A}.${f.column}`
    const shown = shownBy(f)
    if (shown.length === 0) return [col, []]
    const params: unknown[] = []
    const whens = shown.map((p) => {
      const [sql, ps] = presetSql(e, p.key)
      params.push(...ps, p.shows!.value)
      return `WHEN ${sql} THEN ?`
    })
    return [`(CASE ${whens.join(' ')} ELSE ${col} END)`, params]
  }

  /** The ORDER BY of a list: the sort, then the name and the id; a rank sorts by its presets. */
  function orderBy(e: Env, sort: { field: string; order: 'asc' | 'desc' }): [string, unknown[]] {
    const dir = sort.order === 'desc' ? 'DESC' : 'ASC'
    const tail = `${KINDS[nameField.kind].sortExpr(A, nameField)} ${dir}, ${A}.id ${dir}`
    // (a derived value is sorted in code after this: see orderedIds)
    if (Object.hasOwn(listSorts, sort.field)) return [tail, []]
    const rank = spec.rank
    if (rank && sort.field === rank.key) {
      const params: unknown[] = []
      const whens = rank.presets.map((k, i) => {
        const [sql, ps] = presetSql(e, k)
        params.push(...ps)
        return `WHEN ${sql} THEN ${i}`
      })
      const then = `${sortExpr(rank.then.field)} ${rank.then.order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`
      return [`CASE ${whens.join(' ')} ELSE ${whens.length} END ${dir}, ${then}, ${tail}`, params]
    }
    const f = byKey.get(sort.field)
    if (f && shownBy(f).length) {
      const [v, ps] = shownValue(e, f)
      const opts = (f.options ?? []).map((o, i) => `WHEN '${o.value.replace(/'/g, "''")}' THEN ${i}`)
      return [`CASE ${v} ${opts.join(' ')} END ${dir} NULLS LAST, ${tail}`, ps]
    }
    return [`${sortExpr(sort.field)} ${dir} NULLS LAST, ${tail}`, []]
  }

  /** Records of an `expires` field ended before today, or ending within its warnDays. */
  function expiry(w: Where, f: FieldSpec, state: 'expired' | 'expiring', today: string): void {
    const e = f.expires
    if (!e) throw new AppError('VALIDATION', `“${f.label}”没有到期提醒`)
    const c = `${A}.${f.column}`
    if (state === 'expired') w.add(`${c} < ?`, today)
    else w.add(`${c} >= ? AND ${c} <= ?`, today, addDays(today, e.warnDays))
    const per = e.latestPer ? byKey.get(e.latestPer) : undefined
    if (per?.column)
      w.add(
        `NOT EXISTS (SELECT 1 FROM ${spec.table} n WHERE n.${per.column} = ${A}.${per.column} AND n.deleted_at IS NULL AND n.${f.column} > ${c})`,
      )
    // a licence of an enterprise in the 回收站 reminds no one
    const parent = spec.parent ? byKey.get(spec.parent.field) : undefined
    if (parent?.ref && LEDGER_REF_TABLES.includes(parent.ref.table))
      w.add(
        `EXISTS (SELECT 1 FROM ${parent.ref.table} p WHERE p.id = ${A}.${parent.column} AND p.deleted_at IS NULL)`,
      )
  }

  function where(ctx: Ctx, qr: Omit<ListQuery, 'page' | 'pageSize' | 'sort'>, today: string): Where {
    const e: Env = { ctx, today }
    const w = new Where(qr.deleted ? `${A}.deleted_at IS NOT NULL` : `${A}.deleted_at IS NULL`).in(
      `${A}.id`,
      qr.ids,
    )
    for (const [key, flt] of Object.entries(qr.filters ?? {})) {
      if (!flt) continue
      const l = linkedOf.get(key)
      if (l) {
        const ids = flt.in ?? []
        if (ids.length)
          w.add(
            `(${l.via
              .map((v) => {
                const f = byKey.get(v.field) as FieldSpec
                return `${A}.${f.column} IN (SELECT id FROM ${f.ref!.table} WHERE ${v.column} IN (${ids.map(() => '?').join(',')}))`
              })
              .join(' OR ')})`,
            ...l.via.flatMap(() => ids),
          )
        continue
      }
      const f = byKey.get(key)
      if (!f) throw new AppError('VALIDATION', `不能按“${key}”筛选`)
      if (f.kind === 'flags') {
        const cols = new Map((f.options ?? []).map((o) => [o.value, o.column as string]))
        for (const v of flt.in ?? []) {
          const c = cols.get(String(v))
          if (c) w.add(`${A}.${c} = 1`)
        }
        if (flt.empty !== undefined)
          w.add(`(${[...cols.values()].map((c) => `${A}.${c}`).join(' + ')}) ${flt.empty ? '= 0' : '> 0'}`)
        continue
      }
      if (flt.expiry) expiry(w, f, flt.expiry, today)
      const c = `${A}.${f.column}`
      const conv = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)
      const [v, vp] = shownValue(e, f)
      if (flt.in?.length) w.add(`${v} IN (${flt.in.map(() => '?').join(',')})`, ...vp, ...flt.in.map(conv))
      if (flt.notIn?.length)
        w.add(
          `(${v} IS NULL OR ${v} NOT IN (${flt.notIn.map(() => '?').join(',')}))`,
          ...vp,
          ...vp,
          ...flt.notIn,
        )
      if (flt.from !== undefined) w.add(`${c} >= ?`, flt.from)
      if (flt.to !== undefined) w.add(`${c} <= ?`, flt.to)
      if (flt.empty !== undefined) w.add(flt.empty ? `${c} IS NULL` : `${c} IS NOT NULL`)
    }
    for (const k of qr.presets ?? []) {
      const [sql, ps] = presetSql(e, k)
      w.add(sql, ...ps)
    }
    for (const [k, v] of Object.entries(qr.extra ?? {})) {
      if (v === undefined) continue
      const h = listFilters[k]
      if (!h) throw new AppError('VALIDATION', `${label}列表没有“${k}”这个筛选`)
      const [sql, ps] = h.where(ctx, v as never, today)
      w.add(sql, ...ps)
    }
    addSearch(w, qr.query, A, qr.deleted ? undefined : ctx)
    return w
  }

  function searchWords(query: string | undefined): string[] {
    return (
      (query ?? '')
        .trim()
        .split(/[\s\u3000]+/)
        .filter(Boolean)
        // full-width letters and digits (ＡＢＣ１２３) are typed for the ASCII ones records hold; full-width
        // punctuation (：（）) is what Chinese text holds, so it is searched as typed
        .map((raw) =>
          raw
            .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (ch) =>
              String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
            )
            .toLowerCase(),
        )
    )
  }

  /** How many records not in the 回收站 hold all these one- or two-character words (index only). */
  function gramCount(ctx: Ctx, words: string[]): number {
    const match = words.map(gramTerm).join(' AND ')
    return cached(ctx, `grams\u0000${match}`, () => [
      ctx.db.prepare(`SELECT count(*) FROM ${grams} WHERE ${grams} MATCH ?`).pluck().get(match) as number,
    ])[0] as number
  }

  /**
   * The search of a list query on the table aliased `a`: each word must match some searchable
   * field (a link by its record's name or pinyin key). Domain lists of the same table use it too.
   */
  function addSearch(w: Where, query: string | undefined, a: string, live?: Ctx): Where {
    for (const token of searchWords(query)) {
      const short = [...token].length <= 2
      // (records the ledger's search hook finds by the word, e.g. an outlet by its licence number)
      const also = live && hooks.list?.search ? hooks.list.search(live, token) : []
      const alsoSql = also.length ? [`${a}.id IN (SELECT value FROM json_each(?))`] : []
      const alsoParams = also.length ? [JSON.stringify(also)] : []
      if (spec.fts && !short)
        w.add(
          `(${[`${a}.id IN (SELECT rowid FROM ${spec.fts} WHERE ${spec.fts} MATCH ?)`, ...alsoSql].join(' OR ')})`,
          `"${token.replace(/"/g, '""')}"`,
          ...alsoParams,
        )
      else {
        // FTS5 trigram cannot match 1–2 characters (it silently returns nothing). A word found in
        // few records is read from the short-query index (which holds records not in the 回收站);
        // one found in many is tested on each record as the list is walked (list(): densePage).
        const indexed = live && grams && short && gramCount(live, [token]) <= SPARSE
        const cols = indexed ? [] : searchColumns.map((c) => c.expr(a))
        const like = likeAnywhere(token)
        // A searchable link finds the linked record's name (and, for ledgers, its pinyin key).
        const linked = searchRefs.map((f) => {
          const names = LEDGER_REF_TABLES.includes(f.ref!.table) ? ['name', 'name_py'] : ['name']
          return {
            sql: `${a}.${f.column} IN (SELECT id FROM ${f.ref!.table} WHERE ${names.map((n) => `${n} LIKE ? ESCAPE '\\'`).join(' OR ')})`,
            n: names.length,
          }
        })
        w.add(
          `(${[
            ...(indexed ? [`${a}.id IN (SELECT rowid FROM ${grams} WHERE ${grams} MATCH ?)`] : []),
            ...cols.map((cn) => `${cn} LIKE ? ESCAPE '\\'`),
            ...linked.map((l) => l.sql),
            ...alsoSql,
          ].join(' OR ')})`,
          ...(indexed ? [gramTerm(token)] : []),
          ...cols.map(() => like),
          ...linked.flatMap((l) => Array.from({ length: l.n }, () => like)),
          ...alsoParams,
        )
      }
    }
    return w
  }

  // The order of a list (all matching ids) is computed once per query, sort and database state,
  // then every page is a slice of it: paging through 100,000 records costs one sort, not one per
  // page. The state is this connection's total_changes() and SQLite's data_version (writes by
  // other connections), so any write anywhere invalidates it.
  const orders = new WeakMap<object, Map<string, { state: string; ids: number[] }>>()

  function dbState(ctx: Ctx): string {
    const dv = ctx.db.pragma('data_version', { simple: true }) as number
    const tc = ctx.db.prepare('SELECT total_changes()').pluck().get() as number
    return `${dv}:${tc}`
  }

  function orderedIds(ctx: Ctx, qr: Omit<ListQuery, 'page' | 'pageSize'>): number[] {
    const e = env(ctx)
    const w = where(ctx, qr, e.today)
    const sort = qr.sort ?? (qr.deleted ? { field: 'updatedAt', order: 'desc' as const } : spec.defaultSort)
    const [order, orderParams] = orderBy(e, sort)
    const sortField = byKey.get(sort.field)
    const join =
      sortField?.kind === 'ref'
        ? ` LEFT JOIN ${sortField.ref!.table} j_${sortField.key} ON j_${sortField.key}.id = ${A}.${sortField.column}`
        : ''
    const sql = `SELECT ${A}.id FROM ${spec.table} ${A}${join} WHERE ${w.sql} ORDER BY ${order}`
    const params = [...w.params, ...orderParams]
    const key = `${sort.field}\u0000${sql}\u0000${JSON.stringify(params)}`
    let cache = orders.get(ctx.db)
    if (!cache) orders.set(ctx.db, (cache = new Map()))
    const state = dbState(ctx)
    const hit = cache.get(key)
    if (hit && hit.state === state) {
      cache.delete(key)
      cache.set(key, hit)
      return hit.ids
    }
    const byName = ctx.db
      .prepare(sql)
      .pluck()
      .all(...params) as number[]
    const derived = Object.hasOwn(listSorts, sort.field) ? listSorts[sort.field] : undefined
    const ids = derived ? sortedBy(derived(ctx, byName), byName, sort.order) : byName
    cache.set(key, { state, ids })
    if (cache.size > 16) cache.delete(cache.keys().next().value as string)
    return ids
  }

  // A page is read straight from an index in list order where one fits: the list's order is cut
  // into segments — one per option of a choice or per linked record (in the link's order), or the
  // filled values then the empty ones — each ordered by its column and the name, which the
  // indexes of the ledger's migration hold (column, first characters of the name's pinyin key).
  // Only the rows of the page, the segments before it counted up to the rows it skips, and the
  // total are read, so page 500 costs little more than page 1. Sorts that fit no segment (a sum of
  // flags) compute the whole order once instead (orderedIds).
  interface Segment {
    sql: string
    params: unknown[]
    /** The leading sort terms an index holds (the column, the name's first characters). */
    keys: string[]
    /** What breaks ties after the keys (the full name key and the id). */
    rest: string
  }

  const counts = new WeakMap<object, Map<string, { state: string; n: unknown[] }>>()

  function cached<T>(ctx: Ctx, key: string, compute: () => T[]): T[] {
    let cache = counts.get(ctx.db)
    if (!cache) counts.set(ctx.db, (cache = new Map()))
    const state = dbState(ctx)
    const hit = cache.get(key)
    if (hit && hit.state === state) return hit.n as T[]
    const n = compute()
    cache.set(key, { state, n })
    if (cache.size > 64) cache.delete(cache.keys().next().value as string)
    return n
  }

  /** The list's segments, in list order. */
  interface Plan {
    segs: Segment[]
  }

  /**
   * The values a column holds, each once (cached per database state): records in the 回收站, or
   * the others — those read one index seek per value.
   */
  function present(ctx: Ctx, column: string, deleted: boolean): unknown[] {
    const t = spec.table
    return cached(ctx, `values\u0000${column}\u0000${deleted}`, () =>
      deleted
        ? (ctx.db
            .prepare(
              `SELECT DISTINCT ${column} FROM ${t} WHERE deleted_at IS NOT NULL AND ${column} IS NOT NULL`,
            )
            .pluck()
            .all() as unknown[])
        : (ctx.db
            .prepare(
              `WITH RECURSIVE v(x) AS (SELECT (SELECT min(${column}) FROM ${t} WHERE deleted_at IS NULL)
               UNION ALL SELECT (SELECT min(${column}) FROM ${t} WHERE deleted_at IS NULL AND ${column} > v.x) FROM v WHERE v.x IS NOT NULL)
               SELECT x FROM v WHERE x IS NOT NULL`,
            )
            .pluck()
            .all() as unknown[]),
    )
  }

  function segments(ctx: Ctx, sort: { field: string; order: 'asc' | 'desc' }, deleted = false): Plan | null {
    const dir = sort.order === 'desc' ? 'DESC' : 'ASC'
    const f = byKey.get(sort.field)
    // (a rank, or a computed status, is an expression no index holds: the whole order is computed)
    if (sort.field === spec.rank?.key || shownBy(f).length) return null
    const ns = KINDS[nameField.kind].sortExpr(A, nameField)
    if (f === nameField)
      return {
        segs: [
          { sql: `${ns} IS NOT NULL`, params: [], keys: [], rest: `${ns} ${dir}, ${A}.id ${dir}` },
          { sql: `${ns} IS NULL`, params: [], keys: [], rest: `${A}.id ${dir}` },
        ],
      }
    // The indexes hold the first two characters of a pinyin key (4 digits each); the full key
    // and the id break the remaining ties.
    const head = nameField.pinyin ? [`substr(${ns}, 1, 8)`] : []
    const rest = `${ns} ${dir}, ${A}.id ${dir}`
    const byName = (sql: string, params: unknown[] = []): Segment => ({ sql, params, keys: head, rest })
    const filledThenEmpty = (c: string): Plan => ({
      segs: [{ sql: `${c} IS NOT NULL`, params: [], keys: [c, ...head], rest }, byName(`${c} IS NULL`)],
    })
    if (sort.field === 'updatedAt' || sort.field === 'createdAt')
      return filledThenEmpty(`${A}.${sort.field === 'updatedAt' ? 'updated_at' : 'created_at'}`)
    if (!f) return null
    const c = `${A}.${f.column}`
    if (f.kind === 'enum') {
      const values = (f.options ?? []).map((o) => o.value)
      const ordered = sort.order === 'desc' ? [...values].reverse() : values
      // (only the options some record holds; a value no option names cannot be stored, were one
      // there, it would come before the empty)
      const held = present(ctx, f.column as string, deleted)
      const others = held.filter((v) => !values.includes(v as string))
      return {
        segs: [
          ...ordered.filter((v) => held.includes(v)).map((v) => byName(`${c} = ?`, [v])),
          ...(others.length ? [byName(`${c} IN (${others.map(() => '?').join(',')})`, others)] : []),
          byName(`${c} IS NULL`),
        ],
      }
    }
    if (f.kind === 'ref') {
      // The linked records in the link's order; records that sort alike share a segment.
      const key = LEDGER_REF_TABLES.includes(f.ref!.table) ? 'name_py' : 'sort_order'
      const rows = ctx.db
        .prepare(
          `SELECT id, ${key} AS k FROM ${f.ref!.table} WHERE ${key} IS NOT NULL ORDER BY ${key} ${dir}`,
        )
        .raw()
        .all() as [number, unknown][]
      // (a link to another ledger's many records: the whole order is computed instead)
      if (rows.length > 200) return null
      const groups: number[][] = []
      let last: unknown = Symbol('none')
      for (const [id, k] of rows) {
        if (groups.length && k === last) (groups[groups.length - 1] as number[]).push(id)
        else groups.push([id])
        last = k
      }
      // (a link always names an existing record; one whose record has no sort key sorts as empty)
      const unsorted = ctx.db
        .prepare(`SELECT id FROM ${f.ref!.table} WHERE ${key} IS NULL`)
        .pluck()
        .all() as number[]
      return {
        segs: [
          ...groups.map((g) =>
            byName(g.length === 1 ? `${c} = ?` : `${c} IN (${g.map(() => '?').join(',')})`, g),
          ),
          unsorted.length
            ? byName(`(${c} IS NULL OR ${c} IN (${unsorted.map(() => '?').join(',')}))`, unsorted)
            : byName(`${c} IS NULL`),
        ],
      }
    }
    // A column that sorts as it is stored (text, dates, numbers, codes, yes/no).
    if (KINDS[f.kind].sortExpr(A, f) === c) return filledThenEmpty(c)
    return null
  }

  /**
   * `want` ids of a segment from `offset` on. Deep in a list (page 500) the rows before the page
   * are skipped inside the index — by the keys it holds — instead of reading each row for its full
   * name key: the keys of the page's first row, the count of rows whose keys come before them, then
   * the page from there (only the first row's block of equal keys is read whole).
   */
  function segmentPage(
    ctx: Ctx,
    from: string,
    w: Where,
    g: Segment,
    dir: string,
    offset: number,
    want: number,
  ): number[] {
    const order = [...g.keys.map((k) => `${k} ${dir}`), g.rest].join(', ')
    const plain = () =>
      ctx.db
        .prepare(`SELECT ${A}.id ${from} AND ${g.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
        .pluck()
        .all(...w.params, ...g.params, want, offset) as number[]
    if (offset < 200 || g.keys.length === 0 || g.keys.length > 2) return plain()
    const keyOrder = [...g.keys.map((k) => `${k} ${dir}`), `${A}.id ${dir}`].join(', ')
    const first = ctx.db
      .prepare(`SELECT ${g.keys.join(', ')} ${from} AND ${g.sql} ORDER BY ${keyOrder} LIMIT 1 OFFSET ?`)
      .raw()
      .get(...w.params, ...g.params, offset) as unknown[] | undefined
    if (!first || first.some((v) => v === null)) return plain()
    const [k1, k2] = g.keys as [string, string | undefined]
    const [v1, v2] = first
    const lt = dir === 'DESC' ? '>' : '<'
    const gt = dir === 'DESC' ? '<' : '>'
    const count = (cond: string, ...p: unknown[]) =>
      ctx.db
        .prepare(`SELECT count(*) ${from} AND ${g.sql} AND ${cond}`)
        .pluck()
        .get(...w.params, ...g.params, ...p) as number
    const rows = (cond: string, n: number, skip: number, ...p: unknown[]) =>
      ctx.db
        .prepare(`SELECT ${A}.id ${from} AND ${g.sql} AND ${cond} ORDER BY ${order} LIMIT ? OFFSET ?`)
        .pluck()
        .all(...w.params, ...g.params, ...p, n, skip) as number[]
    // Each condition is one index range: the leading key before the first row's, or equal to it
    // with the second key before (or from) the first row's.
    if (k2 === undefined) return rows(`${k1} ${gt}= ?`, want, offset - count(`${k1} ${lt} ?`, v1), v1)
    const before = count(`${k1} ${lt} ?`, v1) + count(`${k1} = ? AND ${k2} ${lt} ?`, v1, v2)
    const page = rows(`${k1} = ? AND ${k2} ${gt}= ?`, want, offset - before, v1, v2)
    return page.length < want ? [...page, ...rows(`${k1} ${gt} ?`, want - page.length, 0, v1)] : page
  }

  /** The number of records a list holds (cached per query and database state; shared by every
   * sort of it, and counted over the ledger's smallest index when nothing else filters). */
  function total(ctx: Ctx, from: string, w: Where): number {
    return cached(ctx, `${from}\u0000${JSON.stringify(w.params)}`, () => [
      ctx.db
        .prepare(`SELECT count(*) ${from}`)
        .pluck()
        .get(...w.params) as number,
    ])[0] as number
  }

  /**
   * A page read segment by segment. Segments before the page are counted only up to what the
   * page skips (page 1 counts nothing; page 500 reads about 10,000 index entries), never the whole
   * list; the total is one count, shared by every sort. `count` gives the total when it is known
   * otherwise (a search's index).
   */
  function pageIds(ctx: Ctx, qr: ListQuery, count?: () => number): { ids: number[]; total: number } | null {
    const w = where(ctx, qr, chinaToday(ctx))
    const sort = qr.sort ?? (qr.deleted ? { field: 'updatedAt', order: 'desc' as const } : spec.defaultSort)
    const dir = sort.order === 'desc' ? 'DESC' : 'ASC'
    const plan = segments(ctx, sort, Boolean(qr.deleted))
    if (!plan) return null
    const from = `FROM ${spec.table} ${A} WHERE ${w.sql}`
    let offset = (qr.page - 1) * qr.pageSize
    let want = qr.pageSize
    const ids: number[] = []
    for (const g of plan.segs) {
      if (want <= 0) break
      if (offset > 0) {
        // (at most `offset` rows of the segment are counted: enough to tell whether the page starts in it)
        const size = cached(
          ctx,
          `${from}\u0000${JSON.stringify([w.params, g.sql, g.params, offset])}`,
          () => [
            ctx.db
              .prepare(`SELECT count(*) FROM (SELECT 1 ${from} AND ${g.sql} LIMIT ?)`)
              .pluck()
              .get(...w.params, ...g.params, offset) as number,
          ],
        )[0] as number
        if (size < offset) {
          offset -= size
          continue
        }
      }
      const got = segmentPage(ctx, from, w, g, dir, offset, want)
      ids.push(...got)
      want -= got.length
      offset = 0
    }
    return { ids, total: count ? count() : total(ctx, from, w) }
  }

  function list(ctx: Ctx, qr: ListQuery): { rows: RecordOf<S>[]; total: number } {
    // A search computes its (usually short) list of matches once and pages through it, unless
    // its words are all short and common (densePage).
    const words = searchWords(qr.query)
    const dense =
      words.length > 0 &&
      !qr.deleted &&
      grams !== null &&
      words.every((t) => [...t].length <= 2 && gramCount(ctx, [t]) > SPARSE)
    // (common words: the list is walked in order, each record tested by the words, until the page
    // is full; the total comes from the short-query index when nothing else narrows the list)
    const narrowed =
      searchRefs.length > 0 ||
      qr.ids !== undefined ||
      Object.values(qr.filters ?? {}).some(Boolean) ||
      Boolean(qr.presets?.length) ||
      Object.values(qr.extra ?? {}).some((v) => v !== undefined) ||
      Boolean(hooks.list?.search)
    const fast =
      words.length === 0
        ? pageIds(ctx, qr)
        : dense
          ? pageIds(ctx, qr, narrowed ? undefined : () => gramCount(ctx, words))
          : null
    const all = fast ? null : orderedIds(ctx, qr)
    const page = fast ? fast.ids : (all as number[]).slice((qr.page - 1) * qr.pageSize, qr.page * qr.pageSize)
    const total = fast ? fast.total : (all as number[]).length
    if (page.length === 0) return { rows: [], total }
    const rows = ctx.db
      .prepare(`${select} WHERE ${A}.id IN (${page.map(() => '?').join(',')})`)
      .all(...page) as Row[]
    const byId = new Map(rows.map((r) => [r.id as number, r]))
    const marks = presetMarks(ctx, page)
    return {
      rows: withListValues(
        ctx,
        page
          .map((id) => byId.get(id))
          .filter((r): r is Row => r !== undefined)
          .map((r) => (marks ? { ...fromRow(r), presets: marks.get(r.id as number) ?? [] } : fromRow(r))),
      ),
      total,
    }
  }

  /** The rows with the values the ledger's list hook derives for them (the same rows without one). */
  function withListValues(ctx: Ctx, rows: RecordOf<S>[]): RecordOf<S>[] {
    return hooks.list?.rows && rows.length ? hooks.list.rows(ctx, rows) : rows
  }

  /** For each record, the presets it matches (what a list shows as its computed status). */
  function presetMarks(ctx: Ctx, ids: number[]): Map<number, string[]> | null {
    if (presets.length === 0 || ids.length === 0) return null
    const e = env(ctx)
    const parts = presets.map((p) => presetSql(e, p.key))
    const rows = ctx.db
      .prepare(
        `SELECT ${A}.id, ${parts.map(([sql]) => sql).join(', ')} FROM ${spec.table} ${A} WHERE ${A}.id IN (${ids.map(() => '?').join(',')})`,
      )
      .raw()
      .all(...parts.flatMap(([, ps]) => ps), ...ids) as unknown[][]
    return new Map(rows.map((r) => [r[0] as number, presets.filter((_, i) => r[i + 1]).map((p) => p.key)]))
  }

  /** Every record matching a query, in list order, without loading them all at once. */
  function* iterate(ctx: Ctx, qr: Omit<ListQuery, 'page' | 'pageSize'>): Generator<RecordOf<S>> {
    if (qr.sort && Object.hasOwn(listSorts, qr.sort.field)) {
      // (a derived order: its ids, then the records 500 at a time)
      const ids = orderedIds(ctx, qr)
      for (let i = 0; i < ids.length; i += 500) {
        const part = ids.slice(i, i + 500)
        const rows = ctx.db
          .prepare(`${select} WHERE ${A}.id IN (SELECT value FROM json_each(?))`)
          .all(JSON.stringify(part)) as Row[]
        const byId = new Map(rows.map((r) => [r.id as number, r]))
        for (const id of part) if (byId.has(id)) yield fromRow(byId.get(id) as Row)
      }
      return
    }
    const e = env(ctx)
    const w = where(ctx, qr, e.today)
    const [order, orderParams] = orderBy(e, qr.sort ?? spec.defaultSort)
    // (the whole ledger — nothing narrows it — in one pass over the table; rows as arrays, copied
    // into one scratch row: the driver's object per row of 40 columns costs more than the query)
    const whole = w.sql === `${A}.deleted_at IS NULL`
    const stmt = ctx.db.prepare(`${whole ? selectAll : select} WHERE ${w.sql} ORDER BY ${order}`).raw()
    const names = stmt.columns().map((c) => c.name)
    const r: Row = {}
    for (const a of stmt.iterate(...w.params, ...orderParams) as Iterable<unknown[]>) {
      for (let i = 0; i < names.length; i++) r[names[i] as string] = a[i]
      yield fromRow(r)
    }
  }

  function count(ctx: Ctx, qr: Omit<ListQuery, 'page' | 'pageSize' | 'sort'>): number {
    const w = where(ctx, qr, chinaToday(ctx))
    return (
      ctx.db.prepare(`SELECT count(*) AS n FROM ${spec.table} ${A} WHERE ${w.sql}`).get(...w.params) as {
        n: number
      }
    ).n
  }

  function get(ctx: Ctx, id: number): RecordOf<S> {
    const row = ctx.db.prepare(`${select} WHERE ${A}.id = ?`).get(id) as Row | undefined
    if (!row) throw notFound(`该${label}`)
    return fromRow(row)
  }

  function values(r: RecordOf<S>): ValuesOf<S> {
    const out: Row = {}
    for (const f of fields) out[f.key] = (r as Row)[f.key]
    return out as ValuesOf<S>
  }

  function refName(ctx: Ctx, f: FieldSpec, id: unknown): string {
    if (id === null || id === undefined) return ''
    return (
      (ctx.db.prepare(`SELECT name FROM ${f.ref!.table} WHERE id = ?`).pluck().get(id) as
        string | undefined) ?? String(id)
    )
  }

  function text(ctx: Ctx, f: FieldSpec, v: unknown): string {
    return f.kind === 'ref' ? refName(ctx, f, v) : KINDS[f.kind].display(v, f)
  }

  function diff(ctx: Ctx, before: Row | null, after: Row): Change[] {
    const out: Change[] = []
    for (const f of fields) {
      if (!(f.key in after)) continue
      // Internal links kept by domain code (a hazard's checklist item) are not news to a clerk.
      if (f.system && !f.list) continue
      const b = before ? (before[f.key] ?? null) : KINDS[f.kind].empty(f)
      const a = after[f.key] ?? null
      if (JSON.stringify(b) === JSON.stringify(a)) continue
      out.push({
        field: f.key,
        label: f.label,
        before: b,
        after: a,
        beforeText: text(ctx, f, b),
        afterText: text(ctx, f, a),
      })
    }
    return out
  }

  /** The record's own history entry and the office-wide audit entry, in the caller's transaction. */
  function addHistory(
    ctx: Ctx,
    id: number,
    name: unknown,
    action: HistoryEntry['action'],
    changes: Change[],
    audit = true,
  ): void {
    ctx.db
      .prepare(
        `INSERT INTO ${spec.history.table}(${spec.history.fk}, at, action, changes) VALUES (?, ?, ?, ?)`,
      )
      .run(id, isoNow(ctx), action, JSON.stringify(changes))
    if (!audit) return
    const marker = changes.find((c) => c.field.startsWith('_'))
    writeAudit(ctx, {
      action,
      ledger: spec.key,
      recordId: id,
      recordName: typeof name === 'string' ? name : null,
      changes: changes
        .filter((c) => c !== marker)
        .map((c) => ({
          field: c.field,
          label: c.label,
          before: c.beforeText ?? c.before,
          after: c.afterText ?? c.after,
        })),
      note: marker ? `${marker.label}：${String(marker.after)}` : null,
    })
  }

  function assertRefs(ctx: Ctx, v: Row): void {
    for (const f of refs) {
      const id = (v as Row)[f.key]
      if (id === null || id === undefined) continue
      const where = LEDGER_REF_TABLES.includes(f.ref!.table) ? 'id = ? AND deleted_at IS NULL' : 'id = ?'
      if (!ctx.db.prepare(`SELECT 1 FROM ${f.ref!.table} WHERE ${where}`).get(id)) {
        const message = `所选${f.label}不存在，请重新选择`
        throw new AppError('VALIDATION', message, { issues: [{ field: f.key, message }] })
      }
    }
  }

  function assertUnique(ctx: Ctx, v: Row, exceptId: number | null): void {
    for (const f of uniqueFields) {
      const value = (v as Row)[f.key]
      if (value === null || value === undefined) continue
      const row = ctx.db
        .prepare(
          `SELECT id, ${nameField.column} AS name, deleted_at FROM ${spec.table} WHERE ${f.column} = ?`,
        )
        .get(value) as { id: number; name: string; deleted_at: string | null } | undefined
      if (!row || row.id === exceptId) continue
      const where = row.deleted_at ? `（该${label}在回收站中，可在回收站恢复）` : ''
      const message = `${f.label} ${String(value)} 已被“${row.name}”使用${where}，同一${f.label}不能登记两次`
      throw new AppError('CONFLICT', message, { issues: [{ field: f.key, message }], existingId: row.id })
    }
  }

  function assertChecks(ctx: Ctx, v: Row, exceptId: number | null): void {
    const issues = hooks.check?.(ctx, v as ValuesOf<S>, exceptId) ?? []
    if (issues.length) throw validationError(issues)
  }

  function withDerived(merged: Row, patch: Row): Row {
    const out = hooks.derive
      ? { ...patch, ...(hooks.derive(merged as ValuesOf<S>, patch as Partial<ValuesOf<S>>) as Row) }
      : patch
    // A write that sets a guessed link (所属村 from the address) is the clerk's confirmation.
    for (const g of guessFields)
      if (g.guessOf! in patch && !(g.key in patch) && merged[g.key] === true) out[g.key] = false
    return out
  }

  /**
   * Creates a record. Domain code may head its history entry with a `marker` (how it came: 自动编排 …)
   * and leave the 操作日志 to one entry of its own for many records (`audit: false`).
   */
  function create(
    ctx: Ctx,
    input: ValuesOf<S>,
    opts: { marker?: Change; audit?: boolean } = {},
  ): RecordOf<S> {
    return ctx.db
      .transaction(() => {
        const v = withDerived(input as Row, input as Row)
        assertRefs(ctx, v)
        assertUnique(ctx, v, null)
        assertChecks(ctx, v, null)
        const now = isoNow(ctx)
        const p = toDb(v)
        const cols = Object.keys(p)
        const r = ctx.db
          .prepare(
            `INSERT INTO ${spec.table}(${cols.join(',')}, created_at, updated_at) VALUES (${cols.map((c) => `@${c}`).join(',')}, @now__, @now__)`,
          )
          .run({ ...p, now__: now })
        const id = Number(r.lastInsertRowid)
        const changes = diff(ctx, null, v)
        addHistory(
          ctx,
          id,
          v[spec.nameField],
          'create',
          opts.marker ? [opts.marker, ...changes] : changes,
          opts.audit !== false,
        )
        const created = get(ctx, id)
        hooks.afterWrite?.(ctx, created, null)
        return created
      })
      .immediate()
  }

  /**
   * Writes only the fields in `patch`; a field the form never sent keeps its stored value. Domain
   * code may add a `marker` heading the history entry (调班 and its reason), as 批量修改 does.
   */
  function update(
    ctx: Ctx,
    id: number,
    version: number,
    patch: Partial<ValuesOf<S>>,
    action: HistoryEntry['action'] = 'update',
    marker?: Change,
  ): RecordOf<S> {
    return ctx.db.transaction(() => updateIn(ctx, id, version, patch, action, marker)).immediate()
  }

  /** The update itself, inside the caller's transaction. */
  function updateIn(
    ctx: Ctx,
    id: number,
    version: number,
    patch: Partial<ValuesOf<S>>,
    action: HistoryEntry['action'],
    marker?: Change,
  ): RecordOf<S> {
    const before = get(ctx, id)
    if (before.deletedAt) throw new AppError('CONFLICT', `该${label}已在回收站中，请先恢复再修改`)
    if (before.version !== version)
      throw new AppError(
        'CONFLICT',
        `该${label}的信息刚被修改过（可能在另一个窗口），请刷新后再保存，以免覆盖别人的修改`,
      )
    const p = withDerived({ ...(values(before) as Row), ...(patch as Row) }, patch as Row)
    assertRefs(ctx, p)
    assertUnique(ctx, p, id)
    assertChecks(ctx, { ...(values(before) as Row), ...p }, id)
    const changes = diff(ctx, before as Row, p)
    if (changes.length === 0) return before
    const changed = Object.fromEntries(changes.map((c) => [c.field, p[c.field]]))
    const cols = toDb(changed)
    ctx.db
      .prepare(
        `UPDATE ${spec.table} SET ${Object.keys(cols)
          .map((c) => `${c} = @${c}`)
          .join(', ')}, version = version + 1, updated_at = @now__ WHERE id = @id__`,
      )
      .run({ ...cols, now__: isoNow(ctx), id__: id })
    addHistory(
      ctx,
      id,
      p[spec.nameField] ?? (before as Row)[spec.nameField],
      action,
      marker ? [marker, ...changes] : changes,
    )
    const after = get(ctx, id)
    hooks.afterWrite?.(ctx, after, before)
    return after
  }

  /** Sets one field on many records (e.g. 所属村 for 200 imported rows); each record's history shows it. */
  function bulkSet(ctx: Ctx, ids: number[], patch: Partial<ValuesOf<S>>): { changed: number } {
    return ctx.db
      .transaction(() => {
        let changed = 0
        for (const id of ids) {
          const before = get(ctx, id)
          if (before.deletedAt) continue
          const after = updateIn(ctx, id, before.version, patch, 'update', {
            field: '_bulk',
            label: '批量修改',
            before: null,
            after: `同时修改 ${ids.length} 条`,
          })
          if (after.version !== before.version) changed++
        }
        return { changed }
      })
      .immediate()
  }

  /**
   * Moves records to the 回收站 or back. Domain code may head each history entry with a `marker`
   * (why: 清空, 重新编排 …) and leave out the per-record 操作日志 entry (`audit: false`) when it
   * writes one for the whole change. A record comes back only when the ledger's `beforeRestore` lets it.
   */
  function setDeleted(
    ctx: Ctx,
    ids: number[],
    deleted: boolean,
    opts: { marker?: Change; audit?: boolean } = {},
  ): { changed: number } {
    return ctx.db
      .transaction(() => {
        let changed = 0
        const now = isoNow(ctx)
        for (const id of ids) {
          const before = get(ctx, id)
          if (Boolean(before.deletedAt) === deleted) continue
          if (deleted) hooks.beforeDelete?.(ctx, before)
          if (!deleted) {
            assertUnique(ctx, values(before) as Row, id)
            hooks.beforeRestore?.(ctx, before)
          }
          ctx.db
            .prepare(
              `UPDATE ${spec.table} SET deleted_at = ?, version = version + 1, updated_at = ? WHERE id = ?`,
            )
            .run(deleted ? now : null, now, id)
          addHistory(
            ctx,
            id,
            (before as Row)[spec.nameField],
            deleted ? 'delete' : 'restore',
            opts.marker ? [opts.marker] : [],
            opts.audit !== false,
          )
          hooks.afterWrite?.(ctx, get(ctx, id), before)
          changed++
        }
        return { changed }
      })
      .immediate()
  }

  function history(ctx: Ctx, id: number): HistoryEntry[] {
    get(ctx, id)
    const rows = ctx.db
      .prepare(
        `SELECT id, at, action, changes FROM ${spec.history.table} WHERE ${spec.history.fk} = ? ORDER BY id DESC`,
      )
      .all(id) as { id: number; at: string; action: HistoryEntry['action']; changes: string }[]
    const entries = rows.map((r) => ({ ...r, changes: JSON.parse(r.changes) as Change[] }))
    // A record created by an import has its batch item as its first history entry (a batch's
    // items are records of the table it names; a record written through the repository has its
    // own creation entry already).
    const created = entries.some((e) => e.action === 'create')
      ? undefined
      : (ctx.db
          .prepare(
            `SELECT b.id AS batchId, b.at, b.file_name AS fileName FROM import_batch_items i JOIN import_batches b ON b.id = i.batch_id
         WHERE i.record_id = ? AND i.action = 'insert' AND b.table_name = ?`,
          )
          .get(id, spec.table) as { batchId: number; at: string; fileName: string } | undefined)
    if (created)
      entries.push({
        id: 0,
        at: created.at,
        action: 'import',
        changes: [
          {
            field: '_batch',
            label: '导入批次',
            before: null,
            after: `${created.batchId}（${created.fileName}）`,
          },
        ],
      })
    return entries
  }

  /** Near-duplicate names (same name without the legal-form suffix, or very similar). */
  function similarNames(ctx: Ctx, name: string, exceptId: number | null): SimilarRecord[] {
    const key = nameKey(name)
    if (key.length < 2) return []
    const grams = [
      ...new Set([0, Math.floor((key.length - 2) / 2), key.length - 2].map((i) => key.slice(i, i + 2))),
    ]
    const ctxRef = refs[0]
    const rows = ctx.db
      .prepare(
        `SELECT ${A}.id, ${A}.${nameField.column} AS name, ${ctxRef ? `j_${ctxRef.key}.name` : 'NULL'} AS context,
                ${A}.deleted_at IS NOT NULL AS deleted
         FROM ${spec.table} ${A}${ctxRef ? ` LEFT JOIN ${ctxRef.ref!.table} j_${ctxRef.key} ON j_${ctxRef.key}.id = ${A}.${ctxRef.column}` : ''}
         WHERE (${grams.map(() => `${A}.${nameField.column} LIKE ? ESCAPE '\\'`).join(' OR ')}) AND ${A}.id IS NOT ? LIMIT 2000`,
      )
      .all(...grams.map(likeAnywhere), exceptId) as (Omit<SimilarRecord, 'deleted'> & { deleted: number })[]
    return rows
      .filter((r) => nameSimilarity(r.name, name) >= 0.8)
      .slice(0, 5)
      .map((r) => ({ ...r, deleted: Boolean(r.deleted) }))
  }

  /** While the clerk types: who already holds a unique value, and which names are close. */
  function checkDuplicates(ctx: Ctx, v: Partial<ValuesOf<S>>, exceptId: number | null) {
    const owners: { field: string; label: string; id: number; name: string; deleted: boolean }[] = []
    for (const f of uniqueFields) {
      const value = (v as Row)[f.key]
      if (value === null || value === undefined) continue
      const row = ctx.db
        .prepare(
          `SELECT id, ${nameField.column} AS name, deleted_at IS NOT NULL AS deleted FROM ${spec.table} WHERE ${f.column} = ? AND id IS NOT ?`,
        )
        .get(value, exceptId) as { id: number; name: string; deleted: number } | undefined
      if (row)
        owners.push({
          field: f.key,
          label: f.label,
          id: row.id,
          name: row.name,
          deleted: Boolean(row.deleted),
        })
    }
    const name = (v as Row)[spec.nameField]
    return { owners, similar: typeof name === 'string' ? similarNames(ctx, name, exceptId) : [] }
  }

  /** 一户一档: the record and, for each declared link, how many records point at it. */
  function dossier(ctx: Ctx, id: number) {
    const record = get(ctx, id)
    const links = (spec.links ?? []).map((l) => {
      // records in the linked ledger's 回收站 are not the enterprise's any more
      const live = tableHasColumn(ctx, l.table, 'deleted_at') ? ' AND deleted_at IS NULL' : ''
      const total = ctx.db
        .prepare(`SELECT count(*) FROM ${l.table} WHERE ${l.fk} = ?${live}`)
        .pluck()
        .get(id) as number
      const open = l.open
        ? (ctx.db
            .prepare(
              `SELECT count(*) FROM ${l.table} WHERE ${l.fk} = ?${live} AND ${l.open.column} NOT IN (${l.open.notIn.map(() => '?').join(',')})`,
            )
            .pluck()
            .get(id, ...l.open.notIn) as number)
        : null
      return {
        key: l.key,
        label: l.label,
        unit: l.unit,
        total,
        open: l.open ? { label: l.open.label, count: open as number } : null,
        route: {
          name: l.route.name,
          query: {
            ...l.route.query,
            [l.route.filter]: l.route.by === 'name' ? String((record as Row)[spec.nameField]) : String(id),
          },
        },
      }
    })
    return { record, links }
  }

  /** Columns the spec stores, in spec order (the schema guard holds them against the table). */
  function columns() {
    return [
      ...fields.flatMap((f) => KINDS[f.kind].columns(f)),
      { name: 'id', type: 'INTEGER', notNull: false },
      { name: 'version', type: 'INTEGER', notNull: true },
      { name: 'created_at', type: 'TEXT', notNull: true },
      { name: 'updated_at', type: 'TEXT', notNull: true },
      { name: 'deleted_at', type: 'TEXT', notNull: false },
    ]
  }

  /**
   * The short-query index and the triggers keeping it, as the spec describes them today: created
   * (and filled from the table, in one transaction) when missing or when the searchable fields
   * changed. Records in the 回收站 are left out of it.
   */
  function ensureSearchIndex(ctx: Ctx): void {
    const g = grams
    if (!g) return
    const t = spec.table
    const terms = (a: string) =>
      `kit_grams(concat_ws(char(10), ${searchColumns.map((c) => c.expr(a)).join(', ')}))`
    const want = new Map([
      [
        g,
        `CREATE VIRTUAL TABLE ${g} USING fts5(g, content='', contentless_delete=1, detail='none', tokenize='ascii')`,
      ],
      [
        `${g}_insert`,
        `CREATE TRIGGER ${g}_insert AFTER INSERT ON ${t} WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO ${g}(rowid, g) VALUES (new.id, ${terms('new')});
END`,
      ],
      [
        `${g}_update`,
        `CREATE TRIGGER ${g}_update AFTER UPDATE OF ${[...searchColumns.map((c) => c.name), 'deleted_at'].join(', ')} ON ${t} BEGIN
  DELETE FROM ${g} WHERE rowid = old.id;
  INSERT INTO ${g}(rowid, g) SELECT new.id, ${terms('new')} WHERE new.deleted_at IS NULL;
END`,
      ],
      [
        `${g}_delete`,
        `CREATE TRIGGER ${g}_delete AFTER DELETE ON ${t} BEGIN
  DELETE FROM ${g} WHERE rowid = old.id;
END`,
      ],
    ])
    const have = new Map(
      ctx.db
        .prepare('SELECT name, sql FROM sqlite_master WHERE name IN (?, ?, ?, ?)')
        .raw()
        .all(...want.keys()) as [string, string][],
    )
    if ([...want].every(([name, sql]) => have.get(name) === sql)) return
    ctx.db
      .transaction(() => {
        for (const name of [...want.keys()].slice(1)) ctx.db.exec(`DROP TRIGGER IF EXISTS ${name}`)
        ctx.db.exec(`DROP TABLE IF EXISTS ${g}`)
        for (const sql of want.values()) ctx.db.exec(sql)
        ctx.db.exec(`INSERT INTO ${g}(rowid, g) SELECT id, ${terms(t)} FROM ${t} WHERE deleted_at IS NULL`)
      })
      .immediate()
  }

  /** Fills derived columns that SQL alone cannot compute (pinyin keys) for rows that lack them, and
   * builds the short-query index where it is missing. */
  function backfill(ctx: Ctx): number {
    ensureSearchIndex(ctx)
    const py = fields.filter((f) => f.pinyin)
    let n = 0
    for (const f of py) {
      const rows = ctx.db
        .prepare(
          `SELECT id, ${f.column} AS v FROM ${spec.table} WHERE ${f.column}_py IS NULL AND ${f.column} IS NOT NULL`,
        )
        .all() as { id: number; v: string }[]
      if (!rows.length) continue
      const upd = ctx.db.prepare(`UPDATE ${spec.table} SET ${f.column}_py = ? WHERE id = ?`)
      ctx.db
        .transaction(() => {
          for (const r of rows) upd.run(KINDS[f.kind].toDb(r.v, f)[`${f.column}_py`] ?? null, r.id)
        })
        .immediate()
      n += rows.length
    }
    return n
  }

  return {
    spec,
    /** The short-query index table (null: nothing searchable). */
    searchIndex: grams,
    list,
    /** The derived values a list sorts by (beside the spec's fields). */
    listSorts: Object.keys(listSorts),
    /** The list's own named filters (`extra` of a list query). */
    listFilters: listFilters as ListFilters,
    /** Rows with the values the list hook derives (an export reads them as the list shows them). */
    listValues: withListValues as unknown as (
      ctx: Ctx,
      rows: Record<string, unknown>[],
    ) => Record<string, unknown>[],
    /** The ids of every record matching a query, in list order (domain lists enrich them). */
    ids: (ctx: Ctx, qr: Omit<ListQuery, 'page' | 'pageSize'>) => orderedIds(ctx, qr),
    iterate,
    count,
    get,
    create,
    update,
    bulkSet,
    setDeleted,
    history,
    similarNames,
    checkDuplicates,
    dossier,
    columns,
    backfill,
    toDb,
    rowEncoder,
    fromRow,
    values,
    withDerived,
    addSearch,
    text,
    select,
  }
}

export type Repo<S extends LedgerSpec> = ReturnType<typeof createRepo<S>>

/**
 * What every repository offers whatever its spec: a list of ledgers (LEDGER_REPOS) holds these.
 * Methods, so that a repository of one spec (whose writes take that spec's values) still fits.
 */
export interface AnyRepo {
  spec: LedgerSpec
  backfill(ctx: Ctx): number
  get(ctx: Ctx, id: number): { id: number }
  columns(): ReturnType<Repo<LedgerSpec>['columns']>
  iterate(ctx: Ctx, qr: Omit<ListQuery, 'page' | 'pageSize'>): Iterable<{ id: number }>
  rowEncoder(): { columns: string[]; encode(values: Row): SqlValue[] }
  toDb(values: Row): Row
  list(ctx: Ctx, qr: ListQuery): { rows: { id: number }[]; total: number }
  count(ctx: Ctx, qr: Omit<ListQuery, 'page' | 'pageSize' | 'sort'>): number
}

/** Ids in the order of their values (stable: ties keep the given order; empty values last either way). */
function sortedBy(
  values: Map<number, string | number | null>,
  ids: number[],
  order: 'asc' | 'desc',
): number[] {
  const dir = order === 'desc' ? -1 : 1
  const at = (id: number) => values.get(id) ?? null
  return [...ids].sort((a, b) => {
    const x = at(a)
    const y = at(b)
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
    return x < y ? -dir : x > y ? dir : 0
  })
}

/** Whether a table has a column (linked tables without a 回收站 have no deleted_at). */
export function tableHasColumn(ctx: Ctx, table: string, column: string): boolean {
  return ctx.db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').pluck().get(table, column) === 1
}
