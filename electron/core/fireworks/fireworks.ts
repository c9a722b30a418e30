import { z } from 'zod'
import { handler, isoNow, type Ctx } from '../context'
import type { ReminderCard } from '../kit/reminders'
import { renewalChain } from '../shared/fireworks/chain'
import { addDays, anniversary } from '../shared/dates'
import { comingSpringFestival, springSeason } from '../shared/fireworks/lunar'
import { licenceState, renewalStart } from '../shared/fireworks/validity'
import { maskText } from '../shared/kit/form'
import { chainable, matchesLicence, needsRenewal, outletRow, type Licence, type OutletRow } from './current'
import { fireworksOutletRepo, licencesByOutlet, outletRows } from './ledger'

// The 烟花爆竹 domain beside the kit's outlet list (fireworksOutlet.list, which carries each
// outlet's current licence, see ledger.ts): the 工作台 reminders, the year-end renewal roster —
// every licence lapsing before the coming Spring Festival (computed) — and one outlet with its
// renewal chain.

export type { Licence, Outlet, OutletRow } from './current'

export const SOON_DAYS = [30, 60] as const

export function todayOf(ctx: Pick<Ctx, 'now'>): string {
  return isoNow(ctx).slice(0, 10)
}

/** 工作台: counts and the most urgent outlets. */
export function fireworksReminders(ctx: Ctx) {
  const today = todayOf(ctx)
  const festival = comingSpringFestival(today)
  const all = outletRows(ctx)
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
  const rows = outletRows(ctx).filter((r) => matchesLicence(r, 'renewal', festival))
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
  'fireworks.reminders': handler(z.object({}).optional(), (ctx) => fireworksReminders(ctx)),
  'fireworks.renewal': handler(z.object({}).optional(), (ctx) => fireworksRenewal(ctx)),
  'fireworks.outlet': handler(z.object({ id }), (ctx, input) => {
    const r = fireworksOutlet(ctx, input.id)
    return { ...r, outlet: masked(r.outlet) }
  }),
}
