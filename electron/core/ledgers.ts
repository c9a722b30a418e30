import { activityRepo } from './activities/ledger'
import { dutyLogRepo } from './duty/ledger'
import { enterpriseRepo } from './enterprises/ledger'

/** Every ledger built on the kit (schema guard, start-up backfill, statistics read them from here). */
export const LEDGER_REPOS = [enterpriseRepo, activityRepo, dutyLogRepo] as const
