import { z } from 'zod'
import { handler } from '../context'
import { validationError } from '../errors'
import { listDocuments } from '../documents/repo'
import { DOCUMENT_TYPES } from '../documents/fields'
import { base64Limit, MAX_PHOTO_BYTES } from '../documents/attachments'
import {
  createTemplate,
  getTemplate,
  listTemplates,
  removeItem,
  removeTemplate,
  saveItem,
  seedChecklists,
  updateTemplate,
} from './checklists'
import {
  CHECK_RESULTS,
  EXTENSION_ANSWERS,
  ESCALATION_KINDS,
  HAZARD_ACTIONS,
  HAZARD_GRADES,
  HAZARD_STATUSES,
  INSPECTION_MODES,
  INSPECTION_TYPES,
  SUPERVISION_LEVELS,
} from './fields'
import {
  createHazard,
  getHazard,
  hazardDashboard,
  hazardEvents,
  hazardFromItem,
  hazardRecords,
  today,
  transitionHazard,
  type TransitionInput,
} from './hazards'
import {
  createInspection,
  getInspectionSummary,
  inspectionResults,
  listInspections,
  removeInspection,
  setResult,
  updateInspection,
} from './inspections'
import { defaultGradeWords, getGradeWords, gradeWordsInput, updateGradeWords } from './grade-words'
import { addPhoto, hazardPhotos, readPhoto, removePhoto } from './photos'
import {
  date,
  dateOrNull,
  dateTime,
  enumOf,
  id,
  page,
  period,
  requiredText,
  textOrNull,
  version,
} from './schema'
import { KINDS } from '../shared/kit/kinds'
import { createStaff, listStaff, removeStaff, updateStaff } from './staff'
import { deadlineRulesInput, getDeadlineRules, updateDeadlineRules } from './rules'
import {
  DEADLINE_RULE_DEFAULTS,
  DEADLINE_RULE_LABELS,
  EXTENSION_WINDOWS,
  citeRule,
} from '../shared/inspection-fields'

const ids = z.array(id).max(1000).optional()
const nullIfBlank = (v: unknown): unknown => (v === '' || v === undefined ? null : v)

// ---- staff -------------------------------------------------------------------------------------------

/** Phones cleaned by the field kind (the one rule for phone numbers), blank → null. */
const phonesOrNull = (label: string) =>
  z.unknown().transform((v, c): string | null => {
    const r = KINDS.phones.clean(v, { key: 'phone', label, kind: 'phones', max: 60 }, {})
    if (!r.ok) {
      c.addIssue({ code: 'custom', message: r.message })
      return z.NEVER
    }
    return (r.value as string | null) ?? null
  })

const staffFields = {
  name: requiredText('姓名', 30),
  certificateNo: textOrNull('证件号', 40),
  active: z.boolean().default(true),
  phone: phonesOrNull('联系电话').optional(),
  position: textOrNull('职务', 30).optional(),
  dutyRole: z
    .enum(['none', 'leader', 'staff'], { error: '值班身份只能是带班领导、值班人员或不参加值班' })
    .optional(),
}

// ---- checklists --------------------------------------------------------------------------------------

const appliesTo = z.array(z.string().trim().min(1).max(40)).max(50)
const itemFields = {
  category: z.string().trim().max(40, '类别不能超过40个字').default(''),
  text: requiredText('检查内容', 500),
  basis: z.string().trim().max(1000, '依据不能超过1000个字').default(''),
  problem: z.string().trim().max(500, '问题表述不能超过500个字').default(''),
  majorHazardIf: z.boolean().default(false),
  sortOrder: z.number().int().min(0).optional(),
}

// ---- inspections -------------------------------------------------------------------------------------

const inspectionFields = {
  // The inspected unit: an enterprise, or a 烟花爆竹零售点 inspected as an outlet (one of the two).
  enterpriseId: z.preprocess(
    nullIfBlank,
    z.number({ error: '请选择被检查单位' }).int().positive('请选择被检查单位').nullable(),
  ),
  outletId: z.preprocess(nullIfBlank, id.nullable()).optional(),
  place: textOrNull('检查场所', 100),
  startedAt: dateTime('检查开始时间'),
  endedAt: z.preprocess(nullIfBlank, dateTime('检查结束时间').nullable()),
  type: enumOf(INSPECTION_TYPES, '检查类型'),
  mode: enumOf(INSPECTION_MODES, '检查方式').default('planned'),
  findings: textOrNull('检查情况', 5000).transform((v) => v ?? ''),
  templateId: z.preprocess(nullIfBlank, id.nullable()),
  // 行政处罚法 第四十二条: 执法人员不得少于两人 (the national forms print two inspectors with their certificates).
  inspectorIds: z
    .array(id, { error: '请选择检查人员' })
    .min(2, '每次检查至少需要两名检查人员（执法人员不得少于两人）')
    .max(10, '检查人员最多10人'),
}

// ---- hazards -----------------------------------------------------------------------------------------

const hazardFields = {
  description: requiredText('隐患描述', 1000),
  place: textOrNull('隐患部位', 100),
  category: textOrNull('隐患类别', 40),
  grade: enumOf(HAZARD_GRADES, '隐患等级'),
  basis: textOrNull('依据', 1000),
  foundOn: date('发现日期'),
  deadline: dateOrNull('整改期限'),
  responsiblePerson: textOrNull('整改责任人', 30),
  measures: textOrNull('整改措施', 2000),
  supervisionLevel: z.preprocess(nullIfBlank, enumOf(SUPERVISION_LEVELS, '挂牌督办级别').nullable()),
}

const note = textOrNull('备注', 500).optional()
const on = date('日期').optional()
const transitionInput = z.discriminatedUnion(
  'action',
  [
    z.object({ id, version, action: z.literal('start'), on, note }),
    z.object({
      id,
      version,
      action: z.literal('requestExtension'),
      on,
      requestedDeadline: date('申请延期至'),
      ground: requiredText('延期事由（不可抗力的情况）', 500),
      note,
    }),
    z.object({
      id,
      version,
      action: z.literal('answerExtension'),
      on,
      answer: enumOf(EXTENSION_ANSWERS, '答复结果'),
      newDeadline: dateOrNull('延期后的整改期限').optional(),
      note,
    }),
    z.object({
      id,
      version,
      action: z.literal('rectified'),
      on,
      measures: textOrNull('整改措施', 2000).optional(),
      note,
    }),
    z.object({
      id,
      version,
      action: z.literal('reinspectPass'),
      on,
      inspectionId: id.nullable().optional(),
      note,
    }),
    z.object({
      id,
      version,
      action: z.literal('reinspectFail'),
      on,
      newDeadline: dateOrNull('新的整改期限').optional(),
      inspectionId: id.nullable().optional(),
      note,
    }),
    z.object({ id, version, action: z.literal('markOverdue'), on, note }),
    z.object({
      id,
      version,
      action: z.literal('refer'),
      on,
      to: textOrNull('移送机关', 60).optional(),
      note,
    }),
    z.object({
      id,
      version,
      action: z.literal('report'),
      on,
      kind: enumOf(ESCALATION_KINDS, '上报或移送'),
      to: textOrNull('接收单位', 60).optional(),
      reference: textOrNull('上报（移送）文号或方式', 80).optional(),
      note,
    }),
  ],
  { error: '未知的隐患操作' },
)

export const inspectionListInput = z.object({
  ...page,
  villageIds: ids,
  enterpriseIds: ids,
  /** 烟花爆竹零售点 inspected as outlets. */
  outletIds: ids,
  types: z.array(enumOf(INSPECTION_TYPES, '检查类型')).optional(),
  modes: z.array(enumOf(INSPECTION_MODES, '检查方式')).optional(),
  period,
  query: z.string().max(100).optional(),
})

function hazardDetail(ctx: Parameters<typeof getHazard>[0], hid: number) {
  const hazard = getHazard(ctx, hid)
  const documents = ctx.db
    .prepare(
      `SELECT d.id, d.type, d.number, d.issued_on AS issuedOn, d.voided_at IS NOT NULL AS voided, dh.no
       FROM document_hazards dh JOIN documents d ON d.id = dh.document_id WHERE dh.hazard_id = ? ORDER BY d.issued_on, d.id`,
    )
    .all(hid) as {
    id: number
    type: keyof typeof DOCUMENT_TYPES
    number: string
    issuedOn: string
    voided: number
    no: number
  }[]
  return {
    ...hazard,
    events: hazardEvents(ctx, hid),
    photos: hazardPhotos(ctx, hid),
    documents: documents.map((d) => ({ ...d, typeLabel: DOCUMENT_TYPES[d.type], voided: d.voided === 1 })),
  }
}

export const inspectionHandlers = {
  'staff.list': handler(
    z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false }),
    (ctx, input) => listStaff(ctx, input.includeInactive),
  ),
  'staff.create': handler(z.object(staffFields), (ctx, input) => createStaff(ctx, input)),
  'staff.update': handler(z.object({ id, ...staffFields }), (ctx, input) =>
    updateStaff(ctx, input.id, input),
  ),
  'staff.remove': handler(z.object({ id }), (ctx, input) => removeStaff(ctx, input.id)),

  'checklist.list': handler(z.object({}).optional(), (ctx) => listTemplates(ctx)),
  'checklist.get': handler(z.object({ id }), (ctx, input) => getTemplate(ctx, input.id)),
  'checklist.createTemplate': handler(
    z.object({
      name: requiredText('检查表名称', 40),
      appliesTo: appliesTo.default([]),
      copyFromId: id.optional(),
    }),
    (ctx, input) => createTemplate(ctx, input),
  ),
  'checklist.updateTemplate': handler(
    z.object({ id, name: requiredText('检查表名称', 40).optional(), appliesTo: appliesTo.optional() }),
    (ctx, input) => updateTemplate(ctx, input),
  ),
  'checklist.removeTemplate': handler(z.object({ id }), (ctx, input) => removeTemplate(ctx, input.id)),
  'checklist.saveItem': handler(
    z.object({ templateId: id, id: id.optional(), ...itemFields }),
    (ctx, input) => saveItem(ctx, input.templateId, input.id, input),
  ),
  'checklist.removeItem': handler(z.object({ id }), (ctx, input) => removeItem(ctx, input.id)),
  /** Puts back built-in templates the office deleted (its own edits to the others stay). */
  'checklist.restoreBuiltIn': handler(z.object({}).optional(), (ctx) => ({ added: seedChecklists(ctx) })),

  'inspection.options': handler(z.object({}).optional(), () => ({
    types: INSPECTION_TYPES,
    modes: INSPECTION_MODES,
    results: CHECK_RESULTS,
    grades: HAZARD_GRADES,
    statuses: HAZARD_STATUSES,
    supervisionLevels: SUPERVISION_LEVELS,
    extensionAnswers: EXTENSION_ANSWERS,
    actions: HAZARD_ACTIONS,
    documentTypes: DOCUMENT_TYPES,
  })),
  'inspection.list': handler(inspectionListInput, (ctx, input) => listInspections(ctx, input)),
  'inspection.get': handler(z.object({ id }), (ctx, input) => {
    const summary = getInspectionSummary(ctx, input.id)
    const byFound = { field: 'foundOn', order: 'asc' } as const
    return {
      ...summary,
      checklist: inspectionResults(ctx, input.id),
      hazards: hazardRecords(ctx, { filters: { inspectionId: { in: [input.id] } }, sort: byFound }),
      /** 复查: the same enterprise's (or outlet's) hazards from earlier inspections, not yet 销号. */
      earlierHazards: hazardRecords(ctx, {
        filters:
          summary.enterpriseId !== null
            ? { enterpriseId: { in: [summary.enterpriseId] } }
            : { outletId: { in: [summary.outletId ?? 0] } },
        presets: ['notClosed'],
        sort: byFound,
      }).filter((h) => h.inspectionId !== input.id),
      documents: listDocuments(ctx, { page: 1, pageSize: 500, inspectionId: input.id }).rows,
    }
  }),
  'inspection.create': handler(z.object(inspectionFields), (ctx, input) => createInspection(ctx, input)),
  'inspection.update': handler(z.object({ id, version, ...inspectionFields }), (ctx, input) =>
    updateInspection(ctx, input.id, input.version, input),
  ),
  'inspection.remove': handler(z.object({ id }), (ctx, input) => removeInspection(ctx, input.id)),
  /** id: the row id of the inspection's checklist line (inspection.get → checklist[].id). */
  'inspection.setResult': handler(
    z.object({
      id,
      result: enumOf(CHECK_RESULTS, '检查结果').nullable(),
      note: textOrNull('现场情况', 500).optional(),
    }),
    (ctx, input) => setResult(ctx, input),
  ),
  'inspection.hazardFromItem': handler(
    z.object({
      id,
      grade: enumOf(HAZARD_GRADES, '隐患等级').optional(),
      deadline: dateOrNull('整改期限').optional(),
      description: requiredText('隐患描述', 1000).optional(),
      place: textOrNull('隐患部位', 100).optional(),
      responsiblePerson: textOrNull('整改责任人', 30).optional(),
      measures: textOrNull('整改措施', 2000).optional(),
      supervisionLevel: z
        .preprocess(nullIfBlank, enumOf(SUPERVISION_LEVELS, '挂牌督办级别').nullable())
        .optional(),
    }),
    (ctx, input) => hazardFromItem(ctx, input),
  ),

  'hazard.get': handler(z.object({ id }), (ctx, input) => hazardDetail(ctx, input.id)),
  'hazard.create': handler(
    z.object({
      ...hazardFields,
      enterpriseId: id.optional(),
      inspectionId: z.preprocess(nullIfBlank, id.nullable()),
      foundOn: date('发现日期').optional(),
    }),
    (ctx, input) => {
      let enterpriseId: number | null | undefined = input.enterpriseId
      let outletId: number | null = null
      let foundOn = input.foundOn
      if (input.inspectionId !== null) {
        const insp = getInspectionSummary(ctx, input.inspectionId)
        // A 烟花爆竹零售点's inspection: the hazard is the outlet's.
        if (enterpriseId === undefined && insp.outletId !== null) {
          enterpriseId = null
          outletId = insp.outletId
        }
        enterpriseId ??= insp.enterpriseId
        foundOn ??= insp.startedAt.slice(0, 10)
      }
      if (enterpriseId === undefined)
        throw validationError([{ field: 'enterpriseId', message: '请选择隐患所属企业' }])
      return createHazard(ctx, { ...input, enterpriseId, outletId, foundOn: foundOn ?? today(ctx) })
    },
  ),
  'hazard.transition': handler(transitionInput, (ctx, input) => {
    const { id: hid, version: v, ...rest } = input
    return transitionHazard(ctx, hid, v, rest as TransitionInput)
  }),
  'hazard.addPhoto': handler(
    z.object({
      hazardId: id,
      fileName: requiredText('文件名', 200),
      base64: z
        .string({ error: '请选择照片' })
        .max(base64Limit(MAX_PHOTO_BYTES), '照片不能超过 10 MB，请压缩后再上传'),
    }),
    (ctx, input) => addPhoto(ctx, input),
  ),
  'hazard.removePhoto': handler(z.object({ id }), (ctx, input) => removePhoto(ctx, input.id)),
  'hazard.photo': handler(z.object({ id }), (ctx, input) => readPhoto(ctx, input.id)),

  'dashboard.hazards': handler(z.object({}).optional(), (ctx) => hazardDashboard(ctx)),

  /** The regulation cited for deadlines and its three periods (office settings, REFERENCE.md §1.6). */
  'hazard.rules': handler(z.object({}).optional(), (ctx) => {
    const rules = getDeadlineRules(ctx)
    return {
      rules,
      citation: citeRule(rules),
      today: today(ctx),
      defaults: DEADLINE_RULE_DEFAULTS,
      labels: DEADLINE_RULE_LABELS,
      windows: EXTENSION_WINDOWS,
    }
  }),
  'hazard.updateRules': handler(deadlineRulesInput, (ctx, input) => updateDeadlineRules(ctx, input)),

  /** 隐患等级写法: the words an office's sheets use for each grade (import reads by them). */
  'hazard.gradeWords': handler(z.object({}).optional(), (ctx) => ({
    words: getGradeWords(ctx),
    defaults: defaultGradeWords(),
  })),
  /** Saves the table; `reset` goes back to the default words. */
  'hazard.updateGradeWords': handler(
    z.union([gradeWordsInput, z.object({ reset: z.literal(true) })]),
    (ctx, input) => updateGradeWords(ctx, 'reset' in input ? null : input),
  ),
}
