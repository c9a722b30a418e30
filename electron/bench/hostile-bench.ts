import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCore } from '../core'
import { book, HOSTILE_CASES, rosterXml } from './hostile-corpus'

// `npm run bench:hostile`: each file of the hostile corpus imported the way the app does it (the
// excel worker reads it, the preview is planned, an accepted file is committed), every file in its
// own process so the peak RSS is its own. Prints time and peak RSS per file with the ratio to a
// normal 2,000-row ledger measured in the same run, against the targets (10 s, 500 MB).

const TARGET_MS = 10_000
const TARGET_MB = 500

interface Measured {
  ms: number
  rssMb: number
  outcome: string
}

/** Child: one file through the handler table with the built worker; prints one JSON line. */
async function one(file: string): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-hostile-'))
  const core = await createCore({ dataDir, excelWorkerFile: path.join(__dirname, 'excel-worker.js') })
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const r = await core.dispatch(name, input)
    if (!r.ok) throw new Error(r.error.message)
    return r.data as T
  }
  const wait = async (jobId: string) => {
    for (;;) {
      const j = await call<{ state: string; result?: unknown; error?: { message: string } }>('job.get', {
        jobId,
      })
      if (j.state !== 'running') return j
      await new Promise((r) => setTimeout(r, 10))
    }
  }
  const t0 = performance.now()
  let outcome: string
  try {
    const preview = await wait(
      (
        await call<{ jobId: string }>('excel.startPreview', {
          ledger: 'enterprises',
          fileName: path.basename(file),
          base64: fs.readFileSync(file).toString('base64'),
        })
      ).jobId,
    )
    if (preview.state !== 'done') outcome = `refused: ${preview.error?.message ?? preview.state}`
    else {
      const { importId } = preview.result as { importId: string }
      const commit = await wait((await call<{ jobId: string }>('excel.commitImport', { importId })).jobId)
      const r = commit.result as { inserted?: number } | undefined
      outcome = commit.state === 'done' ? `imported ${r?.inserted ?? 0} rows` : `commit ${commit.state}`
    }
  } finally {
    core.close()
  }
  const ms = performance.now() - t0
  fs.rmSync(dataDir, { recursive: true, force: true })
  const m: Measured = { ms, rssMb: process.resourceUsage().maxRSS / 1024, outcome }
  process.stdout.write(`${JSON.stringify(m)}\n`)
}

function measure(file: string): Measured {
  const r = spawnSync(process.execPath, [__filename, '--one', file], { encoding: 'utf8', maxBuffer: 1 << 24 })
  const line = r.stdout.trim().split('\n').at(-1) ?? ''
  try {
    return JSON.parse(line) as Measured
  } catch {
    return { ms: NaN, rssMb: NaN, outcome: `crashed (${r.status ?? r.signal}): ${r.stderr.slice(0, 300)}` }
  }
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-hostile-corpus-'))
  try {
    const files: { name: string; what: string; file: string; size: number }[] = []
    const baselineFile = path.join(dir, 'baseline-2000-rows.xlsx')
    fs.writeFileSync(baselineFile, book(rosterXml(2000)))
    for (const c of HOSTILE_CASES) {
      const file = path.join(dir, c.name)
      fs.writeFileSync(file, c.build())
      files.push({ name: c.name, what: c.what, file, size: fs.statSync(file).size })
    }
    const baseline = measure(baselineFile)
    const mb = (n: number) => (n / 1024 / 1024).toFixed(2)
    console.log(
      `hostile-file corpus: ${files.length} files, each in its own process (node ${process.version})`,
    )
    console.log(
      `baseline (normal ledger, 2,000 rows, ${mb(fs.statSync(baselineFile).size)} MB): ${Math.round(baseline.ms)} ms, peak RSS ${Math.round(baseline.rssMb)} MB — ${baseline.outcome}`,
    )
    console.log('')
    console.log(
      ['file', 'size MB', 'time ms', '× baseline', 'peak RSS MB', '× baseline', 'targets', 'outcome'].join(
        '\t',
      ),
    )
    let misses = 0
    for (const f of files) {
      const m = measure(f.file)
      const ok = m.ms < TARGET_MS && m.rssMb < TARGET_MB
      if (!ok) misses++
      console.log(
        [
          f.name,
          mb(f.size),
          Math.round(m.ms),
          (m.ms / baseline.ms).toFixed(1),
          Math.round(m.rssMb),
          (m.rssMb / baseline.rssMb).toFixed(1),
          ok ? 'ok' : 'MISSED',
          m.outcome.slice(0, 90),
        ].join('\t'),
      )
    }
    console.log('')
    console.log(
      misses === 0
        ? `all ${files.length} files within ${TARGET_MS / 1000} s and ${TARGET_MB} MB`
        : `${misses} of ${files.length} files missed ${TARGET_MS / 1000} s or ${TARGET_MB} MB`,
    )
    process.exitCode = misses === 0 ? 0 : 1
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const at = process.argv.indexOf('--one')
if (at > 0) void one(process.argv[at + 1] as string)
else main()
