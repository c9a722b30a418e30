import type { Ctx } from '../context'
import { majorHazards } from '../chemicals/handlers'
import { dutyLogRepo } from '../duty/ledger'
import { fireworksOutletRepo } from '../fireworks/ledger'
import { GRADE_LABELS, type Grade } from '../shared/chemicals/gb18218'
import type { Period, StatDef } from './stats'

// The counts the 危化品, 烟花爆竹 and 值班 ledgers add to the statistics. As everywhere in the
// registry, each number is the length of the list its link opens, computed by that list's own code
// with the same filter: the 重大危险源 register of the 危化品 page by grade, the outlet list with a
// period filter, the roster with its uncovered days hidden, the duty log filtered by date.

const grades = [1, 2, 3, 4] as const satisfies readonly Grade[]

/** Units of the 重大危险源 register (GB 18218) with one grade: the register as it is now. */
const majorHazardStat = (grade: Grade): StatDef => ({
  key: `chemicals.majorHazards.${grade}`,
  group: '危险化学品重大危险源（在册）',
  label: `${GRADE_LABELS[grade]}重大危险源`,
  unit: '个',
  snapshot: true,
  count: (ctx: Ctx) => majorHazards(ctx).filter((u) => u.grade === grade).length,
  route: () => ({ name: 'chemicals', query: { tab: 'register', grade: String(grade) } }),
})

const outletCount = (ctx: Ctx, filter: 'licensedIn' | 'inspectedIn', p: Period) =>
  fireworksOutletRepo.count(ctx, { extra: { [filter]: { from: p.from, to: p.to } } })

/** Days of the period with someone on the roster (带班 or 值班). */
export function dutyDaysCovered(ctx: Ctx, p: Period): number {
  return ctx.db
    .prepare('SELECT count(DISTINCT date) FROM duty_shifts WHERE deleted_at IS NULL AND date BETWEEN ? AND ?')
    .pluck()
    .get(p.from, p.to) as number
}

export const ledgerStats: StatDef[] = [
  {
    key: 'chemicals.majorHazards',
    group: '危险化学品重大危险源（在册）',
    label: '重大危险源单元',
    unit: '个',
    snapshot: true,
    count: (ctx) => majorHazards(ctx).length,
    route: () => ({ name: 'chemicals', query: { tab: 'register' } }),
  },
  ...grades.map(majorHazardStat),
  {
    key: 'fireworks.licensed',
    group: '烟花爆竹零售',
    label: '持有效许可证的零售点',
    unit: '家',
    count: (ctx, p) => outletCount(ctx, 'licensedIn', p),
    route: (_c, p) => ({ name: 'fireworks', query: { licensedFrom: p.from, licensedTo: p.to } }),
  },
  {
    key: 'fireworks.inspected',
    group: '烟花爆竹零售',
    label: '检查零售点',
    unit: '家',
    count: (ctx, p) => outletCount(ctx, 'inspectedIn', p),
    route: (_c, p) => ({ name: 'fireworks', query: { inspectedFrom: p.from, inspectedTo: p.to } }),
  },
  {
    key: 'duty.days',
    group: '应急值守',
    label: '安排值班',
    unit: '天',
    count: dutyDaysCovered,
    route: (_c, p) => ({ name: 'duty', query: { from: p.from, to: p.to, covered: '1' } }),
  },
  {
    key: 'duty.events',
    group: '应急值守',
    label: '值班记录事项',
    unit: '条',
    count: (ctx, p) => dutyLogRepo.count(ctx, { filters: { date: { from: p.from, to: p.to } } }),
    route: (_c, p) => ({ name: 'duty-log', query: { 'f.date.from': p.from, 'f.date.to': p.to } }),
  },
]
