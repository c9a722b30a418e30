import { isoNow, type Ctx, writeTx } from '../context'
import { AppError, notFound } from '../errors'
import {
  MAX_PHOTO_BYTES,
  decodeBase64,
  readAttachment,
  removeIfUnreferenced,
  sniffImage,
  storeAttachment,
} from '../documents/attachments'
import { getHazard } from './hazards'

// Hazard photos, stored by content hash in the data directory (documents/attachments.ts).

export interface HazardPhoto {
  id: number
  hazardId: number
  sha256: string
  fileName: string
  mime: string
  size: number
  createdAt: string
}

const SELECT =
  'SELECT id, hazard_id AS hazardId, sha256, file_name AS fileName, mime, size, created_at AS createdAt FROM hazard_photos'

export function hazardPhotos(ctx: Ctx, hazardId: number): HazardPhoto[] {
  return ctx.db.prepare(`${SELECT} WHERE hazard_id = ? ORDER BY id`).all(hazardId) as HazardPhoto[]
}

function getPhoto(ctx: Ctx, id: number): HazardPhoto {
  const p = ctx.db.prepare(`${SELECT} WHERE id = ?`).get(id) as HazardPhoto | undefined
  if (!p) throw notFound('该照片')
  return p
}

export function addPhoto(
  ctx: Ctx,
  input: { hazardId: number; fileName: string; base64: string },
): { photo: HazardPhoto; duplicate: boolean } {
  getHazard(ctx, input.hazardId)
  const bytes = decodeBase64(input.base64, MAX_PHOTO_BYTES, `照片“${input.fileName}”`)
  const mime = sniffImage(bytes)
  if (!mime)
    throw new AppError(
      'VALIDATION',
      `“${input.fileName}”不是 JPG、PNG 或 WebP 格式的图片，不能作为隐患照片。请用手机或相机拍摄的照片。`,
    )
  // The file is complete on disk before the row that names it is committed.
  const { sha256 } = storeAttachment(ctx, bytes)
  return writeTx(ctx, () => {
    getHazard(ctx, input.hazardId)
    const same = ctx.db
      .prepare('SELECT id FROM hazard_photos WHERE hazard_id = ? AND sha256 = ?')
      .get(input.hazardId, sha256) as { id: number } | undefined
    if (same) return { photo: getPhoto(ctx, same.id), duplicate: true }
    const id = Number(
      ctx.db
        .prepare(
          'INSERT INTO hazard_photos(hazard_id, sha256, file_name, mime, size, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(input.hazardId, sha256, input.fileName, mime, bytes.length, isoNow(ctx)).lastInsertRowid,
    )
    ctx.db.prepare('UPDATE hazards SET updated_at = ? WHERE id = ?').run(isoNow(ctx), input.hazardId)
    return { photo: getPhoto(ctx, id), duplicate: false }
  })
}

export function removePhoto(ctx: Ctx, id: number): { id: number; fileDeleted: boolean } {
  const photo = getPhoto(ctx, id)
  ctx.db.prepare('DELETE FROM hazard_photos WHERE id = ?').run(id)
  // Another hazard (or an archived PDF) may still use the same bytes; only then the file stays.
  return { id, fileDeleted: ctx.dataDir ? removeIfUnreferenced(ctx, photo.sha256) : false }
}

export function readPhoto(ctx: Ctx, id: number): HazardPhoto & { base64: string } {
  const photo = getPhoto(ctx, id)
  return { ...photo, base64: readAttachment(ctx, photo.sha256, `照片“${photo.fileName}”`).toString('base64') }
}
