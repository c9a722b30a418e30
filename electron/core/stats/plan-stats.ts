import type { Ctx } from '../context'
import { listPlan, plannedEnterpriseIds } from '../inspections/plan'
import type { Period, StatDef } from './stats'

// 年度执法检查计划 in the statistics: items planned in the period (by planned month), those done
// (the enterprise was inspected in its planned month), those not, and the roster the plan covers.
// Each count is the length of the plan list its link opens, with the same filter.

const range = (p: Period) => ({ from: p.from, to: p.to })
const group = '年度检查计划'

export const planStats: StatDef[] = [
  {
    key: 'plan.items',
    group,
    label: '计划检查',
    unit: '家次',
    count: (ctx: Ctx, p) => listPlan(ctx, range(p)).length,
    route: (_c, p) => ({ name: 'inspection-plan', query: range(p) }),
  },
  {
    key: 'plan.done',
    group,
    label: '已按计划检查',
    unit: '家次',
    count: (ctx, p) => listPlan(ctx, { ...range(p), status: 'done' }).length,
    route: (_c, p) => ({ name: 'inspection-plan', query: { ...range(p), status: 'done' } }),
  },
  {
    key: 'plan.pending',
    group,
    label: '计划未检查',
    unit: '家次',
    count: (ctx, p) => listPlan(ctx, { ...range(p), status: 'pending' }).length,
    route: (_c, p) => ({ name: 'inspection-plan', query: { ...range(p), status: 'pending' } }),
  },
  { key: 'plan.progress', group, label: '计划完成率', ratio: ['plan.done', 'plan.items'] },
  {
    key: 'plan.enterprises',
    group,
    label: '列入计划企业',
    unit: '家',
    count: (ctx, p) => plannedEnterpriseIds(ctx, range(p)).length,
    route: (ctx, p) => ({
      name: 'enterprises',
      query: { ids: plannedEnterpriseIds(ctx, range(p)).join(',') || '0' },
    }),
  },
  { key: 'plan.coverage', group, label: '计划覆盖在册企业', ratio: ['plan.enterprises', 'roster'] },
]
