import { UNKNOWN_OPERATOR } from '../audit/audit'
import { isoNow, type Ctx } from '../context'
import { AppError } from '../errors'
import { ledgerHandlers } from '../kit/handlers'
import { createRepo } from '../kit/repo'
import type { FieldIssue } from '../shared/kit/schema'
import { dutyLogSpec } from '../shared/specs/duty-log'
import { dutyShiftSpec } from '../shared/specs/duty-roster'

// 值班日志 on the kit.
export const dutyLogRepo = createRepo(dutyLogSpec)
export const dutyLogHandlers = ledgerHandlers(dutyLogRepo)

// 值班表 on the kit: one record per date × shift × person. The domain rules are hooks: one person
// holds one shift a day, and a leader (带班) holds the whole day. A swap (调班) exchanges two
// people in two patches whose intermediate state breaks the first rule for a moment: it runs
// inside `domainWrite`, having checked the whole swap itself (shared/duty/roster.ts).
const domain = new WeakSet<Ctx>()

export function domainWrite<T>(ctx: Ctx, fn: () => T): T {
  domain.add(ctx)
  try {
    return fn()
  } finally {
    domain.delete(ctx)
  }
}

const SHIFT_TEXT: Record<string, string> = { full: '', day: '白班', night: '夜班' }
const slotText = (r: { date: string; shift: string; role: string }) =>
  `${r.date}${SHIFT_TEXT[r.shift] ?? ''}${r.role === 'leader' ? '带班' : '值班'}`

export const dutyShiftRepo = createRepo(dutyShiftSpec, {
  // An edit on the 班次列表 (not a swap or a stand-in, which say more) joins the roster's change log.
  afterWrite(ctx, after, before) {
    if (domain.has(ctx)) return
    const summary = !before
      ? `增加：${after.personName}（${slotText(after)}）`
      : after.deletedAt && !before.deletedAt
        ? `取消：${after.personName}（${slotText(after)}）`
        : !after.deletedAt && before.deletedAt
          ? `恢复：${after.personName}（${slotText(after)}）`
          : `修改：${before.personName}（${slotText(before)}）改为${after.personName}（${slotText(after)}）`
    const dates = [before?.date ?? after.date, after.date].sort()
    ctx.db
      .prepare(
        "INSERT INTO duty_changes(at, action, operator, date_from, date_to, summary) VALUES (?, 'edit', ?, ?, ?, ?)",
      )
      .run(isoNow(ctx), ctx.operator?.trim() || UNKNOWN_OPERATOR, dates[0], dates[1], summary)
  },
  check(ctx, v, exceptId) {
    if (domain.has(ctx)) return []
    return shiftIssues(ctx, v, exceptId)
  },
  // A shift comes back from the 回收站 only into a free place: its person has no other shift that day.
  beforeRestore(ctx, r) {
    const [issue] = shiftIssues(ctx, r, r.id)
    if (issue) throw new AppError('CONFLICT', `${r.date} 的班次不能恢复：${issue.message}`)
  },
})

export function shiftIssues(
  ctx: Ctx,
  v: { date: string | null; shift: string | null; role: string | null; person: number | null },
  exceptId: number | null,
): FieldIssue[] {
  const issues: FieldIssue[] = []
  if (v.role === 'leader' && v.shift !== 'full')
    issues.push({ field: 'shift', message: '带班领导值全天班，请把班次选为“全天”' })
  if (v.date && v.person) {
    const clash = ctx.db
      .prepare(
        `SELECT s.name FROM duty_shifts d JOIN staff s ON s.id = d.staff_id
           WHERE d.date = ? AND d.staff_id = ? AND d.deleted_at IS NULL AND d.id IS NOT ?`,
      )
      .pluck()
      .get(v.date, v.person, exceptId) as string | undefined
    if (clash)
      issues.push({
        field: 'person',
        message: `${clash}在 ${v.date} 已有班次，一人一天只排一个班次。如要互换，请在值班表中用“调班”`,
      })
  }
  return issues
}
export const dutyShiftHandlers = ledgerHandlers(dutyShiftRepo)
