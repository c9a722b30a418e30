import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/open'
import { MIGRATIONS } from '../db/migrations'
import { createCore, type Core } from '../index'
import { fail, importViaEngine, memoryCore, ok, tempDir } from '../test/helpers'

// The roster as a kit ledger (dutyShift): its shifts through the generated handlers, the domain's
// swaps and stand-ins as patches in each shift's history, and the move of an existing roster.

interface Shift {
  id: number
  version: number
  date: string
  shift: string
  role: string
  person: number
  personName: string
  deletedAt: string | null
}
interface History {
  action: string
  changes: {
    field: string
    label: string
    before: unknown
    after: unknown
    beforeText?: string
    afterText?: string
  }[]
}

let core: Core | null = null
afterEach(() => core?.close())

async function staff(c: Core, name: string, dutyRole: 'leader' | 'staff', phone?: string): Promise<number> {
  return (await ok<{ id: number }>(c, 'staff.create', { name, certificateNo: null, dutyRole, phone })).id
}

async function roster(c: Core): Promise<Shift[]> {
  await staff(c, '王镇长', 'leader', '13905790001')
  for (const [n, r] of [
    ['李副镇长', 'leader'],
    ['张干部', 'staff'],
    ['赵干部', 'staff'],
    ['钱干部', 'staff'],
  ] as const)
    await staff(c, n, r)
  await ok(c, 'duty.generate', {
    from: '2026-10-01',
    to: '2026-10-04',
    shifts: [{ shift: 'full', staff: 1 }],
    operator: '王主任',
  })
  return (
    await ok<{ rows: Shift[] }>(c, 'dutyShift.list', {
      sort: { field: 'date', order: 'asc' },
      pageSize: 100,
    })
  ).rows
}

describe('the roster on the kit', () => {
  it('lists the generated shifts, pages and filters them by date, role and person', async () => {
    core = await memoryCore()
    const all = await roster(core)
    expect(all).toHaveLength(8)
    expect(all.every((s) => s.personName)).toBe(true)
    const leaders = await ok<{ total: number }>(core, 'dutyShift.list', {
      filters: { role: { in: ['leader'] }, date: { from: '2026-10-02', to: '2026-10-03' } },
    })
    expect(leaders.total).toBe(2)
    const byName = await ok<{ rows: Shift[] }>(core, 'dutyShift.list', { query: '张干部' })
    expect(byName.rows.length).toBeGreaterThan(0)
    expect(byName.rows.every((s) => s.personName === '张干部')).toBe(true)
  })

  it('an edit of one shift’s person writes only that field, and its history shows only that change', async () => {
    core = await memoryCore()
    const all = await roster(core)
    const s = all.find((x) => x.role === 'staff')!
    const leader = all.find((x) => x.role === 'leader' && x.date === s.date)!
    // someone not on duty that day
    const busy = new Set(all.filter((x) => x.date === s.date).map((x) => x.person))
    const people = await ok<{ id: number; name: string }[]>(core, 'staff.list')
    const free = people.find((p) => !busy.has(p.id))!
    const r = await ok<{ record: Shift }>(core, 'dutyShift.update', {
      id: s.id,
      version: s.version,
      data: { person: free.id },
    })
    expect(r.record).toMatchObject({ date: s.date, shift: s.shift, role: s.role, personName: free.name })
    const h = await ok<History[]>(core, 'dutyShift.history', { id: s.id })
    expect(h[0]!.changes.map((c) => [c.label, c.beforeText, c.afterText])).toEqual([
      ['姓名', s.personName, free.name],
    ])
    // and the roster's change log names it
    const log = await ok<{ changes: { action: string; summary: string }[] }>(core, 'duty.roster', {
      from: s.date,
      to: s.date,
    })
    expect(log.changes[0]).toMatchObject({
      action: 'edit',
      summary: `修改：${s.personName}（${s.date}值班）改为${free.name}（${s.date}值班）`,
    })
    // the same person twice on one day is refused, on the 姓名 field
    const clash = await fail(core, 'dutyShift.update', {
      id: s.id,
      version: r.record.version,
      data: { person: leader.person },
    })
    expect(clash.message).toContain(`${leader.personName}在 ${s.date} 已有班次`)
  })

  it('a shift added on the 班次列表 follows the roster’s rules and joins its change log', async () => {
    core = await memoryCore()
    const all = await roster(core)
    const people = await ok<{ id: number; name: string }[]>(core, 'staff.list')
    const wang = people.find((p) => p.name === '王镇长')!
    const bad = await fail(core, 'dutyShift.create', {
      data: { date: '2026-10-10', shift: 'night', role: 'leader', person: wang.id },
    })
    expect(bad.message).toContain('带班领导值全天班')
    const taken = all.find((x) => x.person === wang.id)!
    const twice = await fail(core, 'dutyShift.create', {
      data: { date: taken.date, shift: 'night', role: 'staff', person: wang.id },
    })
    expect(twice.message).toContain(`王镇长在 ${taken.date} 已有班次`)
    const r = await ok<{ record: Shift & { source?: string } }>(core, 'dutyShift.create', {
      data: { date: '2026-10-10', role: 'leader', person: wang.id },
    })
    expect(r.record).toMatchObject({
      date: '2026-10-10',
      shift: 'full',
      role: 'leader',
      personName: '王镇长',
    })
    const day = await ok<{ days: { leaders: { name: string }[] }[]; changes: { summary: string }[] }>(
      core,
      'duty.roster',
      { from: '2026-10-10', to: '2026-10-10' },
    )
    expect(day.days[0]!.leaders.map((e) => e.name)).toEqual(['王镇长'])
    expect(day.changes[0]!.summary).toBe('增加：王镇长（2026-10-10带班）')
  })

  it('a swap is two patches, each in its shift’s history with the reason and who asked', async () => {
    core = await memoryCore()
    const all = await roster(core)
    const a = all.find((x) => x.role === 'leader' && x.date === '2026-10-01')!
    const b = all.find((x) => x.role === 'leader' && x.person !== a.person)!
    await ok(core, 'duty.swap', { a: a.id, b: b.id, operator: '李秘书', reason: '家中有事' })
    for (const [mine, theirs] of [
      [a, b],
      [b, a],
    ] as const) {
      const h = await ok<History[]>(core, 'dutyShift.history', { id: mine.id })
      expect(h[0]!.changes[0]).toMatchObject({ label: '调班' })
      expect(String(h[0]!.changes[0]!.after)).toMatch(/原因：家中有事；经办人：李秘书$/)
      expect(h[0]!.changes[1]).toMatchObject({ label: '姓名', afterText: theirs.personName })
      // and it began as generated
      expect(String(h[h.length - 1]!.changes[0]!.after)).toContain('自动编排')
    }
  })

  it('a removed shift goes to the 回收站 and comes back; its day counts again', async () => {
    core = await memoryCore()
    const all = await roster(core)
    const s = all[0]!
    await ok(core, 'dutyShift.remove', { ids: [s.id] })
    const bin = await ok<{ rows: Shift[] }>(core, 'dutyShift.list', { deleted: true })
    expect(bin.rows.map((x) => x.id)).toEqual([s.id])
    const day = await ok<{ days: { leaders: unknown[]; staff: unknown[] }[] }>(core, 'duty.roster', {
      from: s.date,
      to: s.date,
    })
    expect(day.days[0]!.leaders.length + day.days[0]!.staff.length).toBe(1)
    await ok(core, 'dutyShift.restore', { ids: [s.id] })
    expect((await ok<{ total: number }>(core, 'dutyShift.list', {})).total).toBe(8)
  })
})

describe('no shift is ever hard-deleted', () => {
  const roster4 = { from: '2026-10-01', to: '2026-10-04' }
  const live = async (c: Core) => (await ok<{ total: number }>(c, 'dutyShift.list', {})).total
  const binned = async (c: Core) =>
    (await ok<{ rows: Shift[] }>(c, 'dutyShift.list', { deleted: true, pageSize: 100 })).rows

  it('清空 moves the period’s shifts to the 回收站 with the reason; restored, the roster is whole again', async () => {
    core = await memoryCore()
    const before = await roster(core)
    const r = await ok<{ removed: number }>(core, 'duty.clear', { ...roster4, operator: '王主任' })
    expect(r.removed).toBe(8)
    // every reader skips binned shifts: the list, the roster, today's duty, the reminders
    expect(await live(core)).toBe(0)
    const day = await ok<{ assignments: number }>(core, 'duty.roster', roster4)
    expect(day.assignments).toBe(0)
    const bin = await binned(core)
    expect(bin.map((x) => x.id).sort()).toEqual(before.map((x) => x.id).sort())
    const h = await ok<History[]>(core, 'dutyShift.history', { id: before[0]!.id })
    expect(h[0]!.action).toBe('delete')
    expect(h[0]!.changes[0]).toMatchObject({ label: '清空' })
    expect(String(h[0]!.changes[0]!.after)).toBe('清空 2026-10-01 至 2026-10-04，移入回收站；经办人：王主任')
    // one entry in the 操作日志 for the whole period, not one per shift
    const audit = await ok<{ rows: { note: string | null }[] }>(core, 'audit.list', { ledger: 'duty' })
    expect(audit.rows.filter((a) => a.note?.includes('清空'))).toHaveLength(1)
    // a binned shift still names its person: the staff list keeps them
    const wang = (await ok<{ id: number; name: string }[]>(core, 'staff.list')).find(
      (p) => p.name === '王镇长',
    )!
    const kept = await fail(core, 'staff.remove', { id: wang.id })
    expect(kept.message).toMatch(/^王镇长在值班表上有 (\d+) 个班次（其中 \1 个在回收站）/)
    await ok(core, 'dutyShift.restore', { ids: bin.map((x) => x.id) })
    expect(await live(core)).toBe(8)
    const back = await ok<{ days: { leaders: { name: string }[] }[] }>(core, 'duty.roster', roster4)
    expect(back.days.map((d) => d.leaders.map((e) => e.name))).toEqual(
      ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04'].map((d) =>
        before.filter((x) => x.date === d && x.role === 'leader').map((x) => x.personName),
      ),
    )
  })

  it('编排 over a period bins the old shifts (restorable while their place is free); a removed shift keeps its reason', async () => {
    core = await memoryCore()
    const old = await roster(core)
    await ok(core, 'duty.generate', {
      ...roster4,
      shifts: [{ shift: 'full', staff: 1 }],
      replace: true,
      operator: '李秘书',
    })
    expect(await live(core)).toBe(8)
    const bin = await binned(core)
    expect(bin.map((x) => x.id).sort()).toEqual(old.map((x) => x.id).sort())
    const h = await ok<History[]>(core, 'dutyShift.history', { id: old[0]!.id })
    expect(h[0]!.changes[0]).toMatchObject({ label: '重新编排' })
    expect(String(h[0]!.changes[0]!.after)).toContain('经办人：李秘书')
    // the new roster holds every place: a binned shift whose person is on duty that day stays binned
    const taken = bin.find((x) => x.date === '2026-10-01')!
    const refused = await fail(core, 'dutyShift.restore', { ids: [taken.id] })
    expect(refused.message).toContain('2026-10-01 的班次不能恢复')
    expect(refused.message).toContain('已有班次')

    // 取消 one shift on the roster: its history names the reason and who asked
    const now = (await ok<{ rows: Shift[] }>(core, 'dutyShift.list', { pageSize: 100 })).rows
    const s = now.find((x) => x.role === 'staff')!
    await ok(core, 'duty.unassign', { id: s.id, operator: '李秘书', reason: '出差' })
    const hs = await ok<History[]>(core, 'dutyShift.history', { id: s.id })
    expect(hs[0]!.action).toBe('delete')
    expect(String(hs[0]!.changes[0]!.after)).toBe(
      `取消：${s.personName}（${s.date}值班）；原因：出差；经办人：李秘书`,
    )
  })
})

describe('the roster’s two sheet layouts, through the kit', () => {
  const cells = async (build: (ws: import('exceljs').Worksheet) => void) => {
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    build(wb.addWorksheet('值班'))
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
  }
  const shape = async (c: Core) =>
    (
      await ok<{ rows: Shift[] }>(c, 'dutyShift.list', {
        pageSize: 100,
        sort: { field: 'date', order: 'asc' },
      })
    ).rows
      .map((r) => `${r.date} ${r.shift} ${r.role} ${r.personName}`)
      .sort()

  it('a 排班表 (people × days) and a 值班安排表 (one row per shift) import into the same shifts', async () => {
    const matrix = await cells((ws) => {
      ws.addRow(['青山镇2026年国庆值班排班表'])
      ws.addRow(['姓名', ...[1, 2, 3].map((d) => new Date(Date.UTC(2026, 9, d)))])
      ws.addRow(['星期', '四', '五', '六'])
      ws.addRow(['王镇长', '带班', '休', '带班'])
      ws.addRow(['李副镇长', '', '带班', ''])
      ws.addRow(['张干部', '白班', '值班', '夜'])
      ws.addRow(['赵干部', '夜班', '', '白'])
    })
    const list = await cells((ws) => {
      ws.addRow(['青山镇2026年国庆值班安排表'])
      ws.addRow(['日期', '星期', '班次', '身份', '姓名'])
      for (const r of [
        ['2026-10-01', '星期四', '全天', '带班领导', '王镇长'],
        ['2026-10-01', '星期四', '白班', '值班人员', '张干部'],
        ['2026-10-01', '星期四', '夜班', '值班人员', '赵干部'],
        ['10月2日', '星期五', '全天', '带班', '李副镇长'],
        ['10月2日', '星期五', '全天', '值班', '张干部'],
        ['2026.10.3', '星期六', '全天', '带班领导', '王镇长'],
        ['2026.10.3', '星期六', '夜', '值班人员', '张干部'],
        ['2026.10.3', '星期六', '白', '值班人员', '赵干部'],
      ])
        ws.addRow(r)
    })
    const results: string[][] = []
    for (const base64 of [matrix, list]) {
      const c = await memoryCore()
      try {
        const { preview: plan } = await importViaEngine(
          c,
          'duty',
          { fileName: 'roster.xlsx', base64 },
          { commit: false },
        )
        expect(plan.errors).toEqual([])
        await importViaEngine(c, 'duty', { fileName: 'roster.xlsx', base64 }, { operator: '王主任' })
        results.push(await shape(c))
      } finally {
        c.close()
      }
    }
    expect(results[0]).toHaveLength(8)
    expect(results[1]).toEqual(results[0])
  })

  it('exports both layouts, and each imports back to the same shifts', async () => {
    core = await memoryCore()
    await roster(core)
    const range = { from: '2026-10-01', to: '2026-10-04' }
    const before = await shape(core)
    for (const layout of ['matrix', 'list'] as const) {
      const out = await ok<{ fileName: string; base64: string }>(core, 'duty.export', { ...range, layout })
      if (layout === 'list') {
        // one row per shift, with 星期, and the person's 电话 and a 签字 column for paper
        const ExcelJS = (await import('exceljs')).default
        const wb = new ExcelJS.Workbook()
        await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer)
        const ws = wb.worksheets[0]!
        expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
          '日期',
          '星期',
          '班次',
          '身份',
          '姓名',
          '电话',
          '签字',
        ])
        expect((ws.getRow(3).values as unknown[]).slice(2, 7)).toEqual([
          '星期四',
          '全天',
          '带班领导',
          '王镇长',
          '13905790001',
        ])
      }
      await ok(core, 'duty.clear', { ...range, operator: '王主任' })
      expect(await shape(core)).toEqual([])
      const { preview: plan } = await importViaEngine(core, 'duty', out, { commit: false })
      expect(plan.layout).toBe(layout === 'matrix' ? '排班表（每人一行、每天一列）' : null)
      await importViaEngine(core, 'duty', out, { operator: '王主任' })
      expect(await shape(core)).toEqual(before)
    }
  })

  it('a shift in the list layout with an unreadable 班次 imports nothing and says where', async () => {
    core = await memoryCore()
    await roster(core)
    const base64 = await cells((ws) => {
      ws.addRow(['日期', '星期', '班次', '身份', '姓名'])
      ws.addRow(['2026-11-01', '星期日', '全天', '带班领导', '王镇长'])
      ws.addRow(['2026-11-01', '星期日', '早班', '值班人员', '张干部'])
    })
    const r = (await importViaEngine(core, 'duty', { fileName: '11月.xlsx', base64 }).catch(
      (e: Error) => e,
    )) as Error
    expect(r.message).toContain('第 3 行 C 列')
    expect(r.message).toContain('班次“早班”无法识别')
  })
})

describe('the roster through the import engine: one batch, and 撤销 brings the replaced shifts back', () => {
  const sheet = async (rows: unknown[][]) => {
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('国庆')
    for (const r of rows) ws.addRow(r)
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
  }
  const live = async (c: Core) =>
    (
      await ok<{ rows: Shift[] }>(c, 'dutyShift.list', {
        pageSize: 100,
        sort: { field: 'date', order: 'asc' },
      })
    ).rows
      .map((r) => `${r.date} ${r.shift} ${r.role} ${r.personName}`)
      .sort()

  for (const layout of ['matrix', 'dateRows'] as const)
    it(`a ${layout === 'matrix' ? '排班表' : '值班安排表（每天一行）'} replaces its dates; undo restores them and removes the people it added`, async () => {
      core = await memoryCore()
      await roster(core) // 2026-10-01 — 10-04, generated
      const before = await live(core)
      const base64 =
        layout === 'matrix'
          ? await sheet([
              ['青山镇2026年国庆值班排班表'],
              ['姓名', ...[2, 3].map((d) => new Date(Date.UTC(2026, 9, d)))],
              ['王镇长', '带班', '休'],
              ['李副镇长', '', '带班'],
              ['孙新人', '值班', '夜班'],
              ['张干部', '', '白班'],
            ])
          : await sheet([
              ['青山镇2026年国庆值班安排表'],
              ['日期', '星期', '带班领导', '值班人员', '联系电话'],
              ['10月2日', '星期五', '王镇长', '孙新人', '13905790001 13912345678'],
              ['10月3日', '星期六', '李副镇长', '孙新人 张干部', ''],
            ])
      const file = { fileName: '国庆值班.xlsx', base64 }
      const { preview, rows } = await importViaEngine(core, 'duty', file, { commit: false })
      expect(preview.layout).toBe(
        layout === 'matrix' ? '排班表（每人一行、每天一列）' : '值班安排表（每天一行）',
      )
      expect(preview.errors).toEqual([])
      // the preview says what will happen before anything is written
      expect(preview.summary.inserted).toBe(5)
      expect(preview.notices).toContain('值班表：2026-10-02 至 2026-10-03，共 2 天')
      expect(preview.notices).toContain(
        '这些日期已排有 4 个班次，导入后以文件为准：原班次移入回收站（撤销这次导入即可恢复）',
      )
      expect(preview.notices).toContain('人员名单中没有 孙新人，导入时加入人员名单')
      expect(
        rows.map((r) => `${r.values.date} ${r.values.shift} ${r.values.role} ${r.values.person}`),
      ).toContain(`2026-10-03 ${layout === 'matrix' ? '夜班' : '全天'} 值班人员 孙新人`)
      expect(await live(core)).toEqual(before)

      const { commit } = await importViaEngine(core, 'duty', file, { operator: '李秘书' })
      expect(commit!.inserted).toBe(5)
      const after = await live(core)
      expect(after.filter((x) => x.startsWith('2026-10-01') || x.startsWith('2026-10-04'))).toEqual(
        before.filter((x) => x.startsWith('2026-10-01') || x.startsWith('2026-10-04')),
      )
      expect(after.filter((x) => x.startsWith('2026-10-03'))).toEqual(
        layout === 'matrix'
          ? [
              '2026-10-03 day staff 张干部',
              '2026-10-03 full leader 李副镇长',
              '2026-10-03 night staff 孙新人',
            ]
          : [
              '2026-10-03 full leader 李副镇长',
              '2026-10-03 full staff 孙新人',
              '2026-10-03 full staff 张干部',
            ],
      )
      // the replaced shifts are in the 回收站, each saying why
      const bin = (await ok<{ rows: Shift[] }>(core, 'dutyShift.list', { deleted: true, pageSize: 100 })).rows
      expect(bin).toHaveLength(4)
      const h = await ok<History[]>(core, 'dutyShift.history', { id: bin[0]!.id })
      expect(h[0]!.changes[0]).toMatchObject({ label: '导入替换' })
      expect(String(h[0]!.changes[0]!.after)).toContain(
        `从“国庆值班.xlsx”导入（导入批次 ${commit!.batchId}）；经办人：李秘书`,
      )
      const staff = await ok<{ name: string; phone: string | null; dutyRole: string }[]>(core, 'staff.list')
      expect(staff.find((p) => p.name === '孙新人')).toMatchObject({
        dutyRole: 'staff',
        phone: layout === 'matrix' ? null : '13912345678',
      })
      const history = await ok<{ id: number; ledger: string; inserted: number }[]>(
        core,
        'excel.importHistory',
      )
      expect(history[0]).toMatchObject({ id: commit!.batchId, ledger: 'duty', inserted: 5 })

      // the clerk adds a person by hand at the same moment as the import (no shift yet)
      await ok(core, 'staff.create', { name: '周新来', certificateNo: null, dutyRole: 'staff' })
      // 撤销: the batch's shifts go, the replaced ones come back, the person it added leaves the
      // list — and only that person: the one added by hand stays
      expect(await ok(core, 'excel.undoImport', { batchId: commit!.batchId })).toEqual({
        removed: 5,
        restored: 4,
        message: `已撤销第 ${commit!.batchId} 批导入：删除导入的班次 5 个，恢复原班次 4 个；导入时加入人员名单的 孙新人 已移出人员名单`,
      })
      expect(await live(core)).toEqual(before)
      expect((await ok<{ total: number }>(core, 'dutyShift.list', { deleted: true })).total).toBe(0)
      const people = (await ok<{ name: string }[]>(core, 'staff.list')).map((p) => p.name)
      expect(people).not.toContain('孙新人')
      expect(people).toContain('周新来')
      const log = await ok<{ changes: { action: string; summary: string }[] }>(core, 'duty.roster', {
        from: '2026-10-01',
        to: '2026-10-04',
      })
      expect(log.changes[0]!.summary).toMatch(
        /^撤销导入批次 \d+（国庆值班.xlsx）：导入的班次已删除，原班次已恢复，导入时新增的人员 孙新人 已移出人员名单$/,
      )
      expect(log.changes[1]!.summary).toContain('原有 4 个班次移入回收站')
    })

  it('a person the import added who has since been given dates off stays on undo, with the dates', async () => {
    let t = new Date(2026, 8, 20, 9, 30, 0).getTime()
    core = await memoryCore(() => new Date(t))
    await roster(core)
    const base64 = await sheet([
      ['日期', '星期', '带班领导', '值班人员'],
      ['2026-10-02', '星期五', '王镇长', '孙新人'],
    ])
    const { commit } = await importViaEngine(core, 'duty', { fileName: 'a.xlsx', base64 })
    t += 60_000
    const sun = (await ok<{ id: number; name: string }[]>(core, 'staff.list')).find(
      (p) => p.name === '孙新人',
    )!
    await ok(core, 'duty.addUnavailable', {
      staffId: sun.id,
      dateFrom: '2026-10-20',
      dateTo: '2026-10-22',
      reason: '培训',
    })
    t += 60_000
    const r = await ok<{ message: string }>(core, 'excel.undoImport', { batchId: commit!.batchId })
    expect(r.message).toMatch(/导入后修改过的人员 孙新人 保留$/)
    expect((await ok<{ name: string }[]>(core, 'staff.list')).map((p) => p.name)).toContain('孙新人')
    const off = await ok<{ name: string; dateFrom: string }[]>(core, 'duty.unavailable', {})
    expect(off).toContainEqual(expect.objectContaining({ name: '孙新人', dateFrom: '2026-10-20' }))
  })

  it('a batch whose shift was edited since is not undone (the edit would be lost)', async () => {
    core = await memoryCore()
    await roster(core)
    const base64 = await sheet([
      ['日期', '星期', '带班领导', '值班人员'],
      ['2026-10-02', '星期五', '王镇长', '张干部'],
    ])
    const { commit } = await importViaEngine(core, 'duty', { fileName: 'a.xlsx', base64 })
    const now = (
      await ok<{ rows: Shift[] }>(core, 'dutyShift.list', {
        filters: { date: { from: '2026-10-02', to: '2026-10-02' } },
      })
    ).rows
    const s = now.find((x) => x.role === 'staff')!
    const people = await ok<{ id: number; name: string }[]>(core, 'staff.list')
    await ok(core, 'dutyShift.update', {
      id: s.id,
      version: s.version,
      data: { person: people.find((p) => p.name === '赵干部')!.id },
    })
    const r = await fail(core, 'excel.undoImport', { batchId: commit!.batchId })
    expect(r.message).toContain('有 1 条记录在导入后又被修改过（如：2026-10-02 赵干部）')
  })
})

describe('migrating a roster kept before the kit', () => {
  it('keeps every assignment with its id, and each shift’s history starts with its day’s swaps', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'ledger.sqlite')
    const before = MIGRATIONS.find((m) => m.name === 'duty_shifts')!.version - 1
    const old = await openDatabase({
      file,
      now: () => new Date(),
      migrations: MIGRATIONS.filter((m) => m.version <= before),
    })
    const t = '2026-09-01T08:00:00.000Z'
    const st = old.prepare(
      'INSERT INTO staff(name, active, duty_role, sort_order, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?)',
    )
    st.run('王镇长', 'leader', 1, t, t)
    st.run('张干部', 'staff', 2, t, t)
    const as = old.prepare(
      'INSERT INTO duty_assignments(id, date, shift, role, staff_id, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    as.run(7, '2026-10-01', 'full', 'leader', 1, 'generated', t, t)
    as.run(9, '2026-10-01', 'full', 'staff', 2, 'swap', t, t)
    as.run(11, '2026-10-02', 'full', 'staff', 2, 'import', t, t)
    old
      .prepare(
        'INSERT INTO duty_changes(at, action, operator, date_from, date_to, summary, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        t,
        'replace',
        '李秘书',
        '2026-10-01',
        '2026-10-01',
        '替班：张干部替赵干部（2026-10-01值班）',
        '病假',
      )
    old.close()

    const c = await createCore({ dataDir: dir, now: () => new Date() })
    try {
      const rows = (
        await ok<{ rows: Shift[] }>(c, 'dutyShift.list', { sort: { field: 'date', order: 'asc' } })
      ).rows
      expect(rows.map((r) => [r.id, r.date, r.role, r.personName])).toEqual([
        [7, '2026-10-01', 'leader', '王镇长'],
        [9, '2026-10-01', 'staff', '张干部'],
        [11, '2026-10-02', 'staff', '张干部'],
      ])
      const h = await ok<History[]>(c, 'dutyShift.history', { id: 9 })
      expect(String(h[0]!.changes[0]!.after)).toBe(
        '替班：张干部替赵干部（2026-10-01值班）（原因：病假）；经办人：李秘书',
      )
      expect(await ok<History[]>(c, 'dutyShift.history', { id: 11 })).toEqual([])
      // the roster's own change log is still there
      const r = await ok<{ changes: { action: string }[] }>(c, 'duty.roster', {
        from: '2026-10-01',
        to: '2026-10-02',
      })
      expect(r.changes.map((x) => x.action)).toEqual(['replace'])
    } finally {
      c.close()
    }
  })
})

describe('dates written without a year take the year the file is about, not the current one', () => {
  // In January 2027 the office files last year's 国庆节 roster.
  const january = () => new Date(2027, 0, 5, 9, 0, 0)
  const book = async (rows: unknown[][]) => {
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('国庆')
    for (const r of rows) ws.addRow(r)
    return { fileName: '国庆值班.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') }
  }
  const dates = async (c: Core) =>
    (await ok<{ rows: Shift[] }>(c, 'dutyShift.list', { pageSize: 100 })).rows.map((r) => r.date).sort()

  it('the title’s year (2026年国庆节值班表), said in the preview', async () => {
    core = await memoryCore(january)
    const file = await book([
      ['青山镇2026年国庆节值班表'],
      ['日期', '班次', '身份', '姓名'],
      ['10月1日', '全天', '带班领导', '王镇长'],
      ['10.2', '全天', '值班人员', '张干部'],
      ['10/3', '全天', '值班人员', '赵干部'],
      // 10.4 typed into Excel is kept as the number 10.4
      [10.4, '全天', '值班人员', '钱干部'],
    ])
    const { preview } = await importViaEngine(core, 'duty', file)
    expect(preview.errors).toEqual([])
    expect(preview.notices).toContain(
      '没有写年份的日期（10月2日、10.2 这样的写法）按表格标题“青山镇2026年国庆节值班表”中的年份记为 2026 年',
    )
    expect(preview.notices).toContain(
      '以数字保存的日期（如 10.1）读作 10月1日；如果指的是 10月10日、20日或30日，请在表中写作“10月10日”',
    )
    expect(await dates(core)).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04'])
  })

  it('without a year in the title, the year of the file’s full dates', async () => {
    core = await memoryCore(january)
    const file = await book([
      ['青山镇国庆节值班表'],
      ['日期', '班次', '身份', '姓名'],
      ['2026-10-01', '全天', '带班领导', '王镇长'],
      ['10月2日', '全天', '值班人员', '张干部'],
    ])
    const { preview } = await importViaEngine(core, 'duty', file)
    expect(preview.notices).toContain(
      '没有写年份的日期（10月2日、10.2 这样的写法）按文件中写全的日期的年份记为 2026 年',
    )
    expect(await dates(core)).toEqual(['2026-10-01', '2026-10-02'])
  })

  it('a sheet with one row per date reads them the same way', async () => {
    core = await memoryCore(january)
    const file = await book([
      ['2026年国庆节值班表'],
      ['日期', '星期', '带班领导', '值班人员'],
      ['10月2日', '星期五', '王镇长', '张干部'],
    ])
    const { preview } = await importViaEngine(core, 'duty', file)
    expect(preview.layout).toBe('值班安排表（每天一行）')
    expect(preview.notices).toContain(
      '没有写年份的日期（10月2日、10.2 这样的写法）按表格标题“2026年国庆节值班表”中的年份记为 2026 年',
    )
    expect(await dates(core)).toEqual(['2026-10-02', '2026-10-02'])
  })
})
