import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { hazard, inspect, seedWorld, type World } from '../inspections/test-helpers'
import { memoryCore, ok } from '../test/helpers'

let core: Core
let w: World

interface Stat {
  key: string
  value: number | null
  previous: number | null
  route: { name: string; query: Record<string, string> } | null
}
interface Stats {
  values: Stat[]
  summary: string
  months: { month: number; hazards: number; inspections: number }[]
  villages: { name: string; hazards: number }[]
}

beforeEach(async () => {
  // "today" early in 2027, so every date of 2026 below is in the past
  core = await memoryCore(() => new Date(2027, 0, 5, 9, 0, 0))
  w = await seedWorld(core)
})
afterEach(() => core.close())

const byKey = (s: Stats) => Object.fromEntries(s.values.map((v) => [v.key, v.value]))

async function move(id: number, version: number, body: Record<string, unknown>) {
  return ok<{ id: number; version: number }>(core, 'hazard.transition', { id, version, ...body })
}

describe('period statistics', () => {
  it('counts a small year by hand: inspections, people, enterprises, hazards, 整改率, documents', async () => {
    // 2026: three inspections (two of enterprise 1, one of enterprise 2), 2 + 2 + 3 inspectors
    await inspect(core, w, { startedAt: '2026-03-02 09:00', endedAt: '2026-03-02 10:00' })
    await inspect(core, w, { startedAt: '2026-11-20 09:30', endedAt: '2026-11-20 11:00' })
    await inspect(core, w, {
      enterpriseId: w.enterprise2,
      startedAt: '2026-12-31 23:00',
      endedAt: null,
      inspectorIds: w.staff,
    })
    // 2025: one inspection — last year's column, not this year's
    await inspect(core, w, { startedAt: '2025-06-01 09:00', endedAt: '2025-06-01 10:00' })

    // hazards: found 2026-03-02 (closed in 2026), 2026-12-31 (major, open), 2025-12-31 (closed in 2026: counts in 2025)
    const a = await hazard(core, w, { foundOn: '2026-03-02', deadline: '2026-04-02' })
    let h = await move(a.id, a.version, { action: 'start', on: '2026-03-03' })
    h = await move(h.id, h.version, { action: 'rectified', on: '2026-03-20', measures: '已整改' })
    await move(h.id, h.version, { action: 'reinspectPass', on: '2026-03-25', note: '复查合格' })
    await hazard(core, w, { foundOn: '2026-12-31', deadline: '2027-01-30', grade: 'major' })
    const c = await hazard(core, w, { foundOn: '2025-12-31', deadline: '2026-01-15' })
    h = await move(c.id, c.version, { action: 'start', on: '2026-01-02' })
    h = await move(h.id, h.version, { action: 'rectified', on: '2026-01-10', measures: '已整改' })
    await move(h.id, h.version, { action: 'reinspectPass', on: '2026-01-12', note: '复查合格' })

    const s = await ok<Stats>(core, 'stats.compute', { from: '2026-01-01', to: '2026-12-31' })
    expect(byKey(s)).toMatchObject({
      inspections: 3,
      inspectors: 7,
      inspectedEnterprises: 2,
      roster: 2,
      coverage: 100,
      hazards: 2,
      majorHazards: 1,
      closedHazards: 1,
      openHazards: 1,
      rectificationRate: 50,
      // found 03-02, 销号 03-25
      daysToClose: 23,
      supervisedHazards: 0,
      // the roster by 重点行业领域: the second enterprise is a fireworks shop
      'enterprises.flags.fireworks': 1,
      'enterprises.flags.hazchem': 0,
    })
    const prev = Object.fromEntries(s.values.map((v) => [v.key, v.previous]))
    expect(prev).toMatchObject({
      inspections: 1,
      hazards: 1,
      closedHazards: 1,
      rectificationRate: 100,
      roster: null,
    })
    expect(s.months.find((m) => m.month === 12)).toMatchObject({ inspections: 1, hazards: 1 })
    expect(s.months.find((m) => m.month === 3)).toMatchObject({ inspections: 1, hazards: 1 })
    expect(s.summary).toContain('共组织安全生产检查3次，出动检查人员7人次，检查企业2家，占在册企业的100%')
    expect(s.summary).toContain('发现各类安全隐患2处（其中重大事故隐患1处），已整改销号1处，整改率50%')
  })

  it('a period without hazards shows the rate as — (not 100 %)', async () => {
    const s = await ok<Stats>(core, 'stats.compute', { from: '2026-01-01', to: '2026-06-30' })
    expect(byKey(s).rectificationRate).toBeNull()
    expect(byKey(s).daysToClose).toBeNull()
    expect(s.summary).toContain('整改率—')
  })

  it('each number is the total of the list its link opens', async () => {
    await inspect(core, w)
    await hazard(core, w)
    const s = await ok<Stats>(core, 'stats.compute', { from: '2026-01-01', to: '2026-12-31' })
    const v = Object.fromEntries(s.values.map((x) => [x.key, x]))
    const hazardsRoute = v.hazards?.route
    expect(hazardsRoute).toEqual({
      name: 'hazards',
      query: { 'f.foundOn.from': '2026-01-01', 'f.foundOn.to': '2026-12-31' },
    })
    const listed = await ok<{ total: number }>(core, 'hazard.list', {
      filters: {
        foundOn: { from: hazardsRoute?.query['f.foundOn.from'], to: hazardsRoute?.query['f.foundOn.to'] },
      },
    })
    expect(listed.total).toBe(v.hazards?.value)
    const ids = (v.inspectedEnterprises?.route?.query.ids ?? '').split(',').map(Number)
    const roster = await ok<{ total: number }>(core, 'enterprise.list', { ids })
    expect(roster.total).toBe(v.inspectedEnterprises?.value)
  })

  it('refuses a period that ends before it starts, in Chinese', async () => {
    const r = await core.dispatch('stats.compute', { from: '2026-12-31', to: '2026-01-01' })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.message).toBe('起始日期不能晚于截止日期')
  })
})

describe('activities (a ledger on the kit) in the statistics', () => {
  it('counts meetings, training sessions and people, and links to the activity list', async () => {
    const add = (data: Record<string, unknown>) => ok(core, 'activity.create', { data })
    await add({ type: '培训', date: '2026.3.18', title: '企业主要负责人安全培训', participants: '约80人' })
    await add({ type: 'training', date: '2026-08-22', title: '有限空间作业安全培训', participants: 45 })
    await add({ type: 'meeting', date: '2026-01-08', title: '全镇安全生产工作会议' })
    await add({ type: 'training', date: '2025-12-20', title: '去年的培训', participants: 30 })
    const s = await ok<Stats>(core, 'stats.compute', { from: '2026-01-01', to: '2026-12-31' })
    expect(byKey(s)).toMatchObject({ trainings: 2, trainees: 125, meetings: 1, drills: 0 })
    const link = s.values.find((v) => v.key === 'trainings')?.route
    expect(link).toEqual({
      name: 'activities',
      query: { 'f.type': 'training', 'f.date.from': '2026-01-01', 'f.date.to': '2026-12-31' },
    })
    const listed = await ok<{ total: number }>(core, 'activity.list', {
      filters: { type: { in: ['training'] }, date: { from: '2026-01-01', to: '2026-12-31' } },
    })
    expect(listed.total).toBe(2)
    expect(s.summary).toContain('组织教育培训2场125人次')
  })
})

describe('statistics files', () => {
  it('the summary draft (.docx) carries the same numbers, and the .xlsx lists every statistic', async () => {
    const { readZipDirectory, inflateText } = await import('../excel/zip')
    const { excelJs } = await import('../excel/exceljs')
    await inspect(core, w, { startedAt: '2026-03-02 09:00', endedAt: '2026-03-02 10:00' })
    await hazard(core, w, { foundOn: '2026-03-02', deadline: '2026-04-02' })
    const p = { from: '2026-01-01', to: '2026-12-31' }
    const s = await ok<Stats>(core, 'stats.compute', p)

    const docx = await ok<{ fileName: string; base64: string }>(core, 'stats.summaryDocx', p)
    expect(docx.fileName).toBe('安全生产工作总结（草稿）-2026-01-01至2026-12-31.docx')
    const buf = Buffer.from(docx.base64, 'base64')
    const dir = readZipDirectory(buf, { maxInflatedBytes: 50e6, maxRatio: 1000 })
    const xml = await inflateText(buf, dir.get('word/document.xml')!, { left: 50e6 })
    const text = xml.replace(/<[^>]+>/g, '')
    expect(text).toContain('2026年安全生产工作总结')
    expect(text).toContain(s.summary)
    expect(text).toContain('共组织安全生产检查1次')

    const xlsx = await ok<{ base64: string }>(core, 'stats.exportXlsx', p)
    const wb = new (excelJs().Workbook)()
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer)
    const rows = wb.worksheets[0]!.getSheetValues().map((r) => (Array.isArray(r) ? r.join('|') : ''))
    expect(rows.some((r) => r.includes('组织检查|1|0|次'))).toBe(true)
    expect(rows.some((r) => r.includes('整改率|0%'))).toBe(true)
  })
})
