// Types the renderer shares with the core. Only `import type` from the core's contract; the
// pure shared modules (enums, labels, validation) may be imported at runtime from their own files.
import type { Api, ApiName } from '../../electron/core/contract-types'

export type { Api, ApiName, ErrorCode, ErrorPayload, Result } from '../../electron/core/contract-types'

export type ApiInput<K extends ApiName> = Api[K]['input']
export type ApiOutput<K extends ApiName> = Api[K]['output']

export type EnterpriseListInput = ApiInput<'enterprise.list'>
export type EnterpriseListOutput = ApiOutput<'enterprise.list'>
export type EnterpriseRow = EnterpriseListOutput['rows'][number]
export type HistoryEntry = ApiOutput<'enterprise.history'>[number]
export type LookupItem = ApiOutput<'village.list'>[number]
export type DashboardSummary = ApiOutput<'dashboard.summary'>
export type Settings = ApiOutput<'settings.get'>
export type SystemInfo = ApiOutput<'system.info'>
export type SimilarName = ApiOutput<'enterprise.checkDuplicates'>['similar'][number]
