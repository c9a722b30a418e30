// Documents (文书) described once: types, families, number codes and the fixed wording.
// No imports: the renderer uses these labels too (electron/core/documents/fields.ts re-exports them).
// Sources: REFERENCE.md §1.2–1.5 (2016 national forms; township 监督检查文书 variant).

export const DOCUMENT_TYPES = {
  check_record: '现场检查记录',
  rectification_order: '责令限期整改指令书',
  rectification_opinion: '限期整改意见书',
  reinspection_opinion: '整改复查意见书',
} as const
export type DocumentType = keyof typeof DOCUMENT_TYPES
export const DOCUMENT_TYPE_KEYS = Object.keys(DOCUMENT_TYPES) as DocumentType[]

/** 文种代字 in the number (REFERENCE.md §1.2). */
export const DOCUMENT_CODES: Record<DocumentType, string> = {
  check_record: '检记',
  rectification_order: '责改',
  rectification_opinion: '整改',
  reinspection_opinion: '复查',
}

/**
 * 文书体系: offices with enforcement power (or delegated 执法权) print 安全生产行政执法文书 and issue
 * 责令限期整改指令书; townships without it print 安全生产监督检查文书 and issue 限期整改意见书 (§1.1, §1.5).
 */
export const DOCUMENT_FAMILIES = {
  enforcement: '执法文书（责令限期整改指令书）',
  supervision: '监督检查文书（限期整改意见书）',
} as const
export type DocumentFamily = keyof typeof DOCUMENT_FAMILIES

export const FAMILY_HEADINGS: Record<DocumentFamily, string> = {
  enforcement: '安全生产行政执法文书',
  supervision: '安全生产监督检查文书',
}

export const INSPECTOR_ROLES: Record<DocumentFamily, string> = {
  enforcement: '安全生产监管行政执法人员',
  supervision: '安全生产检查人员',
}

/** The order type each family issues after an inspection with hazards. */
export const ORDER_TYPE: Record<DocumentFamily, 'rectification_order' | 'rectification_opinion'> = {
  enforcement: 'rectification_order',
  supervision: 'rectification_opinion',
}

export const DOCUMENT_SETTING_LABELS = {
  documentFamily: '文书体系',
  issuingOrgan: '发文机关',
  organAbbreviation: '机关简称',
  numberPrefix: '文号字头',
  reviewBody: '行政复议机关',
  court: '行政诉讼法院',
  sealText: '印章文字',
  superiorOrgan: '上级安全监管部门',
} as const
export type DocumentSettingKey = keyof typeof DOCUMENT_SETTING_LABELS
