import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../core/test/helpers'
import { runCli } from './commands'

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

describe('cli stats and summary', () => {
  it('prints every statistic with the filter that reproduces its records, and writes the files', async () => {
    const dir = tempDir()
    await run(['demo', '--data-dir', dir])
    const year = String(new Date().getFullYear())
    const r = await run(['stats', '--year', year, '--json', '--data-dir', dir])
    expect(r.code).toBe(0)
    const s = JSON.parse(r.out) as {
      values: { key: string; value: number; filter: { name: string; query: Record<string, string> } | null }[]
      summary: string
    }
    const hazards = s.values.find((v) => v.key === 'hazards')
    expect(hazards?.filter).toEqual({
      name: 'hazards',
      query: { 'f.foundOn.from': `${year}-01-01`, 'f.foundOn.to': `${year}-12-31` },
    })
    // the filter reproduces the number through the same door
    const listed = await run(['list', 'hazards', '--json', '--data-dir', dir])
    const rows = JSON.parse(listed.out) as { foundOn: string }[]
    expect(rows.filter((h) => h.foundOn.startsWith(year)).length).toBe(hazards?.value)
    expect(s.summary).toContain(`发现各类安全隐患${hazards?.value}处`)

    const xlsx = path.join(dir, '统计.xlsx')
    expect((await run(['stats', xlsx, '--year', year, '--data-dir', dir])).code).toBe(0)
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK')
    const docx = path.join(dir, '总结.docx')
    expect((await run(['summary', docx, '--year', year, '--data-dir', dir])).code).toBe(0)
    expect(fs.statSync(docx).size).toBeGreaterThan(3000)
  })

  it('writes the upward report forms and `export stats`, with the registry’s numbers', async () => {
    const { excelJs } = await import('../core/excel/exceljs')
    const dir = tempDir()
    await run(['demo', '--data-dir', dir])
    const year = String(new Date().getFullYear())
    const s = JSON.parse((await run(['stats', '--year', year, '--json', '--data-dir', dir])).out) as {
      values: { key: string; value: number | null }[]
    }
    const v = (k: string) => s.values.find((x) => x.key === k)?.value
    const file = path.join(dir, '挂牌督办.xlsx')
    const r = await run(['stats', 'report', 'supervised-hazards', file, '--year', year, '--data-dir', dir])
    expect(r.code).toBe(0)
    expect(r.out).toContain('三级挂牌督办重大隐患整改汇总表')
    const wb = new (excelJs().Workbook)()
    await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.getCell('C6').value).toBe(v('supervisedHazards'))
    expect(ws.getCell('D6').value).toBe(v('supervisedClosed'))

    const byLabel = path.join(dir, '检查.xlsx')
    expect(
      (await run(['stats', 'report', '安全生产检查和专项整治统计表', byLabel, '--data-dir', dir])).code,
    ).toBe(0)
    const wb2 = new (excelJs().Workbook)()
    await wb2.xlsx.load(fs.readFileSync(byLabel) as unknown as ArrayBuffer)
    expect(wb2.worksheets[0]!.getCell('E6').value).toBe(v('inspections'))

    const stats = path.join(dir, '统计.xlsx')
    expect((await run(['export', 'stats', stats, '--year', year, '--data-dir', dir])).code).toBe(0)
    expect(fs.readFileSync(stats).subarray(0, 2).toString()).toBe('PK')
    expect((await run(['stats', 'report', 'nope', 'x.xlsx', '--data-dir', dir])).err).toContain(
      '没有名为“nope”的上报表格，可选：inspection-rectification（安全生产检查和专项整治统计表）',
    )
    expect((await run(['export', 'stats', '--data-dir', dir])).err).toBe(
      '请给出要保存的文件，如 export stats 统计.xlsx --year 2026',
    )
  })

  it('explains a bad period in Chinese', async () => {
    const dir = tempDir()
    expect(await run(['stats', '--from', '2026-01-01', '--data-dir', dir])).toMatchObject({
      code: 2,
      err: '请同时给出 --from 和 --to（如 --from 2026-01-01 --to 2026-06-30）',
    })
    expect((await run(['stats', '--from', '2026-12-31', '--to', '2026-01-01', '--data-dir', dir])).err).toBe(
      '起始日期不能晚于截止日期',
    )
    expect((await run(['summary', 'a.xlsx', '--data-dir', dir])).err).toBe('文件名应以 .docx 结尾')
  })

  it('exports the year’s inspection plan (`export plan`)', async () => {
    const { excelJs } = await import('../core/excel/exceljs')
    const dir = tempDir()
    await run(['demo', '--data-dir', dir])
    const year = String(new Date().getFullYear())
    const file = path.join(dir, '计划.xlsx')
    const r = await run(['export', 'plan', file, '--year', year, '--data-dir', dir])
    expect(r.code).toBe(0)
    expect(r.out).toContain(`${year}年度安全生产执法检查计划`)
    const wb = new (excelJs().Workbook)()
    await wb.xlsx.readFile(file)
    const ws = wb.getWorksheet('检查计划')!
    // the demo's plan, one row per item under the header
    expect(ws.rowCount - 3).toBeGreaterThan(20)
    expect(wb.getWorksheet('双随机抽取记录')!.getCell('D4').value).toMatch(/^\d+$/)
    expect((await run(['export', 'plan', 'a.docx', '--data-dir', dir])).err).toContain('.xlsx')
  })
})
