import { z } from 'zod'
import { handler, isoNow, type Ctx } from '../context'
import type { ReminderCard } from '../kit/reminders'
import { currentLicence, renewalChain } from '../shared/fireworks/chain'
import { addDays, anniversary } from '../shared/dates'
import { LICENCE_FILTERS, type LicenceFilterValue } from '../shared/fireworks/licence-filters'
import { comingSpringFestival, springSeason } from '../shared/fireworks/lunar'
import { checkValidity, licenceState, renewalStart, type LicenceState } from '../shared/fireworks/validity'
import { maskText } from '../shared/kit/form'
import type { RecordOf } from '../shared/kit/schema'
import type { fireworksLicenceSpec, fireworksOutletSpec } from '../shared/specs/fireworks'
import { fireworksLicenceRepo, fireworksOutletRepo } from './ledger'

// The 烟花爆竹 page: each outlet with the licence that counts today, its state and the warnings a
// clerk should see (面积不足10㎡, 有效期超过2年, 已过期仍在营); the 工作台 reminders; and the year-end
// renewal roster — every licence lapsing before the coming Spring Festival (computed).

export type Outlet = RecordOf<typeof fireworksOutletSpec>
export type Licence = RecordOf<typeof fireworksLicenceSpec>

export const MIN_AREA = 10
export const SOON_DAYS = [30, 60] as const

export interface CurrentLicence {
  id: number
  licenceNo: string
  validFrom: string | null
  validTo: string | null
  scope: string | null
  storageLimit: number | null
  state: LicenceState
  daysLeft: number | null
}

export interface OutletRow extends Outlet {
  licence: CurrentLicence | null
  licenceCount: number
  /** Lapsed (or never licensed) but still marked 在营. */
  operatingWithout: boolean
  warnings: string[]
}

export type LicenceFilter = LicenceFilterValue

export function todayOf(ctx: Pick<Ctx, 'now'>): string {
  return isoNow(ctx).slice(0, 10)
}

function licencesByOutlet(ctx: Ctx, outletIds: number[] | null): Map<number, Licence[]> {
  const out = new Map<number, Licence[]>()
  const filters = outletIds ? { outletId: { in: outletIds } } : {}
  for (const l of fireworksLicenceRepo.iterate(ctx, { filters })) {
    const list = out.get(l.outletId as number) ?? []
    list.push(l)
    out.set(l.outletId as number, list)
  }
  return out
}

function chainable(l: Licence) {
  return { ...l, validFrom: l.validFrom ?? l.validTo ?? '', validTo: l.validTo ?? '9999-12-31' }
}

export function outletRow(o: Outlet, licences: Licence[], today: string): OutletRow {
  const cur = currentLicence(licences.map(chainable), today)
  const st = cur ? licenceState(cur, today, 60) : null
  const licence: CurrentLicence | null = cur
    ? {
        id: cur.id,
        licenceNo: cur.licenceNo as string,
        validFrom: licences.find((l) => l.id === cur.id)?.validFrom ?? null,
        validTo: licences.find((l) => l.id === cur.id)?.validTo ?? null,
        scope: cur.scope ?? null,
        storageLimit: cur.storageLimit ?? null,
        state: st!.state,
        daysLeft: st!.daysLeft,
      }
    : null
  const operatingWithout = o.status === 'operating' && (!licence || licence.state === 'expired')
  const warnings: string[] = []
  if (typeof o.area === 'number' && o.area < MIN_AREA) warnings.push(`面积${o.area}㎡，不足${MIN_AREA}㎡`)
  if (licence?.validFrom && licence.validTo) {
    const p = checkValidity(licence.validFrom, licence.validTo)
    if (p) warnings.push(p.level === 'overTwoYears' ? '许可证有效期超过2年' : p.message)
  }
  if (operatingWithout) warnings.push(licence ? '许可证已过期，仍登记为在营' : '没有许可证，仍登记为在营')
  return { ...o, licence, licenceCount: licences.length, operatingWithout, warnings }
}

function matches(r: OutletRow, f: LicenceFilter, festival: string): boolean {
  const l = r.licence
  switch (f) {
    case 'none':
      return !l
    case 'valid':
      return Boolean(l) && (l!.state === 'valid' || l!.state === 'expiring' || l!.state === 'notYet')
    case 'expiring30':
      return l?.state === 'expiring' && (l.daysLeft ?? 99) <= 30
    case 'expiring60':
      return l?.state === 'expiring'
    case 'expired':
      return l?.state === 'expired'
    case 'expiredOperating':
      return r.operatingWithout
    case 'renewal':
      return needsRenewal(r, festival)
  }
}

/** Not closed, and its licence lapses before the Spring Festival (or it has none). */
function needsRenewal(r: OutletRow, festival: string): boolean {
  if (r.status === 'closed') return false
  return !r.licence?.validTo || r.licence.validTo < festival
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写作 2026-01-01')
const span = z
  .object({ from: day, to: day })
  .refine((p) => p.from <= p.to, { message: '起始日期不能晚于截止日期', path: ['from'] })

export const fireworksListInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(1000).default(20),
  query: z.string().max(100).optional(),
  villageIds: z.array(z.number().int().positive()).max(500).optional(),
  status: z
    .array(z.enum(['operating', 'suspended', 'closed']))
    .max(3)
    .optional(),
  salesMode: z
    .array(z.enum(['store', 'counter']))
    .max(2)
    .optional(),
  season: z
    .array(z.enum(['spring', 'year-round']))
    .max(2)
    .optional(),
  licence: z
    .enum(LICENCE_FILTERS.map((f) => f.value) as [LicenceFilter, ...LicenceFilter[]], {
      error: '未知的许可证状态',
    })
    .optional(),
  /** 统计: outlets holding a licence valid on some day of the period. */
  licensedIn: span.optional(),
  /** 统计: outlets inspected in the period (as an outlet, or as the enterprise it is). */
  inspectedIn: span.optional(),
  /** Outlets whose licence is in 工作台's expiry count (the licence spec's `expires`). */
  licenceExpiry: z.enum(['expired', 'expiring']).optional(),
  sort: z
    .object({
      field: z.enum(['name', 'villageId', 'validTo', 'status']),
      order: z.enum(['asc', 'desc']),
    })
    .optional(),
})
export type FireworksListInput = z.input<typeof fireworksListInput>

/** Outlets with a licence (not in the 回收站) valid on at least one day of the period. */
function licensedIds(ctx: Ctx, p: { from: string; to: string }): Set<number> {
  return new Set(
    ctx.db
      .prepare(
        `SELECT DISTINCT outlet_id FROM fireworks_licences WHERE deleted_at IS NULL
           AND coalesce(valid_from, valid_to) <= ? AND coalesce(valid_to, '9999-12-31') >= ?`,
      )
      .pluck()
      .all(p.to, p.from) as number[],
  )
}

/** Outlets inspected in the period: as an outlet, or (an outlet that is an enterprise) as that enterprise. */
function inspectedOutletIds(ctx: Ctx, p: { from: string; to: string }): Set<number> {
  return new Set(
    ctx.db
      .prepare(
        `SELECT o.id FROM fireworks_outlets o WHERE EXISTS (
           SELECT 1 FROM inspections i WHERE substr(i.started_at, 1, 10) BETWEEN ? AND ?
             AND (i.outlet_id = o.id OR (o.enterprise_id IS NOT NULL AND i.enterprise_id = o.enterprise_id)))`,
      )
      .pluck()
      .all(p.from, p.to) as number[],
  )
}

/** Every outlet matching the filters, with its current licence, in list order. */
export function fireworksRows(ctx: Ctx, input: z.output<typeof fireworksListInput>): OutletRow[] {
  const today = todayOf(ctx)
  const festival = comingSpringFestival(today)
  const filters: Record<string, { in: (string | number)[] }> = {}
  if (input.villageIds?.length) filters.villageId = { in: input.villageIds }
  if (input.status?.length) filters.status = { in: input.status }
  if (input.salesMode?.length) filters.salesMode = { in: input.salesMode }
  if (input.season?.length) filters.season = { in: input.season }
  const q = input.query?.trim() ?? ''
  let ids: Set<number> | null = null
  if (q) {
    ids = new Set([...fireworksOutletRepo.iterate(ctx, { query: q })].map((o) => o.id))
    // A licence number (or part of one) finds its outlet, however the brackets were typed.
    const fold = (t: string) =>
      t
        .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
        .replace(/[\s()[\]{}<>〔〕【】〖〗《》]/g, '')
        .toUpperCase()
    const want = fold(q)
    if (want.length >= 2)
      for (const [no, outletId] of ctx.db
        .prepare('SELECT licence_no, outlet_id FROM fireworks_licences WHERE deleted_at IS NULL')
        .raw()
        .all() as [string, number][])
        if (fold(no).includes(want)) ids.add(outletId)
  }
  const sort = input.sort ?? { field: 'villageId', order: 'asc' as const }
  let outlets = [
    ...fireworksOutletRepo.iterate(ctx, {
      filters,
      sort: { field: sort.field === 'validTo' ? 'name' : sort.field, order: sort.order },
    }),
  ].filter((o) => !ids || ids.has(o.id))
  const licensed = input.licensedIn ? licensedIds(ctx, input.licensedIn) : null
  const inspected = input.inspectedIn ? inspectedOutletIds(ctx, input.inspectedIn) : null
  if (licensed || inspected)
    outlets = outlets.filter((o) => (!licensed || licensed.has(o.id)) && (!inspected || inspected.has(o.id)))
  if (input.licenceExpiry) {
    const expiring = new Set(
      [...fireworksLicenceRepo.iterate(ctx, { filters: { validTo: { expiry: input.licenceExpiry } } })].map(
        (l) => l.outletId,
      ),
    )
    outlets = outlets.filter((o) => expiring.has(o.id))
  }
  const licences = licencesByOutlet(ctx, null)
  let rows = outlets.map((o) => outletRow(o, licences.get(o.id) ?? [], today))
  if (input.licence) rows = rows.filter((r) => matches(r, input.licence!, festival))
  if (sort.field === 'validTo') {
    const dir = sort.order === 'asc' ? 1 : -1
    rows.sort((a, b) => dir * (a.licence?.validTo ?? '9999').localeCompare(b.licence?.validTo ?? '9999'))
  }
  return rows
}

export function fireworksList(ctx: Ctx, input: z.output<typeof fireworksListInput>) {
  const rows = fireworksRows(ctx, input)
  return {
    rows: rows.slice((input.page - 1) * input.pageSize, input.page * input.pageSize),
    total: rows.length,
  }
}

/** 工作台: counts and the most urgent outlets. */
export function fireworksReminders(ctx: Ctx) {
  const today = todayOf(ctx)
  const festival = comingSpringFestival(today)
  const all = fireworksRows(ctx, fireworksListInput.parse({}))
  const live = all.filter((r) => r.status !== 'closed')
  const expiring = live
    .filter((r) => r.licence?.state === 'expiring')
    .sort((a, b) => (a.licence!.daysLeft ?? 0) - (b.licence!.daysLeft ?? 0))
  const pick = (r: OutletRow) => ({
    id: r.id,
    name: r.name as string,
    villageName: r.villageName,
    licenceNo: r.licence?.licenceNo ?? null,
    validTo: r.licence?.validTo ?? null,
    daysLeft: r.licence?.daysLeft ?? null,
  })
  const expiredOperating = all.filter((r) => r.operatingWithout)
  return {
    today,
    springFestival: festival,
    outlets: live.length,
    expiring30: expiring.filter((r) => (r.licence!.daysLeft ?? 99) <= 30).length,
    expiring60: expiring.length,
    expiredOperating: expiredOperating.length,
    renewalDue: live.filter((r) => needsRenewal(r, festival)).length,
    items: [
      ...expiredOperating.map((r) => ({ ...pick(r), kind: 'expiredOperating' as const })),
      ...expiring.map((r) => ({ ...pick(r), kind: 'expiring' as const })),
    ].slice(0, 12),
  }
}

/** 工作台: outlets still 在营 on a lapsed licence, and those to renew before the coming Spring
 * Festival (the licences' own expiry card comes from the spec's `expires`). */
export function fireworksReminderCard(ctx: Ctx): ReminderCard | null {
  const r = fireworksReminders(ctx)
  if (r.outlets === 0) return null
  return {
    key: 'fireworks.renewal',
    title: '烟花爆竹零售点',
    counts: [
      {
        key: 'expiredOperating',
        label: '许可证过期仍在营',
        count: r.expiredOperating,
        unit: '户',
        hot: true,
        link: { route: 'fireworks', query: { licence: 'expiredOperating' } },
      },
      {
        key: 'renewalDue',
        label: `${Number(r.springFestival.slice(5, 7))}月${Number(r.springFestival.slice(8, 10))}日春节前需续证`,
        count: r.renewalDue,
        unit: '户',
        hot: false,
        link: { route: 'fireworks-renewal', query: {} },
      },
    ],
    items: [],
  }
}

/** 年底续证: every outlet (not closed) whose licence lapses before the coming Spring Festival. */
export function fireworksRenewal(ctx: Ctx) {
  const today = todayOf(ctx)
  const festival = comingSpringFestival(today)
  const rows = fireworksRows(ctx, fireworksListInput.parse({ licence: 'renewal' }))
  return { today, springFestival: festival, season: springSeason(festival), rows }
}

/** One outlet with its licences oldest first (the renewal chain) and a proposal for the next one. */
export function fireworksOutlet(ctx: Ctx, id: number) {
  const today = todayOf(ctx)
  const outlet = fireworksOutletRepo.get(ctx, id)
  const licences = licencesByOutlet(ctx, [id]).get(id) ?? []
  const row = outletRow(outlet, licences, today)
  const chain = renewalChain(licences.map(chainable), today).map((c) => {
    const l = licences.find((x) => x.id === c.id) as Licence
    return {
      ...l,
      gapBefore: c.gapBefore,
      overlapBefore: c.overlapBefore,
      current: c.current,
      ...licenceState(l, today, 60),
    }
  })
  const last = [...licences].sort((a, b) => (a.validTo ?? '').localeCompare(b.validTo ?? '')).at(-1)
  const festival = comingSpringFestival(today)
  const start = last?.validTo && renewalStart(last.validTo) > today ? renewalStart(last.validTo) : today
  // 春节期间 outlets: the coming season (腊月十七–正月十五); others: two years.
  const seasonal = outlet.season === 'spring'
  const season = springSeason(
    seasonal && festival < start ? comingSpringFestival(addDays(festival, 1)) : festival,
  )
  const proposal = {
    validFrom: seasonal ? (season.from > start ? season.from : start) : start,
    validTo: seasonal ? season.to : addDays(anniversary(start, 2), -1),
    scope: last?.scope ?? null,
    storageLimit: last?.storageLimit ?? null,
    issuer: last?.issuer ?? null,
  }
  return { outlet: row, chain, proposal, springFestival: festival }
}

const id = z.number().int().positive()

/** Phones leave the lists masked (as every kit list); `fireworksOutlet.reveal` shows them, audited. */
function masked<R extends { phones: string | null }>(r: R): R {
  return r.phones ? { ...r, phones: maskText(r.phones) } : r
}

export const fireworksHandlers = {
  'fireworks.list': handler(fireworksListInput, (ctx, input) => {
    const r = fireworksList(ctx, input)
    return { ...r, rows: r.rows.map(masked) }
  }),
  'fireworks.reminders': handler(z.object({}).optional(), (ctx) => fireworksReminders(ctx)),
  'fireworks.renewal': handler(z.object({}).optional(), (ctx) => fireworksRenewal(ctx)),
  'fireworks.outlet': handler(z.object({ id }), (ctx, input) => {
    const r = fireworksOutlet(ctx, input.id)
    return { ...r, outlet: masked(r.outlet) }
  }),
}
