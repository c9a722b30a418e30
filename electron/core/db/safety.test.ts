import crypto from 'node:crypto'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createCore } from '../index'
import { FIXED_NOW, ok, tempDir } from '../test/helpers'
import { readManifest } from './backups'
import { openDatabase, verifiedBackup } from './open'

const now = () => FIXED_NOW
const sha = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')

/** A demo database saved as a backup: one file in DELETE journal mode, like every restored copy. */
async function deleteModeCopy(): Promise<{ dir: string; file: string }> {
  const src = tempDir()
  const core = await createCore({ dataDir: src, now })
  await ok(core, 'demo.load')
  const { file: backup } = await ok<{ file: string }>(core, 'system.backup')
  core.close()
  const dir = tempDir()
  const file = path.join(dir, 'ledger.sqlite')
  fs.copyFileSync(backup, file)
  const probe = new Database(file, { readonly: true })
  expect(probe.pragma('journal_mode', { simple: true })).toBe('delete')
  probe.close()
  return { dir, file }
}

describe('the integrity check at open changes no byte of a file it refuses', () => {
  it('a DELETE-mode copy with a damaged index page is refused and left byte for byte as it was', async () => {
    const { dir, file } = await deleteModeCopy()
    const probe = new Database(file, { readonly: true })
    const pageSize = probe.pragma('page_size', { simple: true }) as number
    const root = probe
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'enterprises_name'")
      .pluck()
      .get() as number
    probe.close()
    const bytes = fs.readFileSync(file)
    bytes.fill(0x5a, root * pageSize - 120, root * pageSize - 40)
    fs.writeFileSync(file, bytes)
    const before = sha(file)
    await expect(createCore({ dataDir: dir, now })).rejects.toMatchObject({ code: 'DB_CORRUPT' })
    expect(sha(file)).toBe(before)
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('ledger.sqlite'))).toEqual(['ledger.sqlite'])
  })

  it('randomly damaged DELETE-mode copies: every refused one is unchanged', async () => {
    const { file: pristine } = await deleteModeCopy()
    const clean = fs.readFileSync(pristine)
    let seed = 20261128
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    let refused = 0
    for (let trial = 0; trial < 24; trial++) {
      const dir = tempDir()
      const file = path.join(dir, 'ledger.sqlite')
      const bytes = Buffer.from(clean)
      // damage one run of bytes past the 100-byte header, somewhere in the file (long enough to
      // reach page headers and cell pointers, not only the text inside records)
      const at = 100 + rand(bytes.length - 1200)
      for (let i = 0; i < 1024; i++) bytes[at + i] = rand(256)
      fs.writeFileSync(file, bytes)
      const before = sha(file)
      try {
        ;(await createCore({ dataDir: dir, now })).close()
      } catch (err) {
        refused++
        expect((err as { code?: string }).code, `trial ${trial}`).toBe('DB_CORRUPT')
        expect(sha(file), `trial ${trial}`).toBe(before)
      }
    }
    expect(refused).toBeGreaterThan(0)
  })

  it('a healthy SQLite file from another program (tables, no version) is refused untouched', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'ledger.sqlite')
    const other = new Database(file)
    other.exec("CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('张三')")
    other.close()
    const before = sha(file)
    await expect(createCore({ dataDir: dir, now })).rejects.toMatchObject({
      code: 'DB_CORRUPT',
      message: expect.stringContaining('不是本程序的数据库'),
    })
    expect(sha(file)).toBe(before)
  })

  it('a healthy DELETE-mode copy opens, and only then is switched to WAL', async () => {
    const { dir, file } = await deleteModeCopy()
    const core = await createCore({ dataDir: dir, now })
    expect(core.ctx.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect((await ok<{ total: number }>(core, 'enterprise.list', {})).total).toBe(240)
    core.close()
    expect(fs.existsSync(file)).toBe(true)
  })

  it('a DELETE-mode copy whose writer was killed mid-write (hot -journal) opens with the last committed data', async () => {
    // Found by the fault suite: a restore killed while the restored copy was being switched to WAL
    // left a hot journal, and the read-only check refused the database at every start since
    // (SQLITE_READONLY_ROLLBACK, shown as 数据文件不能写入).
    const { dir, file } = await deleteModeCopy()
    const script = `
      const Database = require('better-sqlite3')
      const db = new Database(${JSON.stringify(file)})
      db.pragma('cache_size = 1') // pages spill into the file, so the journal is synced and hot
      db.exec('BEGIN')
      db.prepare("UPDATE enterprises SET notes = hex(randomblob(300))").run()
      process.kill(process.pid, 'SIGKILL')
    `
    spawnSync(process.execPath, ['-e', script], { cwd: process.cwd() })
    expect(fs.statSync(`${file}-journal`).size).toBeGreaterThan(0)
    const core = await createCore({ dataDir: dir, now })
    expect((await ok<{ total: number }>(core, 'enterprise.list', {})).total).toBe(240)
    const notes = core.ctx.db
      .prepare('SELECT count(*) FROM enterprises WHERE length(notes) = 600')
      .pluck()
      .get()
    expect(notes).toBe(0)
    expect(core.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok')
    core.close()
  })
})

describe('backups never collide', () => {
  it('two backups in the same second get two files, both verified', async () => {
    const dir = tempDir()
    const db = await openDatabase({ file: path.join(dir, 'a.sqlite'), now })
    db.exec("INSERT INTO villages(name, created_at) VALUES ('东湖村', 'x')")
    const target = path.join(dir, 'backups', 'before-import-20261128-093000.sqlite')
    const files = await Promise.all([
      verifiedBackup(db, target),
      verifiedBackup(db, target),
      verifiedBackup(db, target),
    ])
    db.close()
    expect(new Set(files).size).toBe(3)
    expect(files).toContain(target)
    for (const f of files) {
      const copy = new Database(f, { readonly: true })
      expect(copy.prepare('SELECT name FROM villages').pluck().all()).toEqual(['东湖村'])
      copy.close()
    }
    // each with its own manifest (sha256 of exactly that file)
    expect(fs.readdirSync(path.join(dir, 'backups')).sort()).toEqual(
      files.flatMap((f) => [path.basename(f), `${path.basename(f)}.json`]).sort(),
    )
    for (const f of files) expect(readManifest(f)?.sha256).toBe(sha(f))
  })

  it('leftover .partial files of interrupted backups are removed at start', async () => {
    const dir = tempDir()
    ;(await createCore({ dataDir: dir, now })).close()
    const backups = path.join(dir, 'backups')
    fs.mkdirSync(backups, { recursive: true })
    const old = new Date(2020, 0, 1)
    const legacy = path.join(backups, 'before-import-20261128-093000.sqlite.partial')
    // a process id that cannot be running (above the Linux and Windows maximum)
    const dead = path.join(backups, 'manual-20261128-093000.sqlite.99999999-ab12.partial')
    for (const f of [legacy, dead]) {
      fs.writeFileSync(f, 'x'.repeat(1000))
      fs.utimesSync(f, old, old)
    }
    const kept = path.join(backups, 'manual-20261128-093000.sqlite')
    fs.writeFileSync(kept, 'x')
    ;(await createCore({ dataDir: dir, now })).close()
    expect(fs.readdirSync(backups)).toEqual(['manual-20261128-093000.sqlite'])
  })
})
