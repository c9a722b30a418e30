import type { KindName } from '../spec'
import { cas } from './cas'
import { creditCode } from './credit-code'
import { date } from './date'
import { decimal } from './decimal'
import { enumKind } from './enum'
import { flags } from './flags'
import { int } from './int'
import type { Kind } from './kind'
import { longText } from './long-text'
import { people } from './people'
import { phones } from './phones'
import { ref } from './ref'
import { text } from './text'
import { year } from './year'
import { yesNo } from './yes-no'

export const KINDS: Record<KindName, Kind> = {
  text,
  longText,
  phones,
  creditCode,
  enum: enumKind,
  flags,
  int,
  decimal,
  date,
  year,
  yesNo,
  ref,
  people,
  cas,
}

export type { Kind } from './kind'
export type { Cleaned } from './common'
