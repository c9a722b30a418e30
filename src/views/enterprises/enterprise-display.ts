// How enterprise values read on screen: enum labels, risk colours, empty cells.
import {
  ENTERPRISE_FLAGS,
  RISK_LEVELS,
  SCALES,
  STANDARDIZATION_LEVELS,
  STATUSES,
  type EnterpriseFlag,
  type RiskLevel,
} from '../../../electron/core/shared/enterprise-fields'

export const EMPTY = '—'

/** "重大风险（红）" → "重大风险" for tags; the colour carries the rest. */
export function riskShortLabel(level: RiskLevel): string {
  return RISK_LEVELS[level].replace(/（.*）$/, '')
}

export const RISK_ORDER: RiskLevel[] = ['major', 'high', 'medium', 'low']

export function enumLabel<T extends Record<string, string>>(
  map: T,
  value: string | null | undefined,
): string {
  if (value === null || value === undefined || value === '') return EMPTY
  return Object.prototype.hasOwnProperty.call(map, value) ? (map[value] as string) : value
}

export const scaleLabel = (v: string | null | undefined): string => enumLabel(SCALES, v)
export const statusLabel = (v: string | null | undefined): string => enumLabel(STATUSES, v)
export const standardizationLabel = (v: string | null | undefined): string =>
  enumLabel(STANDARDIZATION_LEVELS, v)

export function flagsLabel(flags: readonly string[]): string {
  if (flags.length === 0) return EMPTY
  return flags.map((f) => (f in ENTERPRISE_FLAGS ? ENTERPRISE_FLAGS[f as EnterpriseFlag] : f)).join('、')
}

export function text(v: string | number | null | undefined): string {
  return v === null || v === undefined || v === '' ? EMPTY : String(v)
}
