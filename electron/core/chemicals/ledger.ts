import { AppError, validationError } from '../errors'
import { ledgerHandlers } from '../kit/handlers'
import { createRepo } from '../kit/repo'
import { formatCategories, parseCategories } from '../shared/chemicals/gb18218'
import { chemicalSpec, chemUnitSpec } from '../shared/specs/chemical'
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
