import { z } from 'zod'
import { type Ctx, writeTx } from '../context'
import {
  DEADLINE_RULE_DEFAULTS,
  DEADLINE_RULE_LABELS,
  EXTENSION_WINDOWS,
  type DeadlineRules,
  type ExtensionWindow,
} from '../shared/inspection-fields'

// The deadline rules an office works by: the regulation it cites and the three periods. They are
// rows of the settings key/value table (migration 0001), so a reissued regulation or a provincial
// variant is a settings change, not a code change (REFERENCE.md §1.6).

const KEY: Record<keyof DeadlineRules, string> = {
  regulation: 'deadline.regulation',
  article: 'deadline.article',
  extensionDays: 'deadline.extensionDays',
  extensionWindow: 'deadline.extensionWindow',
  answerDays: 'deadline.answerDays',
  reinspectionDays: 'deadline.reinspectionDays',
}
const FIELDS = Object.keys(KEY) as (keyof DeadlineRules)[]

function days(v: string | undefined, fallback: number): number {
  const n = Number(v)
  return Number.isInteger(n) && n >= 1 && n <= 90 ? n : fallback
}

export function getDeadlineRules(ctx: Pick<Ctx, 'db'>): DeadlineRules {
  const keys = Object.values(KEY)
  const rows = ctx.db
    .prepare(`SELECT key, value FROM settings WHERE key IN (${keys.map(() => '?').join(',')})`)
    .all(...keys) as { key: string; value: string }[]
  const m = new Map(rows.map((r) => [r.key, r.value]))
  const d = DEADLINE_RULE_DEFAULTS
  const window = m.get(KEY.extensionWindow)
  return {
    regulation: m.get(KEY.regulation)?.trim() || d.regulation,
    article: m.get(KEY.article) ?? d.article,
    extensionDays: days(m.get(KEY.extensionDays), d.extensionDays),
    extensionWindow: window && window in EXTENSION_WINDOWS ? (window as ExtensionWindow) : d.extensionWindow,
    answerDays: days(m.get(KEY.answerDays), d.answerDays),
    reinspectionDays: days(m.get(KEY.reinspectionDays), d.reinspectionDays),
  }
}

const period = (label: string) =>
  z
    .number({ error: `${label}应为天数` })
    .int(`${label}应为整数天`)
    .min(1, `${label}至少1天`)
    .max(90, `${label}不能超过90天`)
    .optional()

export const deadlineRulesInput = z.object({
  regulation: z
    .string()
    .trim()
    .min(1, '请填写依据的规章名称')
    .max(80, `${DEADLINE_RULE_LABELS.regulation}不能超过80个字`)
    .optional(),
  article: z.string().trim().max(20, `${DEADLINE_RULE_LABELS.article}不能超过20个字`).optional(),
  extensionDays: period('延期申请期间'),
  extensionWindow: z
    .enum(Object.keys(EXTENSION_WINDOWS) as [ExtensionWindow, ...ExtensionWindow[]], {
      error: '请选择对延期申请期间的理解',
    })
    .optional(),
  answerDays: period('延期答复期限'),
  reinspectionDays: period('复查期限'),
})

export function updateDeadlineRules(ctx: Ctx, input: z.output<typeof deadlineRulesInput>): DeadlineRules {
  const stmt = ctx.db.prepare(
    'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  )
  writeTx(ctx, () => {
    for (const f of FIELDS) {
      const v = input[f]
      if (v !== undefined) stmt.run(KEY[f], String(v))
    }
  })
  return getDeadlineRules(ctx)
}
