import type { Writable } from 'node:stream'
import { chinaYear, isoNow, writeTx, type Ctx } from '../context'
import { AppError } from '../errors'
import { excelJs } from '../excel/exceljs'
import { colLetter, type CellValue, type GridBook, type GridSheet } from '../excel/grid'
import { detectHeader, expandMerges, isBlank, isFooterRow, isNoteEndRow, normHeader } from '../excel/header'
import { markLabel, readMatrix } from '../excel/matrix'
import { dutyMatrixLayout } from '../shared/specs/duty-roster'
import { parseDate } from '../shared/kit/kinds/date'
import { KINDS } from '../shared/kit/kinds'
import type { FieldSpec } from '../shared/kit/spec'
import { addDays, monthDay, shortWeekday, weekdayName } from '../shared/duty/calendar'
import { SHIFT_LABELS, type DutyRole, type ShiftKey } from '../shared/duty/roster'
import { clearShifts, getRoster, insertAll, recordChange } from './roster-repo'

// Duty rosters in and out of Excel, in the two layouts offices use:
//  - list (值班安排表): one row per date — 日期, 星期, 带班领导, 值班人员, 联系电话, 签字;
//  - matrix (排班表): one row per person, one column per date, 带班 / 值班 / 休 in the cells.
// Both read through the Excel engine's grid (any xlsx/xls/csv, merges expanded, header band found
// the same way as for row ledgers) and store the one roster model: a row per date × shift × person.
// Names are the staff list's; a name the list lacks is added to it (the preview says so first).

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
/** What each mark of the declared 排班表 layout stores (休: nothing). */
const MARK_DUTY: Record<string, { role: DutyRole; shift: ShiftKey } | null> = {
  leader: { role: 'leader', shift: 'full' },
  full: { role: 'staff', shift: 'full' },
  day: { role: 'staff', shift: 'day' },
  night: { role: 'staff', shift: 'night' },
  rest: null,
}
const MARK_NAMES = dutyMatrixLayout.marks.map((m) => m.label).join('、')

function yearFrom(sheet: CellValue[][], fallback: number): number {
  for (const row of sheet.slice(0, 5))
    for (const v of row) {
      if (v instanceof Date) return v.getUTCFullYear()
      const m = typeof v === 'string' ? /(20\d{2})\s*年/.exec(v) : null
      if (m) return Number(m[1])
    }
  return fallback
}

/** "2026年11月排班表" (a text title or a date cell shown so) → the month the day numbers belong to. */
function monthFrom(sheet: CellValue[][]): { year: number; month: number } | null {
  for (const row of sheet.slice(0, 3))
    for (const v of row) {
      if (v instanceof Date) return { year: v.getUTCFullYear(), month: v.getUTCMonth() + 1 }
      const m = typeof v === 'string' ? /(20\d{2})\s*年\s*(\d{1,2})\s*月/.exec(v) : null
      if (m) return { year: Number(m[1]), month: Number(m[2]) }
    }
  return null
}

/** A day number under a month title: 1, "1", "1日", "1号". */
function dayNumber(v: CellValue): number | null {
  const t = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : ''
  const m = /^(\d{1,2})[日号]?$/.exec(t)
  const n = m ? Number(m[1]) : NaN
  return n >= 1 && n <= 31 ? n : null
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

function planMatrix(sheet: GridSheet, grid: CellValue[][], year: number, plan: DutyImportPlan): boolean {
  let m = readMatrix(grid, dutyMatrixLayout, (v) => readDateCell(v, year))
  if (!m) {
    // 排班表 with day numbers (1 2 3 … 31) under a "2026年11月" title: at least a week of
    // consecutive days, so a row of column numbers under a list's header is not taken for one
    const month = monthFrom(grid)
    const asDate = (v: CellValue): string | null => {
      const n = month ? dayNumber(v) : null
      if (!month || n === null) return null
      const r = parseDate(`${month.year}-${month.month}-${n}`)
      return r.ok ? r.value : null
    }
    const found = month ? readMatrix(grid, dutyMatrixLayout, asDate, { minDates: 7 }) : null
    const days = found ? [...found.matrix.dates.values()] : []
    if (found && days.every((d, i) => i === 0 || addDays(days[i - 1] as string, 1) === d)) m = found
  }
  if (!m) return false
  const { matrix, cells } = m
  plan.layout = 'matrix'
  plan.headerRows = matrix.headerRows
  plan.firstDataRow = matrix.rows[0]?.row ?? matrix.dateRow + 1
  plan.rows += matrix.rows.length
  for (const c of cells) {
    if (c.mark === null) {
      plan.warnings.push({
        sheet: sheet.name,
        row: c.row,
        column: colLetter(c.col),
        message: `“${c.text}”不是排班标记（${MARK_NAMES}），已略过`,
      })
      continue
    }
    const duty = MARK_DUTY[c.mark]
    if (duty) plan.duties.push({ date: c.date, ...duty, name: c.name, row: c.row })
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
    if (planMatrix(sheet, grid, year, plan) || planList(sheet, grid, year, plan)) {
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
    const removed = clearShifts(ctx, from, to)
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

const thin = { style: 'thin' as const }
const BORDER = { top: thin, left: thin, bottom: thin, right: thin }

/** Writes the roster in the list or the matrix layout, A4, ready to print; both import back. */
export async function exportRoster(
  ctx: Ctx,
  out: Writable,
  input: { from: string; to: string; layout: DutyLayout; title: string },
): Promise<{ days: number }> {
  const roster = getRoster(ctx, input.from, input.to)
  const ExcelJS = excelJs()
  const wb = new ExcelJS.Workbook()
  wb.creator = '乡镇安全生产台账'
  const ws = wb.addWorksheet('值班表', {
    pageSetup: {
      paperSize: 9,
      orientation: input.layout === 'list' ? 'portrait' : 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      horizontalCentered: true,
    },
  })
  const style = (c: import('exceljs').Cell, bold = false): void => {
    c.border = BORDER
    c.font = { name: '宋体', size: 11, bold }
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
  }
  if (input.layout === 'list') {
    // one staff column per shift the roster uses (全天, or 白班 and 夜班)
    const shifts = (['full', 'day', 'night'] as ShiftKey[]).filter((s) =>
      roster.days.some((d) => d.staff.some((e) => e.shift === s)),
    )
    if (!shifts.length) shifts.push('full')
    const headers = [
      '日期',
      '星期',
      '带班领导',
      ...shifts.map((s) => (s === 'full' ? '值班人员' : `${SHIFT_LABELS[s]}值班人员`)),
      '联系电话',
      '签字',
    ]
    const n = headers.length
    const last = colLetter(n)
    ws.columns = headers.map((h) => ({
      width: h === '日期' ? 12 : h === '星期' ? 9 : h === '签字' ? 12 : h === '带班领导' ? 12 : 24,
    }))
    ws.mergeCells(`A1:${last}1`)
    ws.getCell('A1').value = input.title
    ws.getCell('A1').font = { name: '宋体', size: 16, bold: true }
    ws.getCell('A1').alignment = { horizontal: 'center' }
    ws.mergeCells(`A2:${last}2`)
    ws.getCell('A2').value = `（${monthDay(input.from)}—${monthDay(input.to)}）`
    ws.getCell('A2').alignment = { horizontal: 'center' }
    const header = ws.getRow(3)
    headers.forEach((t, i) => {
      header.getCell(i + 1).value = t
      style(header.getCell(i + 1), true)
    })
    ws.pageSetup.printTitlesRow = '3:3'
    roster.days.forEach((d, i) => {
      const row = ws.getRow(4 + i)
      // names in the order of the columns, so that the phones below follow them
      const staffCols = shifts.map((s) => d.staff.filter((e) => e.shift === s))
      const everyone = [...d.leaders, ...staffCols.flat()]
      const allPhones = everyone.length > 0 && everyone.every((e) => e.phone)
      row.values = [
        new Date(`${d.date}T00:00:00Z`),
        d.weekday,
        d.leaders.map((e) => e.name).join('、'),
        ...staffCols.map((list) => list.map((e) => e.name).join('、')),
        // every number in the order of the names imports back; otherwise the leader's
        allPhones ? everyone.map((e) => e.phone).join('、') : (d.leaders[0]?.phone ?? ''),
        '',
      ]
      for (let c = 1; c <= n; c++) style(row.getCell(c))
      row.getCell(1).numFmt = 'm"月"d"日"'
      row.height = 28
    })
  } else {
    const people = roster.people
    const n = roster.days.length
    const last = colLetter(n + 1)
    ws.mergeCells(`A1:${last}1`)
    ws.getCell('A1').value = input.title
    ws.getCell('A1').font = { name: '宋体', size: 14, bold: true }
    ws.getCell('A1').alignment = { horizontal: 'center' }
    ws.getColumn(1).width = 10
    const dateRow = ws.getRow(2)
    const dayRow = ws.getRow(3)
    dateRow.getCell(1).value = '姓名'
    style(dateRow.getCell(1), true)
    dayRow.getCell(1).value = '星期'
    style(dayRow.getCell(1), true)
    roster.days.forEach((d, i) => {
      ws.getColumn(i + 2).width = 5.5
      const c = dateRow.getCell(i + 2)
      c.value = new Date(`${d.date}T00:00:00Z`)
      c.numFmt = 'm/d'
      style(c, true)
      dayRow.getCell(i + 2).value = shortWeekday(d.date)
      style(dayRow.getCell(i + 2))
    })
    ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 3 }]
    people.forEach((p, r) => {
      const row = ws.getRow(4 + r)
      row.getCell(1).value = p.name
      style(row.getCell(1))
      roster.days.forEach((d, i) => {
        const e = [...d.leaders, ...d.staff].find((x) => x.staffId === p.staffId)
        // the mark of the declared layout, so the sheet imports back
        row.getCell(i + 2).value = e
          ? markLabel(dutyMatrixLayout, e.role === 'leader' ? 'leader' : e.shift)
          : ''
        style(row.getCell(i + 2))
      })
    })
  }
  await wb.xlsx.write(out)
  return { days: roster.days.length }
}

export { weekdayName }
