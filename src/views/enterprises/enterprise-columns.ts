import type { EnterpriseSortField } from '../../../electron/core/shared/enterprise-fields'

export type ColumnKey =
  | 'name'
  | 'creditCode'
  | 'villageName'
  | 'industryName'
  | 'principal'
  | 'phone'
  | 'riskLevel'
  | 'status'
  | 'legalRepresentative'
  | 'safetyOfficer'
  | 'safetyOfficerPhone'
  | 'contactPhone'
  | 'address'
  | 'scale'
  | 'employees'
  | 'standardization'
  | 'responsibilityLetterYear'
  | 'flags'
  | 'updatedAt'
  | 'createdAt'

export interface ColumnDef {
  key: ColumnKey
  label: string
  width?: number
  minWidth?: number
  sortField?: EnterpriseSortField
  /** Shown unless the clerk hides it; the default set fits 1366 px without horizontal scrolling. */
  defaultVisible: boolean
}

export const ENTERPRISE_COLUMNS: ColumnDef[] = [
  { key: 'name', label: '企业名称', minWidth: 172, sortField: 'name', defaultVisible: true },
  { key: 'creditCode', label: '统一社会信用代码', width: 172, sortField: 'creditCode', defaultVisible: true },
  { key: 'villageName', label: '所属村（社区）', width: 148, sortField: 'villageName', defaultVisible: true },
  { key: 'industryName', label: '行业', width: 100, sortField: 'industryName', defaultVisible: true },
  { key: 'principal', label: '主要负责人', width: 96, defaultVisible: true },
  { key: 'phone', label: '电话', width: 124, defaultVisible: true },
  { key: 'riskLevel', label: '风险等级', width: 106, sortField: 'riskLevel', defaultVisible: true },
  { key: 'status', label: '经营状态', width: 106, sortField: 'status', defaultVisible: true },
  { key: 'legalRepresentative', label: '法定代表人', width: 100, defaultVisible: false },
  { key: 'safetyOfficer', label: '安全管理人员', width: 110, defaultVisible: false },
  { key: 'safetyOfficerPhone', label: '安全管理人员电话', width: 140, defaultVisible: false },
  { key: 'contactPhone', label: '单位电话', width: 124, defaultVisible: false },
  { key: 'address', label: '地址', minWidth: 180, defaultVisible: false },
  { key: 'scale', label: '企业规模', width: 104, sortField: 'scale', defaultVisible: false },
  { key: 'employees', label: '从业人数', width: 104, sortField: 'employees', defaultVisible: false },
  { key: 'standardization', label: '安全生产标准化', width: 124, defaultVisible: false },
  { key: 'responsibilityLetterYear', label: '责任书年度', width: 104, defaultVisible: false },
  { key: 'flags', label: '重点行业领域', minWidth: 150, defaultVisible: false },
  { key: 'updatedAt', label: '最后修改', width: 160, sortField: 'updatedAt', defaultVisible: false },
  { key: 'createdAt', label: '登记时间', width: 160, sortField: 'createdAt', defaultVisible: false },
]

export function sortFieldOf(key: string): EnterpriseSortField | null {
  return ENTERPRISE_COLUMNS.find((c) => c.key === key)?.sortField ?? null
}
