import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { fail, memoryCore, ok } from '../test/helpers'
import type { Hazard } from './hazards'
import type { InspectionResultRow, InspectionSummary } from './inspections'
import { inspect, seedWorld, templateId, type InspectionDetail, type World } from './test-helpers'

let core: Core
let w: World
beforeEach(async () => {
  core = await memoryCore()
  w = await seedWorld(core)
})
afterEach(() => core.close())

type Page = { rows: InspectionSummary[]; total: number }

describe('inspection.create / get', () => {
  it('records enterprise, place, time, two inspectors with certificates and a copy of the checklist', async () => {
    const i = await inspect(core, w, { startedAt: '2026-11-20T09:30', findings: '  现场总体有序  ' })
    expect(i).toMatchObject({
      enterpriseName: '华兴机械有限公司',
      villageName: '东湖村',
      place: '生产车间',
      startedAt: '2026-11-20 09:30',
      endedAt: '2026-11-20 11:00',
      type: 'daily',
      typeLabel: '日常检查',
      modeLabel: '计划检查',
      findings: '现场总体有序',
      templateName: '工贸企业通用',
      hazardCount: 0,
      documentCount: 0,
      version: 1,
    })
    expect(i.inspectors).toEqual([
      { id: w.staff[0], name: '陈立群', certificateNo: '32999926001001' },
      { id: w.staff[1], name: '周雅婷', certificateNo: '32999926001002' },
    ])
    expect(i.checklist).toHaveLength(15)
    expect(i.checklist[0]).toMatchObject({ position: 1, result: null, hazardId: null })
  })

  it('requires at least two different inspectors', async () => {
    const one = await fail(core, 'inspection.create', {
      enterpriseId: w.enterpriseId,
      startedAt: '2026-11-20 09:30',
      type: 'daily',
      inspectorIds: [w.staff[0]],
    })
    expect(one.details?.issues?.[0]).toEqual({
      field: 'inspectorIds',
      message: '每次检查至少需要两名检查人员（执法人员不得少于两人）',
    })
    const same = await fail(core, 'inspection.create', {
      enterpriseId: w.enterpriseId,
      startedAt: '2026-11-20 09:30',
      type: 'daily',
      inspectorIds: [w.staff[0], w.staff[0]],
    })
    expect(same.message).toBe('检查人员重复，请选择两名或以上不同的人员')
  })

  it('refuses a deactivated inspector, an end before the start, and a bad date', async () => {
    await ok(core, 'staff.update', {
      id: w.staff[2],
      name: '吴卫东',
      certificateNo: '32999926001003',
      active: false,
    })
    const base = { enterpriseId: w.enterpriseId, startedAt: '2026-11-20 09:30', type: 'daily' }
    expect(
      (await fail(core, 'inspection.create', { ...base, inspectorIds: [w.staff[0], w.staff[2]] })).message,
    ).toBe('吴卫东已停用，不能再安排检查')
    expect(
      (
        await fail(core, 'inspection.create', {
          ...base,
          endedAt: '2026-11-20 08:00',
          inspectorIds: [w.staff[0], w.staff[1]],
        })
      ).message,
    ).toBe('检查结束时间不能早于开始时间')
    const bad = await fail(core, 'inspection.create', {
      ...base,
      startedAt: '2027-02-29 09:00',
      inspectorIds: [w.staff[0], w.staff[1]],
    })
    expect(bad.message).toBe('检查开始时间不是有效日期，请核对月份和天数')
  })

  it('refuses an enterprise in the 回收站', async () => {
    await ok(core, 'enterprise.remove', { ids: [w.enterprise2] })
    const err = await fail(core, 'inspection.create', {
      enterpriseId: w.enterprise2,
      startedAt: '2026-11-20 09:30',
      type: 'special',
      inspectorIds: [w.staff[0], w.staff[1]],
    })
    expect(err.message).toBe('“恒泰烟花爆竹经营部”在回收站中，请先恢复该企业再登记检查')
  })
})

describe('inspection.update / remove', () => {
  it('updates the record with a version check and swaps inspectors', async () => {
    const i = await inspect(core, w)
    const input = {
      id: i.id,
      version: 1,
      enterpriseId: w.enterpriseId,
      place: '仓库',
      startedAt: '2026-11-20 10:00',
      endedAt: null,
      type: 'special',
      mode: 'random',
      findings: '消防器材过期',
      templateId: i.templateId,
      inspectorIds: [w.staff[2], w.staff[0]],
    }
    const u = await ok<InspectionSummary>(core, 'inspection.update', input)
    expect(u).toMatchObject({
      version: 2,
      place: '仓库',
      typeLabel: '专项检查',
      modeLabel: '随机抽查',
      findings: '消防器材过期',
    })
    expect(u.inspectors.map((s) => s.name)).toEqual(['吴卫东', '陈立群'])
    const stale = await fail(core, 'inspection.update', input)
    expect(stale.code).toBe('CONFLICT')
  })

  it('changes the checklist only while no result is recorded', async () => {
    const i = await inspect(core, w)
    const input = {
      id: i.id,
      version: 1,
      enterpriseId: w.enterpriseId,
      startedAt: i.startedAt,
      type: 'daily',
      templateId: await templateId(core, 'dust-explosion'),
      inspectorIds: [w.staff[0], w.staff[1]],
    }
    const u = await ok<InspectionSummary>(core, 'inspection.update', input)
    expect(u.templateName).toBe('粉尘涉爆企业')
    const again = await ok<InspectionDetail>(core, 'inspection.get', { id: i.id })
    expect(again.checklist).toHaveLength(14)
    await ok(core, 'inspection.setResult', { id: again.checklist[0]?.id, result: 'pass' })
    const err = await fail(core, 'inspection.update', {
      ...input,
      version: 2,
      templateId: await templateId(core, 'gas-station'),
    })
    expect(err.message).toBe('检查表已记录了 1 项结果，不能再更换检查表。如需更换，请先清除已记录的结果。')
  })

  it('keeps an inspection with hazards or documents, removes an empty one', async () => {
    const empty = await inspect(core, w)
    await ok(core, 'inspection.remove', { id: empty.id })
    expect((await fail(core, 'inspection.get', { id: empty.id })).code).toBe('NOT_FOUND')
    const i = await inspect(core, w)
    await ok(core, 'inspection.hazardFromItem', { id: i.checklist[2]?.id, deadline: '2026-12-20' })
    expect((await fail(core, 'inspection.remove', { id: i.id })).message).toBe(
      '本次检查登记了 1 条隐患，请先删除这些隐患再删除检查记录',
    )
    const j = await inspect(core, w)
    await ok(core, 'document.issue', { type: 'check_record', inspectionId: j.id })
    expect((await fail(core, 'inspection.remove', { id: j.id })).message).toContain('文书编号要留档')
  })
})

describe('inspection.list', () => {
  it('filters by village, enterprise, type and period, newest first, with paging', async () => {
    await inspect(core, w, { startedAt: '2026-10-05 09:00', endedAt: null, type: 'holiday' })
    await inspect(core, w, { startedAt: '2026-11-02 09:00', endedAt: null })
    await inspect(core, w, {
      enterpriseId: w.enterprise2,
      startedAt: '2026-11-10 14:00',
      endedAt: null,
      type: 'joint',
    })
    const all = await ok<Page>(core, 'inspection.list', {})
    expect(all.rows.map((r) => r.startedAt)).toEqual([
      '2026-11-10 14:00',
      '2026-11-02 09:00',
      '2026-10-05 09:00',
    ])
    expect(
      (await ok<Page>(core, 'inspection.list', { villageIds: [w.village2] })).rows.map(
        (r) => r.enterpriseName,
      ),
    ).toEqual(['恒泰烟花爆竹经营部'])
    expect((await ok<Page>(core, 'inspection.list', { enterpriseIds: [w.enterpriseId] })).total).toBe(2)
    expect((await ok<Page>(core, 'inspection.list', { types: ['holiday', 'joint'] })).total).toBe(2)
    expect(
      (await ok<Page>(core, 'inspection.list', { period: { from: '2026-11-01', to: '2026-11-02' } })).total,
    ).toBe(1)
    expect((await ok<Page>(core, 'inspection.list', { query: '烟花' })).total).toBe(1)
    const p2 = await ok<Page>(core, 'inspection.list', { page: 2, pageSize: 2 })
    expect(p2).toMatchObject({ total: 3 })
    expect(p2.rows.map((r) => r.startedAt)).toEqual(['2026-10-05 09:00'])
    const bad = await fail(core, 'inspection.list', { period: { from: '2026-11-02', to: '2026-11-01' } })
    expect(bad.message).toBe('起始日期不能晚于截止日期')
  })
})

describe('checklist results and the one-click hazard', () => {
  it('records 符合 / 不符合 / 不适用 with a note', async () => {
    const i = await inspect(core, w)
    const r = await ok<InspectionResultRow>(core, 'inspection.setResult', {
      id: i.checklist[0]?.id,
      result: 'fail',
      note: '二号车间配电箱无漏保',
    })
    expect(r).toMatchObject({ result: 'fail', resultLabel: '不符合', note: '二号车间配电箱无漏保' })
    await ok(core, 'inspection.setResult', { id: i.checklist[1]?.id, result: 'na' })
    const cleared = await ok<InspectionResultRow>(core, 'inspection.setResult', {
      id: i.checklist[1]?.id,
      result: null,
    })
    expect(cleared.result).toBeNull()
  })

  it('turns a 不符合 item into a hazard: item text, basis, category, and 重大 suggested by the flag', async () => {
    const i = await inspect(core, w, { templateId: await templateId(core, 'dust-explosion') })
    const majorRow = i.checklist.find((c) => c.majorHazardIf) as InspectionResultRow
    await ok(core, 'inspection.setResult', { id: majorRow.id, result: 'fail', note: '除尘器设在车间内' })
    const { hazard, suggestedGrade } = await ok<{ hazard: Hazard; suggestedGrade: string }>(
      core,
      'inspection.hazardFromItem',
      {
        id: majorRow.id,
        deadline: '2026-12-20',
      },
    )
    expect(suggestedGrade).toBe('major')
    expect(hazard).toMatchObject({
      // the finding, not the requirement read as a fact
      description: `未做到：${majorRow.text}；现场情况：除尘器设在车间内`,
      basis: majorRow.basis,
      category: majorRow.category,
      grade: 'major',
      gradeLabel: '重大隐患',
      foundOn: '2026-11-20',
      deadline: '2026-12-20',
      place: '生产车间',
      status: 'pending',
      statusLabel: '待整改',
      inspectionId: i.id,
      resultId: majorRow.id,
    })
    const again = await ok<InspectionDetail>(core, 'inspection.get', { id: i.id })
    expect(again.checklist.find((c) => c.id === majorRow.id)?.hazardId).toBe(hazard.id)
    expect(again).toMatchObject({ hazardCount: 1, majorHazardCount: 1, openHazardCount: 1 })
    expect(again.hazards.map((h) => h.id)).toEqual([hazard.id])
  })

  it("words the finding as the office's 问题表述 for the item, kept with the inspection when the template changes later", async () => {
    const tid = await templateId(core, 'dust-explosion')
    const t = await ok<{ items: Array<{ id: number; category: string; text: string; basis: string }> }>(
      core,
      'checklist.get',
      { id: tid },
    )
    const item = t.items[0] as { id: number; category: string; text: string; basis: string }
    await ok(core, 'checklist.saveItem', { templateId: tid, ...item, problem: '未按规定设置泄爆装置' })
    const i = await inspect(core, w, { templateId: tid })
    const row = i.checklist.find((c) => c.checklistItemId === item.id) as InspectionResultRow
    expect(row.finding).toBe('未按规定设置泄爆装置')
    await ok(core, 'inspection.setResult', { id: row.id, result: 'fail', note: '2号除尘器' })
    // the office rewords the item afterwards: this inspection keeps the wording it was made with
    await ok(core, 'checklist.saveItem', { templateId: tid, ...item, problem: '泄爆口朝向人员密集区' })
    const again = await ok<InspectionDetail>(core, 'inspection.get', { id: i.id })
    expect(again.checklist.find((c) => c.id === row.id)?.finding).toBe(
      '未按规定设置泄爆装置；现场情况：2号除尘器',
    )
    const { hazard } = await ok<{ hazard: Hazard }>(core, 'inspection.hazardFromItem', { id: row.id })
    expect(hazard.description).toBe('未按规定设置泄爆装置；现场情况：2号除尘器')
    // what the inspector typed in 登记隐患 wins
    const other = i.checklist.find((c) => c.id !== row.id) as InspectionResultRow
    const typed = await ok<{ hazard: Hazard }>(core, 'inspection.hazardFromItem', {
      id: other.id,
      description: '除尘系统未设置锁气卸灰装置',
    })
    expect(typed.hazard.description).toBe('除尘系统未设置锁气卸灰装置')
  })

  it('marks an unanswered item 不符合 in the same click; the inspector may overrule the grade', async () => {
    const i = await inspect(core, w, { templateId: await templateId(core, 'dust-explosion') })
    const row = i.checklist.find((c) => c.majorHazardIf) as InspectionResultRow
    const r = await ok<{ hazard: Hazard; suggestedGrade: string }>(core, 'inspection.hazardFromItem', {
      id: row.id,
      grade: 'general',
    })
    expect(r.suggestedGrade).toBe('major')
    expect(r.hazard.grade).toBe('general')
    expect(r.hazard.deadline).toBeNull()
    const again = await ok<InspectionDetail>(core, 'inspection.get', { id: i.id })
    expect(again.checklist.find((c) => c.id === row.id)?.result).toBe('fail')
  })

  it('refuses a 符合 item, a second hazard for one item, and un-failing an item with a hazard', async () => {
    const i = await inspect(core, w)
    const [a, b] = i.checklist as [InspectionResultRow, InspectionResultRow]
    await ok(core, 'inspection.setResult', { id: a.id, result: 'pass' })
    expect((await fail(core, 'inspection.hazardFromItem', { id: a.id })).message).toBe(
      '该检查项已记录为“符合”，请先改为“不符合”再登记隐患',
    )
    await ok(core, 'inspection.hazardFromItem', { id: b.id })
    expect((await fail(core, 'inspection.hazardFromItem', { id: b.id })).message).toBe(
      '该检查项已登记为隐患，不必重复登记',
    )
    const err = await fail(core, 'inspection.setResult', { id: b.id, result: 'pass' })
    expect(err.message).toContain('该检查项已登记为隐患，不能改为“符合”或“不适用”')
  })

  it('offers the labels the screens need', async () => {
    const o = await ok<{ types: Record<string, string>; statuses: Record<string, string> }>(
      core,
      'inspection.options',
    )
    expect(o.types).toMatchObject({ daily: '日常检查', joint: '联合执法' })
    expect(o.statuses).toMatchObject({ closed: '已销号', overdue: '逾期未改' })
  })
})
