import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import type { DocumentFull } from '../documents/repo'
import { fail, memoryCore, ok } from '../test/helpers'
import type { Hazard } from './hazards'
import { hazard, inspect, seedWorld, type World } from './test-helpers'

// Deadlines and document dates are Chinese calendar dates. An office PC left on UTC (or set to any
// other zone) at 07:30 Beijing time is still on the previous day by its own clock; the app must
// count from the date in China. Node re-reads process.env.TZ when it is assigned, so each block
// runs the same assertions with the process in a different zone.

const BEIJING_0730 = new Date('2026-11-27T23:30:00Z') // 2026-11-28 07:30 in Beijing
const original = process.env.TZ
afterAll(() => {
  if (original === undefined) delete process.env.TZ
  else process.env.TZ = original
})

for (const tz of ['UTC', 'America/Los_Angeles']) {
  describe(`TZ=${tz}, 07:30 Beijing time on 2026-11-28`, () => {
    let core: Core
    let w: World
    beforeEach(async () => {
      process.env.TZ = tz
      core = await memoryCore(() => BEIJING_0730)
      w = await seedWorld(core)
    })
    afterEach(() => core.close())

    it('the PC clock really is on the previous day (the test would pass without the fix otherwise)', () => {
      expect(BEIJING_0730.getDate()).toBe(27)
    })

    it('a hazard due today is due today, not overdue; one due yesterday is overdue by one day', async () => {
      const dueToday = await hazard(core, w, { deadline: '2026-11-28' })
      expect(dueToday).toMatchObject({ status: 'pending', overdue: false, daysLeft: 0 })
      const dueYesterday = await hazard(core, w, { deadline: '2026-11-27' })
      expect(dueYesterday).toMatchObject({ status: 'overdue', statusLabel: '逾期未改', overdueDays: 1 })
      const dash = await ok<{ today: string; overdue: number; dueIn7Days: number }>(core, 'dashboard.hazards')
      expect(dash).toMatchObject({ today: '2026-11-28', overdue: 1, dueIn7Days: 1 })
    })

    it('a step dated today is accepted and a re-inspection falls due 10 days after the request', async () => {
      const h = await hazard(core, w, { deadline: '2026-12-31' })
      const after = await ok<Hazard>(core, 'hazard.transition', {
        id: h.id,
        version: h.version,
        action: 'rectified',
        on: '2026-11-28',
      })
      expect(after).toMatchObject({ reviewRequestedOn: '2026-11-28', reviewDueDate: '2026-12-08' })
      const tomorrow = await fail(core, 'hazard.transition', {
        id: after.id,
        version: after.version,
        action: 'reinspectPass',
        on: '2026-11-29',
      })
      expect(tomorrow.message).toBe('日期不能晚于今天')
    })

    it('an extension asked on day −3 is taken with a warning and its answer is due +5', async () => {
      const h = await hazard(core, w, { deadline: '2026-12-01' })
      const after = await ok<Hazard>(core, 'hazard.transition', {
        id: h.id,
        version: h.version,
        action: 'requestExtension',
        requestedDeadline: '2026-12-20',
        ground: '寒潮冰冻，管道无法施工',
      })
      expect(after.extension).toMatchObject({ requestedOn: '2026-11-28', answerDue: '2026-12-03' })
      expect(after.extension.warning).toContain('2026年11月21日以前')
    })

    it('records made now are stamped with Beijing wall-clock time (history and 操作日志 alike)', async () => {
      const e = await ok<{ id: number; version: number }>(core, 'enterprise.get', { id: w.enterpriseId })
      await ok(core, 'enterprise.update', {
        id: e.id,
        version: e.version,
        data: { principalPhone: '13987654321' },
      })
      const history = await ok<Array<{ at: string }>>(core, 'enterprise.history', { id: e.id })
      expect(history[0]?.at).toBe('2026-11-28 07:30:00')
      const trail = await ok<{ rows: Array<{ at: string }> }>(core, 'audit.list', { ledger: 'enterprise' })
      expect(trail.rows[0]?.at).toBe('2026-11-28 07:30:00')
    })

    it('a document dated today is accepted and defaults to today; tomorrow is refused', async () => {
      const i = await inspect(core, w, { startedAt: '2026-11-28 07:00', endedAt: '2026-11-28 07:25' })
      const doc = await ok<DocumentFull>(core, 'document.issue', { type: 'check_record', inspectionId: i.id })
      expect(doc.issuedOn).toBe('2026-11-28')
      expect(doc.payload.issuedOnText).toBe('2026年11月28日')
      const j = await inspect(core, w, { startedAt: '2026-11-28 07:00', endedAt: '2026-11-28 07:25' })
      const err = await fail(core, 'document.issue', {
        type: 'check_record',
        inspectionId: j.id,
        issuedOn: '2026-11-29',
      })
      expect(err.message).toContain('出具日期不能晚于今天')
      await ok(core, 'document.issue', { type: 'check_record', inspectionId: j.id, issuedOn: '2026-11-28' })
    })
  })
}
