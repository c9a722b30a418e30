import type { ParsedArgs } from './commands'
import { chinaDate } from '../core/shared/dates'

// `list duty`: the roster from a terminal, through the handler table. `import duty <file>` and
// `export duty <file>` are the generic import and export (commands.ts) through the Excel engine.

export const DUTY_HELP = `  list duty [--from YYYY-MM-DD --to YYYY-MM-DD] [--json]
                                            值班表（默认本月）：日期、星期、带班领导、值班人员、电话
  import duty <文件>                         值班安排表或排班表（所列日期以文件为准，原班次移入回收站，
                                            全部或不导入；可在导入记录中撤销），选项同 import
  export duty <文件.xlsx> [--from YYYY-MM-DD --to YYYY-MM-DD] [--layout matrix]
                                            值班安排表（每个班次一行），--layout matrix 为排班表
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
