import { writeAudit } from '../audit/audit'
import { chinaToday, isoNow, writeTx, type Ctx } from '../context'
import { AppError } from '../errors'
import { addDays, weekdayName } from '../shared/duty/calendar'
import { dutyLogSpec } from '../shared/specs/duty-log'
import { displayValue } from '../shared/kit/form'
import type { FieldSpec } from '../shared/kit/spec'
import { dutyLogRepo } from './ledger'
import { onDuty } from './roster-repo'

// 值班日报: one report per day, made from that day's duty log entries; a day with nothing to report
// is a 零报告 ("无"). Days someone was on duty but no report was made are flagged on 工作台.

export interface DutyReport {
  date: string
  zero: boolean
  summary: string | null
  reporter: string | null
  reportedAt: string
}

function reportRow(ctx: Ctx, date: string): DutyReport | null {
  const r = ctx.db
    .prepare(
      'SELECT date, zero, summary, reporter, reported_at AS reportedAt FROM duty_reports WHERE date = ?',
    )
    .get(date) as (Omit<DutyReport, 'zero'> & { zero: number }) | undefined
  return r ? { ...r, zero: r.zero === 1 } : null
}

const labelOf = (key: string, v: unknown): string => {
  const f = (dutyLogSpec.fields as readonly FieldSpec[]).find((x) => x.key === key) as FieldSpec
  return displayValue(f, { [key]: v })
}

/** Everything the daily report shows and prints. */
export function dailyReport(ctx: Ctx, date: string) {
  const list = dutyLogRepo.list(ctx, {
    page: 1,
    pageSize: 500,
    filters: { date: { from: date, to: date } },
    sort: { field: 'time', order: 'asc' },
  })
  const entries = list.rows.map((r) => ({
    ...r,
    channelLabel: labelOf('channel', r.channel),
    statusLabel: labelOf('status', r.status),
  }))
  const duty = onDuty(ctx, date)
  const report = reportRow(ctx, date)
  return {
    date,
    weekday: weekdayName(date),
    leaders: duty.filter((d) => d.role === 'leader'),
    staff: duty.filter((d) => d.role === 'staff'),
    entries,
    report,
    /** The line the county reads: the entries, or "无" for a 零报告 */
    content: entries.length
      ? entries.map((e, i) => `${i + 1}. ${e.time ? `${e.time} ` : ''}${e.subject}`).join('\n')
      : report?.zero
        ? '无'
        : '',
  }
}

export function saveReport(
  ctx: Ctx,
  input: { date: string; zero: boolean; summary: string | null; reporter: string | null },
): DutyReport {
  return writeTx(ctx, () => {
    const count = (
      ctx.db
        .prepare('SELECT count(*) AS n FROM duty_log WHERE date = ? AND deleted_at IS NULL')
        .get(input.date) as { n: number }
    ).n
    if (input.zero && count > 0)
      throw new AppError(
        'CONFLICT',
        `${input.date} 已有 ${count} 条值班记录，不能报“零报告”。请报送当天的值班情况，或先删除误录的记录。`,
      )
    if (!input.zero && count === 0 && !input.summary)
      throw new AppError('VALIDATION', `${input.date} 没有值班记录。如当天无情况，请选择“零报告（无）”。`)
    const now = isoNow(ctx)
    writeAudit(ctx, {
      action: reportRow(ctx, input.date) ? 'update' : 'create',
      ledger: 'duty',
      recordName: `${input.date}值班日报`,
      note: input.zero ? '零报告（无）' : `报送 ${count} 条值班记录`,
    })
    ctx.db
      .prepare(
        `INSERT INTO duty_reports(date, zero, summary, reporter, reported_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(date) DO UPDATE SET zero = excluded.zero, summary = excluded.summary,
           reporter = excluded.reporter, reported_at = excluded.reported_at, updated_at = excluded.updated_at`,
      )
      .run(input.date, input.zero ? 1 : 0, input.summary, input.reporter, now, now, now)
    return reportRow(ctx, input.date) as DutyReport
  })
}

export function today(ctx: Ctx): string {
  return chinaToday(ctx)
}

/** Days up to yesterday (within `days` back) with someone on duty but no daily report. */
export function missingReports(ctx: Ctx, days = 31): string[] {
  const t = today(ctx)
  const from = addDays(t, -days)
  const rows = ctx.db
    .prepare(
      `SELECT DISTINCT a.date FROM duty_shifts a
       WHERE a.deleted_at IS NULL AND a.date >= ? AND a.date < ? AND NOT EXISTS (SELECT 1 FROM duty_reports r WHERE r.date = a.date)
       ORDER BY a.date DESC`,
    )
    .all(from, t) as { date: string }[]
  return rows.map((r) => r.date)
}

/** 工作台: today's duty people, and the days without a report. */
export function dutyToday(ctx: Ctx) {
  const date = today(ctx)
  const duty = onDuty(ctx, date)
  return {
    date,
    weekday: weekdayName(date),
    leaders: duty.filter((d) => d.role === 'leader'),
    staff: duty.filter((d) => d.role === 'staff'),
    reported: reportRow(ctx, date) !== null,
    missing: missingReports(ctx),
  }
}
