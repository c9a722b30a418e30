import { afterEach, describe, expect, it } from 'vitest'
import { effectScope } from 'vue'
import { ApiError, setTransport, type Transport } from '../api/client'
import type { Result } from '../api/types'
import { pollJob, useJob } from './use-job'

interface JobState {
  state: 'running' | 'done' | 'failed' | 'cancelled'
  phase?: string
  done?: number
  total?: number
  result?: unknown
  error?: { code: string; message: string }
}

/** A core whose job answers from a script, one entry per job.get (the last one repeats). */
function fakeCore(script: JobState[]) {
  const calls: { name: string; input: unknown }[] = []
  let i = 0
  const transport: Transport = {
    async invoke(name, input): Promise<Result> {
      calls.push({ name, input })
      if (name === 'excel.startExport') return { ok: true, data: { jobId: 'job-1' } }
      if (name === 'job.cancel') return { ok: true, data: { cancelled: true } }
      if (name === 'job.get') {
        const s = script[Math.min(i++, script.length - 1)] as JobState
        return {
          ok: true,
          data: { id: 'job-1', kind: 'export', phase: '正在导出', done: 0, total: 0, ...s },
        } as Result
      }
      throw new Error(`unexpected call ${name}`)
    },
  }
  setTransport(transport)
  return { calls, gets: () => calls.filter((c) => c.name === 'job.get').length }
}

const noWait = (): Promise<void> => Promise.resolve()
const tick = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms))

afterEach(() => setTransport(null))

describe('pollJob', () => {
  it('reports progress and stops polling when the job is done', async () => {
    const core = fakeCore([
      { state: 'running', done: 10, total: 100 },
      { state: 'running', done: 60, total: 100 },
      { state: 'done', done: 100, total: 100, result: { fileName: 'a.xlsx', base64: '' } },
    ])
    const seen: number[] = []
    const r = await pollJob('job-1', { sleep: noWait, onProgress: (p) => seen.push(p.done) })
    expect(r).toEqual({ state: 'done', result: { fileName: 'a.xlsx', base64: '' } })
    expect(seen).toEqual([10, 60, 100])
    expect(core.gets()).toBe(3)
    await tick()
    expect(core.gets()).toBe(3)
  })

  it('throws the core’s Chinese message when the job failed, and stops', async () => {
    const core = fakeCore([
      { state: 'running' },
      { state: 'failed', error: { code: 'EXCEL_FORMAT', message: '“签到表.xlsx”看起来不是企业台账' } },
    ])
    const err = await pollJob('job-1', { sleep: noWait }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe('EXCEL_FORMAT')
    expect((err as ApiError).message).toBe('“签到表.xlsx”看起来不是企业台账')
    expect(core.gets()).toBe(2)
  })

  it('ends as cancelled when the core says so', async () => {
    const core = fakeCore([{ state: 'running' }, { state: 'cancelled' }])
    expect(await pollJob('job-1', { sleep: noWait })).toEqual({ state: 'cancelled' })
    expect(core.gets()).toBe(2)
  })

  it('asks nothing more once the caller cancelled', async () => {
    const core = fakeCore([{ state: 'running' }])
    let cancelled = false
    const r = await pollJob('job-1', {
      sleep: noWait,
      onProgress: () => {
        if (core.gets() === 3) cancelled = true
      },
      isCancelled: () => cancelled,
    })
    expect(r).toEqual({ state: 'cancelled' })
    expect(core.gets()).toBe(3)
  })
})

describe('useJob', () => {
  it('cancel() calls job.cancel, ends the run at once and stops polling', async () => {
    const core = fakeCore([{ state: 'running', phase: '正在导出', done: 5 }])
    const scope = effectScope()
    const job = scope.run(() => useJob({ intervalMs: 20 }))
    if (!job) throw new Error('no job')

    const run = job.run(() => Promise.resolve({ jobId: 'job-1' }), '正在导出')
    expect(job.running.value).toBe(true)
    await tick(120)
    expect(job.progress.value.done).toBe(5)
    await job.cancel()
    expect(await run).toEqual({ state: 'cancelled' })
    expect(job.running.value).toBe(false)
    expect(core.calls.filter((c) => c.name === 'job.cancel')).toEqual([
      { name: 'job.cancel', input: { jobId: 'job-1' } },
    ])
    const after = core.gets()
    await tick(100)
    expect(core.gets()).toBe(after)
    scope.stop()
  })

  it('leaving the screen (scope disposed) cancels a running job', async () => {
    const core = fakeCore([{ state: 'running' }])
    const scope = effectScope()
    const job = scope.run(() => useJob({ intervalMs: 20 }))
    if (!job) throw new Error('no job')
    const run = job.run(() => Promise.resolve({ jobId: 'job-1' }))
    await tick(80)
    scope.stop()
    expect(await run).toEqual({ state: 'cancelled' })
    await tick(20)
    expect(core.calls.some((c) => c.name === 'job.cancel')).toBe(true)
  })

  it('a finished job is not cancelled afterwards', async () => {
    const core = fakeCore([{ state: 'done', result: 1 }])
    const scope = effectScope()
    const job = scope.run(() => useJob({ intervalMs: 20 }))
    if (!job) throw new Error('no job')
    expect(await job.run(() => Promise.resolve({ jobId: 'job-1' }))).toEqual({ state: 'done', result: 1 })
    await job.cancel()
    scope.stop()
    expect(core.calls.some((c) => c.name === 'job.cancel')).toBe(false)
  })
})
