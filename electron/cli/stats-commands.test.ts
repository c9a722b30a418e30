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
      query: { from: `${year}-01-01`, to: `${year}-12-31` },
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
})
