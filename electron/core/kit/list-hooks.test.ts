import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Core } from '../index'
import type { LedgerSpec, RefTable } from '../shared/kit/spec'
import { memoryCore } from '../test/helpers'
import { filterName } from './filter-name'
import { ledgerHandlers } from './handlers'
import { createRepo, idsIn } from './repo'

// A ledger's list with domain extras (as 烟花爆竹's outlets carry their current licence): named
// filters the spec cannot state, read-only values derived for each row of a page, and a search
// word that finds a record through its children. On a plain pair of ledgers (书架 → 图书).

const shelfSpec = {
  key: 'shelf',
  label: '书架',
  title: '书架',
  unit: '个',
  table: 'shelves',
  history: { table: 'shelf_history', fk: 'shelf_id' },
  identity: ['name'],
  nameField: 'name',
  defaultSort: { field: 'room', order: 'asc' },
  groups: ['基本'],
  fields: [
    {
      key: 'name',
      label: '书架名称',
      kind: 'text',
      column: 'name',
      identifying: true,
      required: true,
      max: 40,
      searchable: true,
      list: { show: true },
    },
    { key: 'room', label: '房间', kind: 'text', column: 'room', max: 40, list: { show: true } },
  ],
} as const satisfies LedgerSpec

const bookSpec = {
  key: 'book',
  label: '图书',
  title: '图书',
  unit: '本',
  table: 'books',
  history: { table: 'book_history', fk: 'book_id' },
  identity: ['code'],
  nameField: 'code',
  defaultSort: { field: 'code', order: 'asc' },
  parent: { ledger: 'shelf', field: 'shelfId' },
  groups: ['基本'],
  fields: [
    {
      key: 'shelfId',
      label: '书架',
      kind: 'ref',
      column: 'shelf_id',
      ref: { table: 'shelves' as RefTable, as: 'shelfName' },
      identifying: true,
      required: true,
    },
    {
      key: 'code',
      label: '索书号',
      kind: 'text',
      column: 'code',
      identifying: true,
      required: true,
      max: 40,
    },
    { key: 'returnBy', label: '应还日期', kind: 'date', column: 'return_by' },
  ],
} as const satisfies LedgerSpec

const TABLES = `
CREATE TABLE shelves (id INTEGER PRIMARY KEY, name TEXT NOT NULL, room TEXT,
  version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT) STRICT;
CREATE TABLE shelf_history (id INTEGER PRIMARY KEY, shelf_id INTEGER NOT NULL REFERENCES shelves(id) ON DELETE CASCADE,
  at TEXT NOT NULL, action TEXT NOT NULL, changes TEXT NOT NULL DEFAULT '[]') STRICT;
CREATE TABLE books (id INTEGER PRIMARY KEY, shelf_id INTEGER NOT NULL REFERENCES shelves(id), code TEXT NOT NULL UNIQUE,
  return_by TEXT, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT) STRICT;
CREATE TABLE book_history (id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
  at TEXT NOT NULL, action TEXT NOT NULL, changes TEXT NOT NULL DEFAULT '[]') STRICT;
`

const books = createRepo(bookSpec)
/** Each shelf's books, by the shelf (for the rows of one page only). */
function booksOf(core: Core, shelfIds: number[]): Map<number, string[]> {
  const out = new Map<number, string[]>()
  for (const b of books.iterate(core.ctx, { filters: { shelfId: { in: shelfIds } } }))
    out.set(b.shelfId, [...(out.get(b.shelfId) ?? []), b.code])
  return out
}
let current: Core
const shelves = createRepo(shelfSpec, {
  list: {
    filters: {
      // a date computed at query time: shelves holding a book due back before `today + days`
      dueWithin: {
        value: z.number().int().min(0).max(365),
        where: (ctx, days: number, today) => {
          const until = new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10)
          return [`t.id IN (SELECT shelf_id FROM books WHERE deleted_at IS NULL AND return_by <= ?)`, [until]]
        },
        name: (_ctx, days: number) => `${days}天内有书到期`,
      },
      // a standing computed in code: shelves with no book at all
      empty: {
        value: z.literal(true),
        where: (ctx) =>
          idsIn(
            (ctx.db.prepare('SELECT id FROM shelves').pluck().all() as number[]).filter(
              (id) => !booksOf(current, [id]).size,
            ),
          ),
        name: () => '空书架',
      },
    },
    rows: (_ctx, rows) => {
      const held = booksOf(
        current,
        rows.map((r) => r.id),
      )
      return rows.map((r) => ({ ...r, books: held.get(r.id) ?? [] }))
    },
    // the first date a book of the shelf is due back (none: no dated book)
    sorts: {
      firstDue: (ctx, ids) =>
        new Map(
          ctx.db
            .prepare(
              'SELECT shelf_id, min(return_by) FROM books WHERE deleted_at IS NULL AND shelf_id IN (SELECT value FROM json_each(?)) GROUP BY shelf_id',
            )
            .raw()
            .all(JSON.stringify(ids)) as [number, string | null][],
        ),
    },
    search: (ctx, word) =>
      ctx.db
        .prepare('SELECT shelf_id FROM books WHERE deleted_at IS NULL AND instr(lower(code), ?) > 0')
        .pluck()
        .all(word) as number[],
  },
})

type Row = { id: number; name: string; books: string[] }

beforeEach(async () => {
  current = await memoryCore()
  const db = current.ctx.db
  db.exec(TABLES)
  shelves.backfill(current.ctx)
  const now = '2026-11-28T09:30:00'
  const shelf = db.prepare('INSERT INTO shelves(name, room, created_at, updated_at) VALUES (?, ?, ?, ?)')
  const book = db.prepare(
    'INSERT INTO books(shelf_id, code, return_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  )
  for (const [i, name] of ['甲架', '乙架', '丙架', '丁架'].entries()) shelf.run(name, `10${i}`, now, now)
  book.run(1, 'B-100', '2026-12-05', now, now) // 甲: due in 7 days
  book.run(1, 'B-101', '2027-03-01', now, now)
  book.run(2, 'C-200', '2027-01-10', now, now) // 乙: due in 43 days
  book.run(3, 'X-777', null, now, now) // 丙: no date; 丁: empty
})
afterEach(() => current.close())

/** shelf.list as the handler table runs it: the input checked by its schema, then the list. */
const handlers = ledgerHandlers(shelves)
async function list(
  input: unknown,
): Promise<{ ok: boolean; data: { rows: Row[]; total: number }; error: string }> {
  const h = handlers['shelf.list']
  const parsed = h.input.safeParse(input)
  if (!parsed.success)
    return { ok: false, data: { rows: [], total: 0 }, error: parsed.error.issues[0]!.message }
  const data = (await h.run(current.ctx, parsed.data)) as unknown as { rows: Row[]; total: number }
  return { ok: true, data, error: '' }
}

describe('list hooks of a ledger', () => {
  it('named filters narrow the list and its total, page by page, with every sort', async () => {
    const due = await list({ extra: { dueWithin: 60 } })
    expect(due.data.rows.map((r) => r.name)).toEqual(['甲架', '乙架'])
    expect(due.data.total).toBe(2)
    const soon = await list({ extra: { dueWithin: 10 }, sort: { field: 'room', order: 'desc' } })
    expect(soon.data.rows.map((r) => r.name)).toEqual(['甲架'])
    const second = await list({ extra: { dueWithin: 60 }, page: 2, pageSize: 1 })
    expect([second.data.rows.map((r) => r.name), second.data.total]).toEqual([['乙架'], 2])
    // two filters: both hold
    expect((await list({ extra: { dueWithin: 60, empty: true } })).data.total).toBe(0)
    expect((await list({ extra: { empty: true } })).data.rows.map((r) => r.name)).toEqual(['丁架'])
    // count and iterate (exports) read the same filter
    expect(shelves.count(current.ctx, { extra: { dueWithin: 60 } })).toBe(2)
    expect([...shelves.iterate(current.ctx, { extra: { empty: true } })].map((r) => r.name)).toEqual(['丁架'])
  })

  it('each row of a page carries the derived values', async () => {
    const r = await list({ page: 2, pageSize: 2 })
    expect(r.data.rows.map((x) => [x.name, x.books])).toEqual([
      ['丙架', ['X-777']],
      ['丁架', []],
    ])
    expect(shelves.listValues(current.ctx, [{ ...shelves.get(current.ctx, 1) }])[0]?.books).toEqual([
      'B-100',
      'B-101',
    ])
  })

  it('sorts by a derived value both ways, empty values last, page by page and in exports', async () => {
    const names = async (order: 'asc' | 'desc', more: Record<string, unknown> = {}) =>
      (await list({ sort: { field: 'firstDue', order }, ...more })).data.rows.map((r) => r.name)
    // 丙's one book has no date and 丁 has none: both after the dated ones, by name
    expect(await names('asc')).toEqual(['甲架', '乙架', '丁架', '丙架'])
    expect(await names('desc')).toEqual(['乙架', '甲架', '丙架', '丁架'])
    expect(await names('asc', { page: 2, pageSize: 1 })).toEqual(['乙架'])
    expect(await names('desc', { extra: { dueWithin: 60 } })).toEqual(['乙架', '甲架'])
    const exported = [...shelves.iterate(current.ctx, { sort: { field: 'firstDue', order: 'asc' } })]
    expect(exported.map((r) => r.name)).toEqual(['甲架', '乙架', '丁架', '丙架'])
    expect((await list({ sort: { field: 'lastDue', order: 'asc' } })).ok).toBe(false)
  })

  it('a search word finds a record through the hook as well as by its own fields', async () => {
    expect((await list({ query: 'c-2' })).data.rows.map((r) => r.name)).toEqual(['乙架'])
    expect((await list({ query: '丁' })).data.rows.map((r) => r.name)).toEqual(['丁架'])
    expect((await list({ query: 'x-777', extra: { dueWithin: 60 } })).data.total).toBe(0)
  })

  it('refuses a filter the list does not have, or a value its rule refuses, with a message', async () => {
    const unknown = await list({ extra: { overdue: true } })
    expect(unknown.ok).toBe(false)
    const bad = await list({ extra: { dueWithin: -3 } })
    expect(bad.ok).toBe(false)
    expect(bad.error).toMatch(/\S/)
    expect(() => shelves.count(current.ctx, { extra: { overdue: true } })).toThrow(
      '书架列表没有“overdue”这个筛选',
    )
  })

  it('a filtered export is named after the named filters too', () => {
    expect(
      filterName(current.ctx, shelfSpec, { query: 'B', extra: { dueWithin: 30 } }, shelves.listFilters),
    ).toBe('30天内有书到期、含“B”')
  })
})
