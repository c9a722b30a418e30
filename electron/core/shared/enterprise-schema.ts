import { z } from 'zod'
import {
  ENTERPRISE_FLAGS,
  RISK_LEVELS,
  SCALES,
  STANDARDIZATION_LEVELS,
  STATUSES,
  type EnterpriseFlag,
  type EnterpriseInput,
} from './enterprise-fields'
import { checkCreditCode, checkPhone, normalizeCode, normalizePhone } from './validators'

// One schema for the form (renderer) and the handler (core): the clerk sees the same message
// beside the field that the core would return.

// Each field is a rule (what a stored value must satisfy) plus an optional clean-up step for
// what a person typed. Forms and handlers use both; the importer, whose readers already produce
// canonical values, checks the same rules without the clean-up (it is the hot loop at 100k rows).

type Clean = (v: unknown) => unknown
const blankToNull: Clean = (v) => (v === '' || v === undefined ? null : v)
const trimToNull: Clean = (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : (v ?? null))

const text = (max: number, label: string) =>
  [
    trimToNull,
    z
      .string({ error: `${label}应为文字` })
      .max(max, `${label}不能超过${max}个字`)
      .nullable(),
  ] as const

const phone = (label: string) =>
  [
    (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? null : normalizePhone(v)) : (v ?? null)),
    z
      .string()
      .nullable()
      .superRefine((v, ctx) => {
        if (v === null) return
        const msg = checkPhone(v, label)
        if (msg) ctx.addIssue({ code: 'custom', message: msg })
      }),
  ] as const

const enumOrNull = <T extends Record<string, string>>(values: T, label: string) =>
  [
    blankToNull,
    z
      .enum(Object.keys(values) as [keyof T & string, ...(keyof T & string)[]], {
        error: `请从列表中选择${label}`,
      })
      .nullable(),
  ] as const

const currentYear = new Date().getFullYear()

function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  const dt = new Date(Date.UTC(y, m - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900
}

const FIELDS = {
  name: [
    (v: unknown) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: '请填写企业名称' })
      .min(2, '企业名称至少2个字，请填写营业执照上的全称')
      .max(100, '企业名称不能超过100个字'),
  ],
  creditCode: [
    (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? null : normalizeCode(v)) : (v ?? null)),
    z
      .string()
      .nullable()
      .superRefine((v, ctx) => {
        if (v === null) return
        const msg = checkCreditCode(v)
        if (msg) ctx.addIssue({ code: 'custom', message: msg })
      }),
  ],
  legalRepresentative: text(30, '法定代表人'),
  principal: text(30, '主要负责人'),
  principalPhone: phone('主要负责人电话'),
  safetyOfficer: text(30, '安全管理人员'),
  safetyOfficerPhone: phone('安全管理人员电话'),
  contactPhone: phone('单位电话'),
  villageId: [null, z.number({ error: '请选择所属村（社区）' }).int().positive('请选择所属村（社区）')],
  address: text(200, '地址'),
  industryId: [blankToNull, z.number().int().positive().nullable()],
  scale: enumOrNull(SCALES, '企业规模'),
  employees: [
    blankToNull,
    z
      .number({ error: '从业人数应为数字' })
      .int('从业人数应为整数')
      .min(0, '从业人数不能为负数')
      .max(1_000_000, '从业人数过大，请核对')
      .nullable(),
  ],
  establishedDate: [
    blankToNull,
    z
      .string({ error: '成立日期应写作 2019-03-05' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, '成立日期应写作 2019-03-05')
      .refine(isRealDate, '成立日期不是有效的日期，请核对')
      .nullable(),
  ],
  flags: [
    null,
    z
      .array(
        z.enum(Object.keys(ENTERPRISE_FLAGS) as [EnterpriseFlag, ...EnterpriseFlag[]], {
          error: '重点行业领域无效',
        }),
      )
      .default([])
      .transform((f) => [...new Set(f)]),
  ],
  standardization: enumOrNull(STANDARDIZATION_LEVELS, '安全生产标准化等级'),
  riskLevel: enumOrNull(RISK_LEVELS, '风险等级'),
  responsibilityLetterYear: [
    blankToNull,
    z
      .number({ error: '责任书签订年度应为年份，如 2026' })
      .int('责任书签订年度应为年份，如 2026')
      .min(2000, '责任书签订年度应在2000年以后')
      .max(currentYear + 1, `责任书签订年度不能晚于${currentYear + 1}年`)
      .nullable(),
  ],
  status: [
    null,
    z
      .enum(Object.keys(STATUSES) as ['operating', 'suspended', 'closed'], { error: '请选择经营状态' })
      .default('operating'),
  ],
  notes: text(1000, '备注'),
} as const

type Fields = typeof FIELDS
type Rules = { [K in keyof Fields]: Fields[K][1] }
type Cleaned = {
  [K in keyof Fields]: Fields[K][0] extends null ? Fields[K][1] : z.ZodPipe<z.ZodTransform, Fields[K][1]>
}

const rules = Object.fromEntries(Object.entries(FIELDS).map(([k, [, rule]]) => [k, rule])) as unknown as Rules
const cleaned = Object.fromEntries(
  Object.entries(FIELDS).map(([k, [clean, rule]]) => [
    k,
    clean ? z.preprocess(clean as Clean, rule as z.ZodType) : rule,
  ]),
) as unknown as Cleaned

/** What a person typed: cleaned (trimmed, normalised), then checked. */
export const enterpriseInputSchema = z.object(cleaned) satisfies z.ZodType<EnterpriseInput, unknown>
/** Values that are already canonical (the importer's readers): the same rules, no clean-up. */
export const enterpriseStrictSchema = z.object(rules) satisfies z.ZodType<EnterpriseInput, unknown>

export type EnterpriseInputRaw = z.input<typeof enterpriseInputSchema>

export interface FieldMessage {
  field: string
  message: string
}

/** Runs the schema and returns per-field Chinese messages (first message per field). */
export function validateEnterprise(
  raw: unknown,
  mode: 'typed' | 'canonical' = 'typed',
): { ok: true; value: EnterpriseInput } | { ok: false; issues: FieldMessage[] } {
  const r = (mode === 'typed' ? enterpriseInputSchema : enterpriseStrictSchema).safeParse(raw)
  if (r.success) return { ok: true, value: r.data }
  const seen = new Set<string>()
  const issues: FieldMessage[] = []
  for (const i of r.error.issues) {
    const field = i.path.map(String).join('.') || '_'
    if (seen.has(field)) continue
    seen.add(field)
    issues.push({ field, message: i.message })
  }
  return { ok: false, issues }
}
