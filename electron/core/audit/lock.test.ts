import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../index'
import { fail, ok, tempDir } from '../test/helpers'

// 应用锁 through the real core: a data folder with a password opens locked in the app and browser
// mode, answers only the lock screen's calls, and unlocks with the right password only.

let core: Core | null = null
afterEach(() => {
  core?.close()
  core = null
})

async function lockedFolder(password: string): Promise<string> {
  const dir = tempDir()
  const c = await createCore({ dataDir: dir })
  await ok(c, 'staff.create', { name: '王晓明', certificateNo: null, active: true })
  await ok(c, 'settings.setAppLock', { current: null, password })
  c.close()
  return dir
}

describe('应用锁', () => {
  it('opens locked: data calls are refused, the lock screen’s calls answered', async () => {
    const dir = await lockedFolder('qh-2026!')
    core = await createCore({ dataDir: dir, appLock: true })
    const refused = await fail(core, 'enterprise.list', {})
    expect(refused.code).toBe('LOCKED')
    expect(refused.message).toContain('程序已锁定')
    expect(await ok(core, 'session.get', {})).toMatchObject({
      locked: true,
      lockEnabled: true,
      operators: ['王晓明'],
    })
  })

  it('unlocks with the right password only, and names who unlocked in later entries', async () => {
    const dir = await lockedFolder('qh-2026!')
    core = await createCore({ dataDir: dir, appLock: true })
    const wrong = await fail(core, 'session.unlock', { operator: '王晓明', password: 'QH-2026!' })
    expect(wrong.message).toContain('密码不正确')
    expect((await fail(core, 'village.list', {})).code).toBe('LOCKED')
    await ok(core, 'session.unlock', { operator: '王晓明', password: 'qh-2026!' })
    const v = await ok<{ id: number }>(core, 'village.create', { name: '东湖村' })
    await ok(core, 'enterprise.create', { data: { name: '解锁后企业有限公司', villageId: v.id } })
    const trail = await ok<{ rows: { operator: string; recordName: string }[] }>(core, 'audit.list', {
      ledger: 'enterprise',
    })
    expect(trail.rows.map((e) => [e.operator, e.recordName])).toEqual([['王晓明', '解锁后企业有限公司']])
    expect((await ok<{ operator: string }>(core, 'session.get', {})).operator).toBe('王晓明')
  })

  it('makes the clerk wait after five wrong passwords in a row, even for the right one', async () => {
    const dir = await lockedFolder('qh-2026!')
    core = await createCore({ dataDir: dir, appLock: true })
    for (let i = 0; i < 5; i++) await fail(core, 'session.unlock', { operator: '王晓明', password: `x${i}` })
    const wait = await fail(core, 'session.unlock', { operator: '王晓明', password: 'qh-2026!' })
    expect(wait.message).toMatch(/连续输错 5 次，请 \d+ 秒后再试/)
    expect((await ok<{ locked: boolean }>(core, 'session.get', {})).locked).toBe(true)
  })

  it('stores no password, only a salted scrypt hash; changing or removing it needs the current one', async () => {
    const dir = await lockedFolder('qh-2026!')
    const bytes = fs.readFileSync(path.join(dir, 'ledger.sqlite'))
    expect(bytes.includes(Buffer.from('qh-2026!'))).toBe(false)
    core = await createCore({ dataDir: dir })
    // a one-shot command (no appLock) is not locked
    expect((await ok<{ locked: boolean }>(core, 'session.get', {})).locked).toBe(false)
    const stored = core.ctx.db
      .prepare("SELECT value FROM settings WHERE key = 'appLock'")
      .pluck()
      .get() as string
    expect(JSON.parse(stored)).toMatchObject({ salt: expect.stringMatching(/^[0-9a-f]{32}$/), N: 16384 })
    const refused = await fail(core, 'settings.setAppLock', { current: 'guess', password: null })
    expect(refused.message).toContain('当前密码不正确')
    expect((await fail(core, 'settings.setAppLock', { current: 'qh-2026!', password: '123' })).message).toBe(
      '密码至少6位',
    )
    await ok(core, 'settings.setAppLock', { current: 'qh-2026!', password: null })
    core.close()
    core = await createCore({ dataDir: dir, appLock: true })
    expect((await ok<{ locked: boolean }>(core, 'session.get', {})).locked).toBe(false)
  })
})
