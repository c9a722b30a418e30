import { halfWidth } from './kit/kinds/common'
import { creditCheckChar, creditCodeProblem } from './kit/kinds/credit-code'
import { canonicalPhone, phoneKindOf, phoneProblem } from './kit/kinds/phones'

// Pure validation algorithms shared by the forms (renderer) and the handlers (core).
// Sources: ../shared/domain/REFERENCE.md §6.

// 统一社会信用代码 and phone numbers have one implementation each, in their field kinds (form,
// handler and importer use those); these are the plain-function views of the same rules.

/** Upper-cases, drops spaces and turns full-width letters/digits into ASCII. */
export function normalizeCode(raw: string): string {
  if (/^[0-9A-Z-]*$/.test(raw)) return raw
  return halfWidth(raw).replace(/\s/g, '').toUpperCase()
}

export function creditCodeCheckChar(first17: string): string | null {
  return creditCheckChar(first17)
}

/**
 * Validates a 统一社会信用代码. Returns null when valid, otherwise a Chinese message that says
 * what is wrong and how to fix it.
 */
export function checkCreditCode(raw: string): string | null {
  return creditCodeProblem(normalizeCode(raw))
}

export type PhoneKind = 'mobile' | 'landline' | 'service'

export function phoneKind(raw: string): PhoneKind | null {
  const p = canonicalPhone(raw)
  return p ? phoneKindOf(p) : null
}

export function checkPhone(raw: string, label = '联系电话'): string | null {
  return canonicalPhone(raw) ? null : phoneProblem(raw, label)
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** 居民身份证号 (GB 11643-1999). Returns null when valid. */
export function checkIdNumber(raw: string): string | null {
  const id = normalizeCode(raw)
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为18位，最后一位可以是数字或 X'
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900)
    return '身份证号中的出生日期无效，请核对第7至14位'
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_WEIGHTS[i] as number)
  const expected = ID_CHECK[sum % 11]
  if (expected !== id[17]) return `身份证号最后一位校验码应为 ${expected}，请核对`
  return null
}

/** Name key for near-duplicate detection: drops legal-form suffixes, brackets and spaces. */
export function nameKey(name: string): string {
  return name
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .replace(/[()（）【】[\]]/g, '')
    .replace(/(股份有限公司|有限责任公司|有限公司|公司|厂|店|经营部|门市部|商行)$/, '')
    .toLowerCase()
}

/** Dice coefficient over character bigrams, 0..1. */
export function nameSimilarity(a: string, b: string): number {
  const ka = nameKey(a)
  const kb = nameKey(b)
  if (ka === kb) return 1
  if (ka.length < 2 || kb.length < 2) return 0
  // "（青禾）华兴机械厂" and "华兴机械有限公司": one name inside the other is a near-duplicate.
  if (Math.min(ka.length, kb.length) >= 3 && (ka.includes(kb) || kb.includes(ka))) return 0.9
  const grams = (s: string): Map<string, number> => {
    const m = new Map<string, number>()
    for (let i = 0; i < s.length - 1; i++) {
      const g = s.slice(i, i + 2)
      m.set(g, (m.get(g) ?? 0) + 1)
    }
    return m
  }
  const ga = grams(ka)
  const gb = grams(kb)
  let overlap = 0
  for (const [g, n] of ga) overlap += Math.min(n, gb.get(g) ?? 0)
  return (2 * overlap) / (ka.length - 1 + kb.length - 1)
}
