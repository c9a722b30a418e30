import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '../errors'
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations'

export type Db = Database.Database

export interface OpenOptions {
  /** Path of the SQLite file, or ':memory:'. */
  file: string
  /** Where backups go (taken before migrating an existing file). */
  backupDir?: string
  /** better-sqlite3 native addon built for the host runtime (Electron vs Node). */
  nativeBinding?: string
  now: () => Date
  migrations?: Migration[]
  log?: (line: string) => void
}

/** Pragmas set on every open: durability first (RELIABILITY.md §2.1). */
export function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // 32 MB page cache: bulk imports touch several indexes; the 2 MB default spills constantly.
  db.pragma('cache_size = -32768')
}

export function stamp(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`
}

/**
 * Online backup with verification: the copy is opened read-only and must pass integrity_check,
 * otherwise it is removed and the caller gets an error (never a silently bad backup).
 */
export async function verifiedBackup(db: Db, targetFile: string, nativeBinding?: string): Promise<string> {
  fs.mkdirSync(path.dirname(targetFile), { recursive: true })
  const tmp = `${targetFile}.partial`
  await db.backup(tmp)
  try {
    const copy = new Database(tmp, { nativeBinding })
    try {
      // A backup is one self-contained file: no -wal/-shm companions to lose when copied to a USB disk.
      copy.pragma('journal_mode = DELETE')
      const rows = copy.pragma('integrity_check') as { integrity_check: string }[]
      if (rows.length !== 1 || rows[0]?.integrity_check !== 'ok') {
        throw new AppError(
          'DB_CORRUPT',
          '备份文件校验未通过，已放弃本次备份，原数据未受影响。请联系技术人员检查磁盘。',
        )
      }
    } finally {
      copy.close()
    }
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
  fs.renameSync(tmp, targetFile)
  return targetFile
}

export async function openDatabase(opts: OpenOptions): Promise<Db> {
  const migrations = opts.migrations ?? MIGRATIONS
  const latest = migrations.length ? (migrations[migrations.length - 1] as Migration).version : SCHEMA_VERSION
  const isFile = opts.file !== ':memory:'
  if (isFile) fs.mkdirSync(path.dirname(opts.file), { recursive: true })
  const existed = isFile && fs.existsSync(opts.file) && fs.statSync(opts.file).size > 0
  let db: Db
  try {
    db = new Database(opts.file, { nativeBinding: opts.nativeBinding })
    db.pragma('busy_timeout = 5000')
    // Read the version before any pragma that writes (journal_mode=WAL rewrites the header).
    db.pragma('user_version', { simple: true })
  } catch (err) {
    if (err instanceof Error && /not a database|malformed/i.test(err.message)) {
      throw new AppError(
        'DB_CORRUPT',
        `数据文件无法打开（文件已损坏或不是本程序的数据库）：${opts.file}。程序没有改动该文件，请从备份恢复或联系技术人员。`,
      )
    }
    throw err
  }
  try {
    const current = db.pragma('user_version', { simple: true }) as number
    if (current > latest) {
      throw new AppError(
        'DB_TOO_NEW',
        `数据文件由更新版本的程序创建（数据版本 ${current}，本程序支持到 ${latest}）。为保护数据，本程序不会打开它，请安装最新版本后再使用。`,
      )
    }
    applyPragmas(db)
    if (existed) {
      // Ordinary queries do not reveal a damaged index page; quick_check does (RELIABILITY §2.3).
      // A damaged file is never repaired or deleted here: the clerk is told and keeps the file.
      const rows = db.pragma('quick_check') as { quick_check: string }[]
      if (rows.length !== 1 || rows[0]?.quick_check !== 'ok')
        throw new AppError(
          'DB_CORRUPT',
          `数据文件检查发现损坏：${opts.file}。程序没有改动该文件。请从“backups”文件夹中最近的备份恢复，或联系技术人员。`,
          { problems: rows.slice(0, 10).map((r) => r.quick_check) },
        )
    }
    const pending = migrations.filter((m) => m.version > current)
    if (pending.length > 0) {
      if (existed && current > 0 && opts.backupDir) {
        const target = path.join(opts.backupDir, `before-migration-v${current}-${stamp(opts.now())}.sqlite`)
        await verifiedBackup(db, target, opts.nativeBinding)
        opts.log?.(`backup before migration: ${target}`)
      }
      // All pending migrations and the user_version bump in one transaction: old or new, never half.
      db.transaction(() => {
        for (const m of pending) {
          db.exec(m.sql)
          db.pragma(`user_version = ${m.version}`)
        }
      })()
      opts.log?.(`migrated schema ${current} -> ${latest}`)
    }
    return db
  } catch (err) {
    db.close()
    throw err
  }
}
