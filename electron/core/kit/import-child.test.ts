import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import type { PlanEnv, RowContext, Work } from '../excel/ledgers/plugin'
import type { LedgerSpec, RefTable } from '../shared/kit/spec'
import { memoryCore } from '../test/helpers'
import { kitImporter, type KitRow } from './excel'
import { createRepo } from './repo'

// A row that is a record with its child (书架 → 图书, as an outlet with its licence): the kit reads
// the child's columns, finds the child by its own identity (and the record through it), adds a
// new child under the record, writes the child's history, and undoes the batch child first —
// refusing when the child was edited since. On a plain pair of ledgers, no domain hooks.

let core: Core | null = null
afterEach(() => core?.close())

const shelfSpec = {
  key: 'shelf',
  label: '书架',
  title: '书架',
  unit: '个',
  table: 'shelves',
  history: { table: 'shelf_history', fk: 'shelf_id' },
  identity: ['name'],
  nameField: 'name',
  defaultSort: { field: 'name', order: 'asc' },
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
      synonyms: ['书架'],
    },
    { key: 'room', label: '房间', kind: 'text', column: 'room', max: 40 },
    { key: 'notes', label: '备注', kind: 'longText', column: 'notes', max: 200 },
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
      // (a table of this test only; the built-in ledgers' links are a closed list)
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
      synonyms: ['编号'],
    },
    { key: 'title', label: '书名', kind: 'text', column: 'title', max: 100 },
    { key: 'notes', label: '图书备注', kind: 'longText', column: 'notes', max: 200 },
  ],
} as const satisfies LedgerSpec

const TABLES = `
CREATE TABLE shelves (id INTEGER PRIMARY KEY, name TEXT NOT NULL, room TEXT, notes TEXT,
  version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT) STRICT;
CREATE TABLE shelf_history (id INTEGER PRIMARY KEY, shelf_id INTEGER NOT NULL REFERENCES shelves(id) ON DELETE CASCADE,
  at TEXT NOT NULL, action TEXT NOT NULL, changes TEXT NOT NULL DEFAULT '[]') STRICT;
CREATE TABLE books (id INTEGER PRIMARY KEY, shelf_id INTEGER NOT NULL REFERENCES shelves(id), code TEXT NOT NULL UNIQUE,
  title TEXT, notes TEXT,
  version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT) STRICT;
CREATE TABLE book_history (id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
  at TEXT NOT NULL, action TEXT NOT NULL, changes TEXT NOT NULL DEFAULT '[]') STRICT;
`
const NOW = '2026-11-28T09:30:00'

function rowCtx(issues: string[]): RowContext {
  return { sheet: 'S', row: 2, issue: (_f, m) => issues.push(m), warn: () => {}, notice: () => {} }
}
const env: PlanEnv = { year: 2026, defaults: {}, keep: [], nearEnterprise: () => false }

describe('kit importer with a child ledger', () => {
  it('finds the record through its child, adds children under it, and undoes the child first', async () => {
    core = await memoryCore()
    const { ctx } = core
    ctx.db.exec(TABLES)
    ctx.db
      .exec(`INSERT INTO shelves(name, room, created_at, updated_at) VALUES ('甲架', '101', '${NOW}', '${NOW}');
      INSERT INTO books(shelf_id, code, title, created_at, updated_at) VALUES (1, 'B1', '旧书名', '${NOW}', '${NOW}')`)
    const books = createRepo(bookSpec)
    const imp = kitImporter(createRepo(shelfSpec), { ledger: 'enterprises', label: '书架', child: books })
    const keys = imp.fields.map((f) => f.key)
    // the child's columns follow the record's; not its link, nor a field the record has (备注)
    expect(keys).toEqual(['_ignore', 'name', 'room', 'notes', 'code', 'title'])
    // 序号 gives up 编号, which the child's 索书号 reads
    expect(imp.fields[0]!.synonyms).not.toContain('编号')
    expect(imp.identityFields).toEqual(['name', 'code'])

    const prep = imp.prepare(ctx)
    const issues: string[] = []
    const plan = (values: Record<string, unknown>) => imp.planRow(prep, values, rowCtx(issues), env)
    expect(plan({ name: '甲架', code: 'B1', title: '旧书名' })).toMatchObject({
      existing: { id: 1, same: true },
    })
    // found by its child even under another name: the child's record is the row's
    const renamed = plan({ name: '甲架（东）', code: 'B1', title: '新书名' })
    expect(renamed).toMatchObject({
      key: 'book.code:B1',
      keyLabel: '索书号相同',
      existing: { id: 1, same: false },
    })
    const added = plan({ name: '甲架', room: '101', code: 'B2', title: '续集' })
    expect(added).toMatchObject({ key: 'book.code:B2', existing: { id: 1, same: false } })
    const fresh = plan({ name: '乙架', code: 'B3' })
    expect(fresh).toMatchObject({ existing: null })
    const bare = plan({ name: '丙架', room: '102' })
    // a new shelf's two books are two rows of one shelf
    const twins = [plan({ name: '丁架', code: 'B4' }), plan({ name: '丁架', code: 'B5' })]
    expect(bare.input?.child).toBeUndefined()
    expect(issues).toEqual([])

    const work: Work<KitRow>[] = [
      { row: 2, status: 'update', existingId: 1, input: renamed.input! },
      { row: 3, status: 'update', existingId: 1, input: added.input! },
      { row: 4, status: 'insert', existingId: null, input: fresh.input! },
      { row: 5, status: 'insert', existingId: null, input: bare.input! },
      ...twins.map((t, i) => ({ row: 6 + i, status: 'insert' as const, existingId: null, input: t.input! })),
    ]
    const batchId = Number(
      ctx.db
        .prepare(
          "INSERT INTO import_batches(ledger, file_name, sheet, at) VALUES ('enterprises', 'b.xlsx', 'S', ?)",
        )
        .run(NOW).lastInsertRowid,
    )
    const r = imp.write(ctx, work, { id: batchId, now: NOW, fileName: 'b.xlsx' })
    expect(r).toMatchObject({ inserted: 4, updated: 2 })
    expect(ctx.db.prepare('SELECT count(*) FROM shelves').pluck().get()).toBe(4)
    const shelfOf = (code: string) =>
      ctx.db
        .prepare('SELECT s.name FROM books b JOIN shelves s ON s.id = b.shelf_id WHERE b.code = ?')
        .pluck()
        .get(code)
    expect(ctx.db.prepare('SELECT code, title FROM books ORDER BY code').raw().all()).toEqual([
      ['B1', '新书名'],
      ['B2', '续集'],
      ['B3', null],
      ['B4', null],
      ['B5', null],
    ])
    // (the second row of 甲架 names it as before: its rename is in the record's history)
    expect(['B1', 'B2', 'B3', 'B4', 'B5'].map(shelfOf)).toEqual(['甲架', '甲架', '乙架', '丁架', '丁架'])
    expect(
      ctx.db.prepare('SELECT changes FROM shelf_history WHERE shelf_id = 1 ORDER BY id').pluck().all(),
    ).toEqual([expect.stringContaining('甲架（东）'), expect.stringContaining('甲架（东）')])
    // each child's history names the batch and row; the changed one its change
    const hist = ctx.db
      .prepare(
        'SELECT b.code, h.changes FROM book_history h JOIN books b ON b.id = h.book_id ORDER BY b.code',
      )
      .raw()
      .all() as [string, string][]
    expect(hist.map(([c, ch]) => [c, JSON.parse(ch).map((x: { label: string }) => x.label)])).toEqual([
      ['B1', ['导入批次', '书名']],
      ['B2', ['导入批次']],
      ['B3', ['导入批次']],
      ['B4', ['导入批次']],
      ['B5', ['导入批次']],
    ])

    const items = () =>
      ctx.db
        .prepare('SELECT record_id AS recordId, action, before FROM import_batch_items WHERE batch_id = ?')
        .all(batchId) as { recordId: number; action: 'insert' | 'update'; before: string | null }[]
    const undo = () =>
      ctx.db.transaction(() => {
        for (const it of items()) imp.undoItem(ctx, it, batchId, NOW)
      })()
    // a child edited since the import keeps the whole batch
    ctx.db.prepare("UPDATE books SET title = '手改', version = version + 1 WHERE code = 'B2'").run()
    expect(undo).toThrow(/图书 B2 在导入后又被修改过/)
    ctx.db.prepare("UPDATE books SET title = '续集', version = version - 1 WHERE code = 'B2'").run()
    undo()
    expect(ctx.db.prepare('SELECT code, title FROM books').raw().all()).toEqual([['B1', '旧书名']])
    expect(ctx.db.prepare('SELECT name, room FROM shelves').raw().all()).toEqual([['甲架', '101']])
  })
})
