import { ledgerHandlers } from '../kit/handlers'
import { createRepo } from '../kit/repo'
import { dutyLogSpec } from '../shared/specs/duty-log'

// 值班日志 on the kit.
export const dutyLogRepo = createRepo(dutyLogSpec)
export const dutyLogHandlers = ledgerHandlers(dutyLogRepo)
