import { addDays, anniversary, daysBetween } from '../dates'

// 零售许可证有效期限由发证机关确定，最长不超过2年 (《烟花爆竹经营许可实施办法》). A span up to the
// same date two years later is accepted (offices write both 2025-03-01至2027-02-28 and
// …至2027-03-01); one day more is over two years: refused in the form, kept with a warning on import.

export const MAX_YEARS = 2

export type ValidityProblem =
  | { level: 'error'; field: 'validTo'; message: string }
  | { level: 'overTwoYears'; field: 'validTo'; message: string }

/** The last day a licence starting on `from` may run to. */
export function latestValidTo(from: string, years = MAX_YEARS): string {
  return anniversary(from, years)
}

/** Problems of a validity range; both ends are ISO dates. */
export function checkValidity(from: string, to: string, years = MAX_YEARS): ValidityProblem | null {
  if (to < from)
    return { level: 'error', field: 'validTo', message: `有效期止（${to}）早于有效期起（${from}），请核对` }
  const latest = latestValidTo(from, years)
  if (to > latest)
    return {
      level: 'overTwoYears',
      field: 'validTo',
      message: `许可证有效期超过${years}年（${from}至${to}）：零售许可证有效期最长${years}年，最晚到${latest}，请核对`,
    }
  return null
}

export type LicenceState = 'notYet' | 'valid' | 'expiring' | 'expired'

/** Where a licence stands on `today`: expiring = lapses within `soonDays` days. */
export function licenceState(
  l: { validFrom: string | null; validTo: string | null },
  today: string,
  soonDays = 60,
): { state: LicenceState; daysLeft: number | null } {
  if (!l.validTo) return { state: 'valid', daysLeft: null }
  const daysLeft = daysBetween(today, l.validTo)
  if (daysLeft < 0) return { state: 'expired', daysLeft }
  if (l.validFrom && l.validFrom > today) return { state: 'notYet', daysLeft }
  return { state: daysLeft <= soonDays ? 'expiring' : 'valid', daysLeft }
}

/** The day after a licence lapses: where its renewal would start. */
export function renewalStart(validTo: string): string {
  return addDays(validTo, 1)
}
