import { bad, ok, textOf } from './common'
import { col, encodeAsIs, type Kind } from './kind'

/** A link to a village, an industry or an enterprise: stored as its id, written by name in sheets. */
export const ref: Kind = {
  name: 'ref',
  columns: (f) => [{ name: col(f), type: 'INTEGER', notNull: Boolean(f.identifying) }],
  empty: () => null,
  clean(raw, f, env) {
    if (typeof raw === 'number') return Number.isInteger(raw) && raw > 0 ? ok(raw) : bad(`请选择${f.label}`)
    const t = textOf(raw)
    if (t === null) return ok(null)
    if (/^\d+$/.test(t) && !env.resolve) return ok(Number(t))
    const id = env.resolve?.(f.ref!.table, t) ?? null
    if (id === null) return bad(`${f.label}“${t}”不在列表中，请先在“数据与设置”中添加，或从列表中选择`)
    return ok(id)
  },
  toDb: (v, f) => ({ [col(f)]: v as number | null }),
  encode: encodeAsIs,
  fromDb: (r, f) => (r[col(f)] as number | null) ?? null,
  display: (v) => (v === null || v === undefined ? '' : String(v)),
  sortExpr: (_a, f) => `j_${f.key}.sort_key`,
  widget: 'ref',
  filter: 'in',
  formEmpty: () => null,
}
