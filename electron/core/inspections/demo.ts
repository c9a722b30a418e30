import type { Ctx } from '../context'
import { issueDocument, voidDocument } from '../documents/repo'
import { ORDER_TYPE, type DocumentType } from '../documents/fields'
import { updateDocumentSettings } from '../documents/settings'
import { rng } from '../demo/rng'
import { ensureChecklists } from './checklists'
import { addDays, chinaDate } from './deadlines'
import { getHazard, hazardFromItem, transitionHazard, type TransitionInput } from './hazards'
import { createInspection, inspectionResults, setResult } from './inspections'
import type { InspectionType } from './fields'
import { createStaff } from './staff'

// Demo inspections for the fictional 青禾镇 (see demo/demo.ts): inspectors, about 40 inspections over
// the last six months, hazards in every state (some overdue relative to ctx.now()) and issued
// documents. Runs inside loadDemo's transaction; deterministic for a given "today".
// 禾川县 is made up as well.

const INSPECTORS = [
  { name: '陈立群', certificateNo: '32999926001001', active: true },
  { name: '周雅婷', certificateNo: '32999926001002', active: true },
  { name: '吴卫东', certificateNo: '32999926001003', active: true },
  { name: '郑海涛', certificateNo: '32999921000187', active: false },
]

const REGULAR_INSPECTIONS = 24

export function templateCode(industry: string | null, dust: number, ammonia: number): string {
  switch (industry) {
    case '烟花爆竹零售':
      return 'fireworks-retail'
    case '加油站':
      return 'gas-station'
    case '液化气供应':
      return 'lpg-bottled'
    case '化工':
      return 'hazchem-use-storage'
    case '餐饮住宿':
      return 'catering-gas'
    case '批发零售':
      return 'crowded-venue'
    case '建筑施工':
      return 'construction-small'
  }
  if (dust) return 'dust-explosion'
  if (ammonia) return 'ammonia-refrigeration'
  return 'industry-general'
}

type RecentPlan = 'awaiting' | 'lateRectifying' | 'latePending'
type FuturePlan = 'pending' | 'rectifying' | 'awaiting' | 'extension'
type OldOutcome = 'pass' | 'failNewDeadline' | 'failOverdue' | 'refer'
const RECENT: RecentPlan[] = ['awaiting', 'lateRectifying', 'latePending']
const FUTURE: FuturePlan[] = ['pending', 'rectifying', 'awaiting', 'extension']
const OLD: OldOutcome[] = ['pass', 'pass', 'failNewDeadline', 'pass', 'failOverdue', 'pass', 'pass', 'refer']

export function loadInspectionDemo(ctx: Ctx): {
  inspectors: number
  inspections: number
  hazards: number
  documents: number
} {
  const r = rng(20261128)
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T
  const today = chinaDate(ctx.now())
  const min = (a: string, b: string): string => (a < b ? a : b)
  const max = (a: string, b: string): string => (a > b ? a : b)

  // Most townships have no delegated enforcement power (REFERENCE.md §1.1, position 1): the demo issues
  // the 监督检查 family (限期整改意见书) in the township's own name and reports to the county bureau.
  const settings = updateDocumentSettings(ctx, {
    authority: 'none',
    issuingOrgan: '青禾镇人民政府',
    organAbbreviation: '青',
    numberPrefix: '应急',
    reviewBody: '禾川县人民政府',
    court: '禾川县人民法院',
    sealText: '青禾镇人民政府',
    superiorOrgan: '禾川县应急管理局',
  })
  ensureChecklists(ctx)
  const templates = new Map(
    (
      ctx.db.prepare('SELECT id, code FROM checklist_templates WHERE code IS NOT NULL').all() as {
        id: number
        code: string
      }[]
    ).map((t) => [t.code, t.id]),
  )
  const staff = INSPECTORS.map((s) => createStaff(ctx, s))
  const active = staff.filter((s) => s.active).map((s) => s.id)
  const pair = (): number[] => {
    const a = Math.floor(r() * active.length)
    return [
      active[a] as number,
      active[(a + 1 + Math.floor(r() * (active.length - 1))) % active.length] as number,
    ]
  }

  const enterprises = ctx.db
    .prepare(
      `SELECT e.id, e.principal, e.address, e.flag_dust AS dust, e.flag_ammonia AS ammonia, i.name AS industry
       FROM enterprises e LEFT JOIN industries i ON i.id = e.industry_id
       WHERE e.deleted_at IS NULL AND e.status = 'operating' ORDER BY e.id`,
    )
    .all() as {
    id: number
    principal: string | null
    address: string | null
    dust: number
    ammonia: number
    industry: string | null
  }[]
  if (enterprises.length === 0) return { inspectors: staff.length, inspections: 0, hazards: 0, documents: 0 }

  const version = (id: number): number => getHazard(ctx, id).version
  const step = (id: number, input: TransitionInput): void => {
    transitionHazard(ctx, id, version(id), input)
  }
  let documents = 0
  const issue = (type: DocumentType, inspectionId: number, issuedOn: string, citesDocumentId?: number) => {
    documents++
    return issueDocument(ctx, { type, inspectionId, issuedOn, citesDocumentId })
  }

  let recentN = 0
  let futureN = 0
  let oldN = 0
  let hazards = 0
  let inspections = 0
  const reinspections: {
    on: string
    orderId: number
    enterpriseId: number
    outcomes: { id: number; outcome: OldOutcome }[]
  }[] = []
  const used = new Set<number>()

  for (let i = 0; i < REGULAR_INSPECTIONS; i++) {
    // Spread from about 180 days ago up to yesterday, oldest first (document numbers follow dates).
    const day = addDays(today, -Math.round(180 - (i * 179) / (REGULAR_INSPECTIONS - 1)))
    let e = pick(enterprises)
    while (used.has(e.id) && used.size < enterprises.length) e = pick(enterprises)
    used.add(e.id)
    const type: InspectionType = pick(['daily', 'daily', 'daily', 'special', 'holiday', 'joint'] as const)
    const code = type === 'holiday' ? 'holiday-general' : templateCode(e.industry, e.dust, e.ammonia)
    const hour = 8 + Math.floor(r() * 7)
    const minute = pick(['00', '15', '30', '45'])
    const startedAt = `${day} ${String(hour).padStart(2, '0')}:${minute}`
    const endedAt = `${day} ${String(hour + 1 + Math.floor(r() * 2)).padStart(2, '0')}:${pick(['00', '20', '40'])}`
    const insp = createInspection(ctx, {
      enterpriseId: e.id,
      place: code === 'industry-general' || code === 'dust-explosion' ? '生产车间、仓库及配电房' : '经营场所',
      startedAt,
      endedAt,
      type,
      mode: r() < 0.7 ? 'planned' : 'random',
      findings: '',
      templateId: templates.get(code) ?? null,
      inspectorIds: pair(),
    })
    inspections++

    // Results: mostly 符合; the last inspections always find something so current states exist.
    const rows = inspectionResults(ctx, insp.id)
    const mustFail = i >= REGULAR_INSPECTIONS - 8 || r() < 0.6
    const failIdx = new Set<number>()
    if (mustFail && rows.length > 0) failIdx.add(Math.floor(r() * rows.length))
    for (let k = 0; k < rows.length; k++) if (failIdx.size < 3 && r() < 0.08) failIdx.add(k)
    rows.forEach((row, k) =>
      setResult(ctx, { id: row.id, result: failIdx.has(k) ? 'fail' : r() < 0.06 ? 'na' : 'pass' }),
    )
    const found: number[] = []
    const anyMajor = rows.some((row, k) => failIdx.has(k) && row.majorHazardIf)
    const deadline = addDays(day, anyMajor ? 30 : pick([7, 15, 30, 30]))
    for (const [k, row] of rows.entries()) {
      if (!failIdx.has(k)) continue
      const { hazard } = hazardFromItem(ctx, {
        id: row.id,
        deadline,
        responsiblePerson: e.principal,
        measures: null,
        // 挂牌督办 for major hazards: mostly by the township itself, some by the county.
        supervisionLevel: row.majorHazardIf ? pick(['township', 'township', 'county'] as const) : null,
      })
      found.push(hazard.id)
      hazards++
      // 重大事故隐患 are reported to the county bureau the day they are found (销号 needs this record).
      if (hazard.grade === 'major')
        step(hazard.id, {
          action: 'report',
          kind: 'report',
          on: day,
          to: null,
          reference: `青禾安报〔${day.slice(0, 4)}〕${hazard.id}号`,
        })
    }
    ctx.db
      .prepare('UPDATE inspections SET findings = ? WHERE id = ?')
      .run(
        found.length
          ? `检查了${rows.length}项内容，${found.length}项不符合要求。`
          : `检查了${rows.length}项内容，未发现事故隐患。`,
        insp.id,
      )

    const record = issue('check_record', insp.id, day)
    if (i === 3) {
      // A clerk's correction: the first print had a mistake, so it was voided and issued again.
      voidDocument(ctx, record.id, '检查时间填写有误，已重新出具')
      issue('check_record', insp.id, day)
    }
    if (found.length === 0) continue
    const order = issue(ORDER_TYPE[settings.documentFamily], insp.id, day)

    const next = (d: string, n: number): string => min(addDays(d, n), today)
    if (addDays(deadline, 10) < today) {
      // Long past: re-inspected a few days after the deadline ("自申请或者限期届满之日起10日内进行复查").
      const reOn = min(addDays(deadline, 2 + Math.floor(r() * 6)), addDays(today, -1))
      const outcomes = found.map((id) => ({ id, outcome: OLD[oldN++ % OLD.length] as OldOutcome }))
      for (const o of outcomes) {
        step(o.id, { action: 'start', on: next(day, 1) })
        if (o.outcome === 'pass')
          step(o.id, { action: 'rectified', on: max(next(day, 2), addDays(deadline, -1)) })
      }
      reinspections.push({ on: reOn, orderId: order.id, enterpriseId: e.id, outcomes })
    } else if (deadline < today) {
      for (const id of found) {
        const plan = RECENT[recentN++ % RECENT.length] as RecentPlan
        if (plan !== 'latePending') step(id, { action: 'start', on: next(day, 1) })
        if (plan === 'awaiting')
          step(id, { action: 'rectified', on: max(next(day, 1), addDays(deadline, -1)) })
      }
    } else {
      for (const id of found) {
        const plan = FUTURE[futureN++ % FUTURE.length] as FuturePlan
        if (plan === 'pending') continue
        step(id, { action: 'start', on: next(day, 1) })
        if (plan === 'awaiting') step(id, { action: 'rectified', on: next(day, 3) })
        const h = getHazard(ctx, id)
        const inTime = h.extension.window?.to
        if (plan === 'extension' && h.deadline && inTime && inTime >= day) {
          // Enterprises ask as late as the office's window allows; a request received in the last
          // few days still waits for its answer (due within 5 days) on the dashboard.
          const asked = min(inTime, today)
          step(id, {
            action: 'requestExtension',
            on: asked,
            requestedDeadline: addDays(h.deadline, 15),
            ground: '连日暴雨，厂房屋面防水改造无法施工',
            note: '设备改造需等待厂家供货',
          })
          if (addDays(asked, 3) <= today)
            step(id, { action: 'answerExtension', on: addDays(asked, 3), answer: 'approved' })
        }
      }
    }
  }

  // Re-inspections in date order, so 复查 numbers rise with their dates.
  reinspections.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.orderId - b.orderId))
  for (const re of reinspections) {
    const insp = createInspection(ctx, {
      enterpriseId: re.enterpriseId,
      place: '原检查场所',
      startedAt: `${re.on} 09:30`,
      endedAt: `${re.on} 10:30`,
      type: 'reinspection',
      mode: 'planned',
      findings: '对原指令书所列事故隐患的整改情况进行复查。',
      templateId: null,
      inspectorIds: pair(),
    })
    inspections++
    for (const o of re.outcomes) {
      if (o.outcome === 'pass') step(o.id, { action: 'reinspectPass', on: re.on, inspectionId: insp.id })
      else if (o.outcome === 'failNewDeadline')
        step(o.id, {
          action: 'reinspectFail',
          on: re.on,
          inspectionId: insp.id,
          newDeadline: addDays(re.on, 15),
          note: '整改不到位，再次限期',
        })
      else step(o.id, { action: 'reinspectFail', on: re.on, inspectionId: insp.id, note: '未按期整改' })
    }
    issue('reinspection_opinion', insp.id, re.on, re.orderId)
    for (const o of re.outcomes)
      if (o.outcome === 'refer')
        step(o.id, {
          action: 'refer',
          on: min(addDays(re.on, 2), today),
          note: '逾期拒不整改，移送县应急管理局依法处罚',
        })
  }

  return { inspectors: staff.length, inspections, hazards, documents }
}
