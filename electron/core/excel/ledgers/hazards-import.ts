import type { Ctx } from '../../context'
import { AppError } from '../../errors'
import type { HazardGrade, HazardStatus } from '../../inspections/fields'
import {
  isEmpty,
  normalizeDate,
  normalizeEnum,
  normalizePeople,
  normalizeText,
  type Normalized,
} from '../normalize'
import type { CellValue } from '../grid'
import type { LedgerImporter, Work } from './plugin'
import { IGNORE_FIELD, type LedgerField } from './types'

// The hazard ledger (隐患排查整改台账) in the import engine. A row names its enterprise; one the
// roster does not have yet is added (to the village the row names, or 待补充) and reported.
// Identity of a hazard: enterprise + date found + description.

const ok = <T>(value: T): Normalized<T> => ({ ok: true, value })

/** Dates where "/" or "无" means "not yet" (复查日期 of open items). */
function dateOrDash(v: CellValue): Normalized<string | null> {
  if (!isEmpty(v) && typeof v === 'string' && /^[\s/／\\—\-无未]*$/.test(v)) return ok(null)
  const r = normalizeDate(v)
  if (!r.ok && typeof v === 'string' && /^\d{4}[.\-/年]\d{1,2}[.\-/月]\d{1,2}日?$/.test(v.trim()))
    return { ok: false, message: `日期“${v}”不存在（这个月没有这一天），请核对` }
  return r
}

export const HAZARD_STATE_WORDS = {
  done: ['已整改', '完成', '已完成', '整改完成', '是', '√', '已销号', '销号', '合格'],
  rectifying: ['整改中', '正在整改', '整改期间'],
  pending: ['未整改', '否', '待整改', '尚未整改', '未完成'],
} as const
type HazardState = keyof typeof HAZARD_STATE_WORDS

const GRADE_WORDS: Record<HazardGrade, string[]> = {
  general: ['一般', '一般隐患', '一般事故隐患'],
  major: ['重大', '重大隐患', '重大事故隐患'],
}

export const HAZARD_IMPORT_FIELDS: LedgerField[] = [
  { key: IGNORE_FIELD, label: '序号', synonyms: ['序号', '编号', '序'], read: () => ok(null) },
  {
    key: 'foundOn',
    label: '检查日期',
    required: true,
    synonyms: ['检查日期', '排查日期', '发现日期', '检查时间', '排查时间', '发现时间'],
    read: (v) => dateOrDash(v),
    width: 12,
    kind: 'date',
  },
  {
    key: 'enterpriseName',
    label: '企业名称',
    required: true,
    synonyms: ['企业名称', '单位名称', '被检查单位', '生产经营单位', '企业(单位)名称', '单位'],
    read: (v) => ok(normalizeText(v)),
    width: 26,
  },
  {
    key: 'villageName',
    label: '所属村（社区）',
    synonyms: ['所属村(社区)', '所属村', '村(社区)', '村居', '所在村'],
    read: (v) => ok(normalizeText(v)),
    width: 12,
  },
  {
    key: 'description',
    label: '隐患描述',
    required: true,
    synonyms: ['隐患描述', '隐患内容', '存在问题', '隐患情况', '问题描述', '存在的问题', '隐患'],
    read: (v) => ok(normalizeText(v)),
    width: 40,
  },
  {
    key: 'place',
    label: '隐患部位',
    synonyms: ['隐患部位', '部位', '场所', '位置'],
    read: (v) => ok(normalizeText(v)),
    width: 12,
  },
  {
    key: 'category',
    label: '隐患类别',
    synonyms: ['隐患类别', '类别', '隐患类型', '类型'],
    read: (v) => ok(normalizeText(v)),
    width: 12,
  },
  {
    key: 'grade',
    label: '隐患等级',
    synonyms: ['隐患等级', '隐患级别', '等级', '级别'],
    read: (v) => normalizeEnum(v, GRADE_WORDS, '隐患等级'),
    width: 8,
    choices: ['一般', '重大'],
    labels: { general: '一般', major: '重大' },
  },
  {
    key: 'basis',
    label: '依据',
    synonyms: ['依据', '法律依据', '检查依据', '判定依据'],
    read: (v) => ok(normalizeText(v)),
    width: 20,
  },
  {
    key: 'measures',
    label: '整改措施',
    synonyms: ['整改措施', '整改要求', '治理措施'],
    read: (v) => ok(normalizeText(v)),
    width: 36,
  },
  {
    key: 'deadline',
    label: '整改期限',
    synonyms: ['整改期限', '整改时限', '限期', '整改时间', '完成时限'],
    read: (v) => dateOrDash(v),
    width: 12,
    kind: 'date',
  },
  {
    key: 'responsiblePerson',
    label: '整改责任人',
    synonyms: ['整改责任人', '责任人', '整改负责人'],
    read: (v) => ok(normalizePeople(v)),
    width: 10,
  },
  {
    key: 'state',
    label: '整改情况',
    synonyms: ['整改情况', '整改状态', '是否整改', '整改结果', '整改进度', '状态'],
    read: (v) => normalizeEnum(v, HAZARD_STATE_WORDS as unknown as Record<HazardState, string[]>, '整改情况'),
    width: 10,
    choices: ['已整改', '整改中', '未整改'],
    labels: { done: '已整改', rectifying: '整改中', pending: '未整改' },
  },
  {
    key: 'reviewedOn',
    label: '复查日期',
    synonyms: ['复查日期', '复查时间', '销号日期', '验收日期'],
    read: (v) => dateOrDash(v),
    width: 12,
    kind: 'date',
  },
  { key: 'notes', label: '备注', synonyms: ['备注', '说明'], read: (v) => ok(normalizeText(v)), width: 14 },
]

export interface HazardRow {
  enterpriseId: number | null
  enterpriseName: string
  villageName: string | null
  foundOn: string
  description: string
  place: string | null
  category: string | null
  grade: HazardGrade
  basis: string | null
  measures: string | null
  deadline: string | null
  responsiblePerson: string | null
  status: HazardStatus
  reviewedOn: string | null
  notes: string | null
}

interface Prep {
  enterprises: Map<string, { id: number; village: string; deleted: boolean }[]>
  hazards: Map<string, number>
  current: { get(id: number): unknown }
}

const keyOf = (enterprise: string, foundOn: string, description: string): string =>
  `${enterprise}|${foundOn}|${description.replace(/\s+/g, '')}`

const COLS = [
  'enterprise_id',
  'description',
  'place',
  'category',
  'grade',
  'basis',
  'found_on',
  'deadline',
  'responsible_person',
  'measures',
  'status',
  'reviewed_on',
  'closed_on',
]

export const hazardImporter: LedgerImporter<HazardRow, Prep> = {
  ledger: 'hazards',
  label: '隐患整改台账',
  fields: HAZARD_IMPORT_FIELDS,
  requiredField: 'description',
  requiredLabel: '隐患描述',
  identityFields: ['description', 'enterpriseName'],
  table: 'hazards',
  nameSql: 'description',

  prepare(ctx) {
    const enterprises = new Map<string, { id: number; village: string; deleted: boolean }[]>()
    for (const [id, name, village, deleted] of ctx.db
      .prepare(
        'SELECT e.id, e.name, v.name, e.deleted_at IS NOT NULL FROM enterprises e JOIN villages v ON v.id = e.village_id',
      )
      .raw()
      .all() as [number, string, string, number][]) {
      const list = enterprises.get(name) ?? []
      list.push({ id, village, deleted: deleted === 1 })
      enterprises.set(name, list)
    }
    const hazards = new Map<string, number>()
    for (const [id, name, foundOn, description] of ctx.db
      .prepare(
        'SELECT h.id, e.name, h.found_on, h.description FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id',
      )
      .raw()
      .all() as [number, string, string, string][])
      hazards.set(keyOf(name, foundOn, description), id)
    return { enterprises, hazards, current: ctx.db.prepare('SELECT * FROM hazards WHERE id = ?') }
  },

  planRow(prep, v, row) {
    const fail = { input: null, key: null, existing: null, keyLabel: '' }
    const enterpriseName = v.enterpriseName as string | null
    const description = v.description as string | null
    const foundOn = v.foundOn as string | null
    if (!enterpriseName) row.issue('enterpriseName', '企业名称为空，请填写隐患所在的企业')
    if (!description) row.issue('description', '隐患描述为空，请填写发现的问题')
    if (!foundOn) row.issue('foundOn', '检查日期为空，请填写发现隐患的日期，如 2025-10-15')
    if (!enterpriseName || !description || !foundOn) return fail
    if (description.length > 2000) {
      row.issue('description', '隐患描述超过2000字，请精简或分条登记')
      return fail
    }
    const deadline = (v.deadline as string | null) ?? null
    if (deadline && deadline < foundOn) {
      row.issue('deadline', `整改期限 ${deadline} 早于检查日期 ${foundOn}，请核对`)
      return fail
    }
    const reviewedOn = (v.reviewedOn as string | null) ?? null
    if (reviewedOn && reviewedOn < foundOn) {
      row.issue('reviewedOn', `复查日期 ${reviewedOn} 早于检查日期 ${foundOn}，请核对`)
      return fail
    }
    const villageName = (v.villageName as string | null) ?? null
    const candidates = (prep.enterprises.get(enterpriseName) ?? []).filter(
      (e) => !e.deleted && (!villageName || e.village === villageName),
    )
    if (candidates.length > 1) {
      row.issue(
        'enterpriseName',
        `企业台账中有 ${candidates.length} 家名为“${enterpriseName}”的企业，请在表中填写所属村（社区）以区分`,
      )
      return fail
    }
    const state = (v.state as HazardState | null) ?? null
    const status: HazardStatus =
      state === 'done'
        ? reviewedOn
          ? 'closed'
          : 'awaiting_review'
        : state === 'rectifying'
          ? 'rectifying'
          : 'pending'
    const input: HazardRow = {
      enterpriseId: candidates[0]?.id ?? null,
      enterpriseName,
      villageName,
      foundOn,
      description,
      place: (v.place as string | null) ?? null,
      category: (v.category as string | null) ?? null,
      grade: (v.grade as HazardGrade | null) ?? 'general',
      basis: (v.basis as string | null) ?? null,
      measures: (v.measures as string | null) ?? null,
      deadline,
      responsiblePerson: (v.responsiblePerson as string | null) ?? null,
      status,
      reviewedOn: status === 'closed' ? reviewedOn : null,
      notes: (v.notes as string | null) ?? null,
    }
    const key = keyOf(enterpriseName, foundOn, description)
    const id = prep.hazards.get(key)
    let existing = null
    if (id !== undefined) {
      const cur = prep.current.get(id) as Record<string, unknown>
      const same =
        cur.place === input.place &&
        cur.category === input.category &&
        cur.grade === input.grade &&
        cur.basis === input.basis &&
        cur.measures === input.measures &&
        cur.deadline === input.deadline &&
        cur.responsible_person === input.responsiblePerson &&
        cur.status === input.status &&
        (cur.closed_on ?? null) === (status === 'closed' ? reviewedOn : null)
      existing = { id, deleted: false, same }
    }
    return { input, key, keyLabel: '企业、检查日期和隐患描述相同', existing }
  },

  write(ctx: Ctx, work: Work<HazardRow>[], batch, onProgress) {
    const created: string[] = []
    const enterpriseIds = new Map<string, number>()
    const villageOf = (name: string | null): number => {
      const n = name ?? '待补充'
      const found = ctx.db.prepare('SELECT id FROM villages WHERE name = ?').pluck().get(n) as
        number | undefined
      if (found) return found
      const order = ctx.db
        .prepare('SELECT coalesce(max(sort_order), 0) + 1 FROM villages')
        .pluck()
        .get() as number
      const id = Number(
        ctx.db
          .prepare('INSERT INTO villages(name, sort_order, created_at) VALUES (?, ?, ?)')
          .run(n, order, batch.now).lastInsertRowid,
      )
      ctx.db
        .prepare(
          "INSERT INTO import_batch_created(batch_id, table_name, record_id) VALUES (?, 'villages', ?)",
        )
        .run(batch.id, id)
      return id
    }
    const enterpriseFor = (r: HazardRow): number => {
      if (r.enterpriseId) return r.enterpriseId
      const k = `${r.enterpriseName}|${r.villageName ?? ''}`
      const known = enterpriseIds.get(k)
      if (known) return known
      const id = Number(
        ctx.db
          .prepare(
            `INSERT INTO enterprises(name, village_id, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
          )
          .run(
            r.enterpriseName,
            villageOf(r.villageName),
            `由隐患台账导入时建立（${batch.fileName}），请补充信用代码、负责人等信息`,
            batch.now,
            batch.now,
          ).lastInsertRowid,
      )
      ctx.db
        .prepare(
          "INSERT INTO import_batch_created(batch_id, table_name, record_id) VALUES (?, 'enterprises', ?)",
        )
        .run(batch.id, id)
      enterpriseIds.set(k, id)
      created.push(r.enterpriseName)
      return id
    }
    const insert = ctx.db.prepare(
      `INSERT INTO hazards(${COLS.join(',')}, created_at, updated_at) VALUES (${COLS.map(() => '?').join(',')}, ?, ?)`,
    )
    const update = ctx.db.prepare(
      `UPDATE hazards SET ${COLS.map((c) => `${c} = ?`).join(', ')}, version = version + 1, updated_at = ? WHERE id = ? RETURNING version`,
    )
    const before = ctx.db.prepare('SELECT * FROM hazards WHERE id = ?')
    const event = ctx.db.prepare(
      'INSERT INTO hazard_events(hazard_id, at, on_date, action, from_status, to_status, note, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const item = ctx.db.prepare(
      'INSERT INTO import_batch_items(batch_id, record_id, action, before, after_version) VALUES (?, ?, ?, ?, ?)',
    )
    let inserted = 0
    let done = 0
    for (const w of work) {
      const r = w.input
      const closedOn = r.status === 'closed' ? r.reviewedOn : null
      const values = [
        enterpriseFor(r),
        r.description,
        r.place,
        r.category,
        r.grade,
        r.basis,
        r.foundOn,
        r.deadline,
        r.responsiblePerson,
        r.measures,
        r.status,
        r.reviewedOn,
        closedOn,
      ]
      const note = `由隐患台账导入（${batch.fileName} 第${w.row}行）${r.notes ? `；备注：${r.notes}` : ''}`
      if (w.status === 'insert') {
        const id = Number(insert.run(...values, batch.now, batch.now).lastInsertRowid)
        event.run(
          id,
          batch.now,
          r.foundOn,
          'create',
          null,
          r.status,
          note,
          JSON.stringify({ batch: batch.id, grade: r.grade, deadline: r.deadline }),
        )
        item.run(batch.id, id, 'insert', null, 1)
        inserted++
      } else {
        const id = w.existingId as number
        const prev = before.get(id) as Record<string, unknown>
        const { version } = update.get(...values, batch.now, id) as { version: number }
        event.run(
          id,
          batch.now,
          r.reviewedOn ?? r.foundOn,
          'edit',
          prev.status,
          r.status,
          note,
          JSON.stringify({ batch: batch.id }),
        )
        item.run(batch.id, id, 'update', JSON.stringify(prev), version)
      }
      if (++done % 5000 === 0) onProgress?.(done, work.length)
    }
    return { inserted, updated: work.length - inserted, created: { 企业: created } }
  },

  undoItem(ctx, it, batchId, now) {
    if (it.action === 'insert') {
      try {
        ctx.db.prepare('DELETE FROM hazards WHERE id = ?').run(it.recordId)
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw err
        throw new AppError('CONFLICT', '这批导入的隐患中，有的已经开具了文书，不能整批撤销。')
      }
    } else {
      const prev = JSON.parse(it.before as string) as Record<string, unknown>
      const cols = Object.keys(prev).filter((c) => c !== 'id' && c !== 'version')
      ctx.db
        .prepare(
          `UPDATE hazards SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1 WHERE id = @id`,
        )
        .run({ ...prev, id: it.recordId })
      ctx.db
        .prepare(
          "INSERT INTO hazard_events(hazard_id, at, on_date, action, from_status, to_status, note, data) VALUES (?, ?, ?, 'edit', NULL, ?, ?, '{}')",
        )
        .run(it.recordId, now, now.slice(0, 10), prev.status, `撤销导入批次 ${batchId}`)
    }
  },
}
