import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

// The backup catalogue: what each file in backups/ is, its manifest, and which files rotation keeps.
//
// Every backup `<kind>-<yyyymmdd-hhmmss>[-n].sqlite` has a manifest beside it, `<name>.sqlite.json`,
// written after the copy passed integrity_check: kind, sha256, size, schema version, app version.
// One small file per backup rather than one shared index: two processes backing up at once (the
// app and the CLI) can never lose each other's entries, and deleting a backup deletes its manifest.

export type BackupKind =
  | 'auto'
  | 'manual'
  | 'before-migration'
  | 'before-import'
  | 'before-undo'
  | 'before-restore'
  | 'before-delete'

export const KIND_LABELS: Record<BackupKind, string> = {
  auto: '每日自动备份',
  manual: '手动备份',
  'before-migration': '程序升级前',
  'before-import': '导入前',
  'before-undo': '撤销导入前',
  'before-restore': '恢复前',
  'before-delete': '批量删除前',
}

/**
 * How long backups are kept. Scheduled (auto) backups rotate grandfather-father-son: the newest of
 * each of the last 7 days, 4 ISO weeks and 12 months that have one. Event backups (manual, before
 * a migration, import, undo, restore or bulk delete) are kept 30 days, and the newest 5 of each
 * kind are kept however old they are. The newest verified backup is never removed.
 */
export const RETENTION = { daily: 7, weekly: 4, monthly: 12, eventDays: 30, eventKeep: 5 } as const

const NAME =
  /^(auto|manual|before-migration(?:-v\d+)?|before-import|before-undo|before-restore|before-delete)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-\d+)?\.sqlite$/

export interface BackupManifest {
  format: 1
  kind: BackupKind
  /** When the copy was written (ISO, UTC). */
  createdAt: string
  size: number
  sha256: string
  /** The check the copy passed before it got its name. */
  check: 'integrity_check'
  schemaVersion: number
  appVersion: string
}

export interface BackupEntry {
  /** File name inside backups/ (the id the UI and the CLI pass back). */
  name: string
  file: string
  kind: BackupKind
  kindLabel: string
  /** Local time of the backup, from its name (ISO without zone, as the tables show it). */
  at: string
  size: number
  sha256: string | null
  schemaVersion: number | null
  /**
   * verified: the manifest says it passed integrity_check and the file still has its size;
   * unknown: no manifest (made by an older version, which verified it too but recorded nothing);
   * mismatch: the file changed after it was verified — it is not offered for restore.
   */
  status: 'verified' | 'unknown' | 'mismatch'
}

export function parseBackupName(name: string): { kind: BackupKind; at: Date } | null {
  const m = NAME.exec(name)
  if (!m) return null
  const kind = (m[1] as string).startsWith('before-migration') ? 'before-migration' : (m[1] as BackupKind)
  const [y, mo, d, h, mi, s] = m.slice(2, 8).map(Number) as [number, number, number, number, number, number]
  return { kind, at: new Date(y, mo - 1, d, h, mi, s) }
}

export function manifestPath(file: string): string {
  return `${file}.json`
}

/** 2026-11-28 09:30:00 in local time. */
export function localIso(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Writes the manifest through a temp file, fsync and rename: a reader sees the old one or the whole new one. */
export function writeManifest(file: string, manifest: BackupManifest): void {
  const target = manifestPath(file)
  const tmp = `${target}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.partial`
  try {
    const fd = fs.openSync(tmp, 'w')
    try {
      fs.writeSync(fd, `${JSON.stringify(manifest, null, 2)}\n`)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, target)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
}

export function readManifest(file: string): BackupManifest | null {
  try {
    const m = JSON.parse(fs.readFileSync(manifestPath(file), 'utf8')) as Partial<BackupManifest>
    if (m.format !== 1 || typeof m.sha256 !== 'string' || typeof m.size !== 'number') return null
    return m as BackupManifest
  } catch {
    return null
  }
}

/** The backups in `dir`, newest first. Files that do not follow our naming are left out (and never pruned). */
export function listBackups(dir: string): BackupEntry[] {
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return []
  }
  const out: { entry: BackupEntry; t: number }[] = []
  for (const name of names) {
    const parsed = parseBackupName(name)
    if (!parsed) continue
    const file = path.join(dir, name)
    let size: number
    try {
      const st = fs.statSync(file)
      if (!st.isFile()) continue
      size = st.size
    } catch {
      continue
    }
    const m = readManifest(file)
    out.push({
      t: parsed.at.getTime(),
      entry: {
        name,
        file,
        kind: parsed.kind,
        kindLabel: KIND_LABELS[parsed.kind],
        at: localIso(parsed.at),
        size,
        sha256: m?.sha256 ?? null,
        schemaVersion: m?.schemaVersion ?? null,
        status: !m ? 'unknown' : m.size === size && m.check === 'integrity_check' ? 'verified' : 'mismatch',
      },
    })
  }
  // newest first; the same second: the numbered neighbour (-2, -3 …) is the later one
  return out
    .sort((a, b) => b.t - a.t || b.entry.name.localeCompare(a.entry.name, 'en', { numeric: true }))
    .map((o) => o.entry)
}

function dayKey(d: Date): string {
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`
}

/** ISO-8601 week (Monday first), e.g. "2026-W48". */
function weekKey(d: Date): string {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()))
  const dow = t.getUTCDay() || 7
  t.setUTCDate(t.getUTCDate() + 4 - dow)
  const yearStart = new Date(Date.UTC(t.getUTCFullYear(), 0, 1))
  const week = Math.ceil(((t.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7)
  return `${t.getUTCFullYear()}-W${week}`
}

function monthKey(d: Date): string {
  return `${d.getFullYear()}-${d.getMonth()}`
}

/** The backups rotation removes (pure: `entries` newest first, as listBackups returns them). */
export function selectForPruning(entries: BackupEntry[], now: Date): BackupEntry[] {
  const keep = new Set<BackupEntry>()
  const when = (e: BackupEntry): Date => parseBackupName(e.name)?.at ?? new Date(0)
  const usable = (e: BackupEntry): boolean => e.status !== 'mismatch'
  // A file that changed after it was verified never fills a slot a good backup could have had.
  const autos = entries.filter((e) => e.kind === 'auto' && usable(e))
  for (const [key, n] of [
    [dayKey, RETENTION.daily],
    [weekKey, RETENTION.weekly],
    [monthKey, RETENTION.monthly],
  ] as const) {
    const seen = new Set<string>()
    for (const e of autos) {
      const k = key(when(e))
      if (seen.has(k)) continue
      if (seen.size >= n) break
      seen.add(k)
      keep.add(e)
    }
  }
  const byKind = new Map<BackupKind, number>()
  for (const e of entries) {
    if (e.kind === 'auto') continue
    const rank = byKind.get(e.kind) ?? 0
    if (usable(e)) byKind.set(e.kind, rank + 1)
    const young = now.getTime() - when(e).getTime() <= RETENTION.eventDays * 86_400_000
    if (young || (usable(e) && rank < RETENTION.eventKeep)) keep.add(e)
  }
  const newestGood = entries.find((e) => e.status === 'verified') ?? entries.find(usable)
  if (newestGood) keep.add(newestGood)
  return entries.filter((e) => !keep.has(e))
}

/** Applies the rotation; run only after a new backup verified. Returns the names removed. */
export function pruneBackups(dir: string, now: Date): string[] {
  const removed: string[] = []
  for (const e of selectForPruning(listBackups(dir), now)) {
    try {
      fs.rmSync(e.file, { force: true })
      fs.rmSync(manifestPath(e.file), { force: true })
      removed.push(e.name)
    } catch {
      // open in another program (Windows): try again after the next backup
    }
  }
  return removed
}
