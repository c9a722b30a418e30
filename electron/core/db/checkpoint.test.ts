import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createCore } from '../index'
import { FIXED_NOW, ok, tempDir } from '../test/helpers'

const now = () => FIXED_NOW

/** What a clerk carries away when copying ledger.sqlite alone to a USB disk (null: not even the tables). */
function villagesInLoneCopy(dataDir: string): string[] | null {
  const dir = tempDir('ledger-usb-')
  const copy = path.join(dir, 'ledger.sqlite')
  fs.copyFileSync(path.join(dataDir, 'ledger.sqlite'), copy)
  const db = new Database(copy, { readonly: true })
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'villages'").get()
    return has ? (db.prepare('SELECT name FROM villages ORDER BY name').pluck().all() as string[]) : null
  } finally {
    db.close()
  }
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not reached')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('ledger.sqlite alone holds the data', () => {
  it('while the program runs, after an idle moment the WAL is folded back into the main file', async () => {
    const dir = tempDir()
    const core = await createCore({ dataDir: dir, now, idleCheckpointMs: 50 })
    const wal = path.join(dir, 'ledger.sqlite-wal')
    for (const name of ['东湖村', '西岭村', '南山村']) await ok(core, 'village.create', { name })
    // the commits sit in the WAL until the checkpoint (the problem this fixes)
    expect(fs.statSync(wal).size).toBeGreaterThan(0)
    await waitFor(() => fs.statSync(wal).size === 0)
    expect(villagesInLoneCopy(dir)).toEqual(['东湖村', '南山村', '西岭村'])
    core.close()
  })

  it('with a long idle delay nothing is folded back early, and close() does it', async () => {
    const dir = tempDir()
    const core = await createCore({ dataDir: dir, now, idleCheckpointMs: 60_000 })
    await ok(core, 'village.create', { name: '东湖村' })
    await new Promise((r) => setTimeout(r, 100))
    // a fresh database: even its tables are still in the WAL
    expect(villagesInLoneCopy(dir)).toBeNull()
    // a second connection (the CLI) keeps SQLite from cleaning up on the last close: close() must do it
    const other = new Database(path.join(dir, 'ledger.sqlite'), { readonly: true })
    other.prepare('SELECT count(*) FROM villages').get()
    core.close()
    expect(fs.statSync(path.join(dir, 'ledger.sqlite-wal')).size).toBe(0)
    other.close()
    expect(villagesInLoneCopy(dir)).toEqual(['东湖村'])
  })

  it('a reader in another process holding a snapshot does not block the program; the next idle moment retries', async () => {
    const dir = tempDir()
    const core = await createCore({ dataDir: dir, now, idleCheckpointMs: 30 })
    await ok(core, 'village.create', { name: '东湖村' })
    const reader = new Database(path.join(dir, 'ledger.sqlite'), { readonly: true })
    reader.exec('BEGIN')
    reader.prepare('SELECT count(*) FROM villages').get()
    await ok(core, 'village.create', { name: '西岭村' })
    const t0 = Date.now()
    await new Promise((r) => setTimeout(r, 200))
    // calls still answer at once while the checkpoint cannot finish
    await ok(core, 'village.list')
    expect(Date.now() - t0).toBeLessThan(2000)
    reader.exec('COMMIT')
    reader.close()
    await waitFor(() => fs.statSync(path.join(dir, 'ledger.sqlite-wal')).size === 0)
    expect(villagesInLoneCopy(dir)).toEqual(['东湖村', '西岭村'])
    core.close()
  })
})
