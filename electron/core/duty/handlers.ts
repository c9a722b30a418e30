import { z } from 'zod'
import { UNKNOWN_OPERATOR } from '../audit/audit'
import { handler } from '../context'
import { date, id, requiredText, textOrNull } from '../inspections/schema'
import { dutyLogHandlers, dutyShiftHandlers } from './ledger'
import { exportShifts, titleFor } from './excel'
import { dailyReport, dutyToday, saveReport } from './reports'
import {
  addUnavailable,
  assign,
  calendarInfo,
  clearRange,
  generate,
  getRoster,
  holidayPeriods,
  listUnavailable,
  removeCalendarDays,
  removeUnavailable,
  replace,
  setCalendarDays,
  swap,
  unassign,
} from './roster-repo'
import type { Ctx } from '../context'

// 值班: the roster (值班表), the office's holiday dates, unavailable dates, Excel in and out, the
// daily report (值班日报 / 零报告) and 工作台's card. The duty log's own handlers come from the kit.

const range = { from: date('开始日期'), to: date('结束日期') }
// 经办人: who made the change; the session's operator (chosen in the header) when not given.
const operator = requiredText('经办人', 30).optional()
const reason = textOrNull('原因', 200)
  .optional()
  .transform((v) => v ?? null)
const shift = z.enum(['full', 'day', 'night'], { error: '班次只能是全天、白班或夜班' })
const role = z.enum(['leader', 'staff'], { error: '身份只能是带班领导或值班人员' })
const layout = z.enum(['list', 'matrix'], { error: '版式只能是值班安排表（list）或排班表（matrix）' })

function who(ctx: Ctx, given: string | undefined): string {
  return given?.trim() || ctx.operator?.trim() || UNKNOWN_OPERATOR
}

export const dutyHandlers = {
  ...dutyLogHandlers,
  ...dutyShiftHandlers,
  'duty.roster': handler(z.object(range), (ctx, input) => ({
    ...getRoster(ctx, input.from, input.to),
    title: titleFor(ctx, input.from, input.to),
  })),
  'duty.generate': handler(
    z.object({
      ...range,
      shifts: z
        .array(z.object({ shift, staff: z.number().int().min(0).max(10) }))
        .min(1, '请至少设置一个班次')
        .max(3)
        .refine((s) => new Set(s.map((x) => x.shift)).size === s.length, '同一班次只能设置一次')
        .refine(
          (s) => !(s.some((x) => x.shift === 'full') && s.length > 1),
          '“全天”不能与白班、夜班同时设置',
        ),
      leadersPerDay: z.number().int().min(0).max(3).default(1),
      allowConsecutive: z.boolean().default(false),
      staffIds: z.array(id).max(500).optional(),
      replace: z.boolean().default(false),
      operator,
    }),
    (ctx, input) => generate(ctx, { ...input, operator: who(ctx, input.operator) }),
  ),
  'duty.swap': handler(z.object({ a: id, b: id, operator, reason }), (ctx, input) =>
    swap(ctx, { ...input, operator: who(ctx, input.operator) }),
  ),
  'duty.replace': handler(z.object({ id, staffId: id, operator, reason }), (ctx, input) =>
    replace(ctx, { ...input, operator: who(ctx, input.operator) }),
  ),
  'duty.assign': handler(z.object({ date: date('日期'), shift, role, staffId: id, operator }), (ctx, input) =>
    assign(ctx, { ...input, operator: who(ctx, input.operator) }),
  ),
  'duty.unassign': handler(z.object({ id, operator, reason }), (ctx, input) =>
    unassign(ctx, { ...input, operator: who(ctx, input.operator) }),
  ),
  'duty.clear': handler(z.object({ ...range, operator }), (ctx, input) =>
    clearRange(ctx, { ...input, operator: who(ctx, input.operator) }),
  ),

  'duty.calendar': handler(z.object({}).optional(), (ctx) => calendarInfo(ctx)),
  'duty.periods': handler(z.object({ year: z.number().int().min(2000).max(2100) }), (ctx, input) =>
    holidayPeriods(ctx, input.year),
  ),
  'duty.setCalendarDays': handler(
    z.object({
      ...range,
      kind: z.enum(['holiday', 'workday'], { error: '请选择放假或调休上班' }),
      name: requiredText('节日名称', 20),
    }),
    (ctx, input) => setCalendarDays(ctx, input),
  ),
  'duty.removeCalendarDays': handler(
    z.object({ dates: z.array(date('日期')).min(1).max(366) }),
    (ctx, input) => removeCalendarDays(ctx, input.dates),
  ),
  'duty.unavailable': handler(
    z.object({ from: date('开始日期').optional(), to: date('结束日期').optional() }).default({}),
    (ctx, input) => listUnavailable(ctx, input.from, input.to),
  ),
  'duty.addUnavailable': handler(
    z.object({
      staffId: id,
      dateFrom: date('开始日期'),
      dateTo: date('结束日期'),
      reason: textOrNull('原因', 100),
    }),
    (ctx, input) => addUnavailable(ctx, input),
  ),
  'duty.removeUnavailable': handler(z.object({ id }), (ctx, input) => removeUnavailable(ctx, input.id)),

  'duty.export': handler(
    z.object({ ...range, layout, title: z.string().trim().max(60).optional() }),
    async (ctx, input) => {
      const r = await exportShifts(
        ctx,
        { filters: { date: { from: input.from, to: input.to } } },
        input.layout,
        input.title,
      )
      return { fileName: r.fileName, base64: r.base64 }
    },
  ),

  'duty.daily': handler(z.object({ date: date('日期') }), (ctx, input) => dailyReport(ctx, input.date)),
  'duty.saveReport': handler(
    z.object({
      date: date('日期'),
      zero: z.boolean(),
      summary: textOrNull('报告内容', 2000),
      reporter: textOrNull('报告人', 30),
    }),
    (ctx, input) => saveReport(ctx, input),
  ),
  'duty.today': handler(z.object({}).optional(), (ctx) => dutyToday(ctx)),
}
