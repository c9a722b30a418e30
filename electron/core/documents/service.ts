import { writeAudit, type AuditChange } from '../audit/audit'
import { isoNow, type Ctx } from '../context'
import { AppError, validationError } from '../errors'
import { chinaDateTime, chineseDate } from '../inspections/deadlines'
import { DOCUMENT_TYPES, SERVED_TYPES, SERVICE_LABELS, SERVICE_METHODS, type ServiceMethod } from './fields'
import { getDocument } from './repo'

// 送达回执 (REFERENCE.md §1.7, from the 处罚办法's rule on service): "送达必须有送达回执，由受送达人在送达回执上
// 注明收到日期，签名或者盖章"; on refusal "邀请有关基层组织或者所在单位的代表到场，说明情况，在送达回执上记明拒收的
// 事由和日期，由送达人、见证人签名或者盖章，把文书留在受送达人的住所" (留置送达). One record per decision-type
// document; it can be corrected (the audit trail keeps each version). Signatures stay handwritten.

export interface Witness {
  name: string
  /** 所在单位 or 基层组织 (e.g. 东湖村村民委员会). */
  unit: string
}

export interface ServiceInput {
  documentId: number
  /** 'YYYY-MM-DD HH:MM', Beijing time. */
  servedAt: string
  place: string
  method: ServiceMethod
  recipient: string | null
  recipientRole: string | null
  servers: string[]
  refusalReason: string | null
  witnesses: Witness[]
  note: string | null
}

export interface DocumentService extends Omit<ServiceInput, 'documentId'> {
  id: number
  documentId: number
  methodLabel: string
  /** 2026年12月6日10时30分 */
  servedAtText: string
  /** The document served, as printed on the receipt: name and number. */
  documentTitle: string
  documentNumber: string
  /** 受送达人: the enterprise the document is addressed to. */
  addressee: string
  /** The organ in whose name the document was issued (its name heads the receipt). */
  organ: string
  createdAt: string
  updatedAt: string
}

type Row = Record<string, unknown>

function timeText(at: string): string {
  return `${chineseDate(at.slice(0, 10))}${Number(at.slice(11, 13))}时${at.slice(14, 16)}分`
}

export function getService(ctx: Ctx, documentId: number): DocumentService | null {
  const r = ctx.db.prepare('SELECT * FROM document_services WHERE document_id = ?').get(documentId) as
    Row | undefined
  if (!r) return null
  const d = getDocument(ctx, { id: documentId })
  const method = r.method as ServiceMethod
  return {
    id: r.id as number,
    documentId,
    servedAt: r.served_at as string,
    servedAtText: timeText(r.served_at as string),
    place: r.place as string,
    method,
    methodLabel: SERVICE_METHODS[method],
    recipient: (r.recipient as string | null) ?? null,
    recipientRole: (r.recipient_role as string | null) ?? null,
    servers: JSON.parse(r.servers as string) as string[],
    refusalReason: (r.refusal_reason as string | null) ?? null,
    witnesses: JSON.parse(r.witnesses as string) as Witness[],
    note: (r.note as string | null) ?? null,
    documentTitle: DOCUMENT_TYPES[d.type],
    documentNumber: d.number,
    addressee: d.payload.enterprise.name,
    organ: d.payload.organ.name,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  }
}

function issue(field: keyof ServiceInput, message: string): AppError {
  return validationError([{ field, message }])
}

/** Records (or corrects) how a document was served. */
export function recordService(ctx: Ctx, input: ServiceInput): DocumentService {
  ctx.db
    .transaction(() => {
      const d = getDocument(ctx, { id: input.documentId })
      if (!SERVED_TYPES.includes(d.type))
        throw new AppError(
          'CONFLICT',
          `${d.typeLabel}由被检查单位现场负责人当场签字，不需要送达回执。送达回执用于${SERVED_TYPES.map((t) => DOCUMENT_TYPES[t]).join('、')}。`,
        )
      if (d.voided) throw new AppError('CONFLICT', `${d.number}已作废，不能再登记送达`)
      if (input.servedAt.slice(0, 10) < d.issuedOn)
        throw issue('servedAt', `送达时间不能早于文书出具日期（${chineseDate(d.issuedOn)}）`)
      if (input.servedAt > chinaDateTime(ctx.now()).slice(0, 16))
        throw issue('servedAt', '送达时间不能晚于现在')
      if (input.method === 'left') {
        if (!input.refusalReason)
          throw issue('refusalReason', '留置送达须在回执上记明拒收事由（如：负责人拒绝签收）')
        if (input.witnesses.length === 0)
          throw issue(
            'witnesses',
            '留置送达须有见证人：请填写到场的基层组织或所在单位代表的姓名和单位（如：东湖村村民委员会 王某）',
          )
      } else {
        if (input.refusalReason)
          throw issue('refusalReason', '只有留置送达才记拒收事由；如受送达人拒收，请把送达方式改为“留置送达”')
        if ((input.method === 'direct' || input.method === 'entrusted') && !input.recipient)
          throw issue('recipient', '请填写收件人（法定代表人、主要负责人或负责收件的人）')
      }
      const now = isoNow(ctx)
      const before = getService(ctx, d.id)
      const values = {
        document_id: d.id,
        served_at: input.servedAt,
        place: input.place,
        method: input.method,
        recipient: input.recipient,
        recipient_role: input.recipientRole,
        servers: JSON.stringify(input.servers),
        refusal_reason: input.method === 'left' ? input.refusalReason : null,
        witnesses: JSON.stringify(input.witnesses),
        note: input.note,
        now,
      }
      ctx.db
        .prepare(
          `INSERT INTO document_services(document_id, served_at, place, method, recipient, recipient_role, servers,
             refusal_reason, witnesses, note, created_at, updated_at)
           VALUES (@document_id, @served_at, @place, @method, @recipient, @recipient_role, @servers, @refusal_reason,
             @witnesses, @note, @now, @now)
           ON CONFLICT(document_id) DO UPDATE SET served_at = excluded.served_at, place = excluded.place,
             method = excluded.method, recipient = excluded.recipient, recipient_role = excluded.recipient_role,
             servers = excluded.servers, refusal_reason = excluded.refusal_reason, witnesses = excluded.witnesses,
             note = excluded.note, updated_at = excluded.updated_at`,
        )
        .run(values)
      const after = getService(ctx, d.id) as DocumentService
      const keys = Object.keys(SERVICE_LABELS) as (keyof typeof SERVICE_LABELS)[]
      const changes: AuditChange[] = before
        ? keys
            .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
            .map((k) => ({ field: k, label: SERVICE_LABELS[k], before: before[k], after: after[k] }))
        : []
      writeAudit(ctx, {
        action: before ? 'update' : 'create',
        ledger: 'document',
        recordId: d.id,
        recordName: `${d.number} 送达回执`,
        changes: before ? changes : undefined,
        note: before
          ? null
          : `${after.methodLabel}，${after.servedAtText}${after.recipient ? `，收件人${after.recipient}` : ''}`,
      })
    })
    .immediate()
  return getService(ctx, input.documentId) as DocumentService
}
