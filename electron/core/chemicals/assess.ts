import { isoNow, type Ctx } from '../context'
import {
  assessUnit,
  parseCategories,
  type QuantityUnit,
  type UnitAssessment,
} from '../shared/chemicals/gb18218'

// GB 18218 per unit, from what the database holds. Results are stored in chem_unit_results so
// lists and the enterprise's grade read them; they are recomputed inside every write that
// changes a chemical or a unit (the kit's afterWrite hook, the importer, undo).

export interface UnitRow {
  id: number
  enterpriseId: number
  enterpriseName: string
  villageName: string | null
  name: string
  kind: string
  population: number | null
  provisional: boolean
}

export interface UnitReport extends UnitRow {
  assessment: UnitAssessment
}

interface ChemRow {
  unit_id: number
  name: string
  cas: string | null
  categories: string | null
  max_quantity: number | null
  quantity_unit: QuantityUnit
  density: number | null
}

function holdings(rows: ChemRow[]) {
  return rows.map((c) => {
    const cats = parseCategories(c.categories)
    return {
      name: c.name,
      cas: c.cas,
      categories: cats.ok ? cats.value : null,
      quantity: c.max_quantity,
      unit: c.quantity_unit,
      density: c.density,
    }
  })
}

const UNIT_SQL = `SELECT u.id, u.enterprise_id AS enterpriseId, e.name AS enterpriseName, v.name AS villageName,
  u.name, u.kind, u.population, u.provisional
  FROM chem_units u JOIN enterprises e ON e.id = u.enterprise_id LEFT JOIN villages v ON v.id = e.village_id
  WHERE u.deleted_at IS NULL AND e.deleted_at IS NULL`

/** Every live unit (optionally of one enterprise) with its full breakdown. */
export function unitReports(
  ctx: Ctx,
  opts: { enterpriseId?: number; unitIds?: number[] } = {},
): UnitReport[] {
  const where: string[] = []
  const params: unknown[] = []
  if (opts.enterpriseId !== undefined) {
    where.push('u.enterprise_id = ?')
    params.push(opts.enterpriseId)
  }
  if (opts.unitIds) {
    where.push(`u.id IN (${opts.unitIds.map(() => '?').join(',') || 'NULL'})`)
    params.push(...opts.unitIds)
  }
  const units = (
    ctx.db
      .prepare(
        `${UNIT_SQL}${where.length ? ` AND ${where.join(' AND ')}` : ''} ORDER BY e.name_py, u.name, u.id`,
      )
      .all(...params) as (Omit<UnitRow, 'provisional'> & { provisional: number })[]
  ).map((u) => ({ ...u, provisional: u.provisional === 1 }))
  if (units.length === 0) return []
  const chems = ctx.db
    .prepare(
      `SELECT unit_id, name, cas, categories, max_quantity, quantity_unit, density FROM chemicals
       WHERE deleted_at IS NULL AND unit_id IN (${units.map(() => '?').join(',')}) ORDER BY id`,
    )
    .all(...units.map((u) => u.id)) as ChemRow[]
  const byUnit = new Map<number, ChemRow[]>()
  for (const c of chems) byUnit.set(c.unit_id, [...(byUnit.get(c.unit_id) ?? []), c])
  return units.map((u) => ({ ...u, assessment: assessUnit(holdings(byUnit.get(u.id) ?? []), u.population) }))
}

/** Recomputes and stores the results of these units (a deleted unit loses its result). */
export function recomputeUnits(ctx: Ctx, unitIds: Iterable<number>): void {
  const ids = [...new Set(unitIds)]
  if (ids.length === 0) return
  const del = ctx.db.prepare('DELETE FROM chem_unit_results WHERE unit_id = ?')
  for (const id of ids) del.run(id)
  const ins = ctx.db.prepare(
    `INSERT INTO chem_unit_results(unit_id, enterprise_id, s, major, r, grade, pending, computed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const now = isoNow(ctx)
  for (const u of unitReports(ctx, { unitIds: ids })) {
    const a = u.assessment
    ins.run(u.id, u.enterpriseId, a.s, a.major ? 1 : 0, a.r, a.grade, a.pending.join('；'), now)
  }
}

export function recomputeAll(ctx: Ctx): void {
  const ids = ctx.db.prepare('SELECT id FROM chem_units').pluck().all() as number[]
  recomputeUnits(ctx, ids)
}

/** An enterprise's major-hazard mark: the highest grade (lowest number) among its units. */
export function enterpriseGrades(ctx: Ctx): Map<number, { grade: number | null; majorUnits: number }> {
  const rows = ctx.db
    .prepare(
      `SELECT enterprise_id AS id, min(grade) AS grade, sum(major) AS majorUnits FROM chem_unit_results r
       JOIN chem_units u ON u.id = r.unit_id WHERE u.deleted_at IS NULL GROUP BY enterprise_id`,
    )
    .all() as { id: number; grade: number | null; majorUnits: number }[]
  return new Map(rows.map((r) => [r.id, { grade: r.grade, majorUnits: r.majorUnits }]))
}
