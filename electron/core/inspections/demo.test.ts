import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { memoryCore, ok } from '../test/helpers'
import type { DocumentFull, DocumentSummary } from '../documents/repo'
import { hazardRecords, type Hazard } from './hazards'
import { isOverdue, reinspectionDue } from './deadlines'
import { DEADLINE_RULE_DEFAULTS } from '../shared/inspection-fields'

type Page<T> = { rows: T[]; total: number }
let core: Core
let hazards: Hazard[]

beforeAll(async () => {
  core = await memoryCore()
  await ok(core, 'demo.load')
  // every hazard with its lifecycle details, as the drawer shows them
  hazards = hazardRecords(core.ctx, {})
})
afterAll(() => core.close())

describe('demo data for inspections', () => {
  it('keeps the enterprise demo as it was, and the database consistent', async () => {
    expect((await ok<{ villages: number }>(core, 'dashboard.summary')).villages).toBe(14)
    expect((await ok<Page<unknown>>(core, 'enterprise.list', { pageSize: 1 })).total).toBe(240)
    expect(await ok(core, 'system.check')).toEqual({ ok: true, problems: [] })
  })

  it('has inspectors and about 50 inspections over the last six months', async () => {
    const staff = await ok<{ name: string; certificateNo: string }[]>(core, 'staff.list')
    expect(staff.length).toBeGreaterThanOrEqual(2)
    const list = await ok<Page<{ startedAt: string; inspectors: unknown[] }>>(core, 'inspection.list', {
      pageSize: 500,
    })
    expect(list.total).toBeGreaterThanOrEqual(35)
    expect(list.total).toBeLessThanOrEqual(60)
    for (const i of list.rows) {
      expect(i.startedAt.slice(0, 10) >= '2026-05-31').toBe(true)
      expect(i.startedAt.slice(0, 10) < '2026-11-28').toBe(true)
      expect(i.inspectors.length).toBeGreaterThanOrEqual(2)
    }
  })

  it('has hazards in every state, some of them overdue today', async () => {
    const statuses = new Set(hazards.map((h) => h.status))
    for (const s of ['pending', 'rectifying', 'awaiting_review', 'closed', 'overdue', 'referred'])
      expect(statuses).toContain(s)
    expect(hazards.some((h) => h.storedStatus === 'overdue')).toBe(true) // recorded after a failed 复查
    expect(hazards.some((h) => h.storedStatus !== 'overdue' && h.status === 'overdue')).toBe(true) // derived from the date
    expect(hazards.some((h) => h.grade === 'major')).toBe(true)
    expect(hazards.some((h) => h.extension.requestedOn !== null)).toBe(true)
    const dash = await ok<{ overdue: number; reviewsDue: number; dueIn7Days: number }>(
      core,
      'dashboard.hazards',
    )
    expect(dash.overdue).toBeGreaterThan(0)
    expect(dash.reviewsDue).toBeGreaterThan(0)
  })

  it('every derived field agrees with the deadline rules', () => {
    const today = '2026-11-28'
    for (const h of hazards) {
      const late =
        (h.storedStatus === 'pending' || h.storedStatus === 'rectifying') && isOverdue(h.deadline, today)
      expect(h.status === 'overdue').toBe(late || h.storedStatus === 'overdue')
      if (h.storedStatus === 'awaiting_review')
        expect(h.reviewDueDate).toBe(reinspectionDue(h.deadline, h.reviewRequestedOn, DEADLINE_RULE_DEFAULTS))
    }
  })

  it('issues as a township without delegated power (无委托): the 监督检查 family in its own name', async () => {
    const s = await ok<{ settings: { authority: string; documentFamily: string; issuingOrgan: string } }>(
      core,
      'document.settings',
    )
    expect(s.settings).toMatchObject({
      authority: 'none',
      documentFamily: 'supervision',
      issuingOrgan: '青禾镇人民政府',
    })
    const order = (
      await ok<Page<DocumentSummary>>(core, 'document.list', {
        types: ['rectification_opinion'],
        pageSize: 1,
      })
    ).rows[0] as DocumentSummary
    const full = await ok<DocumentFull>(core, 'document.get', { id: order.id })
    expect(full.payload).toMatchObject({
      heading: '安全生产监督检查文书',
      title: '限期整改意见书',
      organ: { name: '青禾镇人民政府' },
      review: null,
    })
    expect(full.payload.textAfter.join('')).toContain('将依法上报禾川县应急管理局进行查处')
  })

  it('has issued documents with gapless numbers per type and year, one voided', async () => {
    const docs = (await ok<Page<DocumentSummary>>(core, 'document.list', { pageSize: 500 })).rows
    const types = new Set(docs.map((d) => d.type))
    expect(types).toEqual(new Set(['check_record', 'rectification_opinion', 'reinspection_opinion']))
    for (const type of types) {
      const mine = docs.filter((d) => d.type === type).sort((a, b) => a.seq - b.seq)
      expect(mine.map((d) => d.seq)).toEqual(mine.map((_, i) => i + 1))
      // Numbers rise with dates.
      const dates = mine.map((d) => d.issuedOn)
      expect(dates).toEqual([...dates].sort())
    }
    expect(docs.find((d) => d.type === 'rectification_opinion' && d.seq === 1)?.number).toBe(
      '（青）应急整改〔2026〕1号',
    )
    const voided = docs.filter((d) => d.voided)
    expect(voided).toHaveLength(1)
    expect(voided[0]?.voidReason).toBe('检查时间填写有误，已重新出具')
    const opinion = docs.find((d) => d.type === 'reinspection_opinion') as DocumentSummary
    const full = await ok<DocumentFull>(core, 'document.get', { id: opinion.id })
    expect(full.payload.textBefore[0]).toContain(`[${full.citedNumber}]`)
  })

  it('has this year’s inspection plan: most items done, some missed, this month’s to do, a reproducible draw', async () => {
    // today is 2026-11-28
    const p = await ok<{ planned: number; done: number; missed: number; months: { planned: number }[] }>(
      core,
      'plan.progress',
      { year: 2026 },
    )
    expect(p.done).toBeGreaterThan(p.planned / 2)
    expect(p.missed).toBeGreaterThan(0)
    expect(p.months[10]?.planned).toBeGreaterThan(0)
    const draws = await ok<{ id: number; planned: number; candidates: unknown[]; seed: number }[]>(
      core,
      'draw.list',
      { year: 2026 },
    )
    expect(draws).toHaveLength(1)
    expect(draws[0]?.planned).toBe(8)
    expect(draws[0]?.candidates.length).toBeGreaterThan(100)
    const again = await ok<{ same: boolean }>(core, 'draw.reproduce', { id: draws[0]?.id })
    expect(again.same).toBe(true)
    // the drawn enterprises were inspected 双随机 (mode random), most of them in the drawn month
    const drawn = (
      await ok<{ items: { drawId: number | null; status: string }[] }>(core, 'plan.list', { year: 2026 })
    ).items.filter((i) => i.drawId === draws[0]?.id)
    expect(drawn.filter((i) => i.status === 'done').length).toBeGreaterThanOrEqual(5)
  })
})
