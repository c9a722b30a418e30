import type { HazardGrade } from '../inspections/fields'
import { HAZARD_GRADES, INSPECTION_TYPES, type InspectionType } from '../inspections/fields'
import { chineseDate } from '../inspections/deadlines'
import {
  DOCUMENT_TYPES,
  FAMILY_HEADINGS,
  INSPECTOR_ROLES,
  type Authority,
  type DocumentFamily,
  type DocumentType,
} from './fields'
import { issuer, type DocumentSettings } from './settings'
import type { Escalation } from '../inspections/hazards'

// The snapshot of one printed document: everything the print view needs, frozen at issue time so a
// reprint years later shows exactly what was handed to the enterprise. Wording follows the 2016
// national forms and the township 监督检查文书 variant (REFERENCE.md §1.3–1.5). Signature and date
// lines are left to the print view and stay blank (signatures are handwritten).

export interface DocumentHazardLine {
  /** 第 no 项, as printed. */
  no: number
  hazardId: number
  description: string
  place: string | null
  basis: string | null
  grade: HazardGrade
  gradeLabel: string
  major: boolean
  deadline: string | null
  /** The 上报/移送 record as it stood at issue (for 重大事故隐患, printed when dated on or before the document). */
  escalation?: Escalation | null
  /** Only on 整改复查意见书: the result of the re-inspection for this item (pending: not yet due, left open). */
  outcome?: 'passed' | 'failed' | 'overdue' | 'referred' | 'pending'
  outcomeLabel?: string
}

/** Why a document carries a date earlier than an earlier number of its sequence (not printed). */
export interface DateOrderNote {
  reason: string
  /** The earlier number with the later date, and that date. */
  number: string
  issuedOn: string
}

export interface DocumentPayload {
  type: DocumentType
  title: string
  heading: string
  family: DocumentFamily
  number: string
  issuedOn: string
  issuedOnText: string
  organ: { name: string; sealText: string }
  /** The legal position the document was issued under (委托: the bureau's name; basis for the file). */
  authority?: { kind: Authority; basis: string | null; date: string | null }
  enterprise: {
    /** The enterprise's id; for a 烟花爆竹零售点 inspected as an outlet, the outlet's (see outletId). */
    id: number
    outletId?: number
    name: string
    address: string | null
    legalRepresentative: string | null
    principal: string | null
    /** The person on the 法定代表人（负责人） line and their 职务 (absent on documents issued before). */
    person?: string | null
    personTitle?: string | null
    /** That person's phone. */
    phone: string | null
    creditCode: string | null
  }
  inspection: {
    id: number
    place: string | null
    startedAt: string
    endedAt: string | null
    /** 2026年11月28日9时30分至11月28日11时00分 */
    timeText: string
    type: InspectionType
    typeLabel: string
    findings: string
  }
  inspectors: { name: string; certificateNo: string | null }[]
  inspectorRole: string
  /** Numbered problems (此栏不够，可另附页: the print view continues long lists on 附页). */
  hazards: DocumentHazardLine[]
  majorNos: number[]
  deadlines: { date: string; dateText: string; nos: number[] }[]
  /** 复议/诉讼 paragraph data, only on 责令限期整改指令书. */
  review: { body: string; court: string } | null
  cited: {
    documentId: number
    type: DocumentType
    title: string
    number: string
    issuedOn: string
    issuedOnText: string
  } | null
  /** Paragraphs printed before the numbered list. */
  textBefore: string[]
  /**
   * Notes that belong to the numbered list (the 上报/移送 of its 重大事故隐患): printed right after it
   * and continuing on 附页 with it. Absent on documents issued before (their notes are in textAfter).
   */
  listNotes?: string[]
  /** Paragraphs printed after the numbered list (and its notes): the form's own text. */
  textAfter: string[]
  /** 一式两份 line; null where the form has none. */
  copies: string | null
  /** Who signs for the enterprise (被检查单位负责人 / 被复查单位负责人 / 现场负责人). */
  enterpriseSignatureLabel: string
  /** Register note when the date runs against the numbering; absent on documents issued in order. */
  dateOrder?: DateOrderNote
}

export interface PayloadSource {
  type: DocumentType
  number: string
  issuedOn: string
  settings: DocumentSettings
  enterprise: DocumentPayload['enterprise']
  inspection: Omit<DocumentPayload['inspection'], 'timeText' | 'typeLabel'>
  inspectors: { name: string; certificateNo: string | null }[]
  hazards: Omit<DocumentHazardLine, 'gradeLabel' | 'major' | 'outcomeLabel'>[]
  cited: { documentId: number; type: DocumentType; number: string; issuedOn: string } | null
  opinion: string | null
  dateOrder?: DateOrderNote | null
}

const OUTCOME_LABELS = {
  passed: '整改合格',
  failed: '未整改合格',
  overdue: '逾期未整改',
  referred: '已移送',
  pending: '整改期限未届满，另行复查',
} as const

/** 第1、2、5项 */
function nos(list: number[]): string {
  return `第${list.join('、')}项`
}

function timeText(startedAt: string, endedAt: string | null): string {
  const part = (s: string, withYear: boolean): string => {
    const [y, m, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number]
    const [hh, mm] = s.slice(11, 16).split(':') as [string, string]
    return `${withYear ? `${y}年` : ''}${m}月${d}日${Number(hh)}时${mm}分`
  }
  return endedAt ? `${part(startedAt, true)}至${part(endedAt, false)}` : part(startedAt, true)
}

function groupDeadlines(lines: { no: number; deadline: string | null }[]): DocumentPayload['deadlines'] {
  const m = new Map<string, number[]>()
  for (const l of lines) if (l.deadline) m.set(l.deadline, [...(m.get(l.deadline) ?? []), l.no])
  return [...m.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, n]) => ({ date, dateText: chineseDate(date), nos: n }))
}

/**
 * "第2项重大事故隐患已于2026年11月21日移送禾川县应急管理局（青禾安移〔2026〕3号）。", one sentence per receiving
 * body and date; records dated after the document are not printed on it.
 */
function escalationLines(lines: DocumentHazardLine[], issuedOn: string): string[] {
  const m = new Map<string, { e: Escalation; nos: number[] }>()
  for (const l of lines) {
    const e = l.escalation
    if (!l.major || !e || e.on > issuedOn || l.outcome === 'referred') continue
    const k = `${e.kind}|${e.on}|${e.to}|${e.reference ?? ''}`
    m.set(k, { e, nos: [...(m.get(k)?.nos ?? []), l.no] })
  }
  return [...m.values()].map(
    ({ e, nos: n }) =>
      `${nos(n)}重大事故隐患已于${chineseDate(e.on)}${e.kindLabel}${e.to}${e.reference ? `（${e.reference}）` : ''}。`,
  )
}

/** "对上述第1项问题于2026年12月5日前、第2、3项问题于2026年12月15日前" (one date: "对上述第1、2项问题于…前"). */
function deadlineClause(groups: DocumentPayload['deadlines']): string {
  return `对上述${groups.map((g) => `${nos(g.nos)}问题于${g.dateText}前`).join('、')}`
}

export function buildPayload(src: PayloadSource): DocumentPayload {
  const s = src.settings
  const family = s.documentFamily
  // Under 委托 the bureau is the issuing organ: "我们是禾川县应急管理局…", its seal, its file copy.
  const who = issuer(s)
  const organ = who.name
  const role = INSPECTOR_ROLES[family]
  const hazards: DocumentHazardLine[] = src.hazards.map((h) => ({
    ...h,
    gradeLabel: HAZARD_GRADES[h.grade],
    major: h.grade === 'major',
    ...(h.outcome ? { outcomeLabel: OUTCOME_LABELS[h.outcome] } : {}),
  }))
  const majorNos = hazards.filter((h) => h.major).map((h) => h.no)
  const deadlines = groupDeadlines(hazards.filter((h) => h.outcome === undefined || h.outcome === 'failed'))
  const names = src.inspectors.map((i) => i.name).join('、')
  const certs = src.inspectors.map((i) => i.certificateNo).filter((c): c is string => !!c)
  const cited = src.cited
    ? { ...src.cited, title: DOCUMENT_TYPES[src.cited.type], issuedOnText: chineseDate(src.cited.issuedOn) }
    : null
  const textBefore: string[] = []
  const textAfter: string[] = []
  const listNotes: string[] = []
  let copies: string | null = `本文书一式两份：一份由${organ}备案，一份交被检查单位。`
  let enterpriseSignatureLabel = '被检查单位负责人'
  const majorLine = majorNos.length > 0 ? `其中事故隐患${nos(majorNos)}属于重大事故隐患。` : null
  const escalated = escalationLines(hazards, src.issuedOn)

  switch (src.type) {
    case 'check_record': {
      copies = null
      enterpriseSignatureLabel = '被检查单位现场负责人'
      textBefore.push(
        certs.length === src.inspectors.length
          ? `我们是${organ}${role}${names}，证件号码为${certs.join('、')}，这是我们的证件（出示证件）。现依法对你单位进行现场检查，请予以配合。`
          : `我们是${organ}${role}${names}，现依法对你单位进行安全生产监督检查，请予以配合。`,
      )
      const findings = src.inspection.findings.trim()
      if (hazards.length > 0)
        textBefore.push(
          `检查情况：${findings ? `${findings}${/[。；！]$/.test(findings) ? '' : '。'}` : ''}现场检查发现下列问题：`,
        )
      else textBefore.push(`检查情况：${findings || '现场检查未发现事故隐患。'}`)
      if (majorLine) textAfter.push(majorLine)
      listNotes.push(...escalated)
      if (family === 'supervision')
        textAfter.push(
          '本现场检查记录，仅限针对本次检查过程中已发现的安全生产情况和问题。企业（单位）应举一反三，全面排查事故隐患，组织自查自纠。',
        )
      break
    }
    case 'rectification_order': {
      textBefore.push('经查，你单位存在下列问题：')
      if (majorLine) textAfter.push(majorLine)
      listNotes.push(...escalated)
      textAfter.push(
        `现责令你单位${deadlineClause(deadlines)}整改完毕，达到有关法律法规规章和标准规定的要求。由此造成事故的，依法追究有关人员的责任。`,
        '整改期间，你单位应当采取措施，确保安全生产。对安全生产违法行为，将依法予以行政处罚。',
        `如果不服本指令，可以依法在60日内向${s.reviewBody}申请行政复议，或者在6个月内依法向${s.court}提起行政诉讼，但本指令不停止执行，法律另有规定的除外。`,
      )
      break
    }
    case 'rectification_opinion': {
      textBefore.push('经查，你单位存在下列问题：')
      if (majorLine) textAfter.push(majorLine)
      listNotes.push(...escalated)
      textAfter.push(
        `现要求你单位${deadlineClause(deadlines)}整改完毕，达到有关法律法规规章和标准规定的要求。逾期不整改或达不到要求的，将依法上报${s.superiorOrgan}进行查处；由此造成事故的，依法追究有关人员的责任。`,
      )
      break
    }
    case 'reinspection_opinion': {
      if (!cited) throw new Error('reinspection_opinion needs the cited document')
      copies = `本文书一式两份：一份由${organ}备案，一份交被复查单位。`
      enterpriseSignatureLabel = '被复查单位负责人'
      const verb =
        cited.type === 'rectification_order' ? `作出了${cited.title}的决定` : `下达了${cited.title}`
      textBefore.push(
        `本机关于${cited.issuedOnText}${verb}[${cited.number}]，经对你单位整改情况进行复查，提出如下意见：`,
      )
      const by = (o: DocumentHazardLine['outcome']) => hazards.filter((h) => h.outcome === o).map((h) => h.no)
      const passed = by('passed')
      if (passed.length > 0) textAfter.push(`${nos(passed)}隐患已整改合格，符合安全要求。`)
      for (const g of groupDeadlines(hazards.filter((h) => h.outcome === 'failed')))
        textAfter.push(`${nos(g.nos)}隐患未整改合格，要求于${g.dateText}前整改完毕。`)
      const overdue = by('overdue')
      if (overdue.length > 0)
        textAfter.push(
          family === 'enforcement'
            ? `${nos(overdue)}隐患逾期未整改，将依法予以处理。`
            : `${nos(overdue)}隐患逾期未整改，将依法上报${s.superiorOrgan}进行查处。`,
        )
      // The body a hazard went to is named ("第3项隐患已于2026年12月25日移送禾川县应急管理局处理。").
      const referredTo = new Map<string, number[]>()
      for (const h of hazards.filter((x) => x.outcome === 'referred')) {
        const e = h.escalation
        const k = e ? `已于${chineseDate(e.on)}${e.kindLabel}${e.to}处理。` : '已移送有关部门处理。'
        referredTo.set(k, [...(referredTo.get(k) ?? []), h.no])
      }
      for (const [k, n] of referredTo) textAfter.push(`${nos(n)}隐患${k}`)
      textAfter.push(...escalated)
      const pending = groupDeadlines(hazards.filter((h) => h.outcome === 'pending'))
      if (pending.length > 0)
        textAfter.push(
          `${pending.map((g) => `${nos(g.nos)}隐患整改期限为${g.dateText}`).join('，')}，尚未届满，届时另行复查。`,
        )
      if (src.opinion) textAfter.push(src.opinion)
      break
    }
  }

  return {
    type: src.type,
    title: DOCUMENT_TYPES[src.type],
    heading: FAMILY_HEADINGS[family],
    family,
    number: src.number,
    issuedOn: src.issuedOn,
    issuedOnText: chineseDate(src.issuedOn),
    organ: { name: organ, sealText: who.sealText },
    authority: {
      kind: s.authority,
      basis: s.authorityBasis || null,
      date: s.authorityDate || null,
    },
    enterprise: src.enterprise,
    inspection: {
      ...src.inspection,
      typeLabel: INSPECTION_TYPES[src.inspection.type],
      timeText: timeText(src.inspection.startedAt, src.inspection.endedAt),
    },
    inspectors: src.inspectors,
    inspectorRole: role,
    hazards,
    majorNos,
    deadlines,
    review: src.type === 'rectification_order' ? { body: s.reviewBody, court: s.court } : null,
    cited,
    textBefore,
    listNotes,
    textAfter,
    copies,
    enterpriseSignatureLabel,
    ...(src.dateOrder ? { dateOrder: src.dateOrder } : {}),
  }
}
