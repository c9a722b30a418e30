import { z } from 'zod'
import { handler } from '../context'
import { validationError } from '../errors'
import {
  ENTERPRISE_FLAGS,
  ENTERPRISE_SORT_FIELDS,
  RISK_LEVELS,
  SCALES,
  STATUSES,
  type EnterpriseFlag,
} from '../shared/enterprise-fields'
import { validateEnterprise } from '../shared/enterprise-schema'
import { normalizeCode } from '../shared/validators'
import {
  createEnterprise,
  enterpriseHistory,
  getEnterprise,
  listEnterprises,
  setDeleted,
  similarNames,
  updateEnterprise,
} from './repo'

const id = z.number().int().positive()
const ids = z.array(id).min(1, '请至少选择一家企业').max(10_000)
const keys = <T extends Record<string, string>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]]

export const listInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(20),
  sort: z.object({ field: z.enum(ENTERPRISE_SORT_FIELDS), order: z.enum(['asc', 'desc']) }).optional(),
  query: z.string().max(100).optional(),
  villageIds: z.array(id).max(500).optional(),
  industryIds: z.array(id).max(500).optional(),
  scales: z.array(z.enum(keys(SCALES))).optional(),
  statuses: z.array(z.enum(keys(STATUSES))).optional(),
  riskLevels: z.array(z.enum(keys(RISK_LEVELS))).optional(),
  flags: z.array(z.enum(Object.keys(ENTERPRISE_FLAGS) as [EnterpriseFlag, ...EnterpriseFlag[]])).optional(),
  deleted: z.boolean().optional(),
})

/** The form data is validated by the shared schema so the messages match the form's own. */
function parseData(data: unknown) {
  const r = validateEnterprise(data)
  if (!r.ok) throw validationError(r.issues)
  return r.value
}

export const enterpriseHandlers = {
  'enterprise.list': handler(listInput, (ctx, input) => listEnterprises(ctx, input)),
  'enterprise.get': handler(z.object({ id }), (ctx, input) => getEnterprise(ctx, input.id)),
  'enterprise.create': handler(z.object({ data: z.record(z.string(), z.unknown()) }), (ctx, input) => {
    const data = parseData(input.data)
    const enterprise = createEnterprise(ctx, data)
    return { enterprise, similar: similarNames(ctx, data.name, enterprise.id) }
  }),
  'enterprise.update': handler(
    z.object({ id, version: z.number().int().positive(), data: z.record(z.string(), z.unknown()) }),
    (ctx, input) => {
      const data = parseData(input.data)
      const enterprise = updateEnterprise(ctx, input.id, input.version, data)
      return { enterprise, similar: similarNames(ctx, data.name, enterprise.id) }
    },
  ),
  'enterprise.remove': handler(z.object({ ids }), (ctx, input) => setDeleted(ctx, input.ids, true)),
  'enterprise.restore': handler(z.object({ ids }), (ctx, input) => setDeleted(ctx, input.ids, false)),
  'enterprise.history': handler(z.object({ id }), (ctx, input) => enterpriseHistory(ctx, input.id)),
  /** Checks a name and code while the clerk types, before saving. */
  'enterprise.checkDuplicates': handler(
    z.object({
      name: z.string().max(100),
      creditCode: z.string().max(40).nullable().optional(),
      excludeId: id.nullable().optional(),
    }),
    (ctx, input) => {
      let creditCodeOwner: { id: number; name: string; deleted: boolean } | null = null
      if (input.creditCode) {
        const row = ctx.db
          .prepare(
            'SELECT id, name, deleted_at IS NOT NULL AS deleted FROM enterprises WHERE credit_code = ? AND id IS NOT ?',
          )
          .get(normalizeCode(input.creditCode), input.excludeId ?? null) as
          { id: number; name: string; deleted: number } | undefined
        if (row) creditCodeOwner = { ...row, deleted: Boolean(row.deleted) }
      }
      return { creditCodeOwner, similar: similarNames(ctx, input.name, input.excludeId ?? null) }
    },
  ),
}
