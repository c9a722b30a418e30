import { writeAudit } from '../audit/audit'
import { isoNow, type Ctx } from '../context'
import { likeAnywhere, Where } from '../db/where'
import { AppError, notFound, validationError } from '../errors'
import { chineseDate } from '../inspections/deadlines'
import type { HazardGrade, HazardStatus } from '../inspections/fields'
import { ESCALATION_SQL, parseEscalation, today } from '../inspections/hazards'
import { getInspectionSummary } from '../inspections/inspections'
import { MAX_PDF_BYTES, decodeBase64, isPdf, readAttachment, storeAttachment } from './attachments'
import {
  DOCUMENT_TYPES,
  ORDER_TYPE,
  SERVED_TYPES,
  SERVICE_METHODS,
  type DocumentType,
  type ServiceMethod,
} from './fields'
import { formatDocumentNumber } from './numbering'
import { buildPayload, type DateOrderNote, type DocumentHazardLine, type DocumentPayload } from './payload'
import { assertSettingsComplete, getDocumentSettings, issuer } from './settings'

// Issuing documents. The number is taken from document_counters inside the same IMMEDIATE
// transaction that inserts the document, so two windows (or the app and the CLI) issuing at the
// same moment queue on SQLite's write lock: no gaps, no duplicates, and a failure anywhere rolls
// the counter back with the row. Documents are never deleted or edited; voiding keeps the number.

export interface DocumentSummary {
  id: number
  type: DocumentType
  typeLabel: string
  number: string
  year: number
  seq: number
  inspectionId: number
  enterpriseId: number | null
  outletId: number | null
  enterpriseName: string
  citesDocumentId: number | null
  citedNumber: string | null
  issuedOn: string
  issuedAt: string
  voided: boolean
  voidedAt: string | null
  voidReason: string | null
  hasPdf: boolean
  pdfSha256: string | null
  /** The body font the archived PDF was set in, as the print view reported it (null: not recorded). */
  pdfFont: string | null
  /** Set when the date precedes the date of an earlier number of the sequence: the clerk's reason. */
  dateOrder: DateOrderNote | null
  /** Decision-type documents: whether a 送达回执 is recorded and when it was served. */
  needsService: boolean
  servedAt: string | null
  serviceMethodLabel: string | null
}

export interface DocumentFull extends DocumentSummary {
  payload: DocumentPayload
  hazardIds: number[]
  citedBy: { id: number; number: string; voided: boolean }[]
}

export interface IssueInput {
  type: DocumentType
  inspectionId: number
  citesDocumentId?: number
  hazardIds?: number[]
  issuedOn?: string
  opinion?: string | null
  /** Required when issuedOn precedes the date of an earlier number of the same sequence. */
  dateOrderReason?: string | null
}

/** Test seam for fault injection (never reachable through the handler table). */
export interface IssueFaults {
  afterNumberReserved?: (seq: number) => void
}

type Row = Record<string, unknown>

const SELECT = `SELECT d.*, json_extract(d.payload, '$.enterprise.name') AS enterprise_name, c.number AS cited_number,
  json_extract(d.payload, '$.dateOrder') AS date_order, sv.served_at, sv.method AS service_method
  FROM documents d LEFT JOIN documents c ON c.id = d.cites_document_id
  LEFT JOIN document_services sv ON sv.document_id = d.id`

function toSummary(r: Row): DocumentSummary {
  const type = r.type as DocumentType
  return {
    id: r.id as number,
    type,
    typeLabel: DOCUMENT_TYPES[type],
    number: r.number as string,
    year: r.year as number,
    seq: r.seq as number,
    inspectionId: r.inspection_id as number,
    enterpriseId: (r.enterprise_id as number | null) ?? null,
    outletId: (r.outlet_id as number | null) ?? null,
    enterpriseName: r.enterprise_name as string,
    citesDocumentId: (r.cites_document_id as number | null) ?? null,
    citedNumber: (r.cited_number as string | null) ?? null,
    issuedOn: r.issued_on as string,
    issuedAt: r.issued_at as string,
    voided: r.voided_at !== null,
    voidedAt: (r.voided_at as string | null) ?? null,
    voidReason: (r.void_reason as string | null) ?? null,
    hasPdf: r.pdf_sha256 !== null,
    pdfSha256: (r.pdf_sha256 as string | null) ?? null,
    pdfFont: (r.pdf_font as string | null) ?? null,
    dateOrder: r.date_order ? (JSON.parse(r.date_order as string) as DateOrderNote) : null,
    needsService: SERVED_TYPES.includes(type),
    servedAt: (r.served_at as string | null) ?? null,
    serviceMethodLabel: r.service_method ? SERVICE_METHODS[r.service_method as ServiceMethod] : null,
  }
}

export function getDocument(ctx: Ctx, ref: { id?: number; number?: string }): DocumentFull {
  const row = (
    ref.id !== undefined
      ? ctx.db.prepare(`${SELECT} WHERE d.id = ?`).get(ref.id)
      : ctx.db.prepare(`${SELECT} WHERE d.number = ?`).get((ref.number ?? '').trim())
  ) as Row | undefined
  if (!row) throw notFound(ref.number ? `文书 ${ref.number} ` : '该文书')
  const id = row.id as number
  return {
    ...toSummary(row),
    payload: JSON.parse(row.payload as string) as DocumentPayload,
    hazardIds: (
      ctx.db.prepare('SELECT hazard_id FROM document_hazards WHERE document_id = ? ORDER BY no').all(id) as {
        hazard_id: number
      }[]
    ).map((h) => h.hazard_id),
    citedBy: (
      ctx.db
        .prepare('SELECT id, number, voided_at FROM documents WHERE cites_document_id = ? ORDER BY id')
        .all(id) as {
        id: number
        number: string
        voided_at: string | null
      }[]
    ).map((d) => ({ id: d.id, number: d.number, voided: d.voided_at !== null })),
  }
}

export interface DocumentListQuery {
  page: number
  pageSize: number
  types?: DocumentType[]
  enterpriseIds?: number[]
  inspectionId?: number
  year?: number
  period?: { from?: string; to?: string }
  voided?: boolean
  query?: string
}

export function listDocuments(ctx: Ctx, q: DocumentListQuery): { rows: DocumentSummary[]; total: number } {
  const w = new Where().in('d.type', q.types).in('d.enterprise_id', q.enterpriseIds)
  if (q.inspectionId !== undefined) w.add('d.inspection_id = ?', q.inspectionId)
  if (q.year !== undefined) w.add('d.year = ?', q.year)
  if (q.period?.from) w.add('d.issued_on >= ?', q.period.from)
  if (q.period?.to) w.add('d.issued_on <= ?', q.period.to)
  if (q.voided !== undefined) w.add(q.voided ? 'd.voided_at IS NOT NULL' : 'd.voided_at IS NULL')
  const text = q.query?.trim()
  if (text) {
    const like = likeAnywhere(text)
    w.add(
      `(d.number LIKE ? ESCAPE '\\' OR json_extract(d.payload, '$.enterprise.name') LIKE ? ESCAPE '\\')`,
      like,
      like,
    )
  }
  const { sql, params } = w
  const total = (
    ctx.db.prepare(`SELECT count(*) AS n FROM documents d WHERE ${sql}`).get(...params) as { n: number }
  ).n
  const rows = ctx.db
    .prepare(`${SELECT} WHERE ${sql} ORDER BY d.issued_on DESC, d.id DESC LIMIT ? OFFSET ?`)
    .all(...params, q.pageSize, (q.page - 1) * q.pageSize) as Row[]
  return { rows: rows.map(toSummary), total }
}

// ---- issue ------------------------------------------------------------------------------------------

interface HazardRow {
  id: number
  description: string
  place: string | null
  basis: string | null
  grade: HazardGrade
  deadline: string | null
  status: HazardStatus
  escalation: string | null
}

function hazardRows(ctx: Ctx, ids: number[]): HazardRow[] {
  const get = ctx.db.prepare(
    `SELECT id, description, place, basis, grade, deadline, status, ${ESCALATION_SQL('hazards')} AS escalation FROM hazards WHERE id = ?`,
  )
  return ids.map((id) => get.get(id) as HazardRow)
}

function line(h: HazardRow, no: number): Omit<DocumentHazardLine, 'gradeLabel' | 'major' | 'outcomeLabel'> {
  return {
    no,
    hazardId: h.id,
    description: h.description,
    place: h.place,
    basis: h.basis,
    grade: h.grade,
    deadline: h.deadline,
    escalation: parseEscalation(h.escalation),
  }
}

function conflict(message: string, details?: unknown): AppError {
  return new AppError('CONFLICT', message, details)
}

/** Reserves the next number of a type and year; runs inside the issuing transaction. */
function reserveSeq(ctx: Ctx, type: DocumentType, year: number): number {
  ctx.db
    .prepare('INSERT INTO document_counters(type, year, next_seq) VALUES (?, ?, 1) ON CONFLICT DO NOTHING')
    .run(type, year)
  const counter = (
    ctx.db.prepare('SELECT next_seq FROM document_counters WHERE type = ? AND year = ?').get(type, year) as {
      next_seq: number
    }
  ).next_seq
  // Defence in depth: never below what the documents table already holds.
  const used = (
    ctx.db
      .prepare('SELECT coalesce(max(seq), 0) AS m FROM documents WHERE type = ? AND year = ?')
      .get(type, year) as { m: number }
  ).m
  const seq = Math.max(counter, used + 1)
  ctx.db
    .prepare('UPDATE document_counters SET next_seq = ? WHERE type = ? AND year = ?')
    .run(seq + 1, type, year)
  return seq
}

export function issueDocument(ctx: Ctx, input: IssueInput, faults: IssueFaults = {}): DocumentFull {
  const run = ctx.db.transaction((): number => {
    const settings = getDocumentSettings(ctx)
    const family = settings.documentFamily
    if (
      (input.type === 'rectification_order' || input.type === 'rectification_opinion') &&
      ORDER_TYPE[family] !== input.type
    )
      throw conflict(
        input.type === 'rectification_order'
          ? '本机关的执法权限设置为“无委托、无赋权”，只能出具监督检查文书（限期整改意见书），不能出具责令限期整改指令书。如已受委托或经赋权执法，请在“文书设置”中修改执法权限。'
          : '本机关的执法权限设置为受委托或经赋权执法，应出具责令限期整改指令书。如本机关没有行政执法权，请在“文书设置”中改为“无委托、无赋权”。',
      )
    assertSettingsComplete(settings, input.type)

    const insp = getInspectionSummary(ctx, input.inspectionId)
    if (insp.inspectors.length < 2)
      throw conflict('检查人员不足两人，不能出具文书。请在检查记录中补充检查人员。')
    if (family === 'enforcement') {
      const missing = insp.inspectors.filter((i) => !i.certificateNo).map((i) => i.name)
      if (missing.length > 0)
        throw conflict(
          `执法文书要印执法证号，${missing.join('、')}还没有登记证件号。请先在“检查人员”名单中补充。`,
        )
    }
    const t = today(ctx)
    const issuedOn = input.issuedOn ?? t
    const inspectedOn = insp.startedAt.slice(0, 10)
    if (issuedOn > t) throw validationError([{ field: 'issuedOn', message: '出具日期不能晚于今天' }])
    if (issuedOn < inspectedOn)
      throw validationError([
        { field: 'issuedOn', message: `出具日期不能早于检查日期（${chineseDate(inspectedOn)}）` },
      ])

    const existing = (types: DocumentType[], extra = '', extraParams: unknown[] = []) =>
      ctx.db
        .prepare(
          `SELECT number FROM documents WHERE inspection_id = ? AND voided_at IS NULL AND type IN (${types.map(() => '?').join(',')}) ${extra} LIMIT 1`,
        )
        .get(insp.id, ...types, ...extraParams) as { number: string } | undefined

    const inspectionHazardIds = ctx.db
      .prepare('SELECT id, status FROM hazards WHERE inspection_id = ? AND deleted_at IS NULL ORDER BY id')
      .all(insp.id) as { id: number; status: HazardStatus }[]
    let lines: ReturnType<typeof line>[] = []
    let cited: { documentId: number; type: DocumentType; number: string; issuedOn: string } | null = null

    switch (input.type) {
      case 'check_record': {
        const dup = existing(['check_record'])
        if (dup) throw conflict(`本次检查已出具现场检查记录 ${dup.number}。如需重新出具，请先作废原记录。`)
        lines = hazardRows(
          ctx,
          inspectionHazardIds.map((h) => h.id),
        ).map((h, i) => line(h, i + 1))
        break
      }
      case 'rectification_order':
      case 'rectification_opinion': {
        const dup = existing(['rectification_order', 'rectification_opinion'])
        if (dup) throw conflict(`本次检查已出具 ${dup.number}。如需重新出具，请先作废原文书。`)
        const own = new Set(inspectionHazardIds.map((h) => h.id))
        const ids =
          input.hazardIds ??
          inspectionHazardIds.filter((h) => h.status !== 'closed' && h.status !== 'referred').map((h) => h.id)
        for (const hid of ids)
          if (!own.has(hid))
            throw validationError([
              { field: 'hazardIds', message: '所选隐患不属于本次检查，请刷新后重新选择' },
            ])
        if (ids.length === 0)
          throw conflict(
            `本次检查没有需要整改的隐患，无需出具${DOCUMENT_TYPES[input.type]}。请先在检查表中把“不符合”项登记为隐患。`,
          )
        const rows = hazardRows(ctx, ids)
        const noDeadline = rows.map((h, i) => (h.deadline ? 0 : i + 1)).filter(Boolean)
        if (noDeadline.length > 0)
          throw conflict(
            `第${noDeadline.join('、')}项隐患还没有整改期限，请先设定整改期限再出具${DOCUMENT_TYPES[input.type]}。`,
          )
        const early = rows.map((h, i) => (h.deadline && h.deadline < issuedOn ? i + 1 : 0)).filter(Boolean)
        if (early.length > 0)
          throw conflict(
            `第${early.join('、')}项隐患的整改期限早于出具日期（${chineseDate(issuedOn)}），请修改整改期限。`,
          )
        lines = rows.map((h, i) => line(h, i + 1))
        break
      }
      case 'reinspection_opinion': {
        if (input.citesDocumentId === undefined)
          throw validationError([
            { field: 'citesDocumentId', message: '请选择要复查的责令限期整改指令书或限期整改意见书' },
          ])
        const c = getDocument(ctx, { id: input.citesDocumentId })
        if (c.type !== 'rectification_order' && c.type !== 'rectification_opinion')
          throw validationError([
            {
              field: 'citesDocumentId',
              message: `整改复查意见书只能引用责令限期整改指令书或限期整改意见书，${c.number}是${c.typeLabel}`,
            },
          ])
        if (c.voided) throw conflict(`${c.number}已作废，不能再据此复查`)
        if (c.enterpriseId !== insp.enterpriseId || c.outletId !== insp.outletId)
          throw conflict(
            `${c.number}的被检查单位是“${c.enterpriseName}”，与本次复查的单位“${insp.enterpriseName}”不一致`,
          )
        if (issuedOn < c.issuedOn)
          throw validationError([
            {
              field: 'issuedOn',
              message: `复查意见书的日期不能早于原文书的日期（${chineseDate(c.issuedOn)}）`,
            },
          ])
        const dup = existing(['reinspection_opinion'], 'AND cites_document_id = ?', [c.id])
        if (dup)
          throw conflict(
            `本次复查已就 ${c.number} 出具整改复查意见书 ${dup.number}。如需重新出具，请先作废。`,
          )
        cited = { documentId: c.id, type: c.type, number: c.number, issuedOn: c.issuedOn }
        const rows = hazardRows(ctx, c.hazardIds)
        // A later 复查 of the same order needs results recorded since the previous 复查意见书.
        const previous = ctx.db
          .prepare(
            "SELECT max(issued_on) AS d FROM documents WHERE type = 'reinspection_opinion' AND cites_document_id = ? AND voided_at IS NULL",
          )
          .get(c.id) as { d: string | null }
        const reviewed = ctx.db.prepare(
          `SELECT 1 FROM hazard_events WHERE hazard_id = ? AND action IN ('reinspectPass', 'reinspectFail')
             AND on_date ${previous.d ? '>' : '>='} ? LIMIT 1`,
        )
        const since = previous.d ?? c.issuedOn
        const printedNo = new Map(c.payload.hazards.map((h) => [h.hazardId, h.no]))
        const numbered = (list: HazardRow[]): string => list.map((h) => printedNo.get(h.id)).join('、')
        // Staggered deadlines (12-05, 12-15, 12-31): the 复查 covers the items that are due and leaves
        // the others open. An item is due once its deadline has passed or the enterprise asked for the
        // 复查 ("生产经营单位提出复查申请或者整改、治理限期届满的…进行复查"); a due item needs its result
        // first, an item not yet due is printed as such and re-inspected later.
        const open = rows.filter(
          (h) => h.status !== 'closed' && h.status !== 'referred' && !reviewed.get(h.id, since),
        )
        const due = open.filter((h) => h.status === 'awaiting_review' || !h.deadline || h.deadline < issuedOn)
        if (due.length > 0)
          throw conflict(
            `${c.number}中第${numbered(due)}项隐患已到复查时间，还没有记录复查结果。请先在隐患中记录“复查合格”或“复查不合格”，再出具整改复查意见书。`,
          )
        if (!rows.some((h) => reviewed.get(h.id, since)))
          throw conflict(
            `${c.number}中${open.length > 0 ? `第${numbered(open)}项隐患整改期限未届满，` : ''}${previous.d ? '自上次复查意见书以来' : ''}还没有记录复查结果的隐患，无需出具整改复查意见书。`,
          )
        const notDue = new Set(open.map((h) => h.id))
        lines = rows.map((h) => {
          const outcome: DocumentHazardLine['outcome'] = notDue.has(h.id)
            ? 'pending'
            : h.status === 'closed'
              ? 'passed'
              : h.status === 'referred'
                ? 'referred'
                : h.status === 'overdue' || !h.deadline || h.deadline < issuedOn
                  ? 'overdue'
                  : 'failed'
          return { ...line(h, printedNo.get(h.id) ?? 0), outcome }
        })
        break
      }
    }

    // The inspected unit: an enterprise, or a 烟花爆竹零售点 inspected as an outlet.
    const e = (
      insp.outletId !== null
        ? ctx.db
            .prepare(
              `SELECT name, address, NULL AS legal_representative, principal, phones AS principal_phone,
                 NULL AS contact_phone, NULL AS credit_code FROM fireworks_outlets WHERE id = ?`,
            )
            .get(insp.outletId)
        : ctx.db
            .prepare(
              'SELECT name, address, legal_representative, principal, principal_phone, contact_phone, credit_code FROM enterprises WHERE id = ?',
            )
            .get(insp.enterpriseId)
    ) as Record<string, string | null>

    // Numbers follow the order of issue, so a date earlier than that of an earlier number of the same
    // sequence (〔2026〕26号 dated 11-30 after 25号 dated 12-05) looks like a number filled in later. It
    // is allowed only with the clerk's reason, which is kept with the document and shown in the register.
    const year = Number(issuedOn.slice(0, 4))
    const latest = ctx.db
      .prepare(
        'SELECT number, issued_on FROM documents WHERE type = ? AND year = ? ORDER BY issued_on DESC, seq DESC LIMIT 1',
      )
      .get(input.type, year) as { number: string; issued_on: string } | undefined
    let dateOrder: DateOrderNote | null = null
    if (latest && issuedOn < latest.issued_on) {
      const reason = input.dateOrderReason?.trim()
      if (!reason)
        throw conflict(
          `出具日期${chineseDate(issuedOn)}早于同一编号序列中已出具的 ${latest.number}（${chineseDate(latest.issued_on)}）。编号按出具先后连续编排，日期倒置须说明原因（如补开文书）。请填写原因后再出具，原因记入文书登记簿。`,
          { dateOrder: { number: latest.number, issuedOn: latest.issued_on } },
        )
      dateOrder = { reason, number: latest.number, issuedOn: latest.issued_on }
    }

    // The number is reserved here, after every check, in the transaction that inserts the row.
    const seq = reserveSeq(ctx, input.type, year)
    faults.afterNumberReserved?.(seq)
    const number = formatDocumentNumber({
      abbreviation: issuer(settings).abbreviation,
      prefix: settings.numberPrefix,
      type: input.type,
      year,
      seq,
    })
    const payload = buildPayload({
      type: input.type,
      number,
      issuedOn,
      settings,
      enterprise: {
        id: insp.enterpriseId ?? insp.outletId ?? 0,
        ...(insp.outletId !== null ? { outletId: insp.outletId } : {}),
        name: e.name as string,
        address: e.address ?? null,
        legalRepresentative: e.legal_representative ?? null,
        principal: e.principal ?? null,
        // The person printed on the 法定代表人（负责人） line, with that person's own 职务 and phone: the
        // 主要负责人 when recorded (the ledger keeps a phone for them), else the 法定代表人 (no phone kept).
        person: e.principal ?? e.legal_representative ?? null,
        personTitle: e.principal
          ? e.principal === e.legal_representative
            ? '法定代表人'
            : '主要负责人'
          : e.legal_representative
            ? '法定代表人'
            : null,
        phone: e.principal ? (e.principal_phone ?? null) : null,
        creditCode: e.credit_code ?? null,
      },
      inspection: {
        id: insp.id,
        place: insp.place,
        startedAt: insp.startedAt,
        endedAt: insp.endedAt,
        type: insp.type,
        findings: insp.findings,
      },
      inspectors: insp.inspectors.map((i) => ({ name: i.name, certificateNo: i.certificateNo })),
      hazards: lines,
      cited,
      opinion: input.opinion ?? null,
      dateOrder,
    })
    const id = Number(
      ctx.db
        .prepare(
          `INSERT INTO documents(type, year, seq, number, inspection_id, enterprise_id, outlet_id, cites_document_id, issued_on,
             issued_at, payload)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.type,
          year,
          seq,
          number,
          insp.id,
          insp.enterpriseId,
          insp.outletId,
          cited?.documentId ?? null,
          issuedOn,
          isoNow(ctx),
          JSON.stringify(payload),
        ).lastInsertRowid,
    )
    const link = ctx.db.prepare('INSERT INTO document_hazards(document_id, hazard_id, no) VALUES (?, ?, ?)')
    for (const l of lines) link.run(id, l.hazardId, l.no)
    writeAudit(ctx, {
      action: 'issue',
      ledger: 'document',
      recordId: id,
      recordName: number,
      note: `${DOCUMENT_TYPES[input.type]}，${insp.enterpriseName}，${lines.length} 项`,
    })
    return id
  })
  let id: number
  try {
    id = run.immediate()
  } catch (err) {
    if (
      err instanceof Error &&
      'code' in err &&
      (err.code === 'SQLITE_BUSY' || err.code === 'SQLITE_BUSY_SNAPSHOT')
    )
      throw conflict('另一个窗口或程序正在写入数据，文书没有出具，编号也没有占用。请稍等几秒后重试。')
    throw err
  }
  return getDocument(ctx, { id })
}

// ---- void / pdf ------------------------------------------------------------------------------------

export function voidDocument(ctx: Ctx, id: number, reason: string): DocumentFull {
  ctx.db
    .transaction(() => {
      const d = getDocument(ctx, { id })
      if (d.voided) throw conflict(`${d.number}已于${d.voidedAt}作废`)
      const citing = d.citedBy.filter((c) => !c.voided)
      if (citing.length > 0)
        throw conflict(
          `${d.number}已被整改复查意见书 ${citing.map((c) => c.number).join('、')} 引用，请先作废复查意见书`,
        )
      ctx.db
        .prepare('UPDATE documents SET voided_at = ?, void_reason = ? WHERE id = ?')
        .run(isoNow(ctx), reason, id)
      writeAudit(ctx, {
        action: 'void',
        ledger: 'document',
        recordId: id,
        recordName: d.number,
        note: `作废原因：${reason}`,
      })
    })
    .immediate()
  return getDocument(ctx, { id })
}

/** Archives the printed PDF by content hash. The archive is never replaced: reprints must match it. */
export function attachPdf(ctx: Ctx, id: number, base64: string, font: string | null = null): DocumentFull {
  const d = getDocument(ctx, { id })
  const bytes = decodeBase64(base64, MAX_PDF_BYTES, `${d.number}的PDF文件`)
  if (!isPdf(bytes)) throw new AppError('VALIDATION', '上传的文件不是PDF，请用“保存为PDF”生成的文件')
  const { sha256 } = storeAttachment(ctx, bytes)
  ctx.db
    .transaction(() => {
      const cur = getDocument(ctx, { id })
      if (cur.pdfSha256 === sha256) return
      if (cur.pdfSha256)
        throw conflict(`${cur.number}已存档PDF，存档不能替换（重印时使用存档文件，保证与原件一致）`)
      ctx.db
        .prepare('UPDATE documents SET pdf_sha256 = ?, pdf_attached_at = ?, pdf_font = ? WHERE id = ?')
        .run(sha256, isoNow(ctx), font, id)
    })
    .immediate()
  return getDocument(ctx, { id })
}

export function documentPdf(ctx: Ctx, id: number): { fileName: string; sha256: string; base64: string } {
  const d = getDocument(ctx, { id })
  if (!d.pdfSha256) throw new AppError('NOT_FOUND', `${d.number}还没有存档PDF，请先打印预览并保存PDF`)
  const bytes = readAttachment(ctx, d.pdfSha256, `${d.number}的存档PDF`)
  return {
    fileName: `${d.number}${d.voided ? '（作废）' : ''}.pdf`,
    sha256: d.pdfSha256,
    base64: bytes.toString('base64'),
  }
}
