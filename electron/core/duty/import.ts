import { chinaYear, type Ctx } from '../context'
import { colLetter, type CellValue, type GridSheet } from '../excel/grid'
import { detectHeader, isBlank, isFooterRow, isNoteEndRow, normHeader } from '../excel/header'
import { monthDay, NUMERIC_MONTH_DAY_NOTE, sheetYear } from '../excel/sheet-year'
import type { LedgerImporter, SheetRead } from '../excel/ledgers/plugin'
import type { LedgerField } from '../excel/ledgers/types'
import { importFields } from '../kit/excel'
import { readMatrixLayout } from '../kit/layouts'
import { KINDS } from '../shared/kit/kinds'
import { parseDate } from '../shared/kit/kinds/date'
import type { FieldSpec } from '../shared/kit/spec'
import { dutyMatrixLayout, dutyShiftSpec } from '../shared/specs/duty-roster'
import type { DutyRole, ShiftKey } from '../shared/duty/roster'
import { domainWrite, dutyShiftRepo } from './ledger'
import { insertAll, recordChange } from './roster-repo'

// Duty rosters through the Excel import engine (excel/import.ts): mapping, preview, one
// transaction with a batch id, 撤销. Three sheets are read, into the one roster model (a shift per
// date × shift × person):
//  - the spec's list layout (值班安排表: 日期, 班次, 身份, 姓名, one row per shift) as any ledger's
//    rows under a header band, with the kit's columns;
//  - the spec's matrix layout (排班表: one row per person, one column per day, 带班 / 值班 / 休),
//    read by the kit (kit/layouts.ts);
//  - the sheet offices keep one row per date (日期, 星期, 带班领导, 值班人员, 联系电话, 签字).
// Names are the staff list's; a name the list lacks is added to it (the preview says so first).
// A file replaces the shifts of its dates: they go to the 回收站 (each with the reason in its
// history) and come back when the batch is undone. A roster is imported whole or not at all.

const PEOPLE_FIELD: FieldSpec = { key: 'names', label: '值班人员', kind: 'people', max: 200 }
const PHONES_FIELD: FieldSpec = { key: 'phones', label: '联系电话', kind: 'phones', max: 200 }

// In order: a header is the first column kind one of whose words it contains (值班电话 is a phone,
// 值班人员签字 a signature, 白班值班人员 the 白班's staff).
const DATE_ROW_COLUMNS: {
  key: 'date' | 'weekday' | 'leader' | 'staff' | 'phone' | 'sign'
  words: string[]
}[] = [
  { key: 'date', words: ['日期', '时间'] },
  { key: 'weekday', words: ['星期'] },
  { key: 'leader', words: ['带班', '值班领导'] },
  { key: 'phone', words: ['电话', '手机', '联系方式'] },
  { key: 'sign', words: ['签字', '签名', '备注'] },
  { key: 'staff', words: ['值班人', '值班干部', '值班员', '值班'] },
]

/** A date cell: a real date, 2026-10-01, or 10月1日 / 10.1 in the given year. */
export function readDateCell(v: CellValue, year: number): string | null {
  if (v === null) return null
  const md = monthDay(v)
  if (md) {
    const again = parseDate(`${year}-${md.month}-${md.day}`)
    return again.ok ? again.value : null
  }
  if (typeof v === 'number' && v < 20000) return null // a day number alone is not a date
  const r = parseDate(v)
  return r.ok ? r.value : null
}

/**
 * Reads a sheet's dates, those without a year in the year the sheet is about (its title's, else
 * its full dates', else this year), and says once how it read them.
 */
function dateReader(
  grid: CellValue[][],
  thisYear: number,
): { read: (v: CellValue) => string | null; notices: () => string[] } {
  const found = sheetYear(grid)
  let yearless = false
  let numeric = false
  return {
    read(v) {
      const md = monthDay(v)
      if (md) yearless = true
      if (md?.numeric) numeric = true
      return readDateCell(v, found?.year ?? thisYear)
    },
    notices: () => [
      ...(yearless ? [yearlessNote(found, thisYear)] : []),
      ...(numeric ? [NUMERIC_MONTH_DAY_NOTE] : []),
    ],
  }
}

function yearlessNote(found: { year: number; from: string } | null, thisYear: number): string {
  return found
    ? `没有写年份的日期（10月2日、10.2 这样的写法）按${found.from}记为 ${found.year} 年`
    : `没有写年份的日期（10月2日、10.2 这样的写法）按今年记为 ${thisYear} 年；标题和其他日期都没有写年份，请核对`
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

/** A 排班表 in the spec's matrix layout, read by the kit. */
function readMatrixSheet(grid: CellValue[][], readDate: (v: CellValue) => string | null): SheetRead | null {
  const read = readMatrixLayout(grid, dutyShiftSpec, dutyMatrixLayout, readDate)
  if (!read) return null
  return {
    layout: `${dutyMatrixLayout.label}（每人一行、每天一列）`,
    headerRows: read.headerRows,
    firstDataRow: read.firstDataRow,
    lastDataRow: Math.max(read.firstDataRow, ...read.records.map((r) => r.row)),
    // each date column shown by its date (10月1日), the marks it holds being the shift and role
    columns: read.columns.map((c) =>
      c.field === 'date'
        ? { ...c, header: `${Number(c.header.slice(5, 7))}月${Number(c.header.slice(8))}日` }
        : c,
    ),
    records: read.records.map((r) => ({ row: r.row, column: r.col ?? 1, values: r.values })),
    errors: read.errors,
    warnings: read.warnings,
  }
}

/** A sheet with one row per date and the people of each role in their columns. */
function readDateRows(grid: CellValue[][], readDate: (v: CellValue) => string | null): SheetRead | null {
  const matcher = (t: string): boolean =>
    t.length <= 12 && DATE_ROW_COLUMNS.some((c) => c.words.some((w) => t.includes(w)))
  const band = detectHeader(grid, matcher)
  if (!band) return null
  const cols = new Map<string, { col: number; shift: ShiftKey; header: string }[]>()
  for (const [col, path] of band.columns) {
    const parts = path.split('/').map((p) => normHeader(p))
    const hit = DATE_ROW_COLUMNS.find((c) => parts.some((p) => c.words.some((w) => p.includes(w))))
    if (!hit) continue
    const shift: ShiftKey = parts.some((p) => p.includes('夜'))
      ? 'night'
      : parts.some((p) => p.includes('白'))
        ? 'day'
        : 'full'
    const list = cols.get(hit.key) ?? []
    list.push({ col, shift, header: path })
    cols.set(hit.key, list)
  }
  const dateCol = cols.get('date')?.[0]?.col
  if (!dateCol || (!cols.has('leader') && !cols.has('staff'))) return null
  const phoneCol = cols.get('phone')?.[0]?.col
  const FIELD = { date: 'date', leader: 'person', staff: 'person', phone: 'phone' } as Record<string, string>
  const out: SheetRead = {
    layout: '值班安排表（每天一行）',
    headerRows: band.headerRows,
    firstDataRow: band.firstDataRow,
    lastDataRow: band.firstDataRow,
    columns: [...cols].flatMap(([key, list]) =>
      FIELD[key] ? list.map((c) => ({ column: c.col, header: c.header, field: FIELD[key] as string })) : [],
    ),
    records: [],
    errors: [],
    warnings: [],
  }
  for (let r = band.firstDataRow - 1; r < grid.length; r++) {
    const row = grid[r]
    const sheetRow = r + 1
    if (isBlank(row)) continue
    if (isFooterRow(row) || isNoteEndRow(row)) break
    out.lastDataRow = sheetRow
    const rawDate = row?.[dateCol - 1] ?? null
    const date = readDate(rawDate)
    if (!date) {
      out.errors.push({
        row: sheetRow,
        column: colLetter(dateCol),
        message: `“${String(rawDate ?? '')}”不是日期，应写作 2026-10-01 或 10月1日`,
      })
      continue
    }
    const people: { name: string; column: number; role: DutyRole; shift: ShiftKey }[] = []
    for (const key of ['leader', 'staff'] as const)
      for (const c of cols.get(key) ?? []) {
        const n = names(row?.[c.col - 1] ?? null)
        if (!n.ok) {
          out.errors.push({ row: sheetRow, column: colLetter(c.col), message: n.message })
          continue
        }
        for (const name of n.value)
          people.push({
            name,
            column: c.col,
            role: key === 'leader' ? 'leader' : 'staff',
            shift: key === 'leader' ? 'full' : c.shift,
          })
      }
    if (people.length === 0)
      out.warnings.push({
        row: sheetRow,
        column: colLetter(dateCol),
        message: `${date} 没有填写带班领导和值班人员`,
      })
    // as many numbers as people: in their order; one number: the leader's (or the only person's)
    const ps = phoneCol ? phones(row?.[phoneCol - 1] ?? null) : []
    people.forEach((p, i) =>
      out.records.push({
        row: sheetRow,
        column: p.column,
        values: {
          date,
          shift: p.shift,
          role: p.role,
          person: p.name,
          phone: ps.length === people.length ? ps[i] : ps.length === 1 && i === 0 ? ps[0] : null,
        },
      }),
    )
  }
  return out
}

const phoneField: LedgerField = {
  key: 'phone',
  label: '电话',
  synonyms: ['电话', '联系电话', '手机', '手机号码', '联系方式'],
  importOnly: true,
  read: (v) => {
    const r = KINDS.phones.clean(typeof v === 'number' ? String(v) : v, PHONES_FIELD, {})
    return r.ok ? { ok: true, value: r.value ? String(r.value).split('、')[0] : null } : r
  },
}

export interface DutyImportRow {
  date: string
  shift: ShiftKey
  role: DutyRole
  name: string
  phone: string | null
}

interface Prep {
  ctx: Ctx
  staff: Set<string>
  dates: Set<string>
  /** Names the staff list lacks, with the role the file gives them (a leader once is a leader). */
  fresh: Map<string, DutyRole>
}

const kitFields = importFields(dutyShiftSpec, {
  read: {
    date: (v, env) => {
      const md = monthDay(v)
      if (!md) return { ok: true, value: readDateCell(v, env.year) }
      const found = env.sheetYear?.() ?? null
      env.notice?.(yearlessNote(found, env.year))
      if (md.numeric) env.notice?.(NUMERIC_MONTH_DAY_NOTE)
      return { ok: true, value: readDateCell(v, found?.year ?? env.year) }
    },
  },
})

const SHIFT_OF = new Map<string, ShiftKey>([
  ['full', 'full'],
  ['day', 'day'],
  ['night', 'night'],
])

export const dutyImporter: LedgerImporter<DutyImportRow, Prep> = {
  ledger: 'duty',
  label: '值班表',
  words: {
    notes: [
      '值班安排表（每天一行，或每个班次一行）和排班表（每人一行、每天一列，格中写带班、值班、白班、夜班、休）都可以导入。' +
        '文件中的日期以文件为准：这些日期原有的班次移入回收站，撤销这次导入即可恢复；整个文件全部正确才导入。',
      '没有写年份的日期（10月2日、10.2）按表格标题中的年份（如“2026年国庆节值班表”）读取；标题中没有年份时，按文件中写全的日期的年份。',
    ],
    undoInserted: '这批导入的 {n} 个班次将被删除',
    undoUpdated: '这批改过的 {n} 个班次将恢复为导入前的内容',
    undoNothing: '这批没有导入任何班次。',
    undoNote:
      '导入时移入回收站的原班次将恢复，导入时加入人员名单、没有其他班次且导入后没有修改过的人员会移出人员名单。' +
      '如果其中有班次在导入后又被修改过，将不能整批撤销，数据保持不变。',
    undone: '删除导入的班次 {removed} 个，恢复原班次 {restored} 个',
  },
  fields: [...kitFields, phoneField],
  requiredField: 'date',
  requiredLabel: '日期',
  identityFields: ['date', 'person'],
  table: 'duty_shifts',
  nameSql: "date || (SELECT ' ' || name FROM staff WHERE staff.id = staff_id)",
  allOrNothing: true,

  readSheet(ctx: Ctx, grid: CellValue[][], _sheet: GridSheet): SheetRead | null {
    const dates = dateReader(grid, chinaYear(ctx))
    const read = readMatrixSheet(grid, dates.read) ?? readDateRows(grid, dates.read)
    return read && { ...read, notices: dates.notices() }
  },

  prepare(ctx) {
    return {
      ctx,
      staff: new Set(ctx.db.prepare('SELECT name FROM staff').pluck().all() as string[]),
      dates: new Set(),
      fresh: new Map(),
    }
  },

  planRow(prep, v, row) {
    const fail = { input: null, key: null, existing: null, keyLabel: '' }
    const date = (v.date as string | null) ?? null
    const name = typeof v.person === 'string' ? v.person.trim() : ''
    if (!date) row.issue('date', '日期为空或无法识别，应写作 2026-10-01 或 10月1日')
    if (!name) row.issue('person', '姓名为空，请填写值班人员的姓名')
    else if (name.length > 30)
      row.issue('person', `“${name}”超过30个字，不像人名，请每格只写姓名，多人用顿号分隔`)
    const role: DutyRole = v.role === 'leader' ? 'leader' : 'staff'
    const shift = SHIFT_OF.get(String(v.shift ?? 'full')) ?? 'full'
    if (role === 'leader' && shift !== 'full') row.issue('shift', '带班领导值全天班，请把班次写为“全天”')
    if (!date || !name || name.length > 30 || (role === 'leader' && shift !== 'full')) return fail
    prep.dates.add(date)
    if (!prep.staff.has(name) && prep.fresh.get(name) !== 'leader') prep.fresh.set(name, role)
    return {
      input: { date, shift, role, name, phone: (v.phone as string | null | undefined) ?? null },
      key: `${date}|${name}`,
      keyLabel: '同一人同一天只排一个班次',
      existing: null,
    }
  },

  finish(prep, notice) {
    const dates = [...prep.dates].sort()
    if (dates.length === 0) return
    notice(`值班表：${dates[0]} 至 ${dates[dates.length - 1]}，共 ${dates.length} 天`)
    const stored = prep.ctx.db
      .prepare(
        'SELECT count(*) FROM duty_shifts WHERE deleted_at IS NULL AND date IN (SELECT value FROM json_each(?))',
      )
      .pluck()
      .get(JSON.stringify(dates)) as number
    if (stored)
      notice(`这些日期已排有 ${stored} 个班次，导入后以文件为准：原班次移入回收站（撤销这次导入即可恢复）`)
    if (prep.fresh.size) notice(`人员名单中没有 ${[...prep.fresh.keys()].join('、')}，导入时加入人员名单`)
  },

  write(ctx, work, batch) {
    const operator = batch.operator ?? ''
    const rows = work.map((w) => w.input)
    // People: the staff list's, and those it lacks added (with their phone and duty role).
    const ids = new Map<string, number>()
    for (const s of ctx.db.prepare('SELECT id, name FROM staff ORDER BY active, id DESC').all() as {
      id: number
      name: string
    }[])
      ids.set(s.name, s.id)
    const phoneOf = new Map<string, string>()
    const roleOf = new Map<string, DutyRole>()
    for (const r of rows) {
      if (r.phone && !phoneOf.has(r.name)) phoneOf.set(r.name, r.phone)
      if (roleOf.get(r.name) !== 'leader') roleOf.set(r.name, r.role)
    }
    let order = ctx.db.prepare('SELECT coalesce(max(sort_order), 0) FROM staff').pluck().get() as number
    const add = ctx.db.prepare(
      'INSERT INTO staff(name, active, phone, duty_role, sort_order, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?)',
    )
    const added: string[] = []
    const addedWith = ctx.db.prepare(
      "INSERT INTO import_batch_created(batch_id, table_name, record_id) VALUES (?, 'staff', ?)",
    )
    // (people already listed get a phone the list lacks, and a duty role when they had none)
    const fill = ctx.db.prepare(
      `UPDATE staff SET phone = coalesce(phone, ?),
       duty_role = CASE WHEN duty_role = 'none' THEN ? ELSE duty_role END, updated_at = ? WHERE id = ?`,
    )
    for (const [name, role] of roleOf) {
      const known = ids.get(name)
      if (known !== undefined) {
        fill.run(phoneOf.get(name) ?? null, role, batch.now, known)
        continue
      }
      const id = Number(
        add.run(name, phoneOf.get(name) ?? null, role, ++order, batch.now, batch.now).lastInsertRowid,
      )
      ids.set(name, id)
      // recorded with the batch: undo removes exactly these people (when no other shift names them)
      addedWith.run(batch.id, id)
      added.push(name)
    }
    // The shifts stored on the file's dates go to the 回收站, each with the reason in its history.
    const dates = [...new Set(rows.map((r) => r.date))].sort()
    const from = dates[0] as string
    const to = dates[dates.length - 1] as string
    const replaced = ctx.db
      .prepare(
        'SELECT * FROM duty_shifts WHERE deleted_at IS NULL AND date IN (SELECT value FROM json_each(?)) ORDER BY id',
      )
      .all(JSON.stringify(dates)) as { id: number }[]
    const how = `从“${batch.fileName}”导入（导入批次 ${batch.id}）；经办人：${operator}`
    domainWrite(ctx, () =>
      dutyShiftRepo.setDeleted(
        ctx,
        replaced.map((r) => r.id),
        true,
        {
          marker: { field: '_change', label: '导入替换', before: null, after: `${how}，原班次移入回收站` },
          audit: false,
        },
      ),
    )
    const item = ctx.db.prepare(
      'INSERT INTO import_batch_items(batch_id, record_id, action, before, after_version) VALUES (?, ?, ?, ?, ?)',
    )
    const version = ctx.db.prepare('SELECT version FROM duty_shifts WHERE id = ?').pluck()
    for (const r of replaced)
      item.run(batch.id, r.id, 'update', JSON.stringify(r), version.get(r.id) as number)
    const created = insertAll(
      ctx,
      rows.map((r) => ({ date: r.date, shift: r.shift, role: r.role, personId: ids.get(r.name) as number })),
      'import',
      how,
    )
    for (const id of created) item.run(batch.id, id, 'insert', null, 1)
    recordChange(
      ctx,
      {
        action: 'import',
        operator: operator || '未选择操作人员',
        from,
        to,
        summary:
          `从“${batch.fileName}”导入 ${dates.length} 天 ${rows.length} 个班次（导入批次 ${batch.id}）` +
          (added.length ? `，新增人员 ${added.join('、')}` : '') +
          (replaced.length ? `，原有 ${replaced.length} 个班次移入回收站` : ''),
      },
      { audit: false },
    )
    return { inserted: created.length, updated: 0, created: { 人员: added } }
  },

  undoItem(ctx, it, batchId, now) {
    if (it.action === 'insert') {
      ctx.db.prepare('DELETE FROM duty_shifts WHERE id = ?').run(it.recordId)
      return
    }
    // A replaced shift comes back once the shifts this batch put in its place are gone.
    const prev = JSON.parse(it.before as string) as { date: string; staff_id: number }
    ctx.db
      .prepare(
        `DELETE FROM duty_shifts WHERE date = ? AND staff_id = ? AND deleted_at IS NULL
         AND id IN (SELECT record_id FROM import_batch_items WHERE batch_id = ? AND action = 'insert')`,
      )
      .run(prev.date, prev.staff_id, batchId)
    ctx.db
      .prepare('UPDATE duty_shifts SET deleted_at = NULL, version = version + 1, updated_at = ? WHERE id = ?')
      .run(now, it.recordId)
    ctx.db
      .prepare(
        "INSERT INTO duty_shift_history(duty_shift_id, at, action, changes) VALUES (?, ?, 'restore', ?)",
      )
      .run(
        it.recordId,
        now,
        JSON.stringify([{ field: '_batch', label: '撤销导入批次', before: batchId, after: null }]),
      )
  },

  undone(ctx, batch, side) {
    // (the people the import added left the staff list with the batch's other side records)
    const removed = side.staff ?? []
    const b = ctx.db.prepare('SELECT at FROM import_batches WHERE id = ?').get(batch.id) as { at: string }
    // the period the import's own change log entry names
    const range = ctx.db
      .prepare(
        'SELECT date_from AS "from", date_to AS "to" FROM duty_changes WHERE action = \'import\' AND summary LIKE ? ORDER BY id DESC',
      )
      .get(`%（导入批次 ${batch.id}）%`) as { from: string; to: string } | undefined
    recordChange(
      ctx,
      {
        action: 'import',
        operator: batch.operator,
        from: range?.from ?? b.at.slice(0, 10),
        to: range?.to ?? b.at.slice(0, 10),
        summary:
          `撤销导入批次 ${batch.id}（${batch.fileName}）：导入的班次已删除，原班次已恢复` +
          (removed.length ? `，导入时新增的人员 ${removed.join('、')} 已移出人员名单` : ''),
      },
      { audit: false },
    )
  },
}
