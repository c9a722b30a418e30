import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../index'
import { FIXED_NOW, fail, ok, tempDir } from '../test/helpers'

// Two writers on one file (the desktop app and a CLI import, or two windows): the second must wait
// for the first within busy_timeout instead of failing at once, and when the wait runs out the
// clerk reads in Chinese that another program is writing.

const now = () => FIXED_NOW
const children: ChildProcess[] = []
const cores: Core[] = []
afterEach(() => {
  for (const c of children.splice(0)) c.kill()
  for (const c of cores.splice(0)) c.close()
})

/** Another process takes the write lock on `file`, says "locked", holds it for `ms`, commits. */
function holdWriteLock(file: string, ms: number): Promise<ChildProcess> {
  const script = `
    const Database = require('better-sqlite3')
    const db = new Database(${JSON.stringify(file)})
    db.pragma('busy_timeout = 5000')
    db.exec('BEGIN IMMEDIATE')
    db.prepare("INSERT INTO villages(name, created_at) VALUES ('另一个程序写入的村', 'x')").run()
    process.stdout.write('locked\\n')
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms})
    db.exec('COMMIT')
    db.close()
  `
  const child = spawn(process.execPath, ['-e', script], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve(child))
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)))
  })
}

async function fileCore(): Promise<{ core: Core; file: string }> {
  const dir = tempDir()
  const core = await createCore({ dataDir: dir, now })
  cores.push(core)
  return { core, file: path.join(dir, 'ledger.sqlite') }
}

describe('two writers on one database file', () => {
  it('a write that reads first waits for the other writer and then succeeds', async () => {
    const { core, file } = await fileCore()
    await ok(core, 'staff.list', {})
    const child = await holdWriteLock(file, 700)
    const t0 = Date.now()
    const created = await ok<{ id: number }>(core, 'staff.create', {
      name: '陈立群',
      certificateNo: '32999926001001',
    })
    const waited = Date.now() - t0
    expect(created.id).toBeGreaterThan(0)
    expect(waited).toBeGreaterThan(300)
    await new Promise((r) => child.once('exit', r))
    // both writes are there
    const names = core.ctx.db.prepare('SELECT name FROM villages').pluck().all()
    expect(names).toEqual(['另一个程序写入的村'])
  })

  it('when the other writer outlasts busy_timeout the message says so in Chinese', async () => {
    const { core, file } = await fileCore()
    core.ctx.db.pragma('busy_timeout = 200')
    await holdWriteLock(file, 3000)
    const err = await fail(core, 'staff.create', { name: '陈立群', certificateNo: '32999926001001' })
    expect(err.code).toBe('DB_BUSY')
    expect(err.message).toMatch(/另一个窗口或程序正在写入/)
    expect(err.message).toMatch(/重试/)
  })
})
