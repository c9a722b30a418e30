import path from 'node:path'
import { version as appVersion } from '../../package.json'
import type { Ctx } from './context'
import { checkpoint } from './db/checkpoint'
import { openDatabase, removeStalePartials, type Db } from './db/open'
import { quarantine } from './db/restore'
import { LEDGER_REPOS } from './ledgers'
import { lockConfigured } from './audit/lock'
import { ensureCatalog } from './chemicals/catalog'
import { createDispatch, type Dispatch } from './dispatch'
import { AppError } from './errors'
import { createLogger, type Logger } from './log'
import { autoBackup } from './system/backups'
import { withHooks } from './system/hooks'

export interface CoreOptions {
  /** Data directory: holds ledger.sqlite, backups/ and logs/. */
  dataDir?: string
  /** Alternatively a database file (or ':memory:') without a data directory (tests). */
  dbFile?: string
  now?: () => Date
  /** better-sqlite3 addon built for the host runtime (Electron ABI vs Node ABI). */
  nativeBinding?: string
  /** out/main/excel-worker.js in built entries; absent in unit tests (parse in-process). */
  excelWorkerFile?: string
  /**
   * The daily scheduled backup: checked at start and every hour while the core runs (desktop,
   * browser mode).
   */
  autoBackup?: boolean
  /**
   * A damaged database at start is moved to quarantine/<time>/ with its -wal/-shm and an empty one
   * opened, so the 备份与恢复 page can offer the newest verified backup. Defaults to autoBackup: the
   * long-running app and browser mode do this; one-shot CLI commands refuse the file instead.
   */
  quarantineDamaged?: boolean
  /** Idle time before the WAL is checkpointed into ledger.sqlite (3 s). */
  idleCheckpointMs?: number
  /** The operator named in the audit trail until one is chosen (the CLI: 命令行). */
  operator?: string
  /**
   * The desktop app and browser mode start locked when the office has set an 应用锁 password;
   * one-shot CLI commands do not (they are run by whoever has the data folder anyway).
   */
  appLock?: boolean
}

export interface Core {
  dispatch: Dispatch
  close(): void
  readonly ctx: Ctx
}

export const DB_FILE_NAME = 'ledger.sqlite'

/** Boots the Electron-free core. Nothing happens at import time; everything starts here. */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const now = opts.now ?? (() => new Date())
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : null
  const dbFile = dataDir ? path.join(dataDir, DB_FILE_NAME) : opts.dbFile
  if (!dbFile) throw new Error('createCore needs dataDir or dbFile')
  const log = createLogger(dataDir, now)
  // an interrupted restore or data copy leaves its staged file beside ledger.sqlite
  if (dataDir) removeStalePartials(dataDir)
  const db = await openOrQuarantine(opts, { dataDir, dbFile, now, log })
  const ctx: Ctx = {
    db,
    now,
    dataDir,
    dbFile,
    nativeBinding: opts.nativeBinding,
    appVersion,
    log,
    excelWorkerFile: opts.excelWorkerFile,
    operator: opts.operator,
  }
  // Derived columns SQL cannot compute (pinyin sort keys) for rows a migration or an older
  // program left without them.
  for (const repo of LEDGER_REPOS) repo.backfill(ctx)
  // The chemical catalogue ships with the program: rows a database lacks are loaded now.
  ensureCatalog(ctx)
  if (opts.appLock && lockConfigured(ctx)) ctx.locked = true
  if (opts.autoBackup) await autoBackup(ctx)
  const hourly = opts.autoBackup ? setInterval(() => void autoBackup(ctx), 3600_000) : null
  hourly?.unref()
  const hooks = withHooks(ctx, createDispatch(ctx), { idleCheckpointMs: opts.idleCheckpointMs })
  let closed = false
  return {
    ctx,
    dispatch: hooks.dispatch,
    close() {
      if (closed) return
      closed = true
      hooks.stop()
      if (hourly) clearInterval(hourly)
      // ledger.sqlite alone holds everything once the program has closed (SQLite also does this
      // when the last connection closes; explicit, so it holds with a CLI still attached)
      checkpoint(ctx.db)
      ctx.db.close()
    },
  }
}

async function openOrQuarantine(
  opts: CoreOptions,
  at: { dataDir: string | null; dbFile: string; now: () => Date; log: Logger },
): Promise<Db> {
  const open = (): Promise<Db> =>
    openDatabase({
      file: at.dbFile,
      backupDir: at.dataDir ? path.join(at.dataDir, 'backups') : undefined,
      nativeBinding: opts.nativeBinding,
      now: at.now,
      log: (l) => at.log.info(l),
    })
  try {
    return await open()
  } catch (err) {
    const quarantineOn = opts.quarantineDamaged ?? opts.autoBackup === true
    if (!(err instanceof AppError && err.code === 'DB_CORRUPT') || !quarantineOn || !at.dataDir) throw err
    const details = err.details as { problems?: string[] } | undefined
    const incident = quarantine(at.dataDir, at.dbFile, at.now(), {
      reason: err.message,
      problems: details?.problems,
    })
    at.log.error(`damaged database moved to ${incident.dir}; starting with an empty one`, err)
    return open()
  }
}

export { AppError } from './errors'
export type { Result, Dispatch } from './dispatch'
export type { Api, ApiName } from './contract'
