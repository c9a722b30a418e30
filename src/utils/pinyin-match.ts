import { match } from 'pinyin-pro'

/**
 * Whether a clerk's search text matches a Chinese name: plain substring, 拼音首字母 ("dh" → 东湖村)
 * or full pinyin ("donghu"). Polyphonic characters match either reading (长青: cq or zq).
 */
export function matchesPinyin(label: string, query: string): boolean {
  const q = query.trim().replace(/\s+/g, '')
  if (!q) return true
  if (label.toLowerCase().includes(q.toLowerCase())) return true
  if (!/^[a-zA-Z]+$/.test(q)) return false
  return match(label, q, { precision: 'start', insensitive: true }) !== null
}
