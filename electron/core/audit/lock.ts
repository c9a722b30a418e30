import crypto from 'node:crypto'
import type { Ctx } from '../context'
import { writeTx } from '../context'
import { AppError } from '../errors'
import { writeAudit } from './audit'

// 应用锁 (optional): a password the office sets so that the program, when opened on this
// computer, shows nothing until someone picks their name and types it. Stored as a scrypt hash
// with its own salt in settings; the password itself is never stored. It guards the screens, not
// the file: whoever copies ledger.sqlite can read it (the settings page says so).

const KEY = 'appLock'
const PARAMS = { N: 16384, r: 8, p: 1 } as const
const LENGTH = 32
/** Wrong passwords in a row before the program waits before the next try. */
const MAX_TRIES = 5
const WAIT_MS = 30_000

interface Stored {
  salt: string
  hash: string
  N: number
  r: number
  p: number
}

/** Handlers a locked program still answers: what the lock screen needs, nothing that shows data. */
export const LOCK_FREE = new Set(['session.get', 'session.unlock', 'settings.get', 'system.info'])

function stored(ctx: Pick<Ctx, 'db'>): Stored | null {
  const v = ctx.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined
  if (!v) return null
  try {
    return JSON.parse(v) as Stored
  } catch {
    return null
  }
}

export function lockConfigured(ctx: Pick<Ctx, 'db'>): boolean {
  return stored(ctx) !== null
}

function hash(password: string, salt: Buffer, p: { N: number; r: number; p: number }): Buffer {
  return crypto.scryptSync(password.normalize('NFC'), salt, LENGTH, { ...p, maxmem: 64 * 1024 * 1024 })
}

function matches(ctx: Pick<Ctx, 'db'>, password: string): boolean {
  const s = stored(ctx)
  if (!s) return true
  const want = Buffer.from(s.hash, 'hex')
  const got = hash(password, Buffer.from(s.salt, 'hex'), s)
  return want.length === got.length && crypto.timingSafeEqual(want, got)
}

const failures = new WeakMap<object, { count: number; until: number }>()

/** Checks the password; unlocks and sets the operator when it is right. */
export function unlock(ctx: Ctx, operator: string, password: string): void {
  const f = failures.get(ctx) ?? { count: 0, until: 0 }
  const now = Date.now()
  if (f.until > now)
    throw new AppError(
      'LOCKED',
      `密码连续输错 ${MAX_TRIES} 次，请 ${Math.ceil((f.until - now) / 1000)} 秒后再试`,
    )
  if (!matches(ctx, password)) {
    f.count++
    if (f.count >= MAX_TRIES) {
      f.count = 0
      f.until = now + WAIT_MS
    }
    failures.set(ctx, f)
    throw new AppError('VALIDATION', '密码不正确，请重新输入（区分大小写）', {
      issues: [{ field: 'password', message: '密码不正确' }],
    })
  }
  failures.delete(ctx)
  ctx.operator = operator
  ctx.locked = false
}

/** Sets, changes (the current password is required) or removes (password null) the lock. */
export function setLock(
  ctx: Ctx,
  input: { current: string | null; password: string | null },
): { enabled: boolean } {
  if (lockConfigured(ctx) && !matches(ctx, input.current ?? ''))
    throw new AppError('VALIDATION', '当前密码不正确，应用锁没有改动', {
      issues: [{ field: 'current', message: '当前密码不正确' }],
    })
  writeTx(ctx, () => {
    if (input.password === null) ctx.db.prepare('DELETE FROM settings WHERE key = ?').run(KEY)
    else {
      const salt = crypto.randomBytes(16)
      const value: Stored = {
        salt: salt.toString('hex'),
        hash: hash(input.password, salt, PARAMS).toString('hex'),
        ...PARAMS,
      }
      ctx.db
        .prepare(
          'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
        )
        .run(KEY, JSON.stringify(value))
    }
    writeAudit(ctx, {
      action: 'update',
      ledger: 'data',
      recordName: '应用锁',
      note: input.password === null ? '取消应用锁' : '设置或更改应用锁密码',
    })
  })
  return { enabled: input.password !== null }
}
