import type { Ctx } from '../context'
import { AppError } from '../errors'
import { excelJs } from '../excel/exceljs'
import { writeLayout } from '../kit/layouts'
import type { ListQuery } from '../kit/repo'
import { datesBetween, holidayOf, rosterTitle } from '../shared/duty/calendar'
import { SHIFT_ORDER, type ShiftKey } from '../shared/duty/roster'
import { dutyListLayout, dutyMatrixLayout, dutyShiftSpec } from '../shared/specs/duty-roster'
import { getSettings } from '../system/handlers'
import { dutyShiftRepo } from './ledger'
import { calendar, MAX_DAYS } from './roster-repo'

// Duty rosters out to Excel, in the spec's list layout (值班安排表, one row per shift, with 电话 and
// 签字 for paper) or matrix layout (排班表, one row per person, one column per day), A4, written by
// the kit (kit/layouts.ts); both import back through the import engine (duty/import.ts).

export type DutyLayout = 'list' | 'matrix'

/** The title printed on the roster and its export ("XX镇2027年春节期间值班安排表"). */
export function titleFor(ctx: Ctx, from: string, to: string): string {
  return rosterTitle(
    getSettings(ctx).townshipName,
    from,
    to,
    holidayOf(calendar(ctx), datesBetween(from, to)),
  )
}

/** The shifts a 班次列表 filter selects (default: all), as an xlsx in the chosen layout. */
export async function exportShifts(
  ctx: Ctx,
  filters: Omit<ListQuery, 'page' | 'pageSize'>,
  layout: DutyLayout,
  title?: string,
): Promise<{ fileName: string; base64: string; rows: number }> {
  const staff = new Map(
    (
      ctx.db.prepare('SELECT id, phone, sort_order AS o FROM staff').all() as {
        id: number
        phone: string | null
        o: number
      }[]
    ).map((s) => [s.id, s]),
  )
  const shifts = [...dutyShiftRepo.iterate(ctx, filters)]
    .map((r) => ({
      date: r.date as string,
      shift: r.shift as ShiftKey,
      role: r.role as string,
      person: r.person as number,
      personName: r.personName ?? '',
      personPhone: staff.get(r.person as number)?.phone ?? null,
    }))
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        SHIFT_ORDER.indexOf(a.shift) - SHIFT_ORDER.indexOf(b.shift) ||
        (a.role === b.role ? 0 : a.role === 'leader' ? -1 : 1) ||
        (staff.get(a.person)?.o ?? 0) - (staff.get(b.person)?.o ?? 0),
    )
  const range = filters.filters?.date
  const from = (range?.from as string | undefined) ?? shifts[0]?.date
  const to = (range?.to as string | undefined) ?? shifts[shifts.length - 1]?.date
  if (!from || !to) throw new AppError('VALIDATION', '没有可导出的班次，请先编排或导入值班表')
  const dates = datesBetween(from, to, MAX_DAYS + 1)
  if (layout === 'matrix' && dates.length > MAX_DAYS)
    throw new AppError('VALIDATION', `排班表一次最多${MAX_DAYS}天，请按日期筛选后再导出`)
  // the matrix's rows: leaders first, then the staff list's order
  const order = (p: number, role: string) => (role === 'leader' ? 0 : 1e9) + (staff.get(p)?.o ?? 0)
  const rowNames = [
    ...new Map(
      [...shifts]
        .sort((a, b) => order(a.person, a.role) - order(b.person, b.role))
        .map((s) => [s.personName, s.personName]),
    ).keys(),
  ]
  const heading = title || titleFor(ctx, from, to)
  const wb = new (excelJs().Workbook)()
  wb.creator = '乡镇安全生产台账'
  writeLayout(wb, dutyShiftSpec, layout === 'list' ? dutyListLayout : dutyMatrixLayout, shifts, {
    title: heading,
    sheet: '值班表',
    dates,
    rowNames,
  })
  const buf = Buffer.from(await wb.xlsx.writeBuffer())
  return {
    fileName: `${heading}${layout === 'matrix' ? '（排班表）' : ''}.xlsx`,
    base64: buf.toString('base64'),
    rows: shifts.length,
  }
}

/** 下载导入模板: an empty 值班安排表 (日期, 星期, 班次, 身份, 姓名, 电话, 签字). */
export async function rosterTemplate(ctx: Ctx): Promise<{ fileName: string; base64: string }> {
  const wb = new (excelJs().Workbook)()
  wb.creator = '乡镇安全生产台账'
  writeLayout(wb, dutyShiftSpec, dutyListLayout, [], {
    title: `${getSettings(ctx).townshipName || ''}值班安排表`,
    sheet: '值班表',
  })
  return {
    fileName: '值班表导入模板.xlsx',
    base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'),
  }
}
