import { writeAudit } from '../audit/audit'
import { isoNow, type Ctx, writeTx } from '../context'
import { AppError, notFound, validationError } from '../errors'
import { getDocumentSettings } from '../documents/settings'
import {
  canRequestExtension,
  chinaDate,
  chineseDate,
  daysBetween,
  extensionAnswerDue,
  extensionWindow,
  inExtensionWindow,
  isOverdue,
  reinspectionDue,
} from './deadlines'
import { citeRule, extensionWindowText, findingText, type DeadlineRules } from '../shared/inspection-fields'
import { getDeadlineRules } from './rules'
import {
  ESCALATION_KINDS,
  EXTENSION_ANSWERS,
  HAZARD_ACTIONS,
  HAZARD_GRADES,
  HAZARD_STATUSES,
  DASHBOARD_QUERIES,
  SUPERVISION_LEVELS,
  type DashboardQueryKey,
  type EscalationKind,
  type ExtensionAnswer,
  type HazardAction,
  type HazardGrade,
  type HazardStatus,
  type SupervisionLevel,
} from './fields'
import { getInspectionSummary, getResultRow } from './inspections'
import { hazardRepo } from './ledger'
import type { ListQuery } from '../shared/kit/types'

// Hidden dangers (事故隐患) and their lifecycle (REFERENCE.md §5; deadlines: 《安全生产违法行为行政处罚办法》,
// periods and citation from the office's settings, see deadlines.ts and rules.ts):
//   待整改 → 整改中 → (延期申请) → 待复查 → 已销号, or 逾期未改 → 已移送.
// "Overdue" is derived at read time from the deadline and ctx.now(): a hazard still 待整改/整改中
// after its deadline shows as 逾期未改 everywhere without any background job. Recording 逾期未改
// or 已移送 as the stored status is an explicit step.

export interface HazardFields {
  description: string
  place: string | null
  category: string | null
  grade: HazardGrade
  basis: string | null
  foundOn: string
  deadline: string | null
  responsiblePerson: string | null
  measures: string | null
  supervisionLevel: SupervisionLevel | null
}

export interface HazardInput extends HazardFields {
  /** The enterprise, or null for a hazard of a 烟花爆竹零售点 inspected as an outlet. */
  enterpriseId: number | null
  outletId?: number | null
  inspectionId: number | null
}

export interface Hazard extends HazardInput {
  id: number
  resultId: number | null
  checklistItemId: number | null
  outletId: number | null
  /** The unit's name: the enterprise's, or the outlet's. */
  enterpriseName: string
  villageId: number | null
  villageName: string | null
  gradeLabel: string
  /** Effective status: 待整改/整改中 past the deadline read as 逾期未改. */
  status: HazardStatus
  statusLabel: string
  /** The status as recorded by the last lifecycle step. */
  storedStatus: HazardStatus
  storedStatusLabel: string
  overdue: boolean
  overdueDays: number | null
  /** Days until the deadline for open hazards (0 = due today); null without a deadline or when done. */
  daysLeft: number | null
  supervisionLevelLabel: string | null
  extension: {
    /** The window the office configured for requests (inclusive; from null = no start); null without a deadline. */
    window: { from: string | null; to: string } | null
    /** Requests are accepted until this day (the deadline); outside `window` with a warning. */
    lastDay: string | null
    requestedOn: string | null
    /** The ground the enterprise gave (the rule allows extensions for 不可抗力 only). */
    ground: string | null
    /** Set when the request was taken outside the configured window: what the clerk was told. */
    warning: string | null
    requestedDeadline: string | null
    answer: ExtensionAnswer | null
    answerLabel: string | null
    answeredOn: string | null
    /** Answer owed by this date while the request is unanswered (received + the configured days). */
    answerDue: string | null
  }
  reviewRequestedOn: string | null
  reviewedOn: string | null
  /** A 复查 is owed: the enterprise reported it rectified, or the deadline passed unrectified. */
  reviewDue: boolean
  reviewDueDate: string | null
  closedOn: string | null
  referredOn: string | null
  referredTo: string | null
  /** 重大事故隐患: the latest 上报/移送 record (a 移送处理 counts as a transfer); null when none. */
  escalation: Escalation | null
  /** How a closed hazard was closed: after a 复查 in the app, or as an imported ledger reported it. */
  closure: { via: 'reinspection' | 'import'; source: string | null } | null
  photoCount: number
  version: number
  createdAt: string
  updatedAt: string
}

export interface Escalation {
  kind: EscalationKind
  kindLabel: string
  on: string
  /** The receiving body (接收单位), e.g. 禾川县应急管理局. */
  to: string
  /** 上报/移送文号 or how it was sent; optional. */
  reference: string | null
}

/**
 * The latest 上报/移送 of a hazard, as JSON ({on, data}) or NULL; `h` is the hazards alias. A 移送处理
 * (referred_on/referred_to) stands in when there is no separate record.
 */
export const ESCALATION_SQL = (h: string): string => `coalesce(
  (SELECT json_object('on', ev.on_date, 'kind', json_extract(ev.data, '$.kind'), 'to', json_extract(ev.data, '$.to'),
     'reference', json_extract(ev.data, '$.reference'))
   FROM hazard_events ev WHERE ev.hazard_id = ${h}.id AND ev.action = 'report' ORDER BY ev.id DESC LIMIT 1),
  CASE WHEN ${h}.referred_on IS NOT NULL THEN json_object('on', ${h}.referred_on, 'kind', 'transfer', 'to', ${h}.referred_to) END)`

export function parseEscalation(v: unknown): Escalation | null {
  if (typeof v !== 'string') return null
  const e = JSON.parse(v) as {
    on: string
    kind: EscalationKind
    to: string | null
    reference?: string | null
  }
  return {
    kind: e.kind,
    kindLabel: ESCALATION_KINDS[e.kind],
    on: e.on,
    to: e.to ?? '',
    reference: e.reference ?? null,
  }
}

/** Today's date in China (Asia/Shanghai), whatever the PC's time zone: deadlines are Chinese calendar dates. */
export function today(ctx: Pick<Ctx, 'now'>): string {
  return chinaDate(ctx.now())
}

type Row = Record<string, unknown>

const UNIT_JOIN =
  'LEFT JOIN enterprises e ON e.id = h.enterprise_id LEFT JOIN fireworks_outlets o ON o.id = h.outlet_id'

const SELECT = `SELECT h.*, coalesce(e.name, o.name) AS enterprise_name, coalesce(e.village_id, o.village_id) AS village_id,
  v.name AS village_name,
  (SELECT count(*) FROM hazard_photos p WHERE p.hazard_id = h.id) AS photo_count,
  (SELECT ev.data FROM hazard_events ev WHERE ev.hazard_id = h.id AND ev.action = 'requestExtension'
    ORDER BY ev.id DESC LIMIT 1) AS extension_event,
  ${ESCALATION_SQL('h')} AS escalation,
  (SELECT json_object('action', ev.action, 'note', ev.note) FROM hazard_events ev
    WHERE ev.hazard_id = h.id AND h.status = 'closed' AND ev.to_status = 'closed' ORDER BY ev.id DESC LIMIT 1) AS closing_event
  FROM hazards h ${UNIT_JOIN} LEFT JOIN villages v ON v.id = coalesce(e.village_id, o.village_id)`

const str = (v: unknown): string | null => (v as string | null) ?? null

/** A closing step taken in the app is a 复查; any other (an import's create/edit) came from a file. */
function closureOf(r: Row): Hazard['closure'] {
  if (r.status !== 'closed') return null
  const ev = r.closing_event
    ? (JSON.parse(r.closing_event as string) as { action: string; note: string | null })
    : null
  if (ev?.action === 'reinspectPass') return { via: 'reinspection', source: null }
  // "由隐患台账导入（台账.xlsx 第3行）；备注：…": the source is the part before the remarks.
  return { via: 'import', source: ev?.note ? (ev.note.split('；备注：')[0] ?? null) : null }
}

function toHazard(r: Row, t: string, rules: DeadlineRules): Hazard {
  const stored = r.status as HazardStatus
  const deadline = str(r.deadline)
  const rectifyingLate = (stored === 'pending' || stored === 'rectifying') && isOverdue(deadline, t)
  const status: HazardStatus = rectifyingLate ? 'overdue' : stored
  const open = stored !== 'closed' && stored !== 'referred'
  const reviewDue = stored === 'awaiting_review' || rectifyingLate
  const requestedReview = stored === 'awaiting_review' ? str(r.review_requested_on) : null
  const reqOn = str(r.extension_requested_on)
  const reqEvent =
    reqOn && r.extension_event ? (JSON.parse(r.extension_event as string) as Record<string, unknown>) : {}
  const answer = (r.extension_answer as ExtensionAnswer | null) ?? null
  const grade = r.grade as HazardGrade
  const level = (r.supervision_level as SupervisionLevel | null) ?? null
  return {
    id: r.id as number,
    enterpriseId: (r.enterprise_id as number | null) ?? null,
    outletId: (r.outlet_id as number | null) ?? null,
    inspectionId: (r.inspection_id as number | null) ?? null,
    resultId: (r.result_id as number | null) ?? null,
    checklistItemId: (r.checklist_item_id as number | null) ?? null,
    enterpriseName: r.enterprise_name as string,
    villageId: (r.village_id as number | null) ?? null,
    villageName: (r.village_name as string | null) ?? null,
    description: r.description as string,
    place: str(r.place),
    category: str(r.category),
    grade,
    gradeLabel: HAZARD_GRADES[grade],
    basis: str(r.basis),
    foundOn: r.found_on as string,
    deadline,
    responsiblePerson: str(r.responsible_person),
    measures: str(r.measures),
    supervisionLevel: level,
    supervisionLevelLabel: level ? SUPERVISION_LEVELS[level] : null,
    status,
    statusLabel: HAZARD_STATUSES[status],
    storedStatus: stored,
    storedStatusLabel: HAZARD_STATUSES[stored],
    overdue: status === 'overdue',
    overdueDays: status === 'overdue' && deadline && t > deadline ? daysBetween(deadline, t) : null,
    daysLeft: open && stored !== 'awaiting_review' && deadline ? daysBetween(t, deadline) : null,
    extension: {
      window: deadline ? extensionWindow(deadline, rules) : null,
      lastDay: deadline,
      requestedOn: reqOn,
      ground: typeof reqEvent.ground === 'string' ? reqEvent.ground : null,
      warning: typeof reqEvent.warning === 'string' ? reqEvent.warning : null,
      requestedDeadline: str(r.extension_requested_deadline),
      answer,
      answerLabel: answer ? EXTENSION_ANSWERS[answer] : null,
      answeredOn: str(r.extension_answered_on),
      answerDue: reqOn && !answer && open ? extensionAnswerDue(reqOn, rules) : null,
    },
    reviewRequestedOn: str(r.review_requested_on),
    reviewedOn: str(r.reviewed_on),
    reviewDue,
    reviewDueDate: reviewDue ? reinspectionDue(deadline, requestedReview, rules) : null,
    closedOn: str(r.closed_on),
    referredOn: str(r.referred_on),
    referredTo: str(r.referred_to),
    escalation: parseEscalation(r.escalation),
    closure: closureOf(r),
    photoCount: r.photo_count as number,
    version: r.version as number,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  }
}

export function getHazard(ctx: Ctx, id: number): Hazard {
  const row = ctx.db.prepare(`${SELECT} WHERE h.id = ?`).get(id) as Row | undefined
  if (!row) throw notFound('该隐患')
  return toHazard(row, today(ctx), getDeadlineRules(ctx))
}

// ---- lists and dashboard: the kit's hazard list (its presets are the computed statuses) ----------

/** A hazard list query: the kit's filters, presets (逾期未改 …), search and sort. */
export type HazardQuery = Omit<ListQuery, 'page' | 'pageSize'>

/** Hazards with their lifecycle details, in the order of `ids`. */
export function hazardsByIds(ctx: Ctx, ids: readonly number[]): Hazard[] {
  const t = today(ctx)
  const rules = getDeadlineRules(ctx)
  const out: Hazard[] = []
  // (in chunks: SQLite takes a bounded number of parameters)
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    const rows = ctx.db
      .prepare(`${SELECT} WHERE h.id IN (${chunk.map(() => '?').join(',')})`)
      .all(...chunk) as Row[]
    const byId = new Map(rows.map((r) => [r.id as number, r]))
    for (const id of chunk) {
      const r = byId.get(id)
      if (r) out.push(toHazard(r, t, rules))
    }
  }
  return out
}

/** Every live hazard matching a list query, in list order, with its lifecycle details. */
export function hazardRecords(ctx: Ctx, q: HazardQuery): Hazard[] {
  return hazardsByIds(ctx, hazardRepo.ids(ctx, q))
}

/**
 * 工作台 counts. Each is the hazard list's total for the query returned beside it (`queries`), and
 * the badge opens the list with that query, so a number always opens exactly its records.
 */
export function hazardDashboard(ctx: Ctx) {
  const counts = Object.fromEntries(
    (Object.keys(DASHBOARD_QUERIES) as DashboardQueryKey[]).map((k) => [
      k,
      hazardRepo.count(ctx, DASHBOARD_QUERIES[k] as HazardQuery),
    ]),
  ) as Record<DashboardQueryKey, number>
  return { today: today(ctx), total: hazardRepo.count(ctx, {}), ...counts, queries: DASHBOARD_QUERIES }
}

// ---- create / update / remove ---------------------------------------------------------------------

function fieldError(field: string, message: string): AppError {
  return validationError([{ field, message }])
}

function addEvent(
  ctx: Ctx,
  hazardId: number,
  e: {
    on: string
    action: HazardAction
    from: HazardStatus | null
    to: HazardStatus | null
    note?: string | null
    data?: unknown
  },
): void {
  ctx.db
    .prepare(
      'INSERT INTO hazard_events(hazard_id, at, on_date, action, from_status, to_status, note, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(hazardId, isoNow(ctx), e.on, e.action, e.from, e.to, e.note ?? null, JSON.stringify(e.data ?? {}))
  auditHazard(ctx, hazardId, e)
}

/** A hazard's name in the audit trail: its enterprise and the start of its description. */
function hazardName(ctx: Ctx, id: number): string | null {
  const r = ctx.db
    .prepare(
      `SELECT h.description, coalesce(e.name, o.name) AS name FROM hazards h ${UNIT_JOIN} WHERE h.id = ?`,
    )
    .get(id) as { description: string; name: string | null } | undefined
  if (!r) return null
  const d = r.description.length > 30 ? `${r.description.slice(0, 30)}…` : r.description
  return r.name ? `${r.name}：${d}` : d
}

/** "（移送禾川县应急管理局，禾安移〔2026〕3号）" for a 上报/移送 step; empty for the others. */
function escalationText(e: { action: HazardAction; data?: unknown }): string {
  if (e.action !== 'report') return ''
  const d = e.data as { kind: EscalationKind; to: string; reference: string | null }
  return `（${ESCALATION_KINDS[d.kind]}${d.to}${d.reference ? `，${d.reference}` : ''}）`
}

/** A lifecycle step in the audit trail (creation and field edits are the kit's own entries). */
function auditHazard(
  ctx: Ctx,
  id: number,
  e: {
    action: HazardAction
    from: HazardStatus | null
    to: HazardStatus | null
    note?: string | null
    data?: unknown
  },
): void {
  if (e.action === 'create' || e.action === 'edit') return
  const status =
    e.from && e.to && e.from !== e.to ? `（${HAZARD_STATUSES[e.from]} → ${HAZARD_STATUSES[e.to]}）` : ''
  writeAudit(ctx, {
    action: 'transition',
    ledger: 'hazard',
    recordId: id,
    recordName: hazardName(ctx, id),
    note: `${HAZARD_ACTIONS[e.action]}${escalationText(e)}${status}${e.note ? `：${e.note}` : ''}`,
  })
}

export function createHazard(
  ctx: Ctx,
  input: HazardInput,
  link: { resultId?: number; checklistItemId?: number | null } = {},
): Hazard {
  return writeTx(ctx, () => {
    const outletId = input.outletId ?? null
    if ((input.enterpriseId === null) === (outletId === null))
      throw fieldError('enterpriseId', '请选择隐患所属单位（企业或烟花爆竹零售点，二者选一）')
    const e = ctx.db
      .prepare(
        `SELECT name, deleted_at FROM ${outletId === null ? 'enterprises' : 'fireworks_outlets'} WHERE id = ?`,
      )
      .get(outletId ?? input.enterpriseId) as { name: string; deleted_at: string | null } | undefined
    const what = outletId === null ? '企业' : '零售点'
    if (!e) throw fieldError('enterpriseId', `所选${what}不存在，请重新选择`)
    if (e.deleted_at) throw fieldError('enterpriseId', `“${e.name}”在回收站中，请先恢复该${what}再登记隐患`)
    if (input.inspectionId !== null) {
      const insp = getInspectionSummary(ctx, input.inspectionId)
      if (insp.enterpriseId !== input.enterpriseId || insp.outletId !== outletId)
        throw fieldError(
          'inspectionId',
          `该检查记录的被检查单位是“${insp.enterpriseName}”，与隐患所属企业不一致`,
        )
    }
    const { id } = hazardRepo.create(ctx, {
      enterpriseId: input.enterpriseId,
      outletId,
      inspectionId: input.inspectionId,
      resultId: link.resultId ?? null,
      checklistItemId: link.checklistItemId ?? null,
      description: input.description,
      place: input.place,
      category: input.category,
      grade: input.grade,
      basis: input.basis,
      foundOn: input.foundOn,
      deadline: input.deadline,
      responsiblePerson: input.responsiblePerson,
      measures: input.measures,
      supervisionLevel: input.supervisionLevel,
      status: 'pending',
      extensionRequestedOn: null,
      extensionRequestedDeadline: null,
      extensionAnswer: null,
      extensionAnsweredOn: null,
      reviewRequestedOn: null,
      reviewedOn: null,
      closedOn: null,
      referredOn: null,
      referredTo: null,
    })
    addEvent(ctx, id, {
      on: input.foundOn,
      action: 'create',
      from: null,
      to: 'pending',
      data: { grade: input.grade, deadline: input.deadline },
    })
    return getHazard(ctx, id)
  })
}

// ---- one click from a 不符合 checklist item -----------------------------------------------------------

export function hazardFromItem(
  ctx: Ctx,
  input: Partial<Omit<HazardFields, 'foundOn'>> & { id: number },
): { hazard: Hazard; suggestedGrade: HazardGrade } {
  return writeTx(ctx, () => {
    const row = getResultRow(ctx, input.id)
    if (row.result === 'pass' || row.result === 'na')
      throw new AppError(
        'CONFLICT',
        `该检查项已记录为“${row.result === 'pass' ? '符合' : '不适用'}”，请先改为“不符合”再登记隐患`,
      )
    const existing = ctx.db.prepare('SELECT id, deleted_at FROM hazards WHERE result_id = ?').get(row.id) as
      { id: number; deleted_at: string | null } | undefined
    if (existing?.deleted_at)
      throw new AppError(
        'CONFLICT',
        '由该检查项登记的隐患在隐患整改台账的回收站中，请在回收站中恢复它，不必重新登记',
        { hazardId: existing.id },
      )
    if (existing)
      throw new AppError('CONFLICT', '该检查项已登记为隐患，不必重复登记', { hazardId: existing.id })
    if (row.result === null)
      ctx.db.prepare("UPDATE inspection_results SET result = 'fail' WHERE id = ?").run(row.id)
    const insp = getInspectionSummary(ctx, row.inspectionId)
    // The checklist states the required condition; the printed order states the problem found.
    const suggestedGrade: HazardGrade = row.majorHazardIf ? 'major' : 'general'
    const grade = input.grade ?? suggestedGrade
    const hazard = createHazard(
      ctx,
      {
        enterpriseId: insp.enterpriseId,
        outletId: insp.outletId,
        inspectionId: insp.id,
        description: input.description ?? findingText(row),
        place: input.place ?? insp.place,
        category: input.category ?? (row.category || null),
        grade,
        basis: input.basis ?? (row.basis || null),
        foundOn: insp.startedAt.slice(0, 10),
        deadline: input.deadline ?? null,
        responsiblePerson: input.responsiblePerson ?? null,
        measures: input.measures ?? null,
        supervisionLevel: grade === 'major' ? (input.supervisionLevel ?? null) : null,
      },
      { resultId: row.id, checklistItemId: row.checklistItemId },
    )
    return { hazard, suggestedGrade }
  })
}

// ---- lifecycle ---------------------------------------------------------------------------------------

export type TransitionInput =
  | { action: 'start'; on?: string; note?: string | null }
  | {
      action: 'requestExtension'
      on?: string
      requestedDeadline: string
      /** What made the deadline impossible to meet (the rule names 不可抗力). */
      ground: string
      note?: string | null
    }
  | {
      action: 'answerExtension'
      on?: string
      answer: ExtensionAnswer
      newDeadline?: string | null
      note?: string | null
    }
  | { action: 'rectified'; on?: string; measures?: string | null; note?: string | null }
  | { action: 'reinspectPass'; on?: string; inspectionId?: number | null; note?: string | null }
  | {
      action: 'reinspectFail'
      on?: string
      newDeadline?: string | null
      inspectionId?: number | null
      note?: string | null
    }
  | { action: 'markOverdue'; on?: string; note?: string | null }
  | { action: 'refer'; on?: string; to?: string | null; note?: string | null }
  | {
      action: 'report'
      on?: string
      kind: EscalationKind
      /** The receiving body; defaults to the 上级安全监管部门 in the document settings. */
      to?: string | null
      reference?: string | null
      note?: string | null
    }

const RECTIFIABLE: HazardStatus[] = ['pending', 'rectifying', 'overdue']
const REVIEWABLE: HazardStatus[] = ['pending', 'rectifying', 'awaiting_review', 'overdue']

function wrongState(h: Hazard, action: HazardAction, allowed: HazardStatus[]): AppError {
  if (h.storedStatus === 'closed')
    return new AppError(
      'CONFLICT',
      `该隐患已于${chineseDate(h.closedOn ?? h.updatedAt.slice(0, 10))}销号，不能再变更状态`,
    )
  if (h.storedStatus === 'referred')
    return new AppError('CONFLICT', `该隐患已移送${h.referredTo ?? ''}处理，不能再变更状态`)
  return new AppError(
    'CONFLICT',
    `“${HAZARD_ACTIONS[action]}”只适用于${allowed.map((s) => `“${HAZARD_STATUSES[s]}”`).join('、')}的隐患，该隐患当前为“${HAZARD_STATUSES[h.storedStatus]}”`,
  )
}

export function transitionHazard(ctx: Ctx, id: number, version: number, input: TransitionInput): Hazard {
  return writeTx(ctx, () => {
    const h = getHazard(ctx, id)
    if (ctx.db.prepare('SELECT deleted_at FROM hazards WHERE id = ?').pluck().get(id))
      throw new AppError('CONFLICT', '该隐患已在回收站中，请先在隐患整改台账的回收站中恢复再办理')
    if (h.version !== version)
      throw new AppError('CONFLICT', '该隐患刚被修改过（可能在另一个窗口），请刷新后再操作')
    const t = today(ctx)
    const on = input.on ?? t
    if (on > t) throw fieldError('on', '日期不能晚于今天')
    if (on < h.foundOn) throw fieldError('on', `日期不能早于隐患发现日期（${chineseDate(h.foundOn)}）`)
    if ('inspectionId' in input && input.inspectionId) {
      // The 复查 is recorded against the re-inspection of the same enterprise.
      const insp = getInspectionSummary(ctx, input.inspectionId)
      if (insp.enterpriseId !== h.enterpriseId || insp.outletId !== h.outletId)
        throw fieldError(
          'inspectionId',
          `所选复查记录的被检查单位是“${insp.enterpriseName}”，与隐患所属${h.outletId !== null ? '零售点' : '企业'}不一致`,
        )
    }
    const from = h.storedStatus
    const set: Record<string, unknown> = {}
    let to: HazardStatus = from
    let data: Record<string, unknown> = {}
    let warning: string | null = null
    const allow = (allowed: HazardStatus[]): void => {
      if (!allowed.includes(from)) throw wrongState(h, input.action, allowed)
    }

    switch (input.action) {
      case 'start':
        allow(['pending'])
        to = 'rectifying'
        break
      case 'requestExtension': {
        allow(['pending', 'rectifying'])
        if (!h.deadline) throw new AppError('CONFLICT', '该隐患还没有整改期限，无需申请延期')
        if (h.extension.requestedOn && !h.extension.answer)
          throw new AppError(
            'CONFLICT',
            `该隐患已有${chineseDate(h.extension.requestedOn)}提出的延期申请尚未答复，请先答复`,
          )
        // 《安全生产违法行为行政处罚办法》: "因不可抗力无法在规定限期内完成的，应当在进行整改或者治理的同时，
        // 于限期届满前10日内提出书面延期申请". Offices read "前10日内" two ways, so no request made before
        // the period ends is refused: outside the window the office configured it is taken with a warning
        // that cites the rule, and the ground is recorded because the rule requires one.
        const rules = getDeadlineRules(ctx)
        if (!canRequestExtension(h.deadline, on))
          throw fieldError(
            'on',
            `整改期限已于${chineseDate(h.deadline)}届满，期限届满后不能再申请延期（${citeRule(rules)}：延期申请应在期限届满前提出）。可复查后认定逾期未改，或复查不合格时重新限期。`,
          )
        if (!inExtensionWindow(h.deadline, on, rules)) {
          const win = extensionWindow(h.deadline, rules)
          const range = win.from
            ? `${chineseDate(win.from)}至${chineseDate(win.to)}`
            : `${chineseDate(win.to)}以前`
          warning = `本申请于${chineseDate(on)}收到，不在本机关设置的延期申请期间（${extensionWindowText(rules)}，即${range}；${citeRule(rules)}）。已登记受理，答复时请考虑申请是否及时。`
        }
        if (input.requestedDeadline <= h.deadline)
          throw fieldError(
            'requestedDeadline',
            `申请延期至的日期应晚于原整改期限（${chineseDate(h.deadline)}）`,
          )
        to = 'rectifying' // the request is made "在进行整改或者治理的同时"
        Object.assign(set, {
          extension_requested_on: on,
          extension_requested_deadline: input.requestedDeadline,
          extension_answer: null,
          extension_answered_on: null,
        })
        data = {
          deadline: h.deadline,
          requestedDeadline: input.requestedDeadline,
          ground: input.ground,
          answerDue: extensionAnswerDue(on, rules),
          ...(warning ? { warning } : {}),
        }
        break
      }
      case 'answerExtension': {
        if (!h.extension.requestedOn || h.extension.answer)
          throw new AppError('CONFLICT', '该隐患没有待答复的延期申请')
        allow(['pending', 'rectifying', 'overdue'])
        if (on < h.extension.requestedOn)
          throw fieldError('on', `答复日期不能早于收到申请的日期（${chineseDate(h.extension.requestedOn)}）`)
        const due = extensionAnswerDue(h.extension.requestedOn, getDeadlineRules(ctx))
        set.extension_answer = input.answer
        set.extension_answered_on = on
        data = { answer: input.answer, answerDue: due, late: on > due }
        if (input.answer === 'approved') {
          const newDeadline = input.newDeadline ?? h.extension.requestedDeadline
          if (!newDeadline || !h.deadline || newDeadline <= h.deadline)
            throw fieldError(
              'newDeadline',
              `准予延期后的整改期限应晚于原期限（${h.deadline ? chineseDate(h.deadline) : '未定'}）`,
            )
          set.deadline = newDeadline
          if (from === 'overdue') to = 'rectifying'
          data = { ...data, oldDeadline: h.deadline, newDeadline }
        }
        break
      }
      case 'rectified':
        allow(RECTIFIABLE)
        to = 'awaiting_review'
        set.review_requested_on = on
        if (input.measures !== undefined && input.measures !== null) set.measures = input.measures
        data = { reviewDueDate: reinspectionDue(h.deadline, on, getDeadlineRules(ctx)) }
        break
      case 'reinspectPass':
        allow(REVIEWABLE)
        // 重大事故隐患 are reported or transferred to the supervising department before the township
        // closes them (安全生产法 第四十一条; REFERENCE.md §1.1, §5): no 销号 without that record.
        if (h.grade === 'major') {
          if (!h.escalation)
            throw new AppError(
              'CONFLICT',
              '该隐患是重大事故隐患，销号前须登记上报或移送情况：接收单位和上报（移送）日期。请先点“上报/移送”登记，再记录复查合格销号。',
              { missing: ['escalation'] },
            )
          if (h.escalation.on > on)
            throw fieldError(
              'on',
              `销号日期不能早于${h.escalation.kindLabel}日期（${chineseDate(h.escalation.on)}）`,
            )
        }
        to = 'closed'
        set.closed_on = on
        set.reviewed_on = on
        data = { inspectionId: input.inspectionId ?? null }
        break
      case 'reinspectFail': {
        allow(REVIEWABLE)
        set.reviewed_on = on
        set.review_requested_on = null
        data = { inspectionId: input.inspectionId ?? null }
        if (input.newDeadline) {
          // 再次限期: a new deadline starts a new rectification period.
          if (input.newDeadline <= on) throw fieldError('newDeadline', '新的整改期限应晚于复查日期')
          set.deadline = input.newDeadline
          Object.assign(set, {
            extension_requested_on: null,
            extension_requested_deadline: null,
            extension_answer: null,
            extension_answered_on: null,
          })
          to = 'rectifying'
          data = { ...data, oldDeadline: h.deadline, newDeadline: input.newDeadline }
        } else {
          to = h.deadline && h.deadline >= on ? 'rectifying' : 'overdue'
        }
        break
      }
      case 'markOverdue':
        allow(['pending', 'rectifying'])
        if (!h.deadline || h.deadline >= on)
          throw new AppError(
            'CONFLICT',
            h.deadline
              ? `整改期限（${chineseDate(h.deadline)}）还没有过，不能认定逾期未改`
              : '该隐患没有整改期限，不能认定逾期未改',
          )
        to = 'overdue'
        break
      case 'refer': {
        allow(REVIEWABLE)
        const target = (input.to ?? '').trim() || getDocumentSettings(ctx).superiorOrgan
        if (!target) throw fieldError('to', '请填写移送机关（例如：县应急管理局）')
        to = 'referred'
        set.referred_on = on
        set.referred_to = target
        data = { to: target }
        break
      }
      case 'report': {
        allow(REVIEWABLE)
        if (h.grade !== 'major')
          throw new AppError(
            'CONFLICT',
            '只有重大事故隐患需要登记上报/移送。如该隐患属于重大事故隐患，请先把隐患等级改为“重大隐患”。',
          )
        const target = (input.to ?? '').trim() || getDocumentSettings(ctx).superiorOrgan
        if (!target)
          throw fieldError('to', `请填写${ESCALATION_KINDS[input.kind]}的接收单位（例如：县应急管理局）`)
        data = { kind: input.kind, to: target, reference: input.reference?.trim() || null }
        break
      }
    }

    set.status = to
    const cols = Object.keys(set)
    ctx.db
      .prepare(
        `UPDATE hazards SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1, updated_at = @now WHERE id = @id`,
      )
      .run({ ...set, now: isoNow(ctx), id })
    addEvent(ctx, id, { on, action: input.action, from, to, note: input.note ?? null, data })
    return getHazard(ctx, id)
  })
}

// ---- detail ----------------------------------------------------------------------------------------

export interface HazardEvent {
  id: number
  at: string
  on: string
  action: HazardAction
  actionLabel: string
  fromStatus: HazardStatus | null
  toStatus: HazardStatus | null
  toStatusLabel: string | null
  note: string | null
  data: Record<string, unknown>
}

export function hazardEvents(ctx: Ctx, id: number): HazardEvent[] {
  const rows = ctx.db.prepare('SELECT * FROM hazard_events WHERE hazard_id = ? ORDER BY id').all(id) as Row[]
  return rows.map((r) => {
    const action = r.action as HazardAction
    const toStatus = (r.to_status as HazardStatus | null) ?? null
    return {
      id: r.id as number,
      at: r.at as string,
      on: r.on_date as string,
      action,
      actionLabel: HAZARD_ACTIONS[action],
      fromStatus: (r.from_status as HazardStatus | null) ?? null,
      toStatus,
      toStatusLabel: toStatus ? HAZARD_STATUSES[toStatus] : null,
      note: str(r.note),
      data: JSON.parse(r.data as string) as Record<string, unknown>,
    }
  })
}
