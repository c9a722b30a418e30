import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { fail, memoryCore, ok, seedLookups } from '../test/helpers'

// Outlets and their licences through the handler table, on a real SQLite database. Today is
// 2026-11-28 (FIXED_NOW); the coming Spring Festival is 2027-02-06.

let core: Core
let villageId: number
beforeEach(async () => {
  core = await memoryCore()
  ;({ villageId } = await seedLookups(core))
})
afterEach(() => core.close())

interface Row {
  id: number
  name: string
  licence: { licenceNo: string; validTo: string; state: string; daysLeft: number } | null
  licenceCount: number
  operatingWithout: boolean
  warnings: string[]
}

async function outlet(name: string, extra: Record<string, unknown> = {}): Promise<number> {
  const r = await ok<{ record: { id: number } }>(core, 'fireworksOutlet.create', {
    data: {
      name,
      principal: '张三',
      phones: '13812345678',
      villageId,
      address: `青禾镇东湖村${name}`,
      salesMode: '专柜',
      area: 12,
      ...extra,
    },
  })
  return r.record.id
}

async function licence(outletId: number, licenceNo: string, validFrom: string, validTo: string) {
  return ok<{ record: { id: number; licenceNo: string } }>(core, 'fireworksLicence.create', {
    data: { outletId, licenceNo, validFrom, validTo, storageLimit: 30 },
  })
}

describe('outlets and licences', () => {
  it('stores a licence number typed with ASCII brackets in the full-width form, and finds it either way', async () => {
    const id = await outlet('罗记副食店')
    const r = await licence(id, '(赣)LS(2026)0771', '2026-12-10', '2027-02-20')
    expect(r.record.licenceNo).toBe('（赣）LS〔2026〕0771')
    const list = await ok<{ rows: Row[] }>(core, 'fireworksOutlet.list', { query: '(赣)LS(2026)0771' })
    expect(list.rows.map((x) => x.name)).toEqual(['罗记副食店'])
    expect(list.rows[0]?.licence?.licenceNo).toBe('（赣）LS〔2026〕0771')
  })

  it('refuses in the form a validity over two years, a malformed number and a number already used', async () => {
    const id = await outlet('黄记副食店')
    const over = await fail(core, 'fireworksLicence.create', {
      data: { outletId: id, licenceNo: '（赣）LS〔2026〕1', validFrom: '2026-01-05', validTo: '2028-12-31' },
    })
    expect(over.details?.issues).toEqual([
      { field: 'validTo', message: expect.stringContaining('许可证有效期超过2年') },
    ])
    const bad = await fail(core, 'fireworksLicence.create', {
      data: { outletId: id, licenceNo: 'LS-2026-1', validFrom: '2026-01-05', validTo: '2026-02-28' },
    })
    expect(bad.details?.issues?.[0]).toMatchObject({
      field: 'licenceNo',
      message: expect.stringContaining('格式不对'),
    })
    await licence(id, '（赣）LS〔2026〕2', '2026-01-05', '2028-01-05')
    const twice = await fail(core, 'fireworksLicence.create', {
      data: { outletId: id, licenceNo: '(赣)LS[2026]2', validFrom: '2026-01-05', validTo: '2026-02-28' },
    })
    expect(twice.message).toContain('已登记在“黄记副食店”名下')
  })

  it('sorts the outlets by the 有效期止 of the licence that counts today, unlicensed last', async () => {
    const late = await outlet('甲记商店')
    await licence(late, '（赣）LS〔2026〕21', '2026-03-01', '2027-12-31')
    // an old licence ending earlier does not count: the one in force does
    await licence(late, '（赣）LS〔2025〕20', '2025-03-01', '2026-02-28')
    const soon = await outlet('乙记商店')
    await licence(soon, '（赣）LS〔2026〕22', '2026-11-01', '2027-01-20')
    await outlet('丙记商店')
    const names = async (order: string) =>
      (
        await ok<{ rows: Row[] }>(core, 'fireworksOutlet.list', { sort: { field: 'validTo', order } })
      ).rows.map((r) => r.name)
    expect(await names('asc')).toEqual(['乙记商店', '甲记商店', '丙记商店'])
    expect(await names('desc')).toEqual(['甲记商店', '乙记商店', '丙记商店'])
  })

  it('warns of a floor area under 10 ㎡ without refusing it', async () => {
    const id = await outlet('侯记日杂店', { area: 6 })
    await licence(id, '（赣）LS〔2026〕3', '2026-11-01', '2027-02-20')
    const { rows } = await ok<{ rows: Row[] }>(core, 'fireworksOutlet.list', {})
    expect(rows[0]?.warnings).toEqual(['面积6㎡，不足10㎡'])
  })

  it('a renewal is a new licence of the same outlet: the history lists both, the new one current', async () => {
    const id = await outlet('北湖鞭炮烟花店', { salesMode: '专店', area: 30 })
    await licence(id, '（赣）LS〔2025〕337', '2025-12-15', '2026-02-28')
    const before = await ok<{ chain: unknown[]; proposal: { validFrom: string; validTo: string } }>(
      core,
      'fireworks.outlet',
      { id },
    )
    // 春节期间 outlet: the proposal is the coming season, 腊月十七 to 正月十五.
    expect(before.proposal).toMatchObject({ validFrom: '2027-01-24', validTo: '2027-02-20' })
    await licence(id, '（赣）LS〔2026〕918', before.proposal.validFrom, before.proposal.validTo)
    const after = await ok<{
      chain: { licenceNo: string; current: boolean; gapBefore: number | null; state: string }[]
      outlet: Row
    }>(core, 'fireworks.outlet', { id })
    expect(after.chain.map((c) => [c.licenceNo, c.current, c.state])).toEqual([
      ['（赣）LS〔2025〕337', false, 'expired'],
      ['（赣）LS〔2026〕918', true, 'notYet'],
    ])
    expect(after.chain[1]?.gapBefore).toBe(329)
    expect(after.outlet.licenceCount).toBe(2)
    expect(after.outlet.operatingWithout).toBe(false)
  })
})

describe('reminders and the year-end renewal roster', () => {
  it('counts licences expiring within 30 and 60 days and outlets operating on a lapsed licence', async () => {
    const soon = await outlet('大港烟花爆竹零售店')
    await licence(soon, '（赣）LS〔2025〕10', '2025-12-28', '2026-12-20') // 22 days left
    const later = await outlet('新埠鞭炮烟花店')
    await licence(later, '（赣）LS〔2025〕11', '2025-02-01', '2027-01-20') // 53 days left
    const lapsed = await outlet('上岙鞭炮烟花店')
    await licence(lapsed, '（赣）LS〔2025〕12', '2025-12-10', '2026-02-28')
    const closed = await outlet('覃记小卖部', { status: '关闭' })
    await licence(closed, '（赣）LS〔2025〕13', '2025-12-10', '2026-02-28')
    const far = await outlet('西岭烟花爆竹专营店', { season: '常年' })
    await licence(far, '（赣）LS〔2026〕14', '2026-03-01', '2028-02-29')

    const r = await ok<{
      expiring30: number
      expiring60: number
      expiredOperating: number
      renewalDue: number
      springFestival: string
      items: { name: string; kind: string }[]
    }>(core, 'fireworks.reminders')
    expect(r).toMatchObject({
      expiring30: 1,
      expiring60: 2,
      expiredOperating: 1,
      renewalDue: 3,
      springFestival: '2027-02-06',
    })
    expect(r.items.map((i) => [i.name, i.kind])).toEqual([
      ['上岙鞭炮烟花店', 'expiredOperating'],
      ['大港烟花爆竹零售店', 'expiring'],
      ['新埠鞭炮烟花店', 'expiring'],
    ])
    const renewal = await ok<{ springFestival: string; season: { from: string }; rows: Row[] }>(
      core,
      'fireworks.renewal',
    )
    expect(renewal.season.from).toBe('2027-01-24')
    expect(renewal.rows.map((x) => x.name).sort()).toEqual(
      ['上岙鞭炮烟花店', '大港烟花爆竹零售店', '新埠鞭炮烟花店'].sort(),
    )
    const lapsedList = await ok<{ rows: Row[] }>(core, 'fireworksOutlet.list', {
      extra: { licence: 'expiredOperating' },
    })
    expect(lapsedList.rows.map((x) => x.name)).toEqual(['上岙鞭炮烟花店'])
    expect(lapsedList.rows[0]?.warnings).toContain('许可证已过期，仍登记为在营')
  })
})

describe('demo', () => {
  it('has licensees expiring within 30 and 60 days, one lapsed but operating, and the renewal roster', async () => {
    await ok(core, 'demo.load')
    const r = await ok<{
      expiring30: number
      expiring60: number
      expiredOperating: number
      renewalDue: number
    }>(core, 'fireworks.reminders')
    expect(r).toMatchObject({ expiring30: 1, expiring60: 2, expiredOperating: 1 })
    // 吴记、徐记、江南 (not renewed for the season) and the year-round ones lapsing before 2027-02-06.
    expect(r.renewalDue).toBe(6)
    const { rows } = await ok<{ rows: Row[] }>(core, 'fireworksOutlet.list', { pageSize: 100 })
    expect(rows).toHaveLength(11)
    // Outlets that are roster enterprises are linked to them; the roster did not grow.
    const linked = rows.filter((x) => (x as unknown as { enterpriseId: number | null }).enterpriseId !== null)
    expect(linked).toHaveLength(2)
    expect((await ok<{ total: number }>(core, 'enterprise.list', {})).total).toBe(240)
    // Two outlets inspected as outlets; the 8 ㎡ counter is a hazard of its outlet.
    const outletIds = rows.map((x) => x.id)
    const insp = await ok<{
      rows: { enterpriseId: number | null; enterpriseName: string; hazardCount: number }[]
    }>(core, 'inspection.list', { outletIds, pageSize: 50 })
    expect(insp.rows.map((i) => [i.enterpriseName, i.enterpriseId, i.hazardCount]).sort()).toEqual([
      ['东湖烟花爆竹专营店', null, 0],
      ['周记副食店', null, 1],
    ])
  })
})
