import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../index'
import { FIXED_NOW, ok, tempDir } from '../test/helpers'
import { MIGRATIONS, SCHEMA_VERSION } from './migrations'
import { listBackups } from './backups'
import { openDatabase, stamp, verifiedBackup, type Db } from './open'

const now = () => FIXED_NOW
const open: Db[] = []
afterEach(() => {
  while (open.length) open.pop()?.close()
})

function schemaOf(db: Db): string[] {
  return (
    db
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all() as {
      type: string
      name: string
      sql: string | null
    }[]
  ).map((r) => `${r.type} ${r.name} ${(r.sql ?? '').replace(/\s+/g, ' ')}`)
}

describe('opening the database', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout on every open', async () => {
    const dir = tempDir()
    for (let i = 0; i < 2; i++) {
      const db = await openDatabase({ file: path.join(dir, 'a.sqlite'), now })
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('synchronous', { simple: true })).toBe(2)
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      db.close()
    }
  })

  it('numbers migrations from 1 without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
  })

  it('refuses a database written by a newer app and leaves it untouched', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'ledger.sqlite')
    const raw = new Database(file)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.exec('CREATE TABLE future(x)')
    raw.close()
    const before = fs.readFileSync(file)
    await expect(createCore({ dataDir: dir, now })).rejects.toMatchObject({
      code: 'DB_TOO_NEW',
      message: expect.stringContaining('请安装最新版本'),
    })
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  })

  it('reports a file that is not a database without changing it', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'ledger.sqlite')
    fs.writeFileSync(file, Buffer.from('这不是数据库文件'.repeat(100)))
    await expect(createCore({ dataDir: dir, now })).rejects.toMatchObject({ code: 'DB_CORRUPT' })
    expect(fs.readFileSync(file, 'utf8')).toContain('这不是数据库文件')
  })
})

describe('damaged files', () => {
  it('refuses a file whose index pages are damaged, even though plain queries still work, and leaves it as it was', async () => {
    const dir = tempDir()
    const core = await createCore({ dataDir: dir, now })
    await ok(core, 'demo.load')
    core.close()
    const file = path.join(dir, 'ledger.sqlite')
    const probe = new Database(file)
    probe.pragma('wal_checkpoint(TRUNCATE)')
    const pageSize = probe.pragma('page_size', { simple: true }) as number
    const root = probe
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'enterprises_name'")
      .pluck()
      .get() as number
    probe.close()
    const bytes = fs.readFileSync(file)
    // smash the middle of the name index's root page
    bytes.fill(0x5a, root * pageSize - 120, root * pageSize - 40)
    fs.writeFileSync(file, bytes)
    const check = new Database(file, { readonly: true })
    expect(check.prepare('SELECT count(*) FROM enterprises').pluck().get() as number).toBe(240)
    check.close()
    const before = fs.readFileSync(file)
    await expect(createCore({ dataDir: dir, now })).rejects.toMatchObject({
      code: 'DB_CORRUPT',
      message: expect.stringContaining('备份恢复'),
    })
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  })
})

describe('migrations', () => {
  const extra = [
    ...MIGRATIONS,
    { version: SCHEMA_VERSION + 1, name: 'test_add', sql: 'ALTER TABLE enterprises ADD COLUMN extra TEXT;' },
  ]

  it('a migrated database has the same schema as a fresh one, from every earlier version', async () => {
    const dir = tempDir()
    const fresh = await openDatabase({ file: path.join(dir, 'fresh.sqlite'), now, migrations: extra })
    open.push(fresh)
    for (let k = 1; k < extra.length; k++) {
      const file = path.join(dir, `from-${k}.sqlite`)
      ;(await openDatabase({ file, now, migrations: extra.slice(0, k) })).close()
      const migrated = await openDatabase({ file, now, migrations: extra, backupDir: path.join(dir, 'b') })
      open.push(migrated)
      expect(schemaOf(migrated)).toEqual(schemaOf(fresh))
    }
  })

  it('takes a verified backup before migrating an existing file, and keeps the data', async () => {
    const dir = tempDir()
    const core = await createCore({ dataDir: dir, now })
    await ok(core, 'demo.load')
    core.close()
    const file = path.join(dir, 'ledger.sqlite')
    const db = await openDatabase({ file, now, migrations: extra, backupDir: path.join(dir, 'backups') })
    open.push(db)
    const backups = fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.sqlite'))
    expect(backups).toEqual([`before-migration-v${SCHEMA_VERSION}-20261128-093000.sqlite`])
    expect(listBackups(path.join(dir, 'backups'))[0]).toMatchObject({
      kind: 'before-migration',
      status: 'verified',
      schemaVersion: SCHEMA_VERSION,
    })
    const copy = new Database(path.join(dir, 'backups', backups[0] as string), { readonly: true })
    open.push(copy)
    expect(copy.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect((copy.prepare('SELECT count(*) AS n FROM enterprises').get() as { n: number }).n).toBe(240)
    expect((db.prepare('SELECT count(*) AS n FROM enterprises').get() as { n: number }).n).toBe(240)
  })

  it('a failing migration rolls back completely: old schema, old version, data intact', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'ledger.sqlite')
    const db0 = await openDatabase({ file, now })
    db0.prepare("INSERT INTO villages(name, created_at) VALUES ('东湖村', 'x')").run()
    const schemaBefore = schemaOf(db0)
    db0.close()
    const broken = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 1,
        name: 'broken',
        sql: 'ALTER TABLE villages ADD COLUMN code TEXT; UPDATE villages SET code = 1; SELECT * FROM no_such_table;',
      },
    ]
    await expect(
      openDatabase({ file, now, migrations: broken, backupDir: path.join(dir, 'b') }),
    ).rejects.toThrow(/no_such_table/)
    const db = await openDatabase({ file, now })
    open.push(db)
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(schemaOf(db)).toEqual(schemaBefore)
    expect(db.prepare('SELECT name FROM villages').all()).toEqual([{ name: '东湖村' }])
  })
})

describe('backups', () => {
  it('system.backup writes a verified copy that opens and holds the data', async () => {
    const dir = tempDir()
    const core = await createCore({ dataDir: dir, now })
    await ok(core, 'village.create', { name: '东湖村' })
    const r = await ok<{ file: string }>(core, 'system.backup')
    const info = await ok<{ lastBackup: { file: string } }>(core, 'system.info')
    core.close()
    expect(info.lastBackup.file).toBe(r.file)
    const copy = new Database(r.file, { readonly: true })
    open.push(copy)
    expect(copy.prepare('SELECT name FROM villages').all()).toEqual([{ name: '东湖村' }])
    expect(fs.existsSync(`${r.file}.partial`)).toBe(false)
  })

  it('takes one automatic backup per calendar day, and rotation keeps 7 daily, 4 weekly, 12 monthly', async () => {
    const dir = tempDir()
    const backups = path.join(dir, 'backups')
    const sqlite = (): string[] =>
      fs
        .readdirSync(backups)
        .filter((f) => f.endsWith('.sqlite'))
        .sort()
    const day = (n: number) => () => new Date(2026, 10, 28 + n, 9, 30, 0)
    ;(await createCore({ dataDir: dir, now: day(0), autoBackup: true })).close()
    ;(
      await createCore({ dataDir: dir, now: () => new Date(2026, 10, 28, 17, 0, 0), autoBackup: true })
    ).close()
    expect(sqlite()).toEqual(['auto-20261128-093000.sqlite'])
    // a year and a half of daily backups made by an older version (no manifests)
    for (let i = 1; i <= 540; i++) {
      const d = new Date(2026, 10, 28 - i, 9, 0, 0)
      fs.writeFileSync(path.join(backups, `auto-${stamp(d)}.sqlite`), 'x')
    }
    ;(await createCore({ dataDir: dir, now: day(1), autoBackup: true })).close()
    const kept = sqlite()
    // 7 days (29th … 23rd), then Sundays of 3 older weeks, then month ends of 12 months in all
    expect(kept.slice(-7)).toEqual(
      [23, 24, 25, 26, 27, 28, 29].map((d) => `auto-202611${d}-${d >= 28 ? '093000' : '090000'}.sqlite`),
    )
    expect(kept).toContain('auto-20261122-090000.sqlite') // newest of ISO week 47
    expect(kept).toContain('auto-20261031-090000.sqlite') // newest of October
    expect(kept).toContain('auto-20251231-090000.sqlite') // 12th month back
    expect(kept).not.toContain('auto-20251130-090000.sqlite')
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12)
    expect(kept.length).toBeGreaterThanOrEqual(12)
    // the new one is verified and recorded; the ones from the older version are listed as unknown
    const listed = listBackups(backups)
    expect(listed[0]).toMatchObject({ name: 'auto-20261129-093000.sqlite', status: 'verified' })
    expect(listed.at(-1)?.status).toBe('unknown')
  })

  it('does not leave a backup behind when verification fails', async () => {
    const dir = tempDir()
    const db = await openDatabase({ file: path.join(dir, 'a.sqlite'), now })
    open.push(db)
    const target = path.join(dir, 'b', 'copy.sqlite')
    // a nativeBinding that cannot load makes the verification step fail after the copy was made
    await expect(verifiedBackup(db, target, path.join(dir, 'missing.node'))).rejects.toThrow()
    expect(fs.existsSync(target)).toBe(false)
    expect(fs.readdirSync(path.dirname(target))).toEqual([])
  })
})
