import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { fail, memoryCore, ok } from '../test/helpers'
import type { ChecklistItem, ChecklistTemplate } from './checklists'
import type { Staff } from './staff'
import { inspect, seedWorld, templateId } from './test-helpers'

let core: Core
beforeEach(async () => {
  core = await memoryCore()
})
afterEach(() => core.close())

describe('staff registry', () => {
  it('creates, lists, edits and deactivates inspectors', async () => {
    const a = await ok<Staff>(core, 'staff.create', { name: ' 陈立群 ', certificateNo: '32999926001001' })
    expect(a).toMatchObject({
      name: '陈立群',
      certificateNo: '32999926001001',
      active: true,
      inspectionCount: 0,
    })
    await ok(core, 'staff.create', { name: '周雅婷', certificateNo: '' })
    const updated = await ok<Staff>(core, 'staff.update', {
      id: a.id,
      name: '陈立群',
      certificateNo: '32999926001009',
      active: false,
    })
    expect(updated).toMatchObject({ certificateNo: '32999926001009', active: false })
    expect((await ok<Staff[]>(core, 'staff.list')).map((s) => s.name)).toEqual(['周雅婷'])
    const all = await ok<Staff[]>(core, 'staff.list', { includeInactive: true })
    expect(all.map((s) => [s.name, s.active, s.certificateNo])).toEqual([
      ['周雅婷', true, null],
      ['陈立群', false, '32999926001009'],
    ])
  })

  it('refuses a certificate number that is already registered', async () => {
    await ok(core, 'staff.create', { name: '陈立群', certificateNo: '32999926001001' })
    const err = await fail(core, 'staff.create', { name: '陈立新', certificateNo: '32999926001001' })
    expect(err.code).toBe('CONFLICT')
    expect(err.message).toBe('证件号 32999926001001 已登记在“陈立群”名下，同一证件号不能登记两次')
  })

  it('requires a name', async () => {
    const err = await fail(core, 'staff.create', { name: '  ' })
    expect(err.details?.issues?.[0]).toEqual({ field: 'name', message: '请填写姓名' })
  })

  it('removes someone who never inspected, but keeps (and explains) someone who did', async () => {
    const w = await seedWorld(core)
    const spare = await ok<Staff>(core, 'staff.create', { name: '新同事' })
    await ok(core, 'staff.remove', { id: spare.id })
    await inspect(core, w)
    const err = await fail(core, 'staff.remove', { id: w.staff[0] })
    expect(err.code).toBe('CONFLICT')
    expect(err.message).toContain('陈立群已参加 1 次检查')
    expect(err.message).toContain('停用')
  })
})

describe('checklists', () => {
  it('seeds the 12 built-in templates with 161 items on first use, once', async () => {
    const list = await ok<ChecklistTemplate[]>(core, 'checklist.list')
    expect(list).toHaveLength(12)
    expect(list.reduce((n, t) => n + t.itemCount, 0)).toBe(161)
    expect(list[0]).toMatchObject({
      code: 'fireworks-retail',
      name: '烟花爆竹零售点',
      builtIn: true,
      itemCount: 15,
      majorCount: 4,
    })
    expect(list.find((t) => t.code === 'dust-explosion')?.majorCount).toBe(11)
    // Deleting a template is respected: it does not come back on the next list.
    await ok(core, 'checklist.removeTemplate', { id: list[0]?.id })
    expect(await ok<ChecklistTemplate[]>(core, 'checklist.list')).toHaveLength(11)
    expect(await ok<{ added: number }>(core, 'checklist.restoreBuiltIn')).toEqual({ added: 1 })
    expect(await ok<ChecklistTemplate[]>(core, 'checklist.list')).toHaveLength(12)
  })

  it('returns a template with its items, legal basis and 重大隐患 flags', async () => {
    const t = await ok<ChecklistTemplate & { items: ChecklistItem[] }>(core, 'checklist.get', {
      id: await templateId(core, 'fireworks-retail'),
    })
    expect(t.items).toHaveLength(15)
    expect(t.items[0]).toMatchObject({ code: 'fw-01', category: '证照', majorHazardIf: true })
    expect(t.items[0]?.basis).toContain('《烟花爆竹安全管理条例》第十九条')
  })

  it('lets the office copy, rename, extend and trim a template', async () => {
    const copy = await ok<ChecklistTemplate & { items: ChecklistItem[] }>(core, 'checklist.createTemplate', {
      name: '青禾镇烟花爆竹零售点（本地版）',
      copyFromId: await templateId(core, 'fireworks-retail'),
    })
    expect(copy).toMatchObject({ builtIn: false, itemCount: 15, appliesTo: ['烟花爆竹零售'] })
    const added = await ok<ChecklistItem>(core, 'checklist.saveItem', {
      templateId: copy.id,
      category: '场所',
      text: '零售点距村民集中居住区50米以上（本县规定）',
    })
    expect(added).toMatchObject({ sortOrder: 16, majorHazardIf: false, basis: '' })
    const edited = await ok<ChecklistItem>(core, 'checklist.saveItem', {
      templateId: copy.id,
      id: added.id,
      category: '场所',
      text: '零售点距村民集中居住区100米以上（本县规定）',
      majorHazardIf: true,
    })
    expect(edited).toMatchObject({
      text: '零售点距村民集中居住区100米以上（本县规定）',
      majorHazardIf: true,
      sortOrder: 16,
    })
    await ok(core, 'checklist.removeItem', { id: copy.items[0]?.id })
    const renamed = await ok<ChecklistTemplate>(core, 'checklist.updateTemplate', {
      id: copy.id,
      name: '烟花爆竹零售点（青禾）',
    })
    expect(renamed).toMatchObject({ name: '烟花爆竹零售点（青禾）', itemCount: 15, majorCount: 4 })
  })

  it('refuses a duplicate template name and an item of another template', async () => {
    await ok(core, 'checklist.list')
    const err = await fail(core, 'checklist.createTemplate', { name: '加油站' })
    expect(err.message).toBe('已有名为“加油站”的检查表，请换一个名称')
    const a = await ok<ChecklistTemplate & { items: ChecklistItem[] }>(core, 'checklist.get', {
      id: await templateId(core, 'gas-station'),
    })
    const other = await templateId(core, 'lpg-bottled')
    const wrong = await fail(core, 'checklist.saveItem', { templateId: other, id: a.items[0]?.id, text: 'x' })
    expect(wrong.code).toBe('NOT_FOUND')
  })

  it('editing or deleting a template never changes an earlier inspection record', async () => {
    const w = await seedWorld(core)
    const tid = await templateId(core, 'industry-general')
    const insp = await inspect(core, w, { templateId: tid })
    const firstText = insp.checklist[0]?.text
    const t = await ok<ChecklistTemplate & { items: ChecklistItem[] }>(core, 'checklist.get', { id: tid })
    await ok(core, 'checklist.saveItem', { templateId: tid, id: t.items[0]?.id, text: '改过的检查内容' })
    await ok(core, 'checklist.removeTemplate', { id: tid })
    const again = await ok<typeof insp>(core, 'inspection.get', { id: insp.id })
    expect(again.checklist).toHaveLength(15)
    expect(again.checklist[0]?.text).toBe(firstText)
    expect(again.templateName).toBe('工贸企业通用')
    expect(again.templateId).toBeNull()
  })
})
