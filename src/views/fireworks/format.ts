// How a licence's standing reads on screen: 有效, 剩 12 天, 已过期 30 天, 未生效.
import type { ApiOutput } from '../../api/types'
import type { CurrentLicence } from '../../../electron/core/shared/fireworks/licence-filters'
import type { LedgerRecord } from '../../ledger/api'

/** An outlet as its list gives it: with the licence that counts today (the list hook's values). */
export type FireworksRow = LedgerRecord & {
  licence: CurrentLicence | null
  licenceCount: number
  operatingWithout: boolean
  warnings: string[]
}
export type OutletDetail = ApiOutput<'fireworks.outlet'>
export type ChainEntry = OutletDetail['chain'][number]

export {
  LICENCE_FILTERS,
  type LicenceFilterValue,
} from '../../../electron/core/shared/fireworks/licence-filters'

export function stateText(l: { state: string; daysLeft: number | null } | null): string {
  if (!l) return '无许可证'
  if (l.state === 'expired') return `已过期 ${-(l.daysLeft ?? 0)} 天`
  if (l.state === 'notYet') return '未生效'
  if (l.state === 'expiring') return l.daysLeft === 0 ? '今天到期' : `剩 ${l.daysLeft} 天`
  return '有效'
}

export function stateType(
  l: { state: string; daysLeft: number | null } | null,
): 'success' | 'warning' | 'danger' | 'info' {
  if (!l || l.state === 'expired') return 'danger'
  if (l.state === 'expiring') return (l.daysLeft ?? 0) <= 30 ? 'danger' : 'warning'
  if (l.state === 'notYet') return 'info'
  return 'success'
}

export function range(from: string | null, to: string | null): string {
  if (!from && !to) return ''
  return `${from ?? '？'} 至 ${to ?? '？'}`
}

/** 2027-02-06 → 2027年2月6日 */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

export const STATUS_LABELS: Record<string, string> = { operating: '在营', suspended: '停业', closed: '关闭' }
export const MODE_LABELS: Record<string, string> = { store: '专店', counter: '专柜' }
export const SEASON_LABELS: Record<string, string> = { spring: '春节期间', 'year-round': '常年' }
