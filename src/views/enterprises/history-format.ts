// Turns enterprise.history entries into lines a clerk reads: "风险等级：一般风险（黄） → 重大风险（红）".
import {
  RISK_LEVELS,
  SCALES,
  STANDARDIZATION_LEVELS,
  STATUSES,
} from '../../../electron/core/shared/enterprise-fields'
import type { HistoryEntry } from '../../api/types'
import { flagsLabel } from './enterprise-display'

export const ACTION_LABELS: Record<HistoryEntry['action'], string> = {
  create: '新建',
  update: '修改',
  delete: '移入回收站',
  restore: '恢复',
  import: '导入',
}

export interface NameLookup {
  villageNames: ReadonlyMap<number, string>
  industryNames: ReadonlyMap<number, string>
}

const BLANK = '（空）'

export function formatValue(field: string, value: unknown, names: NameLookup): string {
  if (value === null || value === undefined || value === '') return BLANK
  if (Array.isArray(value)) return value.length === 0 ? BLANK : flagsLabel(value.map(String))
  const s = String(value)
  switch (field) {
    case 'villageId':
      return names.villageNames.get(Number(value)) ?? `已删除的村（社区）（编号 ${s}）`
    case 'industryId':
      return names.industryNames.get(Number(value)) ?? `已删除的行业（编号 ${s}）`
    case 'scale':
      return SCALES[s as keyof typeof SCALES] ?? s
    case 'status':
      return STATUSES[s as keyof typeof STATUSES] ?? s
    case 'riskLevel':
      return RISK_LEVELS[s as keyof typeof RISK_LEVELS] ?? s
    case 'standardization':
      return STANDARDIZATION_LEVELS[s as keyof typeof STANDARDIZATION_LEVELS] ?? s
    case 'employees':
      return `${s} 人`
    case 'responsibilityLetterYear':
      return `${s}年`
    default:
      return s
  }
}

export interface HistoryLine {
  label: string
  before: string
  after: string
}

export interface HistoryItem {
  id: number
  at: string
  action: string
  lines: HistoryLine[]
}

export function formatHistory(entries: readonly HistoryEntry[], names: NameLookup): HistoryItem[] {
  return entries.map((e) => ({
    id: e.id,
    at: e.at,
    action: ACTION_LABELS[e.action] ?? e.action,
    lines: e.changes
      // A new record lists what was filled in; blank fields say nothing.
      .filter((c) => e.action !== 'create' || formatValue(c.field, c.after, names) !== BLANK)
      .map((c) => ({
        label: c.label,
        before: formatValue(c.field, c.before, names),
        after: formatValue(c.field, c.after, names),
      })),
  }))
}
