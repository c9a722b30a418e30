import type { CellValue } from './grid'
import { normalizeCode, normalizePhone } from '../shared/validators'

// Value normalisation shared by imports and forms: what a clerk types into Excel becomes one
// canonical value, or a Chinese reason why it cannot.

export type Normalized<T> = { ok: true; value: T } | { ok: false; message: string }
const ok = <T>(value: T): Normalized<T> => ({ ok: true, value })
const bad = <T>(message: string): Normalized<T> => ({ ok: false, message })

export function isEmpty(v: CellValue): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '')
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function ymd(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (
    y < 1900 ||
    y > 2100 ||
    dt.getUTCFullYear() !== y ||
    dt.getUTCMonth() !== m - 1 ||
    dt.getUTCDate() !== d
  )
    return null
  return `${y}-${pad(m)}-${pad(d)}`
}

const DATE_HINT = '日期应写作 2019-03-05、2019年3月5日、2019.3.5 或 20190305'

/** One date from a cell: Excel dates and serials, 20190305 (text or number), 2019.3.5, 2019年3月5日, 2019-3-5, 2019/3/5. */
export function normalizeDate(v: CellValue): Normalized<string | null> {
  if (isEmpty(v)) return ok(null)
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return bad(`无法识别的日期，${DATE_HINT}`)
    const s = ymd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate())
    return s ? ok(s) : bad(`日期超出范围，${DATE_HINT}`)
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 19000101 && v <= 21001231) {
      const s = ymd(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100)
      return s ? ok(s) : bad(`“${v}”不是有效的日期，${DATE_HINT}`)
    }
    if (v > 0 && v < 80000) {
      const d = new Date(Math.round((v - 25569) * 86400000))
      return normalizeDate(d)
    }
    return bad(`“${v}”不是日期，${DATE_HINT}`)
  }
  const t = String(v)
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(t)
  if (!m) m = /^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?$/.exec(t)
  if (!m) {
    const iso = /^(\d{4})-(\d{2})-(\d{2})T[\d:.]+Z?$/.exec(t)
    if (iso) m = iso
  }
  if (m) {
    const s = ymd(Number(m[1]), Number(m[2]), Number(m[3]))
    return s ? ok(s) : bad(`“${v}”不是有效的日期（没有这一天），请核对`)
  }
  return bad(`无法识别的日期“${v}”，${DATE_HINT}`)
}

/** "2019.3.5至2021.3.4", "2019.3.5-2021.3.4", "2019年3月5日～2021年3月4日" → two dates. */
export function normalizeDateRange(v: CellValue): Normalized<{ from: string; to: string } | null> {
  if (isEmpty(v)) return ok(null)
  const t = String(v).replace(/[\s\u3000]/g, '')
  const parts = t.split(/至|到|~|～|—|–|--/)
  let pair: string[] | null = parts.length === 2 ? parts : null
  if (!pair) {
    // "2019.3.5-2021.3.4": a hyphen between two dotted or Chinese dates
    const m = /^(\d{4}[.年/]\d{1,2}[.月/]\d{1,2}日?)-(\d{4}[.年/]\d{1,2}[.月/]\d{1,2}日?)$/.exec(t)
    if (m) pair = [m[1] as string, m[2] as string]
    const m8 = /^(\d{8})-(\d{8})$/.exec(t)
    if (m8) pair = [m8[1] as string, m8[2] as string]
  }
  if (!pair) return bad(`无法识别的起止日期“${v}”，应写作 2019.3.5至2021.3.4`)
  const a = normalizeDate(pair[0] as string)
  const b = normalizeDate(pair[1] as string)
  if (!a.ok) return a as Normalized<never>
  if (!b.ok) return b as Normalized<never>
  if (!a.value || !b.value) return bad(`起止日期“${v}”缺少开始或结束日期`)
  if (a.value > b.value) return bad(`起止日期“${v}”的开始日期晚于结束日期`)
  return ok({ from: a.value, to: b.value })
}

const TRUE = new Set(['√', '✓', '✔', '☑', '是', '有', 'y', 'yes', 'true', '1', '●', '■', 'v', '涉及', '存在'])
const FALSE = new Set([
  '否',
  '无',
  'n',
  'no',
  'false',
  '0',
  '×',
  '✗',
  '✘',
  '□',
  '-',
  '—',
  '/',
  '不涉及',
  '不存在',
])

export function normalizeFlag(v: CellValue): Normalized<boolean> {
  if (isEmpty(v)) return ok(false)
  if (typeof v === 'boolean') return ok(v)
  const t = String(v).trim().toLowerCase()
  if (TRUE.has(t)) return ok(true)
  if (FALSE.has(t)) return ok(false)
  return bad(`“${v}”无法识别为是/否，请填写 √ 或 是，不涉及的留空`)
}

/** "约50人", "197人", "50余人", 72 → integer. */
export function normalizeInt(v: CellValue, label: string): Normalized<number | null> {
  if (isEmpty(v)) return ok(null)
  if (typeof v === 'number') return Number.isFinite(v) ? ok(Math.round(v)) : bad(`${label}不是数字`)
  const t = String(v)
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/,/g, '')
  if (/^(无|0|-|—|\/)$/.test(t.trim())) return ok(t.trim() === '0' ? 0 : null)
  const m = /(\d+(?:\.\d+)?)/.exec(t)
  if (!m) return bad(`${label}“${v}”不是数字，请只填写数字，如 50`)
  return ok(Math.round(Number(m[1])))
}

/** IDs must stay text: an 18-digit code Excel stored as a number has already lost its last digits. */
export function normalizeCodeCell(v: CellValue, label: string): Normalized<string | null> {
  if (isEmpty(v)) return ok(null)
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v))
      return bad(
        `${label}以数字格式保存，末几位已被 Excel 改掉（${v}）。请把该列设为“文本”格式后重新录入原号码`,
      )
    return ok(String(v))
  }
  return ok(normalizeCode(String(v)))
}

/** Splits a multi-value cell: line breaks, 、 ， ； / and runs of spaces. */
export function splitMulti(v: CellValue): string[] {
  if (isEmpty(v)) return []
  return String(v)
    .split(/[\n\r、,，;；/]+|\s{2,}|\u3000+/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Phones stored as numbers come back as text; several numbers in one cell are kept in order. */
export function normalizePhones(v: CellValue): string[] {
  if (isEmpty(v)) return []
  if (typeof v === 'number') return Number.isSafeInteger(v) ? [String(v)] : [String(v)]
  return String(v)
    .split(/[\n\r、,，;；/]+|\s{2,}|\u3000+|\s(?=1[3-9]\d)/)
    .map((s) => normalizePhone(s))
    .filter(Boolean)
}

export function normalizeText(v: CellValue): string | null {
  if (isEmpty(v)) return null
  if (v instanceof Date)
    return normalizeDate(v).ok ? (normalizeDate(v) as { value: string }).value : String(v)
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v)
  if (typeof v === 'boolean') return v ? '是' : '否'
  return String(v).replace(/\r\n?/g, '\n').trim()
}

/** People: "张三、李四" / "张三 李四" / lines → "张三、李四". */
export function normalizePeople(v: CellValue): string | null {
  const parts = splitMulti(v)
    .flatMap((p) => p.split(/\s+/))
    .filter(Boolean)
  return parts.length ? parts.join('、') : null
}

/** Text → enum key, by label or synonym (after removing spaces and brackets). */
export function normalizeEnum<K extends string>(
  v: CellValue,
  options: Record<K, string[]>,
  label: string,
): Normalized<K | null> {
  if (isEmpty(v)) return ok(null)
  const t = String(v).replace(/[\s\u3000()（）]/g, '')
  for (const [key, words] of Object.entries(options) as [K, string[]][]) {
    if (words.some((w) => w === t)) return ok(key)
  }
  for (const [key, words] of Object.entries(options) as [K, string[]][]) {
    if (words.some((w) => w.length >= 2 && t.includes(w))) return ok(key)
  }
  const choices = Object.values(options as Record<string, string[]>)
    .map((w) => w[0])
    .join('、')
  return bad(`${label}“${v}”无法识别，可填写：${choices}`)
}
