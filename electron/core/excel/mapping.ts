import crypto from 'node:crypto'
import { normHeader } from './header'
import { IGNORE_FIELD, type LedgerField } from './ledgers/types'

// Column → field matching with a confidence, so the clerk only confirms what is uncertain.

export interface ColumnMatch {
  column: number
  header: string
  field: string | null
  confidence: number
}

function normSyn(s: string): string {
  return normHeader(s).replace(/[()]/g, '')
}

function score(header: string, field: LedgerField): number {
  const segs = header.split('/').map(normSyn)
  const last = segs[segs.length - 1] as string
  const full = segs.join('')
  const syns = [field.label, ...field.synonyms].map(normSyn)
  if (syns.includes(last) || syns.includes(full)) return 1
  if (field.excludeWords?.some((w) => full.includes(normSyn(w)))) return 0
  let best = 0
  for (const s of syns) {
    if (s.length < 2) continue
    if (last.includes(s)) best = Math.max(best, 0.6 + 0.3 * (s.length / last.length))
    else if (s.includes(last) && last.length >= 2) best = Math.max(best, 0.5 + 0.3 * (last.length / s.length))
  }
  return best
}

export function makeMatcher(fields: LedgerField[]): (normalisedText: string) => boolean {
  const syns = new Set(fields.flatMap((f) => [f.label, ...f.synonyms]).map(normSyn))
  return (t) => syns.has(t.replace(/[()]/g, ''))
}

/** Greedy best-first assignment: each field to at most one column. */
export function matchColumns(columns: Map<number, string>, fields: LedgerField[]): ColumnMatch[] {
  const candidates: { column: number; field: LedgerField; s: number }[] = []
  for (const [column, header] of columns)
    for (const field of fields) {
      const s = score(header, field)
      if (s >= 0.55) candidates.push({ column, field, s })
    }
  candidates.sort((a, b) => b.s - a.s || a.column - b.column)
  const usedCols = new Map<number, { field: string; s: number }>()
  const usedFields = new Set<string>()
  for (const c of candidates) {
    if (usedCols.has(c.column)) continue
    if (c.field.key !== IGNORE_FIELD && usedFields.has(c.field.key)) continue
    usedCols.set(c.column, { field: c.field.key, s: c.s })
    usedFields.add(c.field.key)
  }
  return [...columns].map(([column, header]) => {
    const u = usedCols.get(column)
    return { column, header, field: u ? u.field : null, confidence: u ? Math.round(u.s * 100) / 100 : 0 }
  })
}

/** Same county sheet → same fingerprint → the clerk's confirmed mapping is reused. */
export function headerFingerprint(columns: Map<number, string>): string {
  const text = [...columns].map(([c, h]) => `${c}:${normHeader(h)}`).join('|')
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 32)
}
