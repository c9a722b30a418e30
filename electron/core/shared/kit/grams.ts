// The short-query search index of a ledger (kit/repo.ts): FTS5's trigram index cannot answer a
// query of one or two characters, so each record also lists every single character and every
// pair of adjacent characters of its searchable text as terms of a second FTS5 table. A query of
// one or two characters is then one term: "有" or "利民", "hd", "13".
//
// Terms are spelled in ASCII so that no tokenizer splits or folds them: each character is its
// code point in 4 base-36 digits (a pair is 8 digits). Text is compared as SQL's LIKE compares it
// (ASCII letters in either case); whitespace never appears in a query word, so pairs across it
// are left out.

const WS = /\s/u
/** Each character's term ('' for whitespace), computed once. */
const codes = new Map<string, string>()

function code(ch: string): string {
  let c = codes.get(ch)
  if (c === undefined) {
    c = WS.test(ch) ? '' : (fold(ch).codePointAt(0) as number).toString(36).padStart(4, '0')
    codes.set(ch, c)
  }
  return c
}

function fold(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase())
}

/**
 * The terms of a record's searchable values, one value per line (SQL's concat_ws(char(10), …)).
 * A term may repeat: the index keeps each record once per term.
 */
export function searchGrams(text: unknown): string {
  if (text === null || text === undefined) return ''
  let out = ''
  let prev = ''
  for (const ch of String(text)) {
    const c = code(ch)
    if (c === '') {
      prev = ''
      continue
    }
    out += prev === '' ? ` ${c}` : ` ${c} ${prev}${c}`
    prev = c
  }
  return out
}

/** The term of a query word of one or two characters (already normalised), as an FTS5 string. */
export function gramTerm(word: string): string {
  return `"${[...word].map(code).join('')}"`
}
