import { pinyin } from 'pinyin-pro'

// Chinese names sort as Intl.Collator('zh-CN') — and WPS — order them: by pinyin, not by code
// point. SQLite cannot call the collator, so each name keeps a sort key beside it: every
// character becomes its rank in the collator's own order (4 base-36 digits), so comparing keys as
// plain text gives exactly the collator's character-by-character order. After a space come the
// full pinyin and the initials that search matches ("利民塑料" → "… liminsuliao lmsl").

const COLLATOR_CHARS = (() => {
  let cached: Map<string, number> | null = null
  return (): Map<string, number> => {
    if (cached) return cached
    const chars: string[] = []
    for (let c = 0x20; c < 0x7f; c++) chars.push(String.fromCharCode(c))
    for (let c = 0x3000; c < 0x3040; c++) chars.push(String.fromCharCode(c)) // CJK punctuation
    for (let c = 0xff01; c < 0xff5f; c++) chars.push(String.fromCharCode(c)) // full-width forms
    for (let c = 0x4e00; c <= 0x9fff; c++) chars.push(String.fromCharCode(c)) // CJK unified ideographs
    chars.sort(new Intl.Collator('zh-CN').compare)
    cached = new Map(chars.map((ch, i) => [ch, i]))
    return cached
  }
})()

function rankToken(ch: string): string {
  const table = COLLATOR_CHARS()
  // Characters outside the table sort after it, by code point.
  const rank = table.get(ch) ?? table.size + (ch.codePointAt(0) ?? 0)
  return rank.toString(36).padStart(4, '0')
}

export function pinyinKey(text: string | null): string | null {
  if (text === null || text === '') return null
  const chars = [...text]
  const plain = pinyin(text, { toneType: 'none', type: 'array', v: true })
  const isHan = (ch: string) => /\p{Script=Han}/u.test(ch)
  const full = chars.map((ch, i) => (isHan(ch) ? (plain[i] ?? ch) : ch).toLowerCase())
  const initials = chars.map((ch, i) => (isHan(ch) ? (full[i]?.[0] ?? '') : ch.toLowerCase()))
  return `${chars.map(rankToken).join('')} ${full.join('')} ${initials.join('')}`
}
