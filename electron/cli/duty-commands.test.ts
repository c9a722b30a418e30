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

const FIX = path.resolve(__dirname, '../../tests/fixtures/ledgers')

describe('cli duty', () => {
  it('import duty prints the warnings on cells that hold no shift (a mark the 排班表 does not know)', async () => {
    const dir = tempDir()
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('十月')
    for (const r of [
      ['青山镇2026年10月排班表'],
      ['姓名', ...[1, 2].map((d) => new Date(Date.UTC(2026, 9, d)))],
      ['王镇长', '带班', '出差'],
      ['张干部', '值班', '值班'],
    ])
      ws.addRow(r)
    const file = path.join(dir, '排班.xlsx')
    await wb.xlsx.writeFile(file)
    const r = await run(['import', 'duty', file, '--dry-run', '--data-dir', dir])
    expect(r.code).toBe(0)
    expect(r.out).toContain('提醒 1 处')
    expect(r.out).toMatch(/提醒 工作表“十月”第 3 行 C 列：“出差”不是排班表的标记（.+），已略过/)
    const json = JSON.parse(
      (await run(['import', 'duty', file, '--dry-run', '--json', '--data-dir', dir])).out,
    )
    expect(json.warnings).toEqual([
      { sheet: '十月', row: 3, column: 'C', message: expect.stringContaining('“出差”不是排班表的标记') },
    ])
  })

  it('demo makes this month’s roster; list duty --json prints it day by day', async () => {
    const dir = tempDir()
    expect((await run(['demo', '--data-dir', dir])).out).toContain('本月值班表和值班日志')
    const r = await run(['list', 'duty', '--json', '--data-dir', dir])
    expect(r.code).toBe(0)
    const roster = JSON.parse(r.out) as { title: string; days: { leaders: unknown[]; staff: unknown[] }[] }
    expect(roster.title).toMatch(/^青禾镇\d{4}年\d{1,2}月值班安排表$/)
    expect(roster.days.length).toBeGreaterThanOrEqual(28)
    expect(roster.days.every((d) => d.leaders.length === 1 && d.staff.length === 2)).toBe(true)
  })

  it('import duty <file> --json reports the layout, period and duties, then stores them', async () => {
    const dir = tempDir()
    const file = path.join(FIX, '09-duty-matrix.xlsx')
    const dry = await run(['import', 'duty', file, '--dry-run', '--json', '--data-dir', dir])
    expect(dry.code).toBe(0)
    // the generic import (the Excel engine, as for every ledger): the layout, period and shifts
    expect(JSON.parse(dry.out)).toMatchObject({
      layout: '排班表（每人一行、每天一列）',
      notices: expect.arrayContaining(['值班表：2026-10-01 至 2026-10-31，共 31 天']),
      inserted: 93,
      headerRows: [2, 3],
      firstDataRow: 4,
      errors: [],
      dryRun: true,
    })
    const done = await run(['import', 'duty', file, '--json', '--operator', '王主任', '--data-dir', dir])
    expect(JSON.parse(done.out)).toMatchObject({ dryRun: false, inserted: 93 })
    const audit = await run(['audit', '--json', '--data-dir', dir])
    expect(audit.out).toContain('命令行（王主任）')
    const list = await run(['list', 'duty', '--from', '2026-10-01', '--to', '2026-10-03', '--data-dir', dir])
    expect(list.out.split('\n')[1]).toMatch(/^2026-10-01\t星期四\t蒋庆水\t/)
    const bad = await run(['import', 'duty', path.join(FIX, 'nope.xlsx'), '--json', '--data-dir', dir])
    expect(bad.code).toBe(1)
    expect(JSON.parse(bad.out).error).toContain('无法读取文件')
    // and out again as a 排班表 through the generic export
    const out = path.join(dir, '国庆排班.xlsx')
    const ex = await run([
      'export',
      'duty',
      out,
      '--from',
      '2026-10-01',
      '--to',
      '2026-10-07',
      '--layout',
      'matrix',
      '--data-dir',
      dir,
    ])
    expect(ex.out).toContain('已导出 21 个班次')
    const again = await run(['import', 'duty', out, '--dry-run', '--json', '--data-dir', dir])
    expect(JSON.parse(again.out)).toMatchObject({ layout: '排班表（每人一行、每天一列）', inserted: 21 })
  })
})
