import { ledgerHandlers } from '../kit/handlers'
import { createRepo } from '../kit/repo'
import { responsibilityLetterSpec } from '../shared/specs/responsibility-letter'

// 安全生产责任书 on the kit; the one rule the spec cannot say: a letter is named by its year and
// signer ("2026年度 东湖村村民委员会"), so next year's letter with the same village is a new record.
export const letterRepo = createRepo(responsibilityLetterSpec, {
  derive(merged, patch) {
    if (!('year' in patch) && !('signer' in patch)) return {}
    return { title: `${merged.year}年度 ${merged.signer}` }
  },
})
export const letterHandlers = ledgerHandlers(letterRepo)
