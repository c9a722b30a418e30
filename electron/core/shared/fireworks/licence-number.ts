// 烟花爆竹经营（零售）许可证编号 (应急厅〔2020〕31号): （X1）LS〔X2〕X3 — X1 the issuing province's
// one-character abbreviation, X2 the year of issue, X3 the serial number. Offices type it with
// ASCII or half-width brackets ("(粤)LS(2025)03153"); it is stored in the full-width form.

export const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'

export const LICENCE_NUMBER_HINT = '应写作“（赣）LS〔2025〕771”（省份简称、LS、发证年份、序号）'

const OPEN = '(（[［〔【〖{｛<《'
const CLOSE = ')）]］〕】〗}｝>》'
const cls = (s: string) => `[${s.replace(/[\]\\[^-]/g, (c) => `\\${c}`)}]`
const open = cls(OPEN)
const close = cls(CLOSE)

const PATTERN = new RegExp(
  `^${open}?([\\u4e00-\\u9fa5])${close}?[-—_/]?(LS|PF)[-—_/]?${open}?((?:19|20)\\d\\d)${close}?[-—_/.]?(?:第|NO\\.?|号)?(\\d{1,8})号?$`,
)

export type LicenceNumberResult =
  { ok: true; value: string; province: string; year: number; serial: string } | { ok: false; why: string }

/** Half-width letters and digits, no spaces; the brackets are judged by the pattern. */
function fold(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (ch) =>
      '（）［］｛｝＜＞'.includes(ch) ? ch : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
    )
    .replace(/[\s\u3000]+/g, '')
    .toUpperCase()
}

/** Reads a licence number in any bracket variant; the value is the full-width form. */
export function parseLicenceNumber(raw: string): LicenceNumberResult {
  const text = fold(raw)
  if (!text) return { ok: false, why: '许可证编号为空' }
  const m = PATTERN.exec(text)
  if (!m) return { ok: false, why: `许可证编号“${raw.trim()}”格式不对，${LICENCE_NUMBER_HINT}` }
  const [, province, kind, year, serial] = m as unknown as [string, string, string, string, string]
  if (!PROVINCES.includes(province))
    return { ok: false, why: `许可证编号中的“${province}”不是省级行政区简称，${LICENCE_NUMBER_HINT}` }
  if (kind === 'PF')
    return {
      ok: false,
      why: `“${raw.trim()}”是批发许可证编号（PF），零售经营户应登记零售许可证（LS）编号`,
    }
  const value = `（${province}）LS〔${year}〕${serial}`
  return { ok: true, value, province, year: Number(year), serial }
}

/** The full-width form of a number, or null when it is not one (for matching and search). */
export function normalizeLicenceNumber(raw: string | null | undefined): string | null {
  if (!raw) return null
  const r = parseLicenceNumber(raw)
  return r.ok ? r.value : null
}

const BRACKETS = new RegExp(cls(`${OPEN}${CLOSE}＜＞`), 'g')

/** A number (or part of one) without its brackets, for search: (赣)LS(2026)0771 finds （赣）LS〔2026〕0771. */
export function licenceNumberKey(raw: string): string {
  return fold(raw).replace(BRACKETS, '')
}
