import crypto from 'node:crypto'
import path from 'node:path'
import { AppError } from '../errors'
import { isoNow, type Ctx } from '../context'
import { stamp, verifiedBackup } from '../db/open'
import { FLAG_KEYS, type EnterpriseFlag, type EnterpriseInput } from '../shared/enterprise-fields'
import { validateEnterprise } from '../shared/enterprise-schema'
import { checkPhone } from '../shared/validators'
import { excelError } from './errors'
import { colLetter, type CellValue, type GridBook, type GridSheet } from './grid'
import { detectHeader, expandMerges, isBlank, isFooterRow, isTotalRow, type HeaderBand } from './header'
import { ENTERPRISE_IMPORT_FIELDS } from './ledgers/enterprises'
import { IGNORE_FIELD, type LedgerField } from './ledgers/types'
import { headerFingerprint, makeMatcher, matchColumns, type ColumnMatch } from './mapping'

// Import pipeline for the enterprise ledger: grid → header band → mapping → normalise →
// validate → plan (新增/更新/跳过/错误) → commit in one transaction with a batch id → undo.

export interface RowIssue {
  sheet: string
  row: number
  column: string | null
  field: string | null
  message: string
}

export type RowStatus = 'insert' | 'update' | 'unchanged' | 'duplicate' | 'error'

export interface PlannedRow {
  row: number
  status: RowStatus
  /** Canonical values by field key (for the preview grid). */
  values: Record<string, unknown>
  issues: RowIssue[]
  existingId: number | null
  input: EnterpriseInput | null
  villageName: string | null
  industryName: string | null
}

export interface ImportSession {
  id: string
  ledger: 'enterprises'
  fileName: string
  book: GridBook
  sheetName: string
  expanded: CellValue[][]
  band: HeaderBand
  mapping: Map<number, string | null>
  matches: ColumnMatch[]
  fingerprint: string
  mappingRemembered: boolean
  fixes: Map<number, Record<string, unknown>>
  lastDataRow: number
  plan: PlannedRow[]
  /** Database state the plan was computed against; a commit re-plans only if it moved. */
  plannedAt: string
  createdAt: number
}

export interface ImportSummary {
  inserted: number
  updated: number
  skipped: number
  errors: RowIssue[]
}

const FIELDS = ENTERPRISE_IMPORT_FIELDS
const FIELD_BY_KEY = new Map(FIELDS.map((f) => [f.key, f]))
const MATCHER = makeMatcher(FIELDS)

export function sessions(ctx: Ctx): Map<string, ImportSession> {
  const holder = ctx as Ctx & { importSessions?: Map<string, ImportSession> }
  holder.importSessions ??= new Map()
  return holder.importSessions
}

function dataSheets(book: GridBook): GridSheet[] {
  return book.sheets.filter((s) => !s.hidden && s.rows.some((r) => !isBlank(r)))
}

/** Chooses the sheet (or uses the requested one) and finds its header band. */
export function openSession(ctx: Ctx, book: GridBook, fileName: string, sheetName?: string): ImportSession {
  const candidates = dataSheets(book)
  if (candidates.length === 0) throw excelError(`文件“${fileName}”中没有任何数据`)
  let chosen: { sheet: GridSheet; expanded: CellValue[][]; band: HeaderBand; matches: ColumnMatch[] } | null = null
  let bestMapped = -1
  for (const sheet of sheetName ? book.sheets.filter((s) => s.name === sheetName) : candidates) {
    const expanded = expandMerges(sheet)
    const band = detectHeader(expanded, MATCHER)
    if (!band) continue
    const matches = matchColumns(band.columns, FIELDS)
    const mapped = matches.filter((m) => m.field && m.field !== IGNORE_FIELD).length
    if (mapped > bestMapped) {
      bestMapped = mapped
      chosen = { sheet, expanded, band, matches }
    }
  }
  if (sheetName && !book.sheets.some((s) => s.name === sheetName)) throw excelError(`文件中没有名为“${sheetName}”的工作表`)
  if (!chosen || !chosen.matches.some((m) => m.field === 'name'))
    throw excelError(
      `“${fileName}”${sheetName ? `的工作表“${sheetName}”` : ''}看起来不是企业台账：没有找到“企业名称”等表头。` +
        '请确认表格第一部分是表头行（企业名称、统一社会信用代码、所属村等），或先用“下载导入模板”整理数据。',
    )
  const fingerprint = headerFingerprint(chosen.band.columns)
  const remembered = ctx.db
    .prepare('SELECT mapping FROM import_mappings WHERE ledger = ? AND fingerprint = ?')
    .get('enterprises', fingerprint) as { mapping: string } | undefined
  const mapping = new Map<number, string | null>(chosen.matches.map((m) => [m.column, m.field]))
  if (remembered) {
    for (const [col, field] of Object.entries(JSON.parse(remembered.mapping) as Record<string, string | null>))
      if (mapping.has(Number(col))) mapping.set(Number(col), field)
  }
  // Data ends at the first 合计/footer row below the header band.
  const rows = chosen.expanded
  let last = rows.length
  for (let r = chosen.band.firstDataRow; r <= rows.length; r++) {
    const row = rows[r - 1]
    if (isTotalRow(row) || isFooterRow(row)) {
      last = r - 1
      break
    }
  }
  const session: ImportSession = {
    id: crypto.randomUUID(),
    ledger: 'enterprises',
    fileName,
    book,
    sheetName: chosen.sheet.name,
    expanded: rows,
    band: chosen.band,
    mapping,
    matches: chosen.matches,
    fingerprint,
    mappingRemembered: Boolean(remembered),
    fixes: new Map(),
    lastDataRow: last,
    plan: [],
    plannedAt: '',
    createdAt: Date.now(),
  }
  const all = sessions(ctx)
  // Keep at most a few open previews; the oldest is dropped.
  if (all.size >= 4) all.delete([...all.values()].sort((a, b) => a.createdAt - b.createdAt)[0]?.id ?? '')
  all.set(session.id, session)
  planSession(ctx, session)
  return session
}

export function getSession(ctx: Ctx, id: string): ImportSession {
  const s = sessions(ctx).get(id)
  if (!s) throw new AppError('NOT_FOUND', '这次导入的预览已过期，请重新选择文件')
  return s
}

function colName(session: ImportSession, field: string): string | null {
  for (const [col, f] of session.mapping) if (f === field) return colLetter(col)
  return null
}

interface DbIndex {
  byCode: Map<string, { id: number; deleted: boolean }>
  byNameVillage: Map<string, { id: number; deleted: boolean }>
}

function loadIndex(ctx: Ctx): DbIndex {
  const byCode = new Map<string, { id: number; deleted: boolean }>()
  const byNameVillage = new Map<string, { id: number; deleted: boolean }>()
  const rows = ctx.db
    .prepare(
      'SELECT e.id, e.name, e.credit_code, e.deleted_at IS NOT NULL AS deleted, v.name AS village FROM enterprises e JOIN villages v ON v.id = e.village_id',
    )
    .raw()
    .all() as [number, string, string | null, number, string][]
  for (const [id, name, code, deleted, village] of rows) {
    const rec = { id, deleted: deleted === 1 }
    if (code) byCode.set(code, rec)
    byNameVillage.set(`${name}|${village}`, rec)
  }
  return { byCode, byNameVillage }
}

/** Recomputes the plan after opening, a mapping change or an inline fix. */
export function planSession(ctx: Ctx, s: ImportSession): void {
  const year = ctx.now().getFullYear()
  const index = loadIndex(ctx)
  const fieldCols: [number, LedgerField][] = []
  for (const [col, key] of s.mapping) {
    const f = key ? FIELD_BY_KEY.get(key) : undefined
    if (f && f.key !== IGNORE_FIELD) fieldCols.push([col, f])
  }
  const villageIds = new Map(
    (ctx.db.prepare('SELECT name, id FROM villages').raw().all() as [string, number][]).map(([n, id]) => [n, id]),
  )
  const existing = ctx.db.prepare(
    `SELECT e.*, v.name AS village_name, i.name AS industry_name FROM enterprises e
     JOIN villages v ON v.id = e.village_id LEFT JOIN industries i ON i.id = e.industry_id WHERE e.id = ?`,
  )
  const plan: PlannedRow[] = []
  const seen = new Map<string, PlannedRow>()
  for (let r = s.band.firstDataRow; r <= s.lastDataRow; r++) {
    const row = s.expanded[r - 1] ?? []
    if (isBlank(row)) continue
    const values: Record<string, unknown> = {}
    const issues: RowIssue[] = []
    const fix = s.fixes.get(r)
    for (const [col, f] of fieldCols) {
      const raw = fix && f.key in fix ? (fix[f.key] as CellValue) : (row[col - 1] ?? null)
      const res = f.read(raw, { year })
      if (res.ok) values[f.key] = res.value
      else {
        values[f.key] = raw
        issues.push({ sheet: s.sheetName, row: r, column: colLetter(col), field: f.key, message: res.message })
      }
    }
    // Only rows that carry at least a name or a code are data (skips stray notes below a table).
    if (values.name === null && (values.creditCode ?? null) === null && issues.length === 0) continue
    const flags = new Set<EnterpriseFlag>((values.flags as EnterpriseFlag[] | null) ?? [])
    for (const k of FLAG_KEYS) if (values[`flag.${k}`] === true) flags.add(k)
    const phones = (key: string): string | null => {
      const list = values[key] as string[] | null | undefined
      if (!list || list.length === 0) return null
      return list[0] as string
    }
    const extraPhones = ['principalPhone', 'safetyOfficerPhone', 'contactPhone'].flatMap((k) =>
      ((values[k] as string[] | null | undefined) ?? []).slice(1),
    )
    const villageName = (values.villageName as string | null) ?? null
    const industryName = (values.industryName as string | null) ?? null
    const notes = [values.notes as string | null, extraPhones.length ? `其他电话：${extraPhones.join('、')}` : null]
      .filter(Boolean)
      .join('；')
    const raw = {
      name: values.name ?? '',
      creditCode: values.creditCode ?? null,
      legalRepresentative: values.legalRepresentative ?? null,
      principal: values.principal ?? null,
      principalPhone: phones('principalPhone'),
      safetyOfficer: values.safetyOfficer ?? null,
      safetyOfficerPhone: phones('safetyOfficerPhone'),
      contactPhone: phones('contactPhone'),
      villageId: villageName ? (villageIds.get(villageName) ?? 1) : 0,
      address: values.address ?? null,
      industryId: null,
      scale: values.scale ?? null,
      employees: values.employees ?? null,
      establishedDate: values.establishedDate ?? null,
      flags: [...flags],
      standardization: values.standardization ?? null,
      riskLevel: values.riskLevel ?? null,
      responsibilityLetterYear: values.responsibilityLetterYear ?? null,
      status: values.status ?? 'operating',
      notes: notes || null,
    }
    let input: EnterpriseInput | null = null
    const failedFields = new Set(issues.map((i) => i.field))
    const v = validateEnterprise(raw, 'canonical')
    if (v.ok) input = v.value
    else
      for (const i of v.issues) {
        const field = i.field === 'villageId' ? 'villageName' : i.field
        if (failedFields.has(field)) continue
        const message = i.field === 'villageId' ? '所属村（社区）为空，请填写企业所在的村或社区' : i.message
        issues.push({ sheet: s.sheetName, row: r, column: colName(s, field), field, message })
      }
    // Phone columns validated per number, including the extra ones moved to notes.
    for (const key of ['principalPhone', 'safetyOfficerPhone', 'contactPhone'])
      for (const p of ((values[key] as string[] | null | undefined) ?? []).slice(1)) {
        const msg = checkPhone(p, FIELD_BY_KEY.get(key)?.label)
        if (msg) issues.push({ sheet: s.sheetName, row: r, column: colName(s, key), field: key, message: msg })
      }
    const planned: PlannedRow = {
      row: r,
      status: issues.length ? 'error' : 'insert',
      values,
      issues,
      existingId: null,
      input: issues.length ? null : input,
      villageName,
      industryName,
    }
    if (planned.status !== 'error' && input) {
      const key = input.creditCode ? `code:${input.creditCode}` : `name:${input.name}|${villageName}`
      const earlier = seen.get(key)
      if (earlier) {
        // Duplicates inside the file: the later row wins, the earlier one is reported and skipped.
        earlier.status = 'duplicate'
        earlier.issues.push({
          sheet: s.sheetName,
          row: earlier.row,
          column: null,
          field: null,
          message: `与第 ${r} 行是同一家企业（${input.creditCode ? '统一社会信用代码相同' : '名称和村相同'}），以第 ${r} 行为准`,
        })
      }
      seen.set(key, planned)
      const hit = input.creditCode ? index.byCode.get(input.creditCode) : index.byNameVillage.get(`${input.name}|${villageName}`)
      if (hit?.deleted) {
        planned.status = 'error'
        planned.issues.push({
          sheet: s.sheetName,
          row: r,
          column: colName(s, input.creditCode ? 'creditCode' : 'name'),
          field: input.creditCode ? 'creditCode' : 'name',
          message: '该企业在回收站中。请先在回收站恢复，再重新导入',
        })
      } else if (hit) {
        planned.existingId = hit.id
        const cur = existing.get(hit.id) as Record<string, unknown>
        planned.status = sameAsStored(input, villageName, industryName, cur) ? 'unchanged' : 'update'
      }
    }
    plan.push(planned)
  }
  s.plan = plan
  s.plannedAt = dbState(ctx)
}

function dbState(ctx: Ctx): string {
  const changes = ctx.db.prepare('SELECT total_changes()').pluck().get() as number
  return `${changes}:${ctx.db.pragma('data_version', { simple: true }) as number}`
}

function sameAsStored(input: EnterpriseInput, village: string | null, industry: string | null, cur: Record<string, unknown>): boolean {
  const stored: Record<string, unknown> = {
    name: cur.name,
    creditCode: cur.credit_code,
    legalRepresentative: cur.legal_representative,
    principal: cur.principal,
    principalPhone: cur.principal_phone,
    safetyOfficer: cur.safety_officer,
    safetyOfficerPhone: cur.safety_officer_phone,
    contactPhone: cur.contact_phone,
    address: cur.address,
    scale: cur.scale,
    employees: cur.employees,
    establishedDate: cur.established_date,
    standardization: cur.standardization,
    riskLevel: cur.risk_level,
    responsibilityLetterYear: cur.responsibility_letter_year,
    status: cur.status,
    notes: cur.notes,
  }
  for (const [k, v] of Object.entries(stored)) if ((input as unknown as Record<string, unknown>)[k] !== (v ?? null)) return false
  const flags = FLAG_KEYS.filter((k) => cur[`flag_${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`] === 1)
  if ([...flags].sort().join() !== [...input.flags].sort().join()) return false
  return village === cur.village_name && (industry ?? null) === (cur.industry_name ?? null)
}

export function summarize(s: ImportSession): ImportSummary & { unchanged: number; duplicates: number } {
  let inserted = 0
  let updated = 0
  let unchanged = 0
  let duplicates = 0
  const errors: RowIssue[] = []
  for (const p of s.plan) {
    if (p.status === 'insert') inserted++
    else if (p.status === 'update') updated++
    else if (p.status === 'unchanged') unchanged++
    else if (p.status === 'duplicate') duplicates++
    else errors.push(...p.issues)
  }
  return { inserted, updated, skipped: unchanged + duplicates, unchanged, duplicates, errors }
}

export function rememberMapping(ctx: Ctx, s: ImportSession): void {
  ctx.db
    .prepare(
      `INSERT INTO import_mappings(ledger, fingerprint, mapping, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(ledger, fingerprint) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
    )
    .run(s.ledger, s.fingerprint, JSON.stringify(Object.fromEntries(s.mapping)), isoNow(ctx))
}

export type CommitPolicy = 'valid-only' | 'all-or-nothing'

export interface CommitResult extends ImportSummary {
  batchId: number | null
  backup: string | null
  newVillages: string[]
  newIndustries: string[]
}

const FTS_TRIGGERS = ['enterprises_fts_insert', 'enterprises_fts_update', 'enterprises_fts_delete']
const BULK_THRESHOLD = 500

/**
 * Writes the plan in one transaction after a verified backup. Either every planned row is
 * written with its batch record, or nothing is.
 */
export async function commitSession(
  ctx: Ctx,
  s: ImportSession,
  policy: CommitPolicy,
  onProgress?: (done: number, total: number) => void,
): Promise<CommitResult> {
  if (s.plannedAt !== dbState(ctx)) planSession(ctx, s)
  const summary = summarize(s)
  if (policy === 'all-or-nothing' && summary.errors.length > 0)
    throw new AppError(
      'VALIDATION',
      `文件中有 ${new Set(summary.errors.map((e) => e.row)).size} 行有错误，按“整个文件全部正确才导入”的设置，本次没有导入任何数据。请修正后重试。`,
      { errors: summary.errors.slice(0, 200) },
    )
  const work = s.plan.filter((p) => p.status === 'insert' || p.status === 'update')
  let backup: string | null = null
  if (ctx.dataDir && work.length > 0) {
    backup = await verifiedBackup(ctx.db, path.join(ctx.dataDir, 'backups', `before-import-${stamp(ctx.now())}.sqlite`), ctx.nativeBinding)
  }
  const now = isoNow(ctx)
  const result = ctx.db.transaction(() => {
    const newVillages: string[] = []
    const newIndustries: string[] = []
    const lookup = (table: 'villages' | 'industries', created: string[]) => {
      const map = new Map((ctx.db.prepare(`SELECT name, id FROM ${table}`).raw().all() as [string, number][]).map(([n, i]) => [n, i]))
      const max = ctx.db.prepare(`SELECT coalesce(max(sort_order), 0) AS m FROM ${table}`).pluck().get() as number
      let order = max
      const ins = ctx.db.prepare(`INSERT INTO ${table}(name, sort_order, created_at) VALUES (?, ?, ?)`)
      return (name: string | null): number | null => {
        if (!name) return null
        let id = map.get(name)
        if (id === undefined) {
          id = Number(ins.run(name, ++order, now).lastInsertRowid)
          map.set(name, id)
          created.push(name)
        }
        return id
      }
    }
    const villageId = lookup('villages', newVillages)
    const industryId = lookup('industries', newIndustries)
    const batchId = Number(
      ctx.db
        .prepare('INSERT INTO import_batches(ledger, file_name, sheet, at) VALUES (?, ?, ?, ?)')
        .run(s.ledger, s.fileName, s.sheetName, now).lastInsertRowid,
    )
    const bulk = work.length >= BULK_THRESHOLD
    const triggerSql: string[] = []
    if (bulk) {
      // FTS triggers firing per row make a 100k-row load ~7x slower: drop them inside this
      // transaction, index the touched rows in one statement, and put the triggers back.
      for (const t of FTS_TRIGGERS) {
        triggerSql.push(ctx.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck().get(t) as string)
        ctx.db.exec(`DROP TRIGGER ${t}`)
      }
    }
    const cols = [
      'name', 'credit_code', 'legal_representative', 'principal', 'principal_phone', 'safety_officer',
      'safety_officer_phone', 'contact_phone', 'village_id', 'address', 'industry_id', 'scale', 'employees',
      'established_date', ...FLAG_KEYS.map((k) => `flag_${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`),
      'standardization', 'risk_level', 'responsibility_letter_year', 'status', 'notes',
    ]
    const insert = ctx.db.prepare(
      `INSERT INTO enterprises(${cols.join(',')}, created_at, updated_at) VALUES (${cols.map(() => '?').join(',')}, ?, ?)`,
    )
    const update = ctx.db.prepare(
      `UPDATE enterprises SET ${cols.map((c) => `${c} = ?`).join(', ')}, version = version + 1, updated_at = ? WHERE id = ? RETURNING version`,
    )
    const before = ctx.db.prepare('SELECT * FROM enterprises WHERE id = ?')
    const item = ctx.db.prepare('INSERT INTO import_batch_items(batch_id, record_id, action, before, after_version) VALUES (?, ?, ?, ?, ?)')
    const history = ctx.db.prepare("INSERT INTO enterprise_history(enterprise_id, at, action, changes) VALUES (?, ?, 'import', ?)")
    const touched: number[] = []
    let done = 0
    for (const p of work) {
      const i = p.input as EnterpriseInput
      const values = [
        i.name, i.creditCode, i.legalRepresentative, i.principal, i.principalPhone, i.safetyOfficer,
        i.safetyOfficerPhone, i.contactPhone, villageId(p.villageName), i.address, industryId(p.industryName), i.scale,
        i.employees, i.establishedDate, ...FLAG_KEYS.map((k) => (i.flags.includes(k) ? 1 : 0)),
        i.standardization, i.riskLevel, i.responsibilityLetterYear, i.status, i.notes,
      ]
      const note = JSON.stringify([{ field: '_batch', label: '导入批次', before: null, after: `${batchId}（${s.fileName} 第${p.row}行）` }])
      if (p.status === 'insert') {
        const id = Number(insert.run(...values, now, now).lastInsertRowid)
        // The insert's history entry is the batch item itself (see enterpriseHistory).
        item.run(batchId, id, 'insert', null, 1)
        touched.push(id)
      } else {
        const id = p.existingId as number
        const prev = JSON.stringify(before.get(id))
        const { version } = update.get(...values, now, id) as { version: number }
        item.run(batchId, id, 'update', prev, version)
        history.run(id, now, note)
        touched.push(id)
      }
      if (++done % 5000 === 0) onProgress?.(done, work.length)
    }
    if (bulk) {
      ctx.db.exec('CREATE TEMP TABLE IF NOT EXISTS touched_ids(id INTEGER PRIMARY KEY)')
      ctx.db.exec('DELETE FROM touched_ids')
      const t = ctx.db.prepare('INSERT INTO touched_ids(id) VALUES (?)')
      for (const id of touched) t.run(id)
      ctx.db.exec(`DELETE FROM enterprise_fts WHERE rowid IN (SELECT id FROM touched_ids)`)
      ctx.db.exec(`INSERT INTO enterprise_fts(rowid, name, credit_code, people, phones, address)
        SELECT e.id, e.name, coalesce(e.credit_code, ''),
               concat_ws(' ', e.legal_representative, e.principal, e.safety_officer),
               concat_ws(' ', e.principal_phone, e.safety_officer_phone, e.contact_phone),
               coalesce(e.address, '')
        FROM enterprises e JOIN touched_ids t ON t.id = e.id`)
      ctx.db.exec('DELETE FROM touched_ids')
      for (const sql of triggerSql) ctx.db.exec(sql)
    }
    const inserted = work.filter((p) => p.status === 'insert').length
    const updated = work.length - inserted
    ctx.db
      .prepare('UPDATE import_batches SET inserted = ?, updated = ?, skipped = ?, errors = ? WHERE id = ?')
      .run(inserted, updated, summary.skipped, new Set(summary.errors.map((e) => e.row)).size, batchId)
    return { batchId, inserted, updated, newVillages, newIndustries }
  })()
  rememberMapping(ctx, s)
  sessions(ctx).delete(s.id)
  ctx.log.info(`import batch ${result.batchId}: ${s.fileName} inserted ${result.inserted} updated ${result.updated}`)
  return { ...result, skipped: summary.skipped, errors: summary.errors, backup }
}

export function undoBatch(ctx: Ctx, batchId: number): { removed: number; restored: number } {
  return ctx.db.transaction(() => {
    const batch = ctx.db.prepare('SELECT * FROM import_batches WHERE id = ?').get(batchId) as
      | { undone_at: string | null; file_name: string }
      | undefined
    if (!batch) throw new AppError('NOT_FOUND', '该导入批次不存在')
    if (batch.undone_at) throw new AppError('CONFLICT', `该批次已于 ${batch.undone_at} 撤销过`)
    const items = ctx.db
      .prepare('SELECT record_id, action, before, after_version FROM import_batch_items WHERE batch_id = ?')
      .all(batchId) as { record_id: number; action: 'insert' | 'update'; before: string | null; after_version: number }[]
    const current = ctx.db.prepare('SELECT name, version FROM enterprises WHERE id = ?')
    const changed: string[] = []
    for (const it of items) {
      const cur = current.get(it.record_id) as { name: string; version: number } | undefined
      if (!cur || cur.version !== it.after_version) changed.push(cur?.name ?? `#${it.record_id}`)
    }
    if (changed.length)
      throw new AppError(
        'CONFLICT',
        `有 ${changed.length} 家企业在导入后又被修改过（如：${changed.slice(0, 3).join('、')}），为避免丢失这些修改，不能整批撤销。`,
        { changed: changed.slice(0, 100) },
      )
    const now = isoNow(ctx)
    let removed = 0
    let restored = 0
    const del = ctx.db.prepare('DELETE FROM enterprises WHERE id = ?')
    for (const it of items) {
      if (it.action === 'insert') {
        try {
          del.run(it.record_id)
        } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw err
          const name = (current.get(it.record_id) as { name: string }).name
          throw new AppError(
            'CONFLICT',
            `“${name}”是这次导入新增的企业，之后已经有了检查记录、隐患或文书，不能整批撤销。如确需删除，请逐家移入回收站。`,
          )
        }
        removed++
      } else {
        const prev = JSON.parse(it.before as string) as Record<string, unknown>
        const cols = Object.keys(prev).filter((c) => c !== 'id' && c !== 'version')
        ctx.db
          .prepare(`UPDATE enterprises SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1 WHERE id = @id`)
          .run({ ...prev, id: it.record_id })
        ctx.db
          .prepare("INSERT INTO enterprise_history(enterprise_id, at, action, changes) VALUES (?, ?, 'update', ?)")
          .run(it.record_id, now, JSON.stringify([{ field: '_batch', label: '撤销导入批次', before: batchId, after: null }]))
        restored++
      }
    }
    ctx.db.prepare('UPDATE import_batches SET undone_at = ? WHERE id = ?').run(now, batchId)
    return { removed, restored }
  })()
}
