import { bad, dateInText, ok, textOf, tooLong } from './common'
import { type Kind } from './kind'
import { text } from './text'

const SEPARATOR = /[\n、,，;；/\s]/

/** Several people in one field: "张三、李四", "张三 李四", "张三/李四" → "张三、李四". */
export const people: Kind = {
  ...text,
  name: 'people',
  clean(raw, f) {
    if (raw instanceof Date) return bad(dateInText(raw, f.label))
    const t = textOf(raw, true)
    if (t === null) return ok(null)
    // (one name, the usual cell, is already as stored)
    const joined = SEPARATOR.test(t)
      ? t
          .split(/[\n、,，;；/]+|\s+/)
          .map((s) => s.trim())
          .filter(Boolean)
          .join('、')
      : t
    const long = tooLong(f, joined, 100)
    return long ? bad(long) : ok(joined || null)
  },
}
