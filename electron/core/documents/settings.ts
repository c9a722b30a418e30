import { z } from 'zod'
import { type Ctx, writeTx } from '../context'
import { AppError } from '../errors'
import {
  DOCUMENT_FAMILIES,
  DOCUMENT_SETTING_LABELS,
  type DocumentFamily,
  type DocumentSettingKey,
  type DocumentType,
} from './fields'

// Office settings for documents live in the shared settings key/value table (migration 0001).

export interface DocumentSettings {
  documentFamily: DocumentFamily
  issuingOrgan: string
  organAbbreviation: string
  numberPrefix: string
  reviewBody: string
  court: string
  sealText: string
  superiorOrgan: string
}

const KEYS = Object.keys(DOCUMENT_SETTING_LABELS) as DocumentSettingKey[]

export function getDocumentSettings(ctx: Ctx): DocumentSettings {
  const rows = ctx.db
    .prepare(
      `SELECT key, value FROM settings WHERE key IN (${[...KEYS, 'townshipName', 'officeName'].map(() => '?').join(',')})`,
    )
    .all(...KEYS, 'townshipName', 'officeName') as { key: string; value: string }[]
  const m = new Map(rows.map((r) => [r.key, r.value]))
  const township = m.get('townshipName') ?? ''
  const issuingOrgan = m.get('issuingOrgan') ?? (township ? `${township}人民政府` : '')
  const family = m.get('documentFamily')
  return {
    // Most townships have no 行政处罚权 (REFERENCE.md §1.1), so the supervision family is the default.
    documentFamily: family === 'enforcement' ? 'enforcement' : 'supervision',
    issuingOrgan,
    organAbbreviation: m.get('organAbbreviation') ?? '',
    numberPrefix: m.get('numberPrefix') ?? '应急',
    reviewBody: m.get('reviewBody') ?? '',
    court: m.get('court') ?? '',
    sealText: m.get('sealText') ?? issuingOrgan,
    superiorOrgan: m.get('superiorOrgan') ?? '',
  }
}

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, `${label}不能超过${max}个字`)
    .optional()

export const documentSettingsInput = z.object({
  documentFamily: z
    .enum(Object.keys(DOCUMENT_FAMILIES) as [DocumentFamily, ...DocumentFamily[]], {
      error: '请选择文书体系',
    })
    .optional(),
  issuingOrgan: text('发文机关', 60),
  organAbbreviation: text('机关简称', 6),
  numberPrefix: text('文号字头', 6),
  reviewBody: text('行政复议机关', 60),
  court: text('行政诉讼法院', 60),
  sealText: text('印章文字', 60),
  superiorOrgan: text('上级安全监管部门', 60),
})

export function updateDocumentSettings(
  ctx: Ctx,
  input: z.output<typeof documentSettingsInput>,
): DocumentSettings {
  const stmt = ctx.db.prepare(
    'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  )
  writeTx(ctx, () => {
    for (const k of KEYS) {
      const v = input[k]
      if (v !== undefined) stmt.run(k, v)
    }
  })
  return getDocumentSettings(ctx)
}

/** Refuses to issue a document whose printed number or wording would have blanks. */
export function assertSettingsComplete(s: DocumentSettings, type: DocumentType): void {
  const need: DocumentSettingKey[] = ['issuingOrgan', 'organAbbreviation', 'numberPrefix']
  if (type === 'rectification_order') need.push('reviewBody', 'court')
  if (type === 'rectification_opinion') need.push('superiorOrgan')
  const missing = need.filter((k) => s[k].trim() === '')
  if (missing.length > 0)
    throw new AppError(
      'CONFLICT',
      `出具文书前，请先在“文书设置”中填写：${missing.map((k) => DOCUMENT_SETTING_LABELS[k]).join('、')}（这些内容会印在文书上）`,
      { missing },
    )
}
