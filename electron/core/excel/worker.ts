import { parentPort } from 'node:worker_threads'
import { DEFAULT_LIMITS } from './grid'
import { readBook } from './read'

// Worker-thread entry (built to out/main/excel-worker.js): parses an untrusted file away from
// the main thread, under the memory limit and timeout its parent sets.

interface Request {
  bytes: Uint8Array
  fileName: string
}

parentPort?.once('message', (req: Request) => {
  const buf = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength)
  readBook(buf, req.fileName, DEFAULT_LIMITS, (rows) =>
    parentPort?.postMessage({ type: 'progress', rows }),
  ).then(
    (book) => parentPort?.postMessage({ type: 'done', book }),
    (err: unknown) =>
      parentPort?.postMessage({
        type: 'error',
        code: (err as { code?: string }).code ?? 'INTERNAL',
        message: err instanceof Error ? err.message : String(err),
      }),
  )
})
