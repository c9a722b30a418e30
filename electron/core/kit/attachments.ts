import { z } from 'zod'
import { writeAudit } from '../audit/audit'
import { handler, isoNow, writeTx, type Ctx } from '../context'
import {
  base64Limit,
  decodeBase64,
  isPdf,
  readAttachment,
  removeIfUnreferenced,
  sniffImage,
  storeAttachment,
} from '../documents/attachments'
import { AppError, notFound } from '../errors'
import { LEDGER_REPOS } from '../ledgers'

// Files attached to a record of any ledger whose spec declares `attachments` (a meeting's minutes,
// a sign-in sheet, a photo of the banner). They go into the same content-addressed store as the
// hazard photos and archived PDFs (documents/attachments.ts): copied into the data directory under
// their sha256, size-capped, their type decided by their first bytes, never by the name. The
// renderer sends bytes and gets bytes back; no path crosses the bridge.

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

export interface FileType {
  mime: string
  /** What a clerk calls it. */
  label: string
  ext: string
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The file's type by its magic bytes: PDF, images, Word and Excel (2007+ and 97–2003). */
export function sniffFile(b: Buffer, fileName: string): FileType | null {
  if (isPdf(b)) return { mime: 'application/pdf', label: 'PDF', ext: 'pdf' }
  const img = sniffImage(b)
  if (img) return { mime: img, label: '图片', ext: img === 'image/jpeg' ? 'jpg' : img.slice(6) }
  // OOXML is a zip whose part names say what it is (they are stored uncompressed in the headers)
  if (b.length > 30 && b.readUInt32LE(0) === 0x04034b50) {
    const names = b.toString('latin1')
    if (names.includes('word/document.xml')) return { mime: DOCX, label: 'Word 文档', ext: 'docx' }
    if (names.includes('xl/workbook.xml')) return { mime: XLSX, label: 'Excel 表格', ext: 'xlsx' }
    return null
  }
  // OLE2 compound file: a .doc or an .xls from Office 97–2003 (the name tells which)
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
    return /\.xls$/i.test(fileName)
      ? { mime: 'application/vnd.ms-excel', label: 'Excel 表格', ext: 'xls' }
      : { mime: 'application/msword', label: 'Word 文档', ext: 'doc' }
  return null
}

type AnyRepo = (typeof LEDGER_REPOS)[number]

/** A ledger that takes attachments, by its spec key. */
function ledgerOf(key: string): AnyRepo & { spec: { attachments: { label: string } } } {
  const repo = LEDGER_REPOS.find((r) => r.spec.key === key)
  if (!repo || !('attachments' in repo.spec) || !repo.spec.attachments)
    throw new AppError('VALIDATION', `“${key}”不能添加附件`)
  return repo as AnyRepo & { spec: { attachments: { label: string } } }
}

function recordName(ctx: Ctx, repo: AnyRepo, recordId: number): string {
  const r = (repo.get as (c: Ctx, id: number) => Record<string, unknown>)(ctx, recordId)
  return String(r[repo.spec.nameField] ?? '')
}

export interface RecordAttachment {
  id: number
  ledger: string
  recordId: number
  fileName: string
  mime: string
  size: number
  createdAt: string
}

const SELECT = `SELECT id, ledger, record_id AS recordId, sha256, file_name AS fileName, mime, size,
  created_at AS createdAt FROM record_attachments`

function getRow(ctx: Ctx, id: number): RecordAttachment & { sha256: string } {
  const r = ctx.db.prepare(`${SELECT} WHERE id = ?`).get(id) as
    (RecordAttachment & { sha256: string }) | undefined
  if (!r) throw notFound('该附件')
  return r
}

const publicOf = ({ sha256: _s, ...r }: RecordAttachment & { sha256: string }): RecordAttachment => r

export function listAttachments(ctx: Ctx, ledger: string, recordId: number): RecordAttachment[] {
  ledgerOf(ledger)
  return (
    ctx.db
      .prepare(`${SELECT} WHERE ledger = ? AND record_id = ? ORDER BY id`)
      .all(ledger, recordId) as (RecordAttachment & {
      sha256: string
    })[]
  ).map(publicOf)
}

/** How many files each of the records has (for the list's 附件 column). */
export function countAttachments(ctx: Ctx, ledger: string, ids: number[]): Record<number, number> {
  ledgerOf(ledger)
  if (ids.length === 0) return {}
  const rows = ctx.db
    .prepare(
      `SELECT record_id AS id, count(*) AS n FROM record_attachments
       WHERE ledger = ? AND record_id IN (${ids.map(() => '?').join(',')}) GROUP BY record_id`,
    )
    .all(ledger, ...ids) as { id: number; n: number }[]
  return Object.fromEntries(rows.map((r) => [r.id, r.n]))
}

export function addAttachment(
  ctx: Ctx,
  input: { ledger: string; recordId: number; fileName: string; base64: string },
): { attachment: RecordAttachment; duplicate: boolean } {
  const repo = ledgerOf(input.ledger)
  recordName(ctx, repo, input.recordId)
  const bytes = decodeBase64(input.base64, MAX_ATTACHMENT_BYTES, `附件“${input.fileName}”`)
  const type = sniffFile(bytes, input.fileName)
  if (!type)
    throw new AppError(
      'VALIDATION',
      `“${input.fileName}”不是 PDF、Word、Excel 或 JPG/PNG 图片，不能作为附件。请先另存为 PDF 或拍照后再上传。`,
    )
  // the name as the clerk knows it, with the extension its content has
  const safe = [...input.fileName].map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('')
  const base = safe.replace(/\.[A-Za-z0-9]{1,5}$/, '')
  const fileName = `${base || '附件'}.${type.ext}`
  // The file is complete on disk before the row that names it is committed.
  const { sha256 } = storeAttachment(ctx, bytes)
  return writeTx(ctx, () => {
    const name = recordName(ctx, repo, input.recordId)
    const same = ctx.db
      .prepare('SELECT id FROM record_attachments WHERE ledger = ? AND record_id = ? AND sha256 = ?')
      .get(input.ledger, input.recordId, sha256) as { id: number } | undefined
    if (same) return { attachment: publicOf(getRow(ctx, same.id)), duplicate: true }
    const id = Number(
      ctx.db
        .prepare(
          `INSERT INTO record_attachments(ledger, record_id, sha256, file_name, mime, size, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.ledger, input.recordId, sha256, fileName, type.mime, bytes.length, isoNow(ctx))
        .lastInsertRowid,
    )
    writeAudit(ctx, {
      action: 'update',
      ledger: input.ledger,
      recordId: input.recordId,
      recordName: name,
      note: `添加附件“${fileName}”（${type.label}，${Math.ceil(bytes.length / 1024)} KB）`,
    })
    return { attachment: publicOf(getRow(ctx, id)), duplicate: false }
  })
}

export function removeAttachment(ctx: Ctx, id: number): { id: number; fileDeleted: boolean } {
  const a = writeTx(ctx, () => {
    const row = getRow(ctx, id)
    const repo = ledgerOf(row.ledger)
    ctx.db.prepare('DELETE FROM record_attachments WHERE id = ?').run(id)
    writeAudit(ctx, {
      action: 'update',
      ledger: row.ledger,
      recordId: row.recordId,
      recordName: recordName(ctx, repo, row.recordId),
      note: `删除附件“${row.fileName}”`,
    })
    return row
  })
  // Another record (or a photo, an archived PDF) may still use the same bytes; only then the file stays.
  return { id, fileDeleted: ctx.dataDir ? removeIfUnreferenced(ctx, a.sha256) : false }
}

export function readRecordAttachment(ctx: Ctx, id: number): RecordAttachment & { base64: string } {
  const a = getRow(ctx, id)
  return { ...publicOf(a), base64: readAttachment(ctx, a.sha256, `附件“${a.fileName}”`).toString('base64') }
}

const id = z.number().int().positive()
const ledger = z
  .string()
  .regex(/^[a-z][a-zA-Z]*$/, '台账名称无效')
  .max(40)

export const attachmentHandlers = {
  'attachment.list': handler(z.object({ ledger, recordId: id }), (ctx, v) =>
    listAttachments(ctx, v.ledger, v.recordId),
  ),
  'attachment.counts': handler(z.object({ ledger, ids: z.array(id).max(1000) }), (ctx, v) =>
    countAttachments(ctx, v.ledger, v.ids),
  ),
  'attachment.add': handler(
    z.object({
      ledger,
      recordId: id,
      fileName: z.string().trim().min(1, '缺少文件名').max(200, '文件名过长'),
      base64: z.string().max(base64Limit(MAX_ATTACHMENT_BYTES), '附件超过 20 MB 的上限，请压缩后再上传'),
    }),
    (ctx, v) => addAttachment(ctx, v),
  ),
  'attachment.remove': handler(z.object({ id }), (ctx, v) => removeAttachment(ctx, v.id)),
  'attachment.read': handler(z.object({ id }), (ctx, v) => readRecordAttachment(ctx, v.id)),
}
