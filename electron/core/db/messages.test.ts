import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { toPayload } from '../errors'
import { createCore } from '../index'
import { FIXED_NOW, fail, ok, tempDir } from '../test/helpers'

// Errors a clerk can meet say in Chinese what happened and what to do, instead of
// "程序内部错误：database or disk is full" or "ENOENT … mkdir".

const now = () => FIXED_NOW

describe('messages for a full disk, a read-only file or folder', () => {
  it('a full disk (SQLite cannot grow the file) says the disk is full, and nothing is half-written', async () => {
    const dir = tempDir()
    const core = await createCore({ dataDir: dir, now })
    try {
      const pages = core.ctx.db.pragma('page_count', { simple: true }) as number
      core.ctx.db.pragma(`max_page_count = ${pages + 2}`)
      const err = await fail(core, 'demo.load', {})
      expect(err.code).toBe('DISK_FULL')
      expect(err.message).toMatch(/磁盘空间已满.*数据未被修改.*清理/)
      expect(await ok<unknown[]>(core, 'village.list', {})).toEqual([])
    } finally {
      core.close()
    }
  })

  it('a write through a read-only database says the file cannot be written and what to check', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'ledger.sqlite')
    ;(await createCore({ dbFile: file, now })).close()
    const ro = new Database(file, { readonly: true })
    let error: unknown
    try {
      ro.prepare("INSERT INTO villages(name, created_at) VALUES ('东湖村', 'x')").run()
    } catch (e) {
      error = e
    } finally {
      ro.close()
    }
    expect((error as { code?: string }).code).toMatch(/^SQLITE_READONLY/)
    const p = toPayload(error)
    expect(p.code).toBe('READ_ONLY')
    expect(p.message).toMatch(/数据文件不能写入.*只读/)
  })

  it.runIf(process.platform === 'linux' && fs.existsSync('/sys/fs'))(
    'a data folder on a read-only file system is refused at start with a Chinese message, not ENOENT/EPERM',
    async () => {
      const err = await createCore({ dataDir: '/sys/fs/乡镇安全生产台账-test', now }).then(
        () => null,
        (e: unknown) => e as { code?: string; message?: string },
      )
      expect(err?.code).toBe('READ_ONLY')
      expect(err?.message).toMatch(/无法写入.*\/sys\/fs.*--data-dir/)
    },
  )

  it('system error codes map to their messages', () => {
    const sys = (code: string, extra: object = {}): Error =>
      Object.assign(new Error(code), { code, ...extra })
    expect(toPayload(sys('SQLITE_BUSY')).code).toBe('DB_BUSY')
    expect(toPayload(sys('SQLITE_BUSY_SNAPSHOT')).message).toMatch(/另一个窗口或程序正在写入/)
    expect(toPayload(sys('ENOSPC')).code).toBe('DISK_FULL')
    expect(toPayload(sys('EACCES', { path: 'D:\\台账数据\\backups', syscall: 'mkdir' })).message).toMatch(
      /无法写入“D:\\台账数据\\backups”/,
    )
    expect(toPayload(sys('ENOENT', { path: 'E:\\台账', syscall: 'mkdir' })).message).toMatch(/U盘已拔出/)
    expect(toPayload(sys('EBUSY', { path: 'ledger.sqlite' })).message).toMatch(/正被其他程序占用/)
    expect(toPayload(sys('SQLITE_CORRUPT')).code).toBe('DB_CORRUPT')
    expect(toPayload(new Error('something else')).code).toBe('INTERNAL')
  })
})
