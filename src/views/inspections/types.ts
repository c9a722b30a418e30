// Shapes of the inspection module's data, derived from the core's handler table (type-only).
import type { ApiInput, ApiOutput } from '../../api/types'

export type InspectionRow = ApiOutput<'inspection.list'>['rows'][number]
export type InspectionDetail = ApiOutput<'inspection.get'>
export type ChecklistRow = InspectionDetail['checklist'][number]
export type HazardRow = InspectionDetail['hazards'][number]
export type HazardDetail = ApiOutput<'hazard.get'>
export type HazardEvent = HazardDetail['events'][number]
export type HazardPhoto = HazardDetail['photos'][number]
export type HazardTransitionInput = ApiInput<'hazard.transition'>
export type InspectionListInput = ApiInput<'inspection.list'>
export type DocumentRow = ApiOutput<'document.list'>['rows'][number]
export type DocumentFull = ApiOutput<'document.get'>
export type DocumentPayload = DocumentFull['payload']
export type DocumentSettingsOutput = ApiOutput<'document.settings'>
export type Staff = ApiOutput<'staff.list'>[number]
export type ChecklistTemplate = ApiOutput<'checklist.list'>[number]
export type ChecklistTemplateFull = ApiOutput<'checklist.get'>
export type HazardDashboard = ApiOutput<'dashboard.hazards'>
export type HazardRules = ApiOutput<'hazard.rules'>
