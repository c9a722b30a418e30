import fs from 'node:fs'
import path from 'node:path'
import type { ParsedArgs } from './commands'
import { chinaDate } from '../core/shared/dates'

// `list duty` and `import duty <file>`: the roster from a terminal, through the handler table.

export const DUTY_HELP = `  list duty [--from YYYY-MM-DD --to YYYY-MM-DD] [--json]
                                            值班表（默认本月）：日期、星期、带班领导、值班人员、电话
  import duty <文件> [--dry-run] [--json]
                                            导入值班安排表或排班表（所列日期以文件为准，全部或不导入）
`

interface Io {
  out: (line: string) => void
  err: (line: string) => void
}

type Call = <T>(name: string, input: unknown) => Promise<T>

interface Entry {
  name: string
  phone: string | null
  shift: string
  shiftLabel: string
  role: string
}
interface Day {
  date: string
  weekday: string
  type: string
  name: string
  leaders: Entry[]
  staff: Entry[]
}

function month(now: Date): { from: string; to: string } {
  // this month in China, whatever the PC's time zone
  const [y, m] = chinaDate(now).split('-').map(Number) as [number, number]
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  const p = (n: number): string => String(n).padStart(2, '0')
  return { from: `${y}-${p(m)}-01`, to: `${y}-${p(m)}-${p(last)}` }
}

export async function runDutyList(a: ParsedArgs, io: Io, call: Call): Promise<number> {
  const f = a.flags
  if ((typeof f.from === 'string') !== (typeof f.to === 'string')) {
    io.err('请同时给出 --from 和 --to（如 --from 2027-02-06 --to 2027-02-13）')
    return 2
  }
  const range = typeof f.from === 'string' ? { from: f.from, to: f.to as string } : month(new Date())
  const r = await call<{ title: string; days: Day[]; assignments: number }>('duty.roster', range)
  const person = (e: Entry) => ({ name: e.name, phone: e.phone, shift: e.shift })
  if (f.json === true) {
    io.out(
      JSON.stringify(
        {
          title: r.title,
          ...range,
          days: r.days.map((d) => ({
            date: d.date,
            weekday: d.weekday,
            dayType: d.type,
            holiday: d.name || null,
            leaders: d.leaders.map(person),
            staff: d.staff.map(person),
          })),
        },
        null,
        2,
      ),
    )
    return 0
  }
  io.out(r.title)
  for (const d of r.days) {
    const names = (list: Entry[]) =>
      list
        .map((e) => (e.role === 'staff' && e.shift !== 'full' ? `${e.name}（${e.shiftLabel}）` : e.name))
        .join('、')
    const phones = [...d.leaders, ...d.staff].filter((e) => e.phone).map((e) => `${e.name} ${e.phone}`)
    io.out([d.date, d.weekday, names(d.leaders), names(d.staff), phones.join('；')].join('\t'))
  }
  io.out(`共 ${r.days.length} 天 ${r.assignments} 个班次`)
  return 0
}

export async function runDutyImport(
  a: ParsedArgs,
  file: string | undefined,
  io: Io,
  call: Call,
): Promise<number> {
  const json = a.flags.json === true
  const fail = (message: string, code: number): number => {
    if (json) io.out(JSON.stringify({ ledger: 'duty', file: file ?? '', error: message }, null, 2))
    io.err(message)
    return code
  }
  if (!file) return fail('请指定要导入的文件，如：safety-ledger import duty 国庆值班表.xlsx', 2)
  let base64: string
  try {
    base64 = fs.readFileSync(file).toString('base64')
  } catch {
    return fail(`无法读取文件“${file}”，请检查路径`, 1)
  }
  const input = { fileName: path.basename(file), base64 }
  let plan: {
    layout: string
    sheet: string
    headerRows: number[]
    firstDataRow: number
    from: string | null
    to: string | null
    rows: number
    days: number
    duties: unknown[]
    newPeople: { name: string; role: string }[]
    replacing: number
    errors: { sheet: string; row: number; column: string; message: string }[]
    warnings: { sheet: string; row: number; column: string; message: string }[]
  }
  try {
    plan = await call('duty.previewImport', input)
  } catch (err) {
    return fail((err as Error).message, 1)
  }
  const report = {
    ledger: 'duty',
    file,
    dryRun: a.flags['dry-run'] === true,
    sheet: plan.sheet,
    layout: plan.layout,
    headerRows: plan.headerRows,
    firstDataRow: plan.firstDataRow,
    period: plan.from && plan.to ? { from: plan.from, to: plan.to } : null,
    rows: plan.rows,
    days: plan.days,
    duties: plan.duties.length,
    newPeople: plan.newPeople,
    replaced: plan.replacing,
    warnings: plan.warnings,
    errors: plan.errors,
    imported: false,
  }
  let code = 0
  if (plan.errors.length) code = 1
  else if (!report.dryRun) {
    try {
      // 经办人 is the session's operator: 命令行, or 命令行（张三） with --operator 张三
      await call('duty.import', input)
      report.imported = true
    } catch (err) {
      return fail((err as Error).message, 1)
    }
  }
  if (json) io.out(JSON.stringify(report, null, 2))
  else {
    io.out(
      `${plan.layout === 'list' ? '值班安排表' : '排班表'}（工作表“${plan.sheet}”）：${plan.from ?? ''} 至 ${plan.to ?? ''}，${plan.days} 天 ${plan.duties.length} 个班次` +
        (plan.newPeople.length ? `，新增人员 ${plan.newPeople.map((p) => p.name).join('、')}` : ''),
    )
    for (const w of plan.warnings) io.out(`提示：第 ${w.row} 行 ${w.column}：${w.message}`)
    for (const e of plan.errors) io.err(`错误：工作表“${e.sheet}”第 ${e.row} 行 ${e.column} 列：${e.message}`)
    io.out(
      report.imported
        ? '已导入。'
        : plan.errors.length
          ? '有错误，未导入任何内容。'
          : '（--dry-run：未写入）',
    )
  }
  return code
}
