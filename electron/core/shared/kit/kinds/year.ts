import { bad, halfWidth, ok, textOf } from './common'
import { col, type Kind } from './kind'
import { parseDate } from './date'
import { int } from './int'

const TICKS = new Set(['√', '✓', '✔', '☑', '是', '已签', '已签订'])

/** A year (2026, "2026年", "2026年度"). A full date given for a year keeps its year, with a note. */
export const year: Kind = {
  ...int,
  name: 'year',
  clean(raw, f, env) {
    const min = f.min ?? 1900
    const max = f.maxValue ?? 2100
    const check = (y: number, note?: string) =>
      y < min || y > max ? bad(`${f.label}应在${min}至${max}年之间（现为${y}）`) : ok(y, note)
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1000 && raw <= 9999) return check(raw)
    if (typeof raw === 'number' || raw instanceof Date) {
      const d = parseDate(raw)
      if (d.ok && d.value)
        return check(
          Number(d.value.slice(0, 4)),
          `${f.label}只记年份，日期 ${d.value} 记为 ${d.value.slice(0, 4)} 年`,
        )
      return bad(`${f.label}应为年份，如 2026`)
    }
    const t = textOf(raw)
    if (t === null) return ok(null)
    if (env.year && TICKS.has(t)) return check(env.year, `${f.label}“${t}”记为本年度 ${env.year}`)
    const y = /^(\d{4})\s*年?度?$/.exec(halfWidth(t).trim())
    if (y) return check(Number(y[1]))
    const d = parseDate(t)
    if (d.ok && d.value)
      return check(
        Number(d.value.slice(0, 4)),
        `${f.label}只记年份，日期 ${d.value} 记为 ${d.value.slice(0, 4)} 年`,
      )
    return bad(`${f.label}“${t}”不是年份，请填写如 2026`)
  },
  display: (v) => (v === null || v === undefined ? '' : String(v)),
  sortExpr: (a, f) => `${a}.${col(f)}`,
  widget: 'year',
}
