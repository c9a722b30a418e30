import { bad, halfWidth, ok, textOf } from './common'
import type { FieldSpec } from '../spec'
import { col, encodeAsIs, type Kind } from './kind'

// Whole numbers as offices write them: 72, "约50人", "50余人", "1,200". A band ("100-499人"), a
// negative, a fraction or an exponent is refused with the reason rather than changed into some
// other number: the import keeps such a cell's text in 备注 and leaves the number empty.

function bounds(f: FieldSpec, n: number): string | null {
  if (f.min !== undefined && n < f.min) return `${f.label}不能小于${f.min}（现为${n}）`
  const max = f.maxValue ?? 1_000_000_000
  if (n > max) return `${f.label}过大（${n}），请核对`
  return null
}

export type ParsedNumber = { value: number } | { refused: string }

/** A number in text, or why the text is not one plain number. `label` names the field. */
export function parseNumberText(t: string, label: string): ParsedNumber | null {
  const s = halfWidth(t)
    .replace(/[,，\s]/g, '')
    .replace(/[−－]/g, '-')
  if (/^[约近]?-?\d+(?:\.\d+)?[^\d.]{0,3}[-~～—至到]+\d+(?:\.\d+)?/.test(s) && !/^-\d+(?:\.\d+)?$/.test(s))
    return { refused: `${label}“${t}”是一个范围，请填写具体的数字` }
  if (/^[+-]?\d+(?:\.\d+)?e[+-]?\d+$/i.test(s))
    return { refused: `${label}“${t}”是科学计数法，请把单元格设为文本或数值格式后填写完整的数字` }
  if (/^-\d/.test(s)) return { refused: `${label}不能为负数（现为“${t}”）` }
  const m = /^(?:约|近|大约|共|合计)?(\d+(?:\.\d+)?)(?:余|多|左右|以上)?[^\d]*$/.exec(s)
  if (!m) return null
  return { value: Number(m[1]) }
}

export const int: Kind = {
  name: 'int',
  columns: (f) => [
    {
      name: col(f),
      type: 'INTEGER',
      notNull: Boolean(f.identifying || (f.required && f.default !== undefined)),
    },
  ],
  empty: () => null,
  clean(raw, f) {
    if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) return bad(`${f.label}不是数字`)
      if (!Number.isInteger(raw)) return bad(`${f.label}应为整数（现为${raw}）`)
      const b = bounds(f, raw)
      return b ? bad(b) : ok(raw)
    }
    const t = textOf(raw)
    if (t === null) return ok(null)
    const p = parseNumberText(t, f.label)
    if (!p) return bad(`${f.label}“${t}”不是数字，请只填写数字，如 50`)
    if ('refused' in p) return bad(p.refused)
    if (!Number.isInteger(p.value)) return bad(`${f.label}应为整数（现为“${t}”）`)
    const b = bounds(f, p.value)
    return b ? bad(b) : ok(p.value)
  },
  toDb: (v, f) => ({ [col(f)]: v as number | null }),
  encode: encodeAsIs,
  fromDb: (r, f) => (r[col(f)] as number | null) ?? null,
  display: (v, f) => (v === null || v === undefined ? '' : `${v}${f.unit ?? ''}`),
  exportCell: (v) => (v as number | null) ?? null,
  sortExpr: (a, f) => `${a}.${col(f)}`,
  widget: 'number',
  filter: 'range',
  formEmpty: () => null,
}
