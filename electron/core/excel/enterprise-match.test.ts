import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../cli/commands'
import { createCore, type Core } from '../index'
import { memoryCore, ok, tempDir, waitJob } from '../test/helpers'
import { looseName } from './enterprise-match'
import { excelJs } from './exceljs'
import { creditCode } from './patterns'

// An enterprise written another way than in the roster (厂 for 有限公司, （）, full-width letters)
// is offered as the existing one instead of becoming a second record — in the roster import
// itself and in the hazard and chemical imports that create missing enterprises. The clerk can
// answer "新建企业" per name; the CLI reports the near matches in its JSON.

let core: Core | null = null
afterEach(() => {
  core?.close()
  core = null
})

interface Near {
  name: string
  existingName: string
  village: string
  rows: number[]
  useExisting: boolean
}
interface Preview {
  importId: string
  nearMatches: Near[]
  summary: { inserted: number; updated: number }
  warnings: { row: number; column: string | null; message: string }[]
}

async function xlsx(header: string[], rows: (string | number | null)[][]): Promise<string> {
  const wb = new (excelJs().Workbook)()
  const ws = wb.addWorksheet('Sheet1')
  ws.addRow(header)
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
}

async function preview(c: Core, ledger: string, base64: string): Promise<Preview> {
  const { jobId } = await ok<{ jobId: string }>(c, 'excel.startPreview', {
    ledger,
    fileName: 'f.xlsx',
    base64,
  })
  return waitJob<Preview>(c, jobId)
}

async function commit(c: Core, importId: string): Promise<void> {
  const { jobId } = await ok<{ jobId: string }>(c, 'excel.commitImport', { importId })
  await waitJob(c, jobId)
}

async function roster(c: Core): Promise<Record<string, Record<string, unknown>>> {
  const r = await ok<{ rows: Record<string, unknown>[] }>(c, 'enterprise.list', { pageSize: 100 })
  return Object.fromEntries(r.rows.map((x) => [x.name as string, x]))
}

async function seed(c: Core): Promise<void> {
  const v = await ok<{ id: number }>(c, 'village.create', { name: '东湖村' })
  await ok(c, 'enterprise.create', { data: { name: '青禾恒达机械有限公司', villageId: v.id } })
  await ok(c, 'enterprise.create', {
    data: { name: '青禾华兴（ＡＢ）纺织有限公司', villageId: v.id, creditCode: '91330110MA2KX3H1P8' },
  })
}

describe('names written another way', () => {
  it('normalise width, brackets, spaces and the legal form', () => {
    expect(looseName('青禾恒达机械厂')).toBe(looseName('青禾恒达机械有限公司'))
    expect(looseName('青禾恒达机械 有限责任公司')).toBe(looseName('青禾恒达机械有限公司'))
    expect(looseName('青禾华兴(AB)纺织有限公司')).toBe(looseName('青禾华兴（ＡＢ）纺织有限公司'))
    expect(looseName('青禾恒达五金')).not.toBe(looseName('青禾恒达机械有限公司'))
  })

  it('a roster row is offered the existing enterprise; the clerk may create a new one instead', async () => {
    const c = (core = await memoryCore())
    await seed(c)
    const file = await xlsx(
      ['企业名称', '所属村（社区）', '主要负责人', '统一社会信用代码'],
      [
        ['青禾恒达机械厂', '东湖村', '周敏', null],
        ['青禾华兴(AB)纺织有限公司', '东湖村', '李强', '91330110MA2KX3H1P8'],
        // same loose name but another credit code: another enterprise, nothing offered
        ['青禾华兴（AB）纺织厂', '东湖村', '王五', creditCode('92330110MA2KX3H1P')],
        ['青禾新建五金店', '东湖村', '赵六', null],
      ],
    )
    const p = await preview(c, 'enterprises', file)
    expect(p.nearMatches).toEqual([
      {
        name: '青禾恒达机械厂',
        existingId: expect.any(Number),
        existingName: '青禾恒达机械有限公司',
        village: '东湖村',
        rows: [2],
        useExisting: true,
      },
    ])
    expect(p.summary).toMatchObject({ inserted: 2, updated: 2 })
    expect(p.warnings.find((w) => w.row === 2)).toMatchObject({
      column: 'A',
      message: '企业台账中没有“青禾恒达机械厂”，按相近名称更新“青禾恒达机械有限公司”（名称不改），请核对',
    })

    // "新建企业" for that name: the row becomes a new enterprise, still listed with the choice.
    const changed = await ok<Preview>(c, 'excel.updateImport', {
      importId: p.importId,
      nearChoices: [{ name: '青禾恒达机械厂', useExisting: false }],
    })
    expect(changed.summary).toMatchObject({ inserted: 3, updated: 1 })
    expect(changed.nearMatches).toMatchObject([{ name: '青禾恒达机械厂', useExisting: false }])
    // …and back to the existing one, which is what gets committed
    const back = await ok<Preview>(c, 'excel.updateImport', {
      importId: p.importId,
      nearChoices: [{ name: '青禾恒达机械厂', useExisting: true }],
    })
    expect(back.summary).toMatchObject({ inserted: 2, updated: 2 })
    await commit(c, p.importId)
    const all = await roster(c)
    expect(Object.keys(all).sort()).toEqual(
      ['青禾华兴(AB)纺织有限公司', '青禾华兴（AB）纺织厂', '青禾恒达机械有限公司', '青禾新建五金店'].sort(),
    )
    expect(all['青禾恒达机械有限公司']).toMatchObject({ principal: '周敏' })
  })

  it('a hazard list names an enterprise another way: offered, or created when the clerk says so', async () => {
    const c = (core = await memoryCore())
    await seed(c)
    const file = await xlsx(
      ['检查日期', '被检查单位', '隐患描述', '整改期限'],
      [
        ['2025-09-20', '青禾恒达机械厂', '配电箱未接地', '2025-10-20'],
        ['2025-09-20', '青禾恒达机械厂', '灭火器过期', '2025-10-20'],
      ],
    )
    const p = await preview(c, 'hazards', file)
    expect(p.nearMatches).toMatchObject([
      { name: '青禾恒达机械厂', existingName: '青禾恒达机械有限公司', rows: [2, 3], useExisting: true },
    ])
    await ok(c, 'excel.updateImport', {
      importId: p.importId,
      nearChoices: [{ name: '青禾恒达机械厂', useExisting: false }],
    })
    await commit(c, p.importId)
    const all = await roster(c)
    expect(all['青禾恒达机械厂']).toBeDefined()
    const hazards = await ok<{ rows: { enterpriseName: string }[] }>(c, 'hazard.list', { pageSize: 10 })
    expect(hazards.rows.map((h) => h.enterpriseName)).toEqual(['青禾恒达机械厂', '青禾恒达机械厂'])
  })

  it('the CLI reports near matches in its JSON (and files the rows under the existing enterprise)', async () => {
    const dir = tempDir()
    const c = await createCore({ dataDir: dir })
    await seed(c)
    c.close()
    const file = path.join(dir, 'hazards.xlsx')
    fs.writeFileSync(
      file,
      Buffer.from(
        await xlsx(
          ['检查日期', '被检查单位', '隐患描述'],
          [['2025-09-20', '青禾恒达机械 厂', '配电箱未接地']],
        ),
        'base64',
      ),
    )
    const out: string[] = []
    const code = await runCli(
      ['import', 'hazards', file, '--json', '--data-dir', dir],
      { out: (l) => out.push(l), err: () => undefined },
      { staticDir: '/nonexistent' },
    )
    expect(code).toBe(0)
    const r = JSON.parse(out.join('\n'))
    expect(r.nearMatches).toEqual([
      {
        sheet: 'Sheet1',
        name: '青禾恒达机械 厂',
        existing: '青禾恒达机械有限公司',
        village: '东湖村',
        rows: [2],
        useExisting: true,
      },
    ])
    const after = (core = await createCore({ dataDir: dir }))
    expect(Object.keys(await roster(after))).not.toContain('青禾恒达机械 厂')
  })
})
