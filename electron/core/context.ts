import type { z } from 'zod'
import type { Db } from './db/open'
import type { Logger } from './log'
import { chinaDateTime } from './shared/dates'

export interface Ctx {
  db: Db
  now: () => Date
  /** null for an in-memory or dbFile-only core (tests). */
  dataDir: string | null
  dbFile: string
  nativeBinding?: string
  appVersion: string
  log: Logger
  /** Built worker script that parses untrusted Excel files off the main thread. */
  excelWorkerFile?: string
  /**
   * Who is working (chosen from 本单位人员 at start; the CLI says 命令行): every audit entry names
   * them. Mutable: the clerk can switch operator without restarting.
   */
  operator?: string
  /** 应用锁: while true, dispatch answers only what the lock screen needs (audit/lock.ts). */
  locked?: boolean
}

export interface Handler<S extends z.ZodType = z.ZodType, R = unknown> {
  input: S
  run: (ctx: Ctx, input: z.output<S>) => R | Promise<R>
}

export function handler<S extends z.ZodType, R>(
  input: S,
  run: (ctx: Ctx, input: z.output<S>) => R | Promise<R>,
): Handler<S, R> {
  return { input, run }
}

/**
 * Beijing wall-clock timestamp without timezone suffix, as shown in tables (2026-11-28 09:30:00).
 * China time whatever the PC's time zone says: a record made at 07:30 Beijing time on a PC set to
 * UTC is dated that day, as the office's paper records are.
 */
export function isoNow(ctx: Pick<Ctx, 'now'>): string {
  return chinaDateTime(ctx.now())
}

/** Today's date in China, 'YYYY-MM-DD'. */
export function chinaToday(ctx: Pick<Ctx, 'now'>): string {
  return isoNow(ctx).slice(0, 10)
}

/** This year in China (on 1 January before 08:00 Beijing time a UTC clock still says last year). */
export function chinaYear(ctx: Pick<Ctx, 'now'>): number {
  return Number(isoNow(ctx).slice(0, 4))
}

/**
 * Runs fn in one write transaction that takes the write lock at BEGIN (BEGIN IMMEDIATE). A deferred
 * transaction that reads first and then writes cannot wait for another writer (SQLite returns
 * SQLITE_BUSY at once to avoid a deadlock), so every transaction that may write goes through here
 * and waits out busy_timeout instead. Nested calls become savepoints, as with db.transaction.
 * When the wait runs out, the SQLITE_BUSY error becomes a Chinese DB_BUSY message (errors.ts).
 */
export function writeTx<T>(ctx: Pick<Ctx, 'db'>, fn: () => T): T {
  return ctx.db.transaction(fn).immediate()
}
