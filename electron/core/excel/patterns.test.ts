import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../cli/commands'
import { createCore, type Core } from '../index'
import { memoryCore, ok, tempDir, waitJob } from '../test/helpers'
import { PATTERNS, type PatternExpected } from './patterns'
import { hazardRecords } from '../inspections/hazards'

// The generated real-world patterns (tests/fixtures/patterns) import as their expected.json says,
// through the handler table (what the wizard calls) and through the CLI.

const DIR = path.resolve(__dirname, '../../../tests/fixtures/patterns')
const LIST = { enterprises: 'enterprise.list', hazards: 'hazard.list' } as const

let core: Core | null = null
afterEach(() => {
  core?.close()
  core = null
})

interface Issue {
  row: number
  column: string | null
  message: string
}
interface Preview {
  importId: string
  headerRows: number[]
  columns: { header: string; field: string | null; needsConfirmation: boolean }[]
  sheetUse: { name: string; used: boolean; reason: string }[]
  errors: Issue[]
  warnings: Issue[]
  skippedRows: { row: number; reason: string }[]
  notices: string[]
}

const rows = (list: { row: number }[]): number[] => [...new Set(list.map((x) => x.row))].sort((a, b) => a - b)

/** Stored records keyed as the expected.json keys them (enterprise name, or hazard description). */
async function stored(c: Core, exp: PatternExpected): Promise<Record<string, Record<string, unknown>>> {
  const r = await ok<{ rows: Record<string, unknown>[] }>(c, LIST[exp.ledger], { pageSize: 200 })
  const key = exp.ledger === 'hazards' ? 'description' : 'name'
  // the enterprise list masks phones on purpose; the records themselves are whole (and hazards
  // carry their lifecycle details, as the drawer shows them)
  const rows =
    exp.ledger === 'enterprises'
      ? await Promise.all(r.rows.map((x) => ok<Record<string, unknown>>(c, 'enterprise.get', { id: x.id })))
      : (hazardRecords(c.ctx, {}) as unknown as Record<string, unknown>[])
  return Object.fromEntries(rows.map((x) => [x[key] as string, x]))
}

function checkStored(all: Record<string, Record<string, unknown>>, exp: PatternExpected): void {
  expect(Object.keys(all)).toHaveLength(exp.records)
  for (const [name, fields] of Object.entries(exp.stored)) {
    expect(all[name], name).toBeDefined()
    expect(all[name], name).toMatchObject(fields)
  }
  const text = JSON.stringify(all)
  for (const m of exp.mustNotContain) expect(text, m).not.toContain(m)
}

describe.each(PATTERNS.map((p) => p.expected))('$file', (exp) => {
  const file = path.join(DIR, exp.file)

  it('the committed file and expected.json are what the generator writes', () => {
    const json = JSON.parse(fs.readFileSync(file.replace(/\.[^.]+$/, '.expected.json'), 'utf8'))
    expect(json).toEqual(exp)
  })

  it('imports through the handler table as expected', async () => {
    const c = (core = await memoryCore())
    for (const name of exp.seedVillages) await ok(c, 'village.create', { name })
    const { jobId } = await ok<{ jobId: string }>(c, 'excel.startPreview', {
      ledger: exp.ledger,
      fileName: exp.file,
      base64: fs.readFileSync(file).toString('base64'),
    })
    const p = await waitJob<Preview>(c, jobId)
    expect(p.headerRows).toEqual(exp.headerRows)
    const byHeader = Object.fromEntries(p.columns.map((x) => [x.header, x]))
    for (const [header, field] of Object.entries(exp.mapping))
      expect(byHeader[header]?.field, header).toBe(field)
    expect(p.columns.filter((x) => x.needsConfirmation).map((x) => x.header)).toEqual(exp.needsConfirmation)
    expect(rows(p.errors)).toEqual(exp.errorRows)
    expect(rows(p.warnings)).toEqual(exp.warningRows)
    expect(p.skippedRows.map((s) => s.row)).toEqual(exp.skipped.map((s) => s.row))
    exp.skipped.forEach((s, i) => expect(p.skippedRows[i]?.reason).toContain(s.reason))
    for (const n of exp.notices) expect(p.notices.join('\n'), n).toContain(n)
    for (const s of exp.sheetsIgnored)
      expect(p.sheetUse.find((u) => u.name === s.name)).toMatchObject({
        used: false,
        reason: expect.stringContaining(s.reason),
      })
    for (const w of p.warnings) expect(w.column, w.message).toMatch(/^[A-Z]+$/)
    const commit = await ok<{ jobId: string }>(c, 'excel.commitImport', { importId: p.importId })
    expect((await waitJob<{ inserted: number }>(c, commit.jobId)).inserted).toBe(exp.records)
    checkStored(await stored(c, exp), exp)
  })

  it('imports through the CLI, reporting the same facts as one JSON object', async () => {
    const dir = tempDir()
    if (exp.seedVillages.length) {
      const c = await createCore({ dataDir: dir })
      for (const name of exp.seedVillages) await ok(c, 'village.create', { name })
      c.close()
    }
    const out: string[] = []
    const code = await runCli(
      ['import', exp.ledger, file, '--json', '--data-dir', dir],
      { out: (l) => out.push(l), err: () => undefined },
      { staticDir: '/nonexistent' },
    )
    expect(code).toBe(0)
    const r = JSON.parse(out.join('\n'))
    expect(r.inserted).toBe(exp.records)
    expect(r.headerRows).toEqual(exp.headerRows)
    expect(rows(r.errors)).toEqual(exp.errorRows)
    expect(rows(r.warnings)).toEqual(exp.warningRows)
    expect(r.skipped.map((s: { row: number }) => s.row)).toEqual(exp.skipped.map((s) => s.row))
    const byHeader = Object.fromEntries(
      (r.mapping as { header: string; field: string | null }[]).map((m) => [m.header, m]),
    )
    for (const [header, field] of Object.entries(exp.mapping))
      expect(byHeader[header]?.field, header).toBe(field)
    for (const h of exp.needsConfirmation) expect(byHeader[h]).toMatchObject({ needsConfirmation: true })
    const c = (core = await createCore({ dataDir: dir }))
    checkStored(await stored(c, exp), exp)
  })
})

describe('fields without a column', () => {
  it('a roster without a village column takes the clerk’s village for all rows; the address guess still wins', async () => {
    const c = (core = await memoryCore())
    await ok(c, 'village.create', { name: '东湖村' })
    const { jobId } = await ok<{ jobId: string }>(c, 'excel.startPreview', {
      ledger: 'enterprises',
      fileName: 'roster-no-village.xlsx',
      base64: fs.readFileSync(path.join(DIR, 'roster-no-village.xlsx')).toString('base64'),
    })
    const p = await waitJob<Preview & { defaultable: { key: string }[] }>(c, jobId)
    expect(p.defaultable.map((d) => d.key)).toContain('villageId')
    const after = await ok<Preview>(c, 'excel.updateImport', {
      importId: p.importId,
      defaults: { villageId: '西岭村' },
    })
    expect(after.notices.join()).not.toContain('待补充')
    const commit = await ok<{ jobId: string }>(c, 'excel.commitImport', { importId: p.importId })
    await waitJob(c, commit.jobId)
    const all = await stored(c, PATTERNS[0]!.expected)
    expect(Object.fromEntries(Object.entries(all).map(([n, r]) => [n, r.villageName]))).toEqual({
      青禾恒达机械有限公司: '东湖村',
      青禾宏远纺织厂: '西岭村',
      青禾顺发建材有限公司: '东湖村',
      青禾金盛五金店: '西岭村',
      青禾永安石材有限公司: '西岭村',
    })
  })

  it('the CLI takes the same value with --default, and a dry run writes nothing', async () => {
    const dir = tempDir()
    const out: string[] = []
    const run = (argv: string[]) =>
      runCli(argv, { out: (l) => out.push(l), err: () => undefined }, { staticDir: '/nonexistent' })
    const file = path.join(DIR, 'roster-no-village.xlsx')
    expect(await run(['import', 'enterprises', file, '--dry-run', '--json', '--data-dir', dir])).toBe(0)
    expect(JSON.parse(out.join('\n'))).toMatchObject({ inserted: 5, dryRun: true })
    expect(fs.readdirSync(dir)).toEqual([])
    out.length = 0
    expect(
      await run(['import', 'enterprises', file, '--default', '所属村=南山村', '--json', '--data-dir', dir]),
    ).toBe(0)
    expect(JSON.parse(out.join('\n'))).toMatchObject({ inserted: 5, defaults: { villageId: '南山村' } })
    const c = (core = await createCore({ dataDir: dir }))
    const all = await stored(c, PATTERNS[0]!.expected)
    expect(new Set(Object.values(all).map((r) => r.villageName))).toEqual(new Set(['南山村']))
  })
})

describe('a ledger over several sheets', () => {
  it('the CLI names the sheet it left out, and imports every such sheet with --sheet all', async () => {
    const dir = tempDir()
    const out: string[] = []
    const run = async (argv: string[]) => {
      out.length = 0
      expect(
        await runCli(argv, { out: (l) => out.push(l), err: () => undefined }, { staticDir: '/nonexistent' }),
      ).toBe(0)
      return JSON.parse(out.join('\n'))
    }
    const file = path.join(DIR, 'two-sheets.xlsx')
    const one = await run(['import', 'enterprises', file, '--dry-run', '--json', '--data-dir', dir])
    expect(one.inserted).toBe(3)
    expect(one.sheets).toContainEqual({
      name: '西片',
      used: false,
      reason: expect.stringContaining('也像企业台账（约 1 行）'),
    })
    const all = await run(['import', 'enterprises', file, '--sheet', 'all', '--json', '--data-dir', dir])
    expect(all.inserted).toBe(4)
    expect(all.sheets.filter((u: { used: boolean }) => u.used).map((u: { name: string }) => u.name)).toEqual([
      '东片',
      '西片',
    ])
    const c = (core = await createCore({ dataDir: dir }))
    expect(Object.keys(await stored(c, PATTERNS[4]!.expected))).toContain('青禾西片一号厂')
  })
})
