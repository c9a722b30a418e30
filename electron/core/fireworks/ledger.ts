import type { Ctx } from '../context'
import { ledgerHandlers } from '../kit/handlers'
import { createRepo } from '../kit/repo'
import { parseLicenceNumber } from '../shared/fireworks/licence-number'
import { checkValidity } from '../shared/fireworks/validity'
import type { FieldIssue } from '../shared/kit/schema'
import { fireworksLicenceSpec, fireworksOutletSpec } from '../shared/specs/fireworks'

// 烟花爆竹零售点 and their licences on the kit. The licence number is kept in its full-width form
// whatever brackets the clerk typed; the form refuses a validity over two years (an import keeps
// such a row with a warning, see import.ts) and a number another licence already has.

export const fireworksOutletRepo = createRepo(fireworksOutletSpec)

export const fireworksLicenceRepo = createRepo(fireworksLicenceSpec, {
  derive(values) {
    const r = values.licenceNo ? parseLicenceNumber(values.licenceNo) : null
    return r?.ok ? { licenceNo: r.value } : {}
  },
  check(ctx: Ctx, v, exceptId) {
    const issues: FieldIssue[] = []
    const r = v.licenceNo ? parseLicenceNumber(v.licenceNo) : null
    if (r && !r.ok) issues.push({ field: 'licenceNo', message: r.why })
    if (r?.ok) {
      const other = ctx.db
        .prepare(
          `SELECT l.id, o.name, l.deleted_at FROM fireworks_licences l JOIN fireworks_outlets o ON o.id = l.outlet_id
           WHERE l.licence_no = ? AND l.id IS NOT ?`,
        )
        .get(r.value, exceptId) as { id: number; name: string; deleted_at: string | null } | undefined
      if (other)
        issues.push({
          field: 'licenceNo',
          message: `许可证编号 ${r.value} 已登记在“${other.name}”名下${other.deleted_at ? '（在回收站中）' : ''}，同一编号不能登记两次`,
        })
    }
    if (v.validFrom && v.validTo) {
      const p = checkValidity(v.validFrom, v.validTo)
      if (p) issues.push({ field: p.field, message: p.message })
    }
    return issues
  },
})

export const fireworksOutletHandlers = ledgerHandlers(fireworksOutletRepo)
export const fireworksLicenceHandlers = ledgerHandlers(fireworksLicenceRepo)
