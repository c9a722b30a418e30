import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/open'
import { MIGRATIONS } from '../db/migrations'
import { createCore, type Core } from '../index'
import { importViaEngine, memoryCore, ok, tempDir } from '../test/helpers'

// An import batch in its ledger's own words, through the handler table: 导入记录's undo texts name
// what each ledger's batch created or changed, and a record an import created shows its batch in
// its history whatever table the ledger writes.

const DIR = path.resolve(__dirname, '../../../tests/fixtures/ledgers')
const file = (name: string) => ({
  fileName: name,
  base64: fs.readFileSync(path.join(DIR, name)).toString('base64'),
})

interface Batch {
  id: number
  ledger: string
  inserted: number
  updated: number
  undoConfirm: string
}

let core: Core | null = null
afterEach(() => core?.close())

async function batchOf(c: Core, id: number): Promise<Batch> {
  return (await ok<Batch[]>(c, 'excel.importHistory')).find((b) => b.id === id) as Batch
}

describe('导入记录 says what undo does in each ledger’s words', () => {
  it('enterprises: 企业; the villages and industries it created stay', async () => {
    core = await memoryCore()
    const { commit } = await importViaEngine(core, 'enterprises', file('01-enterprises.xlsx'))
    const b = await batchOf(core, commit!.batchId)
    expect(b.undoConfirm).toBe(
      `撤销第 ${b.id} 批（“01-enterprises.xlsx”）：这批新增的 ${b.inserted} 家企业将被删除。` +
        '导入时自动新建的村（社区）和行业会保留。如果其中有企业在导入后又被修改过，或已有检查记录，将不能整批撤销，数据保持不变。',
    )
    const r = await ok<{ message: string }>(core, 'excel.undoImport', { batchId: b.id })
    expect(r.message).toBe(`已撤销第 ${b.id} 批导入：删除新增的企业 ${b.inserted} 家，恢复更新前的企业 0 家`)
  })

  it('hazards: 隐患, and the enterprises the import created go with them', async () => {
    core = await memoryCore()
    const { commit } = await importViaEngine(core, 'hazards', file('10-hazards.xlsx'))
    const b = await batchOf(core, commit!.batchId)
    expect(b.undoConfirm).toContain(`这批新增的 ${b.inserted} 条隐患将被删除`)
    expect(b.undoConfirm).toContain('导入时新建的企业')
    expect(b.undoConfirm).not.toContain('家企业将被删除')
    const r = await ok<{ message: string }>(core, 'excel.undoImport', { batchId: b.id })
    expect(r.message).toMatch(
      new RegExp(
        `^已撤销第 ${b.id} 批导入：删除新增的隐患 ${b.inserted} 条，恢复更新前的隐患 0 条；导入时新建的企业 .+ 已删除`,
      ),
    )
  })

  it('an enterprise the import created and the clerk edited since stays, with the edit', async () => {
    let t = new Date(2026, 10, 28, 9, 30, 0).getTime()
    core = await memoryCore(() => new Date(t))
    const { commit } = await importViaEngine(core, 'hazards', file('10-hazards.xlsx'))
    t += 60_000
    const made = await ok<{ rows: { id: number; version: number; name: string }[] }>(
      core,
      'enterprise.list',
      {
        query: '棠坪德隆家具',
      },
    )
    const e = made.rows[0]!
    await ok(core, 'enterprise.update', {
      id: e.id,
      version: e.version,
      data: { principalPhone: '13905790001' },
    })
    t += 60_000
    const r = await ok<{ message: string }>(core, 'excel.undoImport', { batchId: commit!.batchId })
    expect(r.message).toContain(`导入后修改过的企业 ${e.name} 保留`)
    expect(r.message).toMatch(/；导入时新建的企业 .+ 已删除/)
    expect(r.message.split('已删除')[0]).not.toContain(e.name)
    const kept = await ok<{ name: string; principalPhone: string }>(core, 'enterprise.get', { id: e.id })
    expect(kept).toMatchObject({ name: e.name, principalPhone: '13905790001' })
  })

  it('chemicals: 危化品', async () => {
    core = await memoryCore()
    const { commit } = await importViaEngine(core, 'chemicals', file('04-chemicals-tonnes.xlsx'))
    const b = await batchOf(core, commit!.batchId)
    expect(b.undoConfirm).toContain(`这批新增的 ${b.inserted} 种危化品将被删除`)
    const r = await ok<{ message: string }>(core, 'excel.undoImport', { batchId: b.id })
    expect(r.message).toContain(`删除新增的危化品 ${b.inserted} 种`)
    expect(r.message).toContain('导入时新建的单元')
    expect(r.message).not.toContain('企业 0 家')
  })

  it('fireworks: 零售点 and 许可证; an outlet the import created has its 导入批次 in its history', async () => {
    core = await memoryCore()
    const { commit } = await importViaEngine(core, 'fireworks', file('06-fireworks-range.xlsx'))
    const b = await batchOf(core, commit!.batchId)
    expect(b.undoConfirm).toContain(`这批新登记的 ${b.inserted} 张许可证将被删除，随之新建的零售点一并删除`)
    const outlets = await ok<{ rows: { id: number }[] }>(core, 'fireworksOutlet.list', { pageSize: 5 })
    const h = await ok<{ action: string; changes: { label: string; after: unknown }[] }[]>(
      core,
      'fireworksOutlet.history',
      { id: outlets.rows[0]!.id },
    )
    expect(h.at(-1)).toMatchObject({
      action: 'import',
      changes: [{ label: '导入批次', after: `${b.id}（06-fireworks-range.xlsx）` }],
    })
    const r = await ok<{ message: string }>(core, 'excel.undoImport', { batchId: b.id })
    expect(r.message).toBe(
      `已撤销第 ${b.id} 批导入：删除新增的零售点 ${r.message.match(/零售点 (\d+) 户/)![1]} 户（连同其许可证），0 户零售点及其许可证恢复为导入前的内容`,
    )
  })

  it('duty: 班次 and 人员', async () => {
    core = await memoryCore()
    const { commit } = await importViaEngine(core, 'duty', file('08-duty-list.xlsx'))
    const b = await batchOf(core, commit!.batchId)
    expect(b.undoConfirm).toContain(`这批导入的 ${b.inserted} 个班次将被删除`)
    expect(b.undoConfirm).toContain('导入时加入人员名单、没有其他班次且导入后没有修改过的人员会移出人员名单')
    expect(b.undoConfirm).not.toContain('企业')
    const r = await ok<{ message: string }>(core, 'excel.undoImport', { batchId: b.id })
    expect(r.message).toMatch(
      new RegExp(
        `^已撤销第 ${b.id} 批导入：删除导入的班次 ${b.inserted} 个，恢复原班次 0 个；导入时加入人员名单的 .+ 等 14 人 已移出人员名单$`,
      ),
    )
  })
})

describe('batches imported before their table was recorded', () => {
  it('an outlet imported before the upgrade still shows its 导入批次', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'ledger.sqlite')
    const before = MIGRATIONS.find((m) => m.name === 'import_batch_tables')!.version - 1
    const old = await openDatabase({
      file,
      now: () => new Date(),
      migrations: MIGRATIONS.filter((m) => m.version <= before),
    })
    const t = '2026-02-01 09:00:00'
    const outlet = Number(
      old
        .prepare('INSERT INTO fireworks_outlets(name, created_at, updated_at) VALUES (?, ?, ?)')
        .run('青禾便民烟花店', t, t).lastInsertRowid,
    )
    const batch = Number(
      old
        .prepare(
          "INSERT INTO import_batches(ledger, file_name, sheet, at, inserted) VALUES ('fireworks', '春节零售点.xlsx', 'Sheet1', ?, 1)",
        )
        .run(t).lastInsertRowid,
    )
    old
      .prepare(
        "INSERT INTO import_batch_items(batch_id, record_id, action, before, after_version) VALUES (?, ?, 'insert', NULL, 1)",
      )
      .run(batch, outlet)
    old.close()
    const c = await createCore({ dataDir: dir, now: () => new Date() })
    try {
      const h = await ok<{ action: string; changes: { label: string; after: unknown }[] }[]>(
        c,
        'fireworksOutlet.history',
        { id: outlet },
      )
      expect(h).toEqual([
        expect.objectContaining({
          action: 'import',
          changes: [expect.objectContaining({ label: '导入批次', after: `${batch}（春节零售点.xlsx）` })],
        }),
      ])
    } finally {
      c.close()
    }
  })
})
