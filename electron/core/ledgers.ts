import { activityRepo } from './activities/ledger'
import { dutyLogRepo, dutyShiftRepo } from './duty/ledger'
import { enterpriseRepo } from './enterprises/ledger'
import { chemicalRepo, chemLicenceRepo, chemUnitRepo } from './chemicals/ledger'
import { fireworksLicenceRepo, fireworksOutletRepo } from './fireworks/ledger'
import { letterRepo } from './letters/ledger'
import { hazardRepo } from './inspections/ledger'
import type { AnyRepo } from './kit/repo'

/**
 * Every ledger built on the kit (schema guard, start-up backfill, statistics read them from here),
 * as repositories of any spec: the union of eleven specs' literal types is more than the compiler
 * will write out, and what reads this list needs only what every repository has.
 */
export const LEDGER_REPOS: readonly AnyRepo[] = [
  enterpriseRepo,
  activityRepo,
  dutyLogRepo,
  dutyShiftRepo,
  fireworksOutletRepo,
  fireworksLicenceRepo,
  chemUnitRepo,
  chemicalRepo,
  chemLicenceRepo,
  letterRepo,
  hazardRepo,
]
