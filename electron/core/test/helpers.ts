import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'
import { createCore, type Core } from '../index'

export const FIXED_NOW = new Date(2026, 10, 28, 9, 30, 0)

const made: string[] = []
// (a test file's temp folders go when its tests are done: runs leave nothing behind in /tmp)
afterAll(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

/** A fresh folder in the system's temp folder, removed after the test file's tests. */
export function tempDir(prefix = 'ledger-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  made.push(dir)
  return dir
}

export async function memoryCore(now: () => Date = () => FIXED_NOW): Promise<Core> {
  return createCore({ dbFile: ':memory:', now })
}

/** Calls a handler and returns its data, failing the test with the Chinese message otherwise. */
export async function ok<T = unknown>(core: Core, name: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(name, input)
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`)
  return r.data as T
}

/** Waits for a background job (import preview, commit, export) and returns its result. */
export async function waitJob<T>(c: Core, jobId: string): Promise<T> {
  for (;;) {
    const j = await ok<{ state: string; result?: T; error?: { message: string } }>(c, 'job.get', { jobId })
    if (j.state === 'done') return j.result as T
    if (j.state !== 'running') throw new Error(`job ${j.state}: ${j.error?.message}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

export async function fail(core: Core, name: string, input: unknown = {}) {
  const r = await core.dispatch(name, input)
  if (r.ok) throw new Error(`${name} unexpectedly succeeded`)
  return r.error as {
    code: string
    message: string
    details?: { issues?: { field: string; message: string }[] }
  }
}

export async function seedLookups(
  core: Core,
): Promise<{ villageId: number; village2: number; industryId: number }> {
  const v1 = await ok<{ id: number }>(core, 'village.create', { name: '东湖村' })
  const v2 = await ok<{ id: number }>(core, 'village.create', { name: '西岭村' })
  const i1 = await ok<{ id: number }>(core, 'industry.create', { name: '机械制造' })
  return { villageId: v1.id, village2: v2.id, industryId: i1.id }
}

/** The import wizard's steps through the handler table: read and plan, then (unless told not to) commit. */
export async function importViaEngine<P = ImportPreview>(
  c: Core,
  ledger: string,
  file: { fileName: string; base64: string },
  opts: { commit?: boolean; operator?: string; policy?: 'valid-only' | 'all-or-nothing' } = {},
): Promise<{ preview: P; rows: PreviewRow[]; commit: ImportCommit | null }> {
  const { jobId } = await ok<{ jobId: string }>(c, 'excel.startPreview', { ledger, ...file })
  const preview = await waitJob<P & { importId: string }>(c, jobId)
  const rows: PreviewRow[] = []
  for (let page = 1; ; page++) {
    const r = await ok<{ total: number; rows: PreviewRow[] }>(c, 'excel.previewRows', {
      importId: preview.importId,
      page,
      pageSize: 200,
    })
    rows.push(...r.rows)
    if (rows.length >= r.total || r.rows.length === 0) break
  }
  if (opts.commit === false) return { preview, rows, commit: null }
  const started = await c.dispatch('excel.commitImport', {
    importId: preview.importId,
    ...(opts.policy ? { policy: opts.policy } : {}),
    ...(opts.operator ? { operator: opts.operator } : {}),
  })
  if (!started.ok) throw new Error(started.error.message)
  const commit = await waitJob<ImportCommit>(c, (started.data as { jobId: string }).jobId)
  return { preview, rows, commit }
}

export interface ImportPreview {
  importId: string
  layout: string | null
  sheet: string
  headerRows: number[]
  firstDataRow: number
  summary: { inserted: number; updated: number; errorRows: number; total: number }
  errors: { sheet: string; row: number; column: string | null; message: string }[]
  warnings: { sheet: string; row: number; column: string | null; message: string }[]
  notices: string[]
}
export interface PreviewRow {
  row: number
  status: string
  values: Record<string, string>
  issues: { column: string | null; message: string }[]
}
export interface ImportCommit {
  batchId: number
  inserted: number
  updated: number
}
