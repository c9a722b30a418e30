import { z } from 'zod'
import { handler, type Ctx } from '../context'
import { AppError } from '../errors'
import { listStaff } from '../inspections/staff'
import { LEDGER_REPOS } from '../ledgers'
import { AUDIT_ACTIONS, auditOperators, listAudit, type AuditAction } from './audit'
import { lockConfigured, setLock, unlock } from './lock'

// 操作日志 and the operator of this session. The operator is chosen from 本单位人员 (the list the
// inspections use) when the program starts; every audit entry names them.

/** Names of the areas an audit entry can belong to, for the page's filter and column. */
export function auditLedgers(): Record<string, string> {
  return {
    ...Object.fromEntries(LEDGER_REPOS.map((r) => [r.spec.key, r.spec.title])),
    inspection: '检查记录',
    hazard: '隐患',
    document: '执法文书',
    chemCatalog: '危险化学品目录',
    import: '台账导入',
    data: '数据备份与恢复',
    duty: '值班编排与日报',
    inspectionPlan: '年度检查计划',
    inspectionDraw: '双随机抽取',
  }
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写作 YYYY-MM-DD，如 2026-12-01')

export const auditListInput = z.object({
  from: date.optional(),
  to: date.optional(),
  ledger: z.string().max(40).optional(),
  recordId: z.number().int().positive().optional(),
  operator: z.string().max(40).optional(),
  action: z.enum(Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]]).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.number().int().positive().default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
})

function operators(ctx: Ctx): string[] {
  return listStaff(ctx, false).map((s) => s.name)
}

export const auditHandlers = {
  'audit.list': handler(auditListInput, (ctx, q) => {
    const ledgers = auditLedgers()
    const r = listAudit(ctx, { ...q, q: q.q || undefined })
    return {
      total: r.total,
      rows: r.rows.map((e) => ({
        ...e,
        actionLabel: AUDIT_ACTIONS[e.action] ?? e.action,
        ledgerLabel: ledgers[e.ledger] ?? e.ledger,
      })),
      ledgers,
      actions: AUDIT_ACTIONS,
      operators: auditOperators(ctx),
    }
  }),
  'session.get': handler(z.object({}).optional(), (ctx) => ({
    operator: ctx.operator ?? null,
    operators: operators(ctx),
    lockEnabled: lockConfigured(ctx),
    locked: ctx.locked === true,
  })),
  'session.unlock': handler(
    z.object({ operator: z.string().trim().min(1).max(40), password: z.string().max(200) }),
    (ctx, input) => {
      // with no 本单位人员 yet, the lock screen names whoever unlocks as 管理员
      const names = operators(ctx)
      if (names.length > 0 && !names.includes(input.operator))
        throw new AppError('VALIDATION', `“${input.operator}”不在本单位人员名单中，请从名单中选择`)
      unlock(ctx, input.operator, input.password)
      return { operator: ctx.operator ?? null, locked: false }
    },
  ),
  'session.lock': handler(z.object({}).optional(), (ctx) => {
    if (!lockConfigured(ctx)) throw new AppError('CONFLICT', '还没有设置应用锁密码，请先在“数据与设置”中设置')
    ctx.locked = true
    return { locked: true }
  }),
  'settings.setAppLock': handler(
    z.object({
      current: z.string().max(200).nullable(),
      password: z
        .string()
        .min(6, '密码至少6位')
        .max(200, '密码不能超过200位')
        .refine((p) => p.trim() === p, '密码首尾不能有空格')
        .nullable(),
    }),
    (ctx, input) => setLock(ctx, input),
  ),
  'session.setOperator': handler(z.object({ name: z.string().trim().min(1).max(40) }), (ctx, input) => {
    const names = operators(ctx)
    if (!names.includes(input.name))
      throw new AppError(
        'VALIDATION',
        `“${input.name}”不在本单位人员名单中，请从名单中选择；如是新同事，请先在“检查设置 → 本单位人员”中添加`,
      )
    ctx.operator = input.name
    return { operator: ctx.operator, operators: names }
  }),
}
