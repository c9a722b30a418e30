import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { fail, memoryCore, ok } from '../test/helpers'
import type { Hazard, HazardEvent } from './hazards'
import { hazard, inspect, seedWorld, type World } from './test-helpers'

// The clock can be moved: overdue and due-soon are computed from ctx.now() at read time.
let now: Date
let core: Core
let w: World
const setToday = (y: number, m: number, d: number): void => {
  now = new Date(y, m - 1, d, 9, 30)
}

beforeEach(async () => {
  setToday(2026, 11, 28)
  core = await memoryCore(() => now)
  w = await seedWorld(core)
})
afterEach(() => core.close())

type Page = { rows: Hazard[]; total: number }
type Detail = Hazard & {
  events: HazardEvent[]
  photos: unknown[]
  documents: { number: string; no: number }[]
}

const move = (h: Hazard, input: Record<string, unknown>) =>
  ok<Hazard>(core, 'hazard.transition', { id: h.id, version: h.version, ...input })
const refuse = (h: Hazard, input: Record<string, unknown>) =>
  fail(core, 'hazard.transition', { id: h.id, version: h.version, ...input })

describe('hazard.create / update / get / remove', () => {
  it('registers a hazard with its enterprise, village and labels, and logs it', async () => {
    const h = await hazard(core, w)
    expect(h).toMatchObject({
      enterpriseName: '华兴机械有限公司',
      villageName: '东湖村',
      gradeLabel: '一般隐患',
      status: 'pending',
      statusLabel: '待整改',
      daysLeft: 22,
      overdue: false,
      reviewDue: false,
      extension: {
        window: { from: null, to: '2026-12-10' },
        lastDay: '2026-12-20',
        requestedOn: null,
        answerDue: null,
      },
      version: 1,
    })
    const d = await ok<Detail>(core, 'hazard.get', { id: h.id })
    expect(d.events.map((e) => [e.on, e.actionLabel, e.toStatusLabel])).toEqual([
      ['2026-11-20', '登记隐患', '待整改'],
    ])
  })

  it('takes enterprise and found date from the inspection when registered there', async () => {
    const i = await inspect(core, w)
    const h = await ok<Hazard>(core, 'hazard.create', {
      inspectionId: i.id,
      description: '安全出口被货物堵塞',
      grade: 'general',
      deadline: '2026-11-21',
    })
    expect(h).toMatchObject({ enterpriseId: w.enterpriseId, inspectionId: i.id, foundOn: '2026-11-20' })
    const other = await fail(core, 'hazard.create', {
      enterpriseId: w.enterprise2,
      inspectionId: i.id,
      description: 'x',
      grade: 'general',
    })
    expect(other.message).toBe('该检查记录的被检查单位是“华兴机械有限公司”，与隐患所属企业不一致')
  })

  it('checks dates and that only major hazards are 挂牌督办', async () => {
    expect(
      (
        await fail(core, 'hazard.create', {
          enterpriseId: w.enterpriseId,
          inspectionId: null,
          description: 'x',
          grade: 'general',
          foundOn: '2026-11-20',
          deadline: '2026-11-19',
        })
      ).message,
    ).toBe('整改期限不能早于发现日期')
    expect(
      (
        await fail(core, 'hazard.create', {
          enterpriseId: w.enterpriseId,
          inspectionId: null,
          description: 'x',
          grade: 'general',
          foundOn: '2026-11-29',
        })
      ).message,
    ).toBe('发现日期不能晚于今天')
    const err = await fail(core, 'hazard.create', {
      enterpriseId: w.enterpriseId,
      inspectionId: null,
      description: 'x',
      grade: 'general',
      supervisionLevel: 'county',
    })
    expect(err.details?.issues?.[0]).toEqual({
      field: 'supervisionLevel',
      message: '只有重大隐患才能挂牌督办，请先把隐患等级改为“重大隐患”',
    })
    const major = await hazard(core, w, { grade: 'major', supervisionLevel: 'county' })
    expect(major.supervisionLevelLabel).toBe('县级挂牌督办')
  })

  it('edits only the fields sent, with a version check, and the history shows only what changed', async () => {
    const h = await hazard(core, w, { responsiblePerson: '王五', measures: '更换老化线路' })
    const { record: u } = await ok<{ record: Hazard }>(core, 'hazard.update', {
      id: h.id,
      version: 1,
      data: { deadline: '2026-12-31', grade: 'major', supervisionLevel: 'township' },
    })
    expect(u).toMatchObject({
      version: 2,
      deadline: '2026-12-31',
      grade: 'major',
      supervisionLevel: 'township',
      description: h.description,
      responsiblePerson: '王五',
      measures: '更换老化线路',
    })
    expect(
      (await fail(core, 'hazard.update', { id: h.id, version: 1, data: { place: '二号车间' } })).code,
    ).toBe('CONFLICT')
    // Back to 一般: the 挂牌督办 level goes with it.
    const { record: g } = await ok<{ record: Hazard }>(core, 'hazard.update', {
      id: h.id,
      version: 2,
      data: { grade: 'general' },
    })
    expect(g.supervisionLevel).toBeNull()
    const history = await ok<
      { action: string; changes: { field: string; before: unknown; after: unknown }[] }[]
    >(core, 'hazard.history', { id: h.id })
    expect(history.map((e) => e.action)).toEqual(['update', 'update', 'create'])
    expect(history[1]?.changes.map((c) => [c.field, c.before, c.after])).toEqual([
      ['grade', 'general', 'major'],
      ['supervisionLevel', null, 'township'],
      ['deadline', '2026-12-20', '2026-12-31'],
    ])
    expect(history[0]?.changes.map((c) => c.field)).toEqual(['grade', 'supervisionLevel'])
    // The lifecycle is not a field edit: the status changes only through hazard.transition.
    const status = await fail(core, 'hazard.update', { id: h.id, version: 3, data: { status: 'closed' } })
    expect(status.message).toContain('“status”不是隐患的字段')
    const d = await ok<Detail>(core, 'hazard.get', { id: h.id })
    expect(d.storedStatus).toBe('pending')
    expect(d.events.map((e) => e.action)).toEqual(['create'])
  })

  it('the list search finds the enterprise by pinyin initials and the 整改责任人, every word matching', async () => {
    await hazard(core, w, { description: '配电箱未接地', responsiblePerson: '赵整改' })
    await hazard(core, w, { description: '灭火器过期' })
    const q = async (query: string) =>
      (await ok<Page>(core, 'hazard.list', { query })).rows.map((h) => h.description).sort()
    expect(await q('hxjx')).toEqual(['灭火器过期', '配电箱未接地'])
    expect(await q('赵整改')).toEqual(['配电箱未接地'])
    expect(await q('hxjx 灭火器')).toEqual(['灭火器过期'])
    expect(await q('zzg 灭火器')).toEqual([])
  })

  it('moves a hazard not yet on a document to the 回收站 and back, refuses one that is', async () => {
    const loose = await hazard(core, w, { description: '配电箱未接地' })
    expect(await ok(core, 'hazard.remove', { ids: [loose.id] })).toEqual({ changed: 1 })
    expect((await ok<Page>(core, 'hazard.list', {})).total).toBe(0)
    const bin = await ok<Page>(core, 'hazard.list', { deleted: true })
    expect(bin.rows.map((h) => h.description)).toEqual(['配电箱未接地'])
    // a hazard in the 回收站 takes no lifecycle step until it is restored
    const refused = await refuse(loose, { action: 'start' })
    expect(refused.message).toContain('该隐患已在回收站中')
    await ok(core, 'hazard.restore', { ids: [loose.id] })
    expect((await ok<Page>(core, 'hazard.list', {})).total).toBe(1)

    const i = await inspect(core, w)
    const { hazard: h } = await ok<{ hazard: Hazard }>(core, 'inspection.hazardFromItem', {
      id: i.checklist[0]?.id,
      deadline: '2026-12-20',
    })
    await ok(core, 'document.issue', { type: 'rectification_order', inspectionId: i.id })
    const err = await fail(core, 'hazard.remove', { ids: [h.id] })
    expect(err.code).toBe('CONFLICT')
    expect(err.message).toContain('已列入文书 （青）应急责改〔2026〕1号，文书要留档，隐患不能删除')
    // all or nothing: with the documented hazard in the selection, the loose one stays too
    await fail(core, 'hazard.remove', { ids: [loose.id, h.id] })
    expect((await ok<Page>(core, 'hazard.list', {})).total).toBe(2)
    const doc = await ok<{ payload: { hazards: unknown[] } }>(core, 'document.get', { id: 1 })
    expect(doc.payload.hazards).toHaveLength(1)
  })
})

describe('lifecycle: 待整改 → 整改中 → 待复查 → 已销号', () => {
  it('walks the happy path and records every step with its date', async () => {
    let h = await hazard(core, w)
    h = await move(h, { action: 'start', on: '2026-11-21' })
    expect(h.statusLabel).toBe('整改中')
    h = await move(h, { action: 'rectified', on: '2026-11-27', measures: '已加装漏电保护器' })
    expect(h).toMatchObject({
      status: 'awaiting_review',
      reviewRequestedOn: '2026-11-27',
      measures: '已加装漏电保护器',
      reviewDue: true,
    })
    // "自申请或者限期届满之日起10日内进行复查": the request (11-27) came before the deadline (12-20).
    expect(h.reviewDueDate).toBe('2026-12-07')
    h = await move(h, { action: 'reinspectPass', on: '2026-11-28', note: '复查合格' })
    expect(h).toMatchObject({
      status: 'closed',
      statusLabel: '已销号',
      closedOn: '2026-11-28',
      reviewDue: false,
      daysLeft: null,
    })
    const d = await ok<Detail>(core, 'hazard.get', { id: h.id })
    expect(d.events.map((e) => [e.on, e.action, e.fromStatus, e.toStatus])).toEqual([
      ['2026-11-20', 'create', null, 'pending'],
      ['2026-11-21', 'start', 'pending', 'rectifying'],
      ['2026-11-27', 'rectified', 'rectifying', 'awaiting_review'],
      ['2026-11-28', 'reinspectPass', 'awaiting_review', 'closed'],
    ])
    const err = await refuse(h, { action: 'start' })
    expect(err.message).toBe('该隐患已于2026年11月28日销号，不能再变更状态')
  })

  it('refuses steps out of order, future dates and stale versions', async () => {
    const h = await hazard(core, w)
    expect((await refuse(h, { action: 'markOverdue' })).message).toBe(
      '整改期限（2026年12月20日）还没有过，不能认定逾期未改',
    )
    expect((await refuse(h, { action: 'start', on: '2026-11-29' })).message).toBe('日期不能晚于今天')
    expect((await refuse(h, { action: 'start', on: '2026-11-19' })).message).toBe(
      '日期不能早于隐患发现日期（2026年11月20日）',
    )
    await move(h, { action: 'start' })
    expect((await refuse(h, { action: 'rectified' })).code).toBe('CONFLICT') // version 1 is stale now
    const cur = await ok<Hazard>(core, 'hazard.get', { id: h.id })
    expect((await refuse(cur, { action: 'start' })).message).toBe(
      '“开始整改”只适用于“待整改”的隐患，该隐患当前为“整改中”',
    )
  })
})

const GROUND = '连日暴雨，屋面防水改造无法施工'
const CITE = '《安全生产违法行为行政处罚办法》（应急管理部令第18号）（条款待核实）'

describe('"因不可抗力无法在规定限期内完成的，应当…于限期届满前10日内提出书面延期申请": extension requests', () => {
  it('accepts a request exactly 10 days before the deadline without a warning, records the ground, answer due +5', async () => {
    setToday(2026, 12, 10)
    let h = await hazard(core, w) // deadline 2026-12-20
    h = await move(h, {
      action: 'requestExtension',
      on: '2026-12-10',
      requestedDeadline: '2027-01-10',
      ground: GROUND,
      note: '设备到货延迟',
    })
    expect(h).toMatchObject({
      status: 'rectifying',
      extension: {
        requestedOn: '2026-12-10',
        requestedDeadline: '2027-01-10',
        ground: GROUND,
        warning: null,
        answer: null,
        answerDue: '2026-12-15',
      },
    })
    expect((await ok<Page>(core, 'hazard.list', { extensionPending: true })).total).toBe(1)
    expect(
      (
        await refuse(h, {
          action: 'requestExtension',
          on: '2026-12-10',
          requestedDeadline: '2027-01-20',
          ground: GROUND,
        })
      ).message,
    ).toBe('该隐患已有2026年12月10日提出的延期申请尚未答复，请先答复')
    setToday(2026, 12, 14)
    h = await move(h, { action: 'answerExtension', on: '2026-12-14', answer: 'approved' })
    expect(h).toMatchObject({
      deadline: '2027-01-10',
      extension: { answer: 'approved', answerLabel: '准予延期', answerDue: null, ground: GROUND },
    })
    const d = await ok<Detail>(core, 'hazard.get', { id: h.id })
    expect(d.events.at(-1)?.data).toMatchObject({
      oldDeadline: '2026-12-20',
      newDeadline: '2027-01-10',
      late: false,
    })
  })

  it('accepts a request on day −3 with a warning that cites the regulation from settings', async () => {
    setToday(2026, 12, 17)
    const h = await move(await hazard(core, w), {
      action: 'requestExtension',
      on: '2026-12-17',
      requestedDeadline: '2027-01-10',
      ground: GROUND,
    })
    expect(h.storedStatus).toBe('rectifying')
    expect(h.extension).toMatchObject({ requestedOn: '2026-12-17', answerDue: '2026-12-22', ground: GROUND })
    expect(h.extension.warning).toBe(
      `本申请于2026年12月17日收到，不在本机关设置的延期申请期间（最迟在期限届满前10日提出，即2026年12月10日以前；${CITE}）。已登记受理，答复时请考虑申请是否及时。`,
    )
    const d = await ok<Detail>(core, 'hazard.get', { id: h.id })
    expect(d.events.at(-1)?.data).toMatchObject({ ground: GROUND, warning: h.extension.warning })
  })

  it('follows the office\'s reading and citation: "within the last 10 days" takes day −3 silently and warns on day −12', async () => {
    await ok(core, 'hazard.updateRules', { extensionWindow: 'lastDays', article: '第十九条' })
    setToday(2026, 12, 17)
    const a = await move(await hazard(core, w), {
      action: 'requestExtension',
      on: '2026-12-17',
      requestedDeadline: '2027-01-10',
      ground: GROUND,
    })
    expect(a.extension.window).toEqual({ from: '2026-12-10', to: '2026-12-20' })
    expect(a.extension.warning).toBeNull()
    const b = await move(await hazard(core, w), {
      action: 'requestExtension',
      on: '2026-12-08',
      requestedDeadline: '2027-01-10',
      ground: GROUND,
    })
    expect(b.extension.warning).toContain(
      '在期限届满前10日之内提出，即2026年12月10日至2026年12月20日；《安全生产违法行为行政处罚办法》（应急管理部令第18号）第十九条',
    )
  })

  it('refuses a request after the deadline has passed, and one without a ground', async () => {
    setToday(2026, 12, 21)
    const h = await hazard(core, w)
    const late = await refuse(h, {
      action: 'requestExtension',
      on: '2026-12-21',
      requestedDeadline: '2027-01-10',
      ground: GROUND,
    })
    expect(late.code).toBe('VALIDATION')
    expect(late.message).toContain('整改期限已于2026年12月20日届满，期限届满后不能再申请延期')
    const noGround = await refuse(h, {
      action: 'requestExtension',
      on: '2026-12-19',
      requestedDeadline: '2027-01-10',
    })
    expect(noGround.message).toContain('延期事由')
  })

  it('counts the window back across a leap day: deadline 2028-03-10 → 2028-02-29', async () => {
    setToday(2028, 3, 1)
    const h = await hazard(core, w, { foundOn: '2028-02-01', deadline: '2028-03-10' })
    expect(h.extension.window?.to).toBe('2028-02-29')
    const late = await move(h, {
      action: 'requestExtension',
      on: '2028-03-01',
      requestedDeadline: '2028-04-10',
      ground: GROUND,
    })
    expect(late.extension.warning).toContain('即2028年2月29日以前')
    expect(late.extension.answerDue).toBe('2028-03-06')
  })

  it('a rejected request keeps the deadline; a late answer is recorded as late', async () => {
    setToday(2026, 12, 20)
    let h = await hazard(core, w)
    h = await move(h, {
      action: 'requestExtension',
      on: '2026-12-01',
      requestedDeadline: '2027-01-10',
      ground: GROUND,
    })
    h = await move(h, { action: 'answerExtension', on: '2026-12-08', answer: 'rejected', note: '理由不充分' })
    expect(h).toMatchObject({
      deadline: '2026-12-20',
      extension: { answer: 'rejected', answerLabel: '不予延期' },
    })
    const d = await ok<Detail>(core, 'hazard.get', { id: h.id })
    expect(d.events.at(-1)?.data).toMatchObject({ answerDue: '2026-12-06', late: true })
    expect((await refuse(h, { action: 'answerExtension', answer: 'approved' })).message).toBe(
      '该隐患没有待答复的延期申请',
    )
  })
})

describe('overdue is derived from the date at read time', () => {
  it('turns 逾期未改 the day after the deadline without any write, and back if the clock were earlier', async () => {
    const h = await hazard(core, w, { deadline: '2026-12-01' })
    setToday(2026, 12, 1)
    expect(await ok<Hazard>(core, 'hazard.get', { id: h.id })).toMatchObject({
      status: 'pending',
      overdue: false,
      daysLeft: 0,
    })
    setToday(2026, 12, 2)
    const late = await ok<Hazard>(core, 'hazard.get', { id: h.id })
    expect(late).toMatchObject({
      status: 'overdue',
      statusLabel: '逾期未改',
      storedStatus: 'pending',
      overdue: true,
      overdueDays: 1,
      reviewDue: true,
      reviewDueDate: '2026-12-11',
      version: 1,
    })
    expect((await ok<Page>(core, 'hazard.list', { presets: ['overdue'] })).total).toBe(1)
    // the list's 状态 filter reads the computed status, as the list shows it
    expect((await ok<Page>(core, 'hazard.list', { filters: { status: { in: ['pending'] } } })).total).toBe(0)
    expect((await ok<Page>(core, 'hazard.list', { filters: { status: { in: ['overdue'] } } })).total).toBe(1)
  })

  it('records 复查不合格: within the deadline back to 整改中, after it 逾期未改, or 再次限期 with a new deadline', async () => {
    setToday(2026, 12, 25)
    const a = await hazard(core, w)
    const b = await hazard(core, w)
    const c = await hazard(core, w, { deadline: '2026-12-31' })
    expect((await move(a, { action: 'reinspectFail', on: '2026-12-25' })).storedStatus).toBe('overdue')
    const again = await move(b, { action: 'reinspectFail', on: '2026-12-25', newDeadline: '2027-01-05' })
    expect(again).toMatchObject({ status: 'rectifying', deadline: '2027-01-05', reviewDue: false })
    const rect = await move(c, { action: 'rectified', on: '2026-12-24' })
    expect((await move(rect, { action: 'reinspectFail', on: '2026-12-25' })).status).toBe('rectifying')
    expect((await refuse(b, { action: 'reinspectFail', newDeadline: '2026-12-25' })).code).toBe('CONFLICT') // stale version
  })

  it('refers an overdue hazard upward (default: the 上级安全监管部门 setting) and then freezes it', async () => {
    setToday(2026, 12, 25)
    let h = await hazard(core, w)
    h = await move(h, { action: 'markOverdue' })
    expect(h).toMatchObject({ status: 'overdue', storedStatus: 'overdue' })
    h = await move(h, { action: 'refer', note: '移送依法处罚' })
    expect(h).toMatchObject({
      status: 'referred',
      statusLabel: '已移送',
      referredTo: '禾川县应急管理局',
      referredOn: '2026-12-25',
    })
    expect((await refuse(h, { action: 'reinspectPass' })).message).toBe(
      '该隐患已移送禾川县应急管理局处理，不能再变更状态',
    )
  })
})

describe('重大事故隐患: "重大事故隐患排查治理情况应当及时向负有安全生产监督管理职责的部门…报告" — 上报/移送 before 销号', () => {
  it('refuses to close a major hazard without a 上报/移送 record, saying what is missing', async () => {
    setToday(2026, 12, 5)
    let h = await hazard(core, w, { grade: 'major', description: '涉爆粉尘除尘系统未设置锁气卸灰装置' })
    h = await move(h, { action: 'rectified', on: '2026-12-01' })
    const e = await refuse(h, { action: 'reinspectPass', on: '2026-12-05' })
    expect(e.message).toBe(
      '该隐患是重大事故隐患，销号前须登记上报或移送情况：接收单位和上报（移送）日期。请先点“上报/移送”登记，再记录复查合格销号。',
    )
    expect((await ok<Hazard>(core, 'hazard.get', { id: h.id })).storedStatus).toBe('awaiting_review')
  })

  it('records the receiving body, date and reference; closing then succeeds, on or after that date', async () => {
    setToday(2026, 12, 5)
    let h = await hazard(core, w, { grade: 'major' })
    h = await move(h, {
      action: 'report',
      kind: 'transfer',
      on: '2026-11-21',
      to: '禾川县应急管理局',
      reference: '青禾安移〔2026〕3号',
    })
    expect(h).toMatchObject({
      storedStatus: 'pending',
      escalation: {
        kind: 'transfer',
        kindLabel: '移送',
        on: '2026-11-21',
        to: '禾川县应急管理局',
        reference: '青禾安移〔2026〕3号',
      },
    })
    h = await move(h, { action: 'rectified', on: '2026-12-01' })
    expect((await refuse(h, { action: 'reinspectPass', on: '2026-11-20' })).message).toContain(
      '销号日期不能早于移送日期（2026年11月21日）',
    )
    h = await move(h, { action: 'reinspectPass', on: '2026-12-05' })
    expect(h).toMatchObject({ status: 'closed', closure: { via: 'reinspection', source: null } })
    const d = await ok<Detail>(core, 'hazard.get', { id: h.id })
    expect(d.events.map((e) => e.actionLabel)).toContain('重大事故隐患上报/移送')
    const log = await ok<{ rows: { note: string | null }[] }>(core, 'audit.list', { pageSize: 50 })
    expect(log.rows.map((r) => r.note)).toContain(
      '重大事故隐患上报/移送（移送禾川县应急管理局，青禾安移〔2026〕3号）',
    )
  })

  it('defaults the receiving body to the 上级安全监管部门 setting; a general hazard needs no record and takes none', async () => {
    let m = await hazard(core, w, { grade: 'major' })
    m = await move(m, { action: 'report', kind: 'report', on: '2026-11-20' })
    expect(m.escalation).toMatchObject({ kindLabel: '上报', to: '禾川县应急管理局', reference: null })
    const g = await hazard(core, w, { description: '灭火器压力不足' })
    expect((await refuse(g, { action: 'report', kind: 'report' })).message).toContain(
      '只有重大事故隐患需要登记上报/移送',
    )
    const closed = await move(g, { action: 'reinspectPass', on: '2026-11-28' })
    expect(closed.status).toBe('closed')
  })
})

describe('hazard.list filters and dashboard.hazards', () => {
  beforeEach(async () => {
    // 2026-11-28: a spread of deadlines and states across two enterprises in two villages.
    await hazard(core, w, { description: 'A 逾期', deadline: '2026-11-25' })
    const b = await hazard(core, w, {
      description: 'B 今天到期',
      deadline: '2026-11-28',
      grade: 'major',
      supervisionLevel: 'county',
    })
    await hazard(core, w, { description: 'C 7天后到期', deadline: '2026-12-05' })
    await hazard(core, w, { description: 'D 8天后到期', deadline: '2026-12-06' })
    const e = await hazard(core, w, {
      enterpriseId: w.enterprise2,
      description: 'E 待复查',
      deadline: '2026-12-10',
      foundOn: '2026-10-01',
    })
    const f = await hazard(core, w, {
      enterpriseId: w.enterprise2,
      description: 'F 已销号',
      deadline: '2026-11-01',
      foundOn: '2026-10-01',
    })
    const g = await hazard(core, w, {
      description: 'G 复查超期',
      deadline: '2026-11-10',
      foundOn: '2026-10-01',
    })
    await hazard(core, w, { description: 'H 无期限', deadline: null })
    await move(b, { action: 'start' })
    await move(e, { action: 'rectified', on: '2026-11-26' })
    await move(f, { action: 'reinspectPass', on: '2026-11-05' })
    await ok(core, 'hazard.transition', { id: g.id, version: 1, action: 'rectified', on: '2026-11-12' })
  })

  type Row = { description: string; status: string; presets: string[] }
  const names = async (q: Record<string, unknown>) =>
    (await ok<{ rows: Row[] }>(core, 'hazard.list', { pageSize: 100, ...q })).rows
      .map((h) => h.description.slice(0, 1))
      .sort()
  const preset = (...presets: string[]) => names({ presets })
  const only = (filters: Record<string, unknown>) => names({ filters })

  it('filters by each computed status and field', async () => {
    // A's deadline was 11-25: overdue. B's is today (11-28): still in time, due within 7 days.
    expect(await preset('overdue')).toEqual(['A'])
    expect(await preset('dueSoon')).toEqual(['B', 'C'])
    expect(await preset('reviewDue')).toEqual(['A', 'E', 'G'])
    // G: rectified 11-12 after its 11-10 deadline; the deadline came first → 复查 due 11-20, passed.
    expect(await preset('reviewLate')).toEqual(['G'])
    expect(await preset('overdue', 'reviewDue')).toEqual(['A'])
    expect(await only({ grade: { in: ['major'] } })).toEqual(['B'])
    expect(await only({ supervisionLevel: { in: ['county'] } })).toEqual(['B'])
    expect(await only({ status: { in: ['closed'] } })).toEqual(['F'])
    expect(await only({ villageId: { in: [w.village2] } })).toEqual(['E', 'F'])
    expect(
      await names({ filters: { enterpriseId: { in: [w.enterprise2] } }, presets: ['notClosed'] }),
    ).toEqual(['E'])
    expect(await only({ foundOn: { from: '2026-10-01', to: '2026-10-31' } })).toEqual(['E', 'F', 'G'])
    expect(await names({ query: '销号' })).toEqual(['F'])
  })

  it("the 复查 period is the office's setting", async () => {
    // G's 复查 was due 10 days after its deadline (11-10): 11-20. With 20 days it is due 11-30.
    await ok(core, 'hazard.updateRules', { reinspectionDays: 20 })
    expect(await preset('reviewLate')).toEqual([])
    await ok(core, 'hazard.updateRules', { reinspectionDays: 3 })
    // E: requested 11-26, before its 12-10 deadline → due 11-29, not yet; G: due 11-13, late.
    expect(await preset('reviewLate')).toEqual(['G'])
  })

  it("shows each row's computed status: 逾期未改 for a 待整改 past its deadline", async () => {
    const rows = (await ok<{ rows: Row[] }>(core, 'hazard.list', { pageSize: 100 })).rows
    const a = rows.find((r) => r.description.startsWith('A'))
    expect(a).toMatchObject({
      status: 'pending',
      presets: ['overdue', 'reviewDue', 'toRectify', 'notClosed'],
    })
    const b = rows.find((r) => r.description.startsWith('B'))
    expect(b?.presets).toEqual(['dueSoon', 'toRectify', 'notClosed'])
  })

  it('sorts the most urgent first: overdue, to rectify by deadline (none last), awaiting 复查, done', async () => {
    const rows = (await ok<{ rows: Row[] }>(core, 'hazard.list', {})).rows.map((h) =>
      h.description.slice(0, 1),
    )
    expect(rows).toEqual(['A', 'B', 'C', 'D', 'H', 'G', 'E', 'F'])
    const desc = await ok<{ rows: Row[] }>(core, 'hazard.list', { sort: { field: 'urgency', order: 'desc' } })
    expect(desc.rows[desc.rows.length - 1]?.description.slice(0, 1)).toBe('A')
  })

  it('each badge equals the list total for its query, and a hazard in the 回收站 counts nowhere', async () => {
    type Dash = Record<string, number> & { queries: Record<string, Record<string, unknown>> }
    const d = await ok<Dash>(core, 'dashboard.hazards')
    const total = async (q: Record<string, unknown>) =>
      (await ok<{ total: number }>(core, 'hazard.list', q)).total
    expect(d).toMatchObject({
      overdue: 1,
      dueIn7Days: 2,
      reviewsDue: 2,
      reviewsLate: 1,
      extensionsToAnswer: 0,
      open: 7,
      openMajor: 1,
      total: 8,
    })
    for (const [k, q] of Object.entries(d.queries)) expect([k, d[k]]).toEqual([k, await total(q)])

    const a = (await ok<{ rows: (Row & { id: number })[] }>(core, 'hazard.list', { presets: ['overdue'] }))
      .rows[0]
    const stats = async () =>
      Object.fromEntries(
        (
          await ok<{ values: { key: string; value: number }[] }>(core, 'stats.compute', {
            from: '2026-01-01',
            to: '2026-12-31',
          })
        ).values.map((v) => [v.key, v.value]),
      )
    expect((await stats()).overdueHazards).toBe(1)
    await ok(core, 'hazard.remove', { ids: [a?.id] })
    const after = await ok<Dash>(core, 'dashboard.hazards')
    expect(after).toMatchObject({ overdue: 0, open: 6, total: 7 })
    for (const [k, q] of Object.entries(after.queries)) expect([k, after[k]]).toEqual([k, await total(q)])
    expect(await stats()).toMatchObject({ hazards: 7, overdueHazards: 0 })
    const dossier = await ok<{ links: { key: string; total: number }[] }>(core, 'enterprise.dossier', {
      id: w.enterpriseId,
    })
    expect(dossier.links.find((l) => l.key === 'hazards')?.total).toBe(5)
  })

  it('the 待复查 badge opens exactly the hazards the list shows as 待复查; the overdue A stays under 逾期未改', async () => {
    const d = await ok<{ reviewsDue: number; overdue: number; queries: Record<string, object> }>(
      core,
      'dashboard.hazards',
    )
    const opened = (
      await ok<{ rows: Row[] }>(core, 'hazard.list', { pageSize: 100, ...d.queries.reviewsDue })
    ).rows
    expect(opened.map((h) => [h.description.slice(0, 1), h.status]).sort()).toEqual([
      ['E', 'awaiting_review'],
      ['G', 'awaiting_review'],
    ])
    expect(opened).toHaveLength(d.reviewsDue)
    const late = (await ok<{ rows: Row[] }>(core, 'hazard.list', { pageSize: 100, ...d.queries.overdue }))
      .rows
    expect(late.map((h) => [h.description.slice(0, 1), h.presets.includes('overdue')])).toEqual([['A', true]])
  })

  it('the badges move with the clock', async () => {
    setToday(2026, 12, 6)
    const d = await ok<{ overdue: number; dueIn7Days: number }>(core, 'dashboard.hazards')
    // A, B (11-28), C (12-05) are now past; D (12-06) is due today; E waits for 复查.
    expect(d.overdue).toBe(3)
    expect(d.dueIn7Days).toBe(1)
  })
})

describe('migration 0016 (hazards on the kit)', () => {
  it('moves edits made in the app to the history and keeps an import’s edit with its source', async () => {
    const { default: path } = await import('node:path')
    const { openDatabase } = await import('../db/open')
    const { MIGRATIONS } = await import('../db/migrations')
    const { createCore } = await import('../index')
    const { tempDir } = await import('../test/helpers')
    const dir = tempDir()
    const old = await openDatabase({
      file: path.join(dir, 'ledger.sqlite'),
      now: () => new Date(),
      migrations: MIGRATIONS.filter((m) => m.version <= 15),
    })
    old.exec(`INSERT INTO villages(name, sort_order, created_at) VALUES ('东湖村', 1, '2026-01-01');
      INSERT INTO enterprises(name, village_id, created_at, updated_at) VALUES ('利民塑料有限公司', 1, '2026-01-01', '2026-01-01');
      INSERT INTO hazards(enterprise_id, description, grade, found_on, status, responsible_person, version, created_at, updated_at)
        VALUES (1, '灭火器过期', 'general', '2026-03-01', 'pending', '王五', 3, '2026-03-01', '2026-03-05');
      INSERT INTO hazard_events(hazard_id, at, on_date, action, from_status, to_status, note, data) VALUES
        (1, '2026-03-01 09:00:00', '2026-03-01', 'create', NULL, 'pending', NULL, '{}'),
        (1, '2026-03-02 09:00:00', '2026-03-02', 'edit', 'pending', 'pending', NULL,
          '{"changes":[{"field":"responsiblePerson","label":"整改责任人","before":"张三","after":"王五"}]}'),
        (1, '2026-03-05 09:00:00', '2026-03-05', 'edit', 'pending', 'pending', '由隐患台账导入（台账.xlsx 第3行）', '{"batch":1}');`)
    old.close()
    const c = await createCore({ dataDir: dir, now: () => new Date(2026, 2, 10) })
    try {
      const history = await ok<{ action: string; changes: { field: string; after: unknown }[] }[]>(
        c,
        'hazard.history',
        { id: 1 },
      )
      expect(history.map((e) => [e.action, e.changes.map((x) => [x.field, x.after])])).toEqual([
        ['update', [['responsiblePerson', '王五']]],
      ])
      const d = await ok<Detail>(c, 'hazard.get', { id: 1 })
      expect(d.events.map((e) => [e.action, e.note])).toEqual([
        ['create', null],
        ['edit', '由隐患台账导入（台账.xlsx 第3行）'],
      ])
      // and the next edit goes through the kit, on top of the stored version
      await ok(c, 'hazard.update', { id: 1, version: 3, data: { place: '仓库' } })
      expect((await ok<Detail>(c, 'hazard.get', { id: 1 })).place).toBe('仓库')
    } finally {
      c.close()
    }
  })
})
