import { bad, choicesText, matchOption, ok, textOf } from './common'
import type { FieldSpec } from '../spec'
import type { Kind } from './kind'

/** Several choices at once (重点行业领域), one 0/1 column per option. Stored value: the chosen list. */
function columnsOf(f: FieldSpec): { value: string; column: string }[] {
  return (f.options ?? []).map((o) => ({ value: o.value, column: o.column as string }))
}

export const flags: Kind = {
  name: 'flags',
  columns: (f) => columnsOf(f).map((o) => ({ name: o.column, type: 'INTEGER', notNull: true })),
  empty: () => [],
  clean(raw, f) {
    const options = f.options ?? []
    let parts: string[]
    if (Array.isArray(raw)) parts = raw.map(String)
    else {
      const t = textOf(raw, true)
      if (t === null) return ok([])
      parts = t.split(/[\n、,，;；/]+|\s+/).filter(Boolean)
    }
    const out: string[] = []
    for (const p of parts) {
      const o = matchOption(p, options)
      if (!o) return bad(`${f.label}“${p}”无法识别，可填写：${choicesText(f)}`)
      if (!out.includes(o.value)) out.push(o.value)
    }
    // Stored in the spec's order so that the same choices always compare equal.
    return ok(options.map((o) => o.value).filter((v) => out.includes(v)))
  },
  toDb(v, f) {
    const list = (v as string[] | null) ?? []
    return Object.fromEntries(columnsOf(f).map((o) => [o.column, list.includes(o.value) ? 1 : 0]))
  },
  encode(v, f, out, at) {
    const list = (v as string[] | null | undefined) ?? []
    const options = f.options ?? []
    for (let i = 0; i < options.length; i++)
      out[at + i] = list.includes((options[i] as { value: string }).value) ? 1 : 0
  },
  fromDb: (r, f) =>
    columnsOf(f)
      .filter((o) => r[o.column] === 1)
      .map((o) => o.value),
  display: (v, f) =>
    ((v as string[] | null) ?? []).map((x) => f.options?.find((o) => o.value === x)?.label ?? x).join('、'),
  sortExpr: (a, f) =>
    columnsOf(f)
      .map((o) => `${a}.${o.column}`)
      .join(' + '),
  widget: 'multi',
  filter: 'flags',
  formEmpty: () => [],
}
