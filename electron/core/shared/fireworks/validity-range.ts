import { ymd } from '../kit/kinds/date'

// 有效期 written as a range in one cell, as offices keep it: "2025.12.15-2026.2.28",
// "2025年12月10日至2026年2月28日", "2025-12-01～2026-02-28", "20251201-20260228".

const DATE = /(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/g

export type RangeResult = { ok: true; from: string; to: string } | { ok: false; why: string }

export function parseValidityRange(raw: string): RangeResult {
  const text = raw.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  const dates: string[] = []
  for (const m of text.matchAll(DATE)) {
    const [y, mo, d] = m[1] ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]]
    const iso = ymd(Number(y), Number(mo), Number(d))
    if (!iso) return { ok: false, why: `有效期中的“${m[0]}”不是有效的日期` }
    dates.push(iso)
  }
  if (dates.length !== 2)
    return {
      ok: false,
      why: `有效期“${raw.trim()}”应写起止两个日期，如“2025.12.15-2026.2.28”或“2025年12月15日至2026年2月28日”`,
    }
  return { ok: true, from: dates[0] as string, to: dates[1] as string }
}
