import { bad, ok, textOf } from './common'
import { col, type Kind } from './kind'
import { int, parseNumberText } from './int'

/** A number with decimals in the spec's unit (面积 m², 储量 t). "12.5平方米" → 12.5. */
export const decimal: Kind = {
  ...int,
  name: 'decimal',
  columns: (f) => [{ name: col(f), type: 'REAL', notNull: false }],
  clean(raw, f) {
    let n: number
    if (typeof raw === 'number') n = raw
    else {
      const t = textOf(raw)
      if (t === null) return ok(null)
      const p = parseNumberText(t, f.label)
      if (!p) return bad(`${f.label}“${t}”不是数字，请只填写数字${f.unit ? `（单位：${f.unit}）` : ''}`)
      if ('refused' in p) return bad(p.refused)
      n = p.value
    }
    if (!Number.isFinite(n)) return bad(`${f.label}不是数字`)
    if (f.min !== undefined && n < f.min) return bad(`${f.label}不能小于${f.min}`)
    if (f.maxValue !== undefined && n > f.maxValue) return bad(`${f.label}过大（${n}），请核对`)
    return ok(Math.round(n * 1e6) / 1e6)
  },
  sortExpr: (a, f) => `${a}.${col(f)}`,
}
