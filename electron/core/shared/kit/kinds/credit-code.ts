import { bad, halfWidth, ok, textOf } from './common'
import { col, type Kind } from './kind'
import { text } from './text'

// 统一社会信用代码, GB 32100-2015: 1 登记管理部门代码 (1–9, A, N, Y), 1 机构类别代码, 6 登记管理机关
// 行政区划码, 9 主体标识码 (组织机构代码), 1 校验码 (weights 3^(i-1) mod 31).

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const DEPARTMENTS = '123456789ANY'
// Province-level codes of GB/T 2260 (first two digits of the 行政区划码); 10 is used for national bodies.
const PROVINCES = new Set([
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
])

export function creditCheckChar(first17: string): string | null {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i] ?? '')
    if (v < 0) return null
    sum += v * (WEIGHTS[i] as number)
  }
  return CHARSET[(31 - (sum % 31)) % 31] ?? null
}

/** null when valid, else a Chinese message saying which position is wrong and how to fix it. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return `统一社会信用代码应为18位，当前为${code.length}位，请核对营业执照`
  // (the position counts characters, as the clerk does)
  let badAt = -1
  let i = 0
  for (const c of code) {
    if (!CHARSET.includes(c)) {
      badAt = i
      break
    }
    i++
  }
  if (badAt >= 0) {
    const c = code[badAt] ?? ''
    const hint = 'IOSVZ'.includes(c)
      ? '（代码中不使用字母 I、O、S、V、Z，请检查是否应为数字 1、0、5 等）'
      : ''
    return `统一社会信用代码第${badAt + 1}位“${c}”不是有效字符${hint}`
  }
  if (!DEPARTMENTS.includes(code[0] ?? ''))
    return `统一社会信用代码第1位“${code[0]}”不是登记管理部门代码（应为 1–9、A、N 或 Y），请核对营业执照`
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return '统一社会信用代码第3至8位应为数字（登记管理机关行政区划码），请核对'
  if (!PROVINCES.has(code.slice(2, 4)))
    return `统一社会信用代码第3至4位“${code.slice(2, 4)}”不是省级行政区划码，请核对营业执照`
  const expected = creditCheckChar(code.slice(0, 17))
  if (expected !== code[17]) return `统一社会信用代码第18位校验码应为 ${expected}，请核对营业执照`
  return null
}

export const creditCode: Kind = {
  ...text,
  name: 'creditCode',
  clean(raw) {
    if (typeof raw === 'number') {
      if (!Number.isSafeInteger(raw))
        return bad(
          `统一社会信用代码以数字格式保存，末几位已被 Excel 改掉（${raw}）。请把该列设为“文本”格式后重新录入`,
        )
      raw = String(raw)
    }
    const t = textOf(raw)
    if (t === null) return ok(null)
    const code = halfWidth(t).replace(/[\s-]/g, '').toUpperCase()
    const problem = creditCodeProblem(code)
    return problem ? bad(problem) : ok(code)
  },
  sortExpr: (a, f) => `${a}.${col(f)}`,
}
