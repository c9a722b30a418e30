// The 烟花爆竹 list's licence filter, as the list offers it and a filtered export is named.
import type { LicenceState } from './validity'

export const LICENCE_FILTERS = [
  { value: 'valid', label: '许可证有效' },
  { value: 'expiring30', label: '30天内到期' },
  { value: 'expiring60', label: '60天内到期' },
  { value: 'expired', label: '许可证已过期' },
  { value: 'expiredOperating', label: '过期仍在营' },
  { value: 'none', label: '无许可证' },
  { value: 'renewal', label: '春节前需续证' },
] as const
export type LicenceFilterValue = (typeof LICENCE_FILTERS)[number]['value']

/** The licence an outlet's list row shows: the one that counts today, and its standing. */
export interface CurrentLicence {
  id: number
  licenceNo: string
  validFrom: string | null
  validTo: string | null
  scope: string | null
  storageLimit: number | null
  state: LicenceState
  daysLeft: number | null
}
