import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCore } from '../index'
import { FIXED_NOW, tempDir } from '../test/helpers'
import {
  listBackups,
  pruneBackups,
  RETENTION,
  selectForPruning,
  writeManifest,
  type BackupKind,
} from './backups'
import { stamp } from './open'

/** Backup files named as the program names them, with manifests saying they verified. */
function make(dir: string, kind: BackupKind, at: Date, verified = true): string {
  fs.mkdirSync(dir, { recursive: true })
  const name = `${kind}-${stamp(at)}.sqlite`
  const file = path.join(dir, name)
  fs.writeFileSync(file, 'x'.repeat(100))
  if (verified)
    writeManifest(file, {
      format: 1,
      kind,
      createdAt: at.toISOString(),
      size: 100,
      sha256: 'ab'.repeat(32),
      check: 'integrity_check',
      schemaVersion: 5,
      appVersion: 'test',
    })
  return name
}

const daysAgo = (n: number): Date => new Date(FIXED_NOW.getTime() - n * 86_400_000)

describe('rotation of event backups', () => {
  it('keeps 30 days of them, and the newest 5 of each kind however old', () => {
    const dir = path.join(tempDir(), 'backups')
    const imports = [1, 10, 40, 50, 60, 70, 80, 90].map((d) => make(dir, 'before-import', daysAgo(d)))
    const migration = make(dir, 'before-migration', daysAgo(400))
    const removed = pruneBackups(dir, FIXED_NOW).sort()
    // the newest 5 (1 … 60 days) stay; of the older ones, none is within 30 days
    expect(RETENTION.eventKeep).toBe(5)
    expect(removed).toEqual(imports.slice(5).sort())
    expect(fs.existsSync(path.join(dir, `${imports[7]}.json`))).toBe(false)
    // within 30 days everything stays, however many
    const recent = [2, 3, 4, 5, 6, 7].map((d) => make(dir, 'before-delete', daysAgo(d)))
    expect(pruneBackups(dir, FIXED_NOW)).toEqual([])
    expect(
      listBackups(dir)
        .filter((b) => b.kind === 'before-delete')
        .map((b) => b.name)
        .sort(),
    ).toEqual(recent.sort())
    expect(listBackups(dir).map((b) => b.name)).toContain(migration)
  })

  it("a backup that changed after it was verified does not take a good one's place, and goes after 30 days", () => {
    const dir = path.join(tempDir(), 'backups')
    const good = [40, 50, 60, 70, 80, 90].map((d) => make(dir, 'manual', daysAgo(d)))
    const changed = make(dir, 'manual', daysAgo(35))
    fs.appendFileSync(path.join(dir, changed), 'tampered')
    const entries = listBackups(dir)
    expect(entries.find((e) => e.name === changed)?.status).toBe('mismatch')
    const removed = selectForPruning(entries, FIXED_NOW)
      .map((e) => e.name)
      .sort()
    // the changed one does not count among the newest 5, so 5 good ones stay and the 6th goes
    expect(removed).toEqual([changed, good[5]].sort())
  })

  it('the newest verified backup is never removed, whatever its age', () => {
    const dir = path.join(tempDir(), 'backups')
    const only = make(dir, 'auto', daysAgo(3000))
    expect(pruneBackups(dir, FIXED_NOW)).toEqual([])
    expect(listBackups(dir).map((b) => b.name)).toEqual([only])
  })

  it('files that do not follow our naming are listed nowhere and never removed', () => {
    const dir = path.join(tempDir(), 'backups')
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, '我的备份.sqlite'), 'x')
    make(dir, 'manual', daysAgo(100))
    make(dir, 'manual', daysAgo(1))
    pruneBackups(dir, FIXED_NOW)
    expect(fs.existsSync(path.join(dir, '我的备份.sqlite'))).toBe(true)
    expect(listBackups(dir)).toHaveLength(2)
  })
})

describe('leftovers of an interrupted restore', () => {
  it('a staged copy (and its -wal) from a process that is gone is removed at start', async () => {
    const dir = tempDir()
    ;(await createCore({ dataDir: dir, now: () => FIXED_NOW })).close()
    const staged = path.join(dir, 'ledger.sqlite.restore.99999999-ab12cd34.partial')
    fs.writeFileSync(staged, 'x'.repeat(1000))
    fs.writeFileSync(`${staged}-wal`, 'x')
    const mine = path.join(dir, `ledger.sqlite.restore.${process.pid}-ab12cd34.partial`)
    fs.writeFileSync(mine, 'x')
    ;(await createCore({ dataDir: dir, now: () => FIXED_NOW })).close()
    expect(fs.existsSync(staged)).toBe(false)
    expect(fs.existsSync(`${staged}-wal`)).toBe(false)
    // a restore in flight in a running process stays
    expect(fs.existsSync(mine)).toBe(true)
  })
})
