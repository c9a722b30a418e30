import { randomUUID } from 'node:crypto'
import type { Ctx } from '../context'
import { chinaDateTime } from '../shared/inspection-fields'

// The audit trail (操作日志): one append-only table (migration 0008) that every write path reports
// to — the kit's repositories (every ledger built on it), imports and their undo, hazards,
// inspections, documents and restores. Per-record history tables stay as they are (they drive the
// history drawers); this is the office-wide record of who did what, searchable by day and record.

export const AUDIT_ACTIONS = {
  create: '新增',
  update: '修改',
  delete: '删除',
  restore: '恢复',
  import: '导入',
  undo: '撤销导入',
  transition: '办理',
  issue: '签发',
  void: '作废',
  'restore-backup': '从备份恢复数据',
  reveal: '查看完整号码',
} as const
export type AuditAction = keyof typeof AUDIT_ACTIONS

/** Written when nobody has been chosen yet (the 本单位人员 list is empty, or an older client). */
export const UNKNOWN_OPERATOR = '未选择操作人员'

export interface AuditChange {
  field: string
  label: string
  before: unknown
  after: unknown
}

export interface AuditInput {
  action: AuditAction
  /** A ledger's key ('enterprise', 'hazard', …) or another area ('document', 'data'). */
  ledger: string
  recordId?: number | null
  recordName?: string | null
  changes?: AuditChange[]
  note?: string | null
}

export interface AuditEntry {
  id: number
  at: string
  operator: string
  action: AuditAction
  ledger: string
  recordId: number | null
  recordName: string | null
  changes: AuditChange[]
  note: string | null
}

/** Appends one entry, inside the caller's transaction: the entry exists exactly when the change does. */
export function writeAudit(ctx: Ctx, e: AuditInput): void {
  ctx.db
    .prepare(
      `INSERT INTO audit_log(uid, at, operator, action, ledger, record_id, record_name, changes, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      randomUUID(),
      chinaDateTime(ctx.now()),
      ctx.operator?.trim() || UNKNOWN_OPERATOR,
      e.action,
      e.ledger,
      e.recordId ?? null,
      e.recordName ?? null,
      JSON.stringify(e.changes ?? []),
      e.note ?? null,
    )
}

/** Every entry as stored, for carrying the trail across a restore. */
export function readAllAudit(ctx: Pick<Ctx, 'db'>): unknown[][] {
  return ctx.db
    .prepare(
      'SELECT uid, at, operator, action, ledger, record_id, record_name, changes, note FROM audit_log ORDER BY id',
    )
    .raw()
    .all() as unknown[][]
}

/**
 * Puts entries read from the database before a restore into the restored one: those it already has
 * (same uid) are skipped, so the trail loses nothing written after the backup was made.
 */
export function carryAudit(ctx: Pick<Ctx, 'db'>, rows: unknown[][]): number {
  const ins = ctx.db.prepare(
    `INSERT OR IGNORE INTO audit_log(uid, at, operator, action, ledger, record_id, record_name, changes, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  let carried = 0
  ctx.db.transaction(() => {
    for (const r of rows) carried += ins.run(...r).changes
  })()
  return carried
}

export interface AuditQuery {
  from?: string
  to?: string
  ledger?: string
  recordId?: number
  operator?: string
  action?: AuditAction
  q?: string
  page: number
  pageSize: number
}

export function listAudit(ctx: Ctx, q: AuditQuery): { rows: AuditEntry[]; total: number } {
  const where: string[] = []
  const params: Record<string, unknown> = {}
  if (q.from) {
    where.push('at >= @from')
    params.from = q.from
  }
  if (q.to) {
    // a day's entries run to 23:59:59 of that day
    where.push('at < @to')
    params.to = `${q.to} 99`
  }
  if (q.ledger) {
    where.push('ledger = @ledger')
    params.ledger = q.ledger
  }
  if (q.recordId !== undefined) {
    where.push('record_id = @recordId')
    params.recordId = q.recordId
  }
  if (q.operator) {
    where.push('operator = @operator')
    params.operator = q.operator
  }
  if (q.action) {
    where.push('action = @action')
    params.action = q.action
  }
  if (q.q) {
    where.push(
      "(instr(coalesce(record_name, ''), @q) > 0 OR instr(coalesce(note, ''), @q) > 0 OR instr(changes, @q) > 0)",
    )
    params.q = q.q
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const total = ctx.db.prepare(`SELECT count(*) FROM audit_log ${w}`).pluck().get(params) as number
  const rows = ctx.db
    .prepare(
      `SELECT id, at, operator, action, ledger, record_id AS recordId, record_name AS recordName, changes, note
       FROM audit_log ${w} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) as (Omit<
    AuditEntry,
    'changes'
  > & { changes: string })[]
  return { rows: rows.map((r) => ({ ...r, changes: JSON.parse(r.changes) as AuditChange[] })), total }
}

/** The operators seen in the trail, for the filter. */
export function auditOperators(ctx: Ctx): string[] {
  return ctx.db.prepare('SELECT DISTINCT operator FROM audit_log ORDER BY operator').pluck().all() as string[]
}
