// Inspections and hidden dangers described once: enums and their Chinese labels.
// No imports: the renderer uses these labels too (electron/core/inspections/fields.ts re-exports them).
// Terms follow GLOSSARY.md: 整改 (rectification), 复查 (re-inspection), 销号 (close), 逾期 (overdue).

export const INSPECTION_TYPES = {
  daily: '日常检查',
  special: '专项检查',
  holiday: '节前检查',
  reinspection: '复查',
  joint: '联合执法',
} as const
export type InspectionType = keyof typeof INSPECTION_TYPES

export const INSPECTION_MODES = { planned: '计划检查', random: '随机抽查' } as const
export type InspectionMode = keyof typeof INSPECTION_MODES

export const CHECK_RESULTS = { pass: '符合', fail: '不符合', na: '不适用' } as const
export type CheckResult = keyof typeof CHECK_RESULTS

export const HAZARD_GRADES = { general: '一般隐患', major: '重大隐患' } as const
export type HazardGrade = keyof typeof HAZARD_GRADES

export const HAZARD_STATUSES = {
  pending: '待整改',
  rectifying: '整改中',
  awaiting_review: '待复查',
  closed: '已销号',
  overdue: '逾期未改',
  referred: '已移送',
} as const
export type HazardStatus = keyof typeof HAZARD_STATUSES
/** Statuses the office still has to act on (referred hazards are in the hands of the upper level). */
export const OPEN_STATUSES: HazardStatus[] = ['pending', 'rectifying', 'awaiting_review', 'overdue']

export const SUPERVISION_LEVELS = {
  city: '市级挂牌督办',
  county: '县级挂牌督办',
  township: '乡镇挂牌督办',
} as const
export type SupervisionLevel = keyof typeof SUPERVISION_LEVELS

export const EXTENSION_ANSWERS = { approved: '准予延期', rejected: '不予延期' } as const
export type ExtensionAnswer = keyof typeof EXTENSION_ANSWERS

/** Lifecycle steps of a hazard (hazard.transition actions) and the words shown in its history. */
export const HAZARD_ACTIONS = {
  create: '登记隐患',
  edit: '修改隐患信息',
  start: '开始整改',
  requestExtension: '企业申请延期',
  answerExtension: '答复延期申请',
  rectified: '企业报告整改完毕，申请复查',
  reinspectPass: '复查合格，销号',
  reinspectFail: '复查不合格',
  markOverdue: '认定逾期未改',
  refer: '移送处理',
} as const
export type HazardAction = keyof typeof HAZARD_ACTIONS
export type HazardTransition = Exclude<HazardAction, 'create' | 'edit'>

/** Chinese names of hazard fields, for edit history and messages. */
export const HAZARD_LABELS = {
  description: '隐患描述',
  place: '隐患部位',
  category: '隐患类别',
  grade: '隐患等级',
  basis: '依据',
  foundOn: '发现日期',
  deadline: '整改期限',
  responsiblePerson: '整改责任人',
  measures: '整改措施',
  supervisionLevel: '挂牌督办级别',
} as const

export const INSPECTION_LABELS = {
  enterpriseId: '被检查单位',
  place: '检查场所',
  startedAt: '检查开始时间',
  endedAt: '检查结束时间',
  type: '检查类型',
  mode: '检查方式',
  findings: '检查情况',
  templateId: '检查表',
  inspectorIds: '检查人员',
} as const
