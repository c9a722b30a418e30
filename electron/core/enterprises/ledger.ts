import { ledgerHandlers } from '../kit/handlers'
import { createRepo } from '../kit/repo'
import { enterpriseSpec } from '../shared/specs/enterprise'

// The enterprise ledger: its spec, the repository and handlers the kit derives from it, and the
// one domain rule the spec cannot say (a signing date sets the year).

export const enterpriseRepo = createRepo(enterpriseSpec, {
  derive(merged, patch) {
    if ('responsibilityLetterDate' in patch && merged.responsibilityLetterDate)
      return { responsibilityLetterYear: Number(merged.responsibilityLetterDate.slice(0, 4)) }
    return {}
  },
})

export const enterpriseHandlers = ledgerHandlers(enterpriseRepo)

export type Enterprise = ReturnType<typeof enterpriseRepo.get>
export type EnterpriseValues = ReturnType<typeof enterpriseRepo.values>
