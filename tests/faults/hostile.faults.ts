import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FORMULA_NAMES, HOSTILE_CASES } from '../../electron/bench/hostile-corpus'
import { readBook } from '../../electron/core/excel/read'
import {
  api,
  call,
  cli,
  DB,
  inspectCopy,
  removeTempDirs,
  startServer,
  Tally,
  tempDir,
  type Server,
} from './helpers'

// The hostile-file corpus (electron/bench/hostile-corpus.ts, generated here, never committed)
// through the browser mode with its excel worker, and through the CLI into the same data folder:
// each file is refused naming the limit that stopped it, or imported; a refusal writes nothing;
// and the server answers other calls while it reads the file.

interface JobView {
  state: 'running' | 'done' | 'failed' | 'cancelled'
  result?: unknown
  error?: { code: string; message: string }
}

let server: Server
let files: string
const tally = new Tally('hostile files through the browser mode and the CLI')

beforeAll(async () => {
  server = await startServer(tempDir())
  files = tempDir()
})
afterAll(async () => {
  await server.stop()
  tally.report()
  removeTempDirs()
})

/**
 * Polls the job and, with every poll, asks the server for something else (the enterprise list and
 * the backup list): each must be answered while the file is being read. Returns the finished job
 * and how many other calls were answered while it was running.
 */
async function finish(jobId: string): Promise<{ job: JobView; answered: number }> {
  let answered = 0
  for (;;) {
    const [job, list, backups] = await Promise.all([
      api<JobView>(server, 'job.get', { jobId }),
      call(server, 'enterprise.list', { pageSize: 1 }),
      call(server, 'backup.list', {}),
    ])
    expect(list.ok).toBe(true)
    expect(backups.ok).toBe(true)
    if (job.state !== 'running') return { job, answered }
    answered += 2
  }
}

const total = async (): Promise<number> => (await api<{ total: number }>(server, 'enterprise.list', {})).total

describe('hostile files', () => {
  for (const c of HOSTILE_CASES) {
    const outcome = 'refused' in c.outcome ? `refused by ${c.outcome.refused}` : 'imported'
    it(`${c.name} (${c.what}): ${outcome}`, async () => {
      const bytes = c.build()
      const file = path.join(files, c.name)
      fs.writeFileSync(file, bytes)
      const before = await total()
      const backupsBefore = (await api<{ backups: unknown[] }>(server, 'backup.list', {})).backups.length
      const { jobId } = await api<{ jobId: string }>(server, 'excel.startPreview', {
        ledger: 'enterprises',
        fileName: c.name,
        base64: bytes.toString('base64'),
      })
      const { job, answered } = await finish(jobId)
      expect(answered).toBeGreaterThan(0)
      if ('refused' in c.outcome) {
        expect(job.state).toBe('failed')
        expect(job.error?.code).toBe('EXCEL_FORMAT')
        expect(job.error?.message).toMatch(c.outcome.message)
        // The CLI writing into the same folder refuses it the same way, on stdout too (--json).
        const r = await cli(['import', 'enterprises', file, '--json', '--data-dir', server.dataDir])
        expect(r.status).toBe(1)
        expect((JSON.parse(r.stdout) as { error: string }).error).toMatch(c.outcome.message)
        // nothing written: no records, no import batch, not even the backup taken before writing
        expect(await total()).toBe(before)
        expect((await api<{ backups: unknown[] }>(server, 'backup.list', {})).backups.length).toBe(
          backupsBefore,
        )
        expect(
          inspectCopy(server.dataDir, (db) =>
            db.prepare('SELECT count(*) FROM import_batches').pluck().get(),
          ),
        ).toBe(0)
        tally.add(`refused (${c.outcome.refused})`)
      } else {
        expect(job.error?.message).toBeUndefined()
        expect(job.state).toBe('done')
        const { importId } = job.result as { importId: string }
        const commit = await api<{ jobId: string }>(server, 'excel.commitImport', { importId })
        const committed = await finish(commit.jobId)
        expect(committed.job.state).toBe('done')
        const names = (
          await api<{ rows: { name: string }[] }>(server, 'enterprise.list', { pageSize: 500 })
        ).rows.map((r) => r.name)
        for (const name of c.outcome.imported) expect(names).toContain(name)
        expect(await total()).toBe(before + c.outcome.imported.length)
        tally.add('imported')
      }
      expect(fs.existsSync(path.join(server.dataDir, DB))).toBe(true)
    })
  }

  it('formula-looking text goes back out as text: the export has no formula cells', async () => {
    const { jobId } = await api<{ jobId: string }>(server, 'excel.startExport', { ledger: 'enterprises' })
    const { job } = await finish(jobId)
    expect(job.state).toBe('done')
    const exported = await readBook(
      Buffer.from((job.result as { base64: string }).base64, 'base64'),
      'export.xlsx',
    )
    const sheet = exported.sheets[0]
    expect(sheet?.formulaCells?.size ?? 0).toBe(0)
    const texts = new Set(sheet?.rows.flat().filter((v): v is string => typeof v === 'string'))
    for (const name of FORMULA_NAMES) expect(texts).toContain(name)
  })
})
