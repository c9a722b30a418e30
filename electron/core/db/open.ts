import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { version as appVersion } from '../../../package.json'
import { AppError, fromSystemError } from '../errors'
import { parseBackupName, sha256File, writeManifest } from './backups'
import { searchGrams } from '../shared/kit/grams'
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

/**
 * SQL functions the schema's triggers call: each ledger's short-query search index is kept by
 * triggers that spell a record's text as its terms (shared/kit/grams.ts, kit/repo.ts).
 */
export function registerFunctions(db: Db): void {
  db.function('kit_grams', { deterministic: true }, searchGrams)
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

/** `<target>.<pid>-<random>.partial`: every backup in flight has its own temp file. */
const PARTIAL = /\.(\d+)-[0-9a-f]+\.partial$/

/**
 * Moves a finished copy to `target`, or to `target` with -2, -3 … before the extension when that
 * name is taken (two backups in one second). A hard link never overwrites, so two processes cannot
 * claim the same name; file systems without hard links (FAT32 USB disks) fall back to a checked rename.
 */
export function claimName(tmp: string, target: string): string {
  const ext = path.extname(target)
  const base = target.slice(0, target.length - ext.length)
  for (let n = 1; n < 1000; n++) {
    const name = n === 1 ? target : `${base}-${n}${ext}`
    try {
      fs.linkSync(tmp, name)
      fs.rmSync(tmp, { force: true })
      return name
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EEXIST') continue
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw err
      if (fs.existsSync(name)) continue
      fs.renameSync(tmp, name)
      return name
    }
  }
  throw new Error(`no free backup name next to ${target}`)
}

/**
 * Online backup with verification: the copy is opened and must pass integrity_check, otherwise it
 * is removed and the caller gets an error (never a silently bad backup). Returns the file written:
 * `targetFile`, or a numbered neighbour when that name is already taken. The copy gets its
 * manifest (kind, sha256, schema version; backups.ts) beside it once it has its name.
 */
export async function verifiedBackup(db: Db, targetFile: string, nativeBinding?: string): Promise<string> {
  fs.mkdirSync(path.dirname(targetFile), { recursive: true })
  const tmp = `${targetFile}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.partial`
  let schemaVersion: number
  try {
    await db.backup(tmp)
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
      schemaVersion = copy.pragma('user_version', { simple: true }) as number
    } finally {
      copy.close()
    }
    const sha256 = await sha256File(tmp)
    const size = fs.statSync(tmp).size
    const claimed = claimName(tmp, targetFile)
    try {
      writeManifest(claimed, {
        format: 1,
        kind: parseBackupName(path.basename(claimed))?.kind ?? 'manual',
        createdAt: new Date().toISOString(),
        size,
        sha256,
        check: 'integrity_check',
        schemaVersion,
        appVersion,
      })
    } catch {
      // The copy is good and named; without a manifest it is listed as 未登记 and checked when restored.
    }
    return claimed
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    fs.rmSync(`${tmp}-journal`, { force: true })
    throw err
  }
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return false
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/**
 * Removes what interrupted backups left behind (a killed process leaves its `.partial`, which can
 * be as large as the database). A partial whose process is still running is another window's
 * backup in flight and stays, unless it is a day old; one without a process id (older versions)
 * goes when it is ten minutes old.
 */
export function removeStalePartials(backupDir: string, now = Date.now()): string[] {
  let names: string[]
  try {
    names = fs.readdirSync(backupDir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const base = name.replace(/-(journal|wal|shm)$/, '')
    if (!base.endsWith('.partial')) continue
    const file = path.join(backupDir, name)
    try {
      const age = now - fs.statSync(file).mtimeMs
      const pid = PARTIAL.exec(base)?.[1]
      const stale = pid ? processGone(Number(pid)) || age > 24 * 3600 * 1000 : age > 10 * 60 * 1000
      if (stale) {
        fs.rmSync(file, { force: true })
        removed.push(file)
      }
    } catch {
      // gone meanwhile, or not ours to remove: leave it
    }
  }
  return removed
}

/**
 * Reads the file read-only before anything may write to it: version, whether it is ours at all,
 * and quick_check (a damaged index page is invisible to ordinary queries, RELIABILITY §2.3).
 * Nothing here can change a byte, so "程序没有改动该文件" holds for every file refused.
 */
function checkBeforeOpening(file: string, latest: number, nativeBinding?: string): number {
  const corrupt = (): AppError =>
    new AppError(
      'DB_CORRUPT',
      `数据文件无法打开（文件已损坏或不是本程序的数据库）：${file}。程序没有改动该文件，请从备份恢复或联系技术人员。`,
    )
  let ro: Db
  try {
    ro = new Database(file, { readonly: true, fileMustExist: true, nativeBinding })
  } catch (err) {
    if (err instanceof Error && /not a database|malformed/i.test(err.message)) throw corrupt()
    throw err
  }
  try {
    let current: number
    let tables: number
    try {
      ro.pragma('busy_timeout = 5000')
      current = ro.pragma('user_version', { simple: true }) as number
      tables = ro
        .prepare("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        .pluck()
        .get() as number
    } catch (err) {
      if (err instanceof Error && /not a database|malformed/i.test(err.message)) throw corrupt()
      throw err
    }
    if (current > latest) {
      throw new AppError(
        'DB_TOO_NEW',
        `数据文件由更新版本的程序创建（数据版本 ${current}，本程序支持到 ${latest}）。为保护数据，本程序不会打开它，请安装最新版本后再使用。`,
      )
    }
    // Tables but no schema version: another program's database, never "migrated" into ours.
    if (current === 0 && tables > 0) throw corrupt()
    let rows: { quick_check: string }[]
    try {
      rows = ro.pragma('quick_check') as { quick_check: string }[]
    } catch (err) {
      if (err instanceof Error && /not a database|malformed|disk image/i.test(err.message))
        rows = [{ quick_check: err.message }]
      else throw err
    }
    // A damaged file is never repaired or deleted here: the clerk is told and keeps the file.
    if (rows.length !== 1 || rows[0]?.quick_check !== 'ok')
      throw new AppError(
        'DB_CORRUPT',
        `数据文件检查发现损坏：${file}。程序没有改动该文件。请从“backups”文件夹中最近的备份恢复，或联系技术人员。`,
        { problems: rows.slice(0, 10).map((r) => r.quick_check) },
      )
    return current
  } finally {
    ro.close()
  }
}

/**
 * checkBeforeOpening, after SQLite's own crash recovery where only a writer can do it: a process
 * killed in a write to a DELETE-mode file (a restored backup is one until it is switched to WAL)
 * leaves a hot -journal, which a read-only connection cannot roll back (SQLITE_READONLY_ROLLBACK),
 * so the file would be refused at every start. Opening it once for writing rolls the journal back
 * to the last committed state, as any SQLite program would; nothing else is written.
 */
function checkRecovering(file: string, latest: number, nativeBinding?: string): number {
  try {
    return checkBeforeOpening(file, latest, nativeBinding)
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'SQLITE_READONLY_ROLLBACK') throw err
    const db = new Database(file, { fileMustExist: true, nativeBinding })
    try {
      db.pragma('schema_version')
    } finally {
      db.close()
    }
    return checkBeforeOpening(file, latest, nativeBinding)
  }
}

/**
 * Opens (creating or migrating) the database. Errors the clerk can act on (a read-only or missing
 * folder, a full disk, a file another program holds) come back as AppErrors with Chinese messages.
 */
export async function openDatabase(opts: OpenOptions): Promise<Db> {
  try {
    return await open(opts)
  } catch (err) {
    throw fromSystemError(unwritableFolder(err, opts.file) ?? err) ?? err
  }
}

/**
 * SQLITE_CANTOPEN or SQLITE_READONLY in a folder that exists but cannot be written (a read-only
 * disk or share, no permission: SQLite cannot create the -wal/-shm beside the file): the folder's
 * own error, so the message names the folder and says it is read-only.
 */
function unwritableFolder(err: unknown, file: string): NodeJS.ErrnoException | null {
  const code = (err as { code?: unknown }).code
  if (typeof code !== 'string' || file === ':memory:') return null
  if (code !== 'SQLITE_CANTOPEN' && !code.startsWith('SQLITE_READONLY')) return null
  const dir = path.dirname(path.resolve(file))
  try {
    if (!fs.statSync(dir).isDirectory()) return null
    fs.accessSync(dir, fs.constants.W_OK)
    return null
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code
    return reason === 'EROFS' || reason === 'EACCES' || reason === 'EPERM'
      ? (e as NodeJS.ErrnoException)
      : null
  }
}

async function open(opts: OpenOptions): Promise<Db> {
  const migrations = opts.migrations ?? MIGRATIONS
  const latest = migrations.length ? (migrations[migrations.length - 1] as Migration).version : SCHEMA_VERSION
  const isFile = opts.file !== ':memory:'
  if (isFile) fs.mkdirSync(path.dirname(opts.file), { recursive: true })
  const existed = isFile && fs.existsSync(opts.file) && fs.statSync(opts.file).size > 0
  if (opts.backupDir) removeStalePartials(opts.backupDir)
  // An existing file is checked read-only first; only a file that passed is opened for writing.
  const checked = existed ? checkRecovering(opts.file, latest, opts.nativeBinding) : 0
  const db: Db = new Database(opts.file, { nativeBinding: opts.nativeBinding })
  try {
    db.pragma('busy_timeout = 5000')
    registerFunctions(db)
    // (another process may have migrated the file since the check: read the version again)
    const current = Math.max(checked, db.pragma('user_version', { simple: true }) as number)
    if (current > latest)
      throw new AppError(
        'DB_TOO_NEW',
        `数据文件由更新版本的程序创建（数据版本 ${current}，本程序支持到 ${latest}）。为保护数据，本程序不会打开它，请安装最新版本后再使用。`,
      )
    applyPragmas(db)
    const pending = migrations.filter((m) => m.version > current)
    if (pending.length > 0) {
      if (existed && current > 0 && opts.backupDir) {
        const target = path.join(opts.backupDir, `before-migration-v${current}-${stamp(opts.now())}.sqlite`)
        const written = await verifiedBackup(db, target, opts.nativeBinding)
        opts.log?.(`backup before migration: ${written}`)
      }
      // All pending migrations and the user_version bump in one transaction: old or new, never half.
      // IMMEDIATE, and the version read again inside: a second process starting at the same moment
      // waits, then finds nothing left to do.
      db.transaction(() => {
        const now = db.pragma('user_version', { simple: true }) as number
        for (const m of pending) {
          if (m.version <= now) continue
          db.exec(m.sql)
          db.pragma(`user_version = ${m.version}`)
        }
      }).immediate()
      opts.log?.(`migrated schema ${current} -> ${latest}`)
    }
    return db
  } catch (err) {
    db.close()
    throw err
  }
}
