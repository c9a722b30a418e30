import { z } from 'zod'
import { type Ctx, writeTx } from '../context'
import { AppError } from '../errors'
import { isValidDate } from '../inspections/deadlines'
import {
  AUTHORITIES,
  AUTHORITY_FAMILY,
  DOCUMENT_FAMILIES,
  DOCUMENT_SETTING_LABELS,
  type Authority,
  type DocumentFamily,
  type DocumentSettingKey,
  type DocumentType,
} from './fields'

// Office settings for documents live in the shared settings key/value table (migration 0001).

export interface DocumentSettings {
  authority: Authority
  /** Follows from authority (none → 监督检查文书, entrusted/devolved → 执法文书). */
  documentFamily: DocumentFamily
  issuingOrgan: string
  organAbbreviation: string
  numberPrefix: string
  reviewBody: string
  court: string
  sealText: string
  superiorOrgan: string
  entrustingOrgan: string
  entrustingAbbreviation: string
  entrustingSealText: string
  authorityBasis: string
  authorityDate: string
}

/** In whose name documents are issued: the entrusting bureau under 委托, the township otherwise. */
export function issuer(s: DocumentSettings): { name: string; sealText: string; abbreviation: string } {
  return s.authority === 'entrusted'
    ? {
        name: s.entrustingOrgan,
        sealText: s.entrustingSealText || s.entrustingOrgan,
        abbreviation: s.entrustingAbbreviation,
      }
    : { name: s.issuingOrgan, sealText: s.sealText, abbreviation: s.organAbbreviation }
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
  const stored = m.get('authority')
  // Most townships have no 行政处罚权 (REFERENCE.md §1.1), so "none" (the supervision family) is the
  // default. Offices set up before the position was asked chose only the family; an enforcement
  // family in the township's own name is the 赋权 position.
  const authority: Authority =
    stored && stored in AUTHORITIES
      ? (stored as Authority)
      : m.get('documentFamily') === 'enforcement'
        ? 'devolved'
        : 'none'
  return {
    authority,
    documentFamily: AUTHORITY_FAMILY[authority],
    issuingOrgan,
    organAbbreviation: m.get('organAbbreviation') ?? '',
    numberPrefix: m.get('numberPrefix') ?? '应急',
    reviewBody: m.get('reviewBody') ?? '',
    court: m.get('court') ?? '',
    sealText: m.get('sealText') ?? issuingOrgan,
    superiorOrgan: m.get('superiorOrgan') ?? '',
    entrustingOrgan: m.get('entrustingOrgan') ?? '',
    entrustingAbbreviation: m.get('entrustingAbbreviation') ?? '',
    entrustingSealText: m.get('entrustingSealText') ?? '',
    authorityBasis: m.get('authorityBasis') ?? '',
    authorityDate: m.get('authorityDate') ?? '',
  }
}

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, `${label}不能超过${max}个字`)
    .optional()

export const documentSettingsInput = z.object({
  authority: z
    .enum(Object.keys(AUTHORITIES) as [Authority, ...Authority[]], { error: '请选择本机关的执法权限' })
    .optional(),
  /** Older callers choose the family only; authority wins when both are sent. */
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
  entrustingOrgan: text('委托机关', 60),
  entrustingAbbreviation: text('委托机关简称', 6),
  entrustingSealText: text('委托机关印章文字', 60),
  authorityBasis: text('委托书或赋权决定文号', 80),
  authorityDate: z
    .string({ error: '委托或赋权日期应为日期' })
    .trim()
    .refine((v) => v === '' || isValidDate(v), '委托或赋权日期格式应为“2026-01-31”')
    .optional(),
})

export function updateDocumentSettings(
  ctx: Ctx,
  input: z.output<typeof documentSettingsInput>,
): DocumentSettings {
  const stmt = ctx.db.prepare(
    'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  )
  writeTx(ctx, () => {
    const current = getDocumentSettings(ctx).authority
    let authority = input.authority
    if (authority === undefined && input.documentFamily !== undefined)
      authority = input.documentFamily === 'supervision' ? 'none' : current === 'none' ? 'devolved' : current
    const values = {
      ...input,
      ...(authority ? { authority, documentFamily: AUTHORITY_FAMILY[authority] } : {}),
    }
    for (const k of KEYS) {
      const v = values[k]
      if (v !== undefined) stmt.run(k, v)
    }
  })
  return getDocumentSettings(ctx)
}

/** Refuses to issue a document whose printed number or wording would have blanks. */
export function assertSettingsComplete(s: DocumentSettings, type: DocumentType): void {
  // Under 委托 the documents carry the bureau's name and number, and rest on the written entrustment.
  const need: DocumentSettingKey[] =
    s.authority === 'entrusted'
      ? ['entrustingOrgan', 'entrustingAbbreviation', 'authorityBasis', 'numberPrefix']
      : ['issuingOrgan', 'organAbbreviation', 'numberPrefix']
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
