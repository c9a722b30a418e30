import { writeAudit } from '../audit/audit'
import { isoNow, type Ctx, writeTx } from '../context'
import { likeAnywhere, Where } from '../db/where'
import { AppError, notFound, validationError } from '../errors'
import { getTemplate, templateItems } from './checklists'
import {
  CHECK_RESULTS,
  findingText,
  INSPECTION_MODES,
  INSPECTION_TYPES,
  type CheckResult,
  type InspectionMode,
  type InspectionType,
} from './fields'

// 现场检查记录: who inspected which enterprise, when and where, with which checklist, and what was found.
// The inspected unit is an enterprise or a 烟花爆竹零售点 that is not one (exactly one of the two ids):
// an outlet is inspected as an outlet, no enterprise record is invented for it.

export interface InspectionInput {
  enterpriseId: number | null
  /** A 烟花爆竹零售点 inspected as an outlet (then enterpriseId is null). */
  outletId?: number | null
  place: string | null
  startedAt: string
  endedAt: string | null
  type: InspectionType
  mode: InspectionMode
  findings: string
  templateId: number | null
  inspectorIds: number[]
}

export interface Inspector {
  id: number
  name: string
  certificateNo: string | null
}

export interface InspectionSummary {
  id: number
  enterpriseId: number | null
  outletId: number | null
  /** The inspected unit's name: the enterprise's, or the outlet's. */
  enterpriseName: string
  villageId: number | null
  villageName: string | null
  place: string | null
  startedAt: string
  endedAt: string | null
  type: InspectionType
  typeLabel: string
  mode: InspectionMode
  modeLabel: string
  findings: string
  templateId: number | null
  templateName: string | null
  inspectors: Inspector[]
  hazardCount: number
  openHazardCount: number
  majorHazardCount: number
  documentCount: number
  version: number
  createdAt: string
  updatedAt: string
}

export interface InspectionResultRow {
  /** Row id of this inspection's checklist line (use it for inspection.setResult / hazardFromItem). */
  id: number
  checklistItemId: number | null
  position: number
  category: string
  text: string
  basis: string
  /** The finding as an order states it, ready to edit (the item's wording, or 未做到：<text>; 现场情况 added). */
  finding: string
  majorHazardIf: boolean
  result: CheckResult | null
  resultLabel: string | null
  note: string | null
  hazardId: number | null
}

/** The inspected unit: an enterprise, or a 烟花爆竹零售点 inspected as an outlet. */
export const UNIT_JOIN = `LEFT JOIN enterprises e ON e.id = n.enterprise_id LEFT JOIN fireworks_outlets o ON o.id = n.outlet_id`

const SELECT = `SELECT n.*, coalesce(e.name, o.name) AS enterprise_name, coalesce(e.village_id, o.village_id) AS village_id,
  v.name AS village_name,
  (SELECT count(*) FROM hazards h WHERE h.inspection_id = n.id AND h.deleted_at IS NULL) AS hazard_count,
  (SELECT count(*) FROM hazards h WHERE h.inspection_id = n.id AND h.deleted_at IS NULL AND h.status NOT IN ('closed', 'referred')) AS open_hazard_count,
  (SELECT count(*) FROM hazards h WHERE h.inspection_id = n.id AND h.deleted_at IS NULL AND h.grade = 'major') AS major_hazard_count,
  (SELECT count(*) FROM documents d WHERE d.inspection_id = n.id AND d.voided_at IS NULL) AS document_count
  FROM inspections n ${UNIT_JOIN} LEFT JOIN villages v ON v.id = coalesce(e.village_id, o.village_id)`

type Row = Record<string, unknown>

export function inspectorsOf(ctx: Ctx, inspectionId: number): Inspector[] {
  return ctx.db
    .prepare(
      `SELECT s.id, s.name, s.certificate_no AS certificateNo FROM inspection_inspectors ii JOIN staff s ON s.id = ii.staff_id
       WHERE ii.inspection_id = ? ORDER BY ii.position`,
    )
    .all(inspectionId) as Inspector[]
}

function toSummary(ctx: Ctx, r: Row): InspectionSummary {
  const type = r.type as InspectionType
  const mode = r.mode as InspectionMode
  return {
    id: r.id as number,
    enterpriseId: (r.enterprise_id as number | null) ?? null,
    outletId: (r.outlet_id as number | null) ?? null,
    enterpriseName: r.enterprise_name as string,
    villageId: (r.village_id as number | null) ?? null,
    villageName: (r.village_name as string | null) ?? null,
    place: (r.place as string | null) ?? null,
    startedAt: r.started_at as string,
    endedAt: (r.ended_at as string | null) ?? null,
    type,
    typeLabel: INSPECTION_TYPES[type],
    mode,
    modeLabel: INSPECTION_MODES[mode],
    findings: r.findings as string,
    templateId: (r.template_id as number | null) ?? null,
    templateName: (r.template_name as string | null) ?? null,
    inspectors: inspectorsOf(ctx, r.id as number),
    hazardCount: r.hazard_count as number,
    openHazardCount: r.open_hazard_count as number,
    majorHazardCount: r.major_hazard_count as number,
    documentCount: r.document_count as number,
    version: r.version as number,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  }
}

export function getInspectionSummary(ctx: Ctx, id: number): InspectionSummary {
  const row = ctx.db.prepare(`${SELECT} WHERE n.id = ?`).get(id) as Row | undefined
  if (!row) throw notFound('该检查记录')
  return toSummary(ctx, row)
}

export function inspectionResults(ctx: Ctx, inspectionId: number): InspectionResultRow[] {
  const rows = ctx.db
    .prepare(
      `SELECT r.*, h.id AS hazard_id FROM inspection_results r LEFT JOIN hazards h ON h.result_id = r.id AND h.deleted_at IS NULL
       WHERE r.inspection_id = ? ORDER BY r.position`,
    )
    .all(inspectionId) as Row[]
  return rows.map((r) => {
    const result = (r.result as CheckResult | null) ?? null
    return {
      id: r.id as number,
      checklistItemId: (r.checklist_item_id as number | null) ?? null,
      position: r.position as number,
      category: r.category as string,
      text: r.text as string,
      basis: r.basis as string,
      finding: findingText({
        text: r.text as string,
        problem: r.problem as string,
        note: (r.note as string | null) ?? null,
      }),
      majorHazardIf: r.major_hazard_if === 1,
      result,
      resultLabel: result ? CHECK_RESULTS[result] : null,
      note: (r.note as string | null) ?? null,
      hazardId: (r.hazard_id as number | null) ?? null,
    }
  })
}

export interface InspectionListQuery {
  page: number
  pageSize: number
  villageIds?: number[]
  enterpriseIds?: number[]
  outletIds?: number[]
  types?: InspectionType[]
  modes?: InspectionMode[]
  period?: { from?: string; to?: string }
  query?: string
}

export function listInspections(
  ctx: Ctx,
  q: InspectionListQuery,
): { rows: InspectionSummary[]; total: number } {
  const w = new Where()
    .in('coalesce(e.village_id, o.village_id)', q.villageIds)
    .in('n.enterprise_id', q.enterpriseIds)
    .in('n.outlet_id', q.outletIds)
    .in('n.type', q.types)
    .in('n.mode', q.modes)
  if (q.period?.from) w.add('substr(n.started_at, 1, 10) >= ?', q.period.from)
  if (q.period?.to) w.add('substr(n.started_at, 1, 10) <= ?', q.period.to)
  const text = q.query?.trim()
  if (text) {
    const like = likeAnywhere(text)
    w.add(
      `(coalesce(e.name, o.name) LIKE ? ESCAPE '\\' OR n.place LIKE ? ESCAPE '\\' OR n.findings LIKE ? ESCAPE '\\')`,
      like,
      like,
      like,
    )
  }
  const { sql, params } = w
  const total = (
    ctx.db.prepare(`SELECT count(*) AS n FROM inspections n ${UNIT_JOIN} WHERE ${sql}`).get(...params) as {
      n: number
    }
  ).n
  const rows = ctx.db
    .prepare(`${SELECT} WHERE ${sql} ORDER BY n.started_at DESC, n.id DESC LIMIT ? OFFSET ?`)
    .all(...params, q.pageSize, (q.page - 1) * q.pageSize) as Row[]
  return { rows: rows.map((r) => toSummary(ctx, r)), total }
}

function issue(field: string, message: string): AppError {
  return validationError([{ field, message }])
}

function assertRefs(ctx: Ctx, input: InspectionInput, before: InspectionSummary | null): void {
  const outletId = input.outletId ?? null
  if ((input.enterpriseId === null) === (outletId === null))
    throw issue('enterpriseId', '请选择被检查单位（企业或烟花爆竹零售点，二者选一）')
  if (outletId !== null) {
    const o = ctx.db.prepare('SELECT name, deleted_at FROM fireworks_outlets WHERE id = ?').get(outletId) as
      { name: string; deleted_at: string | null } | undefined
    if (!o) throw issue('outletId', '所选零售点不存在，请重新选择')
    if (o.deleted_at && before?.outletId !== outletId)
      throw issue('outletId', `“${o.name}”在回收站中，请先恢复该零售点再登记检查`)
  } else {
    const e = ctx.db
      .prepare('SELECT name, deleted_at FROM enterprises WHERE id = ?')
      .get(input.enterpriseId) as { name: string; deleted_at: string | null } | undefined
    if (!e) throw issue('enterpriseId', '所选企业不存在，请重新选择')
    if (e.deleted_at && before?.enterpriseId !== input.enterpriseId)
      throw issue('enterpriseId', `“${e.name}”在回收站中，请先恢复该企业再登记检查`)
  }
  if (new Set(input.inspectorIds).size !== input.inspectorIds.length)
    throw issue('inspectorIds', '检查人员重复，请选择两名或以上不同的人员')
  const already = new Set(before?.inspectors.map((i) => i.id) ?? [])
  for (const sid of input.inspectorIds) {
    const s = ctx.db.prepare('SELECT name, active FROM staff WHERE id = ?').get(sid) as
      { name: string; active: number } | undefined
    if (!s) throw issue('inspectorIds', '所选检查人员不存在，请刷新后重新选择')
    if (!s.active && !already.has(sid)) throw issue('inspectorIds', `${s.name}已停用，不能再安排检查`)
  }
  if (input.endedAt && input.endedAt < input.startedAt) throw issue('endedAt', '检查结束时间不能早于开始时间')
}

function setInspectors(ctx: Ctx, id: number, staffIds: number[]): void {
  ctx.db.prepare('DELETE FROM inspection_inspectors WHERE inspection_id = ?').run(id)
  const ins = ctx.db.prepare(
    'INSERT INTO inspection_inspectors(inspection_id, staff_id, position) VALUES (?, ?, ?)',
  )
  staffIds.forEach((sid, i) => ins.run(id, sid, i + 1))
}

/** Copies the template's items into the inspection's own checklist. */
function copyChecklist(ctx: Ctx, id: number, templateId: number | null): string | null {
  ctx.db.prepare('DELETE FROM inspection_results WHERE inspection_id = ?').run(id)
  if (templateId === null) return null
  const t = getTemplate(ctx, templateId)
  const ins = ctx.db.prepare(
    `INSERT INTO inspection_results(inspection_id, checklist_item_id, position, category, text, basis, problem, major_hazard_if)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  templateItems(ctx, templateId).forEach((it, i) =>
    ins.run(id, it.id, i + 1, it.category, it.text, it.basis, it.problem, it.majorHazardIf ? 1 : 0),
  )
  return t.name
}

const RESULT_TEXT = { ...CHECK_RESULTS, none: '未检查' } as const

export function createInspection(ctx: Ctx, input: InspectionInput): InspectionSummary {
  return writeTx(ctx, () => {
    assertRefs(ctx, input, null)
    const now = isoNow(ctx)
    const id = Number(
      ctx.db
        .prepare(
          `INSERT INTO inspections(enterprise_id, outlet_id, place, started_at, ended_at, type, mode, findings, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.enterpriseId,
          input.outletId ?? null,
          input.place,
          input.startedAt,
          input.endedAt,
          input.type,
          input.mode,
          input.findings,
          now,
          now,
        ).lastInsertRowid,
    )
    setInspectors(ctx, id, input.inspectorIds)
    const templateName = copyChecklist(ctx, id, input.templateId)
    ctx.db
      .prepare('UPDATE inspections SET template_id = ?, template_name = ? WHERE id = ?')
      .run(input.templateId, templateName, id)
    return audited(ctx, 'create', getInspectionSummary(ctx, id))
  })
}

/** The inspection's audit entry ("东湖机械厂 2026-12-01 检查"), returning the summary. */
function audited(
  ctx: Ctx,
  action: 'create' | 'update' | 'delete',
  s: InspectionSummary,
  note?: string,
): InspectionSummary {
  const name = `${s.enterpriseName} ${s.startedAt.slice(0, 10)} 检查`.trim()
  writeAudit(ctx, { action, ledger: 'inspection', recordId: s.id, recordName: name, note })
  return s
}

export function updateInspection(
  ctx: Ctx,
  id: number,
  version: number,
  input: InspectionInput,
): InspectionSummary {
  return writeTx(ctx, () => {
    const before = getInspectionSummary(ctx, id)
    if (before.version !== version)
      throw new AppError(
        'CONFLICT',
        '该检查记录刚被修改过（可能在另一个窗口），请刷新后再保存，以免覆盖别人的修改',
      )
    assertRefs(ctx, input, before)
    if (
      (input.enterpriseId !== before.enterpriseId || (input.outletId ?? null) !== before.outletId) &&
      (before.hazardCount > 0 || before.documentCount > 0)
    )
      throw issue(
        'enterpriseId',
        '本次检查已登记隐患或出具文书，不能更换被检查单位。如选错了企业，请另建检查记录。',
      )
    const now = isoNow(ctx)
    if (input.templateId !== before.templateId) {
      const recorded = ctx.db
        .prepare(
          'SELECT count(*) AS n FROM inspection_results WHERE inspection_id = ? AND result IS NOT NULL',
        )
        .get(id) as { n: number }
      if (recorded.n > 0)
        throw issue(
          'templateId',
          `检查表已记录了 ${recorded.n} 项结果，不能再更换检查表。如需更换，请先清除已记录的结果。`,
        )
      const templateName = copyChecklist(ctx, id, input.templateId)
      ctx.db
        .prepare('UPDATE inspections SET template_id = ?, template_name = ? WHERE id = ?')
        .run(input.templateId, templateName, id)
    }
    ctx.db
      .prepare(
        `UPDATE inspections SET enterprise_id = ?, outlet_id = ?, place = ?, started_at = ?, ended_at = ?, type = ?, mode = ?,
           findings = ?, version = version + 1, updated_at = ? WHERE id = ?`,
      )
      .run(
        input.enterpriseId,
        input.outletId ?? null,
        input.place,
        input.startedAt,
        input.endedAt,
        input.type,
        input.mode,
        input.findings,
        now,
        id,
      )
    setInspectors(ctx, id, input.inspectorIds)
    return audited(ctx, 'update', getInspectionSummary(ctx, id))
  })
}

export function removeInspection(ctx: Ctx, id: number): { id: number } {
  return writeTx(ctx, () => {
    const s = getInspectionSummary(ctx, id)
    const docs = ctx.db.prepare('SELECT count(*) AS n FROM documents WHERE inspection_id = ?').get(id) as {
      n: number
    }
    if (docs.n > 0)
      throw new AppError(
        'CONFLICT',
        `本次检查已出具 ${docs.n} 份文书（含已作废的），文书编号要留档，检查记录不能删除`,
      )
    if (s.hazardCount > 0)
      throw new AppError('CONFLICT', `本次检查登记了 ${s.hazardCount} 条隐患，请先删除这些隐患再删除检查记录`)
    const binned = ctx.db
      .prepare('SELECT count(*) FROM hazards WHERE inspection_id = ? AND deleted_at IS NOT NULL')
      .pluck()
      .get(id) as number
    if (binned > 0)
      throw new AppError(
        'CONFLICT',
        `本次检查登记的 ${binned} 条隐患在隐患整改台账的回收站中，回收站中的隐患仍属于这次检查，检查记录不能删除`,
      )
    audited(ctx, 'delete', s)
    ctx.db.prepare('DELETE FROM inspections WHERE id = ?').run(id)
    return { id }
  })
}

export function getResultRow(
  ctx: Ctx,
  resultId: number,
): {
  id: number
  inspectionId: number
  result: CheckResult | null
  text: string
  category: string
  basis: string
  problem: string
  majorHazardIf: boolean
  checklistItemId: number | null
  note: string | null
} {
  const r = ctx.db.prepare('SELECT * FROM inspection_results WHERE id = ?').get(resultId) as Row | undefined
  if (!r) throw notFound('该检查项')
  return {
    id: r.id as number,
    inspectionId: r.inspection_id as number,
    result: (r.result as CheckResult | null) ?? null,
    text: r.text as string,
    category: r.category as string,
    basis: r.basis as string,
    problem: r.problem as string,
    majorHazardIf: r.major_hazard_if === 1,
    checklistItemId: (r.checklist_item_id as number | null) ?? null,
    note: (r.note as string | null) ?? null,
  }
}

export function setResult(
  ctx: Ctx,
  input: { id: number; result: CheckResult | null; note?: string | null },
): InspectionResultRow {
  return writeTx(ctx, () => {
    const row = getResultRow(ctx, input.id)
    const hazard = ctx.db
      .prepare('SELECT id FROM hazards WHERE result_id = ? AND deleted_at IS NULL')
      .get(input.id) as { id: number } | undefined
    if (hazard && input.result !== 'fail')
      throw new AppError(
        'CONFLICT',
        '该检查项已登记为隐患，不能改为“符合”或“不适用”。如判断有误，请先删除由此登记的隐患。',
        { hazardId: hazard.id },
      )
    ctx.db
      .prepare('UPDATE inspection_results SET result = ?, note = ? WHERE id = ?')
      .run(input.result, input.note === undefined ? row.note : input.note, input.id)
    ctx.db.prepare('UPDATE inspections SET updated_at = ? WHERE id = ?').run(isoNow(ctx), row.inspectionId)
    if (row.result !== input.result)
      audited(
        ctx,
        'update',
        getInspectionSummary(ctx, row.inspectionId),
        `检查项“${row.text.slice(0, 40)}”：${RESULT_TEXT[row.result ?? 'none']} → ${RESULT_TEXT[input.result ?? 'none']}`,
      )
    return inspectionResults(ctx, row.inspectionId).find((r) => r.id === input.id) as InspectionResultRow
  })
}
