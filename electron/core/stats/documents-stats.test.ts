import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import type { Hazard } from '../inspections/hazards'
import { inspect, seedWorld, type World } from '../inspections/test-helpers'
import { memoryCore, ok } from '../test/helpers'

// Documents by type in the statistics, counted by hand: a voided document is counted apart (not in
// its type), a document of 2027 is not in 2026, and a hazard found at an inspection on 12-31 at
// 23:30 Beijing time belongs to the year it was found in, not to the next.

let core: Core
let w: World
beforeEach(async () => {
  core = await memoryCore(() => new Date(2027, 0, 5, 9, 0, 0))
  w = await seedWorld(core)
})
afterEach(() => core.close())

type Stats = { values: { key: string; value: number | null; previous: number | null }[] }
const byKey = (s: Stats) => Object.fromEntries(s.values.map((v) => [v.key, v.value]))
const issue = (type: string, inspectionId: number, issuedOn: string) =>
  ok<{ id: number }>(core, 'document.issue', { type, inspectionId, issuedOn })

describe('documents and the year edge in the statistics', () => {
  it('counts documents by type with voided ones apart, and a hazard found at 12-31 23:30 in its year', async () => {
    const june = await inspect(core, w, { startedAt: '2026-06-01 09:00', endedAt: '2026-06-01 10:00' })
    const late = await inspect(core, w, {
      enterpriseId: w.enterprise2,
      startedAt: '2026-12-31 23:30',
      endedAt: null,
    })
    const jan = await inspect(core, w, { startedAt: '2027-01-02 09:00', endedAt: '2027-01-02 10:00' })
    // the 12-31 23:30 inspection finds a hazard: found 2026-12-31
    const { hazard } = await ok<{ hazard: Hazard }>(core, 'inspection.hazardFromItem', {
      id: late.checklist[0]?.id,
      deadline: '2027-01-15',
      grade: 'general',
    })
    expect(hazard.foundOn).toBe('2026-12-31')

    // 2026: two 现场检查记录 (one voided), one 责令限期整改指令书 on 12-31; 2027: one 现场检查记录
    await issue('check_record', june.id, '2026-06-01')
    const wrong = await issue('check_record', late.id, '2026-12-31')
    await ok(core, 'document.void', { id: wrong.id, reason: '检查时间填写有误' })
    await issue('rectification_order', late.id, '2026-12-31')
    await issue('check_record', jan.id, '2027-01-02')

    const y2026 = await ok<Stats>(core, 'stats.compute', { from: '2026-01-01', to: '2026-12-31' })
    expect(byKey(y2026)).toMatchObject({
      'documents.check_record': 1,
      'documents.rectification_order': 1,
      'documents.reinspection_opinion': 0,
      voidedDocuments: 1,
      inspections: 2,
      hazards: 1,
    })
    // the voided one is in the document list opened from 作废（另计）, and only there
    const voided = await ok<{ total: number }>(core, 'document.list', {
      period: { from: '2026-01-01', to: '2026-12-31' },
      voided: true,
    })
    expect(voided.total).toBe(1)

    const q1 = await ok<Stats>(core, 'stats.compute', { from: '2027-01-01', to: '2027-03-31' })
    expect(byKey(q1)).toMatchObject({
      'documents.check_record': 1,
      voidedDocuments: 0,
      inspections: 1,
      hazards: 0,
    })
  })
})
