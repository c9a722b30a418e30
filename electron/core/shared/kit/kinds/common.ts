import type { FieldSpec, OptionSpec } from '../spec'

// What every kind shares: the result type, the placeholder words offices write for "nothing",
// and the text sanitiser that form, handler and importer all run.

/** A cleaned value, or a Chinese reason it cannot be stored. `note` explains a silent change. */
export type Cleaned<T> = { ok: true; value: T; note?: string } | { ok: false; message: string }
export const ok = <T>(value: T, note?: string): Cleaned<T> =>
  note ? { ok: true, value, note } : { ok: true, value }
export const bad = <T = never>(message: string): Cleaned<T> => ({ ok: false, message })

/** A spreadsheet cell or a form value, before clean-up. */
export type RawValue = unknown

/** Words meaning "nothing here" in an optional field (yes/no gives 无/否 a meaning of its own). */
export const PLACEHOLDERS = new Set([
  '-',
  '--',
  '—',
  '——',
  '－',
  '/',
  '／',
  '\\',
  '无',
  '空',
  '暂无',
  '没有',
  '未知',
  'null',
  'NULL',
  'N/A',
  'n/a',
  '#N/A',
  '…',
  '...',
])

// C0/C1 controls except tab and newlines, bidi overrides/isolates, zero-width characters and BOM.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\u061C\uFEFF]/g

/** Removes characters that cannot be seen or that reorder text; keeps newlines only when asked. */
const NEEDS_CLEANING =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\u061C\uFEFF]/

export function sanitize(s: string, multiline: boolean): string {
  // Most cells are plain text: test once before running the replacements.
  if (!NEEDS_CLEANING.test(s)) return s.trim()
  let t = s.replace(INVISIBLE, '').replace(/\r\n?/g, '\n').replace(/\t/g, ' ')
  // A line break between two Chinese characters is where the cell wrapped a name (青禾宏达⏎五金厂).
  if (!multiline)
    t = t.replace(/(?<=[\u4e00-\u9fff])[ ]*\n+[ ]*(?=[\u4e00-\u9fff])/g, '').replace(/\n+/g, ' ')
  return t.trim()
}

/** Full-width ASCII (Ａ１２) to half-width. */
const WIDE = /[\uFF01-\uFF5E\u3000]/

export function halfWidth(s: string): string {
  if (!WIDE.test(s)) return s
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
}

/** Text of a raw value, or null when it is empty or a placeholder. Dates become 2019-03-05. */
export function textOf(raw: RawValue, multiline = false): string | null {
  if (raw === null || raw === undefined) return null
  let s: string
  if (typeof raw === 'string') s = raw
  else if (typeof raw === 'number') s = Number.isFinite(raw) ? String(raw) : ''
  else if (typeof raw === 'boolean') s = raw ? '是' : '否'
  else if (raw instanceof Date) s = Number.isNaN(raw.getTime()) ? '' : raw.toISOString().slice(0, 10)
  else return null
  const t = sanitize(s, multiline)
  if (t === '' || PLACEHOLDERS.has(t)) return null
  return t
}

export function isBlank(raw: RawValue): boolean {
  return textOf(raw) === null
}

/** Compares words the way offices vary them: no spaces or brackets, half-width, lower case. */
export function wordKey(s: string): string {
  return halfWidth(s)
    .replace(/[\s()（）【】[\]「」“”"']/g, '')
    .toLowerCase()
}

interface OptionIndex {
  exact: Map<string, OptionSpec>
  /** Normalised words of two or more characters, longest first, for the containment fallback. */
  words: { key: string; option: OptionSpec }[]
}
// Built once per option list (the importer matches every cell of 100,000 rows against it).
const indexes = new WeakMap<readonly OptionSpec[], OptionIndex>()

function indexOf(options: readonly OptionSpec[]): OptionIndex {
  let ix = indexes.get(options)
  if (ix) return ix
  const exact = new Map<string, OptionSpec>()
  const words: { key: string; option: OptionSpec }[] = []
  for (const o of options) {
    exact.set(o.value, o)
    for (const w of [o.label, ...(o.words ?? [])]) {
      const k = wordKey(w)
      if (!exact.has(k)) exact.set(k, o)
      if (k.length >= 2) words.push({ key: k, option: o })
    }
  }
  words.sort((a, b) => b.key.length - a.key.length)
  ix = { exact, words }
  indexes.set(options, ix)
  return ix
}

/** Option by value, label or any of its words; then by the longest word contained in the text. */
export function matchOption(text: string, options: readonly OptionSpec[]): OptionSpec | null {
  const ix = indexOf(options)
  const hit = ix.exact.get(text) ?? ix.exact.get(wordKey(text))
  if (hit) return hit
  const k = wordKey(text)
  return ix.words.find((w) => k.includes(w.key))?.option ?? null
}

export function choicesText(f: FieldSpec): string {
  return (f.options ?? [])
    .filter((o) => !o.legacy)
    .map((o) => o.label)
    .join('、')
}

export function maxLength(f: FieldSpec, fallback: number): number {
  return f.max ?? fallback
}

export function tooLong(f: FieldSpec, t: string, fallback: number): string | null {
  const max = maxLength(f, fallback)
  // (no more UTF-16 units than the limit: no more characters either)
  if (t.length <= max) return null
  const n = [...t].length
  return n > max ? `${f.label}不能超过${max}个字（现有${n}个字），请删减` : null
}

/** A date cell in a text, person or phone column: refused, never stored as "Sat Jul 26 2025 …". */
export function dateInText(d: Date, label: string): string {
  const iso = Number.isNaN(d.getTime()) ? '' : `（${d.toISOString().slice(0, 10)}）`
  return `${label}是一个日期${iso}，这一列应填写文字。请检查是否错列，或把单元格设为文本格式`
}
