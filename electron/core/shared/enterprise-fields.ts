// The enterprise ledger described once: enums, Chinese labels and field specs.
// Drives the form, the table columns, validation and (later) import mapping and export.

export const SCALES = { 'above-size': '规模以上', 'above-quota': '限额以上', 'small-micro': '小微' } as const
export type Scale = keyof typeof SCALES

export const STATUSES = { operating: '在营', suspended: '停产', closed: '关闭' } as const
export type EnterpriseStatus = keyof typeof STATUSES

export const RISK_LEVELS = {
  major: '重大风险（红）',
  high: '较大风险（橙）',
  medium: '一般风险（黄）',
  low: '低风险（蓝）',
} as const
export type RiskLevel = keyof typeof RISK_LEVELS

export const STANDARDIZATION_LEVELS = {
  level1: '一级',
  level2: '二级',
  level3: '三级',
  micro: '小微达标',
  none: '未创建',
} as const
export type StandardizationLevel = keyof typeof STANDARDIZATION_LEVELS

/** Category flags (重点行业领域). Each maps to its own column flag_<key> in the database. */
export const ENTERPRISE_FLAGS = {
  hazchem: '危化品',
  dust: '粉尘涉爆',
  ammonia: '涉氨制冷',
  confinedSpace: '有限空间',
  metallurgy: '金属冶炼',
  gas: '涉燃气',
  fireworks: '烟花爆竹',
  crowded: '人员密集场所',
} as const
export type EnterpriseFlag = keyof typeof ENTERPRISE_FLAGS
export const FLAG_KEYS = Object.keys(ENTERPRISE_FLAGS) as EnterpriseFlag[]

export interface EnterpriseInput {
  name: string
  creditCode: string | null
  legalRepresentative: string | null
  principal: string | null
  principalPhone: string | null
  safetyOfficer: string | null
  safetyOfficerPhone: string | null
  contactPhone: string | null
  villageId: number
  address: string | null
  industryId: number | null
  scale: Scale | null
  employees: number | null
  establishedDate: string | null
  flags: EnterpriseFlag[]
  standardization: StandardizationLevel | null
  riskLevel: RiskLevel | null
  responsibilityLetterYear: number | null
  status: EnterpriseStatus
  notes: string | null
}

export interface Enterprise extends EnterpriseInput {
  id: number
  villageName: string
  industryName: string | null
  version: number
  createdAt: string
  updatedAt: string
  deletedAt: string | null
}

/** Chinese labels for every field, used by forms, tables, history and error messages. */
export const ENTERPRISE_LABELS: Record<keyof EnterpriseInput, string> = {
  name: '企业名称',
  creditCode: '统一社会信用代码',
  legalRepresentative: '法定代表人',
  principal: '主要负责人',
  principalPhone: '主要负责人电话',
  safetyOfficer: '安全管理人员',
  safetyOfficerPhone: '安全管理人员电话',
  contactPhone: '单位电话',
  villageId: '所属村（社区）',
  address: '地址',
  industryId: '行业类别',
  scale: '企业规模',
  employees: '从业人数',
  establishedDate: '成立日期',
  flags: '重点行业领域',
  standardization: '安全生产标准化',
  riskLevel: '风险等级',
  responsibilityLetterYear: '责任书签订年度',
  status: '经营状态',
  notes: '备注',
}

export const ENTERPRISE_SORT_FIELDS = [
  'name',
  'creditCode',
  'villageName',
  'industryName',
  'scale',
  'employees',
  'riskLevel',
  'status',
  'updatedAt',
  'createdAt',
] as const
export type EnterpriseSortField = (typeof ENTERPRISE_SORT_FIELDS)[number]
