import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../core/test/helpers'
import { parseArgs, runCli } from './commands'

async function run(argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { staticDir: '/nonexistent' },
  )
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('cli', () => {
  it('parses flags in both --k v and --k=v forms', () => {
    expect(parseArgs(['list', 'enterprises', '--json', '--data-dir=/x', '--query', '华兴'])).toEqual({
      positionals: ['list', 'enterprises'],
      flags: { json: true, 'data-dir': '/x', query: '华兴' },
    })
  })

  it('loads the demo and lists the enterprises as JSON, filtered by a query', async () => {
    const dir = tempDir()
    expect((await run(['demo', '--data-dir', dir])).out).toMatch(/14 个村（社区），240 家企业/)
    const all = await run(['list', 'enterprises', '--json', '--data-dir', dir])
    expect(all.code).toBe(0)
    const rows = JSON.parse(all.out) as { name: string; creditCode: string }[]
    expect(rows).toHaveLength(240)
    const one = rows[17] as { name: string }
    const found = JSON.parse(
      (await run(['list', 'enterprises', '--json', '--query', one.name, '--data-dir', dir])).out,
    )
    expect(found.map((r: { name: string }) => r.name)).toContain(one.name)
    expect((await run(['check', '--data-dir', dir])).out).toBe('数据库完整性检查通过。')
  })

  it('lists the 危化品经营许可证 soonest to end first, and any kit ledger by its spec key', async () => {
    const dir = tempDir()
    await run(['demo', '--data-dir', dir])
    const json = JSON.parse((await run(['list', 'chemLicences', '--json', '--data-dir', dir])).out) as {
      licenceNo: string
      validTo: string
    }[]
    expect(json.length).toBeGreaterThan(1)
    const text = await run(['list', 'chemLicences', '--data-dir', dir])
    expect(text.code).toBe(0)
    const lines = text.out.split('\n')
    expect(lines.at(-1)).toBe(`共 ${json.length} 张`)
    expect(lines[0]).toContain(json[0]!.licenceNo)
    const ends = json.map((l) => l.validTo)
    expect(ends).toEqual([...ends].sort())
    // any other kit ledger by its spec key, in the columns its list shows
    const acts = JSON.parse((await run(['list', 'activity', '--json', '--data-dir', dir])).out) as {
      title: string
    }[]
    expect(acts.length).toBeGreaterThan(0)
    const shown = (await run(['list', 'activity', '--data-dir', dir])).out.split('\n')
    expect(shown.at(-1)).toBe(`共 ${acts.length} 次`)
    expect(shown[0]).toContain(acts[0]!.title)
  })

  it('refuses to load the demo over real data', async () => {
    const dir = tempDir()
    await run(['demo', '--data-dir', dir])
    const again = await run(['demo', '--data-dir', dir])
    expect(again.code).toBe(1)
    expect(again.err).toContain('示例数据只能载入空数据库')
  })

  it('answers unknown ledgers and unknown commands in Chinese', async () => {
    const dir = path.join(tempDir(), 'data')
    const r = await run(['list', 'frobnicate', '--data-dir', dir])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^请指定台账：enterprises、chemicals/)
    expect((await run(['frobnicate'])).err).toContain('未知命令')
    expect((await run(['serve', '--port', 'abc', '--data-dir', dir])).err).toContain('端口“abc”无效')
  })
})

describe('cli import and export', () => {
  const FIX = path.resolve(__dirname, '../../tests/fixtures/ledgers')

  it('imports a messy ledger and prints the JSON summary with sheet, row and column', async () => {
    const dir = tempDir()
    const dry = await run([
      'import',
      'enterprises',
      path.join(FIX, '02-enterprises-biff8.xls'),
      '--dry-run',
      '--json',
      '--data-dir',
      dir,
    ])
    expect(dry.code).toBe(0)
    const d = JSON.parse(dry.out)
    expect(d).toMatchObject({
      inserted: 54,
      updated: 0,
      unchanged: 0,
      duplicates: 1,
      dryRun: true,
      errors: [],
    })
    // the earlier of two rows for the same enterprise is skipped, with its reason
    expect(d.skipped).toEqual([
      { sheet: '企业台账', row: 24, reason: expect.stringContaining('以第 56 行为准') },
    ])
    // bad credit codes cost only the cell: reported on sheet, row and column
    expect(d.warnings.map((e: { row: number }) => e.row)).toEqual([12, 19])
    expect(d.warnings[0]).toMatchObject({ sheet: '企业台账', column: 'C' })
    expect(d.mapping.find((m: { header: string }) => m.header === '企业名称')).toMatchObject({
      column: 'B',
      field: 'name',
      confidence: 1,
      needsConfirmation: false,
    })
    // a dry run writes nothing at all into the data folder
    expect(fs.readdirSync(dir)).toEqual([])
    expect(JSON.parse((await run(['list', 'enterprises', '--json', '--data-dir', dir])).out)).toEqual([])
    const real = JSON.parse(
      (
        await run([
          'import',
          'enterprises',
          path.join(FIX, '02-enterprises-biff8.xls'),
          '--json',
          '--data-dir',
          dir,
        ])
      ).out,
    )
    expect(real.inserted).toBe(54)
    expect(JSON.parse((await run(['list', 'enterprises', '--json', '--data-dir', dir])).out)).toHaveLength(54)
  })

  it('exports to a file that imports back without changes', async () => {
    const dir = tempDir()
    await run(['demo', '--data-dir', dir])
    const file = path.join(dir, '导出.xlsx')
    expect((await run(['export', 'enterprises', file, '--data-dir', dir])).out).toBe(
      `已导出 240 家企业到 ${file}`,
    )
    const again = JSON.parse(
      (await run(['import', 'enterprises', file, '--dry-run', '--json', '--data-dir', dir])).out,
    )
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 240, skipped: [], errors: [] })
  })

  it('exports only the records a --query finds, as the list shows them', async () => {
    const dir = tempDir()
    await run(['demo', '--data-dir', dir])
    const found = JSON.parse(
      (await run(['list', 'enterprises', '--json', '--query', '安泰', '--data-dir', dir])).out,
    ) as { name: string }[]
    expect(found.length).toBeGreaterThan(0)
    expect(found.length).toBeLessThan(240)
    const file = path.join(dir, '安泰.xlsx')
    expect((await run(['export', 'enterprises', file, '--query', '安泰', '--data-dir', dir])).out).toBe(
      `已导出 ${found.length} 家企业到 ${file}`,
    )
    const back = JSON.parse(
      (await run(['import', 'enterprises', file, '--dry-run', '--json', '--data-dir', dir])).out,
    )
    expect(back).toMatchObject({ inserted: 0, unchanged: found.length, errors: [] })
  })

  it('exits non-zero only when the file cannot be read as a ledger', async () => {
    const dir = tempDir()
    const r = await run([
      'import',
      'enterprises',
      path.join(FIX, '12-form-signin.xlsx'),
      '--json',
      '--data-dir',
      dir,
    ])
    expect(r.code).toBe(1)
    expect(r.err).toContain('看起来不是企业台账')
    // --json: the refusal is one JSON object on stdout too
    expect(JSON.parse(r.out)).toMatchObject({
      inserted: 0,
      error: expect.stringContaining('看起来不是企业台账'),
    })
    const c = await run(['import', 'frobnicate', path.join(FIX, '08-duty-list.xlsx'), '--data-dir', dir])
    expect(c.code).toBe(2)
    expect(c.err).toContain('请指定台账')
    const cj = await run([
      'import',
      'frobnicate',
      path.join(FIX, '08-duty-list.xlsx'),
      '--json',
      '--data-dir',
      dir,
    ])
    expect(JSON.parse(cj.out)).toMatchObject({
      error: expect.stringContaining('请指定台账'),
      errors: [{ message: expect.stringContaining('请指定台账') }],
    })
  })

  it('exports the inspection ledger of the demo and refuses to import one', async () => {
    const dir = tempDir()
    await run(['demo', '--data-dir', dir])
    const n = JSON.parse((await run(['list', 'inspections', '--json', '--data-dir', dir])).out).length
    expect(n).toBeGreaterThan(10)
    const file = path.join(dir, '检查.xlsx')
    expect((await run(['export', 'inspections', file, '--data-dir', dir])).out).toBe(
      `已导出 ${n} 次检查到 ${file}`,
    )
    const imp = await run(['import', 'inspections', file, '--data-dir', dir])
    expect(imp).toMatchObject({ code: 2, err: '检查台账在程序中登记，只能导出，不能从 Excel 导入。' })
  })

  it('imports a hazard ledger, lists it, and exports it back unchanged', async () => {
    const dir = tempDir()
    const imp = JSON.parse(
      (await run(['import', 'hazards', path.join(FIX, '10-hazards.xlsx'), '--json', '--data-dir', dir])).out,
    )
    // the row with an impossible 检查日期 is kept, its date taken from the row and flagged
    expect(imp.inserted).toBe(25)
    expect(imp.errors).toEqual([])
    expect(imp.warnings).toContainEqual(
      expect.objectContaining({ row: 20, column: 'B', message: expect.stringContaining('2025.11.31') }),
    )
    const listed = JSON.parse((await run(['list', 'hazards', '--json', '--data-dir', dir])).out) as {
      enterpriseName: string
    }[]
    expect(listed).toHaveLength(25)
    const file = path.join(dir, '隐患.xlsx')
    expect((await run(['export', 'hazards', file, '--data-dir', dir])).out).toBe(`已导出 25 条隐患到 ${file}`)
    const again = JSON.parse(
      (await run(['import', 'hazards', file, '--dry-run', '--json', '--data-dir', dir])).out,
    )
    expect(again).toMatchObject({ inserted: 0, errors: [] })
  })

  it('imports a chemical ledger in kg, lists it, shows the major hazards and exports it back unchanged', async () => {
    const dir = tempDir()
    const imp = JSON.parse(
      (await run(['import', 'chemicals', path.join(FIX, '05-chemicals-kg.xls'), '--json', '--data-dir', dir]))
        .out,
    )
    expect(imp.inserted).toBe(28)
    // the two mistyped CAS numbers are reported on their rows, in the CAS column
    expect(imp.warnings.map((w: { row: number; column: string }) => [w.row, w.column])).toEqual([
      [10, 'D'],
      [31, 'D'],
    ])
    const listed = JSON.parse((await run(['list', 'chemicals', '--json', '--data-dir', dir])).out) as {
      quantityUnit: string
    }[]
    expect(listed).toHaveLength(28)
    expect(new Set(listed.map((c) => c.quantityUnit))).toEqual(new Set(['kg']))
    // 棠坪禾凯化工 乙炔瓶库: 乙炔 188 kg / 1 t → S = 0.188, no source; none of the file's units reaches S = 1
    const major = JSON.parse((await run(['major-hazards', '--json', '--data-dir', dir])).out)
    expect(major).toEqual([])
    const file = path.join(dir, '危化品.xlsx')
    expect((await run(['export', 'chemicals', file, '--kg', '--data-dir', dir])).code).toBe(0)
    const again = JSON.parse(
      (await run(['import', 'chemicals', file, '--dry-run', '--json', '--data-dir', dir])).out,
    )
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 28, errors: [] })
    // --query filters the chemical export like every other ledger's, and the line says what it wrote
    const some = path.join(dir, '乙炔.xlsx')
    const found = listed.filter((c) => JSON.stringify(c).includes('乙炔')).length
    expect(found).toBeGreaterThan(0)
    expect(found).toBeLessThan(28)
    expect((await run(['export', 'chemicals', some, '--query', '乙炔', '--data-dir', dir])).out).toBe(
      `已导出 ${found} 种危化品到 ${some}`,
    )
  })

  it('the demo holds major hazard sources of several grades, each with its terms', async () => {
    const dir = tempDir()
    await run(['demo', '--data-dir', dir])
    const major = JSON.parse((await run(['major-hazards', '--json', '--data-dir', dir])).out) as {
      unitName: string
      gradeLabel: string
      r: number
      terms: { name: string; Q: number; beta: number }[]
    }[]
    expect(major.map((m) => [m.unitName, m.gradeLabel])).toEqual([
      ['液氯库房', '二级'],
      ['油罐区', '三级'],
      ['液化气储罐区', '四级'],
    ])
    expect(major[0]?.r).toBeCloseTo(72, 10)
    expect(major[0]?.terms.map((t) => [t.name, t.Q, t.beta])).toEqual([
      ['氯', 5, 4],
      ['氨', 10, 2],
    ])
    const text = (await run(['major-hazards', '--data-dir', dir])).out
    expect(text).toContain('共 3 个重大危险源单元')
  })
})
