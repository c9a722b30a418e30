import { z } from 'zod'
import { isValidDate } from './deadlines'

// Small zod building blocks shared by the inspection, hazard and document handlers, so every
// field says the same thing in the same words.

export const id = z.number({ error: '缺少记录编号' }).int().positive()
export const version = z.number({ error: '缺少版本号，请刷新后重试' }).int().positive()

export const page = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(20),
}

/** 'YYYY-MM-DD' that is a real calendar date. */
export const date = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s), `${label}格式应为“2026-01-31”`)
    .refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || isValidDate(s), `${label}不是有效日期，请核对月份和天数`)

export const dateOrNull = (label: string) =>
  z.preprocess((v) => (v === '' || v === undefined ? null : v), date(label).nullable())

/** 'YYYY-MM-DD HH:MM' (a 'T' separator or trailing seconds are accepted and dropped). */
export const dateTime = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .transform((s) => s.replace('T', ' ').replace(/^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}):\d{2}(\.\d+)?$/, '$1'))
    .refine(
      (s) => /^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d$/.test(s),
      `${label}格式应为“2026-01-31 09:30”`,
    )
    .refine((s) => isValidDate(s.slice(0, 10)), `${label}不是有效日期，请核对月份和天数`)

/** Optional text: blank becomes null. */
export const textOrNull = (label: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : (v ?? null)),
    z
      .string({ error: `${label}应为文字` })
      .max(max, `${label}不能超过${max}个字`)
      .nullable(),
  )

/** Required text. */
export const requiredText = (label: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: `请填写${label}` })
      .min(1, `请填写${label}`)
      .max(max, `${label}不能超过${max}个字`),
  )

export const enumOf = <T extends Record<string, string>>(values: T, label: string) =>
  z.enum(Object.keys(values) as [keyof T & string, ...(keyof T & string)[]], {
    error: `请从列表中选择${label}`,
  })

export const period = z
  .object({ from: date('起始日期').optional(), to: date('截止日期').optional() })
  .refine((p) => !p.from || !p.to || p.from <= p.to, '起始日期不能晚于截止日期')
  .optional()
