import { activityRepo } from './activities/ledger'
import { dutyLogRepo, dutyShiftRepo } from './duty/ledger'
import { enterpriseRepo } from './enterprises/ledger'
import { chemicalRepo, chemLicenceRepo, chemUnitRepo } from './chemicals/ledger'
import { fireworksLicenceRepo, fireworksOutletRepo } from './fireworks/ledger'
import { letterRepo } from './letters/ledger'
import { hazardRepo } from './inspections/ledger'

/** Every ledger built on the kit (schema guard, start-up backfill, statistics read them from here). */
export const LEDGER_REPOS = [
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
] as const
