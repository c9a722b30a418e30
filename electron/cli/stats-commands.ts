import fs from 'node:fs'
import path from 'node:path'
import type { ParsedArgs } from './commands'
import { chinaDate } from '../core/shared/dates'

// `stats`, `stats --xlsx`, `summary`: the 统计 page's numbers and files from a terminal, through
// the handler table like every other door.

export const STATS_HELP = `  stats [--year 2026 | --from YYYY-MM-DD --to YYYY-MM-DD] [--json]
                                            期间统计（每项含去年同期和可复现记录的筛选条件）
  stats <文件.xlsx> [--year …|--from … --to …]  导出统计表（同 export stats <文件.xlsx>）
  stats report <报表> <文件.xlsx> [--year …|--from … --to …]
                                            按上报表格式导出：inspection-rectification（安全生产检查和
                                            专项整治统计表）、supervised-hazards（三级挂牌督办重大隐患整改汇总表）
  summary <文件.docx> [--year …|--from … --to …]  生成年度工作总结草稿（数据段由台账生成）
  export plan <文件.xlsx> [--year 2026]      导出年度执法检查计划（含双随机抽取记录）
`

interface Io {
  out: (line: string) => void
  err: (line: string) => void
}

type Call = <T>(name: string, input: unknown) => Promise<T>

function period(a: ParsedArgs, now: Date): { from: string; to: string } | string {
  const f = a.flags
  if (typeof f.from === 'string' || typeof f.to === 'string') {
    if (typeof f.from !== 'string' || typeof f.to !== 'string')
      return '请同时给出 --from 和 --to（如 --from 2026-01-01 --to 2026-06-30）'
    return { from: f.from, to: f.to }
  }
  const y = typeof f.year === 'string' ? Number(f.year) : Number(chinaDate(now).slice(0, 4))
  if (!Number.isInteger(y) || y < 2000 || y > 2100) return `年份“${String(f.year)}”无效，请写作如 --year 2026`
  return { from: `${y}-01-01`, to: `${y}-12-31` }
}

interface StatRow {
  key: string
  group: string
  label: string
  unit: string
  value: number | null
  previous: number | null
  percent: boolean
  route: { name: string; query: Record<string, string> } | null
}

export async function runStatsCommand(
  cmd: 'stats' | 'summary',
  a: ParsedArgs,
  rest: string[],
  io: Io,
  call: Call,
): Promise<number> {
  const p = period(a, new Date())
  if (typeof p === 'string') {
    io.err(p)
    return 2
  }
  if (cmd === 'stats' && rest[0] === 'report') return runReport(rest[1], rest[2], p, io, call)
  const file = rest[0]
  if (cmd === 'summary' || file) {
    if (!file) {
      io.err('请给出要保存的文件，如 summary 总结.docx --year 2026')
      return 2
    }
    const want = cmd === 'summary' ? '.docx' : '.xlsx'
    if (path.extname(file).toLowerCase() !== want) {
      io.err(`文件名应以 ${want} 结尾`)
      return 2
    }
    const r = await call<{ base64: string }>(cmd === 'summary' ? 'stats.summaryDocx' : 'stats.exportXlsx', p)
    fs.writeFileSync(file, Buffer.from(r.base64, 'base64'))
    io.out(`已保存 ${path.resolve(file)}`)
    return 0
  }
  const s = await call<{ values: StatRow[]; summary: string; period: { from: string; to: string } }>(
    'stats.compute',
    p,
  )
  if (a.flags.json === true) {
    // Each value with the list filter that reproduces its records (the 统计 page's links).
    io.out(
      JSON.stringify(
        {
          period: s.period,
          values: s.values.map((v) => ({
            key: v.key,
            group: v.group,
            label: v.label,
            unit: v.unit,
            value: v.value,
            previous: v.previous,
            filter: v.route,
          })),
          summary: s.summary,
        },
        null,
        2,
      ),
    )
    return 0
  }
  let group = ''
  for (const v of s.values) {
    if (v.group !== group) {
      group = v.group
      io.out(`\n${group}`)
    }
    const show = (x: number | null) => (x === null ? '—' : v.percent ? `${x}%` : `${x} ${v.unit}`)
    io.out(`  ${v.label}：${show(v.value)}（去年同期 ${show(v.previous)}）`)
  }
  io.out(`\n${s.summary}`)
  return 0
}

/** `stats report <name> <file.xlsx>`: an upward report form, by its key or its Chinese name. */
async function runReport(
  name: string | undefined,
  file: string | undefined,
  p: { from: string; to: string },
  io: Io,
  call: Call,
): Promise<number> {
  const forms = await call<{ key: string; label: string }[]>('stats.reportList', {})
  const names = forms.map((f) => `${f.key}（${f.label}）`).join('、')
  const form = forms.find((f) => f.key === name || f.label === name || (name && f.label.startsWith(name)))
  if (!form) {
    io.err(name ? `没有名为“${name}”的上报表格，可选：${names}` : `请给出报表名称，可选：${names}`)
    return 2
  }
  if (!file || path.extname(file).toLowerCase() !== '.xlsx') {
    io.err(`请给出要保存的 .xlsx 文件，如 stats report ${form.key} 上报表.xlsx --year 2026`)
    return 2
  }
  const r = await call<{ base64: string }>('stats.report', { name: form.key, ...p })
  fs.writeFileSync(file, Buffer.from(r.base64, 'base64'))
  io.out(`已保存 ${path.resolve(file)}（${form.label}，${p.from} 至 ${p.to}）`)
  return 0
}

/** `export plan <file.xlsx> [--year 2026]`: the 年度执法检查计划 as the plan page exports it. */
export async function runPlanExport(
  a: ParsedArgs,
  file: string | undefined,
  io: Io,
  call: Call,
): Promise<number> {
  if (!file || path.extname(file).toLowerCase() !== '.xlsx') {
    io.err('请给出要保存的 .xlsx 文件，如 export plan 检查计划.xlsx --year 2026')
    return 2
  }
  const y =
    typeof a.flags.year === 'string' ? Number(a.flags.year) : Number(chinaDate(new Date()).slice(0, 4))
  if (!Number.isInteger(y) || y < 2000 || y > 2100) {
    io.err(`年份“${String(a.flags.year)}”无效，请写作如 --year 2026`)
    return 2
  }
  const r = await call<{ fileName: string; base64: string }>('plan.exportXlsx', { year: y })
  fs.writeFileSync(file, Buffer.from(r.base64, 'base64'))
  io.out(`已保存 ${path.resolve(file)}（${r.fileName.replace(/\.xlsx$/, '')}）`)
  return 0
}
