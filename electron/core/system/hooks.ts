import type { Ctx } from '../context'
import { handlers, isApiName } from '../contract'
import type { BackupKind } from '../db/backups'
import { idleCheckpointer } from '../db/checkpoint'
import type { Dispatch } from '../dispatch'
import { fromSystemError } from '../errors'
import { createBackup } from './backups'

// What happens around every handler call, in one place (createCore wraps the dispatch with it):
// a verified backup before the operations that change much at once, restores that run alone,
// and the WAL folded back into ledger.sqlite once the program is idle.

/** Calls that replace the database: they wait for calls in flight, and calls after them wait for them. */
const EXCLUSIVE = new Set(['backup.restore', 'backup.restoreFile'])

/**
 * The backup a call needs first, if any: undoing an import, and deleting two or more records at once
 * (`<ledger>.remove` with ids). Imports take their own (excel/import.ts), migrations theirs
 * (db/open.ts), restores theirs (system/backups.ts).
 */
export function eventBackupKind(name: string, input: unknown): BackupKind | null {
  if (name === 'excel.undoImport') return 'before-undo'
  if (name.endsWith('.remove') && typeof input === 'object' && input !== null && 'ids' in input) {
    const ids = (input as { ids: unknown }).ids
    if (Array.isArray(ids) && ids.length >= 2) return 'before-delete'
  }
  return null
}

export interface Hooks {
  dispatch: Dispatch
  stop(): void
}

export function withHooks(ctx: Ctx, inner: Dispatch, opts: { idleCheckpointMs?: number } = {}): Hooks {
  const checkpointer = idleCheckpointer(() => ctx.db, {
    delayMs: opts.idleCheckpointMs,
    onError: (err) => ctx.log.error('idle checkpoint failed', err),
  })
  const inflight = new Set<Promise<unknown>>()
  let exclusive: Promise<unknown> | null = null

  const run: Dispatch = async (name, input) => {
    const kind = ctx.dataDir ? eventBackupKind(name, input) : null
    // only for a call that will run: an invalid one is refused by dispatch without a backup
    if (kind && isApiName(name) && handlers[name].input.safeParse(input).success) {
      try {
        await createBackup(ctx, kind)
      } catch (err) {
        const known = fromSystemError(err)
        if (!known) ctx.log.error(`${kind} backup failed`, err)
        return {
          ok: false,
          error: {
            code: known?.code ?? 'INTERNAL',
            message: `操作前的备份没有完成，本次操作没有执行，数据未被修改。${known?.message ?? '详细信息已写入日志文件。'}`,
          },
        }
      }
    }
    return inner(name, input)
  }

  const dispatch: Dispatch = async (name, input) => {
    while (exclusive) await exclusive.catch(() => undefined)
    let p: Promise<Awaited<ReturnType<Dispatch>>>
    if (EXCLUSIVE.has(name)) {
      const others = [...inflight]
      p = (async () => {
        await Promise.allSettled(others)
        return run(name, input)
      })()
      exclusive = p
    } else {
      p = run(name, input)
      inflight.add(p)
    }
    try {
      return await p
    } finally {
      inflight.delete(p)
      if (exclusive === p) exclusive = null
      checkpointer.touch()
    }
  }
  return { dispatch, stop: () => checkpointer.stop() }
}
