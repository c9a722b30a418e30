import { bad, dateInText, ok, textOf, tooLong } from './common'
import { pinyinKey } from '../pinyin'
import { col, type Kind } from './kind'

/** One line of text: names, people, addresses. Invisible characters stripped, length limited. */
export const text: Kind = {
  name: 'text',
  columns: (f) => [
    { name: col(f), type: 'TEXT', notNull: Boolean(f.identifying) },
    // Names that sort in pinyin order keep their sort key beside them (see pinyin.ts).
    ...(f.pinyin ? [{ name: `${col(f)}_py`, type: 'TEXT' as const, notNull: false }] : []),
  ],
  empty: () => null,
  clean(raw, f) {
    if (raw instanceof Date) return bad(dateInText(raw, f.label))
    const t = textOf(raw)
    if (t === null) return ok(null)
    const long = tooLong(f, t, 100)
    if (long) return bad(long)
    if (f.min && [...t].length < f.min) return bad(`${f.label}至少${f.min}个字，请填写完整`)
    return ok(t)
  },
  toDb: (v, f) =>
    f.pinyin
      ? { [col(f)]: v as string | null, [`${col(f)}_py`]: pinyinKey(v as string | null) }
      : { [col(f)]: v as string | null },
  encode(v, f, out, at) {
    const s = (v as string | null | undefined) ?? null
    out[at] = s
    if (f.pinyin) out[at + 1] = pinyinKey(s)
  },
  fromDb: (r, f) => (r[col(f)] as string | null) ?? null,
  display: (v) => (v as string | null) ?? '',
  sortExpr: (a, f) => (f.pinyin ? `${a}.${col(f)}_py` : `${a}.${col(f)}`),
  widget: 'input',
  filter: 'none',
  formEmpty: () => '',
}
