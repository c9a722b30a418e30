import { ledgerHandlers } from '../kit/handlers'
import { createRepo } from '../kit/repo'
import { activitySpec } from '../shared/specs/activity'

// 活动记录 on the kit: no code beyond these two lines.
export const activityRepo = createRepo(activitySpec)
export const activityHandlers = ledgerHandlers(activityRepo)
