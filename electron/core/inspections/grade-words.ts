import { z } from 'zod'
import { type Ctx, writeTx } from '../context'
import type { HazardGrade } from '../shared/inspection-fields'
import { hazardSpec } from '../shared/specs/hazard'

// How an office's sheets write 隐患等级 (3级, 三级, 较大, Ⅰ级 …) and which of the two grades the
// regulations know each word means (《安全生产事故隐患排查治理暂行规定》第三条: 一般事故隐患 /
// 重大事故隐患). Offices grade differently — some number the most severe 1级, some use 较大 for a
// grade that is still 一般 here — so the table is a setting; the spec's option words are the default.

export type GradeWords = Record<HazardGrade, string[]>

const KEY = 'hazard.gradeWords'
const MAX_WORDS = 100

/** The default table: the words listed with each grade option in the hazard spec. */
export function defaultGradeWords(): GradeWords {
  const f = hazardSpec.fields.find((x) => x.key === 'grade')
  const words = (v: HazardGrade) => [...(f?.options.find((o) => o.value === v)?.words ?? [])]
  return { major: words('major'), general: words('general') }
}

export function getGradeWords(ctx: Pick<Ctx, 'db'>): GradeWords {
  const raw = ctx.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as
    string | undefined
  if (!raw) return defaultGradeWords()
  const parsed = stored.safeParse(JSON.parse(raw))
  return parsed.success ? parsed.data : defaultGradeWords()
}

const word = z
  .string()
  .trim()
  .min(1, '写法不能为空')
  .max(20, '每个写法不超过20个字')
  .refine((w) => !/[,，、;；\n]/.test(w), '每个写法单独一项，不要用逗号或顿号连在一起')
const list = (label: string) =>
  z
    .array(word, { error: `请填写${label}的写法` })
    .max(MAX_WORDS, `${label}的写法最多${MAX_WORDS}个`)
    .transform((ws) => [...new Set(ws)])
const stored = z.object({ major: z.array(z.string()), general: z.array(z.string()) })

export const gradeWordsInput = z
  .object({ major: list('重大隐患'), general: list('一般隐患') })
  .superRefine((v, c) => {
    const both = v.major.filter((w) => v.general.includes(w))
    if (both.length)
      c.addIssue({
        code: 'custom',
        path: ['general'],
        message: `“${both.join('、')}”同时列在重大和一般里，请只保留一处`,
      })
  })

export function updateGradeWords(ctx: Ctx, input: z.output<typeof gradeWordsInput> | null): GradeWords {
  writeTx(ctx, () => {
    if (input === null) ctx.db.prepare('DELETE FROM settings WHERE key = ?').run(KEY)
    else
      ctx.db
        .prepare(
          'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
        )
        .run(KEY, JSON.stringify(input))
  })
  return getGradeWords(ctx)
}
