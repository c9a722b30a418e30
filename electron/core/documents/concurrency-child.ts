// Test-only entry (bundled by concurrency.test.ts and run as separate OS processes): issues
// 现场检查记录 for the given inspections against a shared database file, or reserves a number and
// then dies by SIGKILL in the middle of the issuing transaction.
//   node child.cjs <dbFile> issue <startAtMs> <inspectionId>...
//   node child.cjs <dbFile> crash <startAtMs> <inspectionId>
import { createCore } from '../index'
import { issueDocument } from './repo'

async function main(): Promise<void> {
  const [dbFile, mode, startAt, ...ids] = process.argv.slice(2)
  if (!dbFile || !mode || !startAt)
    throw new Error('usage: <dbFile> issue|crash <startAtMs> <inspectionId>...')
  const core = await createCore({ dbFile, now: () => new Date(2026, 10, 28, 9, 30) })
  // Start together with the sibling processes so their transactions really overlap.
  while (Date.now() < Number(startAt)) {
    /* spin */
  }
  if (mode === 'crash') {
    issueDocument(
      core.ctx,
      { type: 'check_record', inspectionId: Number(ids[0]) },
      {
        afterNumberReserved: (seq) => {
          process.stdout.write(`reserved ${seq}\n`)
          process.kill(process.pid, 'SIGKILL')
        },
      },
    )
    return
  }
  const results: { ok: boolean; number?: string; code?: string }[] = []
  for (const id of ids) {
    const r = await core.dispatch('document.issue', { type: 'check_record', inspectionId: Number(id) })
    results.push(
      r.ok ? { ok: true, number: (r.data as { number: string }).number } : { ok: false, code: r.error.code },
    )
  }
  core.close()
  process.stdout.write(JSON.stringify(results))
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err))
  process.exit(1)
})
