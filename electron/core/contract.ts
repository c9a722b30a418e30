import type { z } from 'zod'
import type { Handler } from './context'
import { demoHandlers } from './demo/handlers'
import { documentHandlers } from './documents/handlers'
import { enterpriseHandlers } from './enterprises/ledger'
import { excelHandlers } from './excel/handlers'
import { inspectionHandlers } from './inspections/handlers'
import { hazardKitHandlers } from './inspections/ledger'
import { industries, villages } from './lookups/handlers'
import { systemHandlers } from './system/handlers'
import { backupHandlers } from './system/backups'
import { statsHandlers } from './stats/stats'
import { statsExportHandlers } from './stats/export'
import { activityHandlers } from './activities/ledger'
import { dutyHandlers } from './duty/handlers'
import { fireworksHandlers } from './fireworks/fireworks'
import { fireworksLicenceHandlers, fireworksOutletHandlers } from './fireworks/ledger'
import { chemicalHandlers, chemLicenceHandlers, chemUnitHandlers } from './chemicals/ledger'
import { chemicalDomainHandlers } from './chemicals/handlers'
import { mergeHandlers } from './kit/handlers'
import { auditHandlers } from './audit/handlers'
import { planHandlers } from './inspections/plan'
import { planExportHandlers } from './inspections/plan-export'
import { attachmentHandlers } from './kit/attachments'
import { reportHandlers } from './stats/reports'
import { letterHandlers } from './letters/ledger'
import { reminderHandlers } from './reminders'

/** The one handler table, keyed `domain.verb`. Both transports serve exactly this. */
export const handlers = mergeHandlers(
  systemHandlers,
  enterpriseHandlers,
  demoHandlers,
  excelHandlers,
  inspectionHandlers,
  hazardKitHandlers,
  documentHandlers,
  backupHandlers,
  statsHandlers,
  statsExportHandlers,
  activityHandlers,
  dutyHandlers,
  auditHandlers,
  letterHandlers,
  fireworksOutletHandlers,
  fireworksLicenceHandlers,
  fireworksHandlers,
  chemUnitHandlers,
  chemicalHandlers,
  chemLicenceHandlers,
  chemicalDomainHandlers,
  planHandlers,
  planExportHandlers,
  attachmentHandlers,
  reportHandlers,
  reminderHandlers,
  {
    'village.list': villages.list,
    'village.create': villages.create,
    'village.rename': villages.rename,
    'village.remove': villages.remove,
    'village.reorder': villages.reorder,
    'industry.list': industries.list,
    'industry.create': industries.create,
    'industry.rename': industries.rename,
    'industry.remove': industries.remove,
    'industry.reorder': industries.reorder,
  },
) satisfies Record<string, Handler>

type Handlers = typeof handlers
export type ApiName = keyof Handlers

/** Input and output types of every handler, for the renderer's typed client (type-only import). */
export type Api = {
  [K in ApiName]: {
    input: z.input<Handlers[K]['input']>
    output: Awaited<ReturnType<Handlers[K]['run']>>
  }
}

export const API_NAMES = Object.keys(handlers) as ApiName[]

export function isApiName(name: string): name is ApiName {
  return Object.prototype.hasOwnProperty.call(handlers, name)
}
