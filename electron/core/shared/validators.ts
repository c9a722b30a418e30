// Pure validation algorithms shared by the forms (renderer) and the handlers (core).
// Sources: ../shared/domain/REFERENCE.md §6.

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
// GB 32100-2015: weights 3^(i-1) mod 31 for positions 1..17.
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const CREDIT_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/

/** Upper-cases, drops spaces and turns full-width letters/digits into ASCII. */
export function normalizeCode(raw: string): string {
  if (/^[0-9A-Z-]*$/.test(raw)) return raw
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .toUpperCase()
}

export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARSET.indexOf(first17[i] ?? '')
    if (v < 0) return null
    sum += v * (CREDIT_WEIGHTS[i] as number)
  }
  return CREDIT_CHARSET[(31 - (sum % 31)) % 31] ?? null
}

/**
 * Validates a 统一社会信用代码. Returns null when valid, otherwise a Chinese message that says
 * what is wrong and how to fix it.
 */
export function checkCreditCode(raw: string): string | null {
  const code = normalizeCode(raw)
  if (code.length !== 18) return `统一社会信用代码应为18位，当前为${code.length}位，请核对营业执照`
  const bad = [...code].findIndex((c) => !CREDIT_CHARSET.includes(c))
  if (bad >= 0) {
    const c = code[bad]
    const hint = 'IOSVZ'.includes(c ?? '')
      ? `（代码中不使用字母 I、O、S、V、Z，请检查是否应为数字 1、0、5 等）`
      : ''
    return `统一社会信用代码第${bad + 1}位“${c}”不是有效字符${hint}`
  }
  if (!CREDIT_PATTERN.test(code)) return '统一社会信用代码第3至8位应为数字（登记管理机关行政区划码），请核对'
  const expected = creditCodeCheckChar(code.slice(0, 17))
  if (expected !== code[17]) return `统一社会信用代码第18位校验码应为 ${expected}，请核对营业执照`
  return null
}

export type PhoneKind = 'mobile' | 'landline' | 'service'

export function normalizePhone(raw: string): string {
  let p = normalizeCode(raw).replace(/[()（）]/g, '')
  p = p.replace(/^\+?86(?=1[3-9]\d{9}$)/, '')
  // keep the hyphen between area code and number, drop other separators
  p = p.replace(/[\s.]/g, '')
  return p
}

export function phoneKind(raw: string): PhoneKind | null {
  const p = normalizePhone(raw)
  if (/^1[3-9]\d{9}$/.test(p)) return 'mobile'
  if (/^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(p)) return 'landline'
  if (/^\d{7,8}$/.test(p)) return 'landline'
  if (/^(12350|12345|119|110|120)$/.test(p) || /^[48]00-?\d{3}-?\d{4}$/.test(p)) return 'service'
  return null
}

export function checkPhone(raw: string, label = '联系电话'): string | null {
  if (phoneKind(raw)) return null
  const digits = normalizePhone(raw).replace(/\D/g, '')
  if (/^1\d+$/.test(digits) && digits.length !== 11)
    return `${label}“${raw}”不是有效的手机号：手机号应为11位，当前为${digits.length}位`
  return `${label}“${raw}”格式不正确：手机号为11位数字，座机写作“区号-号码”，如 0571-87654321`
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
