import { daysBetween } from '../dates'

// 许可证续证: a retail licence is never extended — after it lapses the outlet applies again and gets
// a new licence. An outlet's licences, oldest first, form its renewal chain; between two of them
// there may be a gap (days it had no licence) or an overlap.

export interface ChainLicence {
  id: number
  licenceNo: string
  validFrom: string
  validTo: string
}

export type ChainLink<L extends ChainLicence> = L & {
  /** Days without a licence before this one (0 = renewed without a gap); null for the first. */
  gapBefore: number | null
  /** Days this one overlaps the previous one. */
  overlapBefore: number
  /** The licence the outlet operates on today (or its last one). */
  current: boolean
}

/** The licences of one outlet in order, with gaps and the current one marked. */
export function renewalChain<L extends ChainLicence>(licences: readonly L[], today: string): ChainLink<L>[] {
  const sorted = [...licences].sort(
    (a, b) => a.validFrom.localeCompare(b.validFrom) || a.validTo.localeCompare(b.validTo) || a.id - b.id,
  )
  const cur = currentLicence(sorted, today)
  return sorted.map((l, i) => {
    const prev = sorted[i - 1]
    const between = prev ? daysBetween(prev.validTo, l.validFrom) - 1 : null
    return {
      ...l,
      gapBefore: between === null ? null : Math.max(0, between),
      overlapBefore: between === null ? 0 : Math.max(0, -between),
      current: l === cur,
    }
  })
}

/**
 * The licence that counts today: one in force (the latest-ending if several), else the next one
 * to start, else the last that lapsed.
 */
export function currentLicence<L extends ChainLicence>(licences: readonly L[], today: string): L | null {
  let inForce: L | null = null
  let next: L | null = null
  let last: L | null = null
  for (const l of licences) {
    if (l.validFrom <= today && l.validTo >= today) {
      if (!inForce || l.validTo > inForce.validTo) inForce = l
    } else if (l.validFrom > today) {
      if (!next || l.validFrom < next.validFrom) next = l
    } else if (!last || l.validTo > last.validTo) last = l
  }
  return inForce ?? next ?? last
}
