// Test-only helpers for the inspection and document tests (not imported by runtime code).
import type { Core } from '../index'
import { ok, seedLookups } from '../test/helpers'
import type { InspectionResultRow, InspectionSummary } from './inspections'
import type { Hazard } from './hazards'

export interface World {
  villageId: number
  village2: number
  enterpriseId: number
  enterprise2: number
  staff: number[]
}

export const ENTERPRISE = {
  name: '华兴机械有限公司',
  legalRepresentative: '王建国',
  principal: '李秀英',
  principalPhone: '13812345678',
  address: '青禾镇兴业路88号',
}

/** Two enterprises in two villages, three inspectors and complete enforcement document settings. */
export async function seedWorld(core: Core): Promise<World> {
  const l = await seedLookups(core)
  const e1 = await ok<{ record: { id: number } }>(core, 'enterprise.create', {
    data: { ...ENTERPRISE, villageId: l.villageId, industryId: l.industryId, status: 'operating', flags: [] },
  })
  const e2 = await ok<{ record: { id: number } }>(core, 'enterprise.create', {
    data: { name: '恒泰烟花爆竹经营部', villageId: l.village2, status: 'operating', flags: ['fireworks'] },
  })
  const staff: number[] = []
  for (const [name, certificateNo] of [
    ['陈立群', '32999926001001'],
    ['周雅婷', '32999926001002'],
    ['吴卫东', '32999926001003'],
  ] as const) {
    staff.push((await ok<{ id: number }>(core, 'staff.create', { name, certificateNo })).id)
  }
  await ok(core, 'document.updateSettings', {
    documentFamily: 'enforcement',
    issuingOrgan: '青禾镇人民政府',
    organAbbreviation: '青',
    numberPrefix: '应急',
    reviewBody: '禾川县人民政府',
    court: '禾川县人民法院',
    sealText: '青禾镇人民政府',
    superiorOrgan: '禾川县应急管理局',
  })
  return {
    villageId: l.villageId,
    village2: l.village2,
    enterpriseId: e1.record.id,
    enterprise2: e2.record.id,
    staff,
  }
}

export type InspectionDetail = InspectionSummary & {
  checklist: InspectionResultRow[]
  hazards: Hazard[]
  documents: { id: number; number: string }[]
}

export async function templateId(core: Core, code: string): Promise<number> {
  const list = await ok<{ id: number; code: string | null }[]>(core, 'checklist.list')
  const t = list.find((x) => x.code === code)
  if (!t) throw new Error(`no template ${code}`)
  return t.id
}

/** An inspection on 2026-11-20 with the 工贸企业通用 checklist. */
export async function inspect(
  core: Core,
  w: World,
  over: Record<string, unknown> = {},
): Promise<InspectionDetail> {
  const created = await ok<InspectionSummary>(core, 'inspection.create', {
    enterpriseId: w.enterpriseId,
    place: '生产车间',
    startedAt: '2026-11-20 09:30',
    endedAt: '2026-11-20 11:00',
    type: 'daily',
    mode: 'planned',
    findings: '',
    templateId: await templateId(core, 'industry-general'),
    inspectorIds: [w.staff[0], w.staff[1]],
    ...over,
  })
  return ok<InspectionDetail>(core, 'inspection.get', { id: created.id })
}

export async function hazard(core: Core, w: World, over: Record<string, unknown> = {}): Promise<Hazard> {
  return ok<Hazard>(core, 'hazard.create', {
    enterpriseId: w.enterpriseId,
    inspectionId: null,
    description: '配电箱未设置漏电保护装置',
    place: '一号车间',
    category: '用电',
    grade: 'general',
    basis: null,
    foundOn: '2026-11-20',
    deadline: '2026-12-20',
    responsiblePerson: '李秀英',
    measures: null,
    supervisionLevel: null,
    ...over,
  })
}
