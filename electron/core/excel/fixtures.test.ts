import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { memoryCore, ok } from '../test/helpers'
import { commitSession, openSession, summarize } from './import'
import { readBook } from './read'
import { hazardRecords } from '../inspections/hazards'

// Every messy ledger in tests/fixtures/ledgers (a copy of ../shared/fixtures/ledgers) imports as
// its expected.json says. The default policy keeps a row whose optional cell is bad (the cell is
// left out and reported as a warning), so `recordsIncludingErrorRows` are stored and every
// `errorRows` row is reported, as an error or as a warning on that row.

const problemRows = (sum: ReturnType<typeof summarize>): number[] =>
  [...new Set([...sum.errors, ...sum.warnings].map((e) => e.row))].sort((a, b) => a - b)

const DIR = path.resolve(__dirname, '../../../tests/fixtures/ledgers')
interface Expected {
  ledger: string | null
  kind: string
  records: number
  recordsIncludingErrorRows: number
  errorRows: number[]
  mustContain: string[]
  mustNotContain: string[]
  duplicateRows?: number[]
  headerRows?: number[]
  firstDataRow?: number
  sheet?: string
  file: string
  errors?: { row: number; reason: string; value: string }[]
}
const fixtures = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Expected)

let core: Core | null = null
afterEach(() => core?.close())

describe.each(fixtures.filter((f) => f.ledger === 'enterprises' && f.kind === 'ledger'))('$file', (exp) => {
  it('imports the expected records, errors and duplicates', async () => {
    core = await memoryCore()
    const book = await readBook(fs.readFileSync(path.join(DIR, exp.file)), exp.file)
    const s = openSession(core.ctx, book, exp.file)
    if (exp.headerRows) expect(s.band.headerRows).toEqual(exp.headerRows)
    if (exp.firstDataRow) expect(s.band.firstDataRow).toBe(exp.firstDataRow)
    const sum = summarize(s)
    expect(problemRows(sum)).toEqual(exp.errorRows)
    for (const e of exp.errors ?? []) {
      const issue = [...sum.errors, ...sum.warnings].find((x) => x.row === e.row)
      expect(issue?.message).toMatch(/第18位校验码应为/)
      expect(issue?.column).toBe('C')
    }
    expect(s.plan.filter((p) => p.status === 'duplicate').map((p) => p.row)).toEqual(
      exp.duplicateRows?.slice(0, 1) ?? [],
    )
    const result = await commitSession(core.ctx, s, 'valid-only')
    expect(result.inserted).toBe(exp.recordsIncludingErrorRows)
    const rows = await ok<{ rows: { id: number }[]; total: number }>(core, 'enterprise.list', {
      pageSize: 500,
    })
    expect(rows.total).toBe(exp.recordsIncludingErrorRows)
    const text = JSON.stringify(await whole(rows.rows))
    for (const m of exp.mustContain) expect(text, m).toContain(m)
    for (const m of exp.mustNotContain) expect(text, m).not.toContain(m)
  })
})

/** The stored records whole (the list masks phones on purpose). */
function whole(rows: { id: number }[]): Promise<unknown[]> {
  return Promise.all(rows.map((r) => ok(core as Core, 'enterprise.get', { id: r.id })))
}

describe.each(fixtures.filter((f) => f.ledger === 'hazards' && f.kind === 'ledger'))('$file', (exp) => {
  it('imports the expected hazards, creating the enterprises the roster lacks, and undoes them all', async () => {
    core = await memoryCore()
    const book = await readBook(fs.readFileSync(path.join(DIR, exp.file)), exp.file)
    const s = openSession(core.ctx, book, exp.file, undefined, 'hazards')
    expect(s.band.headerRows).toEqual(exp.headerRows)
    expect(s.band.firstDataRow).toBe(exp.firstDataRow)
    const sum = summarize(s)
    expect(problemRows(sum)).toEqual(exp.errorRows)
    expect([...sum.errors, ...sum.warnings][0]?.message).toContain('没有这一天')
    const r = await commitSession(core.ctx, s, 'valid-only')
    expect(r.inserted).toBe(exp.recordsIncludingErrorRows)
    expect(r.created['企业']?.length).toBeGreaterThan(3)
    const rows = hazardRecords(core.ctx, {})
    const list = { rows, total: rows.length }
    expect(list.total).toBe(exp.recordsIncludingErrorRows)
    const text = JSON.stringify(list.rows)
    for (const m of exp.mustContain) expect(text, m).toContain(m)
    for (const m of exp.mustNotContain) expect(text, m).not.toContain(m)
    const open = list.rows.filter(
      (h) => h.storedStatus === 'pending' || h.storedStatus === 'rectifying',
    ).length
    // openItems counts the rows without the error row; a kept error row that is still open adds one.
    const keptOpen = s.plan.filter(
      (p) =>
        exp.errorRows.includes(p.row) &&
        ['pending', 'rectifying'].includes(
          ((p.input as { patch: { status?: string } } | null)?.patch.status as string) ?? '',
        ),
    ).length
    expect(open).toBe((exp as unknown as { openItems: number }).openItems + keptOpen)
    await ok(core, 'excel.undoImport', { batchId: r.batchId })
    expect((await ok<{ total: number }>(core, 'hazard.list', {})).total).toBe(0)
    expect((await ok<{ total: number }>(core, 'enterprise.list', {})).total).toBe(0)
  })
})

describe('files that are not ledgers, and hostile files', () => {
  it('refuses a printed sign-in form with a clear Chinese message', async () => {
    core = await memoryCore()
    const book = await readBook(fs.readFileSync(path.join(DIR, '12-form-signin.xlsx')), '12-form-signin.xlsx')
    expect(() => openSession(core!.ctx, book, '12-form-signin.xlsx')).toThrow(
      /看起来不是企业台账：没有找到“企业名称”等表头/,
    )
  })

  for (const exp of fixtures.filter((f) => f.kind === 'hostile')) {
    it(`${exp.file}: imports exactly the real rows, quickly`, async () => {
      core = await memoryCore()
      const t0 = Date.now()
      const book = await readBook(fs.readFileSync(path.join(DIR, exp.file)), exp.file)
      const s = openSession(core.ctx, book, exp.file)
      const r = await commitSession(core.ctx, s, 'valid-only')
      expect(Date.now() - t0).toBeLessThan(
        ((exp as unknown as { maxSeconds: number }).maxSeconds ?? 10) * 1000,
      )
      const e = exp as unknown as { recordsIfImported: number; mustContainIfImported: string[] }
      expect(r.inserted).toBe(e.recordsIfImported)
      const text = JSON.stringify(
        await whole((await ok<{ rows: { id: number }[] }>(core, 'enterprise.list', {})).rows),
      )
      for (const m of e.mustContainIfImported) expect(text).toContain(m)
    })
  }
})
