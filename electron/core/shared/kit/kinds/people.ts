import { bad, dateInText, ok, textOf, tooLong } from './common'
import { type Kind } from './kind'
import { text } from './text'

/** Several people in one field: "张三、李四", "张三 李四", "张三/李四" → "张三、李四". */
export const people: Kind = {
  ...text,
  name: 'people',
  clean(raw, f) {
    if (raw instanceof Date) return bad(dateInText(raw, f.label))
    const t = textOf(raw, true)
    if (t === null) return ok(null)
    const names = t
      .split(/[\n、,，;；/]+|\s+/)
      .map((s) => s.trim())
      .filter(Boolean)
    const joined = names.join('、')
    const long = tooLong(f, joined, 100)
    return long ? bad(long) : ok(joined || null)
  },
}
