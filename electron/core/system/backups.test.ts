import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../index'
import { listBackups, type BackupEntry } from '../db/backups'
import { MIGRATIONS, SCHEMA_VERSION } from '../db/migrations'
import { openDatabase } from '../db/open'
import { fail, FIXED_NOW, ok, tempDir } from '../test/helpers'
import { restoreDatabase, type BackupStatus, type RestoreResult } from './backups'

const now = () => FIXED_NOW
const cores: Core[] = []
afterEach(() => {
  while (cores.length) cores.pop()?.close()
})

async function core(dir: string, extra: Parameters<typeof createCore>[0] = {}): Promise<Core> {
  const c = await createCore({ dataDir: dir, now, ...extra })
  cores.push(c)
  return c
}

const sha = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')

async function villages(c: Core): Promise<string[]> {
  return (await ok<{ name: string }[]>(c, 'village.list')).map((v) => v.name).sort()
}

async function backups(c: Core): Promise<BackupEntry[]> {
  return (await ok<BackupStatus>(c, 'backup.list')).backups
}

/** The data directory's files that are not backups: what a refused restore must leave alone. */
function dataDirNames(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f !== 'logs')
    .sort()
}

/** A copy of `file` with bytes of the enterprises name index smashed (ordinary queries still work). */
function damagedCopy(file: string, to: string): string {
  const probe = new Database(file, { readonly: true })
  const pageSize = probe.pragma('page_size', { simple: true }) as number
  const root = probe
    .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'enterprises_name'")
    .pluck()
    .get() as number
  probe.close()
  const bytes = fs.readFileSync(file)
  bytes.fill(0x5a, root * pageSize - 120, root * pageSize - 40)
  fs.writeFileSync(to, bytes)
  return to
}

describe('backups: verified, recorded, listed', () => {
  it('立即备份 writes a verified copy with its sha256, listed with its kind in Chinese', async () => {
    const dir = tempDir()
    const c = await core(dir)
    await ok(c, 'village.create', { name: '东湖村' })
    const e = await ok<BackupEntry>(c, 'backup.create')
    expect(e).toMatchObject({
      kind: 'manual',
      kindLabel: '手动备份',
      status: 'verified',
      at: '2026-11-28 09:30:00',
    })
    expect(e.sha256).toBe(sha(e.file))
    expect(e.size).toBe(fs.statSync(e.file).size)
    expect((await backups(c)).map((b) => b.name)).toEqual([e.name])
    // a backup altered afterwards is listed as such and not trusted
    fs.appendFileSync(e.file, 'x')
    expect((await backups(c))[0]?.status).toBe('mismatch')
  })

  it('undoing an import and deleting several records at once are preceded by a verified backup', async () => {
    const dir = tempDir()
    const c = await core(dir)
    await ok(c, 'demo.load')
    const ids = (await ok<{ rows: { id: number }[] }>(c, 'enterprise.list', { pageSize: 3 })).rows.map(
      (r) => r.id,
    )
    await ok(c, 'enterprise.remove', { ids: ids.slice(0, 1) })
    expect(await backups(c)).toEqual([])
    // an invalid call is refused without a backup
    await fail(c, 'enterprise.remove', { ids: [0, -1] })
    expect(await backups(c)).toEqual([])
    await ok(c, 'enterprise.remove', { ids: ids.slice(1, 3) })
    const list = await backups(c)
    expect(list.map((b) => [b.kind, b.kindLabel, b.status])).toEqual([
      ['before-delete', '批量删除前', 'verified'],
    ])
    // the backup holds the two records as they were before the delete
    const copy = new Database((list[0] as BackupEntry).file, { readonly: true })
    const alive = copy
      .prepare(`SELECT count(*) FROM enterprises WHERE id IN (${ids[1]}, ${ids[2]}) AND deleted_at IS NULL`)
      .pluck()
      .get()
    copy.close()
    expect(alive).toBe(2)
    await fail(c, 'excel.undoImport', { batchId: 999 })
    expect((await backups(c)).map((b) => b.kind)).toEqual(['before-undo', 'before-delete'])
  })

  it('a backup that cannot be written stops the bulk delete, with a Chinese reason', async () => {
    const dir = tempDir()
    const c = await core(dir)
    await ok(c, 'demo.load')
    const ids = (await ok<{ rows: { id: number }[] }>(c, 'enterprise.list', { pageSize: 2 })).rows.map(
      (r) => r.id,
    )
    // backups/ is a file: the copy cannot be made
    fs.writeFileSync(path.join(dir, 'backups'), 'not a folder')
    const err = await fail(c, 'enterprise.remove', { ids })
    expect(err.message).toMatch(/^操作前的备份没有完成，本次操作没有执行，数据未被修改。/)
    expect((await ok<{ total: number }>(c, 'enterprise.list', { deleted: true })).total).toBe(0)
  })
})

describe('导出数据副本', () => {
  it('is one self-contained, verified file that opens on another PC with all the data', async () => {
    const dir = tempDir()
    const c = await core(dir, { idleCheckpointMs: 60_000 })
    await ok(c, 'demo.load')
    const r = await ok<{ fileName: string; base64: string; sha256: string; size: number }>(
      c,
      'backup.exportCopy',
    )
    expect(r.fileName).toBe('乡镇安全生产台账-数据副本-20261128-093000.sqlite')
    const bytes = Buffer.from(r.base64, 'base64')
    expect(bytes.length).toBe(r.size)
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(r.sha256)
    const usb = path.join(tempDir('ledger-usb-'), r.fileName)
    fs.writeFileSync(usb, bytes)
    const copy = new Database(usb, { readonly: true })
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
    expect(copy.prepare('SELECT count(*) FROM enterprises').pluck().get()).toBe(240)
    copy.close()
    // and it restores
    const other = await core(tempDir())
    await ok(other, 'backup.restoreFile', { fileName: r.fileName, base64: r.base64 })
    expect((await ok<{ total: number }>(other, 'enterprise.list', {})).total).toBe(240)
  })
})

describe('导出数据副本 and the stored files', () => {
  it('says how many photos, PDFs and attachments stay in the data folder, and where', async () => {
    const dir = tempDir()
    const c = await core(dir)
    const { record } = await ok<{ record: { id: number } }>(c, 'activity.create', {
      data: { type: 'meeting', date: '2026-03-05', title: '一季度安全生产工作会议', participants: 12 },
    })
    const none = await ok<{ files: { count: number } }>(c, 'backup.exportCopy')
    expect(none.files.count).toBe(0)
    const minutes = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n')
    await ok(c, 'attachment.add', {
      ledger: 'activity',
      recordId: record.id,
      fileName: '会议纪要.pdf',
      base64: minutes.toString('base64'),
    })
    const r = await ok<{ files: { count: number; bytes: number; dir: string } }>(c, 'backup.exportCopy')
    expect(r.files).toEqual({ count: 1, bytes: minutes.length, dir: path.join(dir, 'attachments') })
  })
})

describe('restore', () => {
  it('from a listed backup: the current data is kept as a backup first, and the same core sees the restored data', async () => {
    const dir = tempDir()
    const c = await core(dir)
    await ok(c, 'village.create', { name: '东湖村' })
    const b = await ok<BackupEntry>(c, 'backup.create')
    await ok(c, 'village.create', { name: '西岭村' })
    const r = await ok<RestoreResult>(c, 'backup.restore', { name: b.name })
    expect(r).toMatchObject({ schemaVersion: SCHEMA_VERSION, quarantined: null })
    expect(await villages(c)).toEqual(['东湖村'])
    // the data as it was just before is a verified before-restore backup, and restores back
    const list = await backups(c)
    const before = list.find((e) => e.kind === 'before-restore') as BackupEntry
    expect(before).toMatchObject({ kindLabel: '恢复前', status: 'verified', file: r.before })
    await ok(c, 'backup.restore', { name: before.name })
    expect(await villages(c)).toEqual(['东湖村', '西岭村'])
    // writes after a restore go to the restored file and survive a restart
    await ok(c, 'village.create', { name: '南山村' })
    c.close()
    const again = await core(dir)
    expect(await villages(again)).toEqual(['东湖村', '南山村', '西岭村'])
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([])
  })

  it('a damaged file is refused and nothing changes: data, data folder and backups', async () => {
    const dir = tempDir()
    const c = await core(dir)
    await ok(c, 'demo.load')
    const good = await ok<BackupEntry>(c, 'backup.create')
    const before = { names: dataDirNames(dir), backups: await backups(c) }
    const bad = damagedCopy(good.file, path.join(tempDir(), '坏的备份.sqlite'))
    const badSha = sha(bad)
    const cases: { fileName: string; bytes: Buffer }[] = [
      { fileName: '坏的备份.sqlite', bytes: fs.readFileSync(bad) },
      { fileName: '随便一个文件.sqlite', bytes: Buffer.from('这不是数据库'.repeat(200)) },
      { fileName: '截断.sqlite', bytes: fs.readFileSync(good.file).subarray(0, 8192) },
    ]
    for (const k of cases) {
      const err = await fail(c, 'backup.restoreFile', {
        fileName: k.fileName,
        base64: k.bytes.toString('base64'),
      })
      expect(err.code, k.fileName).toBe('DB_CORRUPT')
      expect(err.message).toContain(
        `“${k.fileName}”已损坏或不是本程序的数据文件，没有恢复，现有数据没有任何改动`,
      )
    }
    expect(sha(bad)).toBe(badSha)
    expect(dataDirNames(dir)).toEqual(before.names)
    expect(await backups(c)).toEqual(before.backups)
    expect((await ok<{ total: number }>(c, 'enterprise.list', {})).total).toBe(240)
  })

  it('a listed backup whose bytes no longer match its recorded sha256 is refused', async () => {
    const dir = tempDir()
    const c = await core(dir)
    await ok(c, 'village.create', { name: '东湖村' })
    const b = await ok<BackupEntry>(c, 'backup.create')
    await ok(c, 'village.create', { name: '西岭村' })
    // flip one byte in unused space: SQLite's checks would still pass, the hash does not
    const bytes = fs.readFileSync(b.file)
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff
    fs.writeFileSync(b.file, bytes)
    const err = await fail(c, 'backup.restore', { name: b.name })
    expect(err.message).toMatch(/与备份时登记的校验值（sha256）不一致/)
    expect(await villages(c)).toEqual(['东湖村', '西岭村'])
    expect((await backups(c)).map((e) => e.kind)).toEqual(['manual'])
  })

  it('a file from a newer version is refused; a file from an older version is migrated and restored', async () => {
    const dir = tempDir()
    const c = await core(dir)
    await ok(c, 'village.create', { name: '现有村' })
    const src = tempDir()
    const newer = path.join(src, 'newer.sqlite')
    const db = await openDatabase({ file: newer, now })
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    const err = await fail(c, 'backup.restoreFile', {
      fileName: 'newer.sqlite',
      base64: fs.readFileSync(newer).toString('base64'),
    })
    expect(err.code).toBe('DB_TOO_NEW')
    expect(err.message).toContain(`数据版本 ${SCHEMA_VERSION + 1}，本程序支持到 ${SCHEMA_VERSION}`)
    expect(await villages(c)).toEqual(['现有村'])
    expect(await backups(c)).toEqual([])

    const older = path.join(src, 'older.sqlite')
    const old = await openDatabase({ file: older, now, migrations: MIGRATIONS.slice(0, 2) })
    old.prepare("INSERT INTO villages(name, created_at) VALUES ('老版本村', '2025-01-01')").run()
    old.close()
    const olderSha = sha(older)
    const r = await ok<RestoreResult>(c, 'backup.restoreFile', {
      fileName: 'older.sqlite',
      base64: fs.readFileSync(older).toString('base64'),
    })
    expect(r.schemaVersion).toBe(2)
    expect(await villages(c)).toEqual(['老版本村'])
    expect(c.ctx.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(sha(older)).toBe(olderSha)
  })

  it('a chosen ledger.sqlite with its -wal beside it (a data folder copied whole) restores with what was in the WAL', async () => {
    const srcDir = tempDir()
    const src = await core(srcDir, { idleCheckpointMs: 60_000 })
    for (const name of ['东湖村', '西岭村']) await ok(src, 'village.create', { name })
    // copied while the other program runs: the villages are still in the -wal
    const copied = tempDir('ledger-usb-')
    for (const f of ['ledger.sqlite', 'ledger.sqlite-wal'])
      fs.copyFileSync(path.join(srcDir, f), path.join(copied, f))
    expect(fs.statSync(path.join(copied, 'ledger.sqlite-wal')).size).toBeGreaterThan(0)
    const c = await core(tempDir())
    await restoreDatabase(c.ctx, { file: path.join(copied, 'ledger.sqlite'), label: 'ledger.sqlite' })
    expect(await villages(c)).toEqual(['东湖村', '西岭村'])
    c.close()
    // and the restored file holds them by itself
    const alone = new Database(c.ctx.dbFile, { readonly: true })
    expect(alone.prepare('SELECT count(*) FROM villages').pluck().get()).toBe(2)
    alone.close()
  })

  it('is refused while another program has the database open, and the data stays as it was', async () => {
    const dir = tempDir()
    const c = await core(dir)
    await ok(c, 'village.create', { name: '东湖村' })
    const b = await ok<BackupEntry>(c, 'backup.create')
    await ok(c, 'village.create', { name: '西岭村' })
    const cli = new Database(path.join(dir, 'ledger.sqlite'))
    cli.prepare('SELECT count(*) FROM villages').get()
    const err = await fail(c, 'backup.restore', { name: b.name })
    cli.close()
    expect(err).toMatchObject({ code: 'DB_BUSY' })
    expect(err.message).toContain('请关闭其他打开本台账的窗口或命令行程序后再恢复')
    expect(await villages(c)).toEqual(['东湖村', '西岭村'])
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([])
  })

  it('calls that arrive during a restore wait for it and then see the restored data', async () => {
    const dir = tempDir()
    const c = await core(dir)
    await ok(c, 'village.create', { name: '东湖村' })
    const b = await ok<BackupEntry>(c, 'backup.create')
    await ok(c, 'village.create', { name: '西岭村' })
    const restoring = c.dispatch('backup.restore', { name: b.name })
    const during = c.dispatch('village.list', {})
    const written = c.dispatch('village.create', { name: '南山村' })
    expect((await restoring).ok).toBe(true)
    const listed = await during
    expect(listed.ok && (listed.data as { name: string }[]).map((v) => v.name)).toEqual(['东湖村'])
    expect((await written).ok).toBe(true)
    expect(await villages(c)).toEqual(['东湖村', '南山村'])
  })

  it('is refused while an import is being written, which then completes on the data it was checked against', async () => {
    const dir = tempDir()
    const c = await core(dir)
    await ok(c, 'village.create', { name: '东湖村' })
    const b = await ok<BackupEntry>(c, 'backup.create')
    const fixture = path.resolve(__dirname, '../../../tests/fixtures/ledgers/01-enterprises.xlsx')
    const started = await ok<{ jobId: string }>(c, 'excel.startPreview', {
      ledger: 'enterprises',
      fileName: '01-enterprises.xlsx',
      base64: fs.readFileSync(fixture).toString('base64'),
    })
    const job = async (jobId: string): Promise<{ importId?: string; inserted?: number }> => {
      for (;;) {
        const j = await ok<{ state: string; result?: { importId?: string; inserted?: number } }>(
          c,
          'job.get',
          {
            jobId,
          },
        )
        if (j.state !== 'running') return j.result ?? {}
        await new Promise((r) => setTimeout(r, 5))
      }
    }
    const { importId } = await job(started.jobId)
    const commit = await ok<{ jobId: string }>(c, 'excel.commitImport', { importId })
    // the commit job is now taking its before-import backup, outside any call
    const err = await fail(c, 'backup.restore', { name: b.name })
    expect(err).toMatchObject({ code: 'DB_BUSY' })
    expect(err.message).toContain('请等导入或导出完成后再恢复')
    const r = await job(commit.jobId)
    expect(r.inserted).toBeGreaterThan(0)
    expect((await ok<{ total: number }>(c, 'enterprise.list', {})).total).toBe(r.inserted)
    // afterwards the restore goes ahead
    await ok(c, 'backup.restore', { name: b.name })
    expect((await ok<{ total: number }>(c, 'enterprise.list', {})).total).toBe(0)
  })

  it('a current database too damaged to back up is moved to quarantine, never deleted', async () => {
    const dir = tempDir()
    const c = await core(dir)
    await ok(c, 'demo.load')
    const good = await ok<BackupEntry>(c, 'backup.create')
    c.close()
    const file = path.join(dir, 'ledger.sqlite')
    damagedCopy(file, file)
    const damagedSha = sha(file)
    // opened without the start-up check (as if the damage happened while running)
    const c2 = await core(tempDir())
    c2.ctx.db.close()
    c2.ctx.db = new Database(file)
    Object.assign(c2.ctx, { dataDir: dir, dbFile: file })
    const r = await ok<RestoreResult>(c2, 'backup.restore', { name: good.name })
    expect(r.before).toBeNull()
    expect(r.quarantined).toMatch(/quarantine/)
    expect(sha(path.join(r.quarantined as string, 'ledger.sqlite'))).toBe(damagedSha)
    expect((await ok<{ total: number }>(c2, 'enterprise.list', {})).total).toBe(240)
  })
})

describe('a damaged database at start', () => {
  it('is moved with its -wal/-shm into quarantine, explained, and the newest verified backup offered', async () => {
    const dir = tempDir()
    const c = await core(dir)
    await ok(c, 'demo.load')
    await ok(c, 'backup.create')
    c.close()
    const file = path.join(dir, 'ledger.sqlite')
    damagedCopy(file, file)
    const damagedSha = sha(file)
    fs.writeFileSync(`${file}-wal`, '')
    fs.writeFileSync(`${file}-shm`, '')
    // the one-shot CLI refuses it and changes nothing
    await expect(createCore({ dataDir: dir, now })).rejects.toMatchObject({ code: 'DB_CORRUPT' })
    expect(sha(file)).toBe(damagedSha)
    // the app (autoBackup) moves it aside and starts on an empty database
    const app = await core(dir, { autoBackup: true })
    const status = await ok<BackupStatus>(app, 'backup.list')
    const incident = status.incident as NonNullable<BackupStatus['incident']>
    expect(incident).toMatchObject({ id: '20261128-093000', handled: false })
    expect(fs.readdirSync(incident.dir).sort()).toEqual([
      'incident.json',
      'ledger.sqlite',
      'ledger.sqlite-shm',
      'ledger.sqlite-wal',
      '说明.txt',
    ])
    expect(sha(path.join(incident.dir, 'ledger.sqlite'))).toBe(damagedSha)
    expect(fs.readFileSync(path.join(incident.dir, '说明.txt'), 'utf8')).toContain('没有删除，也没有修改')
    expect(incident.offer).toMatchObject({ kind: 'manual', status: 'verified' })
    expect((await ok<{ total: number }>(app, 'enterprise.list', {})).total).toBe(0)
    // restoring the offer brings the data back and closes the incident
    await ok(app, 'backup.restore', { name: incident.offer?.name })
    expect((await ok<{ total: number }>(app, 'enterprise.list', {})).total).toBe(240)
    expect((await ok<BackupStatus>(app, 'backup.list')).incident).toBeNull()
  })

  it('the notice can be dismissed; with no backup at all none is offered', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'ledger.sqlite'), Buffer.alloc(8192, 7))
    const app = await core(dir, { autoBackup: true })
    const status = await ok<BackupStatus>(app, 'backup.list')
    expect(status.incident?.offer).toBeNull()
    // the start-up backup of the new empty database is not offered in place of the damaged data
    expect(status.backups.map((b) => b.kind)).toEqual(['auto'])
    await ok(app, 'backup.dismissIncident', { id: status.incident?.id })
    expect((await ok<BackupStatus>(app, 'backup.list')).incident).toBeNull()
  })
})

describe('listing', () => {
  it('only names in backups/ that follow our naming can be restored (no path escapes)', async () => {
    const dir = tempDir()
    const c = await core(dir)
    for (const name of ['../ledger.sqlite', '/etc/passwd', 'manual-20261128-093000.sqlite'])
      expect((await fail(c, 'backup.restore', { name })).code).toBe('NOT_FOUND')
    expect(listBackups(path.join(dir, 'backups'))).toEqual([])
  })
})
