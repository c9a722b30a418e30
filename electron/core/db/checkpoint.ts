import type { Db } from './open'

// Keeps ledger.sqlite whole. In WAL mode committed data sits in ledger.sqlite-wal until a
// checkpoint copies it into the main file; a clerk who copies ledger.sqlite alone to a USB disk
// while the app runs would carry an old or empty database. So the WAL is folded back
// (wal_checkpoint(TRUNCATE), leaving a 0-byte -wal) when the app has been idle for a moment,
// and on close.

export interface CheckpointResult {
  /** Another connection (a CLI import, a second window) held it up: try again later. */
  busy: boolean
  /** Frames in the WAL, and frames copied into the main file. */
  log: number
  checkpointed: number
}

/**
 * TRUNCATE without waiting: busy_timeout is set to 0 for the call, so a reader or writer in
 * another process makes it return busy at once instead of freezing the caller for 5 s. A
 * checkpoint never loses data either way; it only decides where committed pages live.
 */
export function checkpoint(db: Db): CheckpointResult {
  if (!db.open || db.inTransaction) return { busy: true, log: -1, checkpointed: -1 }
  const timeout = db.pragma('busy_timeout', { simple: true }) as number
  db.pragma('busy_timeout = 0')
  try {
    const rows = db.pragma('wal_checkpoint(TRUNCATE)') as {
      busy: number
      log: number
      checkpointed: number
    }[]
    const row = rows[0] ?? { busy: 0, log: -1, checkpointed: -1 }
    return { busy: row.busy !== 0, log: row.log, checkpointed: row.checkpointed }
  } catch {
    // SQLITE_BUSY/LOCKED from a concurrent writer: the next idle moment tries again
    return { busy: true, log: -1, checkpointed: -1 }
  } finally {
    db.pragma(`busy_timeout = ${timeout}`)
  }
}

export interface IdleCheckpointer {
  /** Call after every handler call: restarts the idle countdown. */
  touch(): void
  stop(): void
}

/**
 * Checkpoints `delayMs` after the last call (3 s by default). The timer never keeps a process
 * alive (a CLI command exits as soon as its work is done; close() checkpoints anyway).
 */
export function idleCheckpointer(
  getDb: () => Db,
  opts: { delayMs?: number; onError?: (err: unknown) => void } = {},
): IdleCheckpointer {
  const delay = opts.delayMs ?? 3000
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  const fire = (): void => {
    timer = null
    try {
      const r = checkpoint(getDb())
      // held up by another process: look again after another idle period
      if (r.busy && !stopped) schedule()
    } catch (err) {
      opts.onError?.(err)
    }
  }
  const schedule = (): void => {
    if (stopped) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(fire, delay)
    timer.unref()
  }
  return {
    touch: schedule,
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
