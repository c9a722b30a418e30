import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../core/test/helpers'
import { runCli } from './commands'

// CLI: import fireworks <file> --json and list fireworks --json, against a real data folder.

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

describe('cli fireworks', () => {
  it('imports a licensee list with its two-year warning, lists it as JSON and exports it back', async () => {
    const dir = tempDir()
    const imp = await run([
      'import',
      'fireworks',
      path.join(FIX, '07-fireworks-split.xls'),
      '--json',
      '--data-dir',
      dir,
    ])
    expect(imp.code).toBe(0)
    const report = JSON.parse(imp.out) as {
      inserted: number
      errors: unknown[]
      warnings: { row: number; message: string }[]
    }
    expect(report.inserted).toBe(28)
    expect(report.errors).toEqual([])
    expect(report.warnings).toEqual([
      expect.objectContaining({ row: 16, message: expect.stringContaining('许可证有效期超过2年') }),
    ])
    const listed = JSON.parse((await run(['list', 'fireworks', '--json', '--data-dir', dir])).out) as {
      name: string
      licence: { licenceNo: string } | null
    }[]
    expect(listed).toHaveLength(28)
    expect(listed.find((r) => r.name === '宏隆便利店')?.licence?.licenceNo).toBe('（赣）LS〔2025〕628')
    const plain = await run(['list', 'fireworks', '--query', 'LS(2025)628', '--data-dir', dir])
    expect(plain.out).toContain('宏隆便利店\t前埠村\t唐根、段芳亮\t（赣）LS〔2025〕628\t2026-02-28')
    const file = path.join(dir, '烟花爆竹.xlsx')
    expect((await run(['export', 'fireworks', file, '--data-dir', dir])).out).toBe(
      `已导出 28 户零售点到 ${file}`,
    )
    const again = JSON.parse(
      (await run(['import', 'fireworks', file, '--dry-run', '--json', '--data-dir', dir])).out,
    )
    expect(again).toMatchObject({ inserted: 0, updated: 0, errors: [] })
  })
})
