import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../index'
import { excelJs } from '../excel/exceljs'
import { fail, memoryCore, ok, seedLookups, tempDir, waitJob } from '../test/helpers'

// The audit trail (操作日志) through the real core: every door writes to it, nobody can change it,
// and it outlives a restore.

interface Entry {
  at: string
  operator: string
  action: string
  actionLabel: string
  ledger: string
  ledgerLabel: string
  recordId: number | null
  recordName: string | null
  changes: { field: string; label: string; before: unknown; after: unknown }[]
  note: string | null
}
type Audit = { rows: Entry[]; total: number; operators: string[] }

let core: Core | null = null
afterEach(() => {
  core?.close()
  core = null
})

async function withOperator(c: Core, name: string): Promise<void> {
  await ok(c, 'staff.create', { name, certificateNo: null, active: true })
  await ok(c, 'session.setOperator', { name })
}

async function importSheet(c: Core, rows: unknown[][]): Promise<{ batchId: number }> {
  const wb = new (excelJs().Workbook)()
  const ws = wb.addWorksheet('企业台账')
  for (const r of rows) ws.addRow(r)
  const bytes = Buffer.from(await wb.xlsx.writeBuffer())
  const { jobId } = await ok<{ jobId: string }>(c, 'excel.startPreview', {
    ledger: 'enterprises',
    fileName: '企业台账.xlsx',
    base64: bytes.toString('base64'),
  })
  const p = await waitJob<{ importId: string }>(c, jobId)
  const commit = await ok<{ jobId: string }>(c, 'excel.commitImport', { importId: p.importId })
  return waitJob<{ batchId: number }>(c, commit.jobId)
}

describe('audit trail', () => {
  it('names the operator, the record and exactly the fields that changed, for create, update, delete and restore', async () => {
    core = await memoryCore()
    const ids = await seedLookups(core)
    await withOperator(core, '王晓明')
    const { record } = await ok<{ record: { id: number; version: number } }>(core, 'enterprise.create', {
      data: { name: '东湖机械有限公司', villageId: ids.villageId, principalPhone: '13812345678' },
    })
    await ok(core, 'enterprise.update', {
      id: record.id,
      version: record.version,
      data: { principalPhone: '13987654321' },
    })
    await ok(core, 'enterprise.remove', { ids: [record.id] })
    await ok(core, 'enterprise.restore', { ids: [record.id] })

    const trail = await ok<Audit>(core, 'audit.list', { ledger: 'enterprise', recordId: record.id })
    expect(trail.rows.map((e) => e.action)).toEqual(['restore', 'delete', 'update', 'create'])
    expect(new Set(trail.rows.map((e) => e.operator))).toEqual(new Set(['王晓明']))
    expect(trail.rows.every((e) => e.recordName === '东湖机械有限公司')).toBe(true)
    const update = trail.rows[2] as Entry
    expect(update.changes).toEqual([
      { field: 'principalPhone', label: '主要负责人电话', before: '13812345678', after: '13987654321' },
    ])
    // the time is China's wall clock (the test core's clock is fixed)
    expect(update.at).toMatch(/^2026-11-28 \d\d:\d\d:\d\d$/)
    expect(trail.rows[0]?.ledgerLabel).toBe('企业台账')
  })

  it('is append-only: the database itself refuses to change or remove an entry', async () => {
    core = await memoryCore()
    const ids = await seedLookups(core)
    await ok(core, 'enterprise.create', { data: { name: '西岭化工有限公司', villageId: ids.villageId } })
    const db = core.ctx.db
    expect(() => db.prepare("UPDATE audit_log SET operator = '别人'").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
    expect((await ok<Audit>(core, 'audit.list', {})).total).toBe(1)
  })

  it('takes the operator only from 本单位人员', async () => {
    core = await memoryCore()
    await ok(core, 'staff.create', { name: '李娜', certificateNo: null, active: true })
    const err = await fail(core, 'session.setOperator', { name: '路人甲' })
    expect(err.message).toContain('不在本单位人员名单中')
    expect((await ok<{ operators: string[] }>(core, 'session.get', {})).operators).toEqual(['李娜'])
  })

  it('records an import batch and its undo, with the counts', async () => {
    core = await memoryCore()
    await seedLookups(core)
    await withOperator(core, '张伟')
    const r = await importSheet(core, [
      ['企业名称', '所属村（社区）', '从业人数'],
      ['甲制衣有限公司', '东湖村', 12],
      ['乙木业有限公司', '西岭村', 30],
    ])
    await ok(core, 'excel.undoImport', { batchId: r.batchId })
    const trail = await ok<Audit>(core, 'audit.list', { ledger: 'import' })
    expect(trail.rows.map((e) => [e.action, e.operator, e.recordName])).toEqual([
      ['undo', '张伟', '企业台账.xlsx'],
      ['import', '张伟', '企业台账.xlsx'],
    ])
    expect(trail.rows[1]?.note).toContain('新增 2 条')
    expect(trail.rows[0]?.note).toContain('撤销新增 2 条')
  })

  it('can be searched by day and by words in the record', async () => {
    let t = new Date('2026-12-01T02:00:00Z') // 10:00 in China
    core = await memoryCore(() => t)
    const ids = await seedLookups(core)
    await ok(core, 'enterprise.create', { data: { name: '一日企业有限公司', villageId: ids.villageId } })
    t = new Date('2026-12-02T17:00:00Z') // 01:00 on 12-03 in China
    await ok(core, 'enterprise.create', { data: { name: '三日企业有限公司', villageId: ids.villageId } })
    const day = async (d: string) =>
      (await ok<Audit>(core as Core, 'audit.list', { from: d, to: d })).rows.map((e) => e.recordName)
    expect(await day('2026-12-01')).toEqual(['一日企业有限公司'])
    expect(await day('2026-12-02')).toEqual([])
    expect(await day('2026-12-03')).toEqual(['三日企业有限公司'])
    expect((await ok<Audit>(core, 'audit.list', { q: '三日' })).rows.map((e) => e.recordName)).toEqual([
      '三日企业有限公司',
    ])
  })
})

describe('masked phones', () => {
  it('leave the list masked; a reveal gives one record whole and is itself in the trail', async () => {
    core = await memoryCore()
    const ids = await seedLookups(core)
    await withOperator(core, '王晓明')
    const { record } = await ok<{ record: { id: number } }>(core, 'enterprise.create', {
      data: { name: '东湖机械有限公司', villageId: ids.villageId, principalPhone: '13812345678' },
    })
    const list = await ok<{ rows: { principalPhone: string }[] }>(core, 'enterprise.list', {})
    expect(list.rows[0]?.principalPhone).toBe('138****5678')
    const whole = await ok<Record<string, unknown>>(core, 'enterprise.reveal', { id: record.id })
    expect(whole.principalPhone).toBe('13812345678')
    const trail = await ok<Audit>(core, 'audit.list', { action: 'reveal' })
    expect(trail.rows.map((e) => [e.operator, e.recordName])).toEqual([['王晓明', '东湖机械有限公司']])
  })

  it('from a 脱敏导出 file never overwrite the stored number on import', async () => {
    core = await memoryCore()
    const ids = await seedLookups(core)
    const { record } = await ok<{ record: { id: number } }>(core, 'enterprise.create', {
      data: { name: '东湖机械有限公司', villageId: ids.villageId, principalPhone: '13812345678' },
    })
    await importSheet(core, [
      ['企业名称', '所属村（社区）', '主要负责人电话', '从业人数'],
      ['东湖机械有限公司', '东湖村', '138****5678', 40],
    ])
    const after = await ok<{ principalPhone: string; employees: number }>(core, 'enterprise.get', {
      id: record.id,
    })
    expect(after.principalPhone).toBe('13812345678')
    expect(after.employees).toBe(40)
  })
})

describe('restore', () => {
  it('keeps the trail: entries written after the backup are carried in, and the restore is an entry', async () => {
    const dir = tempDir()
    core = await createCore({ dataDir: dir })
    const ids = await seedLookups(core)
    await withOperator(core, '王晓明')
    await ok(core, 'enterprise.create', { data: { name: '备份前企业有限公司', villageId: ids.villageId } })
    await ok(core, 'backup.create')
    await ok(core, 'enterprise.create', { data: { name: '备份后企业有限公司', villageId: ids.villageId } })
    const [backup] = (
      await ok<{ backups: { name: string; kind: string }[] }>(core, 'backup.list')
    ).backups.filter((b) => b.kind === 'manual')
    await ok(core, 'backup.restore', { name: backup?.name })

    // the data is the backup's …
    const names = (await ok<{ rows: { name: string }[] }>(core, 'enterprise.list', {})).rows.map(
      (r) => r.name,
    )
    expect(names).toEqual(['备份前企业有限公司'])
    // … the trail is whole, and says who restored what
    const trail = await ok<Audit>(core, 'audit.list', {})
    expect(trail.rows.map((e) => [e.action, e.recordName])).toEqual([
      ['restore-backup', expect.stringContaining('手动备份')],
      ['create', '备份后企业有限公司'],
      ['create', '备份前企业有限公司'],
    ])
    expect(trail.rows[0]?.operator).toBe('王晓明')
    expect(trail.rows[0]?.note).toContain('带入该备份之后的操作日志 1 条')
  })
})
