import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Ctx } from '../context'
import { AppError } from '../errors'

// Content-addressed attachments: <dataDir>/attachments/<sha256[0:2]>/<sha256>. The same bytes are
// stored once however often they are attached. A file is written completely (temp file, fsync,
// rename) before any row names it, so a row never points at a half-written file.

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
export const MAX_PDF_BYTES = 50 * 1024 * 1024

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp'

/** The image type by its magic bytes; the file name and the sender's claim are not trusted. */
export function sniffImage(b: Buffer): ImageMime | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png'
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp'
  return null
}

export function isPdf(b: Buffer): boolean {
  return b.length >= 5 && b.toString('latin1', 0, 5) === '%PDF-'
}

/** Decodes base64 (a data: URL prefix is accepted) and enforces the size cap before anything is written. */
export function decodeBase64(input: string, maxBytes: number, what: string): Buffer {
  const body = input.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 === 1)
    throw new AppError('VALIDATION', `${what}的内容不是有效的文件数据，请重新选择文件`)
  const bytes = Buffer.from(body, 'base64')
  if (bytes.length === 0) throw new AppError('VALIDATION', `${what}是空文件，请重新选择`)
  if (bytes.length > maxBytes)
    throw new AppError(
      'VALIDATION',
      `${what}有 ${(Math.ceil((bytes.length / 1024 / 1024) * 10) / 10).toFixed(1)} MB，超过 ${maxBytes / 1024 / 1024} MB 的上限，请压缩后再上传`,
    )
  return bytes
}

/** Base64 length of the largest accepted file (plus slack for a data: URL prefix and line breaks). */
export function base64Limit(maxBytes: number): number {
  return Math.ceil(maxBytes / 3) * 4 * 1.02 + 200
}

export function sha256(b: Buffer): string {
  return crypto.createHash('sha256').update(b).digest('hex')
}

function rootDir(ctx: Ctx): string {
  if (!ctx.dataDir)
    throw new AppError(
      'CONFLICT',
      '当前为临时数据库，没有数据目录，无法保存附件（照片、PDF）。请用正常方式启动程序后再试。',
    )
  return path.join(ctx.dataDir, 'attachments')
}

export function attachmentPath(ctx: Ctx, hash: string): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new AppError('VALIDATION', '附件标识无效')
  return path.join(rootDir(ctx), hash.slice(0, 2), hash)
}

function fileHash(file: string): string | null {
  try {
    return sha256(fs.readFileSync(file))
  } catch {
    return null
  }
}

/** Stores the bytes under their hash; an existing intact copy is reused (dedupe). */
export function storeAttachment(ctx: Ctx, bytes: Buffer): { sha256: string; existed: boolean } {
  const hash = sha256(bytes)
  const target = attachmentPath(ctx, hash)
  if (fs.existsSync(target) && fileHash(target) === hash) return { sha256: hash, existed: true }
  const dir = path.dirname(target)
  fs.mkdirSync(dir, { recursive: true })
  const tmp = path.join(dir, `.tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`)
  const fd = fs.openSync(tmp, 'wx')
  try {
    fs.writeSync(fd, bytes)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  try {
    fs.renameSync(tmp, target)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
  return { sha256: hash, existed: false }
}

/** Reads an attachment and checks that it still has the hash it was stored under. */
export function readAttachment(ctx: Ctx, hash: string, what: string): Buffer {
  const file = attachmentPath(ctx, hash)
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(file)
  } catch {
    throw new AppError(
      'NOT_FOUND',
      `${what}的文件在数据目录中找不到（${file}），可能被移动或删除。请从备份中恢复 attachments 文件夹。`,
    )
  }
  if (sha256(bytes) !== hash)
    throw new AppError(
      'DB_CORRUPT',
      `${what}的文件已损坏或被改动（${file}），内容与存档时的校验值不符。请从备份中恢复该文件。`,
    )
  return bytes
}

/** Every column that names a stored file: a file is deleted only when none of them does. */
export const ATTACHMENT_REFS = [
  { table: 'hazard_photos', column: 'sha256' },
  { table: 'documents', column: 'pdf_sha256' },
  { table: 'record_attachments', column: 'sha256' },
] as const

/** Deletes the file when no photo, archived PDF or record attachment names it any more. Call after the transaction commits. */
export function removeIfUnreferenced(ctx: Ctx, hash: string): boolean {
  const used = ATTACHMENT_REFS.some((r) =>
    ctx.db.prepare(`SELECT 1 FROM ${r.table} WHERE ${r.column} = ? LIMIT 1`).get(hash),
  )
  if (used) return false
  fs.rmSync(attachmentPath(ctx, hash), { force: true })
  return true
}

// The database backups are single SQLite files; the files they name are kept beside them in
// backups/attachments, by the same content-addressed names. Stored files never change, so each is
// copied once; one deleted from its record later is still there for a backup that names it.

function mirrorDir(ctx: Ctx): string {
  return path.join(ctx.dataDir as string, 'backups', 'attachments')
}

function copyInto(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true })
  const tmp = `${to}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`
  try {
    fs.copyFileSync(from, tmp)
    const fd = fs.openSync(tmp, 'r+')
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, to)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
}

/** Copies the stored files not yet kept with the backups; returns how many were copied. */
export function mirrorAttachments(ctx: Ctx): number {
  if (!ctx.dataDir) return 0
  const root = path.join(ctx.dataDir, 'attachments')
  if (!fs.existsSync(root)) return 0
  let copied = 0
  for (const dir of fs.readdirSync(root)) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue
    for (const name of fs.readdirSync(path.join(root, dir))) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue
      const target = path.join(mirrorDir(ctx), dir, name)
      if (fs.existsSync(target)) continue
      copyInto(path.join(root, dir, name), target)
      copied++
    }
  }
  return copied
}

/**
 * After a restore: every file the restored data names that is missing from attachments/ is
 * brought back from the copy kept with the backups (checked against its hash). Returns what was
 * brought back and what could not be found.
 */
export function restoreAttachments(ctx: Ctx): { restored: number; missing: string[] } {
  if (!ctx.dataDir) return { restored: 0, missing: [] }
  const hashes = referencedHashes(ctx)
  let restored = 0
  const missing: string[] = []
  for (const h of hashes) {
    const live = attachmentPath(ctx, h)
    if (fs.existsSync(live)) continue
    const kept = path.join(mirrorDir(ctx), h.slice(0, 2), h)
    if (fs.existsSync(kept) && fileHash(kept) === h) {
      copyInto(kept, live)
      restored++
    } else missing.push(h)
  }
  return { restored, missing }
}

/** Every stored file the data names (photos, archived PDFs, record attachments). */
function referencedHashes(ctx: Ctx): Set<string> {
  const hashes = new Set<string>()
  for (const r of ATTACHMENT_REFS)
    for (const h of ctx.db
      .prepare(`SELECT DISTINCT ${r.column} FROM ${r.table} WHERE ${r.column} IS NOT NULL`)
      .pluck()
      .all() as string[])
      hashes.add(h)
  return hashes
}

/**
 * The stored files the data names, counted with their size: a single-file data copy holds the
 * records but not these, so the clerk is told how many files stay in the data folder.
 */
export function storedFiles(ctx: Ctx): { count: number; bytes: number; dir: string | null } {
  if (!ctx.dataDir) return { count: 0, bytes: 0, dir: null }
  let count = 0
  let bytes = 0
  for (const h of referencedHashes(ctx)) {
    try {
      bytes += fs.statSync(attachmentPath(ctx, h)).size
      count++
    } catch {
      // a file already missing is reported where it is used
    }
  }
  return { count, bytes, dir: rootDir(ctx) }
}
