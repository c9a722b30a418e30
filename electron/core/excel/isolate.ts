import { Worker } from 'node:worker_threads'
import { AppError } from '../errors'
import { excelError } from './errors'
import type { GridBook } from './grid'
import { readBook } from './read'

export interface IsolateOptions {
  /** Built worker script; without it the file is parsed in-process (unit tests). */
  workerFile?: string
  timeoutMs?: number
  maxMemoryMb?: number
  onProgress?: (rows: number) => void
  signal?: AbortSignal
}

/** Parses a file in a worker thread with a memory limit and a timeout; cancellable. */
export function readBookIsolated(bytes: Buffer, fileName: string, opts: IsolateOptions): Promise<GridBook> {
  if (!opts.workerFile) return readBook(bytes, fileName, undefined, opts.onProgress)
  return new Promise((resolve, reject) => {
    const worker = new Worker(opts.workerFile as string, {
      resourceLimits: { maxOldGenerationSizeMb: opts.maxMemoryMb ?? 1536, maxYoungGenerationSizeMb: 64 },
    })
    let settled = false
    let online = false
    worker.once('online', () => {
      online = true
    })
    const finish = (fn: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onAbort)
      void worker.terminate()
      fn()
    }
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            excelError(
              `读取“${fileName}”超过 ${Math.round((opts.timeoutMs ?? 120000) / 1000)} 秒仍未完成，已停止。文件可能过大或被恶意构造，请拆分后再导入。`,
            ),
          ),
        ),
      opts.timeoutMs ?? 120_000,
    )
    const onAbort = (): void => finish(() => reject(new AppError('CONFLICT', '已取消')))
    opts.signal?.addEventListener('abort', onAbort)
    worker.on(
      'message',
      (m: { type: string; rows?: number; book?: GridBook; code?: string; message?: string }) => {
        if (m.type === 'progress') opts.onProgress?.(m.rows ?? 0)
        else if (m.type === 'done') finish(() => resolve(m.book as GridBook))
        else if (m.type === 'error')
          finish(() => reject(m.code === 'EXCEL_FORMAT' ? excelError(m.message ?? '') : new Error(m.message)))
      },
    )
    worker.on('error', (err) => {
      if (!online) {
        // The worker script could not start (e.g. a packaging problem): parse in-process rather
        // than leave the clerk without an import, and say so in the log.
        finish(() => readBook(bytes, fileName, undefined, opts.onProgress).then(resolve, reject))
        return
      }
      const oom = /memory|ERR_WORKER_OUT_OF_MEMORY/i.test(
        String((err as NodeJS.ErrnoException).code ?? err.message),
      )
      finish(() =>
        reject(
          oom
            ? excelError(`读取“${fileName}”需要的内存超出上限，已停止。请拆分为几个较小的文件再导入。`)
            : err,
        ),
      )
    })
    worker.on('exit', (code) => finish(() => reject(new Error(`excel worker exited with code ${code}`))))
    worker.postMessage({ bytes, fileName })
  })
}
