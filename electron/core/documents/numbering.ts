import { DOCUMENT_CODES, type DocumentType } from './fields'

export interface NumberParts {
  /** 机关简称, e.g. 青 */
  abbreviation: string
  /** 字头, e.g. 应急 (after the 2018 reform) or 安监 */
  prefix: string
  type: DocumentType
  year: number
  seq: number
}

/**
 * 文书编号 `（{简称}）{字头}{代字}〔{年}〕{序号}号` with full-width （） and 〔〕 (REFERENCE.md §1.2),
 * e.g. （青）应急责改〔2026〕3号. The sequence is written without leading zeros, as on the national forms.
 */
export function formatDocumentNumber(p: NumberParts): string {
  if (!Number.isInteger(p.seq) || p.seq < 1) throw new RangeError(`bad sequence ${p.seq}`)
  if (!Number.isInteger(p.year) || p.year < 2000 || p.year > 2999) throw new RangeError(`bad year ${p.year}`)
  return `（${p.abbreviation.trim()}）${p.prefix.trim()}${DOCUMENT_CODES[p.type]}〔${p.year}〕${p.seq}号`
}
