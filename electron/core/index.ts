import path from 'node:path'
import { version as appVersion } from '../../package.json'
import type { Ctx } from './context'
import { openDatabase } from './db/open'
import { LEDGER_REPOS } from './ledgers'
import { createDispatch, type Dispatch } from './dispatch'
import { createLogger } from './log'
import { autoBackup } from './system/handlers'

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
  /** Take a verified backup at start when the newest one is older than a day (desktop, browser mode). */
  autoBackup?: boolean
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
  const db = await openDatabase({
    file: dbFile,
    backupDir: dataDir ? path.join(dataDir, 'backups') : undefined,
    nativeBinding: opts.nativeBinding,
    now,
    log: (l) => log.info(l),
  })
  const ctx: Ctx = {
    db,
    now,
    dataDir,
    dbFile,
    nativeBinding: opts.nativeBinding,
    appVersion,
    log,
    excelWorkerFile: opts.excelWorkerFile,
  }
  // Derived columns SQL cannot compute (pinyin sort keys) for rows a migration or an older
  // program left without them.
  for (const repo of LEDGER_REPOS) repo.backfill(ctx)
  if (opts.autoBackup) await autoBackup(ctx)
  let closed = false
  return {
    ctx,
    dispatch: createDispatch(ctx),
    close() {
      if (closed) return
      closed = true
      db.close()
    },
  }
}

export { AppError } from './errors'
export type { Result, Dispatch } from './dispatch'
export type { Api, ApiName } from './contract'
