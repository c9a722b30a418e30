import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { fail, memoryCore, ok } from '../test/helpers'
import { excelJs } from './exceljs'
import { commitSession, openSession, summarize } from './import'
import { looseName } from './enterprise-match'
import { gradeOf } from '../inspections/hazard-import-hooks'
import { readBook } from './read'
import { hazardRecords } from '../inspections/hazards'

// The hazard ledger's value rules as a clerk meets them: grade words, 立即整改, 销号 without a
// date, and an enterprise written another way than in the roster.

let core: Core | null = null
afterEach(() => core?.close())

async function hazards(rows: (string | null)[][]) {
  const wb = new (excelJs().Workbook)()
  const ws = wb.addWorksheet('隐患')
  ws.addRow(['检查日期', '被检查单位', '隐患描述', '隐患等级', '整改期限', '整改情况'])
  for (const r of rows) ws.addRow(r)
  const book = await readBook(Buffer.from(await wb.xlsx.writeBuffer()), 'h.xlsx')
  return openSession(core!.ctx, book, 'h.xlsx', undefined, 'hazards')
}

describe('hazard import values', () => {
  it('grade words and numbers: 1级/一级/重大 are 重大, 2–4级/较大/一般 are 一般; others are refused', () => {
    expect(['1级', '一级', '重大隐患', 'Ⅰ级', '1'].map((w) => gradeOf(w))).toEqual(
      Array(5).fill({ ok: true, value: 'major' }),
    )
    expect(['3级', '四级', '较大', '一般隐患', '2'].map((w) => gradeOf(w))).toEqual(
      Array(5).fill({ ok: true, value: 'general' }),
    )
    expect(gradeOf('紫色')).toMatchObject({
      ok: false,
      message: expect.stringContaining('隐患等级“紫色”无法识别'),
    })
  })

  it('an office whose sheets call its most severe grade 较大 sets that in 隐患等级写法, and the import follows', async () => {
    core = await memoryCore()
    const v = await ok<{ id: number }>(core, 'village.create', { name: '东湖村' })
    await ok(core, 'enterprise.create', { data: { name: '青禾恒达机械有限公司', villageId: v.id } })
    const { words } = await ok<{ words: { major: string[]; general: string[] } }>(core, 'hazard.gradeWords')
    const refused = await fail(core, 'hazard.updateGradeWords', {
      major: [...words.major, '较大'],
      general: words.general,
    })
    expect(refused.details?.issues?.[0]?.message).toBe('“较大”同时列在重大和一般里，请只保留一处')
    await ok(core, 'hazard.updateGradeWords', {
      major: [...words.major, '较大'],
      general: words.general.filter((w) => w !== '较大'),
    })
    const rows = [
      ['2025-09-20', '青禾恒达机械有限公司', '储罐区防火堤破损', '较大', '2025-10-20', '未整改'],
      ['2025-09-20', '青禾恒达机械有限公司', '消防通道堵塞', '3级', '2025-10-20', '未整改'],
    ]
    const sum = summarize(await hazards(rows))
    expect(sum.errors).toEqual([])
    await commitSession(core.ctx, await hazards(rows), 'valid-only')
    const list = await ok<{ rows: { description: string; grade: string }[] }>(core, 'hazard.list', {})
    expect(Object.fromEntries(list.rows.map((h) => [h.description, h.grade]))).toEqual({
      储罐区防火堤破损: 'major',
      消防通道堵塞: 'general',
    })
    // back to the default table: 较大 is 一般 again
    const reset = await ok<{ major: string[] }>(core, 'hazard.updateGradeWords', { reset: true })
    expect(reset.major).not.toContain('较大')
  })

  it('the same enterprise written another way is matched instead of created twice', async () => {
    core = await memoryCore()
    const v = await ok<{ id: number }>(core, 'village.create', { name: '东湖村' })
    await ok(core, 'enterprise.create', { data: { name: '青禾恒达机械有限公司', villageId: v.id } })
    expect(looseName('青禾恒达机械（有限公司）')).toBe(looseName('青禾恒达机械有限公司'))
    const s = await hazards([
      ['2025-09-20', '青禾恒达机械厂', '配电箱未接地', '3级', '立即整改', '已销号'],
      ['2025-09-21', '青禾新建五金店', '灭火器过期', '一般', '2025-10-01', '未整改'],
    ])
    const sum = summarize(s)
    expect(sum.warnings.map((w) => w.message)).toEqual([
      '企业台账中没有“青禾恒达机械厂”，按相近名称记在“青禾恒达机械有限公司”名下，请核对',
      '已销号但没有复查或整改完成日期，记为“待复查”，请补充销号日期',
    ])
    const r = await commitSession(core.ctx, s, 'valid-only')
    expect(r.created['企业']).toEqual(['青禾新建五金店'])
    const list = { rows: hazardRecords(core.ctx, {}) as unknown as Record<string, unknown>[] }
    expect(list.rows.find((h) => h.description === '配电箱未接地')).toMatchObject({
      enterpriseName: '青禾恒达机械有限公司',
      deadline: '2025-09-20', // 立即整改: the day it was found
      storedStatus: 'awaiting_review',
    })
  })

  it('an enterprise a hazard list adds takes its place in the roster’s pinyin order', async () => {
    core = await memoryCore()
    const v = await ok<{ id: number }>(core, 'village.create', { name: '东湖村' })
    await ok(core, 'enterprise.create', { data: { name: '安达物流有限公司', villageId: v.id } })
    await ok(core, 'enterprise.create', { data: { name: '青禾恒达机械有限公司', villageId: v.id } })
    await commitSession(
      core.ctx,
      await hazards([['2025-09-21', '张家湾砖厂', '窑顶无防护栏', '一般', '2025-10-01', '未整改']]),
      'valid-only',
    )
    const list = await ok<{ rows: { name: string }[] }>(core, 'enterprise.list', {
      sort: { field: 'name', order: 'asc' },
    })
    expect(list.rows.map((e) => e.name)).toEqual(['安达物流有限公司', '青禾恒达机械有限公司', '张家湾砖厂'])
  })

  it('a major hazard the file reports as 销号 is stored closed as the file says, with the file as its source', async () => {
    core = await memoryCore()
    const v = await ok<{ id: number }>(core, 'village.create', { name: '东湖村' })
    await ok(core, 'enterprise.create', { data: { name: '青禾恒达机械有限公司', villageId: v.id } })
    const wb = new (excelJs().Workbook)()
    const ws = wb.addWorksheet('隐患')
    ws.addRow(['检查日期', '被检查单位', '隐患描述', '隐患等级', '整改期限', '销号情况', '销号日期'])
    ws.addRow([
      '2025-09-20',
      '青禾恒达机械有限公司',
      '涉爆粉尘除尘器未泄爆',
      '重大',
      '2025-10-20',
      '已销号',
      '2025-10-18',
    ])
    const book = await readBook(Buffer.from(await wb.xlsx.writeBuffer()), '2025隐患台账.xlsx')
    const s = await openSession(core.ctx, book, '2025隐患台账.xlsx', undefined, 'hazards')
    await commitSession(core.ctx, s, 'valid-only')
    const list = { rows: hazardRecords(core.ctx, {}) as unknown as Record<string, unknown>[] }
    expect(list.rows[0]).toMatchObject({
      grade: 'major',
      status: 'closed',
      closedOn: '2025-10-18',
      escalation: null,
      closure: { via: 'import', source: '由隐患台账导入（2025隐患台账.xlsx 第2行）' },
    })
  })
  it('a sheet with both 复查日期 and 销号日期 keeps both; 销号日期 alone closes the item', async () => {
    core = await memoryCore()
    const v = await ok<{ id: number }>(core, 'village.create', { name: '东湖村' })
    await ok(core, 'enterprise.create', { data: { name: '青禾恒达机械有限公司', villageId: v.id } })
    const wb = new (excelJs().Workbook)()
    const ws = wb.addWorksheet('隐患')
    ws.addRow(['检查日期', '被检查单位', '隐患描述', '复查日期', '销号日期'])
    ws.addRow(['2025-09-20', '青禾恒达机械有限公司', '配电箱未接地', '2025-10-08', '2025-10-12'])
    ws.addRow(['2025-09-20', '青禾恒达机械有限公司', '灭火器过期', null, '2025-10-15'])
    ws.addRow(['2025-09-20', '青禾恒达机械有限公司', '通道堵塞', null, null])
    const book = await readBook(Buffer.from(await wb.xlsx.writeBuffer()), 'h.xlsx')
    const s = await openSession(core.ctx, book, 'h.xlsx', undefined, 'hazards')
    await commitSession(core.ctx, s, 'valid-only')
    const by = Object.fromEntries(
      (hazardRecords(core.ctx, {}) as unknown as { description: string }[]).map((h) => [h.description, h]),
    )
    expect(by['配电箱未接地']).toMatchObject({
      status: 'closed',
      reviewedOn: '2025-10-08',
      closedOn: '2025-10-12',
    })
    expect(by['灭火器过期']).toMatchObject({
      status: 'closed',
      reviewedOn: '2025-10-15',
      closedOn: '2025-10-15',
    })
    expect(by['通道堵塞']).toMatchObject({ status: 'pending', reviewedOn: null, closedOn: null })
  })
  it('a 整改期限 written as a period (7天, 15日内, 3个工作日) counts from the 检查日期, working days by the calendar', async () => {
    core = await memoryCore()
    const v = await ok<{ id: number }>(core, 'village.create', { name: '东湖村' })
    await ok(core, 'enterprise.create', { data: { name: '青禾恒达机械有限公司', villageId: v.id } })
    // 2025-09-29 is a Monday; 10-01..08 is the 国庆 holiday
    const s = await hazards([
      ['2025-09-20', '青禾恒达机械有限公司', '配电箱未接地', '一般', '7天', '未整改'],
      ['2025-09-20', '青禾恒达机械有限公司', '灭火器过期', '一般', '限期15日内整改', '未整改'],
      ['2025-09-29', '青禾恒达机械有限公司', '通道堵塞', '一般', '3个工作日', '未整改'],
      ['2025-09-20', '青禾恒达机械有限公司', '标识缺失', '一般', '七天', '未整改'],
    ])
    const sum = summarize(s)
    expect(sum.warnings.map((w) => w.message)).toContain(
      '整改期限“3个工作日”按检查日期后第3个工作日记为 2025-10-10，请核对',
    )
    expect(sum.warnings.map((w) => w.message).join('\n')).toContain('无法识别的日期“七天”')
    await commitSession(core.ctx, s, 'valid-only')
    const by = Object.fromEntries(
      (hazardRecords(core.ctx, {}) as unknown as { description: string; deadline: string | null }[]).map(
        (h) => [h.description, h.deadline],
      ),
    )
    expect(by).toEqual({
      配电箱未接地: '2025-09-27',
      灭火器过期: '2025-10-05',
      通道堵塞: '2025-10-10',
      标识缺失: null,
    })
  })
  it('a name two enterprises share is refused until the row names its village', async () => {
    core = await memoryCore()
    for (const name of ['东湖村', '西岭村']) {
      const v = await ok<{ id: number }>(core, 'village.create', { name })
      await ok(core, 'enterprise.create', { data: { name: '青禾五金店', villageId: v.id } })
    }
    const sum = summarize(
      await hazards([['2025-09-20', '青禾五金店', '灭火器过期', '一般', '2025-10-01', '未整改']]),
    )
    expect(sum.errors.map((e) => e.message)).toEqual([
      '企业台账中有 2 家名为“青禾五金店”的企业，请在表中填写所属村（社区）以区分',
    ])
  })
})
