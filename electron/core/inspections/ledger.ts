import type { Ctx } from '../context'
import { AppError } from '../errors'
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
  // A hazard listed on a document stays: the document is kept on file (留档) and prints its
  // hazards, so deleting one would change a document already handed to the enterprise.
  beforeDelete(ctx: Ctx, h) {
    const doc = ctx.db
      .prepare(
        `SELECT d.number FROM document_hazards dh JOIN documents d ON d.id = dh.document_id
         WHERE dh.hazard_id = ? ORDER BY d.id LIMIT 1`,
      )
      .get(h.id) as { number: string } | undefined
    if (doc) {
      const d = h.description.length > 20 ? `${h.description.slice(0, 20)}…` : h.description
      throw new AppError(
        'CONFLICT',
        `隐患“${d}”已列入文书 ${doc.number}，文书要留档，隐患不能删除。如内容有误，可修改隐患信息；如整改完毕，请记录复查结果后销号。`,
      )
    }
  },
})

const kit = ledgerHandlers(hazardRepo)

/**
 * The kit's hazard handlers the ledger uses: the list (with the computed statuses of the spec's
 * presets), field edits that write only what was sent, the same edit for many hazards, the 回收站
 * (remove/restore), each hazard's history and similar descriptions while typing. Creating (from an
 * inspection), the detail and the lifecycle steps stay in handlers.ts.
 */
export const hazardKitHandlers = {
  'hazard.list': kit['hazard.list'],
  'hazard.remove': kit['hazard.remove'],
  'hazard.restore': kit['hazard.restore'],
  'hazard.update': kit['hazard.update'],
  'hazard.bulkSet': kit['hazard.bulkSet'],
  'hazard.history': kit['hazard.history'],
  'hazard.checkDuplicates': kit['hazard.checkDuplicates'],
}
