import { activityRepo } from './activities/ledger'
import { dutyLogRepo } from './duty/ledger'
import { enterpriseRepo } from './enterprises/ledger'
import { fireworksLicenceRepo, fireworksOutletRepo } from './fireworks/ledger'

/** Every ledger built on the kit (schema guard, start-up backfill, statistics read them from here). */
export const LEDGER_REPOS = [
  enterpriseRepo,
  activityRepo,
  dutyLogRepo,
  fireworksOutletRepo,
  fireworksLicenceRepo,
] as const
