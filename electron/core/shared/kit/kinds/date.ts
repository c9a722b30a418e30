import { bad, halfWidth, ok, textOf } from './common'
import { col, encodeAsIs, type Kind } from './kind'

// Dates as offices write them: 2025-07-17, 2025.7.17, 2025/7/17, 2025年7月17日, 20250717, an
// Excel date cell or an Excel serial number. Stored as ISO text (2025-07-17).

export const DATE_HINT = '应写作 2025-07-17、2025年7月17日、2025.7.17 或 20250717'

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

export function ymd(y: number, m: number, d: number): string | null {
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

/** An Excel serial day number (1900 date system) → ISO date. */
export function fromSerial(n: number): string | null {
  const d = new Date(Math.round((n - 25569) * 86400000))
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
}

export function parseDate(raw: unknown): { ok: true; value: string | null } | { ok: false; why: string } {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return { ok: false, why: '无法识别的日期' }
    const s = ymd(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate())
    return s ? { ok: true, value: s } : { ok: false, why: '日期超出范围' }
  }
  if (typeof raw === 'number') {
    if (Number.isInteger(raw) && raw >= 19000101 && raw <= 21001231) {
      const s = ymd(Math.floor(raw / 10000), Math.floor(raw / 100) % 100, raw % 100)
      return s ? { ok: true, value: s } : { ok: false, why: `“${raw}”不是有效的日期` }
    }
    if (raw > 0 && raw < 80000) {
      const s = fromSerial(raw)
      return s ? { ok: true, value: s } : { ok: false, why: '日期超出范围' }
    }
    return { ok: false, why: `“${raw}”不是日期` }
  }
  const t0 = textOf(raw)
  if (t0 === null) return { ok: true, value: null }
  // A time after the date ("2025/7/17 9:30:00", as systems export 检查时间) is not part of the day.
  const t = halfWidth(t0)
    .replace(/(\d)[\sT]+\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/, '$1')
    .replace(/\s/g, '')
  const m =
    /^(\d{4})(\d{2})(\d{2})$/.exec(t) ??
    /^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})[日号]?$/.exec(t) ??
    /^(\d{4})-(\d{2})-(\d{2})T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?$/.exec(t)
  if (m) {
    const s = ymd(Number(m[1]), Number(m[2]), Number(m[3]))
    return s ? { ok: true, value: s } : { ok: false, why: `“${t0}”不是有效的日期（没有这一天）` }
  }
  // An Excel date that reached the sheet as its serial number in text (a CSV saved from Excel):
  // five digits between 1954 and 2099.
  if (/^\d{5}$/.test(t) && Number(t) >= 20000 && Number(t) <= 73050) {
    const s = fromSerial(Number(t))
    if (s) return { ok: true, value: s }
  }
  return { ok: false, why: `无法识别的日期“${t0}”` }
}

export const date: Kind = {
  name: 'date',
  columns: (f) => [{ name: col(f), type: 'TEXT', notNull: Boolean(f.identifying) }],
  empty: () => null,
  clean(raw, f) {
    const r = parseDate(raw)
    return r.ok ? ok(r.value) : bad(`${f.label}：${r.why}，${DATE_HINT}`)
  },
  toDb: (v, f) => ({ [col(f)]: v as string | null }),
  encode: encodeAsIs,
  fromDb: (r, f) => (r[col(f)] as string | null) ?? null,
  display: (v) => (v as string | null) ?? '',
  sortExpr: (a, f) => `${a}.${col(f)}`,
  widget: 'date',
  filter: 'range',
  formEmpty: () => '',
}
