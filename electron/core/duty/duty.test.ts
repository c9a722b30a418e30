import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { fail, importViaEngine, memoryCore, ok, type PreviewRow } from '../test/helpers'

// The roster through the handler table on a real SQLite database: people from the one staff list,
// office-entered holidays, generation, swaps and replacements recorded with who and when, the
// list and matrix Excel layouts (fixtures 08–09 as their expected.json says) and the daily report.

const FIXTURES = path.resolve(__dirname, '../../../tests/fixtures/ledgers')

interface Entry {
  id: number
  date: string
  shift: string
  role: string
  staffId: number
  name: string
  phone: string | null
}
interface Day {
  date: string
  weekday: string
  type: string
  rest: boolean
  leaders: Entry[]
  staff: Entry[]
}
interface Roster {
  title: string
  days: Day[]
  people: { staffId: number; name: string; role: string; rest: number; work: number; total: number }[]
  assignments: number
  unknownYears: number[]
  changes: { action: string; operator: string; summary: string; reason: string | null; at: string }[]
  warnings?: string[]
}
interface Expected {
  records: number
  errorRows: number[]
  warningRows: number[]
  mustContain: string[]
  mustNotContain: string[]
  headerRows: number[]
  firstDataRow: number
  period: { from: string; to: string }
  dutyPersonAssignments?: number
}

let core: Core | null = null
afterEach(() => core?.close())

async function people(c: Core, leaders: number, staff: number): Promise<number[]> {
  const ids: number[] = []
  for (let i = 0; i < leaders; i++)
    ids.push(
      (
        await ok<{ id: number }>(c, 'staff.create', {
          name: `领导${i + 1}`,
          certificateNo: null,
          phone: `1390000000${i}`,
          position: '副镇长',
          dutyRole: 'leader',
        })
      ).id,
    )
  for (let i = 0; i < staff; i++)
    ids.push(
      (
        await ok<{ id: number }>(c, 'staff.create', {
          name: `干部${i + 1}`,
          certificateNo: null,
          phone: `1380000000${i}`,
          dutyRole: 'staff',
        })
      ).id,
    )
  return ids
}

const file = (name: string) => ({
  fileName: name,
  base64: fs.readFileSync(path.join(FIXTURES, name)).toString('base64'),
})
const expected = (name: string) =>
  JSON.parse(
    fs.readFileSync(path.join(FIXTURES, name.replace(/\.xlsx$/, '.expected.json')), 'utf8'),
  ) as Expected

describe('duty roster', () => {
  it('the staff list carries phones and duty roles; the inspection screen’s edits leave them alone', async () => {
    core = await memoryCore()
    const [leader] = await people(core, 1, 0)
    await ok(core, 'staff.update', { id: leader, name: '领导一', certificateNo: 'ZF-001', active: true })
    const list = await ok<{ id: number; name: string; phone: string; dutyRole: string }[]>(core, 'staff.list')
    expect(list[0]).toMatchObject({ name: '领导一', phone: '13900000000', dutyRole: 'leader' })
    const bad = await fail(core, 'staff.create', { name: '某人', certificateNo: null, phone: '电话待定' })
    expect(bad.message).toMatch(/电话/)
  })

  it('generates 2027 春节 from the office’s holiday dates, refuses to overwrite silently, records who did it', async () => {
    core = await memoryCore()
    await people(core, 3, 6)
    const before = await ok<Roster>(core, 'duty.roster', { from: '2027-02-05', to: '2027-02-13' })
    expect(before.unknownYears).toEqual([2027])
    const info0 = await ok<{ summary: string; packageYears: number[] }>(core, 'duty.calendar')
    expect(info0.summary).toMatch(/^节假日和调休：2004—2026年取自节假日日历/)
    await ok(core, 'duty.setCalendarDays', {
      from: '2027-02-06',
      to: '2027-02-13',
      kind: 'holiday',
      name: '春节',
    })
    await ok(core, 'duty.setCalendarDays', {
      from: '2027-02-20',
      to: '2027-02-20',
      kind: 'workday',
      name: '春节',
    })
    const info = await ok<{ summary: string; officeYears: number[] }>(core, 'duty.calendar')
    expect(info.officeYears).toEqual([2027])
    expect(info.summary).toContain('2027年有本单位录入的日期')

    await ok(core, 'settings.update', { townshipName: '青山镇' })
    const r = await ok<Roster>(core, 'duty.generate', {
      from: '2027-02-06',
      to: '2027-02-13',
      shifts: [{ shift: 'full', staff: 2 }],
      leadersPerDay: 1,
      operator: '王主任',
    })
    expect(r.warnings).toEqual([])
    expect(r.unknownYears).toEqual([])
    expect(r.days.every((d) => d.type === 'holiday' && d.leaders.length === 1 && d.staff.length === 2)).toBe(
      true,
    )
    const roster = await ok<Roster>(core, 'duty.roster', { from: '2027-02-06', to: '2027-02-13' })
    expect(roster.title).toBe('青山镇2027年春节期间值班安排表')
    const leaders = roster.people.filter((p) => p.role === 'leader').map((p) => p.rest)
    const staff = roster.people.filter((p) => p.role === 'staff').map((p) => p.rest)
    expect(Math.max(...leaders) - Math.min(...leaders)).toBeLessThanOrEqual(1)
    expect(Math.max(...staff) - Math.min(...staff)).toBeLessThanOrEqual(1)
    expect(roster.changes[0]).toMatchObject({ action: 'generate', operator: '王主任' })

    const again = await fail(core, 'duty.generate', {
      from: '2027-02-10',
      to: '2027-02-15',
      shifts: [{ shift: 'full', staff: 2 }],
      operator: '王主任',
    })
    expect(again.code).toBe('CONFLICT')
    expect(again.message).toContain('覆盖已有安排')
  })

  it('a swap exchanges two days, keeps the counts and is recorded; 替班 too; unavailable dates are respected', async () => {
    core = await memoryCore()
    const ids = await people(core, 3, 6)
    await ok(core, 'duty.addUnavailable', {
      staffId: ids[3],
      dateFrom: '2026-10-01',
      dateTo: '2026-10-04',
      reason: '外出培训',
    })
    const r = await ok<Roster>(core, 'duty.generate', {
      from: '2026-10-01',
      to: '2026-10-08',
      shifts: [{ shift: 'full', staff: 2 }],
      operator: '王主任',
    })
    const away = r.days.filter((d) => d.date <= '2026-10-04').flatMap((d) => d.staff.map((e) => e.staffId))
    expect(away).not.toContain(ids[3])

    const a = r.days[1]!.leaders[0]!
    const b = r.days.find((d) => d.leaders[0]!.staffId !== a.staffId && d.date > '2026-10-04')!.leaders[0]!
    const counts = (x: Roster) => Object.fromEntries(x.people.map((p) => [p.name, p.total]))
    await ok(core, 'duty.swap', { a: a.id, b: b.id, operator: '李秘书', reason: '家中有事' })
    const after = await ok<Roster>(core, 'duty.roster', { from: '2026-10-01', to: '2026-10-08' })
    expect(after.days.find((d) => d.date === a.date)!.leaders[0]!.name).toBe(b.name)
    expect(after.days.find((d) => d.date === b.date)!.leaders[0]!.name).toBe(a.name)
    expect(counts(after)).toEqual(counts(r))
    expect(after.changes[0]).toMatchObject({ action: 'swap', operator: '李秘书', reason: '家中有事' })
    expect(after.changes[0]!.summary).toContain(
      `${a.name}（原${a.date}带班）与${b.name}（原${b.date}带班）互换`,
    )

    // a leader cannot swap with a staff member
    const s = after.days[2]!.staff[0]!
    const mixed = await fail(core, 'duty.swap', { a: a.id, b: s.id, operator: '李秘书' })
    expect(mixed.message).toMatch(/带班领导只能与带班领导调班/)

    // 替班: someone not on duty that day stands in
    const day = after.days[5]!
    const free = ids.slice(3).find((id) => !day.staff.some((e) => e.staffId === id))!
    await ok(core, 'duty.replace', {
      id: day.staff[0]!.id,
      staffId: free,
      operator: '李秘书',
      reason: '病假',
    })
    const last = await ok<Roster>(core, 'duty.roster', { from: day.date, to: day.date })
    expect(last.days[0]!.staff.map((e) => e.staffId)).toContain(free)
    expect(last.changes[0]).toMatchObject({ action: 'replace', reason: '病假' })
    const taken = await fail(core, 'duty.replace', {
      id: last.days[0]!.staff[0]!.id,
      staffId: last.days[0]!.staff[1]!.staffId,
      operator: '李秘书',
    })
    expect(taken.message).toContain('已有班次')
  })
})

describe('duty Excel', () => {
  // through the import engine, as the 导入 wizard and the command line use it
  const read = (c: Core, f: { fileName: string; base64: string }) =>
    importViaEngine(c, 'duty', f, { commit: false })
  const period = (rows: PreviewRow[]) => {
    const dates = rows.map((r) => r.values.date as string).sort()
    return { from: dates[0], to: dates[dates.length - 1] }
  }
  const MATRIX = '排班表（每人一行、每天一列）'

  for (const name of ['08-duty-list.xlsx', '09-duty-matrix.xlsx']) {
    it(`${name} imports as its expected.json says`, async () => {
      core = await memoryCore()
      const exp = expected(name)
      const { preview: plan, rows } = await read(core, file(name))
      expect(plan.headerRows).toEqual(exp.headerRows)
      expect(plan.firstDataRow).toBe(exp.firstDataRow)
      expect(period(rows)).toEqual(exp.period)
      expect(plan.errors).toEqual([])
      expect(plan.warnings).toEqual([])
      // records: a date row (list) or a marked person-day cell (matrix)
      expect(plan.layout === MATRIX ? rows.length : new Set(rows.map((r) => r.row)).size).toBe(exp.records)
      if (exp.dutyPersonAssignments)
        expect(rows.filter((d) => d.values.role === '值班人员')).toHaveLength(exp.dutyPersonAssignments)
      const done = await importViaEngine(core, 'duty', file(name), { operator: '王主任' })
      expect(done.commit!.inserted).toBe(rows.length)
      const roster = await ok<Roster>(core, 'duty.roster', exp.period)
      const staff = await ok<unknown[]>(core, 'staff.list')
      const text = JSON.stringify([roster.days, staff])
      for (const m of exp.mustContain) expect(text, m).toContain(m)
      for (const m of exp.mustNotContain) expect(text, m).not.toContain(m)
      expect(roster.changes[0]).toMatchObject({ action: 'import', operator: '王主任' })
    })
  }

  it('the list layout: 08 names its leader’s phone and splits names on spaces and 、', async () => {
    core = await memoryCore()
    await importViaEngine(core, 'duty', file('08-duty-list.xlsx'), { operator: '王主任' })
    const r = await ok<Roster>(core, 'duty.roster', { from: '2026-10-01', to: '2026-10-07' })
    expect(r.days[0]!.leaders.map((e) => [e.name, e.phone])).toEqual([['谢兰伟', '15966609378']])
    expect(r.days[2]!.staff.map((e) => e.name)).toEqual(['肖飞欣', '毛俊土'])
    expect(r.days[0]!.weekday).toBe('星期四')
  })

  for (const layout of ['list', 'matrix'] as const)
    it(`exports the ${layout} layout and it imports back to the same roster`, async () => {
      core = await memoryCore()
      await people(core, 2, 4)
      await ok(core, 'duty.generate', {
        from: '2026-12-28',
        to: '2027-01-03',
        shifts: [
          { shift: 'day', staff: 1 },
          { shift: 'night', staff: 1 },
        ],
        operator: '王主任',
      })
      const range = { from: '2026-12-28', to: '2027-01-03' }
      const before = await ok<Roster>(core, 'duty.roster', range)
      const out = await ok<{ fileName: string; base64: string }>(core, 'duty.export', { ...range, layout })
      await ok(core, 'duty.clear', { ...range, operator: '王主任' })
      const { preview: plan } = await read(core, { fileName: out.fileName, base64: out.base64 })
      expect(plan.layout).toBe(layout === 'matrix' ? MATRIX : null)
      expect(plan.notices.join('')).not.toContain('人员名单中没有')
      await importViaEngine(core, 'duty', out, { operator: '王主任' })
      const after = await ok<Roster>(core, 'duty.roster', range)
      const shape = (x: Roster) =>
        x.days.map((d) => [
          d.date,
          ...[...d.leaders, ...d.staff].map((e) => `${e.role}:${e.shift}:${e.name}`),
        ])
      expect(shape(after)).toEqual(shape(before))
    })

  it('reads a 排班表 whose columns are day numbers under a month title, with weekday names below', async () => {
    core = await memoryCore()
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('11月')
    ws.addRow(['青山镇2026年11月排班表'])
    ws.addRow(['姓名', ...Array.from({ length: 30 }, (_, i) => i + 1)])
    ws.addRow(['', ...Array.from({ length: 30 }, (_, i) => '日一二三四五六'[(i + 0) % 7])])
    ws.addRow(['张三', ...Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? '带班' : '休'))])
    ws.addRow([
      '李四',
      ...Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? '白班' : i % 2 === 1 ? '夜班' : '')),
    ])
    ws.addRow(['制表人：王五'])
    const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
    const { preview: plan, rows } = await read(core, { fileName: '11月排班.xlsx', base64 })
    expect(plan).toMatchObject({ layout: MATRIX, headerRows: [2, 3] })
    expect(period(rows)).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    expect(rows.filter((d) => d.values.person === '张三' && d.values.role === '带班领导')).toHaveLength(10)
    expect(rows.filter((d) => d.values.person === '李四')).toHaveLength(30)
    expect(plan.warnings).toEqual([])
  })

  it('a file with an unreadable date imports nothing and says where', async () => {
    core = await memoryCore()
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('十月')
    ws.addRow(['日期', '星期', '带班领导', '值班人员', '联系电话'])
    ws.addRow(['2026-10-01', '星期四', '张三', '李四', '13800000000'])
    ws.addRow(['10月32日', '星期五', '王五', '赵六', ''])
    const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
    const e = await importViaEngine(
      core,
      'duty',
      { fileName: 'bad.xlsx', base64 },
      { operator: '王主任' },
    ).then(
      () => null,
      (err: Error) => err,
    )
    expect(e?.message).toContain('工作表“十月”第 3 行 A 列')
    const r = await ok<Roster>(core, 'duty.roster', { from: '2026-10-01', to: '2026-10-02' })
    expect(r.assignments).toBe(0)
    expect(await ok<unknown[]>(core, 'staff.list')).toEqual([])
  })
})

describe('duty log and daily report', () => {
  it('a day with entries reports them; a quiet day is a 零报告 "无"; days without a report are flagged', async () => {
    core = await memoryCore() // today is 2026-11-28
    await people(core, 1, 1)
    await ok(core, 'duty.generate', {
      from: '2026-11-25',
      to: '2026-11-28',
      shifts: [{ shift: 'full', staff: 1 }],
      allowConsecutive: true,
      operator: '王主任',
    })
    await ok(core, 'dutyLog.create', {
      data: {
        date: '2026-11-26',
        time: '09:30',
        channel: 'phone',
        caller: '刘科长',
        unit: '县应急管理局',
        phone: '0797-83612910',
        subject: '通知加强冬季森林防火检查',
        reportedTo: '领导1',
        instruction: '立即转发各村',
        handling: '已电话通知各村',
        status: 'done',
      },
    })
    const zero = await fail(core, 'duty.saveReport', {
      date: '2026-11-26',
      zero: true,
      summary: null,
      reporter: null,
    })
    expect(zero.message).toContain('不能报“零报告”')
    await ok(core, 'duty.saveReport', { date: '2026-11-26', zero: false, summary: null, reporter: '干部1' })
    await ok(core, 'duty.saveReport', { date: '2026-11-27', zero: true, summary: null, reporter: '干部1' })
    const d26 = await ok<{ content: string; entries: { channelLabel: string }[]; leaders: Entry[] }>(
      core,
      'duty.daily',
      { date: '2026-11-26' },
    )
    expect(d26.content).toBe('1. 09:30 通知加强冬季森林防火检查')
    expect(d26.entries[0]!.channelLabel).toBe('电话')
    expect(d26.leaders[0]!.name).toBe('领导1')
    const d27 = await ok<{ content: string }>(core, 'duty.daily', { date: '2026-11-27' })
    expect(d27.content).toBe('无')
    const today = await ok<{ date: string; leaders: Entry[]; staff: Entry[]; missing: string[] }>(
      core,
      'duty.today',
    )
    expect(today.date).toBe('2026-11-28')
    expect(today.leaders.map((e) => e.name)).toEqual(['领导1'])
    expect(today.staff.map((e) => e.name)).toEqual(['干部1'])
    expect(today.missing).toEqual(['2026-11-25'])
  })
})

describe('duty demo', () => {
  it('creates people on the one staff list, this month’s roster, log entries and leaves two days unreported', async () => {
    core = await memoryCore() // 2026-11-28
    await ok(core, 'demo.load')
    const staff = await ok<{ name: string; dutyRole: string; certificateNo: string | null }[]>(
      core,
      'staff.list',
    )
    // the inspectors stand duty too: one list
    expect(staff.filter((s) => s.certificateNo && s.dutyRole === 'staff').length).toBeGreaterThan(0)
    expect(staff.filter((s) => s.dutyRole === 'leader')).toHaveLength(3)
    const r = await ok<Roster>(core, 'duty.roster', { from: '2026-11-01', to: '2026-11-30' })
    expect(r.days.every((d) => d.leaders.length === 1 && d.staff.length === 2)).toBe(true)
    const log = await ok<{ total: number }>(core, 'dutyLog.list', {})
    expect(log.total).toBeGreaterThan(0)
    const today = await ok<{ leaders: Entry[]; missing: string[] }>(core, 'duty.today')
    expect(today.leaders).toHaveLength(1)
    expect(today.missing).toEqual(['2026-11-27', '2026-11-26'])
  })
})
