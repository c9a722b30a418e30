import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { memoryCore, ok, waitJob } from '../test/helpers'
import { excelJs } from './exceljs'
import { commitSession, openSession } from './import'
import { readBook } from './read'

// The hazard ledger's export as a clerk prints it or sends it on: the list's columns with the
// lifecycle as the list shows it (status labels, deadline, 复查 and 销号 dates), 宋体, fitted to
// the page width while readable, named after its filter — and it imports back without changes.

let core: Core | null = null
afterEach(() => core?.close())

async function seed(c: Core) {
  const wb = new (excelJs().Workbook)()
  const ws = wb.addWorksheet('隐患')
  ws.addRow(['检查日期', '被检查单位', '隐患描述', '隐患等级', '整改期限', '整改情况', '销号日期'])
  ws.addRow([
    '2026-09-01',
    '青禾恒达机械有限公司',
    '配电箱未接地',
    '一般',
    '2026-09-10',
    '已销号',
    '2026-09-09',
  ])
  ws.addRow(['2026-09-02', '青禾恒达机械有限公司', '消防通道堵塞', '一般', '2026-09-20', '整改中', null])
  ws.addRow(['2026-11-20', '青禾宏远纺织厂', '粉尘除尘器未泄爆', '重大', '2026-12-20', '未整改', null])
  ws.addRow(['2026-11-21', '青禾宏远纺织厂', '灭火器过期', '3级', '2026-12-01', '已整改', null])
  const book = await readBook(Buffer.from(await wb.xlsx.writeBuffer()), 'h.xlsx')
  await commitSession(c.ctx, openSession(c.ctx, book, 'h.xlsx', undefined, 'hazards'), 'valid-only')
}

async function exported(c: Core, input: Record<string, unknown>) {
  const { jobId } = await ok<{ jobId: string }>(c, 'excel.startExport', { ledger: 'hazards', ...input })
  const file = await waitJob<{ fileName: string; base64: string }>(c, jobId)
  const wb = new (excelJs().Workbook)()
  await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]!
  const header = (ws.getRow(3).values as unknown[]).slice(1)
  const rows: Record<string, unknown>[] = []
  for (let r = 4; r <= ws.rowCount; r++)
    rows.push(Object.fromEntries(header.map((h, i) => [h, ws.getRow(r).getCell(i + 1).value])))
  return { file, ws, header, rows }
}

describe('hazard export', () => {
  it('prints the list’s columns with the lifecycle as display text, and imports back unchanged', async () => {
    core = await memoryCore()
    await seed(core)
    const { file, ws, header, rows } = await exported(core, {})
    expect(file.fileName).toBe('隐患整改台账-20261128.xlsx')
    expect(header).toEqual([
      '序号',
      '企业名称',
      '发现日期',
      '隐患描述',
      '隐患等级',
      '整改期限',
      '整改责任人',
      '状态',
      '申请复查日期',
      '复查日期',
      '销号日期',
    ])
    const by = Object.fromEntries(rows.map((r) => [r['隐患描述'], r]))
    expect(by['配电箱未接地']).toMatchObject({ 状态: '已销号', 隐患等级: '一般隐患' })
    expect(by['配电箱未接地']?.['销号日期']).toEqual(new Date(Date.UTC(2026, 8, 9)))
    // past its deadline on 2026-11-28 and still 整改中: the list says 逾期未改, so does the paper
    expect(by['消防通道堵塞']?.['状态']).toBe('逾期未改')
    expect(by['粉尘除尘器未泄爆']).toMatchObject({ 状态: '待整改', 隐患等级: '重大隐患' })
    expect(by['粉尘除尘器未泄爆']?.['整改期限']).toEqual(new Date(Date.UTC(2026, 11, 20)))
    expect(by['灭火器过期']?.['状态']).toBe('待复查')
    expect(ws.getCell('D4').font?.name).toBe('宋体')
    expect(ws.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, orientation: 'landscape' })

    // The file imports back: every hazard found, nothing changed (整改中 stays 整改中).
    const book = await readBook(Buffer.from(file.base64, 'base64'), file.fileName)
    const s = openSession(core.ctx, book, file.fileName, undefined, 'hazards')
    expect(s.plan.map((p) => p.status)).toEqual(Array(4).fill('unchanged'))
  })

  it('a filtered export holds only those hazards and is named after the filter', async () => {
    core = await memoryCore()
    await seed(core)
    const { file, ws, rows } = await exported(core, {
      filters: { filters: { grade: { in: ['major'] } }, presets: ['notClosed'] },
    })
    expect(file.fileName).toBe('隐患整改台账（重大隐患、未销号）-20261128.xlsx')
    expect(ws.getCell('A1').value).toMatch(/隐患排查整改台账（重大隐患、未销号）$/)
    expect(rows.map((r) => r['隐患描述'])).toEqual(['粉尘除尘器未泄爆'])
  })

  it('the clerk’s columns: only those, and too many to fit at 60 % repeat the key columns on each page', async () => {
    core = await memoryCore()
    await seed(core)
    const few = await exported(core, { columns: ['enterpriseId', 'description', 'status'] })
    expect(few.header).toEqual(['序号', '企业名称', '隐患描述', '状态'])
    const all = await exported(core, {
      columns: [
        'enterpriseId',
        'foundOn',
        'description',
        'place',
        'category',
        'grade',
        'supervisionLevel',
        'basis',
        'deadline',
        'responsiblePerson',
        'measures',
        'status',
        'extensionRequestedOn',
        'extensionRequestedDeadline',
        'extensionAnswer',
        'reviewRequestedOn',
        'reviewedOn',
        'closedOn',
      ],
    })
    expect(all.ws.pageSetup.fitToPage).toBe(false)
    expect(all.ws.pageSetup.printTitlesColumn).toBe('A:C')
  })

  it('the import template has the spec’s columns, the audited unit first, and the grade dropdown', async () => {
    core = await memoryCore()
    const t = await ok<{ fileName: string; base64: string }>(core, 'excel.template', { ledger: 'hazards' })
    const wb = new (excelJs().Workbook)()
    await wb.xlsx.load(Buffer.from(t.base64, 'base64') as unknown as ArrayBuffer)
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)
    expect(header.slice(0, 4)).toEqual(['序号', '企业名称', '所属村（社区）', '发现日期'])
    expect(header).toEqual(expect.arrayContaining(['隐患描述', '隐患等级', '整改情况', '整改完成日期']))
    const options = wb.getWorksheet('选项')!
    const lists = [1, 2, 3, 4].map((c) => options.getColumn(c).values.slice(1))
    expect(lists).toContainEqual(['一般隐患', '重大隐患'])
  })
})
