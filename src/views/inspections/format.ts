// Words and small formatters of the 检查与隐患 module, kept in one place so 整改, 复查, 销号 and 逾期
// read the same on every screen. Enum labels come from the core's dependency-free field files.
import {
  CHECK_RESULTS,
  HAZARD_GRADES,
  HAZARD_STATUSES,
  INSPECTION_MODES,
  INSPECTION_TYPES,
  SUPERVISION_LEVELS,
  chinaDate,
  chinaDateTime,
  type HazardStatus,
} from '../../../electron/core/shared/inspection-fields'
import { DOCUMENT_TYPES } from '../../../electron/core/shared/document-fields'

export {
  CHECK_RESULTS,
  DOCUMENT_TYPES,
  HAZARD_GRADES,
  HAZARD_STATUSES,
  INSPECTION_MODES,
  INSPECTION_TYPES,
  SUPERVISION_LEVELS,
}

export function options<T extends Record<string, string>>(
  map: T,
): { value: keyof T & string; label: string }[] {
  return Object.entries(map).map(([value, label]) => ({ value: value as keyof T & string, label }))
}

/** Today's date in China (Asia/Shanghai), 'YYYY-MM-DD', whatever the PC's time zone (as the core counts). */
export function todayLocal(d: Date = new Date()): string {
  return chinaDate(d)
}

/** 'YYYY-MM-DD HH:MM' Beijing time of a moment. */
export function nowLocal(d: Date = new Date()): string {
  return chinaDateTime(d).slice(0, 16)
}

export function addDaysLocal(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** '2026-12-05' → '2026年12月5日' (documents and messages). */
export function chineseDate(date: string | null | undefined): string {
  if (!date) return ''
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number]
  return `${y}年${m}月${d}日`
}

export function dash(v: string | number | null | undefined): string {
  return v === null || v === undefined || v === '' ? '—' : String(v)
}

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export const STATUS_TAGS: Record<HazardStatus, TagType> = {
  pending: 'warning',
  rectifying: 'primary',
  awaiting_review: 'warning',
  closed: 'success',
  overdue: 'danger',
  referred: 'info',
}

/** "剩 3 天" / "今日到期" / "逾期 5 天" for a hazard row. */
export function daysText(h: { daysLeft: number | null; overdueDays: number | null; status: HazardStatus }): {
  text: string
  tone: '' | 'warn' | 'danger'
} {
  if (h.overdueDays !== null) return { text: `逾期 ${h.overdueDays} 天`, tone: 'danger' }
  if (h.daysLeft === null) return { text: '', tone: '' }
  if (h.daysLeft === 0) return { text: '今日到期', tone: 'warn' }
  return { text: `剩 ${h.daysLeft} 天`, tone: h.daysLeft <= 7 ? 'warn' : '' }
}
