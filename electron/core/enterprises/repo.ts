import { likeAnywhere, Where } from '../db/where'
import { AppError, notFound } from '../errors'
import { isoNow, type Ctx } from '../context'
import {
  ENTERPRISE_LABELS,
  FLAG_KEYS,
  type Enterprise,
  type EnterpriseFlag,
  type EnterpriseInput,
  type EnterpriseSortField,
} from '../shared/enterprise-fields'
import { nameKey, nameSimilarity } from '../shared/validators'

const FLAG_COLUMNS: Record<EnterpriseFlag, string> = {
  hazchem: 'flag_hazchem',
  dust: 'flag_dust',
  ammonia: 'flag_ammonia',
  confinedSpace: 'flag_confined_space',
  metallurgy: 'flag_metallurgy',
  gas: 'flag_gas',
  fireworks: 'flag_fireworks',
  crowded: 'flag_crowded',
}

/** Scalar fields and their columns; flags are handled separately. */
const COLUMNS = {
  name: 'name',
  creditCode: 'credit_code',
  legalRepresentative: 'legal_representative',
  principal: 'principal',
  principalPhone: 'principal_phone',
  safetyOfficer: 'safety_officer',
  safetyOfficerPhone: 'safety_officer_phone',
  contactPhone: 'contact_phone',
  villageId: 'village_id',
  address: 'address',
  industryId: 'industry_id',
  scale: 'scale',
  employees: 'employees',
  establishedDate: 'established_date',
  standardization: 'standardization',
  riskLevel: 'risk_level',
  responsibilityLetterYear: 'responsibility_letter_year',
  status: 'status',
  notes: 'notes',
} as const satisfies Record<Exclude<keyof EnterpriseInput, 'flags'>, string>

type ScalarField = keyof typeof COLUMNS
const SCALAR_FIELDS = Object.keys(COLUMNS) as ScalarField[]

const SORT_SQL: Record<EnterpriseSortField, string> = {
  name: 'e.name',
  creditCode: 'e.credit_code',
  villageName: 'v.sort_order',
  industryName: 'i.name',
  scale: 'e.scale',
  employees: 'e.employees',
  riskLevel:
    "CASE e.risk_level WHEN 'major' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END",
  status: 'e.status',
  updatedAt: 'e.updated_at',
  createdAt: 'e.created_at',
}

const SELECT = `SELECT e.*, v.name AS village_name, i.name AS industry_name
  FROM enterprises e JOIN villages v ON v.id = e.village_id LEFT JOIN industries i ON i.id = e.industry_id`

type Row = Record<string, unknown>

function toEnterprise(r: Row): Enterprise {
  const out: Record<string, unknown> = {}
  for (const f of SCALAR_FIELDS) out[f] = r[COLUMNS[f]] ?? null
  out.flags = FLAG_KEYS.filter((k) => r[FLAG_COLUMNS[k]] === 1)
  return {
    ...(out as unknown as EnterpriseInput),
    status: (r.status as Enterprise['status']) ?? 'operating',
    id: r.id as number,
    villageName: r.village_name as string,
    industryName: (r.industry_name as string | null) ?? null,
    version: r.version as number,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
    deletedAt: (r.deleted_at as string | null) ?? null,
  }
}

function toParams(input: EnterpriseInput): Record<string, unknown> {
  const p: Record<string, unknown> = {}
  for (const f of SCALAR_FIELDS) p[COLUMNS[f]] = input[f]
  for (const k of FLAG_KEYS) p[FLAG_COLUMNS[k]] = input.flags.includes(k) ? 1 : 0
  return p
}

export interface ListQuery {
  page: number
  pageSize: number
  sort?: { field: EnterpriseSortField; order: 'asc' | 'desc' }
  query?: string
  villageIds?: number[]
  industryIds?: number[]
  scales?: string[]
  statuses?: string[]
  riskLevels?: string[]
  flags?: EnterpriseFlag[]
  /** true: only the 回收站; false (default): only live records. */
  deleted?: boolean
  ids?: number[]
}

/** Escapes a user string as one FTS5 phrase. */
function ftsPhrase(token: string): string {
  return `"${token.replace(/"/g, '""')}"`
}

export function buildWhere(q: Omit<ListQuery, 'page' | 'pageSize' | 'sort'>): {
  sql: string
  params: unknown[]
} {
  const w = new Where(q.deleted ? 'e.deleted_at IS NOT NULL' : 'e.deleted_at IS NULL')
    .in('e.id', q.ids)
    .in('e.village_id', q.villageIds)
    .in('e.industry_id', q.industryIds)
    .in('e.scale', q.scales)
    .in('e.status', q.statuses)
    .in('e.risk_level', q.riskLevels)
  for (const f of q.flags ?? []) w.add(`e.${FLAG_COLUMNS[f]} = 1`)
  const tokens = (q.query ?? '')
    .trim()
    .split(/[\s\u3000]+/)
    .filter(Boolean)
  for (const raw of tokens) {
    // Phones and codes are stored normalised; match what the clerk typed either way.
    const token = raw.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    if ([...token].length >= 3)
      w.add('e.id IN (SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH ?)', ftsPhrase(token))
    else {
      // FTS5 trigram cannot match 1-2 characters (it silently returns nothing): use LIKE.
      const like = likeAnywhere(token)
      w.add(
        `(e.name LIKE ? ESCAPE '\\' OR e.credit_code LIKE ? ESCAPE '\\' OR e.legal_representative LIKE ? ESCAPE '\\'
          OR e.principal LIKE ? ESCAPE '\\' OR e.safety_officer LIKE ? ESCAPE '\\' OR e.address LIKE ? ESCAPE '\\')`,
        like,
        like,
        like,
        like,
        like,
        like,
      )
    }
  }
  return { sql: w.sql, params: w.params }
}

export function listEnterprises(ctx: Ctx, q: ListQuery): { rows: Enterprise[]; total: number } {
  const { sql, params } = buildWhere(q)
  const total = (
    ctx.db.prepare(`SELECT count(*) AS n FROM enterprises e WHERE ${sql}`).get(...params) as { n: number }
  ).n
  const sort = q.sort ?? { field: q.deleted ? 'updatedAt' : 'villageName', order: q.deleted ? 'desc' : 'asc' }
  const dir = sort.order === 'desc' ? 'DESC' : 'ASC'
  const rows = ctx.db
    .prepare(
      `${SELECT} WHERE ${sql} ORDER BY ${SORT_SQL[sort.field]} ${dir} NULLS LAST, e.name ${dir}, e.id ${dir} LIMIT ? OFFSET ?`,
    )
    .all(...params, q.pageSize, (q.page - 1) * q.pageSize) as Row[]
  return { rows: rows.map(toEnterprise), total }
}

export function getEnterprise(ctx: Ctx, id: number): Enterprise {
  const row = ctx.db.prepare(`${SELECT} WHERE e.id = ?`).get(id) as Row | undefined
  if (!row) throw notFound('该企业')
  return toEnterprise(row)
}

function assertRefs(ctx: Ctx, input: EnterpriseInput): void {
  if (!ctx.db.prepare('SELECT 1 FROM villages WHERE id = ?').get(input.villageId))
    throw new AppError('VALIDATION', '所选村（社区）不存在，请重新选择', {
      issues: [{ field: 'villageId', message: '所选村（社区）不存在，请重新选择' }],
    })
  if (
    input.industryId !== null &&
    !ctx.db.prepare('SELECT 1 FROM industries WHERE id = ?').get(input.industryId)
  )
    throw new AppError('VALIDATION', '所选行业类别不存在，请重新选择', {
      issues: [{ field: 'industryId', message: '所选行业类别不存在，请重新选择' }],
    })
}

function assertCreditCodeFree(ctx: Ctx, code: string | null, exceptId: number | null): void {
  if (code === null) return
  const row = ctx.db
    .prepare('SELECT id, name, deleted_at FROM enterprises WHERE credit_code = ?')
    .get(code) as { id: number; name: string; deleted_at: string | null } | undefined
  if (!row || row.id === exceptId) return
  const where = row.deleted_at ? '（该企业在回收站中，可在回收站恢复）' : ''
  const message = `统一社会信用代码 ${code} 已被“${row.name}”使用${where}，同一代码不能登记两次`
  throw new AppError('CONFLICT', message, { issues: [{ field: 'creditCode', message }], existingId: row.id })
}

export interface SimilarName {
  id: number
  name: string
  villageName: string
  deleted: boolean
}

/** Near-duplicate names (same name without the legal-form suffix, or very similar). */
export function similarNames(ctx: Ctx, name: string, exceptId: number | null): SimilarName[] {
  const key = nameKey(name)
  if (key.length < 2) return []
  // Prefilter with a few bigrams spread over the name, then score precisely in JS.
  const grams = [
    ...new Set([0, Math.floor((key.length - 2) / 2), key.length - 2].map((i) => key.slice(i, i + 2))),
  ]
  const rows = ctx.db
    .prepare(
      `SELECT e.id, e.name, v.name AS villageName, e.deleted_at IS NOT NULL AS deleted
       FROM enterprises e JOIN villages v ON v.id = e.village_id
       WHERE (${grams.map(() => "e.name LIKE ? ESCAPE '\\'").join(' OR ')}) AND e.id IS NOT ? LIMIT 2000`,
    )
    .all(...grams.map(likeAnywhere), exceptId) as (Omit<SimilarName, 'deleted'> & { deleted: number })[]
  return rows
    .filter((r) => nameSimilarity(r.name, name) >= 0.8)
    .slice(0, 5)
    .map((r) => ({ ...r, deleted: Boolean(r.deleted) }))
}

function diff(
  before: EnterpriseInput | null,
  after: EnterpriseInput | null,
): { field: string; label: string; before: unknown; after: unknown }[] {
  const fields = Object.keys(ENTERPRISE_LABELS) as (keyof EnterpriseInput)[]
  const out = []
  for (const f of fields) {
    const b = before ? before[f] : null
    const a = after ? after[f] : null
    if (JSON.stringify(b) !== JSON.stringify(a))
      out.push({ field: f, label: ENTERPRISE_LABELS[f], before: b, after: a })
  }
  return out
}

function addHistory(ctx: Ctx, id: number, action: string, changes: unknown[]): void {
  ctx.db
    .prepare('INSERT INTO enterprise_history(enterprise_id, at, action, changes) VALUES (?, ?, ?, ?)')
    .run(id, isoNow(ctx), action, JSON.stringify(changes))
}

export function createEnterprise(ctx: Ctx, input: EnterpriseInput): Enterprise {
  return ctx.db.transaction(() => {
    assertRefs(ctx, input)
    assertCreditCodeFree(ctx, input.creditCode, null)
    const now = isoNow(ctx)
    const p = toParams(input)
    const cols = Object.keys(p)
    const r = ctx.db
      .prepare(
        `INSERT INTO enterprises(${cols.join(',')}, created_at, updated_at) VALUES (${cols.map((c) => `@${c}`).join(',')}, @now, @now)`,
      )
      .run({ ...p, now })
    const id = Number(r.lastInsertRowid)
    addHistory(ctx, id, 'create', diff(null, input))
    return getEnterprise(ctx, id)
  })()
}

export function updateEnterprise(ctx: Ctx, id: number, version: number, input: EnterpriseInput): Enterprise {
  return ctx.db.transaction(() => {
    const before = getEnterprise(ctx, id)
    if (before.deletedAt) throw new AppError('CONFLICT', '该企业已在回收站中，请先恢复再修改')
    if (before.version !== version)
      throw new AppError(
        'CONFLICT',
        '该企业的信息刚被修改过（可能在另一个窗口），请刷新后再保存，以免覆盖别人的修改',
      )
    assertRefs(ctx, input)
    assertCreditCodeFree(ctx, input.creditCode, id)
    const changes = diff(before, input)
    if (changes.length === 0) return before
    const p = toParams(input)
    ctx.db
      .prepare(
        `UPDATE enterprises SET ${Object.keys(p)
          .map((c) => `${c} = @${c}`)
          .join(', ')},
           version = version + 1, updated_at = @now WHERE id = @id`,
      )
      .run({ ...p, now: isoNow(ctx), id })
    addHistory(ctx, id, 'update', changes)
    return getEnterprise(ctx, id)
  })()
}

export function setDeleted(ctx: Ctx, ids: number[], deleted: boolean): { changed: number } {
  return ctx.db.transaction(() => {
    let changed = 0
    const now = isoNow(ctx)
    for (const id of ids) {
      const before = getEnterprise(ctx, id)
      if (Boolean(before.deletedAt) === deleted) continue
      ctx.db
        .prepare('UPDATE enterprises SET deleted_at = ?, version = version + 1, updated_at = ? WHERE id = ?')
        .run(deleted ? now : null, now, id)
      addHistory(ctx, id, deleted ? 'delete' : 'restore', [])
      changed++
    }
    return { changed }
  })()
}

export interface HistoryEntry {
  id: number
  at: string
  action: 'create' | 'update' | 'delete' | 'restore' | 'import'
  changes: { field: string; label: string; before: unknown; after: unknown }[]
}

export function enterpriseHistory(ctx: Ctx, id: number): HistoryEntry[] {
  getEnterprise(ctx, id)
  const rows = ctx.db
    .prepare(
      'SELECT id, at, action, changes FROM enterprise_history WHERE enterprise_id = ? ORDER BY id DESC',
    )
    .all(id) as { id: number; at: string; action: HistoryEntry['action']; changes: string }[]
  const entries = rows.map((r) => ({ ...r, changes: JSON.parse(r.changes) as HistoryEntry['changes'] }))
  // A record created by an import has its batch item as its first history entry.
  const created = ctx.db
    .prepare(
      `SELECT b.id AS batchId, b.at, b.file_name AS fileName FROM import_batch_items i JOIN import_batches b ON b.id = i.batch_id
       WHERE i.record_id = ? AND i.action = 'insert' AND b.ledger = 'enterprises'`,
    )
    .get(id) as { batchId: number; at: string; fileName: string } | undefined
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
