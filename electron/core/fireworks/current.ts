import { currentLicence } from '../shared/fireworks/chain'
import type { CurrentLicence, LicenceFilterValue } from '../shared/fireworks/licence-filters'
import { checkValidity, licenceState } from '../shared/fireworks/validity'
import type { RecordOf } from '../shared/kit/schema'
import type { fireworksLicenceSpec, fireworksOutletSpec } from '../shared/specs/fireworks'

// What the 烟花爆竹 list shows of an outlet beyond its own fields: the licence that counts today,
// its standing and the warnings a clerk should see (面积不足10㎡, 有效期超过2年, 已过期仍在营).
// Pure: the outlet and its licences in, the row out.

export type Outlet = RecordOf<typeof fireworksOutletSpec>
export type Licence = RecordOf<typeof fireworksLicenceSpec>
export type { CurrentLicence }

export const MIN_AREA = 10

export interface OutletRow extends Outlet {
  licence: CurrentLicence | null
  licenceCount: number
  /** Lapsed (or never licensed) but still marked 在营. */
  operatingWithout: boolean
  warnings: string[]
}

export function chainable(l: Licence) {
  return { ...l, validFrom: l.validFrom ?? l.validTo ?? '', validTo: l.validTo ?? '9999-12-31' }
}

/** The licence that counts today, as stored (its dates may be empty). */
export function currentOf(licences: Licence[], today: string): Licence | null {
  const cur = currentLicence(licences.map(chainable), today)
  return cur ? (licences.find((l) => l.id === cur.id) ?? null) : null
}

export function outletRow(o: Outlet, licences: Licence[], today: string): OutletRow {
  const cur = currentLicence(licences.map(chainable), today)
  const st = cur ? licenceState(cur, today, 60) : null
  const stored = cur ? licences.find((l) => l.id === cur.id) : undefined
  const licence: CurrentLicence | null = cur
    ? {
        id: cur.id,
        licenceNo: cur.licenceNo as string,
        validFrom: stored?.validFrom ?? null,
        validTo: stored?.validTo ?? null,
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

/** Whether an outlet's row is in one of the list's licence filters (到期提醒, 过期仍在营 …). */
export function matchesLicence(r: OutletRow, f: LicenceFilterValue, festival: string): boolean {
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
export function needsRenewal(r: OutletRow, festival: string): boolean {
  if (r.status === 'closed') return false
  return !r.licence?.validTo || r.licence.validTo < festival
}
