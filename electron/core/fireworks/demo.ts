import { isoNow, type Ctx } from '../context'
import { addDays } from '../shared/dates'
import { comingSpringFestival, springFestival, springSeason } from '../shared/fireworks/lunar'
import { ensureChecklists } from '../inspections/checklists'
import { hazardFromItem } from '../inspections/hazards'
import { createInspection, inspectionResults, setResult } from '../inspections/inspections'
import { fireworksLicenceRepo, fireworksOutletRepo } from './ledger'

// Demo 烟花爆竹零售经营户 for the fictional 青禾镇: year-round outlets on two-year licences (one
// lapsing within 30 days, one within 60, one lapsed but still marked 在营), Spring Festival outlets
// with last season's licence (some already renewed for the coming season, the rest on the renewal
// roster), one under 10 ㎡ and one closed. Dates are relative to ctx.now(); the seasons are the
// computed Spring Festivals. Runs inside loadDemo's transaction.

interface DemoOutlet {
  name: string
  principal: string
  phones: string
  village: number
  road: string
  salesMode: 'store' | 'counter'
  area: number
  season: 'spring' | 'year-round'
  status?: 'operating' | 'suspended' | 'closed'
  /** Year-round: days from today to the end of the current licence. */
  endsIn?: number
  /** Spring Festival outlets: already renewed for the coming season. */
  renewed?: boolean
  storage: number
  /** The outlet is one of the roster's 烟花爆竹零售 enterprises (its name, people and address). */
  enterprise?: boolean
}

const OUTLETS: DemoOutlet[] = [
  {
    name: '青禾镇利民超市',
    principal: '王建华',
    phones: '13807990121',
    village: 0,
    road: '青禾大道18号',
    salesMode: 'counter',
    area: 15,
    season: 'year-round',
    endsIn: 18,
    storage: 30,
    enterprise: true,
  },
  {
    name: '东湖烟花爆竹专营店',
    principal: '李秀兰',
    phones: '13907990232',
    village: 1,
    road: '东湖老街6号',
    salesMode: 'store',
    area: 42,
    season: 'year-round',
    endsIn: 47,
    storage: 150,
  },
  {
    name: '西岭鞭炮烟花店',
    principal: '张国强',
    phones: '15007990343',
    village: 2,
    road: '西岭新街22号',
    salesMode: 'store',
    area: 28,
    season: 'year-round',
    endsIn: -40,
    storage: 100,
  },
  {
    name: '南山烟花爆竹零售店',
    principal: '刘志明',
    phones: '15807990454',
    village: 3,
    road: '南山路103号',
    salesMode: 'store',
    area: 36,
    season: 'year-round',
    endsIn: 420,
    storage: 120,
  },
  {
    name: '青禾便民商店',
    principal: '陈玉芳',
    phones: '17707990565',
    village: 0,
    road: '人民路57号',
    salesMode: 'counter',
    area: 12,
    season: 'year-round',
    endsIn: 260,
    storage: 30,
    enterprise: true,
  },
  {
    name: '北岗鞭炮烟花店',
    principal: '杨海波',
    phones: '18107990676',
    village: 4,
    road: '北岗村委会旁',
    salesMode: 'store',
    area: 24,
    season: 'spring',
    renewed: true,
    storage: 80,
  },
  {
    name: '周记副食店',
    principal: '周桂英',
    phones: '18307990787',
    village: 5,
    road: '5组31号',
    salesMode: 'counter',
    area: 8,
    season: 'spring',
    renewed: true,
    storage: 20,
  },
  {
    name: '吴记日杂店',
    principal: '吴德胜',
    phones: '18907990898',
    village: 6,
    road: '老街44号',
    salesMode: 'counter',
    area: 11,
    season: 'spring',
    storage: 20,
  },
  {
    name: '徐记小卖部',
    principal: '徐春梅',
    phones: '13607990919',
    village: 7,
    road: '桥头2号',
    salesMode: 'counter',
    area: 10,
    season: 'spring',
    storage: 20,
  },
  {
    name: '江南烟花爆竹零售点',
    principal: '孙立新',
    phones: '13507991020',
    village: 8,
    road: '江南街9号',
    salesMode: 'store',
    area: 30,
    season: 'spring',
    storage: 100,
  },
  {
    name: '新桥便利店',
    principal: '马丽娟',
    phones: '13307991131',
    village: 9,
    road: '新桥路88号',
    salesMode: 'counter',
    area: 14,
    season: 'spring',
    status: 'closed',
    storage: 20,
  },
]

export function loadFireworksDemo(ctx: Ctx): { outlets: number; licences: number } {
  const today = isoNow(ctx).slice(0, 10)
  const villages = ctx.db.prepare('SELECT id, name FROM villages ORDER BY sort_order').all() as {
    id: number
    name: string
  }[]
  const enterprises = ctx.db
    .prepare(
      `SELECT e.id, e.name, e.principal, e.principal_phone, e.village_id, e.address FROM enterprises e
       JOIN industries i ON i.id = e.industry_id
       WHERE e.deleted_at IS NULL AND e.status = 'operating' AND i.name = '烟花爆竹零售' ORDER BY e.id LIMIT 2`,
    )
    .all() as {
    id: number
    name: string
    principal: string | null
    principal_phone: string | null
    village_id: number
    address: string | null
  }[]
  const coming = comingSpringFestival(today)
  const last = springFestival(Number(coming.slice(0, 4)) - 1)
  const lastSeason = springSeason(last)
  const nextSeason = springSeason(coming)
  let serial = 100
  let licences = 0
  const licence = (outletId: number, year: string, validFrom: string, validTo: string, storage: number) => {
    fireworksLicenceRepo.create(ctx, {
      outletId,
      licenceNo: `（赣）LS〔${year}〕${String(++serial).padStart(4, '0')}`,
      validFrom,
      validTo,
      scope: '零售：个人燃放类烟花爆竹（不含专业燃放类）',
      storageLimit: storage,
      issuer: '禾川县应急管理局',
      notes: null,
    })
    licences++
  }
  for (const o of OUTLETS) {
    const village = villages[o.village % villages.length]
    const e = o.enterprise ? enterprises.shift() : undefined
    const { id } = fireworksOutletRepo.create(ctx, {
      name: e?.name ?? o.name,
      principal: e?.principal ?? o.principal,
      phones: e?.principal_phone ?? o.phones,
      villageId: e?.village_id ?? village?.id ?? null,
      address: e?.address ?? `青禾镇${village?.name ?? ''}${o.road}`,
      enterpriseId: e?.id ?? null,
      salesMode: o.salesMode,
      area: o.area,
      season: o.season,
      // Spring Festival outlets not yet renewed are closed for the year (停业) until the season.
      status: o.status ?? (o.season === 'spring' && !o.renewed ? 'suspended' : 'operating'),
      notes: null,
    })
    if (o.season === 'year-round') {
      const end = addDays(today, o.endsIn ?? 365)
      // The one before, two years earlier (its renewal history).
      const start = addDays(end, -729)
      licence(id, addDays(start, -730).slice(0, 4), addDays(start, -730), addDays(start, -1), o.storage)
      licence(id, start.slice(0, 4), start, end, o.storage)
    } else {
      licence(id, lastSeason.from.slice(0, 4), lastSeason.from, lastSeason.to, o.storage)
      if (o.renewed) licence(id, today.slice(0, 4), nextSeason.from, nextSeason.to, o.storage)
    }
  }
  inspectTwo(ctx, today)
  return { outlets: OUTLETS.length, licences }
}

/**
 * Two outlets checked with the 烟花爆竹零售点 checklist, as outlets: 周记副食店 (its 8 ㎡ counter is a
 * hazard) and 东湖烟花爆竹专营店 (everything in order).
 */
function inspectTwo(ctx: Ctx, today: string): void {
  ensureChecklists(ctx)
  const template = ctx.db
    .prepare("SELECT id FROM checklist_templates WHERE code = 'fireworks-retail'")
    .pluck()
    .get() as number | undefined
  const staff = ctx.db
    .prepare('SELECT id FROM staff WHERE active = 1 ORDER BY id LIMIT 2')
    .pluck()
    .all() as number[]
  if (!template || staff.length < 2) return
  const plan = [
    { name: '周记副食店', daysAgo: 9, fail: '面积' },
    { name: '东湖烟花爆竹专营店', daysAgo: 5, fail: null },
  ]
  for (const p of plan) {
    const outletId = ctx.db
      .prepare('SELECT id FROM fireworks_outlets WHERE name = ? AND deleted_at IS NULL')
      .pluck()
      .get(p.name) as number | undefined
    if (!outletId) continue
    const address = ctx.db
      .prepare('SELECT address FROM fireworks_outlets WHERE id = ?')
      .pluck()
      .get(outletId) as string
    const day = addDays(today, -p.daysAgo)
    const insp = createInspection(ctx, {
      enterpriseId: null,
      outletId,
      place: address,
      startedAt: `${day} 09:30`,
      endedAt: `${day} 10:10`,
      type: 'special',
      mode: 'planned',
      findings: p.fail ? '' : '现场检查未发现事故隐患。',
      templateId: template,
      inspectorIds: staff,
    })
    for (const r of inspectionResults(ctx, insp.id)) {
      const fails = p.fail !== null && r.text.includes(p.fail)
      setResult(ctx, { id: r.id, result: fails ? 'fail' : 'pass', note: fails ? '柜台区域约8平方米' : null })
      if (fails) hazardFromItem(ctx, { id: r.id, deadline: addDays(day, 15) })
    }
  }
}
