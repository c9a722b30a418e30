import type { Ctx } from '../context'
import { ledgerHandlers } from '../kit/handlers'
import { createRepo } from '../kit/repo'
import { chinaDate } from '../shared/inspection-fields'
import type { FieldIssue } from '../shared/kit/schema'
import { hazardSpec } from '../shared/specs/hazard'

// 隐患 on the kit: the repository (patch updates, per-record history) with the rules a hazard's
// fields keep among themselves. The lifecycle — status and its dates — is in hazards.ts: those
// fields are `system` in the spec, so no form, patch or import can set them.

export const hazardRepo = createRepo(hazardSpec, {
  // Lowering a hazard to 一般 takes it off the 挂牌督办 list unless the same edit says otherwise.
  derive(values, patch) {
    return 'grade' in patch && values.grade === 'general' && !('supervisionLevel' in patch)
      ? { supervisionLevel: null }
      : {}
  },
  check(ctx: Ctx, v) {
    const issues: FieldIssue[] = []
    if (v.foundOn > chinaDate(ctx.now())) issues.push({ field: 'foundOn', message: '发现日期不能晚于今天' })
    if (v.deadline && v.deadline < v.foundOn)
      issues.push({ field: 'deadline', message: '整改期限不能早于发现日期' })
    if (v.supervisionLevel && v.grade !== 'major')
      issues.push({
        field: 'supervisionLevel',
        message: '只有重大隐患才能挂牌督办，请先把隐患等级改为“重大隐患”',
      })
    return issues
  },
})

const kit = ledgerHandlers(hazardRepo)

/**
 * The kit's hazard handlers the ledger uses: field edits that write only what was sent, the same
 * edit for many hazards, each hazard's history of changed fields, and similar descriptions while typing. Creating (from an inspection),
 * listing with the lifecycle's filters, the detail and deleting stay in handlers.ts.
 */
export const hazardKitHandlers = {
  'hazard.update': kit['hazard.update'],
  'hazard.bulkSet': kit['hazard.bulkSet'],
  'hazard.history': kit['hazard.history'],
  'hazard.checkDuplicates': kit['hazard.checkDuplicates'],
}
