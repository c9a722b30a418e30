import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { z } from 'zod'
import { carryAudit, readAllAudit, writeAudit } from '../audit/audit'
import { handler, type Ctx, writeTx } from '../context'
import {
  listBackups,
  parseBackupName,
  pruneBackups,
  readManifest,
  sha256File,
  type BackupEntry,
  type BackupKind,
} from '../db/backups'
import { checkpoint } from '../db/checkpoint'
import { SCHEMA_VERSION } from '../db/migrations'
import { claimName, openDatabase, stamp, verifiedBackup } from '../db/open'
import {
  checkCandidate,
  claimQuarantineDir,
  markHandled,
  openIncident,
  removeWithCompanions,
  stage,
  swapIn,
  type Incident,
} from '../db/restore'
import { AppError, fromSystemError } from '../errors'
import type { Job } from '../excel/jobs'
import { LEDGER_REPOS } from '../ledgers'
import { ensureCatalog } from '../chemicals/catalog'
import { mirrorAttachments, restoreAttachments, storedFiles } from '../documents/attachments'

// 备份与恢复: verified backups with rotation, a single-file copy for a USB disk, and restore that
// is all-or-nothing. Every step here goes through the handler table (or the CLI, which calls these
// functions on its own core).

export function backupDir(ctx: Pick<Ctx, 'dataDir'>): string | null {
  return ctx.dataDir ? path.join(ctx.dataDir, 'backups') : null
}

function requireDataDir(ctx: Ctx): string {
  if (!ctx.dataDir) throw new AppError('CONFLICT', '当前为临时数据库，没有数据目录，无法备份或恢复')
  return ctx.dataDir
}

/** A verified backup of the open database, recorded with its sha256; then the rotation runs. */
export async function createBackup(ctx: Ctx, kind: BackupKind): Promise<BackupEntry> {
  requireDataDir(ctx)
  const dir = backupDir(ctx) as string
  const file = await verifiedBackup(
    ctx.db,
    path.join(dir, `${kind}-${stamp(ctx.now())}.sqlite`),
    ctx.nativeBinding,
  )
  // The files it names (photos, PDFs, record attachments) are kept beside the backups.
  const copied = mirrorAttachments(ctx)
  if (copied) ctx.log.info(`${copied} attachment file(s) copied to the backups`)
  // Rotation only after the new copy verified: a failed backup never costs an old one.
  const removed = pruneBackups(dir, ctx.now())
  ctx.log.info(`${kind} backup: ${file}${removed.length ? `; rotated out ${removed.join(', ')}` : ''}`)
  const entry = listBackups(dir).find((e) => e.file === file)
  if (!entry) throw new Error(`backup ${file} vanished after it was written`)
  return entry
}

/**
 * The daily scheduled backup: one per calendar day the program runs (checked at start and every
 * hour). A failure is logged and does not stop the office from working; the next check retries.
 */
export async function autoBackup(ctx: Ctx): Promise<string | null> {
  const dir = backupDir(ctx)
  if (!dir) return null
  const today = stamp(ctx.now()).slice(0, 8)
  if (listBackups(dir).some((b) => b.kind === 'auto' && b.name.slice(5, 13) === today)) return null
  try {
    return (await createBackup(ctx, 'auto')).file
  } catch (err) {
    ctx.log.error('automatic backup failed', err)
    return null
  }
}

export const COPY_PREFIX = '乡镇安全生产台账-数据副本'

/**
 * A single-file copy of the data for a USB disk or another PC: VACUUM INTO (compact, and without
 * the traces of deleted records), written under a temp name in `dir`, read back from there and
 * checked with integrity_check, fsynced, then given its name. Returns the file and its sha256.
 */
export async function exportCopyTo(
  ctx: Ctx,
  dir: string,
): Promise<{
  file: string
  size: number
  sha256: string
  /** Photos, archived PDFs and attachments the data names: not in the copy, they stay in `dir`. */
  files: { count: number; bytes: number; dir: string | null }
}> {
  fs.mkdirSync(dir, { recursive: true })
  const target = path.join(dir, `${COPY_PREFIX}-${stamp(ctx.now())}.sqlite`)
  const tmp = `${target}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.partial`
  try {
    ctx.db.prepare('VACUUM INTO ?').run(tmp)
    const fd = fs.openSync(tmp, 'r+')
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    // checked where it landed: a USB disk that drops writes shows up here, not at the county office
    checkCandidate(tmp, SCHEMA_VERSION, path.basename(target), ctx.nativeBinding)
    const file = claimName(tmp, target)
    const sha256 = await sha256File(file)
    ctx.log.info(`data copy exported: ${file} sha256 ${sha256}`)
    return { file, size: fs.statSync(file).size, sha256, files: storedFiles(ctx) }
  } catch (err) {
    removeWithCompanions(tmp)
    if (err instanceof AppError && err.code === 'DB_CORRUPT')
      throw new AppError(
        'DB_CORRUPT',
        '导出的数据副本读回校验未通过（目标磁盘可能有故障或已拔出），已删除这个不完整的副本。请换一个U盘或文件夹再试。',
      )
    throw err
  }
}

export interface RestoreResult {
  restoredFrom: string
  /** Schema version of the chosen copy (it was migrated if older). */
  schemaVersion: number
  enterprises: number
  /** The backup of the data as it was before the restore (null when it had to be quarantined). */
  before: string | null
  /** Where the replaced database went when it was damaged and could not be backed up. */
  quarantined: string | null
}

/**
 * Replaces the database with a copy, all or nothing:
 *  1. the copy is staged next to ledger.sqlite (the chosen file is never opened for writing),
 *     checked against its recorded sha256, read-only checked (ours, not newer, integrity_check),
 *     and migrated there if it is older;
 *  2. the current data is kept as a verified before-restore backup (or, if it is too damaged to
 *     back up, moved to quarantine/ when the file is swapped);
 *  3. the connection is closed, the staged file renamed over ledger.sqlite, and ctx.db reopened:
 *     every handler after this sees the restored data through the same ctx.
 * Any failure before 3 leaves everything as it was; a failure to reopen puts the old data back.
 */
export async function restoreDatabase(
  ctx: Ctx,
  source: { file: string; label: string; sha256?: string | null } | { bytes: Uint8Array; label: string },
): Promise<RestoreResult> {
  const dataDir = requireDataDir(ctx)
  // An import or export job runs outside the call that started it, on ctx.db: it must not see the
  // database change under it (excel/jobs.ts keeps the jobs on the context).
  const jobs = (ctx as Ctx & { jobs?: Map<string, Pick<Job, 'state'>> }).jobs
  if (jobs && [...jobs.values()].some((j) => j.state === 'running'))
    throw new AppError(
      'DB_BUSY',
      '正在导入或导出台账，没有恢复，现有数据没有任何改动。请等导入或导出完成后再恢复。',
    )
  const staged = stage(ctx.dbFile, 'file' in source ? { file: source.file } : { bytes: source.bytes })
  try {
    if ('file' in source && source.sha256 && (await sha256File(staged)) !== source.sha256)
      throw new AppError(
        'DB_CORRUPT',
        `备份“${source.label}”的内容与备份时登记的校验值（sha256）不一致，文件在备份后被改动或已损坏。没有恢复，现有数据没有任何改动。请选择其他备份。`,
      )
    const candidate = checkCandidate(staged, SCHEMA_VERSION, source.label, ctx.nativeBinding)
    if (candidate.schemaVersion < SCHEMA_VERSION || fs.existsSync(`${staged}-wal`)) {
      // Migrated in its staging place, in one transaction; a -wal that came with the chosen file is
      // folded into it (the rename below moves the main file only). The original stays as it was.
      const db = await openDatabase({ file: staged, now: ctx.now, nativeBinding: ctx.nativeBinding })
      checkpoint(db)
      db.close()
    }
    let before: string | null = null
    let quarantineDir: string | undefined
    try {
      before = (await createBackup(ctx, 'before-restore')).file
    } catch (err) {
      if (fromSystemError(err)?.code !== 'DB_CORRUPT') throw err
      // too damaged to copy: it is moved aside whole instead, never deleted
      quarantineDir = claimQuarantineDir(dataDir, ctx.now())
    }
    // The audit trail outlives the restore: entries written since the copy was made are carried in.
    let trail: unknown[][] = []
    try {
      trail = readAllAudit(ctx)
    } catch (err) {
      ctx.log.error('audit trail could not be read before the restore; the restored copy keeps its own', err)
    }
    checkpoint(ctx.db)
    ctx.db.close()
    try {
      swapIn(staged, ctx.dbFile, quarantineDir)
    } catch (err) {
      ctx.db = await reopen(ctx)
      if (quarantineDir) fs.rmSync(quarantineDir, { recursive: true, force: true })
      throw err
    }
    try {
      ctx.db = await reopen(ctx)
    } catch (err) {
      ctx.log.error('restored database did not open; putting the previous data back', err)
      if (before) {
        const back = stage(ctx.dbFile, { file: before })
        fs.renameSync(back, ctx.dbFile)
      } else if (quarantineDir) fs.renameSync(path.join(quarantineDir, path.basename(ctx.dbFile)), ctx.dbFile)
      ctx.db = await reopen(ctx)
      throw new AppError(
        'INTERNAL',
        '恢复后的数据无法打开，已回到恢复前的数据。请选择其他备份，或联系技术人员。',
      )
    }
    // derived columns (pinyin keys) an older copy may lack, as at start
    for (const repo of LEDGER_REPOS) repo.backfill(ctx)
    ensureCatalog(ctx)
    // files deleted since the copy was made come back from the copies kept with the backups
    const files = restoreAttachments(ctx)
    if (files.restored || files.missing.length)
      ctx.log.info(
        `restore: ${files.restored} attachment file(s) brought back, ${files.missing.length} not found`,
      )
    const carried = carryAudit(ctx, trail)
    writeTx(ctx, () =>
      writeAudit(ctx, {
        action: 'restore-backup',
        ledger: 'data',
        recordName: source.label,
        note: `恢复前的数据已备份为 ${before ? path.basename(before) : quarantineDir ? `隔离目录 ${path.basename(quarantineDir)}` : '（无）'}；带入该备份之后的操作日志 ${carried} 条`,
      }),
    )
    const incident = openIncident(dataDir)
    if (incident) markHandled(dataDir, incident.id)
    ctx.log.info(
      `restored from ${source.label} (schema ${candidate.schemaVersion}); previous data ${before ?? quarantineDir ?? '-'}`,
    )
    return {
      restoredFrom: source.label,
      schemaVersion: candidate.schemaVersion,
      enterprises: candidate.enterprises,
      before,
      quarantined: quarantineDir ?? null,
    }
  } finally {
    removeWithCompanions(staged)
  }
}

function reopen(ctx: Ctx): Promise<Database.Database> {
  return openDatabase({
    file: ctx.dbFile,
    backupDir: backupDir(ctx) ?? undefined,
    nativeBinding: ctx.nativeBinding,
    now: ctx.now,
    log: (l) => ctx.log.info(l),
  })
}

/** A listed backup by name; the name is matched against our naming, so it cannot leave backups/. */
export function findBackup(ctx: Ctx, name: string): BackupEntry {
  const dir = backupDir(ctx)
  const entry = dir && parseBackupName(name) ? listBackups(dir).find((e) => e.name === name) : undefined
  if (!entry) throw new AppError('NOT_FOUND', `备份“${name}”不存在（可能已被轮换删除），请刷新列表后重试`)
  return entry
}

/** The newest backup from before the incident that passes the full check now, for the quarantine notice. */
function newestGoodBackup(ctx: Ctx, incident: Incident): BackupEntry | null {
  const dir = backupDir(ctx)
  if (!dir) return null
  const before = new Set(incident.backups ?? [])
  const entries = listBackups(dir).filter((e) => e.status !== 'mismatch' && before.has(e.name))
  for (const e of entries.slice(0, 5)) {
    try {
      checkCandidate(e.file, SCHEMA_VERSION, e.name, ctx.nativeBinding)
      return e
    } catch {
      // damaged or from a newer version: try the next one
    }
  }
  return null
}

export interface BackupStatus {
  dir: string | null
  backups: BackupEntry[]
  incident: (Incident & { offer: BackupEntry | null }) | null
  retention: string
}

const RETENTION_TEXT =
  '每日自动备份保留最近 7 天、4 周、12 个月各一份；手动备份和升级、导入、撤销导入、恢复、批量删除前的备份保留 30 天，每种至少保留最近 5 份。'

const MAX_FILE = 100 * 1024 * 1024
const MAX_BASE64 = Math.ceil((MAX_FILE * 4) / 3) + 8

export const backupHandlers = {
  'backup.list': handler(z.object({}).optional(), (ctx): BackupStatus => {
    const incident = ctx.dataDir ? openIncident(ctx.dataDir) : null
    return {
      dir: backupDir(ctx),
      backups: backupDir(ctx) ? listBackups(backupDir(ctx) as string) : [],
      incident: incident ? { ...incident, offer: newestGoodBackup(ctx, incident) } : null,
      retention: RETENTION_TEXT,
    }
  }),
  'backup.create': handler(z.object({}).optional(), (ctx) => createBackup(ctx, 'manual')),
  /** The single-file copy as bytes: the desktop saves it through its save dialog, the browser downloads it. */
  'backup.exportCopy': handler(z.object({}).optional(), async (ctx) => {
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-copy-'))
    try {
      const r = await exportCopyTo(ctx, tmpDir)
      return {
        fileName: path.basename(r.file),
        size: r.size,
        sha256: r.sha256,
        files: r.files,
        base64: fs.readFileSync(r.file).toString('base64'),
      }
    } finally {
      fs.rmSync(tmpDir, { recursive: true, force: true })
    }
  }),
  'backup.restore': handler(z.object({ name: z.string().min(1).max(200) }), (ctx, input) => {
    const e = findBackup(ctx, input.name)
    return restoreDatabase(ctx, {
      file: e.file,
      label: `${e.kindLabel} ${e.at}`,
      sha256: readManifest(e.file)?.sha256 ?? null,
    })
  }),
  'backup.restoreFile': handler(
    z.object({
      fileName: z.string().trim().min(1).max(255),
      base64: z.string().min(1).max(MAX_BASE64, '文件超过 100 MB，不是本程序的数据文件'),
    }),
    (ctx, input) =>
      restoreDatabase(ctx, {
        bytes: Buffer.from(input.base64, 'base64'),
        label: path.basename(input.fileName),
      }),
  ),
  'backup.dismissIncident': handler(z.object({ id: z.string().max(40) }), (ctx, input) => ({
    dismissed: ctx.dataDir ? markHandled(ctx.dataDir, input.id) : false,
  })),
}
