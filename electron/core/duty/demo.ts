import { isoNow, type Ctx } from '../context'
import { addDays, datesBetween } from '../shared/duty/calendar'
import { dutyLogRepo } from './ledger'
import { generate } from './roster-repo'
import { today } from './reports'

// 示例数据 for 值班: leaders and staff on the one staff list (the inspectors stand duty too), the
// current month's roster, a few log entries and the daily reports up to two days ago — so 工作台
// shows today's duty people and flags the days without a report.

const LEADERS = [
  { name: '林国华', position: '党委书记' },
  { name: '许建平', position: '镇长' },
  { name: '黄晓燕', position: '副镇长' },
]
const STAFF = ['蔡文斌', '潘志强', '罗美玲']

const EVENTS = [
  { channel: 'phone', unit: '县应急管理局', subject: '通知加强节假日期间安全生产检查', reportedTo: '许建平' },
  {
    channel: 'document',
    unit: '县安委办',
    subject: '转发关于做好冬春火灾防控工作的通知',
    reportedTo: '黄晓燕',
  },
  { channel: 'phone', unit: '东湖村村委会', subject: '报告村道边有人违规燃放烟花爆竹', reportedTo: '黄晓燕' },
  { channel: 'visit', unit: '群众', subject: '反映某小作坊夜间加工存在消防隐患', reportedTo: '许建平' },
  { channel: 'phone', unit: '县气象局', subject: '大风蓝色预警，提醒做好防范', reportedTo: '林国华' },
] as const

export function loadDutyDemo(
  ctx: Ctx,
  r: () => number,
  mobile: () => string,
): { people: number; duties: number; entries: number } {
  const now = isoNow(ctx)
  // the inspectors already on the list stand duty as staff
  const inspectors = ctx.db.prepare('SELECT id FROM staff WHERE active = 1').all() as { id: number }[]
  const setStaff = ctx.db.prepare(
    "UPDATE staff SET duty_role = 'staff', phone = coalesce(phone, ?), updated_at = ? WHERE id = ?",
  )
  for (const s of inspectors) setStaff.run(mobile(), now, s.id)
  const max = (ctx.db.prepare('SELECT coalesce(max(sort_order), 0) AS m FROM staff').get() as { m: number }).m
  const add = ctx.db.prepare(
    `INSERT INTO staff(name, active, phone, position, duty_role, sort_order, created_at, updated_at)
     VALUES (?, 1, ?, ?, ?, ?, ?, ?)`,
  )
  let order = max
  for (const l of LEADERS) add.run(l.name, mobile(), l.position, 'leader', ++order, now, now)
  for (const s of STAFF) add.run(s, mobile(), '科员', 'staff', ++order, now, now)

  const t = today(ctx)
  const from = `${t.slice(0, 8)}01`
  const d = new Date(Number(t.slice(0, 4)), Number(t.slice(5, 7)), 0)
  const to = `${t.slice(0, 8)}${String(d.getDate()).padStart(2, '0')}`
  const roster = generate(ctx, {
    from,
    to,
    shifts: [{ shift: 'full', staff: 2 }],
    leadersPerDay: 1,
    allowConsecutive: false,
    replace: true,
    operator: '示例数据',
  })

  let entries = 0
  const report = ctx.db.prepare(
    `INSERT INTO duty_reports(date, zero, summary, reporter, reported_at, created_at, updated_at)
     VALUES (?, ?, NULL, ?, ?, ?, ?)`,
  )
  // reports up to three days ago; the last two days are left for 工作台 to flag
  for (const date of datesBetween(from, addDays(t, -1))) {
    const day = roster.days.find((x) => x.date === date)
    const n = r() < 0.35 ? 1 + Math.floor(r() * 2) : 0
    for (let i = 0; i < n; i++) {
      const e = EVENTS[Math.floor(r() * EVENTS.length)] as (typeof EVENTS)[number]
      dutyLogRepo.create(ctx, {
        date,
        time: `${String(8 + Math.floor(r() * 12)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}`,
        channel: e.channel,
        caller: null,
        unit: e.unit,
        phone: null,
        subject: e.subject,
        reportedTo: e.reportedTo,
        instruction: '按要求落实',
        handling: '已转告相关村和站所落实',
        status: 'done',
        recorder: day?.staff[0]?.name ?? null,
      })
      entries++
    }
    if (date < addDays(t, -2)) report.run(date, n === 0 ? 1 : 0, day?.staff[0]?.name ?? null, now, now, now)
  }
  return { people: LEADERS.length + STAFF.length + inspectors.length, duties: roster.assignments, entries }
}
