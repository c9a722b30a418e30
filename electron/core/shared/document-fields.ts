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

/**
 * 执法权限: the township's legal position decides in whose name documents are issued (REFERENCE.md §1.1,
 * 安全生产法 第九条; 行政处罚法 第二十条 on 委托: the entrusted body acts "以委托行政机关名义"):
 *   none      — no delegated power: only the 监督检查 family, in the township's own name;
 *   entrusted — 委托: 执法文书 in the entrusting county bureau's name, 简称 and seal;
 *   devolved  — 赋权 by a published provincial decision: 执法文书 in the township's own name.
 */
export const AUTHORITIES = {
  none: '无委托、无赋权（监督检查文书）',
  entrusted: '受委托执法（以委托机关名义出具执法文书）',
  devolved: '经赋权执法（以乡镇名义出具执法文书）',
} as const
export type Authority = keyof typeof AUTHORITIES

/** One sentence per position, shown on the settings page. */
export const AUTHORITY_HELP: Record<Authority, string> = {
  none: '乡镇没有行政执法权时选此项：以乡镇名义出具现场检查记录、限期整改意见书和整改复查意见书，违法行为和重大事故隐患移送县级部门查处。',
  entrusted:
    '县级应急管理部门书面委托乡镇执法时选此项：执法文书以委托机关的名义出具，印委托机关的名称、印章文字和文号简称，复议、诉讼也针对委托机关。',
  devolved:
    '省级人民政府决定把安全生产执法权赋予乡镇时选此项：执法文书以乡镇自己的名义出具，请填写省级决定的文号和日期。',
}

/** The document family each position issues. */
export const AUTHORITY_FAMILY: Record<Authority, DocumentFamily> = {
  none: 'supervision',
  entrusted: 'enforcement',
  devolved: 'enforcement',
}

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
  authority: '执法权限',
  documentFamily: '文书体系',
  issuingOrgan: '发文机关',
  organAbbreviation: '机关简称',
  numberPrefix: '文号字头',
  reviewBody: '行政复议机关',
  court: '行政诉讼法院',
  sealText: '印章文字',
  superiorOrgan: '上级安全监管部门',
  entrustingOrgan: '委托机关',
  entrustingAbbreviation: '委托机关简称',
  entrustingSealText: '委托机关印章文字',
  authorityBasis: '委托书或赋权决定文号',
  authorityDate: '委托或赋权日期',
} as const
export type DocumentSettingKey = keyof typeof DOCUMENT_SETTING_LABELS

/** Documents that decide something and so need a 送达回执 (the 现场检查记录 is signed on site). */
export const SERVED_TYPES: DocumentType[] = [
  'rectification_order',
  'rectification_opinion',
  'reinspection_opinion',
]

/**
 * 送达方式 (REFERENCE.md §1.7): 直接送达 to the 法定代表人/主要负责人/负责收件的人; 留置送达 when the recipient
 * refuses (reason, date and witnesses on the receipt, the document left at the premises); 邮寄送达 by
 * registered post; 委托送达 through another body.
 */
export const SERVICE_METHODS = {
  direct: '直接送达',
  left: '留置送达',
  mail: '邮寄送达',
  entrusted: '委托送达',
} as const
export type ServiceMethod = keyof typeof SERVICE_METHODS

export const SERVICE_LABELS = {
  servedAt: '送达时间',
  place: '送达地点',
  method: '送达方式',
  recipient: '收件人',
  recipientRole: '收件人身份',
  servers: '送达人',
  refusalReason: '拒收事由',
  witnesses: '见证人',
  note: '备注',
} as const
