import type { Writable } from 'node:stream'
import { chinaYear, isoNow, writeTx, type Ctx } from '../context'
import { AppError } from '../errors'
import { excelJs } from '../excel/exceljs'
import { colLetter, type CellValue, type GridBook, type GridSheet } from '../excel/grid'
import { detectHeader, expandMerges, isBlank, isFooterRow, isNoteEndRow, normHeader } from '../excel/header'
import { readMatrixLayout, readRowsLayout, writeLayout, type LayoutRead } from '../kit/layouts'
import { dutyListLayout, dutyMatrixLayout, dutyShiftSpec } from '../shared/specs/duty-roster'
import { parseDate } from '../shared/kit/kinds/date'
import { KINDS } from '../shared/kit/kinds'
import type { FieldSpec } from '../shared/kit/spec'
import { datesBetween } from '../shared/duty/calendar'
import { SHIFT_ORDER, type DutyRole, type ShiftKey } from '../shared/duty/roster'
import { clearShifts, getRoster, insertAll, recordChange } from './roster-repo'

// Duty rosters in and out of Excel. The two layouts of the roster's spec are read and written by
// the kit (kit/layouts.ts): list (值班安排表, one row per shift) and matrix (排班表, one row per
// person, one column per day, 带班 / 值班 / 休 in the cells). Sheets offices keep one row per date
// (日期, 星期, 带班领导, 值班人员, 联系电话, 签字) are read here as well. All read through the Excel
// engine's grid (any xlsx/xls/csv, merges expanded) and store the one roster model: a row per
// date × shift × person. Names are the staff list's; a name the list lacks is added to it (the
// preview says so first); the file's dates are replaced by its duties.

export type DutyLayout = 'list' | 'matrix'

export interface DutyIssue {
  sheet: string
  row: number
  column: string
  message: string
}

export interface PlannedDuty {
  date: string
  shift: ShiftKey
  role: DutyRole
  name: string
  row: number
}

export interface DutyImportPlan {
  fileName: string
  sheet: string
  layout: DutyLayout
  headerRows: number[]
  firstDataRow: number
  /** Dates the file covers (its duties replace what is stored for these dates) */
  from: string | null
  to: string | null
  /** List layout: date rows; matrix layout: person rows */
  rows: number
  days: number
  duties: PlannedDuty[]
  /** Phones found for people (list layout: 联系电话 in the order of the names) */
  phones: Record<string, string>
  newPeople: { name: string; role: DutyRole }[]
  /** Duties already stored on the file's dates, replaced by the import */
  replacing: number
  errors: DutyIssue[]
  warnings: DutyIssue[]
}

const PEOPLE_FIELD: FieldSpec = { key: 'names', label: '值班人员', kind: 'people', max: 200 }
const PHONES_FIELD: FieldSpec = { key: 'phones', label: '联系电话', kind: 'phones', max: 200 }

// In order: a header is the first column kind one of whose words it contains (值班电话 is a phone,
// 值班人员签字 a signature, 白班值班人员 the 白班's staff).
const LIST_COLUMNS: { key: 'date' | 'weekday' | 'leader' | 'staff' | 'phone' | 'sign'; words: string[] }[] = [
  { key: 'date', words: ['日期', '时间'] },
  { key: 'weekday', words: ['星期'] },
  { key: 'leader', words: ['带班', '值班领导'] },
  { key: 'phone', words: ['电话', '手机', '联系方式'] },
  { key: 'sign', words: ['签字', '签名', '备注'] },
  { key: 'staff', words: ['值班人', '值班干部', '值班员', '值班'] },
]
function yearFrom(sheet: CellValue[][], fallback: number): number {
  for (const row of sheet.slice(0, 5))
    for (const v of row) {
      if (v instanceof Date) return v.getUTCFullYear()
      const m = typeof v === 'string' ? /(20\d{2})\s*年/.exec(v) : null
      if (m) return Number(m[1])
    }
  return fallback
}

/** A date cell: a real date, 2026-10-01, or 10月1日 / 10/1 in the title's year. */
function readDateCell(v: CellValue, year: number): string | null {
  if (v === null) return null
  if (typeof v === 'number' && v < 20000) return null // a day number alone is not a date
  const r = parseDate(v)
  if (r.ok && r.value) return r.value
  if (typeof v !== 'string') return null
  const m = /^(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*[日号]?$/.exec(v.trim())
  if (!m) return null
  const again = parseDate(`${year}-${m[1]}-${m[2]}`)
  return again.ok ? again.value : null
}

function names(v: CellValue): { ok: true; value: string[] } | { ok: false; message: string } {
  const r = KINDS.people.clean(v, PEOPLE_FIELD, {})
  if (!r.ok) return r
  return { ok: true, value: r.value ? String(r.value).split('、') : [] }
}

function phones(v: CellValue): string[] {
  const r = KINDS.phones.clean(typeof v === 'number' ? String(v) : v, PHONES_FIELD, {})
  return r.ok && r.value ? String(r.value).split('、') : []
}

function planList(sheet: GridSheet, grid: CellValue[][], year: number, plan: DutyImportPlan): boolean {
  const matcher = (t: string): boolean =>
    t.length <= 12 && LIST_COLUMNS.some((c) => c.words.some((w) => t.includes(w)))
  const band = detectHeader(grid, matcher)
  if (!band) return false
  const cols = new Map<string, { col: number; shift: ShiftKey }[]>()
  for (const [col, path] of band.columns) {
    const parts = path.split('/').map((p) => normHeader(p))
    const hit = LIST_COLUMNS.find((c) => parts.some((p) => c.words.some((w) => p.includes(w))))
    if (!hit) continue
    const shift: ShiftKey = parts.some((p) => p.includes('夜'))
      ? 'night'
      : parts.some((p) => p.includes('白'))
        ? 'day'
        : 'full'
    const list = cols.get(hit.key) ?? []
    list.push({ col, shift })
    cols.set(hit.key, list)
  }
  const dateCol = cols.get('date')?.[0]?.col
  if (!dateCol || (!cols.has('leader') && !cols.has('staff'))) return false
  plan.layout = 'list'
  plan.headerRows = band.headerRows
  plan.firstDataRow = band.firstDataRow
  for (let r = band.firstDataRow - 1; r < grid.length; r++) {
    const row = grid[r]
    const sheetRow = r + 1
    if (isBlank(row)) continue
    if (isFooterRow(row) || isNoteEndRow(row)) break
    const issue = (col: number, message: string): void => {
      plan.errors.push({ sheet: sheet.name, row: sheetRow, column: colLetter(col), message })
    }
    const rawDate = row?.[dateCol - 1] ?? null
    const date = readDateCell(rawDate, year)
    if (!date) {
      issue(dateCol, `“${String(rawDate ?? '')}”不是日期，应写作 2026-10-01 或 10月1日`)
      continue
    }
    plan.rows++
    const people: { name: string; role: DutyRole }[] = []
    for (const key of ['leader', 'staff'] as const)
      for (const c of cols.get(key) ?? []) {
        const n = names(row?.[c.col - 1] ?? null)
        if (!n.ok) {
          issue(c.col, n.message)
          continue
        }
        for (const name of n.value) {
          if (name.length > 30) {
            issue(c.col, `“${name}”超过30个字，不像人名，请每格只写姓名，多人用顿号分隔`)
            continue
          }
          const role: DutyRole = key === 'leader' ? 'leader' : 'staff'
          people.push({ name, role })
          plan.duties.push({ date, shift: key === 'leader' ? 'full' : c.shift, role, name, row: sheetRow })
        }
      }
    if (people.length === 0)
      plan.warnings.push({
        sheet: sheet.name,
        row: sheetRow,
        column: colLetter(dateCol),
        message: `${date} 没有填写带班领导和值班人员`,
      })
    const phoneCol = cols.get('phone')?.[0]?.col
    if (phoneCol) {
      const ps = phones(row?.[phoneCol - 1] ?? null)
      // as many numbers as people: in their order; one number: the leader's (or the only person's)
      if (ps.length === people.length) people.forEach((p, i) => (plan.phones[p.name] ??= ps[i] as string))
      else if (ps.length === 1 && people[0]) plan.phones[people[0].name] ??= ps[0] as string
    }
  }
  return true
}

/** A sheet in one of the spec's layouts, read by the kit: its records become the plan's duties. */
function planLayout(sheet: GridSheet, read: LayoutRead | null, plan: DutyImportPlan): boolean {
  if (!read) return false
  plan.layout = read.layout.key === 'matrix' ? 'matrix' : 'list'
  plan.headerRows = read.headerRows
  plan.firstDataRow = read.firstDataRow
  plan.rows += read.rows
  const at = (i: { row: number; column: string; message: string }) => ({ sheet: sheet.name, ...i })
  plan.errors.push(...read.errors.map(at))
  plan.warnings.push(...read.warnings.map(at))
  for (const r of read.records) {
    const v = r.values as { date: string; shift: ShiftKey; role: DutyRole; person: string }
    if (v.person.length > 30) {
      plan.errors.push(
        at({
          row: r.row,
          column: colLetter(r.col ?? 1),
          message: `“${v.person}”超过30个字，不像人名，请每格只写一个姓名`,
        }),
      )
      continue
    }
    plan.duties.push({ date: v.date, shift: v.shift, role: v.role, name: v.person, row: r.row })
  }
  return true
}

/** Reads the first sheet that looks like a roster (or the named one) into a plan; writes nothing. */
export function planDutyImport(
  ctx: Ctx,
  book: GridBook,
  fileName: string,
  sheetName?: string,
): DutyImportPlan {
  const sheets = sheetName
    ? book.sheets.filter((s) => s.name === sheetName)
    : book.sheets.filter((s) => !s.hidden)
  const plan: DutyImportPlan = {
    fileName,
    sheet: '',
    layout: 'list',
    headerRows: [],
    firstDataRow: 0,
    from: null,
    to: null,
    rows: 0,
    days: 0,
    duties: [],
    phones: {},
    newPeople: [],
    replacing: 0,
    errors: [],
    warnings: [],
  }
  const fallbackYear = chinaYear(ctx)
  let found = false
  for (const sheet of sheets) {
    const grid = expandMerges(sheet)
    const year = yearFrom(grid, fallbackYear)
    plan.sheet = sheet.name
    const readDate = (v: CellValue) => readDateCell(v, year)
    if (
      planLayout(sheet, readMatrixLayout(grid, dutyShiftSpec, dutyMatrixLayout, readDate), plan) ||
      planLayout(sheet, readRowsLayout(grid, dutyShiftSpec, dutyListLayout, readDate), plan) ||
      planList(sheet, grid, year, plan)
    ) {
      found = true
      break
    }
  }
  if (!found)
    throw new AppError(
      'EXCEL_FORMAT',
      `文件“${fileName}”中没有找到值班表：应有“日期、带班领导、值班人员”等表头（值班安排表），或一行日期、一列姓名（排班表）。`,
    )
  // the same person twice on one day is a mistake in the file
  const seen = new Map<string, PlannedDuty>()
  plan.duties = plan.duties.filter((d) => {
    const k = `${d.date}|${d.name}`
    const first = seen.get(k)
    if (first) {
      plan.warnings.push({
        sheet: plan.sheet,
        row: d.row,
        column: '',
        message: `${d.name}在 ${d.date} 出现两次，只记一个班次`,
      })
      return false
    }
    seen.set(k, d)
    return true
  })
  const dates = [...new Set(plan.duties.map((d) => d.date))].sort()
  plan.days = dates.length
  plan.from = dates[0] ?? null
  plan.to = dates[dates.length - 1] ?? null
  const known = new Map(
    (
      ctx.db.prepare('SELECT name, duty_role AS role FROM staff').all() as { name: string; role: string }[]
    ).map((s) => [s.name, s.role]),
  )
  const fresh = new Map<string, DutyRole>()
  for (const d of plan.duties)
    if (!known.has(d.name) && fresh.get(d.name) !== 'leader') fresh.set(d.name, d.role)
  plan.newPeople = [...fresh].map(([name, role]) => ({ name, role }))
  if (plan.from && plan.to)
    plan.replacing = (
      ctx.db
        .prepare('SELECT count(*) AS n FROM duty_shifts WHERE deleted_at IS NULL AND date BETWEEN ? AND ?')
        .get(plan.from, plan.to) as { n: number }
    ).n
  return plan
}

/** Stores the plan: all or nothing. The file's dates are replaced by its duties. */
export function commitDutyImport(ctx: Ctx, plan: DutyImportPlan, operator: string) {
  if (plan.errors.length) {
    const e = plan.errors[0] as DutyIssue
    throw new AppError(
      'VALIDATION',
      `文件有 ${plan.errors.length} 处错误，未导入任何内容。第一处：工作表“${e.sheet}”第 ${e.row} 行 ${e.column} 列：${e.message}`,
      { errors: plan.errors },
    )
  }
  if (!plan.from || !plan.to) throw new AppError('VALIDATION', '文件中没有值班安排，未导入任何内容')
  const from = plan.from
  const to = plan.to
  return writeTx(ctx, () => {
    const now = isoNow(ctx)
    const ids = new Map(
      (
        ctx.db.prepare('SELECT id, name FROM staff ORDER BY active DESC, id').all() as {
          id: number
          name: string
        }[]
      ).map((s) => [s.name, s.id] as const),
    )
    const max = (ctx.db.prepare('SELECT coalesce(max(sort_order), 0) AS m FROM staff').get() as { m: number })
      .m
    const add = ctx.db.prepare(
      `INSERT INTO staff(name, active, phone, duty_role, sort_order, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?)`,
    )
    plan.newPeople.forEach((p, i) => {
      if (ids.has(p.name)) return
      const r = add.run(p.name, plan.phones[p.name] ?? null, p.role, max + i + 1, now, now)
      ids.set(p.name, Number(r.lastInsertRowid))
    })
    // people already listed: a phone the list lacks, and a duty role when they had none
    const fill = ctx.db.prepare(
      `UPDATE staff SET phone = coalesce(phone, ?),
       duty_role = CASE WHEN duty_role = 'none' THEN ? ELSE duty_role END, updated_at = ? WHERE id = ?`,
    )
    const roles = new Map<string, DutyRole>()
    for (const d of plan.duties) if (roles.get(d.name) !== 'leader') roles.set(d.name, d.role)
    for (const [name, role] of roles) fill.run(plan.phones[name] ?? null, role, now, ids.get(name) as number)
    const removed = clearShifts(ctx, from, to, {
      field: '_change',
      label: '导入',
      before: null,
      after: `从“${plan.fileName}”导入 ${from} 至 ${to} 的值班表，原班次移入回收站；经办人：${operator}`,
    })
    insertAll(
      ctx,
      plan.duties.map((d) => ({
        date: d.date,
        shift: d.shift,
        role: d.role,
        personId: ids.get(d.name) as number,
      })),
      'import',
      `从“${plan.fileName}”导入；经办人：${operator}`,
    )
    recordChange(ctx, {
      action: 'import',
      operator,
      from,
      to,
      summary:
        `从“${plan.fileName}”导入 ${plan.days} 天 ${plan.duties.length} 个班次（${plan.layout === 'list' ? '值班安排表' : '排班表'}）` +
        (plan.newPeople.length ? `，新增人员 ${plan.newPeople.map((p) => p.name).join('、')}` : '') +
        (removed ? `，替换原有 ${removed} 个班次` : ''),
    })
    return {
      from,
      to,
      days: plan.days,
      duties: plan.duties.length,
      rows: plan.rows,
      newPeople: plan.newPeople.length,
      replaced: removed,
    }
  })
}

// ---- export ----------------------------------------------------------------------------------------

/** Writes the roster in the spec's list or matrix layout (kit/layouts.ts), A4; both import back. */
export async function exportRoster(
  ctx: Ctx,
  out: Writable,
  input: { from: string; to: string; layout: DutyLayout; title: string },
): Promise<{ days: number }> {
  const roster = getRoster(ctx, input.from, input.to)
  const shifts = roster.days
    .flatMap((d) => [...d.leaders, ...d.staff])
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        SHIFT_ORDER.indexOf(a.shift) - SHIFT_ORDER.indexOf(b.shift) ||
        (a.role === b.role ? 0 : a.role === 'leader' ? -1 : 1),
    )
    .map((e) => ({
      date: e.date,
      shift: e.shift,
      role: e.role,
      person: e.staffId,
      personName: e.name,
      personPhone: e.phone,
    }))
  const wb = new (excelJs().Workbook)()
  wb.creator = '乡镇安全生产台账'
  writeLayout(wb, dutyShiftSpec, input.layout === 'list' ? dutyListLayout : dutyMatrixLayout, shifts, {
    title: input.title,
    sheet: '值班表',
    dates: datesBetween(input.from, input.to),
    rowNames: roster.people.map((p) => p.name),
  })
  await wb.xlsx.write(out)
  return { days: roster.days.length }
}
