// Display helpers for the 危化品 page: numbers and the GB 18218 result of a unit in words.
import {
  GRADE_LABELS,
  formatNumber,
  type UnitAssessment,
} from '../../../electron/core/shared/chemicals/gb18218'

export const fmt = (n: number | null | undefined, digits = 4): string =>
  n === null || n === undefined ? '—' : formatNumber(n, digits)

/** 一级…四级, 「类别待确认」 and the like, or 非重大危险源. */
export function gradeText(a: UnitAssessment): string {
  if (!a.major) return a.pending.includes('类别待确认') ? '类别待确认' : '非重大危险源'
  if (a.grade) return `${GRADE_LABELS[a.grade as 1 | 2 | 3 | 4]}重大危险源`
  return a.pending.join('、')
}

export function gradeTagType(a: UnitAssessment): 'danger' | 'warning' | 'info' | 'success' | 'primary' {
  if (!a.major) return a.pending.length ? 'info' : 'success'
  if (a.grade === 1 || a.grade === 2) return 'danger'
  if (a.grade) return 'warning'
  return 'info'
}

const dayNumber = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000

/** A licence's standing beside its 有效期至: 剩 N 天 (hot within 30 days) or 已过期 N 天. */
export function validityText(validTo: string | null, today: string): { text: string; hot: boolean } {
  if (!validTo) return { text: '未填写有效期', hot: true }
  const days = dayNumber(validTo) - dayNumber(today)
  if (days < 0) return { text: `已过期 ${-days} 天`, hot: true }
  return { text: `剩 ${days} 天`, hot: days <= 30 }
}
