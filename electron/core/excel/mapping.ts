import crypto from 'node:crypto'
import type { CellValue } from './grid'
import { normHeader } from './header'
import { IGNORE_FIELD, type LedgerField } from './ledgers/types'

// Column → field matching with a confidence, so the clerk only confirms what is uncertain.
//
// Headers are compared segment by segment ("整改责任单位/施工" has two segments), never as loose
// substrings: a short synonym (两个字, such as 单位, 隐患, 等级) only matches a whole segment, so
// 隐患编码 is not 隐患 and 检查单位 is not 单位. Words a field excludes (检查, 验收, 编码 …) rule a
// header out unless they are part of one of the field's own synonyms (被检查单位 contains 检查).

export interface ColumnMatch {
  column: number
  header: string
  field: string | null
  confidence: number
  /** Another column scores (nearly) as well for this field, or an identifying field matched weakly. */
  needsConfirmation: boolean
  /** Other columns that could hold this field, best first (the clerk may switch). */
  alternatives: number[]
}

/** Scores closer than this are a near-tie: the clerk confirms instead of the leftmost winning. */
export const NEAR_TIE = 0.05
/** An identifying field (企业名称, 隐患描述) matched below this is confirmed in the wizard. */
export const SURE = 0.9
const MIN_SCORE = 0.55
/** Headers that name a phone but not whose (联系方式 after 主要负责人, again after 安全员). */
const GENERIC_PHONE = new Set([
  '联系方式',
  '联系电话',
  '电话',
  '手机',
  '手机号',
  '手机号码',
  '移动电话',
  '电话号码',
  '联系手机',
])

function normSyn(s: string): string {
  return normHeader(s)
    .replace(/[()[\]【】<>《》]/g, '')
    .replace(/^[\d.、]+(?=\D)/, '')
    .replace(/[_]+$/, '')
}

/** A segment with and without its bracketed note: "企业名称（必填）" → 企业名称必填 / 企业名称. */
function variants(segment: string): string[] {
  const a = normSyn(segment)
  const b = normSyn(normHeader(segment).replace(/\([^()]*\)|\[[^[\]]*\]|【[^【】]*】/g, ''))
  return b && b !== a ? [a, b] : [a]
}

interface Prepared {
  field: LedgerField
  label: string
  syns: string[]
  exclude: { word: string; allowedIn: string[] }[]
}

function prepare(field: LedgerField): Prepared {
  const syns = [...new Set([field.label, ...field.synonyms].map(normSyn).filter(Boolean))]
  return {
    field,
    label: normSyn(field.label),
    syns,
    exclude: (field.excludeWords ?? []).map((w) => {
      const word = normSyn(w)
      return { word, allowedIn: syns.filter((s) => s.includes(word) && s !== word) }
    }),
  }
}

function excluded(p: Prepared, text: string): boolean {
  for (const { word, allowedIn } of p.exclude) {
    if (!text.includes(word)) continue
    let rest = text
    for (const s of allowedIn) rest = rest.split(s).join('|')
    if (rest.includes(word)) return true
  }
  return false
}

/**
 * How well one segment names the field: 1 for the field's own name, a little less for a synonym or
 * for a match only after dropping the header's bracketed note (隐患类别（一般、重大） names the grade
 * better than the category), less again for a long synonym inside the segment.
 */
function segmentScore(seg: string[], p: Prepared): number {
  let best = 0
  for (const [i, v] of seg.entries()) {
    if (!v) continue
    if (p.syns.includes(v)) best = Math.max(best, (v === p.label ? 1 : 0.999) - (i > 0 ? 0.02 : 0))
    if (best > 0.9) continue
    for (const s of p.syns) {
      // Short synonyms match whole segments only.
      if (s.length <= 2) continue
      if (v.includes(s)) best = Math.max(best, 0.6 + 0.3 * (s.length / v.length))
      else if (v.length >= 3 && s.includes(v) && v.length * 2 >= s.length)
        best = Math.max(best, 0.5 + 0.3 * (v.length / s.length))
    }
  }
  return best
}

export function scoreHeader(header: string, p: Prepared): number {
  const segs = header.split('/').map(variants)
  const text = segs.map((s) => s[0]).join('/')
  if (excluded(p, text)) return 0
  const last = segs[segs.length - 1] as string[]
  let s = segmentScore(last, p)
  if (s > 0.9) return s
  if (segs.length > 1) {
    // "规上/规下" is one header written with a slash, not a parent and a child
    if (p.syns.includes(segs.map((x) => x[0]).join('/'))) return 0.999
    const joined = segs.map((x) => x[0]).join('')
    if (p.syns.includes(joined)) return 0.95
    // A parent segment names the field ("整改责任单位" over 建设/设计/施工/监理): a weaker match,
    // stronger for the sub-column the field prefers (the unit that carries out the rectification).
    for (let i = 0; i < segs.length - 1; i++) {
      const parent = Math.min(1, segmentScore(segs[i] as string[], p) + 0.01)
      if (parent < 0.8) continue
      const prefer = (p.field.preferSub ?? []).some((w) => last.some((v) => v.includes(normSyn(w))))
      s = Math.max(s, parent * (prefer ? 0.8 : 0.7))
    }
  }
  return s
}

export function makeMatcher(fields: LedgerField[]): (normalisedText: string) => boolean {
  const syns = new Set(fields.flatMap((f) => [f.label, ...f.synonyms]).map(normSyn))
  return (t) => {
    const v = variants(t)
    return v.some((x) => syns.has(x))
  }
}

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined) return ''
  return String(v).replace(/\s+/g, '')
}

/** Share of rows where two columns hold the same non-empty text. */
function sameShare(a: CellValue[], b: CellValue[]): number {
  let n = 0
  let same = 0
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = text(a[i])
    if (!x) continue
    n++
    if (x === text(b[i])) same++
  }
  return n === 0 ? 0 : same / n
}

/**
 * Best-first assignment: each field to at most one column, each column to at most one field.
 * `samples(column)` gives the first data cells of a column (used to avoid a column whose values
 * repeat another field's, such as the inspecting body).
 */
export function matchColumns(
  columns: Map<number, string>,
  fields: LedgerField[],
  samples?: (column: number) => CellValue[],
): ColumnMatch[] {
  const prepared = fields.map(prepare)
  const scores = new Map<number, Map<string, number>>()
  const candidates: { column: number; field: LedgerField; s: number }[] = []
  for (const [column, header] of columns) {
    const m = new Map<string, number>()
    for (const p of prepared) {
      const s = scoreHeader(header, p)
      if (s >= MIN_SCORE) {
        candidates.push({ column, field: p.field, s })
        m.set(p.field.key, s)
      }
    }
    scores.set(column, m)
  }
  candidates.sort((a, b) => b.s - a.s || a.column - b.column)
  const usedCols = new Map<number, { field: string; s: number }>()
  const usedFields = new Map<string, number>()
  const byKey = new Map(fields.map((f) => [f.key, f]))
  const assign = (list: typeof candidates): void => {
    for (const c of list) {
      if (usedCols.has(c.column)) continue
      if (c.field.key !== IGNORE_FIELD && usedFields.has(c.field.key)) continue
      usedCols.set(c.column, { field: c.field.key, s: c.s })
      usedFields.set(c.field.key, c.column)
    }
  }
  assign(candidates)
  // A field whose values must differ from another field's (the audited unit is never the
  // inspecting body): when its column repeats the other's values, the next candidate is taken.
  if (samples)
    for (const f of fields) {
      const col = usedFields.get(f.key)
      if (col === undefined || !f.distinctFrom) continue
      for (const other of f.distinctFrom) {
        const oc = usedFields.get(other)
        if (oc === undefined || sameShare(samples(col), samples(oc)) < 0.8) continue
        const next = candidates.find(
          (c) =>
            c.field.key === f.key &&
            c.column !== col &&
            !usedCols.has(c.column) &&
            sameShare(samples(c.column), samples(oc)) < 0.8,
        )
        usedCols.delete(col)
        usedFields.delete(f.key)
        if (next) {
          usedCols.set(next.column, { field: f.key, s: next.s })
          usedFields.set(f.key, next.column)
        }
        // the freed column may still be something else
        assign(candidates.filter((c) => c.column === col && c.field.key !== f.key))
        break
      }
    }
  // "主要负责人 | 联系方式 | 安全管理人员 | 联系方式": a bare phone header right after a person's
  // column is that person's phone (fields declare whose: personOf).
  const paired = new Set<number>()
  const phonesOf = new Map(fields.filter((f) => f.personOf).map((f) => [f.personOf as string, f]))
  if (phonesOf.size) {
    const order = [...columns.keys()].sort((a, b) => a - b)
    for (const [i, column] of order.entries()) {
      if (i === 0 || !GENERIC_PHONE.has(variants(columns.get(column) ?? '').at(-1) ?? '')) continue
      const left = usedCols.get(order[i - 1] as number)?.field
      const f = left ? phonesOf.get(left) : undefined
      if (!f) continue
      paired.add(column)
      const mine = usedCols.get(column)
      if (mine?.field === f.key) continue
      if (mine) usedFields.delete(mine.field)
      const theirs = usedFields.get(f.key)
      if (theirs !== undefined) usedCols.delete(theirs)
      usedCols.set(column, { field: f.key, s: scores.get(column)?.get(f.key) ?? SURE })
      usedFields.set(f.key, column)
    }
  }
  return [...columns].map(([column, header]) => {
    const u = usedCols.get(column)
    if (!u) return { column, header, field: null, confidence: 0, needsConfirmation: false, alternatives: [] }
    const alternatives: number[] = []
    // (a phone column placed right after its person's is settled by where it stands)
    if (u.field !== IGNORE_FIELD && !paired.has(column))
      for (const [c, m] of scores) {
        if (c === column) continue
        const s = m.get(u.field)
        if (s === undefined || s < u.s - NEAR_TIE) continue
        const theirs = usedCols.get(c)
        // A column that fits another field at least as well is no rival.
        if (theirs && theirs.field !== IGNORE_FIELD && theirs.s >= s) continue
        alternatives.push(c)
      }
    const f = byKey.get(u.field)
    const weak = Boolean(f?.required) && u.s < SURE
    // Weakly matched identifying fields also list their other candidates, so the clerk may switch.
    if (weak)
      for (const [c, m] of scores)
        if (c !== column && m.has(u.field) && !alternatives.includes(c)) alternatives.push(c)
    alternatives.sort((a, b) => (scores.get(b)?.get(u.field) ?? 0) - (scores.get(a)?.get(u.field) ?? 0))
    return {
      column,
      header,
      field: u.field,
      confidence: Math.round(u.s * 100) / 100,
      needsConfirmation: alternatives.length > 0 || weak,
      alternatives,
    }
  })
}

/** Same county sheet → same fingerprint → the clerk's confirmed mapping is reused. */
export function headerFingerprint(columns: Map<number, string>): string {
  const text = [...columns].map(([c, h]) => `${c}:${normHeader(h)}`).join('|')
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 32)
}
