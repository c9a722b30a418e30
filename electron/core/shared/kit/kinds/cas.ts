import { cleanCas } from '../../chemicals/cas'
import { text } from './text'
import { bad, ok } from './common'
import type { Kind } from './kind'

/** A CAS registry number, its check digit verified (7664-41-7); blank, "/" or "—" for none. */
export const cas: Kind = {
  ...text,
  name: 'cas',
  clean(raw, f) {
    const r = cleanCas(raw)
    if (!r.ok) return bad(r.message.replace(/^CAS号/, f.label))
    return ok(r.value)
  },
}
