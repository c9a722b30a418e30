import { bad, halfWidth, ok, textOf } from './common'
import type { FieldSpec } from '../spec'
import { col, type Kind } from './kind'

// Whole numbers as offices write them: 72, "约50人", "50余人", "1,200", "100-499人" (a band: its
// lower bound is kept, with a note, since rules such as "100人以上" hold for the whole band).

function bounds(f: FieldSpec, n: number): string | null {
  if (f.min !== undefined && n < f.min) return `${f.label}不能小于${f.min}`
  const max = f.maxValue ?? 1_000_000_000
  if (n > max) return `${f.label}过大（${n}），请核对`
  return null
}

export function parseNumberText(t: string): { value: number; note?: string } | null {
  const s = halfWidth(t).replace(/[,，\s]/g, '')
  const range = /^[约近]?(\d+(?:\.\d+)?)[^\d.]{0,3}[-~～—至到]+(\d+(?:\.\d+)?)/.exec(s)
  if (range) return { value: Number(range[1]), note: `“${t}”是一个范围，已记为下限 ${range[1]}` }
  const m = /^(?:约|近|大约|共|合计)?(\d+(?:\.\d+)?)(?:余|多|左右|以上)?[^\d]*$/.exec(s)
  if (!m) return null
  return { value: Number(m[1]) }
}

export const int: Kind = {
  name: 'int',
  columns: (f) => [
    { name: col(f), type: 'INTEGER', notNull: Boolean(f.required && f.default !== undefined) },
  ],
  empty: () => null,
  clean(raw, f) {
    if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) return bad(`${f.label}不是数字`)
      if (!Number.isInteger(raw)) return bad(`${f.label}应为整数`)
      const b = bounds(f, raw)
      return b ? bad(b) : ok(raw)
    }
    const t = textOf(raw)
    if (t === null) return ok(null)
    const p = parseNumberText(t)
    if (!p) return bad(`${f.label}“${t}”不是数字，请只填写数字，如 50`)
    if (!Number.isInteger(p.value)) return bad(`${f.label}应为整数`)
    const b = bounds(f, p.value)
    return b ? bad(b) : ok(p.value, p.note)
  },
  toDb: (v, f) => ({ [col(f)]: v as number | null }),
  fromDb: (r, f) => (r[col(f)] as number | null) ?? null,
  display: (v, f) => (v === null || v === undefined ? '' : `${v}${f.unit ?? ''}`),
  exportCell: (v) => (v as number | null) ?? null,
  sortExpr: (a, f) => `${a}.${col(f)}`,
  widget: 'number',
  filter: 'range',
  formEmpty: () => null,
}
