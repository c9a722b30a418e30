import { pinyin } from 'pinyin-pro'

// Chinese names sort as Intl.Collator('zh-CN') — and WPS — order them: by pinyin, not by code
// point. SQLite cannot call the collator, so each name keeps a sort key beside it: every
// character becomes its rank in the collator's own order (4 base-36 digits), so comparing keys as
// plain text gives exactly the collator's character-by-character order. After a space come the
// full pinyin and the initials that search matches ("利民塑料" → "… liminsuliao lmsl").
//
// Keys are computed for every imported row, so the work per row is kept to table lookups: each
// character's rank token is computed once, and a name whose characters each have one reading
// (ignoring tones) is spelled from a per-character table; only names with a character of several
// readings (行, 长, 乐 …) ask pinyin-pro, which reads them in context (银行 hang, 长乐 chang).

let rankTokens: Map<string, string> | null = null

function rankTable(): Map<string, string> {
  if (rankTokens) return rankTokens
  const chars: string[] = []
  for (let c = 0x20; c < 0x7f; c++) chars.push(String.fromCharCode(c))
  for (let c = 0x3000; c < 0x3040; c++) chars.push(String.fromCharCode(c)) // CJK punctuation
  for (let c = 0xff01; c < 0xff5f; c++) chars.push(String.fromCharCode(c)) // full-width forms
  for (let c = 0x4e00; c <= 0x9fff; c++) chars.push(String.fromCharCode(c)) // CJK unified ideographs
  chars.sort(new Intl.Collator('zh-CN').compare)
  rankTokens = new Map(chars.map((ch, i) => [ch, i.toString(36).padStart(4, '0')]))
  return rankTokens
}

function rankToken(table: Map<string, string>, ch: string): string {
  // Characters outside the table sort after it, by code point.
  return table.get(ch) ?? (table.size + (ch.codePointAt(0) ?? 0)).toString(36).padStart(4, '0')
}

const HAN = /\p{Script=Han}/u
/** Per character: its one toneless reading; `null` when it has several (read in context); '' when not Han. */
const readings = new Map<string, string | null>()

function reading(ch: string): string | null {
  let r = readings.get(ch)
  if (r === undefined) {
    if (!HAN.test(ch)) r = ''
    else {
      const all = new Set(pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true }))
      r = all.size === 1 ? ([...all][0] as string).toLowerCase() : null
    }
    readings.set(ch, r)
  }
  return r
}

/**
 * A syllable as pinyin-pro's `toneType: 'none', v: true` gives it ("lǜ" → "lv"), from the toned
 * syllable it returns by default: the same replacements in the same order, done once per
 * syllable instead of for every character of every name (they were most of a name's cost).
 */
const toneless = new Map<string, string>()

function withoutTone(syllable: string): string {
  let r = toneless.get(syllable)
  if (r === undefined) {
    r = syllable
      .replace(/(ā|á|ǎ|à)/g, 'a')
      .replace(/(ō|ó|ǒ|ò)/g, 'o')
      .replace(/(ē|é|ě|è)/g, 'e')
      .replace(/(ī|í|ǐ|ì)/g, 'i')
      .replace(/(ū|ú|ǔ|ù)/g, 'u')
      .replace(/(ǖ|ǘ|ǚ|ǜ)/g, 'ü')
      .replace(/(n̄|ń|ň|ǹ)/g, 'n')
      .replace(/(m̄|ḿ|m̌|m̀)/g, 'm')
      .replace(/(ê̄|ế|ê̌|ề)/g, 'ê')
      .replace(/ü/g, 'v')
    toneless.set(syllable, r)
  }
  return r
}

const recent = new Map<string, string>()

export function pinyinKey(text: string | null): string | null {
  if (text === null || text === '') return null
  const hit = recent.get(text)
  if (hit !== undefined) return hit
  const table = rankTable()
  const chars = [...text]
  let rank = ''
  let full = ''
  let initials = ''
  let context: string[] | null = null
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string
    rank += rankToken(table, ch)
    let r = reading(ch)
    if (r === null) {
      // (a character of several readings is always Chinese, so its syllable is toned)
      context ??= pinyin(text, { type: 'array' })
      r = withoutTone(context[i] ?? ch).toLowerCase()
    } else if (r === '') {
      const lower = ch.toLowerCase()
      full += lower
      initials += lower
      continue
    }
    full += r
    initials += r[0] ?? ''
  }
  const key = `${rank} ${full} ${initials}`
  // Repeated names (villages, people, the same enterprise in several sheets) cost one lookup.
  if (recent.size >= 20_000) recent.clear()
  recent.set(text, key)
  return key
}
