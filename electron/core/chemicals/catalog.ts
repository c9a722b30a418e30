import type { Statement } from 'better-sqlite3'
import { pinyin } from 'pinyin-pro'
import rows from '../../../resources/hazchem-catalog-2015.json'
import { writeAudit } from '../audit/audit'
import { isoNow, type Ctx } from '../context'
import { AppError } from '../errors'
import { cleanCas } from '../shared/chemicals/cas'
import { reviewedCategories, table1Row } from '../shared/chemicals/gb18218'

// The 危险化学品目录（2015版） (with the 2022 amendment: 柴油), shipped in resources/ and loaded into
// chem_catalog at start when the database lacks rows of it (a new database, or a newer program
// with more rows). Entries the office adds are local (no seq). 易制爆 and 重点监管 are kept per
// entry and never overwritten by a reload.

type Shipped = [
  seq: number,
  name: string,
  aliases: string,
  cas: string,
  toxic: 0 | 1,
  note: string,
  initials: string,
]
const SHIPPED = rows as unknown as Shipped[]

export interface CatalogEntry {
  id: number
  seq: number | null
  name: string
  aliases: string
  cas: string
  highlyToxic: boolean
  explosivePrecursor: boolean
  keySupervised: boolean
  note: string
  local: boolean
  /** GB 18218 表1 临界量 (t), when the substance is listed there. */
  table1Q: number | null
  /** Reviewed 表2 categories, null when none is on record (类别待确认). */
  categories: string[] | null
}

/** Loads the shipped rows the database lacks; returns how many were added. */
export function ensureCatalog(ctx: Ctx): number {
  const have = ctx.db
    .prepare('SELECT count(*) FROM chem_catalog WHERE seq IS NOT NULL')
    .pluck()
    .get() as number
  if (have >= SHIPPED.length) return 0
  const ins = ctx.db.prepare(
    `INSERT OR IGNORE INTO chem_catalog(seq, name, aliases, cas, highly_toxic, note, initials, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const now = isoNow(ctx)
  let n = 0
  ctx.db
    .transaction(() => {
      for (const r of SHIPPED) n += ins.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], now).changes
    })
    .immediate()
  return n
}

type Row = {
  id: number
  seq: number | null
  name: string
  aliases: string
  cas: string
  highly_toxic: number
  explosive_precursor: number
  key_supervised: number
  note: string
  local: number
}

function toEntry(r: Row): CatalogEntry {
  const t1 = table1Row(r.name, r.cas.split('；')[0] || null)
  return {
    id: r.id,
    seq: r.seq,
    name: r.name,
    aliases: r.aliases,
    cas: r.cas,
    highlyToxic: r.highly_toxic === 1,
    explosivePrecursor: r.explosive_precursor === 1,
    keySupervised: r.key_supervised === 1,
    note: r.note,
    local: r.local === 1,
    table1Q: t1?.q ?? null,
    categories: reviewedCategories(r.name) ?? (t1 ? reviewedCategories(t1.name) : null),
  }
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

// Search runs on every keystroke: its three statements are prepared once per connection.
const statements = new WeakMap<object, Map<string, Statement>>()
function stmt(ctx: Ctx, sql: string): Statement {
  let m = statements.get(ctx.db)
  if (!m) statements.set(ctx.db, (m = new Map()))
  let st = m.get(sql)
  if (!st) m.set(sql, (st = ctx.db.prepare(sql)))
  return st
}

/**
 * What the clerk is typing → catalogue entries: a CAS number (or its beginning), pinyin initials
 * (yhsyq → 液化石油气), or part of a name or alias. Exact names first, then names starting with
 * the text, then shorter names.
 */
export function searchCatalog(ctx: Ctx, query: string, limit = 20): CatalogEntry[] {
  const q = query
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .trim()
    .toLowerCase()
  if (!q) return []
  const cols = 'id, seq, name, aliases, cas, highly_toxic, explosive_precursor, key_supervised, note, local'
  let rows: Row[]
  if (/^\d[\d-]*$/.test(q)) {
    rows = stmt(
      ctx,
      `SELECT ${cols} FROM chem_catalog WHERE cas LIKE ? ESCAPE '\\' OR cas LIKE ? ESCAPE '\\'
         ORDER BY cas = ? DESC, length(name) LIMIT ?`,
    ).all(`${likeEscape(q)}%`, `%；${likeEscape(q)}%`, q, limit) as Row[]
  } else if (/^[a-z]+$/.test(q)) {
    rows = stmt(
      ctx,
      `SELECT ${cols} FROM chem_catalog WHERE initials LIKE ? ESCAPE '\\' OR initials LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\'
         ORDER BY initials LIKE ? ESCAPE '\\' DESC, length(name) LIMIT ?`,
    ).all(
      `${likeEscape(q)}%`,
      `% ${likeEscape(q)}%`,
      `%${likeEscape(q)}%`,
      `${likeEscape(q)}%`,
      limit,
    ) as Row[]
  } else {
    const like = `%${likeEscape(q)}%`
    rows = stmt(
      ctx,
      `SELECT ${cols} FROM chem_catalog WHERE name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\'
         ORDER BY name = ? DESC, name LIKE ? ESCAPE '\\' DESC, name LIKE ? ESCAPE '\\' DESC, length(name) LIMIT ?`,
    ).all(like, like, q, `${likeEscape(q)}%`, like, limit) as Row[]
  }
  return rows.map(toEntry)
}

export function catalogEntry(ctx: Ctx, id: number): CatalogEntry | null {
  const r = ctx.db.prepare('SELECT * FROM chem_catalog WHERE id = ?').get(id) as Row | undefined
  return r ? toEntry(r) : null
}

/** The catalogue entry a sheet's 品名 (and CAS) names: the exact name, else an alias, else the CAS. */
export function catalogMatcher(ctx: Ctx): (name: string, cas: string | null) => CatalogEntry | null {
  const all = (ctx.db.prepare('SELECT * FROM chem_catalog').all() as Row[]).map(toEntry)
  const byName = new Map<string, CatalogEntry>()
  const byAlias = new Map<string, CatalogEntry>()
  const byCas = new Map<string, CatalogEntry | 'many'>()
  for (const e of all) {
    if (!byName.has(e.name)) byName.set(e.name, e)
    for (const a of e.aliases.split('；').filter(Boolean)) if (!byAlias.has(a)) byAlias.set(a, e)
    for (const c of e.cas.split('；').filter(Boolean)) byCas.set(c, byCas.has(c) ? 'many' : e)
  }
  return (name, cas) => {
    const n = name.trim()
    const hit = byName.get(n) ?? byAlias.get(n)
    if (hit) return hit
    const c = cas ? byCas.get(cas) : undefined
    return c && c !== 'many' ? c : null
  }
}

export interface LocalEntryInput {
  name: string
  aliases?: string
  cas?: string | null
  highlyToxic?: boolean
  note?: string
}

const initialsOf = (s: string) =>
  pinyin(s.replace(/\[.*?\]|（.*?）|\(.*?\)/g, ''), { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .replace(/[^a-z]/gi, '')
    .toLowerCase()

/** A substance the catalogue lacks (a product name, a mixture), kept as the office's own entry. */
export function addLocalEntry(ctx: Ctx, input: LocalEntryInput): CatalogEntry {
  const name = input.name.trim()
  const cas = cleanCas(input.cas ?? null)
  if (!cas.ok)
    throw new AppError('VALIDATION', cas.message, { issues: [{ field: 'cas', message: cas.message }] })
  const dup = ctx.db.prepare('SELECT id, local FROM chem_catalog WHERE name = ?').get(name) as
    { id: number; local: number } | undefined
  if (dup)
    throw new AppError('CONFLICT', `目录中已有“${name}”${dup.local ? '（本地条目）' : ''}，请直接选用`, {
      existingId: dup.id,
    })
  const aliases = (input.aliases ?? '')
    .split(/[;；,，、]/)
    .map((a) => a.trim())
    .filter(Boolean)
  const initials = [...new Set([name, ...aliases].map(initialsOf).filter(Boolean))].join(' ')
  return ctx.db
    .transaction(() => {
      const id = Number(
        ctx.db
          .prepare(
            `INSERT INTO chem_catalog(seq, name, aliases, cas, highly_toxic, note, initials, local, created_at)
         VALUES (NULL, ?, ?, ?, ?, ?, ?, 1, ?)`,
          )
          .run(
            name,
            aliases.join('；'),
            cas.value ?? '',
            input.highlyToxic ? 1 : 0,
            input.note ?? '',
            initials,
            isoNow(ctx),
          ).lastInsertRowid,
      )
      writeAudit(ctx, {
        action: 'create',
        ledger: 'chemCatalog',
        recordId: id,
        recordName: name,
        note: '本地条目',
      })
      return catalogEntry(ctx, id) as CatalogEntry
    })
    .immediate()
}

/**
 * 易制爆 / 重点监管 per entry (editable until the official lists ship); 剧毒 only on local entries.
 * The marks are what a chemical of this entry starts with when it is added or imported.
 */
export function setCatalogFlags(
  ctx: Ctx,
  id: number,
  flags: { explosivePrecursor?: boolean; keySupervised?: boolean; highlyToxic?: boolean },
): CatalogEntry {
  const e = catalogEntry(ctx, id)
  if (!e) throw new AppError('NOT_FOUND', '该目录条目不存在')
  if (flags.highlyToxic !== undefined && !e.local && flags.highlyToxic !== e.highlyToxic)
    throw new AppError('VALIDATION', '剧毒标记以《危险化学品目录》为准，不能修改（本地条目可以修改）')
  const set = (col: string, v: boolean | undefined) =>
    v === undefined
      ? null
      : ctx.db.prepare(`UPDATE chem_catalog SET ${col} = ? WHERE id = ?`).run(v ? 1 : 0, id)
  ctx.db
    .transaction(() => {
      set('explosive_precursor', flags.explosivePrecursor)
      set('key_supervised', flags.keySupervised)
      set('highly_toxic', flags.highlyToxic)
      const after = catalogEntry(ctx, id) as CatalogEntry
      const changes = (
        [
          ['explosivePrecursor', '易制爆'],
          ['keySupervised', '重点监管'],
          ['highlyToxic', '剧毒'],
        ] as const
      )
        .filter(([k]) => after[k] !== e[k])
        .map(([k, label]) => ({ field: k, label, before: e[k], after: after[k] }))
      if (changes.length)
        writeAudit(ctx, {
          action: 'update',
          ledger: 'chemCatalog',
          recordId: id,
          recordName: e.name,
          changes,
        })
    })
    .immediate()
  return catalogEntry(ctx, id) as CatalogEntry
}
