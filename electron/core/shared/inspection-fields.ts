// Inspections and hidden dangers described once: enums and their Chinese labels.
// No imports but the leaf ./dates: the renderer uses these labels too (electron/core/inspections/fields.ts re-exports them).
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

/**
 * The hazard list queries behind the 工作台 badges (the kit's filters and the hazard spec's presets).
 * dashboard.hazards counts each with exactly this query and the badge links to the list with it, so a
 * number and the list it opens cannot disagree. 待复查 is the status the list shows as 待复查 (the
 * enterprise reported the hazard rectified); hazards whose deadline passed also owe a 复查, but the
 * list shows them as 逾期未改 and they are counted there.
 */
export const DASHBOARD_QUERIES = {
  overdue: { presets: ['overdue'] },
  dueIn7Days: { presets: ['dueSoon'] },
  reviewsDue: { filters: { status: { in: ['awaiting_review'] } } },
  reviewsLate: { presets: ['reviewLate'] },
  extensionsToAnswer: { presets: ['extensionPending'] },
  open: { filters: { status: { in: OPEN_STATUSES } } },
  openMajor: { filters: { status: { in: OPEN_STATUSES }, grade: { in: ['major'] } } },
} satisfies Record<
  string,
  { presets?: string[]; filters?: { status?: { in: HazardStatus[] }; grade?: { in: HazardGrade[] } } }
>
export type DashboardQueryKey = keyof typeof DASHBOARD_QUERIES

export const SUPERVISION_LEVELS = {
  city: '市级挂牌督办',
  county: '县级挂牌督办',
  township: '乡镇挂牌督办',
} as const
export type SupervisionLevel = keyof typeof SUPERVISION_LEVELS

/**
 * How a township hands a 重大事故隐患 to the county (安全生产法 第四十一条, REFERENCE.md §1.1, §5): 上报 (report it
 * to the supervising department, the township keeps following it) or 移送 (transfer it for handling).
 */
export const ESCALATION_KINDS = { report: '上报', transfer: '移送' } as const
export type EscalationKind = keyof typeof ESCALATION_KINDS

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
  report: '重大事故隐患上报/移送',
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

// ---- deadline rules (settings) -------------------------------------------------------------------
// 《安全生产违法行为行政处罚办法》 sets the three periods of the 整改 → 延期 → 复查 cycle. The regulation
// was reissued (in force 2026-02-01), and its article numbers and periods may have moved, so the
// citation and every period are office settings (REFERENCE.md §1.6); these are only the defaults.

/** How an office reads "于限期届满前N日内提出书面延期申请" (both readings are in use; neither is refused). */
export const EXTENSION_WINDOWS = {
  atLeast: '最迟在期限届满前N日提出',
  lastDays: '在期限届满前N日之内提出',
} as const
export type ExtensionWindow = keyof typeof EXTENSION_WINDOWS

export interface DeadlineRules {
  /** Regulation name as cited, e.g. 《安全生产违法行为行政处罚办法》（应急管理部令第18号）. */
  regulation: string
  /** Article, e.g. 第十七条; empty until the office has confirmed it against the new text. */
  article: string
  /** N in "于限期届满前N日内提出书面延期申请". */
  extensionDays: number
  extensionWindow: ExtensionWindow
  /** "自收到申请之日起N日内书面答复是否准予延期". */
  answerDays: number
  /** "自申请或者限期届满之日起N日内进行复查". */
  reinspectionDays: number
}

export const DEADLINE_RULE_DEFAULTS: DeadlineRules = {
  regulation: '《安全生产违法行为行政处罚办法》（应急管理部令第18号）',
  article: '',
  extensionDays: 10,
  extensionWindow: 'atLeast',
  answerDays: 5,
  reinspectionDays: 10,
}

export const DEADLINE_RULE_LABELS = {
  regulation: '依据的规章',
  article: '条款',
  extensionDays: '延期申请期间（日）',
  extensionWindow: '延期申请期间的理解',
  answerDays: '延期答复期限（日）',
  reinspectionDays: '复查期限（日）',
} as const satisfies Record<keyof DeadlineRules, string>

/** "《…办法》（应急管理部令第18号）第十七条", or the name with a note while the article is unconfirmed. */
export function citeRule(r: Pick<DeadlineRules, 'regulation' | 'article'>): string {
  return r.article.trim() ? `${r.regulation}${r.article.trim()}` : `${r.regulation}（条款待核实）`
}

/** The configured extension window in words, e.g. "最迟在期限届满前10日提出". */
export function extensionWindowText(r: Pick<DeadlineRules, 'extensionDays' | 'extensionWindow'>): string {
  return EXTENSION_WINDOWS[r.extensionWindow].replace('N', String(r.extensionDays))
}

// "today" in China: see ../shared/dates.ts
export { chinaDate, chinaDateTime } from './dates'

/**
 * A 不符合 checklist item as an order states it: what was found, never the requirement read as a
 * fact. The office's wording for the item (未配备…) when it has one, else 未做到：<the requirement>;
 * the inspector's 现场情况 note follows. The inspector edits it before it is registered.
 */
export function findingText(item: { text: string; problem?: string | null; note?: string | null }): string {
  const found = item.problem?.trim() || `未做到：${item.text}`
  const note = item.note?.trim()
  return note ? `${found}；现场情况：${note}` : found
}
