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

function code(ch: string): string {
  return (ch.codePointAt(0) as number).toString(36).padStart(4, '0')
}

function fold(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase())
}

/** The terms of a record's searchable values (space-separated, each once). */
export function searchGrams(...values: unknown[]): string {
  const out = new Set<string>()
  for (const v of values) {
    if (v === null || v === undefined) continue
    let prev: string | null = null
    for (const ch of fold(String(v))) {
      if (WS.test(ch)) {
        prev = null
        continue
      }
      const c = code(ch)
      out.add(c)
      if (prev !== null) out.add(prev + c)
      prev = c
    }
  }
  return [...out].join(' ')
}

/** The term of a query word of one or two characters (already normalised), as an FTS5 string. */
export function gramTerm(word: string): string {
  return `"${[...fold(word)].map(code).join('')}"`
}
