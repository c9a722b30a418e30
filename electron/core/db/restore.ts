import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '../errors'
import { listBackups, localIso } from './backups'
import { stamp } from './open'

// File-level steps of a restore and of the quarantine at start. The orchestration (backup of the
// current data, closing and reopening the connection) lives in system/backups.ts.

const UNCHANGED = '没有恢复，现有数据没有任何改动。'

/** Tables every database of ours has had since 0001: a SQLite file without them is someone else's. */
const OUR_TABLES = ['enterprises', 'villages', 'settings']

export interface Candidate {
  schemaVersion: number
  enterprises: number
}

/**
 * Checks a copy that is about to replace the database, read-only: it must be a SQLite file, ours,
 * not from a newer version, and pass integrity_check. `label` names it in the message.
 */
export function checkCandidate(
  file: string,
  latest: number,
  label: string,
  nativeBinding?: string,
): Candidate {
  const damaged = (problems?: string[]): AppError =>
    new AppError(
      'DB_CORRUPT',
      `“${label}”已损坏或不是本程序的数据文件，${UNCHANGED}请换一个备份文件再试。`,
      problems ? { problems: problems.slice(0, 10) } : undefined,
    )
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding })
  } catch {
    throw damaged()
  }
  try {
    let version: number
    let tables: string[]
    try {
      version = db.pragma('user_version', { simple: true }) as number
      tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]
    } catch {
      throw damaged()
    }
    if (version > latest)
      throw new AppError(
        'DB_TOO_NEW',
        `“${label}”由更新版本的程序创建（数据版本 ${version}，本程序支持到 ${latest}），${UNCHANGED}请先安装最新版本的程序再恢复。`,
      )
    if (version === 0 || !OUR_TABLES.every((t) => tables.includes(t))) throw damaged()
    let rows: string[]
    try {
      rows = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)
    } catch (err) {
      rows = [err instanceof Error ? err.message : String(err)]
    }
    if (rows.length !== 1 || rows[0] !== 'ok') throw damaged(rows)
    const enterprises = db.prepare('SELECT count(*) FROM enterprises').pluck().get() as number
    return { schemaVersion: version, enterprises }
  } finally {
    db.close()
  }
}

/** Files SQLite may keep beside a database. */
export const COMPANIONS = ['-wal', '-shm', '-journal'] as const

export function removeWithCompanions(file: string): void {
  fs.rmSync(file, { force: true })
  for (const c of COMPANIONS) fs.rmSync(`${file}${c}`, { force: true })
}

/**
 * Copies the chosen file (or the uploaded bytes) next to the database, where the swap is one
 * rename on the same disk. A -wal beside a chosen file (a live ledger.sqlite copied with its
 * folder) comes along, so committed data still in it is not lost.
 */
export function stage(dbFile: string, source: { file: string } | { bytes: Uint8Array }): string {
  const tmp = `${dbFile}.restore.${process.pid}-${crypto.randomBytes(4).toString('hex')}.partial`
  try {
    if ('file' in source) {
      fs.copyFileSync(source.file, tmp)
      if (fs.existsSync(`${source.file}-wal`)) fs.copyFileSync(`${source.file}-wal`, `${tmp}-wal`)
    } else fs.writeFileSync(tmp, source.bytes)
    return tmp
  } catch (err) {
    removeWithCompanions(tmp)
    throw err
  }
}

/**
 * Puts the staged copy in place of the closed database with one rename, so at every moment
 * ledger.sqlite is either the old file or the new one. `quarantineDir`: move the old file there
 * first (it could not be backed up because it is damaged; it is kept, never deleted).
 */
export function swapIn(staged: string, dbFile: string, quarantineDir?: string): void {
  // The connection was closed; SQLite removes -wal and -shm when the last one closes. If they are
  // still there, another window or a CLI command has the database open, and replacing the file
  // under it could damage both.
  if (COMPANIONS.slice(0, 2).some((c) => fs.existsSync(`${dbFile}${c}`)))
    throw new AppError(
      'DB_BUSY',
      `另一个窗口或命令行程序正在使用数据，${UNCHANGED}请关闭其他打开本台账的窗口或命令行程序后再恢复。`,
    )
  if (quarantineDir && fs.existsSync(dbFile)) {
    fs.renameSync(dbFile, path.join(quarantineDir, path.basename(dbFile)))
    try {
      fs.renameSync(staged, dbFile)
    } catch (err) {
      fs.renameSync(path.join(quarantineDir, path.basename(dbFile)), dbFile)
      throw err
    }
    return
  }
  fs.renameSync(staged, dbFile)
}

export interface Incident {
  /** Folder name under quarantine/, e.g. 20261128-093000. */
  id: string
  dir: string
  /** Local time, as tables show it. */
  at: string
  reason: string
  problems: string[]
  files: string[]
  /** The backups that existed when it happened: only these are offered (not copies of the new empty database). */
  backups: string[]
  handled: boolean
}

/** A new folder quarantine/<stamp>[-n]; mkdir without recursive is the claim, so two never share one. */
export function claimQuarantineDir(dataDir: string, now: Date): string {
  const root = path.join(dataDir, 'quarantine')
  fs.mkdirSync(root, { recursive: true })
  for (let n = 1; n < 1000; n++) {
    const dir = path.join(root, n === 1 ? stamp(now) : `${stamp(now)}-${n}`)
    try {
      fs.mkdirSync(dir)
      return dir
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
  }
  throw new Error('no free quarantine folder name')
}

function writeIncident(dir: string, incident: Incident): void {
  const tmp = path.join(dir, `incident.json.${process.pid}.partial`)
  fs.writeFileSync(tmp, `${JSON.stringify(incident, null, 2)}\n`)
  fs.renameSync(tmp, path.join(dir, 'incident.json'))
}

/**
 * Moves a database (with its -wal/-shm/-journal, which belong to it) into quarantine/<stamp>/ and
 * writes a note in Chinese beside it. Nothing is deleted or changed: the bytes are renamed, not
 * copied. Returns the incident the 备份与恢复 page shows until it is handled.
 */
export function quarantine(
  dataDir: string,
  dbFile: string,
  now: Date,
  why: { reason: string; problems?: string[] },
): Incident {
  const dir = claimQuarantineDir(dataDir, now)
  const files: string[] = []
  for (const suffix of ['', ...COMPANIONS]) {
    const from = `${dbFile}${suffix}`
    if (!fs.existsSync(from)) continue
    const to = path.join(dir, path.basename(from))
    fs.renameSync(from, to)
    files.push(to)
  }
  const incident: Incident = {
    id: path.basename(dir),
    dir,
    at: localIso(now),
    reason: why.reason,
    problems: (why.problems ?? []).slice(0, 10),
    files,
    backups: listBackups(path.join(dataDir, 'backups')).map((b) => b.name),
    handled: false,
  }
  fs.writeFileSync(
    path.join(dir, '说明.txt'),
    [
      `${incident.at} 启动时发现数据文件损坏，程序把它原样移到了这个文件夹（没有删除，也没有修改）。`,
      `原因：${why.reason}`,
      '程序已新建一个空的数据文件继续运行。请在“数据与设置 → 备份与恢复”中从最近的备份恢复；',
      '如果需要找回最近一次备份之后录入的数据，请把这个文件夹交给技术人员。',
      '',
    ].join('\r\n'),
  )
  writeIncident(dir, incident)
  return incident
}

/** The newest quarantine incident not yet handled (restored or acknowledged), if any. */
export function openIncident(dataDir: string): Incident | null {
  const root = path.join(dataDir, 'quarantine')
  let names: string[]
  try {
    names = fs.readdirSync(root).sort().reverse()
  } catch {
    return null
  }
  for (const name of names) {
    try {
      const i = JSON.parse(fs.readFileSync(path.join(root, name, 'incident.json'), 'utf8')) as Incident
      if (!i.handled) return { ...i, id: name, dir: path.join(root, name) }
    } catch {
      // not an incident folder (or being written): skip
    }
  }
  return null
}

export function markHandled(dataDir: string, id: string): boolean {
  if (!/^\d{8}-\d{6}(-\d+)?$/.test(id)) return false
  const dir = path.join(dataDir, 'quarantine', id)
  try {
    const i = JSON.parse(fs.readFileSync(path.join(dir, 'incident.json'), 'utf8')) as Incident
    writeIncident(dir, { ...i, handled: true })
    return true
  } catch {
    return false
  }
}
