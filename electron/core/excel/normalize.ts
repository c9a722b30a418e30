import type { CellValue } from './grid'

// What the hazard ledger's own importer still needs to read cells; every other value is read by
// the field kinds (electron/core/shared/kit/kinds), which form, handler and importer share.

export type Normalized<T> = { ok: true; value: T } | { ok: false; message: string }
const ok = <T>(value: T): Normalized<T> => ({ ok: true, value })
const bad = <T>(message: string): Normalized<T> => ({ ok: false, message })

export function isEmpty(v: CellValue): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '')
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
