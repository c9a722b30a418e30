import { writeAudit } from '../audit/audit'
import { chinaToday, isoNow, type Ctx } from '../context'
import { likeAnywhere, Where } from '../db/where'
import { AppError, notFound, validationError } from '../errors'
import { nameKey, nameSimilarity } from '../shared/validators'
import { KINDS } from '../shared/kit/kinds'
import { addDays } from '../shared/dates'
import { LEDGER_REF_TABLES, type FieldSpec, type LedgerSpec } from '../shared/kit/spec'
import type { FieldIssue } from '../shared/kit/schema'
import type { RecordOf, ValuesOf } from '../shared/kit/schema'

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
}

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

  const select = `SELECT ${A}.*${refs.map((f) => `, j_${f.key}.name AS ${q(f.ref!.as)}`).join('')}
    FROM ${spec.table} ${A}${refs
      .map((f) => ` LEFT JOIN ${f.ref!.table} j_${f.key} ON j_${f.key}.id = ${A}.${f.column}`)
      .join('')}`

  function fromRow(r: Row): RecordOf<S> {
    const out: Row = {}
    for (const f of fields) out[f.key] = KINDS[f.kind].fromDb(r, f)
    for (const f of refs) out[f.ref!.as] = (r[f.ref!.as] as string | null) ?? null
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

  function sortExpr(key: string): string {
    if (key === 'updatedAt') return `${A}.updated_at`
    if (key === 'createdAt') return `${A}.created_at`
    const f = byKey.get(key)
    if (!f) throw new AppError('VALIDATION', `不能按“${key}”排序`)
    return f.kind === 'ref' ? refSortExpr(f) : KINDS[f.kind].sortExpr(A, f)
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

  function where(qr: Omit<ListQuery, 'page' | 'pageSize' | 'sort'>, today: string): Where {
    const w = new Where(qr.deleted ? `${A}.deleted_at IS NOT NULL` : `${A}.deleted_at IS NULL`).in(
      `${A}.id`,
      qr.ids,
    )
    for (const [key, flt] of Object.entries(qr.filters ?? {})) {
      if (!flt) continue
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
      if (flt.in?.length) w.in(c, flt.in.map(conv))
      if (flt.notIn?.length)
        w.add(`(${c} IS NULL OR ${c} NOT IN (${flt.notIn.map(() => '?').join(',')}))`, ...flt.notIn)
      if (flt.from !== undefined) w.add(`${c} >= ?`, flt.from)
      if (flt.to !== undefined) w.add(`${c} <= ?`, flt.to)
      if (flt.empty !== undefined) w.add(flt.empty ? `${c} IS NULL` : `${c} IS NOT NULL`)
    }
    const tokens = (qr.query ?? '')
      .trim()
      .split(/[\s\u3000]+/)
      .filter(Boolean)
    for (const raw of tokens) {
      const token = raw
        .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
        .toLowerCase()
      if (spec.fts && [...token].length >= 3)
        w.add(
          `${A}.id IN (SELECT rowid FROM ${spec.fts} WHERE ${spec.fts} MATCH ?)`,
          `"${token.replace(/"/g, '""')}"`,
        )
      else {
        // FTS5 trigram cannot match 1–2 characters (it silently returns nothing): use LIKE.
        const cols = searchable
          .filter((f) => f.kind !== 'ref')
          .flatMap((f) => KINDS[f.kind].columns(f).map((cd) => `${A}.${cd.name}`))
        const like = likeAnywhere(token)
        // A searchable link finds the linked record's name (and, for ledgers, its pinyin key).
        const linked = searchable
          .filter((f) => f.kind === 'ref')
          .map((f) => {
            const names = LEDGER_REF_TABLES.includes(f.ref!.table) ? ['name', 'name_py'] : ['name']
            return {
              sql: `${A}.${f.column} IN (SELECT id FROM ${f.ref!.table} WHERE ${names.map((n) => `${n} LIKE ? ESCAPE '\\'`).join(' OR ')})`,
              n: names.length,
            }
          })
        w.add(
          `(${[...cols.map((cn) => `${cn} LIKE ? ESCAPE '\\'`), ...linked.map((l) => l.sql)].join(' OR ')})`,
          ...cols.map(() => like),
          ...linked.flatMap((l) => Array.from({ length: l.n }, () => like)),
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
    const w = where(qr, chinaToday(ctx))
    const sort = qr.sort ?? (qr.deleted ? { field: 'updatedAt', order: 'desc' as const } : spec.defaultSort)
    const dir = sort.order === 'desc' ? 'DESC' : 'ASC'
    const nameSort = KINDS[nameField.kind].sortExpr(A, nameField)
    const sortField = byKey.get(sort.field)
    const join =
      sortField?.kind === 'ref'
        ? ` LEFT JOIN ${sortField.ref!.table} j_${sortField.key} ON j_${sortField.key}.id = ${A}.${sortField.column}`
        : ''
    const sql = `SELECT ${A}.id FROM ${spec.table} ${A}${join} WHERE ${w.sql} ORDER BY ${sortExpr(sort.field)} ${dir} NULLS LAST, ${nameSort} ${dir}, ${A}.id ${dir}`
    const key = `${sql}\u0000${JSON.stringify(w.params)}`
    let cache = orders.get(ctx.db)
    if (!cache) orders.set(ctx.db, (cache = new Map()))
    const state = dbState(ctx)
    const hit = cache.get(key)
    if (hit && hit.state === state) {
      cache.delete(key)
      cache.set(key, hit)
      return hit.ids
    }
    const ids = ctx.db
      .prepare(sql)
      .pluck()
      .all(...w.params) as number[]
    cache.set(key, { state, ids })
    if (cache.size > 16) cache.delete(cache.keys().next().value as string)
    return ids
  }

  function list(ctx: Ctx, qr: ListQuery): { rows: RecordOf<S>[]; total: number } {
    const ids = orderedIds(ctx, qr)
    const page = ids.slice((qr.page - 1) * qr.pageSize, qr.page * qr.pageSize)
    if (page.length === 0) return { rows: [], total: ids.length }
    const rows = ctx.db
      .prepare(`${select} WHERE ${A}.id IN (${page.map(() => '?').join(',')})`)
      .all(...page) as Row[]
    const byId = new Map(rows.map((r) => [r.id as number, r]))
    return {
      rows: page
        .map((id) => byId.get(id))
        .filter((r): r is Row => r !== undefined)
        .map(fromRow),
      total: ids.length,
    }
  }

  /** Every record matching a query, in list order, without loading them all at once. */
  function* iterate(ctx: Ctx, qr: Omit<ListQuery, 'page' | 'pageSize'>): Generator<RecordOf<S>> {
    const w = where(qr, chinaToday(ctx))
    const sort = qr.sort ?? spec.defaultSort
    const dir = sort.order === 'desc' ? 'DESC' : 'ASC'
    const nameSort = KINDS[nameField.kind].sortExpr(A, nameField)
    const stmt = ctx.db.prepare(
      `${select} WHERE ${w.sql} ORDER BY ${sortExpr(sort.field)} ${dir} NULLS LAST, ${nameSort} ${dir}, ${A}.id ${dir}`,
    )
    for (const r of stmt.iterate(...w.params) as Iterable<Row>) yield fromRow(r)
  }

  function count(ctx: Ctx, qr: Omit<ListQuery, 'page' | 'pageSize' | 'sort'>): number {
    const w = where(qr, chinaToday(ctx))
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
  ): void {
    ctx.db
      .prepare(
        `INSERT INTO ${spec.history.table}(${spec.history.fk}, at, action, changes) VALUES (?, ?, ?, ?)`,
      )
      .run(id, isoNow(ctx), action, JSON.stringify(changes))
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

  function create(ctx: Ctx, input: ValuesOf<S>): RecordOf<S> {
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
        addHistory(ctx, id, v[spec.nameField], 'create', diff(ctx, null, v))
        const created = get(ctx, id)
        hooks.afterWrite?.(ctx, created, null)
        return created
      })
      .immediate()
  }

  /** Writes only the fields in `patch`; a field the form never sent keeps its stored value. */
  function update(
    ctx: Ctx,
    id: number,
    version: number,
    patch: Partial<ValuesOf<S>>,
    action: HistoryEntry['action'] = 'update',
  ): RecordOf<S> {
    return ctx.db.transaction(() => updateIn(ctx, id, version, patch, action)).immediate()
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

  function setDeleted(ctx: Ctx, ids: number[], deleted: boolean): { changed: number } {
    return ctx.db
      .transaction(() => {
        let changed = 0
        const now = isoNow(ctx)
        for (const id of ids) {
          const before = get(ctx, id)
          if (Boolean(before.deletedAt) === deleted) continue
          if (!deleted) assertUnique(ctx, values(before) as Row, id)
          ctx.db
            .prepare(
              `UPDATE ${spec.table} SET deleted_at = ?, version = version + 1, updated_at = ? WHERE id = ?`,
            )
            .run(deleted ? now : null, now, id)
          addHistory(ctx, id, (before as Row)[spec.nameField], deleted ? 'delete' : 'restore', [])
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
    // A record created by an import has its batch item as its first history entry.
    const created = ctx.db
      .prepare(
        `SELECT b.id AS batchId, b.at, b.file_name AS fileName FROM import_batch_items i JOIN import_batches b ON b.id = i.batch_id
         WHERE i.record_id = ? AND i.action = 'insert' AND b.ledger = ?`,
      )
      .get(id, spec.table) as { batchId: number; at: string; fileName: string } | undefined
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
      const total = ctx.db
        .prepare(`SELECT count(*) FROM ${l.table} WHERE ${l.fk} = ?`)
        .pluck()
        .get(id) as number
      const open = l.open
        ? (ctx.db
            .prepare(
              `SELECT count(*) FROM ${l.table} WHERE ${l.fk} = ? AND ${l.open.column} NOT IN (${l.open.notIn.map(() => '?').join(',')})`,
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

  /** Fills derived columns that SQL alone cannot compute (pinyin keys) for rows that lack them. */
  function backfill(ctx: Ctx): number {
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
    list,
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
    fromRow,
    values,
    withDerived,
    text,
    select,
  }
}

export type Repo<S extends LedgerSpec> = ReturnType<typeof createRepo<S>>
