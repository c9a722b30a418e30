import crypto from 'node:crypto'
import type { Ctx } from '../context'
import { toPayload, type ErrorPayload } from '../errors'

// Long work (reading a big file, exporting) runs as a job the screen polls for progress and can
// cancel. A cancelled job has written nothing.

export interface Job {
  id: string
  kind: string
  state: 'running' | 'done' | 'failed' | 'cancelled'
  phase: string
  done: number
  total: number
  result?: unknown
  error?: ErrorPayload
  controller: AbortController
  /** Writes run in one short transaction and cannot be stopped half-way; they refuse a cancel. */
  cancellable: boolean
  finishedAt?: number
}

export interface JobView {
  id: string
  kind: string
  state: Job['state']
  cancellable: boolean
  phase: string
  done: number
  total: number
  result?: unknown
  error?: ErrorPayload
}

function jobs(ctx: Ctx): Map<string, Job> {
  const holder = ctx as Ctx & { jobs?: Map<string, Job> }
  holder.jobs ??= new Map()
  return holder.jobs
}

export type JobUpdate = (patch: Partial<Pick<Job, 'phase' | 'done' | 'total'>>) => void

export function startJob(
  ctx: Ctx,
  kind: string,
  run: (update: JobUpdate, signal: AbortSignal) => Promise<unknown>,
  opts: { cancellable?: boolean } = {},
): { jobId: string } {
  const all = jobs(ctx)
  // forget finished jobs after ten minutes
  for (const [id, j] of all) if (j.finishedAt && Date.now() - j.finishedAt > 600_000) all.delete(id)
  const job: Job = {
    id: crypto.randomUUID(),
    kind,
    state: 'running',
    phase: '准备中',
    done: 0,
    total: 0,
    controller: new AbortController(),
    cancellable: opts.cancellable ?? true,
  }
  all.set(job.id, job)
  const update: JobUpdate = (patch) => Object.assign(job, patch)
  setImmediate(() => {
    run(update, job.controller.signal).then(
      (result) => {
        if (job.state === 'running') Object.assign(job, { state: 'done', result, finishedAt: Date.now() })
      },
      (err: unknown) => {
        if (job.state !== 'running') return
        if (job.controller.signal.aborted) Object.assign(job, { state: 'cancelled', finishedAt: Date.now() })
        else {
          if (!(err instanceof Error && err.name === 'AppError')) ctx.log.error(`job ${kind} failed`, err)
          Object.assign(job, { state: 'failed', error: toPayload(err), finishedAt: Date.now() })
        }
      },
    )
  })
  return { jobId: job.id }
}

export function viewJob(ctx: Ctx, id: string): JobView | null {
  const j = jobs(ctx).get(id)
  if (!j) return null
  const { controller: _c, finishedAt: _f, cancellable, ...view } = j
  return { ...view, cancellable }
}

export function cancelJob(ctx: Ctx, id: string): boolean {
  const j = jobs(ctx).get(id)
  if (!j || j.state !== 'running' || !j.cancellable) return false
  j.controller.abort()
  Object.assign(j, { state: 'cancelled', finishedAt: Date.now() })
  return true
}
