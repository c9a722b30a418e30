import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import type { PlanEnv, RowContext, Work } from '../excel/ledgers/plugin'
import { activitySpec } from '../shared/specs/activity'
import type { LedgerSpec } from '../shared/kit/spec'
import { memoryCore, ok } from '../test/helpers'
import { kitImporter, type ImportHooks, type KitRow } from './excel'
import { createRepo } from './repo'

// The kit importer's hook points, on a plain ledger: an import-only column from the spec reaches
// the hooks and never the table, a hook's reader replaces the kind's, a hook may say which record a
// row is, and the writer runs before and after each row and reports what it created. A row may
// find or create the parent it needs (`sets`), the writer finishes once after the last row, and
// undoing a batch item tells the hooks which record it was.

let core: Core | null = null
afterEach(() => core?.close())

const spec = {
  ...activitySpec,
  importColumns: [
    { key: 'host', label: '主办单位', kind: 'text', max: 60, identifying: true, synonyms: ['主办'] },
  ],
} as const satisfies LedgerSpec

function rowCtx(issues: string[]): RowContext {
  return {
    sheet: 'S',
    row: 2,
    issue: (_f, m) => issues.push(m),
    warn: (_f, m) => issues.push(m),
    notice: () => {},
  }
}
const env: PlanEnv = { year: 2026, defaults: {}, keep: [], nearEnterprise: () => false }

describe('kit import hooks', () => {
  it('import-only columns, readers, identity and the writer come from the hooks; the rest is the kit’s', async () => {
    core = await memoryCore()
    const { ctx } = core
    const { record: existing } = await ok<{ record: { id: number } }>(core, 'activity.create', {
      data: { type: 'meeting', date: '2026-03-02', title: '安全生产例会' },
    })
    const log: string[] = []
    const hooks: ImportHooks<{ byHost: Map<string, number> }> = {
      read: { title: (v) => ({ ok: true, value: String(v).replace(/（草稿）$/, '') }) },
      prepare: () => ({ byHost: new Map([['镇安办', existing.id]]) }),
      planRow(prep, { values, patch, extra, row }) {
        if (values.host === '无名') {
          row.issue('host', '主办单位不明')
          return null
        }
        extra.host = values.host
        patch.place = `${String(values.host)}会议室`
        const id = prep.byHost.get(values.host as string) ?? null
        return { key: `host:${String(values.host)}`, keyLabel: '主办单位相同', id }
      },
      writer: () => {
        const made: string[] = []
        return {
          before: (w: Work<KitRow>, patch) => log.push(`before ${w.status} ${String(patch.title)}`),
          after: (w, id, prev) => {
            log.push(`after ${id} ${prev ? 'update' : 'insert'}`)
            if (!prev) made.push(w.input.extra?.host as string)
          },
          created: () => ({ 主办单位: made }),
        }
      },
    }
    const imp = kitImporter(createRepo(spec), { ledger: 'enterprises', label: '活动', hooks })
    expect(imp.fields.find((f) => f.key === 'host')).toMatchObject({ label: '主办单位', required: true })
    expect(imp.identityFields).toEqual(['title', 'host'])
    const prep = imp.prepare(ctx)
    const issues: string[] = []
    const plan = (values: Record<string, unknown>) => imp.planRow(prep, values, rowCtx(issues), env)
    const read = (key: string, v: string) => imp.fields.find((f) => f.key === key)!.read(v, { year: 2026 })
    const title = read('title', '消防演练（草稿）')
    expect(title).toEqual({ ok: true, value: '消防演练' })

    const fresh = plan({ type: 'drill', date: '2026-05-10', title: '消防演练', host: '青禾村委' })
    const again = plan({ type: 'meeting', date: '2026-03-02', title: '安全生产例会', host: '镇安办' })
    expect(plan({ type: 'drill', date: '2026-05-11', title: '疏散演练', host: '无名' }).input).toBeNull()
    expect(issues).toEqual(['主办单位不明'])
    expect(fresh).toMatchObject({ key: 'host:青禾村委', existing: null })
    expect(fresh.input?.patch).not.toHaveProperty('host')
    expect(again).toMatchObject({ key: 'host:镇安办', existing: { id: existing.id } })

    const work: Work<KitRow>[] = [
      { row: 2, status: 'insert', existingId: null, input: fresh.input! },
      { row: 3, status: 'update', existingId: existing.id, input: again.input! },
    ]
    const batch = ctx.db
      .prepare(
        "INSERT INTO import_batches(ledger, file_name, sheet, at) VALUES ('enterprises', 'a.xlsx', 'S', ?)",
      )
      .run('2026-11-28T09:30:00')
    const r = imp.write(ctx, work, {
      id: Number(batch.lastInsertRowid),
      now: '2026-11-28T09:30:00',
      fileName: 'a.xlsx',
    })
    expect(r).toMatchObject({ inserted: 1, updated: 1, created: { 主办单位: ['青禾村委'] } })
    expect(log).toEqual([
      'before insert 消防演练',
      expect.stringMatching(/^after \d+ insert$/),
      'before update 安全生产例会',
      `after ${existing.id} update`,
    ])
    const list = await ok<{ rows: { title: string; place: string | null }[] }>(core, 'activity.list', {})
    expect(list.rows.map((a) => [a.title, a.place]).sort()).toEqual([
      ['安全生产例会', '镇安办会议室'],
      ['消防演练', '青禾村委会议室'],
    ])
  })

  it('a row finds or creates the parent it needs; the writer finishes once; undo tells the hooks', async () => {
    core = await memoryCore()
    const { ctx } = core
    const v = await ok<{ id: number }>(core, 'village.create', { name: '东湖村' })
    // 村（社区） made a link every record needs, named in the sheet by an import-only column
    const withVillage = {
      ...activitySpec,
      fields: activitySpec.fields.map((f) => (f.key === 'villageId' ? { ...f, identifying: true } : f)),
      importColumns: [{ key: 'host', label: '举办村', kind: 'text', max: 60 }],
    } as unknown as LedgerSpec
    const log: string[] = []
    const hooks: ImportHooks<Map<string, number>> = {
      sets: ['villageId'],
      prepare: () => new Map([['东湖村', v.id]]),
      planRow(known, { values, patch, extra }) {
        extra.host = values.host
        patch.villageId = known.get(values.host as string) ?? null
        return undefined
      },
      writer: (c, batch) => ({
        before(w, patch) {
          patch.villageId ??= Number(
            c.db
              .prepare('INSERT INTO villages(name, sort_order, created_at) VALUES (?, 99, ?)')
              .run(w.input.extra?.host, batch.now).lastInsertRowid,
          )
        },
        done: () => log.push('done'),
      }),
      undone: (_c, row, action) => log.push(`undone ${action} ${String(row.title)}`),
    }
    const imp = kitImporter(createRepo(withVillage), { ledger: 'enterprises', label: '活动', hooks })
    // the link has no column of its own: the sheet names it by the import-only column
    expect(imp.fields.map((f) => f.key)).not.toContain('villageId')
    const prep = imp.prepare(ctx)
    const issues: string[] = []
    const plan = (values: Record<string, unknown>) => imp.planRow(prep, values, rowCtx(issues), env)
    const known = plan({ type: 'drill', date: '2026-05-10', title: '消防演练', host: '东湖村' })
    const fresh = plan({ type: 'meeting', date: '2026-05-11', title: '安全例会', host: '西岭村' })
    // a new record whose link the hooks will create is not refused for lacking it
    expect(issues).toEqual([])
    expect(known.input?.patch.villageId).toBe(v.id)
    expect(fresh.input?.patch.villageId).toBeNull()
    const batch = Number(
      ctx.db
        .prepare(
          "INSERT INTO import_batches(ledger, file_name, sheet, at) VALUES ('enterprises', 'b.xlsx', 'S', ?)",
        )
        .run('2026-11-28T09:30:00').lastInsertRowid,
    )
    const r = imp.write(
      ctx,
      [
        { row: 2, status: 'insert', existingId: null, input: known.input! },
        { row: 3, status: 'insert', existingId: null, input: fresh.input! },
      ],
      { id: batch, now: '2026-11-28T09:30:00', fileName: 'b.xlsx' },
    )
    expect(r.inserted).toBe(2)
    expect(log).toEqual(['done'])
    const list = await ok<{ rows: { id: number; title: string; villageName: string }[] }>(
      core,
      'activity.list',
      {},
    )
    expect(list.rows.map((a) => [a.title, a.villageName]).sort()).toEqual([
      ['安全例会', '西岭村'],
      ['消防演练', '东湖村'],
    ])
    const made = list.rows.find((a) => a.title === '安全例会')!
    imp.undoItem(ctx, { recordId: made.id, action: 'insert', before: null }, batch, '2026-11-28T10:00:00')
    expect(log).toEqual(['done', 'undone insert 安全例会'])
    expect((await ok<{ total: number }>(core, 'activity.list', {})).total).toBe(1)
  })
})
