import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../index'
import { openDatabase } from '../db/open'
import { MIGRATIONS } from '../db/migrations'
import { seedWorld, templateId, type InspectionDetail, type World } from '../inspections/test-helpers'
import { fail, memoryCore, ok, tempDir } from '../test/helpers'

// Outlet checks through the inspections module: a 烟花爆竹零售点 that is not an enterprise is
// inspected as an outlet with the seeded 15-item 烟花爆竹零售点 checklist; a 不符合 item becomes its
// hazard and documents are issued as for enterprises; no enterprise record is invented.

let core: Core | null = null
afterEach(() => core?.close())

async function outletWorld(): Promise<{ w: World; outletId: number }> {
  core = await memoryCore()
  const w = await seedWorld(core)
  const { record } = await ok<{ record: { id: number } }>(core, 'fireworksOutlet.create', {
    data: {
      name: '周记副食店',
      principal: '周桂英',
      phones: '18307990787',
      villageId: w.villageId,
      address: '青禾镇东湖村5组31号',
      salesMode: '专柜',
      area: 8,
    },
  })
  return { w, outletId: record.id }
}

describe('inspecting a retail outlet', () => {
  it('uses the 15-item checklist; a 不符合 item becomes the outlet’s hazard and goes on its documents', async () => {
    const { w, outletId } = await outletWorld()
    const c = core!
    const enterprises = (await ok<{ total: number }>(c, 'enterprise.list', {})).total
    const created = await ok<{
      id: number
      enterpriseId: number | null
      outletId: number
      enterpriseName: string
    }>(c, 'inspection.create', {
      enterpriseId: null,
      outletId,
      place: '店内',
      startedAt: '2026-11-26 10:00',
      endedAt: '2026-11-26 10:40',
      type: 'special',
      mode: 'planned',
      findings: '',
      templateId: await templateId(c, 'fireworks-retail'),
      inspectorIds: [w.staff[0], w.staff[1]],
    })
    expect(created).toMatchObject({ enterpriseId: null, outletId, enterpriseName: '周记副食店' })
    const insp = await ok<InspectionDetail>(c, 'inspection.get', { id: created.id })
    expect(insp.checklist).toHaveLength(15)
    expect(insp.villageName).toBe('东湖村')
    const item = insp.checklist.find((r) => r.text.includes('面积'))!
    await ok(c, 'inspection.setResult', { id: item.id, result: 'fail', note: '店面约8平方米' })
    const { hazard: h } = await ok<{
      hazard: { id: number; outletId: number; enterpriseId: number | null; enterpriseName: string }
    }>(c, 'inspection.hazardFromItem', { id: item.id, deadline: '2026-12-10' })
    expect(h).toMatchObject({ outletId, enterpriseId: null, enterpriseName: '周记副食店' })
    const list = await ok<{ rows: { id: number; enterpriseName: string }[] }>(c, 'hazard.list', {
      query: '周记',
    })
    expect(list.rows.map((r) => r.id)).toEqual([h.id])
    const order = await ok<{
      number: string
      payload: { enterprise: { name: string; address: string; phone: string } }
    }>(c, 'document.issue', { type: 'rectification_order', inspectionId: created.id, issuedOn: '2026-11-26' })
    expect(order.payload.enterprise).toMatchObject({
      name: '周记副食店',
      address: '青禾镇东湖村5组31号',
      phone: '18307990787',
    })
    // The outlet's inspections list; the roster did not grow.
    const mine = await ok<{ rows: { id: number }[] }>(c, 'inspection.list', { outletIds: [outletId] })
    expect(mine.rows.map((r) => r.id)).toEqual([created.id])
    expect((await ok<{ total: number }>(c, 'enterprise.list', {})).total).toBe(enterprises)
  })

  it('an inspection names exactly one unit: an enterprise or an outlet', async () => {
    const { w, outletId } = await outletWorld()
    const base = {
      place: null,
      startedAt: '2026-11-26 10:00',
      endedAt: null,
      type: 'special',
      mode: 'planned',
      findings: '',
      templateId: null,
      inspectorIds: [w.staff[0], w.staff[1]],
    }
    const both = await fail(core!, 'inspection.create', { ...base, enterpriseId: w.enterpriseId, outletId })
    expect(both.message).toContain('二者选一')
    const none = await fail(core!, 'inspection.create', { ...base, enterpriseId: null })
    expect(none.message).toContain('请选择被检查单位')
  })
})

describe('migration 0014 (inspections of outlets)', () => {
  it('keeps every inspection, checklist line, hazard, event, photo and document with its id', async () => {
    // A full demo database of the current schema, copied row by row into one of schema 13.
    const dir = tempDir()
    const srcFile = path.join(dir, 'src.sqlite')
    const src = await createCore({ dbFile: srcFile, now: () => new Date(2026, 10, 28, 9, 30) })
    await ok(src, 'demo.load')
    src.close()
    const file = path.join(dir, 'ledger.sqlite')
    const old = await openDatabase({
      file,
      now: () => new Date(),
      migrations: MIGRATIONS.filter((m) => m.version < 14),
    })
    old.pragma('foreign_keys = OFF')
    old.prepare('ATTACH DATABASE ? AS src').run(srcFile)
    // (schema 13 knows only enterprises' inspections: the demo's outlet checks stay behind)
    old.exec(`
      DELETE FROM src.hazard_events WHERE hazard_id IN (SELECT id FROM src.hazards WHERE outlet_id IS NOT NULL);
      DELETE FROM src.hazards WHERE outlet_id IS NOT NULL;
      DELETE FROM src.inspection_results WHERE inspection_id IN (SELECT id FROM src.inspections WHERE outlet_id IS NOT NULL);
      DELETE FROM src.inspection_inspectors WHERE inspection_id IN (SELECT id FROM src.inspections WHERE outlet_id IS NOT NULL);
      DELETE FROM src.inspections WHERE outlet_id IS NOT NULL;
    `)
    const tables = old
      .prepare(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'",
      )
      .pluck()
      .all() as string[]
    const TABLES = [
      'inspections',
      'inspection_inspectors',
      'inspection_results',
      'hazards',
      'hazard_events',
      'hazard_photos',
      'documents',
      'document_hazards',
      'document_services',
    ]
    const before: Record<string, unknown[]> = {}
    for (const t of tables) {
      // (tables a later migration replaced, e.g. duty_assignments → duty_shifts, stay empty)
      if (!old.prepare("SELECT 1 FROM src.sqlite_master WHERE type = 'table' AND name = ?").get(t)) continue
      const cols = (old.prepare(`PRAGMA main.table_info(${t})`).all() as { name: string }[]).map(
        (c) => c.name,
      )
      old.exec(`INSERT INTO main.${t}(${cols.join(',')}) SELECT ${cols.join(',')} FROM src.${t}`)
      if (TABLES.includes(t))
        before[t] = old.prepare(`SELECT ${cols.join(',')} FROM main.${t} ORDER BY ${cols.join(',')}`).all()
    }
    expect((before.hazards ?? []).length).toBeGreaterThan(10)
    expect((before.documents ?? []).length).toBeGreaterThan(3)
    old.exec('DETACH DATABASE src')
    old.close()

    const migrated = await openDatabase({ file, now: () => new Date() })
    try {
      for (const t of TABLES) {
        const cols = Object.keys((before[t]?.[0] ?? {}) as object)
        if (!cols.length) continue
        expect(
          migrated.prepare(`SELECT ${cols.join(',')} FROM ${t} ORDER BY ${cols.join(',')}`).all(),
          t,
        ).toEqual(before[t])
      }
      expect(
        migrated.prepare('SELECT count(*) FROM inspections WHERE outlet_id IS NOT NULL').pluck().get(),
      ).toBe(0)
      expect(migrated.pragma('foreign_key_check')).toEqual([])
      // the documents stay protected
      expect(() => migrated.exec('DELETE FROM documents')).toThrow(/已出具的文书不能删除/)
    } finally {
      migrated.close()
    }
  })
})
