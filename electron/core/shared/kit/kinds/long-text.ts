import { bad, ok, textOf, tooLong } from './common'
import { col, type Kind } from './kind'
import { text } from './text'

/** Several lines (notes, descriptions): newlines kept, otherwise as text. */
export const longText: Kind = {
  ...text,
  name: 'longText',
  clean(raw, f) {
    const t = textOf(raw, true)
    if (t === null) return ok(null)
    const long = tooLong(f, t, 2000)
    return long ? bad(long) : ok(t)
  },
  sortExpr: (a, f) => `${a}.${col(f)}`,
  widget: 'textarea',
}
