import { bad, dateInText, halfWidth, ok, textOf } from './common'
import { col, type Kind } from './kind'
import { text } from './text'

// Phones: one or more numbers in one field, stored as "13812345678、0571-87654321". A mobile
// written with dashes or spaces (138-1234-5678), a +86 prefix, full-width digits and brackets
// around an area code are all the same number.

const MOBILE = /^1[3-9]\d{9}$/
const LANDLINE = /^0\d{2,3}-\d{7,8}(-\d{1,6})?$/
const LOCAL = /^\d{7,8}$/
const SERVICE = /^(12350|12345|119|110|120|400\d{7}|800\d{7})$/

/** Already one number in its canonical form: a plain mobile, or a landline without a 86 prefix. */
function isCanonical(t: string): boolean {
  return MOBILE.test(t) || (LANDLINE.test(t) && !/^0?86/.test(t))
}

/** One number in its canonical form, or null when it is not a phone number. */
export function canonicalPhone(raw: string): string | null {
  // (most cells: nothing to do)
  if (isCanonical(raw)) return raw
  const t = halfWidth(raw)
    .replace(/\s*(?:转|分机|ext\.?)\s*(?=\d{1,6}$)/i, '-')
    .replace(/[()（）]/g, '-')
    .replace(/[\s.]/g, '')
    .replace(/^-+|-+$/g, '')
  const digits = t.replace(/^\+/, '').replace(/\D/g, '')
  const mobile = digits.replace(/^0?86(?=1[3-9]\d{9}$)/, '')
  if (MOBILE.test(mobile)) return mobile
  if (SERVICE.test(digits)) return digits
  // 0571-87654321, 0571 87654321, (0571)87654321, 057187654321 (area code 3-4 digits)
  const area = /^(0\d{2,3})-*(\d{7,8})(?:-+(\d{1,6}))?$/.exec(t)
  if (area) {
    const s = `${area[1]}-${area[2]}${area[3] ? `-${area[3]}` : ''}`
    if (LANDLINE.test(s)) return s
  }
  if (/^0\d{9,11}$/.test(digits)) {
    const a = digits.startsWith('01') || digits.startsWith('02') ? 3 : 4
    const s = `${digits.slice(0, a)}-${digits.slice(a)}`
    if (LANDLINE.test(s)) return s
  }
  if (LOCAL.test(digits) && digits === t) return digits
  return null
}

/** Why one written number is not a phone number, in the clerk's words. */
export function phoneProblem(part: string, label: string): string {
  // 138****5678: a number from a 脱敏导出 or a screen; never stored over the whole number
  if (/\d[*＊×xX]{3,}\d/.test(part))
    return `${label}“${part}”是隐藏了中间几位的号码（来自脱敏导出），不能保存；已登记的号码保持不变，如需修改请填写完整号码`
  const digits = halfWidth(part).replace(/\D/g, '')
  if (/^1\d+$/.test(digits) && digits.length !== 11)
    return `${label}“${part}”不是有效的手机号：手机号应为11位，当前为${digits.length}位`
  return `${label}“${part}”格式不正确：手机号为11位数字，座机写作“区号-号码”，如 0571-87654321`
}

/** mobile, landline or service number (12350, 400 …) of a canonical number. */
export function phoneKindOf(canonical: string): 'mobile' | 'landline' | 'service' {
  return MOBILE.test(canonical) ? 'mobile' : SERVICE.test(canonical) ? 'service' : 'landline'
}

/** Splits a cell holding several numbers (、，；/ newlines, or spaces between whole numbers). */
export function splitPhones(t: string): string[] {
  return halfWidth(t)
    .replace(/(\+?86)[\s-]+(?=1[3-9]\d)/g, '$1')
    .replace(/(?<![\d-])(1[3-9]\d)[\s-](\d{4})[\s-](\d{4})(?![\d-])/g, '$1$2$3')
    .split(/[\n、,，;；/]+|\s{2,}|\s(?=\+?(?:86)?1[3-9]\d)|\s(?=0\d{2,3}[-\s])/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/**
 * A cell holding a name and its numbers ("王建国 13608865162", "李利民/0571-88886666"): the name
 * and the numbers apart, or null when the text is not that.
 */
export function personAndPhones(t: string): { person: string; phones: string } | null {
  const numbers = halfWidth(t).match(/\+?\d[\d\s\-()（）]*\d(?:\s*(?:转|分机)\s*\d{1,6})?/g)
  if (!numbers) return null
  let rest = halfWidth(t)
  for (const n of numbers) rest = rest.replace(n, ' ')
  const person = rest
    .replace(/(电话|手机|联系方式|联系电话)[:：]?/g, ' ')
    .replace(/[\s/／,，;；:：()（）]+/g, ' ')
    .trim()
    .replace(/\s+/g, '、')
  if (!/^[\u4e00-\u9fa5·]{2,10}(、[\u4e00-\u9fa5·]{2,10}){0,4}$/.test(person)) return null
  return { person, phones: numbers.map((n) => n.trim()).join('、') }
}

export const phones: Kind = {
  ...text,
  name: 'phones',
  clean(raw, f) {
    if (raw instanceof Date) return bad(dateInText(raw, f.label))
    if (typeof raw === 'number' && Number.isSafeInteger(raw)) raw = String(raw)
    const t = textOf(raw, true)
    if (t === null) return ok(null)
    // One number already written as stored (most cells) is itself: it has nothing to split.
    if (isCanonical(t) && t.length <= (f.max ?? 100)) return ok(t)
    const out: string[] = []
    for (const part of splitPhones(t)) {
      const p = canonicalPhone(part)
      if (!p) return bad(phoneProblem(part, f.label))
      if (!out.includes(p)) out.push(p)
    }
    const joined = out.join('、')
    if (joined.length > (f.max ?? 100)) return bad(`${f.label}写了太多号码，请只保留常用的几个`)
    return ok(joined || null)
  },
  sortExpr: (a, f) => `${a}.${col(f)}`,
}
