import type { Ctx } from '../../context'
import { AppError } from '../../errors'
import type { HazardGrade, HazardStatus } from '../../inspections/fields'
import { KINDS } from '../../shared/kit/kinds'
import type { FieldSpec } from '../../shared/kit/spec'
import { isEmpty, normalizeEnum, type Normalized } from '../normalize'
import type { CellValue } from '../grid'
import { matchOption } from '../../shared/kit/kinds/common'
import { EnterpriseIndex } from '../enterprise-match'
import type { LedgerImporter, Work } from './plugin'
import { defaultGradeWords, getGradeWords, type GradeWords } from '../../inspections/grade-words'
import { IGNORE_FIELD, type LedgerField } from './types'
import { hazardSpec } from '../../shared/specs/hazard'

// The hazard ledger (隐患排查整改台账) in the import engine. A row names its enterprise; one the
// roster does not have yet is added (to the village the row names, or 待补充) and reported.
// Identity of a hazard: enterprise + date found + description.

const ok = <T>(value: T): Normalized<T> => ({ ok: true, value })

/** Words in a 整改期限 column meaning "on the spot": the deadline is the day it was found. */
export const IMMEDIATE = 'immediate'
const IMMEDIATE_WORDS = /^(立即|立刻|马上|当场|现场|即时|当天|当日)/

/** Dates where "/" or "无" means "not yet" (复查日期 of open items). */
function dateOrDash(v: CellValue, label: string): Normalized<string | null> {
  if (!isEmpty(v) && typeof v === 'string' && /^[\s/／\\—\-无未]*$/.test(v)) return ok(null)
  const r = KINDS.date.clean(v, { key: 'date', label, kind: 'date', column: 'd' }, {})
  return r.ok ? ok(r.value as string | null) : r
}

function textField(label: string, max: number, kind: 'text' | 'longText' | 'people' = 'text') {
  const spec: FieldSpec = { key: 'text', label, kind, column: 't', max }
  return (v: CellValue): Normalized<string | null> => {
    const r = KINDS[kind].clean(v, spec, {})
    return r.ok ? ok(r.value as string | null) : r
  }
}

export const HAZARD_STATE_WORDS = {
  closed: ['已销号', '销号', '已闭环', '闭环', '已关闭', '销号完成', '已验收销号'],
  done: [
    '已整改',
    '完成',
    '已完成',
    '整改完成',
    '已完成整改',
    '整改完毕',
    '已整改完毕',
    '是',
    '√',
    '合格',
    '验收合格',
    '已验收',
    '现场整改',
    '现场处置',
    '当场整改',
    '立即整改',
    '已处置',
  ],
  rectifying: ['整改中', '正在整改', '整改期间', '治理中', '部分整改', '延期整改'],
  pending: ['未整改', '否', '待整改', '尚未整改', '未完成', '未销号', '待销号', '未开始'],
} as const
type HazardState = keyof typeof HAZARD_STATE_WORDS

/**
 * 隐患等级 words and numbers → the two grades the regulations know, by the office's table
 * (数据与设置 → 隐患等级写法; the default is the spec's words: 1级/一级/重大 are 重大, 2–4级/较大 一般).
 * A bare number is read as that 级.
 */
export function gradeOf(
  v: CellValue,
  words: GradeWords = defaultGradeWords(),
): Normalized<HazardGrade | null> {
  const t = textField('隐患等级', 40)(v)
  if (!t.ok || t.value === null) return t as Normalized<null>
  const options = (Object.entries(words) as [HazardGrade, string[]][]).map(([value, w]) => ({
    value,
    label: value === 'major' ? '重大' : '一般',
    words: w,
  }))
  const o = matchOption(t.value.replace(/^([1-9])$/, '$1级'), options)
  return o
    ? ok(o.value as HazardGrade)
    : {
        ok: false,
        message: `隐患等级“${t.value}”无法识别，可填写：一般、重大，或“数据与设置”中隐患等级写法列出的写法（${words.major.slice(0, 3).join('、')} 为重大）`,
      }
}

function stateOf(v: CellValue): Normalized<HazardState | null> {
  return normalizeEnum(v, HAZARD_STATE_WORDS as unknown as Record<HazardState, string[]>, '整改情况')
}

const NOT_NAMES = [
  '检查',
  '验收',
  '填报',
  '编码',
  '编号',
  '图片',
  '照片',
  '附件',
  '序号',
  '执法',
  '监管',
  '主管',
]

/** Header words (label, synonyms, excluded words) of a field the hazard spec describes: one list. */
function headersOf(key: string): Pick<LedgerField, 'synonyms' | 'excludeWords'> {
  const f = (hazardSpec.fields as readonly FieldSpec[]).find((x) => x.key === key)
  if (!f) throw new Error(`hazard spec has no field ${key}`)
  return {
    synonyms: [...new Set([f.label, ...(f.synonyms ?? [])])],
    ...(f.excludeWords ? { excludeWords: [...f.excludeWords] } : {}),
  }
}

export const HAZARD_IMPORT_FIELDS: LedgerField[] = [
  { key: IGNORE_FIELD, label: '序号', synonyms: ['序号', '编号', '序', 'no', 'no.'], read: () => ok(null) },
  {
    key: 'foundOn',
    label: '检查日期',
    ...headersOf('foundOn'),
    read: (v) => dateOrDash(v, '检查日期'),
    width: 12,
    kind: 'date',
  },
  {
    key: 'enterpriseName',
    label: '企业名称',
    required: true,
    // The audited unit, never the inspecting or accepting body.
    synonyms: [
      '企业名称',
      '单位名称',
      '被检查单位',
      '被检查单位名称',
      '被检单位',
      '受检单位',
      '生产经营单位',
      '生产经营单位名称',
      '企业(单位)名称',
      '单位',
      '企业',
      '责任单位',
      '整改责任单位',
      '整改单位',
      '隐患单位',
      '隐患所在单位',
      '存在隐患单位',
      '公司名称',
    ],
    excludeWords: NOT_NAMES,
    preferSub: ['施工', '整改', '实施', '使用', '经营'],
    fromTitle:
      /^(.{2,40}(?:有限公司|公司|厂|店|站|场|中心|学校|医院))(?=(?:\d{4}年度?)?(?:第.季度)?(?:安全生产|安全)?(?:事故)?(?:隐患|问题|台账|清单|排查))/,
    distinctFrom: ['inspectingBody'],
    read: textField('企业名称', 100),
    width: 26,
  },
  {
    key: 'villageName',
    label: '所属村（社区）',
    synonyms: [
      '所属村(社区)',
      '所属村',
      '村(社区)',
      '村居',
      '所在村',
      '所属社区',
      '所属区域',
      '区域',
      '所在区域',
      '属地',
      '村/社区',
    ],
    read: textField('所属村（社区）', 100),
    width: 12,
  },
  {
    key: 'description',
    label: '隐患描述',
    required: true,
    ...headersOf('description'),
    read: textField('隐患描述', 2000, 'longText'),
    width: 40,
  },
  {
    key: 'place',
    label: '隐患部位',
    ...headersOf('place'),
    read: textField('隐患部位', 200),
    width: 12,
  },
  {
    key: 'category',
    label: '隐患类别',
    ...headersOf('category'),
    read: textField('隐患类别', 100),
    width: 12,
  },
  {
    key: 'grade',
    label: '隐患等级',
    ...headersOf('grade'),
    read: (v, env) => gradeOf(v, env.settings?.gradeWords as GradeWords | undefined),
    width: 8,
    choices: ['一般', '重大'],
    labels: { general: '一般', major: '重大' },
  },
  {
    key: 'basis',
    label: '依据',
    ...headersOf('basis'),
    read: textField('依据', 1000, 'longText'),
    width: 20,
  },
  {
    key: 'measures',
    label: '整改措施',
    ...headersOf('measures'),
    read: textField('整改措施', 2000, 'longText'),
    width: 36,
  },
  {
    key: 'deadline',
    label: '整改期限',
    ...headersOf('deadline'),
    read: (v) => {
      if (typeof v === 'string' && IMMEDIATE_WORDS.test(v.trim())) return ok(IMMEDIATE)
      return dateOrDash(v, '整改期限')
    },
    width: 12,
    kind: 'date',
  },
  {
    key: 'responsiblePerson',
    label: '整改责任人',
    ...headersOf('responsiblePerson'),
    read: textField('整改责任人', 100, 'people'),
    width: 10,
  },
  {
    key: 'state',
    label: '整改情况',
    synonyms: [
      '整改情况',
      '整改状态',
      '是否整改',
      '整改结果',
      '整改进度',
      '状态',
      '销号情况',
      '是否销号',
      '整改完成情况',
      '完成情况',
      '隐患状态',
      '治理状态',
      '治理情况',
    ],
    excludeWords: ['日期', '时间'],
    read: stateOf,
    width: 10,
    choices: ['已整改', '整改中', '未整改', '已销号'],
    labels: { done: '已整改', rectifying: '整改中', pending: '未整改', closed: '已销号' },
  },
  {
    key: 'completedOn',
    label: '整改完成日期',
    synonyms: [
      '整改完成日期',
      '整改完成时间',
      '完成日期',
      '完成时间',
      '实际完成时间',
      '实际完成日期',
      '实际整改完成时间',
      '整改日期',
    ],
    read: (v) => dateOrDash(v, '整改完成日期'),
    width: 12,
    kind: 'date',
    importOnly: true,
  },
  {
    key: 'reviewedOn',
    label: '复查日期',
    synonyms: [
      '复查日期',
      '复查时间',
      '销号日期',
      '销号时间',
      '验收日期',
      '验收时间',
      '复核日期',
      '复核时间',
    ],
    read: (v) => dateOrDash(v, '复查日期'),
    width: 12,
    kind: 'date',
  },
  {
    // Recognised so that it is never taken for the enterprise; kept in the hazard's history note.
    key: 'inspectingBody',
    label: '检查单位',
    synonyms: [
      '检查单位',
      '检查部门',
      '排查单位',
      '检查组',
      '检查机构',
      '执法单位',
      '发现单位',
      '检查单位名称',
    ],
    read: textField('检查单位', 100),
    width: 16,
    importOnly: true,
  },
  {
    key: 'notes',
    label: '备注',
    synonyms: ['备注', '说明'],
    read: textField('备注', 1000, 'longText'),
    width: 14,
  },
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
  completedOn: string | null
  reviewedOn: string | null
  notes: string | null
}

interface Prep {
  enterprises: EnterpriseIndex
  hazards: Map<string, number | 'many'>
  current: { get(id: number): unknown }
  today: string
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
  'review_requested_on',
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
  notesField: 'notes',
  table: 'hazards',
  nameSql: 'description',

  readSettings: (ctx) => ({ gradeWords: getGradeWords(ctx) }),

  prepare(ctx) {
    const enterprises = new EnterpriseIndex(
      (
        ctx.db
          .prepare(
            'SELECT e.id, e.name, v.name, e.deleted_at IS NOT NULL FROM enterprises e JOIN villages v ON v.id = e.village_id',
          )
          .raw()
          .all() as [number, string, string, number][]
      ).map(([id, name, village, deleted]) => ({ id, name, village, deleted: deleted === 1 })),
    )
    const hazards = new Map<string, number | 'many'>()
    for (const [id, name, foundOn, description] of ctx.db
      .prepare(
        'SELECT h.id, e.name, h.found_on, h.description FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id',
      )
      .raw()
      .all() as [number, string, string, string][]) {
      hazards.set(keyOf(name, foundOn, description), id)
      // rows without a 检查日期 find their hazard by enterprise and description alone
      const any = keyOf(name, '*', description)
      hazards.set(any, hazards.has(any) ? 'many' : id)
    }
    const d = ctx.now()
    const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
    return {
      enterprises,
      hazards,
      current: ctx.db.prepare('SELECT * FROM hazards WHERE id = ?'),
      today,
    }
  },

  planRow(prep, v, row, env) {
    const fail = { input: null, key: null, existing: null, keyLabel: '' }
    let enterpriseName = (v.enterpriseName as string | null) ?? (env.defaults.enterpriseName?.trim() || null)
    const description = v.description as string | null
    if (!enterpriseName) row.issue('enterpriseName', '企业名称为空，请填写隐患所在的企业（被检查单位）')
    if (!description) row.issue('description', '隐患描述为空，请填写发现的问题')
    if (!enterpriseName || !description) return fail
    if (description.length > 2000) {
      row.issue('description', '隐患描述超过2000字，请精简或分条登记')
      return fail
    }
    const completedOn = (v.completedOn as string | null) ?? null
    let reviewedOn = (v.reviewedOn as string | null) ?? null
    let deadline = (v.deadline as string | null) ?? null
    let foundOn = (v.foundOn as string | null) ?? null
    const dated = foundOn !== null
    if (!foundOn) {
      // 检查日期 is optional on import: the earliest date the row gives, else the day of the import.
      const known = [deadline === IMMEDIATE ? null : deadline, completedOn, reviewedOn, prep.today].filter(
        (x): x is string => Boolean(x),
      )
      foundOn = known.sort()[0] as string
      if ('foundOn' in v) row.warn('foundOn', `没有检查日期，已记为 ${foundOn}，请核对`)
      else
        row.notice(
          '表中没有“检查日期”列：检查日期按整改期限、整改完成或复查日期中最早的一个记录（都没有的记为导入当天），请核对',
        )
    }
    if (deadline === IMMEDIATE) deadline = foundOn
    if (deadline && deadline < foundOn) {
      row.warn('deadline', `整改期限 ${deadline} 早于检查日期 ${foundOn}，未导入整改期限，请核对`)
      deadline = null
    }
    if (reviewedOn && reviewedOn < foundOn) {
      row.warn('reviewedOn', `复查日期 ${reviewedOn} 早于检查日期 ${foundOn}，未导入复查日期，请核对`)
      reviewedOn = null
    }
    const villageName = (v.villageName as string | null) ?? env.defaults.villageName?.trim() ?? null
    // Before creating an enterprise: the same name written another way is offered instead.
    const found = prep.enterprises.resolve(enterpriseName, villageName, row, env)
    enterpriseName = found.name
    const candidates = found.candidates
    if (candidates.length > 1) {
      row.issue(
        'enterpriseName',
        `企业台账中有 ${candidates.length} 家名为“${enterpriseName}”的企业，请在表中填写所属村（社区）以区分`,
      )
      return fail
    }
    const state = (v.state as HazardState | null) ?? null
    const closedOn = reviewedOn ?? (state === 'closed' ? completedOn : null)
    let status: HazardStatus
    if (state === 'closed' || (state === 'done' && reviewedOn))
      status = closedOn ? 'closed' : 'awaiting_review'
    else if (state === 'done') status = 'awaiting_review'
    else if (state === 'rectifying') status = 'rectifying'
    else if (state === null && completedOn) status = 'awaiting_review'
    else status = 'pending'
    if (state === 'closed' && status !== 'closed')
      row.warn('state', '已销号但没有复查或整改完成日期，记为“待复查”，请补充销号日期')
    const inspectingBody = (v.inspectingBody as string | null) ?? null
    const notes =
      [(v.notes as string | null) ?? null, inspectingBody ? `检查单位：${inspectingBody}` : null, ...env.keep]
        .filter(Boolean)
        .join('；') || null
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
      completedOn: status === 'pending' || status === 'rectifying' ? null : completedOn,
      reviewedOn: status === 'closed' ? closedOn : null,
      notes,
    }
    const key = keyOf(enterpriseName, dated ? foundOn : '*', description)
    let id = prep.hazards.get(key)
    if (id === undefined && dated) {
      const loose = prep.hazards.get(keyOf(enterpriseName, '*', description))
      if (loose !== undefined && loose !== 'many') {
        const cur = prep.current.get(loose) as { found_on: string }
        if (cur.found_on === foundOn) id = loose
      }
    }
    let existing = null
    if (id !== undefined && id !== 'many') {
      const cur = prep.current.get(id) as Record<string, unknown>
      if (!dated) input.foundOn = cur.found_on as string
      const same =
        cur.place === input.place &&
        cur.category === input.category &&
        cur.grade === input.grade &&
        cur.basis === input.basis &&
        cur.measures === input.measures &&
        cur.deadline === input.deadline &&
        cur.responsible_person === input.responsiblePerson &&
        cur.status === input.status &&
        (cur.closed_on ?? null) === (input.status === 'closed' ? input.reviewedOn : null)
      existing = { id, deleted: false, same }
    }
    return { input, key, keyLabel: dated ? '企业、检查日期和隐患描述相同' : '企业和隐患描述相同', existing }
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
        r.completedOn,
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
