// Long work in the core (reading a workbook, writing an import, exporting) runs as a job: the
// screen starts it, polls `job.get` for progress about four times a second and can cancel it.
import { onScopeDispose, ref } from 'vue'
import { ApiError, call } from '../api/client'

export interface JobProgress {
  phase: string
  done: number
  total: number
}

export type JobOutcome = { state: 'done'; result: unknown } | { state: 'cancelled' }

export const POLL_INTERVAL_MS = 250
/** The core starts a job on its next tick: the first look comes sooner than the steady rhythm. */
const FIRST_POLL_MS = 60
const FAILED_MESSAGE = '操作未完成：程序出现意外错误，请重试；如仍失败，请重新启动程序'

export interface PollOptions {
  intervalMs?: number
  onProgress?: (p: JobProgress) => void
  /** Checked before and after every request; true ends the polling as cancelled. */
  isCancelled?: () => boolean
  /** Waits between requests; the composable passes one that a cancel can cut short. */
  sleep?: (ms: number) => Promise<void>
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Polls one job until it is done, failed or cancelled. Resolves with the result (or cancelled);
 * a failed job throws an ApiError carrying the core's Chinese message.
 */
export async function pollJob(jobId: string, opts: PollOptions = {}): Promise<JobOutcome> {
  const sleep = opts.sleep ?? defaultSleep
  const cancelled = opts.isCancelled ?? (() => false)
  let wait = FIRST_POLL_MS
  for (;;) {
    await sleep(wait)
    wait = opts.intervalMs ?? POLL_INTERVAL_MS
    if (cancelled()) return { state: 'cancelled' }
    const job = await call('job.get', { jobId })
    if (cancelled()) return { state: 'cancelled' }
    opts.onProgress?.({ phase: job.phase, done: job.done, total: job.total })
    if (job.state === 'done') return { state: 'done', result: job.result }
    if (job.state === 'cancelled') return { state: 'cancelled' }
    if (job.state === 'failed') {
      const e = job.error
      throw new ApiError(e?.code ?? 'INTERNAL', e?.message ?? FAILED_MESSAGE, e?.details)
    }
  }
}

/**
 * One job at a time with reactive progress. `cancel()` asks the core to stop (a cancelled job
 * has written nothing) and ends `run` at once as cancelled. Leaving the screen cancels too.
 */
export function useJob(opts: { intervalMs?: number } = {}) {
  const running = ref(false)
  const cancelling = ref(false)
  const progress = ref<JobProgress>({ phase: '', done: 0, total: 0 })

  let jobId: string | null = null
  let cancelRequested = false
  let wake: (() => void) | null = null
  /** Ends the current run as cancelled without waiting for a request in flight. */
  let endRun: (() => void) | null = null

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        wake = null
        resolve()
      }
      wake = done
    })

  async function run(start: () => Promise<{ jobId: string }>, phase = '准备中'): Promise<JobOutcome> {
    if (running.value) throw new ApiError('CONFLICT', '上一项操作还在进行，请等它完成或取消后再试')
    running.value = true
    cancelling.value = false
    cancelRequested = false
    progress.value = { phase, done: 0, total: 0 }
    try {
      const started = await start()
      jobId = started.jobId
      if (cancelRequested) {
        await call('job.cancel', { jobId }).catch(() => undefined)
        return { state: 'cancelled' }
      }
      const cancelled = new Promise<JobOutcome>((resolve) => {
        endRun = () => resolve({ state: 'cancelled' })
      })
      const polled = pollJob(started.jobId, {
        intervalMs: opts.intervalMs,
        sleep,
        isCancelled: () => cancelRequested,
        onProgress: (p) => {
          if (!cancelRequested) progress.value = p
        },
      })
      // A poll still in flight after a cancel settles unobserved.
      polled.catch(() => undefined)
      return await Promise.race([polled, cancelled])
    } finally {
      running.value = false
      cancelling.value = false
      jobId = null
      wake = null
      endRun = null
    }
  }

  async function cancel(): Promise<void> {
    if (!running.value || cancelRequested) return
    cancelRequested = true
    cancelling.value = true
    const id = jobId
    wake?.()
    if (id) await call('job.cancel', { jobId: id }).catch(() => undefined)
    endRun?.()
  }

  onScopeDispose(() => {
    void cancel()
  })

  return { running, cancelling, progress, run, cancel }
}
