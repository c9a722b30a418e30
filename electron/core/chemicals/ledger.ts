import { AppError, validationError } from '../errors'
import { ledgerHandlers } from '../kit/handlers'
import { createRepo } from '../kit/repo'
import { formatCategories, parseCategories } from '../shared/chemicals/gb18218'
import type { FieldIssue } from '../shared/kit/schema'
import { chemicalSpec, chemLicenceSpec, chemUnitSpec } from '../shared/specs/chemical'
import { recomputeUnits } from './assess'

// Units and chemicals on the kit. The hooks keep GB 18218 results current: every write to a
// chemical or a unit recomputes the units it touches, inside the same transaction.

export const chemUnitRepo = createRepo(chemUnitSpec, {
  afterWrite(ctx, after, before) {
    if (after.deletedAt && !before?.deletedAt) {
      const n = ctx.db
        .prepare('SELECT count(*) FROM chemicals WHERE unit_id = ? AND deleted_at IS NULL')
        .pluck()
        .get(after.id) as number
      if (n > 0)
        throw new AppError(
          'CONFLICT',
          `单元“${after.name}”中还有 ${n} 种危险化学品，请先删除或移到其他单元，再删除该单元`,
        )
    }
    recomputeUnits(ctx, [after.id])
  },
})
export const chemUnitHandlers = ledgerHandlers(chemUnitRepo)

export const chemicalRepo = createRepo(chemicalSpec, {
  derive(values) {
    const c = parseCategories(values.categories)
    if (!c.ok) throw validationError([{ field: 'categories', message: c.message }])
    const text = formatCategories(c.value)
    return { categories: text === '' ? null : text }
  },
  afterWrite(ctx, after, before) {
    const unit = ctx.db.prepare('SELECT enterprise_id FROM chem_units WHERE id = ?').get(after.unitId) as
      { enterprise_id: number } | undefined
    if (unit && unit.enterprise_id !== after.enterpriseId) {
      const message = '所选单元不属于该企业，请重新选择单元'
      throw new AppError('VALIDATION', message, { issues: [{ field: 'unitId', message }] })
    }
    recomputeUnits(
      ctx,
      before && before.unitId !== after.unitId ? [after.unitId, before.unitId] : [after.unitId],
    )
  },
})
export const chemicalHandlers = ledgerHandlers(chemicalRepo)

export const chemLicenceRepo = createRepo(chemLicenceSpec, {
  check(ctx, v, exceptId) {
    const issues: FieldIssue[] = []
    if (v.validFrom && v.validTo && v.validTo < v.validFrom)
      issues.push({ field: 'validTo', message: `有效期至 ${v.validTo} 早于有效期起 ${v.validFrom}，请核对` })
    const other = ctx.db
      .prepare('SELECT id, deleted_at FROM chem_licences WHERE licence_no = ? AND id IS NOT ?')
      .get(v.licenceNo, exceptId) as { id: number; deleted_at: string | null } | undefined
    if (other)
      issues.push({
        field: 'licenceNo',
        message: `许可证编号 ${v.licenceNo} 已登记${other.deleted_at ? '（在回收站中，可恢复）' : ''}，同一编号不能登记两次`,
      })
    return issues
  },
})
export const chemLicenceHandlers = ledgerHandlers(chemLicenceRepo)
