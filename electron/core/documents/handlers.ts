import { z } from 'zod'
import { handler } from '../context'
import { date, dateTime, enumOf, id, page, period, requiredText, textOrNull } from '../inspections/schema'
import { MAX_PDF_BYTES, base64Limit } from './attachments'
import {
  AUTHORITIES,
  AUTHORITY_HELP,
  DOCUMENT_FAMILIES,
  DOCUMENT_SETTING_LABELS,
  DOCUMENT_TYPES,
  SERVICE_METHODS,
} from './fields'
import { attachPdf, documentPdf, getDocument, issueDocument, listDocuments, voidDocument } from './repo'
import { getService, recordService } from './service'
import { documentSettingsInput, getDocumentSettings, updateDocumentSettings } from './settings'

export const documentHandlers = {
  'document.settings': handler(z.object({}).optional(), (ctx) => ({
    settings: getDocumentSettings(ctx),
    labels: DOCUMENT_SETTING_LABELS,
    families: DOCUMENT_FAMILIES,
    authorities: AUTHORITIES,
    authorityHelp: AUTHORITY_HELP,
  })),
  'document.updateSettings': handler(documentSettingsInput, (ctx, input) =>
    updateDocumentSettings(ctx, input),
  ),
  'document.issue': handler(
    z.object({
      type: enumOf(DOCUMENT_TYPES, '文书种类'),
      inspectionId: id,
      /** 整改复查意见书 only: the 责令限期整改指令书 / 限期整改意见书 it follows up. */
      citesDocumentId: id.optional(),
      /** Orders only: which hazards to list (default: the inspection's hazards not yet closed or referred). */
      hazardIds: z.array(id).min(1, '请至少选择一条隐患').max(200).optional(),
      /** Defaults to today; not before the inspection, not in the future. */
      issuedOn: date('出具日期').optional(),
      /** 整改复查意见书 only: extra opinion text printed after the generated lines. */
      opinion: textOrNull('复查意见', 1000).optional(),
      /** Needed when issuedOn precedes the date of an earlier number of the same sequence. */
      dateOrderReason: textOrNull('日期早于前号的原因', 200).optional(),
    }),
    (ctx, input) => issueDocument(ctx, input),
  ),
  'document.void': handler(z.object({ id, reason: requiredText('作废原因', 200) }), (ctx, input) =>
    voidDocument(ctx, input.id, input.reason),
  ),
  'document.list': handler(
    z.object({
      ...page,
      types: z.array(enumOf(DOCUMENT_TYPES, '文书种类')).optional(),
      enterpriseIds: z.array(id).max(1000).optional(),
      inspectionId: id.optional(),
      year: z.number().int().min(2000).max(2999).optional(),
      period,
      voided: z.boolean().optional(),
      query: z.string().max(100).optional(),
    }),
    (ctx, input) => listDocuments(ctx, input),
  ),
  'document.get': handler(
    z
      .object({ id: id.optional(), number: z.string().trim().min(1).max(60).optional() })
      .refine((v) => v.id !== undefined || v.number !== undefined, '请指定文书（编号或记录号）'),
    (ctx, input) => getDocument(ctx, input),
  ),
  'document.attachPdf': handler(
    z.object({
      id,
      base64: z.string({ error: '请提供PDF文件' }).max(base64Limit(MAX_PDF_BYTES), 'PDF文件不能超过 50 MB'),
      /** The body font the print view reported (body[data-print-font]). */
      font: z.string({ error: '字体名称应为文字' }).trim().max(80, '字体名称不能超过80个字').optional(),
    }),
    (ctx, input) => attachPdf(ctx, input.id, input.base64, input.font || null),
  ),
  /** The 送达回执 of a document, or null when none is recorded yet. */
  'document.service': handler(z.object({ id }), (ctx, input) => ({
    service: getService(ctx, input.id),
    document: getDocument(ctx, { id: input.id }),
  })),
  'document.recordService': handler(
    z.object({
      documentId: id,
      servedAt: dateTime('送达时间'),
      place: requiredText('送达地点', 100),
      method: enumOf(SERVICE_METHODS, '送达方式'),
      recipient: textOrNull('收件人', 30).optional().default(null),
      recipientRole: textOrNull('收件人身份', 30).optional().default(null),
      servers: z
        .array(requiredText('送达人姓名', 30), { error: '请填写送达人' })
        .min(1, '请填写送达人')
        .max(4, '送达人最多4人'),
      refusalReason: textOrNull('拒收事由', 200).optional().default(null),
      witnesses: z
        .array(z.object({ name: requiredText('见证人姓名', 30), unit: requiredText('见证人所在单位', 60) }))
        .max(4, '见证人最多4人')
        .default([]),
      note: textOrNull('备注', 300).optional().default(null),
    }),
    (ctx, input) => recordService(ctx, input),
  ),
  'document.pdf': handler(z.object({ id }), (ctx, input) => documentPdf(ctx, input.id)),
}
