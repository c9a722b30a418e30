import { spawn } from 'node:child_process'
import path from 'node:path'
import Database from 'better-sqlite3'
import { build } from 'vite'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../index'
import { FIXED_NOW, ok, tempDir } from '../test/helpers'
import { inspect, seedWorld } from '../inspections/test-helpers'
import { issueDocument, type DocumentFull, type DocumentSummary } from './repo'

// 文书编号: no gap, no duplicate, never reused — under concurrent issuing from several connections
// and processes, and when the issuing transaction dies half-way (REFERENCE.md §1.2, issue #4).

const open: Core[] = []
afterEach(() => {
  for (const c of open.splice(0)) c.close()
})

async function core(dbFile: string): Promise<Core> {
  const c = await createCore({ dbFile, now: () => FIXED_NOW })
  open.push(c)
  return c
}

/** A database file with the world and `n` inspections; returns its path and the inspection ids. */
async function prepared(n: number): Promise<{ file: string; inspections: number[] }> {
  const file = path.join(tempDir(), 'ledger.sqlite')
  const c = await createCore({ dbFile: file, now: () => FIXED_NOW })
  const w = await seedWorld(c)
  const inspections: number[] = []
  for (let i = 0; i < n; i++) inspections.push((await inspect(c, w, { templateId: null })).id)
  c.close()
  return { file, inspections }
}

function numbersIn(file: string): { seq: number; number: string }[] {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare("SELECT seq, number FROM documents WHERE type = 'check_record' ORDER BY seq").all() as {
      seq: number
      number: string
    }[]
  } finally {
    db.close()
  }
}

function expectGapless(rows: { seq: number; number: string }[], n: number): void {
  expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1))
  expect(new Set(rows.map((r) => r.number)).size).toBe(n)
}

describe('numbering across connections in one process', () => {
  it('two cores on one file issuing at once (Promise.all) share one gapless sequence', async () => {
    const { file, inspections } = await prepared(20)
    const [a, b] = [await core(file), await core(file)]
    const results = await Promise.all(
      inspections.map((id, i) =>
        (i % 2 ? a : b).dispatch('document.issue', { type: 'check_record', inspectionId: id }),
      ),
    )
    expect(results.every((r) => r.ok)).toBe(true)
    expectGapless(numbersIn(file), 20)
  })

  it('a writer holding the lock makes the other wait or fail cleanly; the number is not taken', async () => {
    const { file, inspections } = await prepared(2)
    const [a, b] = [await core(file), await core(file)]
    b.ctx.db.pragma('busy_timeout = 50')
    let bError: unknown = null
    // A reserves its number; while its transaction is open, B tries to issue.
    const docA = issueDocument(
      a.ctx,
      { type: 'check_record', inspectionId: inspections[0] as number },
      {
        afterNumberReserved: () => {
          try {
            issueDocument(b.ctx, { type: 'check_record', inspectionId: inspections[1] as number })
          } catch (err) {
            bError = err
          }
        },
      },
    )
    expect(docA.number).toBe('（青）应急检记〔2026〕1号')
    expect(bError).toMatchObject({
      code: 'CONFLICT',
      message: '另一个窗口或程序正在写入数据，文书没有出具，编号也没有占用。请稍等几秒后重试。',
    })
    // B retries and gets the next number: nothing was lost or doubled.
    const docB = await ok<DocumentFull>(b, 'document.issue', {
      type: 'check_record',
      inspectionId: inspections[1],
    })
    expect(docB.number).toBe('（青）应急检记〔2026〕2号')
    expectGapless(numbersIn(file), 2)
  })

  it('a failure after the number was reserved rolls the number back: no gap, no duplicate', async () => {
    const { file, inspections } = await prepared(3)
    const a = await core(file)
    await ok(a, 'document.issue', { type: 'check_record', inspectionId: inspections[0] })
    expect(() =>
      issueDocument(
        a.ctx,
        { type: 'check_record', inspectionId: inspections[1] as number },
        {
          afterNumberReserved: (seq) => {
            expect(seq).toBe(2)
            throw new Error('power cut while printing')
          },
        },
      ),
    ).toThrow('power cut while printing')
    expect(a.ctx.db.inTransaction).toBe(false)
    const again = await ok<DocumentFull>(a, 'document.issue', {
      type: 'check_record',
      inspectionId: inspections[1],
    })
    expect(again.number).toBe('（青）应急检记〔2026〕2号')
    await ok(a, 'document.issue', { type: 'check_record', inspectionId: inspections[2] })
    expectGapless(numbersIn(file), 3)
    const list = await ok<{ rows: DocumentSummary[] }>(a, 'document.list', {})
    expect(list.rows.map((r) => r.seq).sort()).toEqual([1, 2, 3])
  })
})

describe('numbering across processes (real concurrency and a killed process)', () => {
  let child = ''
  beforeAll(async () => {
    // Bundle the child entry the way electron-vite bundles the CLI (SQL migrations inlined).
    const outDir = tempDir('ledger-child-')
    await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        ssr: path.join(__dirname, 'concurrency-child.ts'),
        outDir,
        emptyOutDir: true,
        minify: false,
        rollupOptions: { output: { format: 'cjs', entryFileNames: 'child.cjs' } },
      },
    })
    child = path.join(outDir, 'child.cjs')
  }, 60_000)

  function run(
    args: string[],
  ): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
    return new Promise((resolve) => {
      const p = spawn(process.execPath, [child, ...args], {
        env: { ...process.env, NODE_PATH: path.resolve(__dirname, '../../../node_modules') },
      })
      let out = ''
      let err = ''
      p.stdout.on('data', (d: Buffer) => (out += d.toString()))
      p.stderr.on('data', (d: Buffer) => (err += d.toString()))
      p.on('close', (code, signal) => resolve({ code, signal, out, err }))
    })
  }

  it('four processes issuing 60 documents at the same moment get 1..60, each once', async () => {
    const { file, inspections } = await prepared(60)
    const startAt = String(Date.now() + 1500)
    const shares = [0, 1, 2, 3].map((k) => inspections.filter((_, i) => i % 4 === k).map(String))
    const results = await Promise.all(shares.map((ids) => run([file, 'issue', startAt, ...ids])))
    for (const r of results) expect(r.err).toBe('')
    const issued = results.flatMap((r) => JSON.parse(r.out) as { ok: boolean; number?: string }[])
    expect(issued.filter((r) => r.ok)).toHaveLength(60)
    expectGapless(numbersIn(file), 60)
    const db = new Database(file, { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  }, 60_000)

  it('a process killed after reserving a number leaves no trace: the next document takes that number', async () => {
    const { file, inspections } = await prepared(3)
    const a = await core(file)
    await ok(a, 'document.issue', { type: 'check_record', inspectionId: inspections[0] })
    a.close()
    const r = await run([file, 'crash', '0', String(inspections[1])])
    expect(r.signal).toBe('SIGKILL')
    expect(r.out).toBe('reserved 2\n')
    const b = await core(file)
    expect(numbersIn(file).map((x) => x.seq)).toEqual([1])
    await ok(b, 'document.issue', { type: 'check_record', inspectionId: inspections[1] })
    await ok(b, 'document.issue', { type: 'check_record', inspectionId: inspections[2] })
    expectGapless(numbersIn(file), 3)
    expect(await ok(b, 'system.check')).toEqual({ ok: true, problems: [] })
  }, 60_000)
})
