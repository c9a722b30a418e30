import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import type { Enterprise } from './ledger'
import { fail, memoryCore, ok, seedLookups } from '../test/helpers'

let core: Core
let ids: { villageId: number; village2: number; industryId: number }

const base = (over: Record<string, unknown> = {}) => ({
  name: '华兴机械有限公司',
  creditCode: '9144030071526726XG',
  legalRepresentative: '王建国',
  principal: '李秀英',
  principalPhone: '138 1234 5678',
  villageId: ids.villageId,
  industryId: ids.industryId,
  scale: 'medium',
  aboveThreshold: true,
  employees: 120,
  flags: ['dust', 'confinedSpace'],
  riskLevel: 'high',
  status: 'operating',
  ...over,
})

type Created = { record: Enterprise; similar: { id: number; name: string }[] }
type Page = { rows: Enterprise[]; total: number }

beforeEach(async () => {
  core = await memoryCore()
  ids = await seedLookups(core)
})
afterEach(() => core.close())

describe('enterprise.create / get', () => {
  it('stores a normalised record with names of its village and industry', async () => {
    const { record: enterprise } = await ok<Created>(core, 'enterprise.create', { data: base() })
    const got = await ok<Enterprise>(core, 'enterprise.get', { id: enterprise.id })
    expect(got).toMatchObject({
      name: '华兴机械有限公司',
      principalPhone: '13812345678',
      villageName: '东湖村',
      industryName: '机械制造',
      flags: ['dust', 'confinedSpace'],
      version: 1,
      deletedAt: null,
    })
  })

  it('refuses a wrong check character with the Chinese message on the field, storing nothing', async () => {
    const err = await fail(core, 'enterprise.create', { data: base({ creditCode: '9144030071526726XA' }) })
    expect(err.code).toBe('VALIDATION')
    expect(err.details?.issues).toContainEqual({
      field: 'creditCode',
      message: '统一社会信用代码第18位校验码应为 G，请核对营业执照',
    })
    expect((await ok<Page>(core, 'enterprise.list', {})).total).toBe(0)
  })

  it('requires a name and a village', async () => {
    const err = await fail(core, 'enterprise.create', { data: { name: ' ', status: 'operating' } })
    const fields = err.details?.issues?.map((i) => i.field)
    expect(fields).toEqual(expect.arrayContaining(['name', 'villageId']))
  })

  it('refuses a duplicate credit code, also when the owner is in the 回收站', async () => {
    const { record: enterprise } = await ok<Created>(core, 'enterprise.create', { data: base() })
    await ok(core, 'enterprise.remove', { ids: [enterprise.id] })
    const err = await fail(core, 'enterprise.create', { data: base({ name: '另一家公司' }) })
    expect(err.code).toBe('CONFLICT')
    expect(err.message).toContain('已被“华兴机械有限公司”使用')
    expect(err.message).toContain('回收站')
  })

  it('warns (but saves) when a name is close to an existing one', async () => {
    await ok<Created>(core, 'enterprise.create', { data: base() })
    const r = await ok<Created>(core, 'enterprise.create', {
      data: base({ name: '华兴机械有限责任公司', creditCode: null }),
    })
    expect(r.similar.map((s) => s.name)).toEqual(['华兴机械有限公司'])
    const check = await ok<{ similar: unknown[]; owners: { field: string; name: string }[] }>(
      core,
      'enterprise.checkDuplicates',
      { data: { name: '（青禾）华兴机械厂', creditCode: '9144030071526726xg' } },
    )
    expect(check.similar.length).toBe(2)
    expect(check.owners).toMatchObject([{ field: 'creditCode', name: '华兴机械有限公司' }])
  })

  it('refuses a village that does not exist', async () => {
    const err = await fail(core, 'enterprise.create', { data: base({ villageId: 999 }) })
    expect(err.details?.issues?.[0]).toMatchObject({ field: 'villageId' })
  })
})

describe('enterprise.update and history', () => {
  it('records each changed field with before and after, and bumps the version', async () => {
    const { record: enterprise } = await ok<Created>(core, 'enterprise.create', { data: base() })
    const { record: updated } = await ok<Created>(core, 'enterprise.update', {
      id: enterprise.id,
      version: 1,
      data: base({ principal: '赵子涵', villageId: ids.village2 }),
    })
    expect(updated.version).toBe(2)
    expect(updated.villageName).toBe('西岭村')
    const history = await ok<
      { action: string; changes: { field: string; before: unknown; after: unknown }[] }[]
    >(core, 'enterprise.history', { id: enterprise.id })
    expect(history.map((h) => h.action)).toEqual(['update', 'create'])
    expect(history[0]?.changes).toEqual([
      {
        field: 'villageId',
        label: '所属村（社区）',
        before: ids.villageId,
        after: ids.village2,
        beforeText: '东湖村',
        afterText: '西岭村',
      },
      {
        field: 'principal',
        label: '主要负责人',
        before: '李秀英',
        after: '赵子涵',
        beforeText: '李秀英',
        afterText: '赵子涵',
      },
    ])
  })

  it('refuses a stale version so a second window cannot overwrite silently', async () => {
    const { record: enterprise } = await ok<Created>(core, 'enterprise.create', { data: base() })
    await ok(core, 'enterprise.update', { id: enterprise.id, version: 1, data: base({ employees: 130 }) })
    const err = await fail(core, 'enterprise.update', {
      id: enterprise.id,
      version: 1,
      data: base({ employees: 140 }),
    })
    expect(err.code).toBe('CONFLICT')
    expect((await ok<Enterprise>(core, 'enterprise.get', { id: enterprise.id })).employees).toBe(130)
  })
})

describe('回收站', () => {
  it('hides removed enterprises from the list, shows them in the bin, and restores them', async () => {
    const { record: enterprise } = await ok<Created>(core, 'enterprise.create', { data: base() })
    await ok(core, 'enterprise.remove', { ids: [enterprise.id] })
    expect((await ok<Page>(core, 'enterprise.list', {})).total).toBe(0)
    const bin = await ok<Page>(core, 'enterprise.list', { deleted: true })
    expect(bin.rows.map((r) => r.name)).toEqual(['华兴机械有限公司'])
    await ok(core, 'enterprise.restore', { ids: [enterprise.id] })
    expect((await ok<Page>(core, 'enterprise.list', {})).total).toBe(1)
    const history = await ok<{ action: string }[]>(core, 'enterprise.history', { id: enterprise.id })
    expect(history.map((h) => h.action)).toEqual(['restore', 'delete', 'create'])
  })

  it('refuses to edit a record that is in the bin', async () => {
    const { record: enterprise } = await ok<Created>(core, 'enterprise.create', { data: base() })
    await ok(core, 'enterprise.remove', { ids: [enterprise.id] })
    const err = await fail(core, 'enterprise.update', { id: enterprise.id, version: 2, data: base() })
    expect(err.message).toContain('回收站')
  })
})

describe('enterprise.list: search, filters, sort, paging', () => {
  beforeEach(async () => {
    await ok(core, 'enterprise.create', { data: base() })
    await ok(core, 'enterprise.create', {
      data: base({
        name: '恒泰纺织有限公司',
        creditCode: null,
        principal: '赵子涵',
        principalPhone: '15098228643',
        villageId: ids.village2,
        industryId: null,
        flags: [],
        riskLevel: 'low',
        scale: 'micro',
        aboveThreshold: false,
        employees: 8,
      }),
    })
    await ok(core, 'enterprise.create', {
      data: base({
        name: '东湖加油站',
        creditCode: null,
        principal: '周杰',
        flags: ['hazchem'],
        riskLevel: 'major',
        status: 'suspended',
      }),
    })
  })

  const names = async (input: Record<string, unknown>) =>
    (await ok<Page>(core, 'enterprise.list', input)).rows.map((r) => r.name)

  it('finds by 3+ characters of name, person, phone and code (FTS trigram)', async () => {
    expect(await names({ query: '纺织有限' })).toEqual(['恒泰纺织有限公司'])
    expect(await names({ query: '赵子涵' })).toEqual(['恒泰纺织有限公司'])
    expect(await names({ query: '98228643' })).toEqual(['恒泰纺织有限公司'])
    expect(await names({ query: '71526726' })).toEqual(['华兴机械有限公司'])
  })

  it('finds by 1-2 characters, which trigram alone would silently miss', async () => {
    expect(await names({ query: '恒泰' })).toEqual(['恒泰纺织有限公司'])
    expect(await names({ query: '周' })).toEqual(['东湖加油站'])
  })

  it('combines several words and treats % and _ literally', async () => {
    expect(await names({ query: '有限公司 赵子涵' })).toEqual(['恒泰纺织有限公司'])
    expect(await names({ query: '%' })).toEqual([])
    expect(await names({ query: '"纺织' })).toEqual([])
  })

  it('filters by village, industry, scale, status, risk and flags', async () => {
    expect(await names({ filters: { villageId: { in: [ids.village2] } } })).toEqual(['恒泰纺织有限公司'])
    expect(
      await names({
        filters: { industryId: { in: [ids.industryId] } },
        sort: { field: 'name', order: 'asc' },
      }),
    ).toHaveLength(2)
    expect(await names({ filters: { scale: { in: ['micro'] } } })).toEqual(['恒泰纺织有限公司'])
    expect(await names({ filters: { aboveThreshold: { in: [false] } } })).toEqual(['恒泰纺织有限公司'])
    expect(await names({ filters: { status: { in: ['suspended'] } } })).toEqual(['东湖加油站'])
    // 重大 before 较大 when sorting by risk (the options' order), not alphabetically
    expect(
      await names({
        filters: { riskLevel: { in: ['major', 'high'] } },
        sort: { field: 'riskLevel', order: 'asc' },
      }),
    ).toEqual(['东湖加油站', '华兴机械有限公司'])
    expect(await names({ filters: { flags: { in: ['hazchem'] } } })).toEqual(['东湖加油站'])
    expect(await names({ filters: { flags: { in: ['dust', 'confinedSpace'] } } })).toEqual([
      '华兴机械有限公司',
    ])
  })

  it('sorts by employees and pages on the server with a total', async () => {
    const p1 = await ok<Page>(core, 'enterprise.list', {
      page: 1,
      pageSize: 2,
      sort: { field: 'employees', order: 'asc' },
    })
    const p2 = await ok<Page>(core, 'enterprise.list', {
      page: 2,
      pageSize: 2,
      sort: { field: 'employees', order: 'asc' },
    })
    expect(p1.total).toBe(3)
    expect(p1.rows.map((r) => r.employees)).toEqual([8, 120])
    expect(p2.rows).toHaveLength(1)
  })

  it('rejects an unknown sort field instead of building SQL from it', async () => {
    const err = await fail(core, 'enterprise.list', {
      sort: { field: 'name; DROP TABLE enterprises', order: 'asc' },
    })
    expect(err.code).toBe('VALIDATION')
  })
})

describe('villages and industries', () => {
  it('refuses to delete a village that still has enterprises, and renames it everywhere', async () => {
    const { record: enterprise } = await ok<Created>(core, 'enterprise.create', { data: base() })
    const err = await fail(core, 'village.remove', { id: ids.villageId })
    expect(err.message).toContain('还有 1 家企业')
    await ok(core, 'village.rename', { id: ids.villageId, name: '东湖社区' })
    expect((await ok<Enterprise>(core, 'enterprise.get', { id: enterprise.id })).villageName).toBe('东湖社区')
    const dup = await fail(core, 'village.create', { name: '西岭村' })
    expect(dup.code).toBe('CONFLICT')
  })

  it('keeps the office’s order', async () => {
    const list = await ok<{ id: number; name: string }[]>(core, 'village.reorder', {
      ids: [ids.village2, ids.villageId],
    })
    expect(list.map((v) => v.name)).toEqual(['西岭村', '东湖村'])
  })
})

describe('dispatch boundary', () => {
  it('answers unknown handlers and bad input with stable codes and Chinese messages', async () => {
    expect((await fail(core, 'enterprise.drop', {})).code).toBe('UNKNOWN_HANDLER')
    const bad = await fail(core, 'enterprise.get', { id: 'abc' })
    expect(bad.code).toBe('VALIDATION')
    const missing = await fail(core, 'enterprise.get', { id: 12345 })
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: '该企业不存在或已被删除，请刷新后重试' })
  })

  it('never leaks a stack trace for internal errors', async () => {
    core.ctx.db.exec('DROP TABLE enterprise_history')
    const err = await fail(core, 'enterprise.create', { data: base() })
    expect(err.code).toBe('INTERNAL')
    expect(JSON.stringify(err)).not.toMatch(/at |\.ts|SqliteError/)
    // all-or-nothing: the enterprise row of the failed create is not left behind
    expect((await ok<Page>(core, 'enterprise.list', {})).total).toBe(0)
  })
})
