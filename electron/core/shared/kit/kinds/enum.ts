import { bad, choicesText, matchOption, ok, textOf } from './common'
import { col, encodeAsIs, type Kind } from './kind'

/** One choice from a list. Accepts the stored value, the label, or a word offices write for it. */
export const enumKind: Kind = {
  name: 'enum',
  columns: (f) => [{ name: col(f), type: 'TEXT', notNull: Boolean(f.required && f.default !== undefined) }],
  empty: () => null,
  clean(raw, f) {
    const t = textOf(raw)
    if (t === null) return ok(null)
    const o = matchOption(t, f.options ?? [])
    return o ? ok(o.value) : bad(`${f.label}“${t}”无法识别，可填写：${choicesText(f)}`)
  },
  toDb: (v, f) => ({ [col(f)]: v as string | null }),
  encode: encodeAsIs,
  fromDb: (r, f) => (r[col(f)] as string | null) ?? null,
  display: (v, f) =>
    v === null || v === undefined ? '' : (f.options?.find((o) => o.value === v)?.label ?? String(v)),
  // Options sort in the order the spec lists them (重大 before 较大 …), not alphabetically.
  sortExpr: (a, f) =>
    `CASE ${a}.${col(f)} ${(f.options ?? []).map((o, i) => `WHEN '${o.value.replace(/'/g, "''")}' THEN ${i}`).join(' ')} END`,
  widget: 'select',
  filter: 'in',
  formEmpty: () => '',
}
