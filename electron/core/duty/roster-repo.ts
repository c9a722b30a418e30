import { writeAudit, type AuditAction } from '../audit/audit'
import { isoNow, writeTx, type Ctx } from '../context'
import { AppError } from '../errors'
import {
  addDays,
  buildCalendar,
  datesBetween,
  describeYears,
  weekdayName,
  type Calendar,
  type CalendarEntry,
  type DayInfo,
} from '../shared/duty/calendar'
import {
  generateRoster,
  ROLE_LABELS,
  SHIFT_LABELS,
  SHIFT_ORDER,
  swapAssignments,
  type Assignment,
  type DutyPerson,
  type DutyRole,
  type ShiftKey,
  type ShiftPlan,
} from '../shared/duty/roster'
import type { Change } from '../kit/repo'
import { packageCalendar } from './holidays'
import { domainWrite, dutyShiftRepo, shiftIssues } from './ledger'

// The roster's domain code over its kit ledger (duty_shifts, spec shared/specs/duty-roster.ts):
// generation, swaps (调班), stand-ins (替班) and whole-period changes. Each change to a shift goes
// through the ledger's repository (its history shows it, with the reason); whole-period changes
// and who asked for each change are also kept in duty_changes. People are the staff list.

export const MAX_DAYS = 366

// ---- calendar ------------------------------------------------------------------------------------

export function officeEntries(ctx: Ctx): CalendarEntry[] {
  return ctx.db.prepare('SELECT date, kind, name FROM calendar_days ORDER BY date').all() as CalendarEntry[]
}

export function calendar(ctx: Ctx): Calendar {
  return buildCalendar(packageCalendar(), officeEntries(ctx))
}

export function calendarInfo(ctx: Ctx) {
  const cal = calendar(ctx)
  const pkg = cal.packageYears
  return {
    packageYears: pkg,
    officeYears: cal.officeYears,
    /** The sentence the app shows: which years it knows from where. */
    summary:
      `节假日和调休：${describeYears(pkg)}取自节假日日历（chinese-days）` +
      (cal.officeYears.length ? `；${describeYears(cal.officeYears)}有本单位录入的日期` : '') +
      `。其他年份请按国务院办公厅当年发布的放假安排录入。`,
    entries: officeEntries(ctx),
  }
}

/** The holiday blocks of a year (春节 2027-02-06 — 2027-02-13 …), for choosing a roster's period. */
export function holidayPeriods(ctx: Ctx, year: number) {
  const cal = calendar(ctx)
  const out: { name: string; from: string; to: string; source: string }[] = []
  // a holiday block may start in the year before (元旦 from 30 December)
  for (const d of datesBetween(`${year - 1}-12-25`, `${year}-12-31`, 400)) {
    const info = cal.day(d)
    if (info.type !== 'holiday') continue
    const last = out[out.length - 1]
    if (last && last.name === info.name && last.to === addDays(d, -1)) last.to = d
    else out.push({ name: info.name, from: d, to: d, source: info.source })
  }
  return out.filter((p) => p.to.startsWith(String(year)))
}

export function setCalendarDays(
  ctx: Ctx,
  input: { from: string; to: string; kind: 'holiday' | 'workday'; name: string },
): { saved: number } {
  const dates = datesBetween(input.from, input.to, 60)
  if (input.to < input.from) throw new AppError('VALIDATION', '结束日期不能早于开始日期')
  if (dates[dates.length - 1] !== input.to) throw new AppError('VALIDATION', '一次最多录入60天')
  return writeTx(ctx, () => {
    const put = ctx.db.prepare(
      `INSERT INTO calendar_days(date, kind, name, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(date) DO UPDATE SET kind = excluded.kind, name = excluded.name`,
    )
    const now = isoNow(ctx)
    for (const d of dates) put.run(d, input.kind, input.name, now)
    writeAudit(ctx, {
      action: 'update',
      ledger: 'duty',
      recordName: '法定节假日和调休',
      note: `录入 ${input.from} 至 ${input.to} ${input.kind === 'holiday' ? '放假' : '调休上班'}（${input.name}）`,
    })
    return { saved: dates.length }
  })
}

export function removeCalendarDays(ctx: Ctx, dates: string[]): { removed: number } {
  return writeTx(ctx, () => {
    const del = ctx.db.prepare('DELETE FROM calendar_days WHERE date = ?')
    let removed = 0
    for (const d of dates) removed += del.run(d).changes
    if (removed)
      writeAudit(ctx, {
        action: 'delete',
        ledger: 'duty',
        recordName: '法定节假日和调休',
        note: `删除 ${dates.join('、')}`,
      })
    return { removed }
  })
}

// ---- people and unavailable dates ------------------------------------------------------------------

export interface Unavailable {
  id: number
  staffId: number
  name: string
  dateFrom: string
  dateTo: string
  reason: string | null
}

export function listUnavailable(ctx: Ctx, from?: string, to?: string): Unavailable[] {
  return ctx.db
    .prepare(
      `SELECT u.id, u.staff_id AS staffId, s.name, u.date_from AS dateFrom, u.date_to AS dateTo, u.reason
       FROM staff_unavailable u JOIN staff s ON s.id = u.staff_id
       WHERE (? IS NULL OR u.date_to >= ?) AND (? IS NULL OR u.date_from <= ?)
       ORDER BY u.date_from, s.sort_order`,
    )
    .all(from ?? null, from ?? null, to ?? null, to ?? null) as Unavailable[]
}

/** A person's dates off are part of their record: it counts as changed (an import that added the
 * person keeps them on undo, with the dates). */
function touchStaff(ctx: Ctx, staffId: number): void {
  ctx.db.prepare('UPDATE staff SET updated_at = ? WHERE id = ?').run(isoNow(ctx), staffId)
}

export function addUnavailable(
  ctx: Ctx,
  input: { staffId: number; dateFrom: string; dateTo: string; reason: string | null },
): Unavailable {
  if (input.dateTo < input.dateFrom) throw new AppError('VALIDATION', '结束日期不能早于开始日期')
  return writeTx(ctx, () => {
    const s = ctx.db.prepare('SELECT id FROM staff WHERE id = ?').get(input.staffId)
    if (!s) throw new AppError('NOT_FOUND', '该人员不存在，可能已被删除')
    const r = ctx.db
      .prepare(
        'INSERT INTO staff_unavailable(staff_id, date_from, date_to, reason, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(input.staffId, input.dateFrom, input.dateTo, input.reason, isoNow(ctx))
    touchStaff(ctx, input.staffId)
    const u = listUnavailable(ctx).find((x) => x.id === Number(r.lastInsertRowid)) as Unavailable
    writeAudit(ctx, {
      action: 'create',
      ledger: 'duty',
      recordName: `${u.name}不能值班的日期`,
      note: `${u.dateFrom} 至 ${u.dateTo}${u.reason ? `（${u.reason}）` : ''}`,
    })
    return u
  })
}

export function removeUnavailable(ctx: Ctx, id: number): { id: number } {
  return writeTx(ctx, () => {
    const u = listUnavailable(ctx).find((x) => x.id === id)
    if (!u) throw new AppError('NOT_FOUND', '该记录不存在，可能已被删除')
    ctx.db.prepare('DELETE FROM staff_unavailable WHERE id = ?').run(id)
    touchStaff(ctx, u.staffId)
    writeAudit(ctx, {
      action: 'delete',
      ledger: 'duty',
      recordName: `${u.name}不能值班的日期`,
      note: `${u.dateFrom} 至 ${u.dateTo}`,
    })
    return { id }
  })
}

function dutyPeople(ctx: Ctx, from: string, to: string, ids?: number[]): DutyPerson[] {
  const rows = ctx.db
    .prepare(
      `SELECT id, name, duty_role AS dutyRole FROM staff
       WHERE active = 1 AND duty_role IN ('leader', 'staff') ORDER BY sort_order, id`,
    )
    .all() as { id: number; name: string; dutyRole: DutyRole }[]
  const chosen = ids ? rows.filter((r) => ids.includes(r.id)) : rows
  const away = listUnavailable(ctx, from, to)
  return chosen.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.dutyRole,
    unavailable: away
      .filter((u) => u.staffId === r.id)
      .flatMap((u) => datesBetween(u.dateFrom < from ? from : u.dateFrom, u.dateTo > to ? to : u.dateTo)),
  }))
}

// ---- the roster -----------------------------------------------------------------------------------

export interface RosterEntry {
  id: number
  date: string
  shift: ShiftKey
  shiftLabel: string
  role: DutyRole
  staffId: number
  name: string
  phone: string | null
  position: string | null
  source: string
}

export interface RosterDay extends DayInfo {
  weekday: string
  leaders: RosterEntry[]
  staff: RosterEntry[]
}

export interface RosterPerson {
  staffId: number
  name: string
  phone: string | null
  position: string | null
  role: DutyRole
  rest: number
  work: number
  total: number
}

function checkRange(from: string, to: string): string[] {
  if (to < from) throw new AppError('VALIDATION', '结束日期不能早于开始日期')
  const dates = datesBetween(from, to, MAX_DAYS + 1)
  if (dates.length > MAX_DAYS) throw new AppError('VALIDATION', `一次最多${MAX_DAYS}天，请缩短日期范围`)
  return dates
}

/** The staff list's phone, post and order, for the roster's names. */
function staffInfo(ctx: Ctx): Map<number, { phone: string | null; position: string | null; order: number }> {
  const rows = ctx.db.prepare('SELECT id, phone, position, sort_order AS o FROM staff').all() as {
    id: number
    phone: string | null
    position: string | null
    o: number
  }[]
  return new Map(rows.map((r) => [r.id, { phone: r.phone, position: r.position, order: r.o }]))
}

type ShiftRecord = ReturnType<typeof dutyShiftRepo.get>

function toEntry(r: ShiftRecord, info: ReturnType<typeof staffInfo>): RosterEntry {
  const p = info.get(r.person as number)
  return {
    id: r.id,
    date: r.date as string,
    shift: r.shift as ShiftKey,
    shiftLabel: SHIFT_LABELS[r.shift as ShiftKey],
    role: r.role as DutyRole,
    staffId: r.person as number,
    name: r.personName ?? '',
    phone: p?.phone ?? null,
    position: p?.position ?? null,
    source: r.source as string,
  }
}

/** A period's shifts, read through the roster's ledger: by date, shift, leaders first, staff order. */
function entries(ctx: Ctx, from: string, to: string): RosterEntry[] {
  const info = staffInfo(ctx)
  const order = (e: RosterEntry) => info.get(e.staffId)?.order ?? 0
  return [...dutyShiftRepo.iterate(ctx, { filters: { date: { from, to } } })]
    .map((r) => toEntry(r, info))
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        SHIFT_ORDER.indexOf(a.shift) - SHIFT_ORDER.indexOf(b.shift) ||
        (a.role === b.role ? 0 : a.role === 'leader' ? -1 : 1) ||
        order(a) - order(b) ||
        a.staffId - b.staffId,
    )
}

export function getRoster(ctx: Ctx, from: string, to: string) {
  const dates = checkRange(from, to)
  const cal = calendar(ctx)
  const all = entries(ctx, from, to)
  const days: RosterDay[] = dates.map((date) => {
    const mine = all.filter((e) => e.date === date)
    return {
      ...cal.day(date),
      weekday: weekdayName(date),
      leaders: mine.filter((e) => e.role === 'leader'),
      staff: mine.filter((e) => e.role === 'staff'),
    }
  })
  const people = new Map<number, RosterPerson>()
  for (const e of all) {
    const p = people.get(e.staffId) ?? {
      staffId: e.staffId,
      name: e.name,
      phone: e.phone,
      position: e.position,
      role: e.role,
      rest: 0,
      work: 0,
      total: 0,
    }
    if (cal.day(e.date).rest) p.rest++
    else p.work++
    p.total++
    people.set(e.staffId, p)
  }
  const order = (p: RosterPerson) => (p.role === 'leader' ? 0 : 1)
  const unknownYears = [...new Set(days.filter((d) => !d.known).map((d) => Number(d.date.slice(0, 4))))]
  return {
    from,
    to,
    days,
    people: [...people.values()].sort((a, b) => order(a) - order(b)),
    assignments: all.length,
    /** Years in the range the calendar does not know: weekends only, no holidays or 调休. */
    unknownYears,
    changes: listChanges(ctx, from, to),
  }
}

export function listChanges(ctx: Ctx, from: string, to: string) {
  return ctx.db
    .prepare(
      `SELECT id, at, action, operator, date_from AS dateFrom, date_to AS dateTo, summary, reason
       FROM duty_changes WHERE date_to >= ? AND date_from <= ? ORDER BY id DESC LIMIT 200`,
    )
    .all(from, to) as {
    id: number
    at: string
    action: string
    operator: string
    dateFrom: string
    dateTo: string
    summary: string
    reason: string | null
  }[]
}

/**
 * Adds to the roster's change log; `audit: false` when the shifts' own writes (through the kit)
 * already put the change in the 操作日志.
 */
export function recordChange(
  ctx: Ctx,
  c: { action: string; operator: string; from: string; to: string; summary: string; reason?: string | null },
  opts: { audit?: boolean } = {},
): void {
  ctx.db
    .prepare(
      'INSERT INTO duty_changes(at, action, operator, date_from, date_to, summary, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(isoNow(ctx), c.action, c.operator, c.from, c.to, c.summary, c.reason ?? null)
  if (opts.audit === false) return
  // and the office-wide 操作日志, in the same transaction
  writeAudit(ctx, {
    action: AUDIT_OF[c.action] ?? 'update',
    ledger: 'duty',
    recordName: c.from === c.to ? `${c.from}值班` : `${c.from}至${c.to}值班表`,
    note: `${c.summary}${c.reason ? `（原因：${c.reason}）` : ''}${c.operator !== ctx.operator ? `；经办人：${c.operator}` : ''}`,
  })
}

const AUDIT_OF: Record<string, AuditAction> = {
  generate: 'create',
  edit: 'update',
  swap: 'update',
  replace: 'update',
  import: 'import',
  clear: 'delete',
}

export interface GenerateOptions {
  from: string
  to: string
  shifts: ShiftPlan[]
  leadersPerDay: number
  allowConsecutive: boolean
  /** Only these people (default: everyone active with a duty role) */
  staffIds?: number[]
  /** Replace the duties already in the range (otherwise a range with duties is refused) */
  replace: boolean
  operator: string
}

export function generate(ctx: Ctx, o: GenerateOptions) {
  const dates = checkRange(o.from, o.to)
  return writeTx(ctx, () => {
    const existing = dutyShiftRepo.count(ctx, { filters: { date: { from: o.from, to: o.to } } })
    if (existing > 0 && !o.replace)
      throw new AppError(
        'CONFLICT',
        `${o.from} 至 ${o.to} 已排有 ${existing} 个班次。如要重新编排，请勾选“覆盖已有安排”（原班次移入回收站，可恢复；变更记录中保留这次操作）。`,
      )
    const people = dutyPeople(ctx, o.from, o.to, o.staffIds)
    const leaders = people.filter((p) => p.role === 'leader').length
    const staff = people.filter((p) => p.role === 'staff').length
    if (o.leadersPerDay > 0 && leaders === 0)
      throw new AppError('VALIDATION', '没有带班领导。请先在“人员”中把领导的值班身份设为“带班领导”。')
    if (o.shifts.some((s) => s.staff > 0) && staff === 0)
      throw new AppError('VALIDATION', '没有值班人员。请先在“人员”中把干部的值班身份设为“值班人员”。')
    const cal = calendar(ctx)
    const before = ctx.db
      .prepare(
        `SELECT date, shift, role, staff_id AS personId FROM duty_shifts
         WHERE deleted_at IS NULL AND date BETWEEN date(?, '-7 days') AND date(?, '-1 day')`,
      )
      .all(o.from, o.from) as Assignment[]
    const result = generateRoster({
      dates,
      people,
      shifts: o.shifts,
      leadersPerDay: o.leadersPerDay,
      allowConsecutive: o.allowConsecutive,
      isRest: (d) => cal.day(d).rest,
      before,
    })
    clearShifts(
      ctx,
      o.from,
      o.to,
      marker('重新编排', `编排 ${o.from} 至 ${o.to}，原班次移入回收站`, null, o.operator),
    )
    const shiftText = o.shifts.map((s) => `${SHIFT_LABELS[s.shift]}${s.staff}人`).join('、')
    recordChange(ctx, {
      action: 'generate',
      operator: o.operator,
      from: o.from,
      to: o.to,
      summary:
        `编排 ${dates.length} 天：每天带班领导${o.leadersPerDay}人，${shiftText}` +
        `（${leaders}名领导、${staff}名值班人员）${existing ? `，替换原有 ${existing} 个班次` : ''}`,
    })
    insertAll(ctx, result.assignments, 'generated', `自动编排 ${o.from} 至 ${o.to}；经办人：${o.operator}`)
    return { ...getRoster(ctx, o.from, o.to), warnings: result.warnings }
  })
}

/**
 * Stores many shifts at once (a generated or imported period) through the ledger: each starts its
 * history with how it came; the period's change log entry (and 操作日志) says it once. Returns their
 * ids in the list's order.
 */
export function insertAll(
  ctx: Ctx,
  list: Assignment[],
  source: 'generated' | 'import',
  how: string,
): number[] {
  const marker: Change = { field: '_change', label: '值班变更', before: null, after: how }
  return domainWrite(ctx, () =>
    list.map(
      (a) =>
        dutyShiftRepo.create(
          ctx,
          { date: a.date, shift: a.shift, role: a.role, person: a.personId, source },
          { marker, audit: false },
        ).id,
    ),
  )
}

/**
 * Moves a period's shifts to the 回收站 (re-generated, 清空): through the ledger, each with `why` in
 * its history and restorable; the period's change log entry (and 操作日志) says it once.
 */
export function clearShifts(ctx: Ctx, from: string, to: string, why: Change): number {
  const ids = ctx.db
    .prepare('SELECT id FROM duty_shifts WHERE deleted_at IS NULL AND date BETWEEN ? AND ?')
    .pluck()
    .all(from, to) as number[]
  return domainWrite(ctx, () => dutyShiftRepo.setDeleted(ctx, ids, true, { marker: why, audit: false }))
    .changed
}

function getEntry(ctx: Ctx, id: number): RosterEntry {
  const [r] = [...dutyShiftRepo.iterate(ctx, { ids: [id] })]
  if (!r) throw new AppError('NOT_FOUND', '该班次不存在，可能已被修改，请刷新后重试')
  return toEntry(r, staffInfo(ctx))
}

const version = (ctx: Ctx, id: number): number => dutyShiftRepo.get(ctx, id).version

/** The head of a shift's history entry for a domain change: what, why, and who asked. */
function marker(label: string, summary: string, reason: string | null, operator: string): Change {
  const why = reason ? `；原因：${reason}` : ''
  const who = operator ? `；经办人：${operator}` : ''
  return { field: '_change', label, before: null, after: `${summary}${why}${who}` }
}

const slot = (e: RosterEntry): string =>
  `${e.date}${e.shift === 'full' ? '' : SHIFT_LABELS[e.shift]}${e.role === 'leader' ? '带班' : '值班'}`

/** The ledger's rules for a shift written by the roster's own actions (one shift a person a day). */
function assertFree(
  ctx: Ctx,
  v: { date: string; shift: string; role: string; person: number },
  exceptId: number | null,
): void {
  const [issue] = shiftIssues(ctx, v, exceptId)
  if (issue) throw new AppError('CONFLICT', issue.message)
}

/** 调班: two people exchange their duties; each keeps the same number of duties. */
export function swap(ctx: Ctx, input: { a: number; b: number; operator: string; reason: string | null }) {
  return writeTx(ctx, () => {
    const a = getEntry(ctx, input.a)
    const b = getEntry(ctx, input.b)
    if (a.date === b.date && a.shift === b.shift)
      throw new AppError('VALIDATION', '两人在同一班次上，无需调班，请选择另一天的班次')
    const dayList = ctx.db
      .prepare(
        'SELECT date, shift, role, staff_id AS personId FROM duty_shifts WHERE deleted_at IS NULL AND date IN (?, ?)',
      )
      .all(a.date, b.date) as Assignment[]
    try {
      swapAssignments(
        dayList,
        { date: a.date, shift: a.shift, personId: a.staffId },
        { date: b.date, shift: b.shift, personId: b.staffId },
      )
    } catch (err) {
      throw new AppError('VALIDATION', (err as Error).message)
    }
    const summary = `调班：${a.name}（原${slot(a)}）与${b.name}（原${slot(b)}）互换`
    // Two patches, each in its shift's history with the reason and who asked.
    const mark = marker('调班', summary, input.reason, input.operator)
    domainWrite(ctx, () => {
      dutyShiftRepo.update(ctx, a.id, version(ctx, a.id), { person: b.staffId }, 'update', mark)
      dutyShiftRepo.update(ctx, b.id, version(ctx, b.id), { person: a.staffId }, 'update', mark)
    })
    recordChange(
      ctx,
      {
        action: 'swap',
        operator: input.operator,
        from: a.date < b.date ? a.date : b.date,
        to: a.date < b.date ? b.date : a.date,
        summary,
        reason: input.reason,
      },
      { audit: false },
    )
    return { a: getEntry(ctx, a.id), b: getEntry(ctx, b.id) }
  })
}

/** 替班: someone else takes one duty (counts change: the change record says who stood in). */
export function replace(
  ctx: Ctx,
  input: { id: number; staffId: number; operator: string; reason: string | null },
) {
  return writeTx(ctx, () => {
    const e = getEntry(ctx, input.id)
    const p = ctx.db.prepare('SELECT id, name, active FROM staff WHERE id = ?').get(input.staffId) as
      { id: number; name: string; active: number } | undefined
    if (!p) throw new AppError('NOT_FOUND', '替班人员不存在，可能已被删除')
    if (p.id === e.staffId)
      throw new AppError('VALIDATION', `${p.name}本来就在这个班次上，请选择另一个人替班`)
    assertFree(ctx, { ...e, person: p.id }, e.id)
    const summary = `替班：${p.name}替${e.name}（${slot(e)}）`
    domainWrite(ctx, () =>
      dutyShiftRepo.update(
        ctx,
        e.id,
        version(ctx, e.id),
        { person: p.id },
        'update',
        marker('替班', summary, input.reason, input.operator),
      ),
    )
    recordChange(
      ctx,
      {
        action: 'replace',
        operator: input.operator,
        from: e.date,
        to: e.date,
        summary,
        reason: input.reason,
      },
      { audit: false },
    )
    return getEntry(ctx, e.id)
  })
}

/** Adds one person to a slot by hand. */
export function assign(
  ctx: Ctx,
  input: { date: string; shift: ShiftKey; role: DutyRole; staffId: number; operator: string },
) {
  return writeTx(ctx, () => {
    const p = ctx.db.prepare('SELECT id, name FROM staff WHERE id = ?').get(input.staffId) as
      { id: number; name: string } | undefined
    if (!p) throw new AppError('NOT_FOUND', '该人员不存在，可能已被删除')
    assertFree(ctx, { ...input, person: p.id }, null)
    domainWrite(ctx, () =>
      dutyShiftRepo.create(ctx, {
        date: input.date,
        shift: input.shift,
        role: input.role,
        person: p.id,
        source: 'manual',
      }),
    )
    recordChange(
      ctx,
      {
        action: 'edit',
        operator: input.operator,
        from: input.date,
        to: input.date,
        summary: `增加：${p.name}（${input.date}${input.shift === 'full' ? '' : SHIFT_LABELS[input.shift]}${ROLE_LABELS[input.role]}）`,
      },
      { audit: false },
    )
    return { ok: true }
  })
}

export function unassign(ctx: Ctx, input: { id: number; operator: string; reason: string | null }) {
  return writeTx(ctx, () => {
    const e = getEntry(ctx, input.id)
    // into the 回收站 with the reason in its history: the shift can be restored
    const summary = `取消：${e.name}（${slot(e)}）`
    domainWrite(ctx, () =>
      dutyShiftRepo.setDeleted(ctx, [e.id], true, {
        marker: marker('取消', summary, input.reason, input.operator),
      }),
    )
    recordChange(
      ctx,
      { action: 'edit', operator: input.operator, from: e.date, to: e.date, summary, reason: input.reason },
      { audit: false },
    )
    return { id: e.id }
  })
}

export function clearRange(ctx: Ctx, input: { from: string; to: string; operator: string }) {
  checkRange(input.from, input.to)
  return writeTx(ctx, () => {
    const n = clearShifts(
      ctx,
      input.from,
      input.to,
      marker('清空', `清空 ${input.from} 至 ${input.to}，移入回收站`, null, input.operator),
    )
    if (n > 0)
      recordChange(ctx, {
        action: 'clear',
        operator: input.operator,
        from: input.from,
        to: input.to,
        summary: `清空 ${input.from} 至 ${input.to} 的 ${n} 个班次`,
      })
    return { removed: n }
  })
}

/** Who is on duty on a date (工作台, daily report). */
export function onDuty(ctx: Ctx, date: string): RosterEntry[] {
  return entries(ctx, date, date)
}
