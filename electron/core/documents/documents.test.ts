import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../index'
import { FIXED_NOW, fail, memoryCore, ok, tempDir } from '../test/helpers'
import type { Hazard } from '../inspections/hazards'
import {
  ENTERPRISE,
  inspect,
  seedWorld,
  templateId,
  type InspectionDetail,
  type World,
} from '../inspections/test-helpers'
import type { DocumentFull, DocumentSummary } from './repo'
import type { DocumentSettings } from './settings'

let core: Core
let w: World
beforeEach(async () => {
  core = await memoryCore()
  w = await seedWorld(core)
})
afterEach(() => core.close())

type Page = { rows: DocumentSummary[]; total: number }
const issue = (input: Record<string, unknown>) => ok<DocumentFull>(core, 'document.issue', input)

/** An inspection on 2026-11-20 with two hazards from the 工贸 checklist: item 3 (general) and item 5 (major). */
async function inspectionWithHazards(): Promise<{ insp: InspectionDetail; general: Hazard; major: Hazard }> {
  const insp = await inspect(core, w)
  const general = (
    await ok<{ hazard: Hazard }>(core, 'inspection.hazardFromItem', {
      id: insp.checklist[2]?.id,
      deadline: '2026-12-05',
      grade: 'general',
    })
  ).hazard
  const major = (
    await ok<{ hazard: Hazard }>(core, 'inspection.hazardFromItem', {
      id: insp.checklist[4]?.id,
      deadline: '2026-12-20',
      grade: 'major',
    })
  ).hazard
  return { insp, general, major }
}

describe('document settings', () => {
  it('defaults to the township 监督检查文书 family and stores the office settings', async () => {
    const fresh = await memoryCore()
    try {
      await ok(fresh, 'settings.update', { townshipName: '青禾镇' })
      const s = await ok<{ settings: DocumentSettings }>(fresh, 'document.settings')
      expect(s.settings).toMatchObject({
        documentFamily: 'supervision',
        issuingOrgan: '青禾镇人民政府',
        numberPrefix: '应急',
        organAbbreviation: '',
      })
    } finally {
      fresh.close()
    }
    const s = await ok<DocumentSettings>(core, 'document.updateSettings', {
      sealText: '青禾镇人民政府（安全生产专用章）',
    })
    expect(s).toMatchObject({
      documentFamily: 'enforcement',
      organAbbreviation: '青',
      sealText: '青禾镇人民政府（安全生产专用章）',
    })
  })

  it('refuses to issue while something printed on the document is blank', async () => {
    const { insp } = await inspectionWithHazards()
    await ok(core, 'document.updateSettings', { organAbbreviation: '', court: '' })
    const err = await fail(core, 'document.issue', { type: 'rectification_order', inspectionId: insp.id })
    expect(err.message).toBe(
      '出具文书前，请先在“文书设置”中填写：机关简称、行政诉讼法院（这些内容会印在文书上）',
    )
    expect((await ok<Page>(core, 'document.list', {})).total).toBe(0)
  })
})

describe('document.issue: 现场检查记录', () => {
  it('numbers the record and snapshots enterprise, inspectors with certificates, time and problems', async () => {
    const { insp } = await inspectionWithHazards()
    const d = await issue({ type: 'check_record', inspectionId: insp.id })
    expect(d).toMatchObject({
      number: '（青）应急检记〔2026〕1号',
      seq: 1,
      year: 2026,
      issuedOn: '2026-11-28',
      typeLabel: '现场检查记录',
      voided: false,
    })
    const p = d.payload
    expect(p).toMatchObject({
      title: '现场检查记录',
      heading: '安全生产行政执法文书',
      enterprise: {
        name: ENTERPRISE.name,
        address: ENTERPRISE.address,
        legalRepresentative: ENTERPRISE.legalRepresentative,
        principal: ENTERPRISE.principal,
        // The 法定代表人（负责人） line names the 主要负责人 with their own 职务 and phone.
        person: ENTERPRISE.principal,
        personTitle: ENTERPRISE.principal === ENTERPRISE.legalRepresentative ? '法定代表人' : '主要负责人',
        phone: ENTERPRISE.principalPhone,
      },
      inspection: {
        place: '生产车间',
        timeText: '2026年11月20日9时30分至11月20日11时00分',
        typeLabel: '日常检查',
      },
      inspectors: [
        { name: '陈立群', certificateNo: '32999926001001' },
        { name: '周雅婷', certificateNo: '32999926001002' },
      ],
      copies: null,
      enterpriseSignatureLabel: '被检查单位现场负责人',
    })
    expect(p.textBefore[0]).toBe(
      '我们是青禾镇人民政府安全生产监管行政执法人员陈立群、周雅婷，证件号码为32999926001001、32999926001002，这是我们的证件（出示证件）。现依法对你单位进行现场检查，请予以配合。',
    )
    expect(p.textBefore[1]).toBe('检查情况：现场检查发现下列问题：')
    expect(p.hazards.map((h) => [h.no, h.major])).toEqual([
      [1, false],
      [2, true],
    ])
    expect(p.textAfter).toEqual(['其中事故隐患第2项属于重大事故隐患。'])
  })

  it('one valid record per inspection; a record of a clean inspection says no hazard was found', async () => {
    const insp = await inspect(core, w, { findings: '' })
    const d = await issue({ type: 'check_record', inspectionId: insp.id })
    expect(d.payload.textBefore[1]).toBe('检查情况：现场检查未发现事故隐患。')
    const again = await fail(core, 'document.issue', { type: 'check_record', inspectionId: insp.id })
    expect(again.message).toBe(
      '本次检查已出具现场检查记录 （青）应急检记〔2026〕1号。如需重新出具，请先作废原记录。',
    )
  })

  it('requires certificate numbers on 执法文书', async () => {
    const noCert = await ok<{ id: number }>(core, 'staff.create', { name: '赵新来' })
    const insp = await inspect(core, w, { inspectorIds: [w.staff[0], noCert.id] })
    const err = await fail(core, 'document.issue', { type: 'check_record', inspectionId: insp.id })
    expect(err.message).toBe('执法文书要印执法证号，赵新来还没有登记证件号。请先在“检查人员”名单中补充。')
  })
})

describe('document.issue: 责令限期整改指令书 / 限期整改意见书', () => {
  it('lists the hazards numbered, names the major one, the deadlines and the 复议/诉讼 bodies', async () => {
    const { insp, general, major } = await inspectionWithHazards()
    const d = await issue({ type: 'rectification_order', inspectionId: insp.id })
    expect(d.number).toBe('（青）应急责改〔2026〕1号')
    expect(d.hazardIds).toEqual([general.id, major.id])
    const p = d.payload
    expect(p.hazards.map((h) => [h.no, h.description, h.gradeLabel, h.deadline])).toEqual([
      [1, general.description, '一般隐患', '2026-12-05'],
      [2, major.description, '重大隐患', '2026-12-20'],
    ])
    expect(p.majorNos).toEqual([2])
    expect(p.deadlines).toEqual([
      { date: '2026-12-05', dateText: '2026年12月5日', nos: [1] },
      { date: '2026-12-20', dateText: '2026年12月20日', nos: [2] },
    ])
    expect(p.review).toEqual({ body: '禾川县人民政府', court: '禾川县人民法院' })
    expect(p.textBefore).toEqual(['经查，你单位存在下列问题：'])
    expect(p.textAfter).toEqual([
      '其中事故隐患第2项属于重大事故隐患。',
      '现责令你单位对上述第1项问题于2026年12月5日前、第2项问题于2026年12月20日前整改完毕，达到有关法律法规规章和标准规定的要求。由此造成事故的，依法追究有关人员的责任。',
      '整改期间，你单位应当采取措施，确保安全生产。对安全生产违法行为，将依法予以行政处罚。',
      '如果不服本指令，可以依法在60日内向禾川县人民政府申请行政复议，或者在6个月内依法向禾川县人民法院提起行政诉讼，但本指令不停止执行，法律另有规定的除外。',
    ])
    expect(p.copies).toBe('本文书一式两份：一份由青禾镇人民政府备案，一份交被检查单位。')
    const h = await ok<Hazard & { documents: { number: string; no: number }[] }>(core, 'hazard.get', {
      id: major.id,
    })
    expect(h.documents).toMatchObject([
      { number: '（青）应急责改〔2026〕1号', no: 2, typeLabel: '责令限期整改指令书' },
    ])
  })

  it('names the body a 重大事故隐患 was transferred to, with date and reference, once it is recorded', async () => {
    const { insp, major } = await inspectionWithHazards()
    await ok(core, 'hazard.transition', {
      id: major.id,
      version: major.version,
      action: 'report',
      kind: 'transfer',
      on: '2026-11-21',
      to: '禾川县应急管理局',
      reference: '青禾安移〔2026〕3号',
    })
    const d = await issue({ type: 'rectification_order', inspectionId: insp.id, issuedOn: '2026-11-21' })
    expect(d.payload.textAfter[0]).toBe('其中事故隐患第2项属于重大事故隐患。')
    // The transfer is a note of the list: printed right after it (and on 附页 with it).
    expect(d.payload.listNotes).toEqual([
      '第2项重大事故隐患已于2026年11月21日移送禾川县应急管理局（青禾安移〔2026〕3号）。',
    ])
    const record = await issue({ type: 'check_record', inspectionId: insp.id, issuedOn: '2026-11-20' })
    expect(record.payload.listNotes).toEqual([]) // dated after the record: not on it
  })

  it('prints the township 限期整改意见书 when the office has no enforcement power', async () => {
    const { insp } = await inspectionWithHazards()
    await ok(core, 'document.updateSettings', { documentFamily: 'supervision', numberPrefix: '安监' })
    const wrong = await fail(core, 'document.issue', { type: 'rectification_order', inspectionId: insp.id })
    expect(wrong.message).toContain('只能出具监督检查文书（限期整改意见书），不能出具责令限期整改指令书')
    const d = await issue({ type: 'rectification_opinion', inspectionId: insp.id })
    expect(d.number).toBe('（青）安监整改〔2026〕1号')
    expect(d.payload).toMatchObject({
      heading: '安全生产监督检查文书',
      inspectorRole: '安全生产检查人员',
      review: null,
    })
    expect(d.payload.textAfter.at(-1)).toBe(
      '现要求你单位对上述第1项问题于2026年12月5日前、第2项问题于2026年12月20日前整改完毕，达到有关法律法规规章和标准规定的要求。逾期不整改或达不到要求的，将依法上报禾川县应急管理局进行查处；由此造成事故的，依法追究有关人员的责任。',
    )
  })

  it('refuses without hazards, with a hazard lacking a deadline, or a deadline before the issue date', async () => {
    const clean = await inspect(core, w)
    expect(
      (await fail(core, 'document.issue', { type: 'rectification_order', inspectionId: clean.id })).message,
    ).toBe('本次检查没有需要整改的隐患，无需出具责令限期整改指令书。请先在检查表中把“不符合”项登记为隐患。')
    const { insp, general } = await inspectionWithHazards()
    await ok(core, 'hazard.update', { id: general.id, version: general.version, data: { deadline: null } })
    expect(
      (await fail(core, 'document.issue', { type: 'rectification_order', inspectionId: insp.id })).message,
    ).toBe('第1项隐患还没有整改期限，请先设定整改期限再出具责令限期整改指令书。')
    await ok(core, 'hazard.update', {
      id: general.id,
      version: general.version + 1,
      data: { deadline: '2026-11-25' },
    })
    expect(
      (await fail(core, 'document.issue', { type: 'rectification_order', inspectionId: insp.id })).message,
    ).toBe('第1项隐患的整改期限早于出具日期（2026年11月28日），请修改整改期限。')
    // Issuing on the inspection day is allowed (and dated then); a future date is not.
    const d = await issue({ type: 'rectification_order', inspectionId: insp.id, issuedOn: '2026-11-20' })
    expect(d.payload.issuedOnText).toBe('2026年11月20日')
    const future = await fail(core, 'document.issue', {
      type: 'check_record',
      inspectionId: insp.id,
      issuedOn: '2026-11-29',
    })
    expect(future.message).toBe('出具日期不能晚于今天')
  })

  it('lists only the chosen hazards when the clerk picks them', async () => {
    const { insp, major } = await inspectionWithHazards()
    const d = await issue({ type: 'rectification_order', inspectionId: insp.id, hazardIds: [major.id] })
    expect(d.payload.hazards.map((h) => [h.no, h.hazardId])).toEqual([[1, major.id]])
    expect(d.payload.majorNos).toEqual([1])
  })
})

describe('执法权限: who issues what', () => {
  const ENTRUSTED = {
    authority: 'entrusted',
    entrustingOrgan: '禾川县应急管理局',
    entrustingAbbreviation: '禾',
    entrustingSealText: '禾川县应急管理局',
    authorityBasis: '禾应急委〔2026〕3号',
    authorityDate: '2026-03-01',
  }

  it("委托: the order carries the county bureau's name, seal and number prefix, not the township's", async () => {
    await ok(core, 'document.updateSettings', ENTRUSTED)
    const { insp } = await inspectionWithHazards()
    const record = await issue({ type: 'check_record', inspectionId: insp.id })
    expect(record.number).toBe('（禾）应急检记〔2026〕1号')
    expect(record.payload.textBefore[0]).toMatch(
      /^我们是禾川县应急管理局安全生产监管行政执法人员陈立群、周雅婷/,
    )
    const order = await issue({ type: 'rectification_order', inspectionId: insp.id })
    expect(order.number).toBe('（禾）应急责改〔2026〕1号')
    expect(order.payload).toMatchObject({
      heading: '安全生产行政执法文书',
      organ: { name: '禾川县应急管理局', sealText: '禾川县应急管理局' },
      authority: { kind: 'entrusted', basis: '禾应急委〔2026〕3号', date: '2026-03-01' },
      copies: '本文书一式两份：一份由禾川县应急管理局备案，一份交被检查单位。',
    })
    expect(JSON.stringify(order.payload)).not.toContain('青禾镇人民政府')
  })

  it('委托 without the entrustment on file is refused, naming what is missing', async () => {
    await ok(core, 'document.updateSettings', {
      ...ENTRUSTED,
      authorityBasis: '',
      entrustingAbbreviation: '',
    })
    const { insp } = await inspectionWithHazards()
    const err = await fail(core, 'document.issue', { type: 'rectification_order', inspectionId: insp.id })
    expect(err.message).toBe(
      '出具文书前，请先在“文书设置”中填写：委托机关简称、委托书或赋权决定文号（这些内容会印在文书上）',
    )
  })

  it("无委托: only the 监督检查 family, in the township's name; the family follows from the position", async () => {
    const s = await ok<DocumentSettings>(core, 'document.updateSettings', { authority: 'none' })
    expect(s).toMatchObject({ authority: 'none', documentFamily: 'supervision' })
    const { insp } = await inspectionWithHazards()
    const err = await fail(core, 'document.issue', { type: 'rectification_order', inspectionId: insp.id })
    expect(err.message).toContain('执法权限设置为“无委托、无赋权”')
    const opinion = await issue({ type: 'rectification_opinion', inspectionId: insp.id })
    expect(opinion.payload).toMatchObject({
      heading: '安全生产监督检查文书',
      organ: { name: '青禾镇人民政府' },
      authority: { kind: 'none' },
    })
    expect(opinion.number).toBe('（青）应急整改〔2026〕1号')
  })

  it('an office set up before the question (family "enforcement" only) reads as 赋权 in its own name', async () => {
    const file = path.join(tempDir(), 'ledger.sqlite')
    const before = await createCore({ dbFile: file, now: () => FIXED_NOW })
    await seedWorld(before)
    before.close()
    const db = new Database(file)
    db.prepare("DELETE FROM settings WHERE key = 'authority'").run()
    expect(db.prepare("SELECT value FROM settings WHERE key = 'documentFamily'").get()).toEqual({
      value: 'enforcement',
    })
    db.close()
    const after = await createCore({ dbFile: file, now: () => FIXED_NOW })
    try {
      const s = await ok<{ settings: DocumentSettings }>(after, 'document.settings')
      expect(s.settings).toMatchObject({ authority: 'devolved', documentFamily: 'enforcement' })
    } finally {
      after.close()
    }
  })
})

describe('numbers and dates run together', () => {
  it('refuses a date before that of an earlier number unless the clerk gives a reason, kept in the register', async () => {
    const a = await inspect(core, w)
    const b = await inspect(core, w)
    const first = await issue({ type: 'check_record', inspectionId: a.id, issuedOn: '2026-11-25' })
    expect(first).toMatchObject({ number: '（青）应急检记〔2026〕1号', dateOrder: null })
    const r = await core.dispatch('document.issue', {
      type: 'check_record',
      inspectionId: b.id,
      issuedOn: '2026-11-22',
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.message).toBe(
      '出具日期2026年11月22日早于同一编号序列中已出具的 （青）应急检记〔2026〕1号（2026年11月25日）。编号按出具先后连续编排，日期倒置须说明原因（如补开文书）。请填写原因后再出具，原因记入文书登记簿。',
    )
    expect(r.error.details).toEqual({
      dateOrder: { number: '（青）应急检记〔2026〕1号', issuedOn: '2026-11-25' },
    })
    // Nothing was used up by the refusal: the next number is still 2.
    const second = await issue({
      type: 'check_record',
      inspectionId: b.id,
      issuedOn: '2026-11-22',
      dateOrderReason: '补开11月22日检查的现场检查记录（当日未带打印机）',
    })
    const note = {
      reason: '补开11月22日检查的现场检查记录（当日未带打印机）',
      number: '（青）应急检记〔2026〕1号',
      issuedOn: '2026-11-25',
    }
    expect(second).toMatchObject({
      number: '（青）应急检记〔2026〕2号',
      issuedOn: '2026-11-22',
      dateOrder: note,
    })
    const register = (await ok<Page>(core, 'document.list', { types: ['check_record'] })).rows
    expect(register.map((d) => [d.number, d.dateOrder])).toEqual([
      ['（青）应急检记〔2026〕1号', null],
      ['（青）应急检记〔2026〕2号', note],
    ])
  })

  it('counts voided numbers, keeps each type its own sequence, and takes the same day without a reason', async () => {
    const a = await inspect(core, w)
    const b = await inspect(core, w)
    const voided = await issue({ type: 'check_record', inspectionId: a.id, issuedOn: '2026-11-27' })
    await ok(core, 'document.void', { id: voided.id, reason: '单位名称有误' })
    const err = await fail(core, 'document.issue', {
      type: 'check_record',
      inspectionId: a.id,
      issuedOn: '2026-11-21',
    })
    expect(err.message).toContain('早于同一编号序列中已出具的 （青）应急检记〔2026〕1号（2026年11月27日）')
    const sameDay = await issue({ type: 'check_record', inspectionId: b.id, issuedOn: '2026-11-27' })
    expect(sameDay).toMatchObject({ number: '（青）应急检记〔2026〕2号', dateOrder: null })
    const { insp } = await inspectionWithHazards()
    const order = await issue({ type: 'rectification_order', inspectionId: insp.id, issuedOn: '2026-11-21' })
    expect(order).toMatchObject({ number: '（青）应急责改〔2026〕1号', dateOrder: null })
  })
})

describe('document.issue: 整改复查意见书', () => {
  it('cites the original number and date and reports each hazard by its original number', async () => {
    const { insp, general, major } = await inspectionWithHazards()
    const order = await issue({ type: 'rectification_order', inspectionId: insp.id, issuedOn: '2026-11-20' })
    const re = await inspect(core, w, {
      type: 'reinspection',
      templateId: null,
      startedAt: '2026-11-28 09:00',
      endedAt: null,
      inspectorIds: [w.staff[1], w.staff[2]],
    })
    const early = await fail(core, 'document.issue', {
      type: 'reinspection_opinion',
      inspectionId: re.id,
      citesDocumentId: order.id,
    })
    expect(early.message).toBe(
      '（青）应急责改〔2026〕1号中第1、2项隐患整改期限未届满，还没有记录复查结果的隐患，无需出具整改复查意见书。',
    )
    await ok(core, 'hazard.transition', {
      id: general.id,
      version: general.version,
      action: 'reinspectPass',
      inspectionId: re.id,
    })
    await ok(core, 'hazard.transition', {
      id: major.id,
      version: major.version,
      action: 'reinspectFail',
      newDeadline: '2026-12-31',
      inspectionId: re.id,
    })
    const d = await issue({
      type: 'reinspection_opinion',
      inspectionId: re.id,
      citesDocumentId: order.id,
      opinion: '请于整改完毕后书面报告。',
    })
    expect(d).toMatchObject({
      number: '（青）应急复查〔2026〕1号',
      citesDocumentId: order.id,
      citedNumber: '（青）应急责改〔2026〕1号',
    })
    const p = d.payload
    expect(p.cited).toMatchObject({
      number: '（青）应急责改〔2026〕1号',
      issuedOn: '2026-11-20',
      issuedOnText: '2026年11月20日',
      title: '责令限期整改指令书',
    })
    expect(p.textBefore).toEqual([
      '本机关于2026年11月20日作出了责令限期整改指令书的决定[（青）应急责改〔2026〕1号]，经对你单位整改情况进行复查，提出如下意见：',
    ])
    expect(p.textAfter).toEqual([
      '第1项隐患已整改合格，符合安全要求。',
      '第2项隐患未整改合格，要求于2026年12月31日前整改完毕。',
      '请于整改完毕后书面报告。',
    ])
    expect(p.hazards.map((h) => [h.no, h.outcomeLabel])).toEqual([
      [1, '整改合格'],
      [2, '未整改合格'],
    ])
    expect(p.inspectors.map((i) => i.name)).toEqual(['周雅婷', '吴卫东'])
    expect(p).toMatchObject({
      enterpriseSignatureLabel: '被复查单位负责人',
      copies: '本文书一式两份：一份由青禾镇人民政府备案，一份交被复查单位。',
    })
    expect((await ok<DocumentFull>(core, 'document.get', { id: order.id })).citedBy).toEqual([
      { id: d.id, number: '（青）应急复查〔2026〕1号', voided: false },
    ])
  })

  it('a second 复查 of the same order needs results recorded after the first 复查意见书', async () => {
    const { insp, general, major } = await inspectionWithHazards()
    const order = await issue({ type: 'rectification_order', inspectionId: insp.id, issuedOn: '2026-11-20' })
    const first = await inspect(core, w, {
      type: 'reinspection',
      templateId: null,
      startedAt: '2026-11-24 09:00',
      endedAt: null,
    })
    await ok(core, 'hazard.transition', {
      id: general.id,
      version: general.version,
      action: 'reinspectPass',
      on: '2026-11-24',
    })
    const failed = await ok<Hazard>(core, 'hazard.transition', {
      id: major.id,
      version: major.version,
      action: 'reinspectFail',
      on: '2026-11-24',
      newDeadline: '2026-11-27',
    })
    await issue({
      type: 'reinspection_opinion',
      inspectionId: first.id,
      citesDocumentId: order.id,
      issuedOn: '2026-11-24',
    })
    const second = await inspect(core, w, {
      type: 'reinspection',
      templateId: null,
      startedAt: '2026-11-28 09:00',
      endedAt: null,
    })
    const err = await fail(core, 'document.issue', {
      type: 'reinspection_opinion',
      inspectionId: second.id,
      citesDocumentId: order.id,
    })
    expect(err.message).toBe(
      '（青）应急责改〔2026〕1号中第2项隐患已到复查时间，还没有记录复查结果。请先在隐患中记录“复查合格”或“复查不合格”，再出具整改复查意见书。',
    )
    await ok(core, 'hazard.transition', {
      id: major.id,
      version: failed.version,
      action: 'reinspectFail',
      inspectionId: second.id,
    })
    const d = await issue({
      type: 'reinspection_opinion',
      inspectionId: second.id,
      citesDocumentId: order.id,
    })
    expect(d.number).toBe('（青）应急复查〔2026〕2号')
    expect(d.payload.textAfter).toEqual([
      '第1项隐患已整改合格，符合安全要求。',
      '第2项隐患逾期未整改，将依法予以处理。',
    ])
  })

  it('staggered deadlines 12-05, 12-15, 12-31: each 复查意见书 covers the items due and leaves the others open', async () => {
    let now = new Date(2026, 10, 20, 9, 30)
    const c = await memoryCore(() => now)
    try {
      const world = await seedWorld(c)
      const insp = await inspect(c, world)
      const ids: number[] = []
      for (const [i, deadline] of [
        [2, '2026-12-05'],
        [4, '2026-12-15'],
        [6, '2026-12-31'],
      ] as const)
        ids.push(
          (
            await ok<{ hazard: Hazard }>(c, 'inspection.hazardFromItem', {
              id: insp.checklist[i]?.id,
              deadline,
              grade: 'general',
            })
          ).hazard.id,
        )
      const order = await ok<DocumentFull>(c, 'document.issue', {
        type: 'rectification_order',
        inspectionId: insp.id,
      })
      const reinspect = async (day: string, pass: number[]) => {
        now = new Date(`${day}T09:30:00+08:00`)
        const re = await inspect(c, world, {
          type: 'reinspection',
          templateId: null,
          startedAt: `${day} 09:00`,
          endedAt: null,
        })
        for (const id of pass) {
          const h = await ok<Hazard>(c, 'hazard.get', { id })
          await ok(c, 'hazard.transition', {
            id,
            version: h.version,
            action: 'reinspectPass',
            inspectionId: re.id,
          })
        }
        return re
      }

      const first = await reinspect('2026-12-06', [ids[0] as number])
      const d1 = await ok<DocumentFull>(c, 'document.issue', {
        type: 'reinspection_opinion',
        inspectionId: first.id,
        citesDocumentId: order.id,
      })
      expect(d1.payload.textAfter).toEqual([
        '第1项隐患已整改合格，符合安全要求。',
        '第2项隐患整改期限为2026年12月15日，第3项隐患整改期限为2026年12月31日，尚未届满，届时另行复查。',
      ])
      expect(d1.payload.hazards.map((h) => [h.no, h.outcomeLabel])).toEqual([
        [1, '整改合格'],
        [2, '整改期限未届满，另行复查'],
        [3, '整改期限未届满，另行复查'],
      ])
      const still = await Promise.all(ids.map((id) => ok<Hazard>(c, 'hazard.get', { id })))
      expect(still.map((h) => h.statusLabel)).toEqual(['已销号', '待整改', '待整改'])

      // 12-16: item 2 is due now and must have its result before the next opinion.
      const second = await reinspect('2026-12-16', [])
      expect(
        (
          await fail(c, 'document.issue', {
            type: 'reinspection_opinion',
            inspectionId: second.id,
            citesDocumentId: order.id,
          })
        ).message,
      ).toContain('中第2项隐患已到复查时间，还没有记录复查结果')
      const h2 = await ok<Hazard>(c, 'hazard.get', { id: ids[1] })
      await ok(c, 'hazard.transition', {
        id: h2.id,
        version: h2.version,
        action: 'reinspectPass',
        inspectionId: second.id,
      })
      const d2 = await ok<DocumentFull>(c, 'document.issue', {
        type: 'reinspection_opinion',
        inspectionId: second.id,
        citesDocumentId: order.id,
      })
      expect(d2.number).toBe('（青）应急复查〔2026〕2号')
      expect(d2.payload.textAfter).toEqual([
        '第1、2项隐患已整改合格，符合安全要求。',
        '第3项隐患整改期限为2026年12月31日，尚未届满，届时另行复查。',
      ])
    } finally {
      c.close()
    }
  })

  it('records a 复查 only against a re-inspection of the same enterprise', async () => {
    const { general } = await inspectionWithHazards()
    const other = await inspect(core, w, {
      enterpriseId: w.enterprise2,
      templateId: null,
      type: 'reinspection',
    })
    const err = await fail(core, 'hazard.transition', {
      id: general.id,
      version: general.version,
      action: 'reinspectPass',
      inspectionId: other.id,
    })
    expect(err.message).toBe('所选复查记录的被检查单位是“恒泰烟花爆竹经营部”，与隐患所属企业不一致')
  })

  it('cites only a valid order of the same enterprise', async () => {
    const { insp } = await inspectionWithHazards()
    const record = await issue({ type: 'check_record', inspectionId: insp.id })
    const other = await inspect(core, w, {
      enterpriseId: w.enterprise2,
      templateId: await templateId(core, 'fireworks-retail'),
    })
    expect(
      (await fail(core, 'document.issue', { type: 'reinspection_opinion', inspectionId: insp.id })).message,
    ).toBe('请选择要复查的责令限期整改指令书或限期整改意见书')
    expect(
      (
        await fail(core, 'document.issue', {
          type: 'reinspection_opinion',
          inspectionId: insp.id,
          citesDocumentId: record.id,
        })
      ).message,
    ).toBe(
      '整改复查意见书只能引用责令限期整改指令书或限期整改意见书，（青）应急检记〔2026〕1号是现场检查记录',
    )
    const order = await issue({ type: 'rectification_order', inspectionId: insp.id })
    expect(
      (
        await fail(core, 'document.issue', {
          type: 'reinspection_opinion',
          inspectionId: other.id,
          citesDocumentId: order.id,
        })
      ).message,
    ).toBe(
      '（青）应急责改〔2026〕1号的被检查单位是“华兴机械有限公司”，与本次复查的单位“恒泰烟花爆竹经营部”不一致',
    )
  })
})

describe('void, list, get', () => {
  it('voids with a reason, keeps the number, and never reuses it', async () => {
    const { insp } = await inspectionWithHazards()
    const first = await issue({ type: 'check_record', inspectionId: insp.id })
    expect((await fail(core, 'document.void', { id: first.id, reason: ' ' })).message).toBe('请填写作废原因')
    const v = await ok<DocumentFull>(core, 'document.void', { id: first.id, reason: '检查地点写错' })
    expect(v).toMatchObject({ voided: true, voidReason: '检查地点写错', number: '（青）应急检记〔2026〕1号' })
    expect((await fail(core, 'document.void', { id: first.id, reason: '再次' })).code).toBe('CONFLICT')
    const second = await issue({ type: 'check_record', inspectionId: insp.id })
    expect(second.number).toBe('（青）应急检记〔2026〕2号')
    const list = await ok<Page>(core, 'document.list', { types: ['check_record'] })
    expect(list.rows.map((r) => [r.number, r.voided])).toEqual([
      ['（青）应急检记〔2026〕2号', false],
      ['（青）应急检记〔2026〕1号', true],
    ])
    expect((await ok<Page>(core, 'document.list', { voided: false })).total).toBe(1)
  })

  it('refuses to void an order that a valid 复查意见书 cites', async () => {
    const { insp, general, major } = await inspectionWithHazards()
    const order = await issue({ type: 'rectification_order', inspectionId: insp.id })
    const reported = await ok<Hazard>(core, 'hazard.transition', {
      id: major.id,
      version: major.version,
      action: 'report',
      kind: 'report',
    })
    for (const h of [general, reported])
      await ok(core, 'hazard.transition', { id: h.id, version: h.version, action: 'reinspectPass' })
    const re = await issue({ type: 'reinspection_opinion', inspectionId: insp.id, citesDocumentId: order.id })
    expect((await fail(core, 'document.void', { id: order.id, reason: '错' })).message).toBe(
      '（青）应急责改〔2026〕1号已被整改复查意见书 （青）应急复查〔2026〕1号 引用，请先作废复查意见书',
    )
    await ok(core, 'document.void', { id: re.id, reason: '复查意见写错' })
    await ok(core, 'document.void', { id: order.id, reason: '重新出具' })
  })

  it('lists number, type, enterprise and date with filters, and finds a document by its number', async () => {
    const { insp } = await inspectionWithHazards()
    await issue({ type: 'check_record', inspectionId: insp.id })
    await issue({ type: 'rectification_order', inspectionId: insp.id })
    const other = await inspect(core, w, { enterpriseId: w.enterprise2, templateId: null })
    await issue({ type: 'check_record', inspectionId: other.id })
    const all = await ok<Page>(core, 'document.list', {})
    expect(all.total).toBe(3)
    expect(all.rows[0]).toMatchObject({
      typeLabel: expect.any(String),
      enterpriseName: expect.any(String),
      issuedOn: '2026-11-28',
    })
    expect(
      (await ok<Page>(core, 'document.list', { enterpriseIds: [w.enterprise2] })).rows.map((r) => r.number),
    ).toEqual(['（青）应急检记〔2026〕2号'])
    expect((await ok<Page>(core, 'document.list', { types: ['rectification_order'] })).total).toBe(1)
    expect((await ok<Page>(core, 'document.list', { query: '烟花' })).total).toBe(1)
    expect((await ok<Page>(core, 'document.list', { query: '责改' })).total).toBe(1)
    expect((await ok<Page>(core, 'document.list', { inspectionId: insp.id })).total).toBe(2)
    expect((await ok<Page>(core, 'document.list', { year: 2025 })).total).toBe(0)
    const byNumber = await ok<DocumentFull>(core, 'document.get', { number: '（青）应急责改〔2026〕1号' })
    expect(byNumber.payload.enterprise.name).toBe(ENTERPRISE.name)
    expect((await fail(core, 'document.get', { number: '（青）应急责改〔2026〕9号' })).message).toBe(
      '文书 （青）应急责改〔2026〕9号 不存在或已被删除，请刷新后重试',
    )
  })

  it('keeps what was printed even when the enterprise is renamed later', async () => {
    const { insp } = await inspectionWithHazards()
    const d = await issue({ type: 'rectification_order', inspectionId: insp.id })
    const e = await ok<{ version: number; villageId: number; industryId: number }>(core, 'enterprise.get', {
      id: w.enterpriseId,
    })
    await ok(core, 'enterprise.update', {
      id: w.enterpriseId,
      version: e.version,
      data: {
        ...ENTERPRISE,
        name: '华兴重工有限公司',
        villageId: e.villageId,
        industryId: e.industryId,
        status: 'operating',
        flags: [],
      },
    })
    const again = await ok<DocumentFull>(core, 'document.get', { id: d.id })
    expect(again.payload.enterprise.name).toBe(ENTERPRISE.name)
    expect(again.enterpriseName).toBe(ENTERPRISE.name)
  })

  it('the database itself refuses to delete a document or change its number', async () => {
    const { insp } = await inspectionWithHazards()
    const d = await issue({ type: 'check_record', inspectionId: insp.id })
    expect(() => core.ctx.db.prepare('DELETE FROM documents WHERE id = ?').run(d.id)).toThrow(
      '已出具的文书不能删除',
    )
    expect(() => core.ctx.db.prepare("UPDATE documents SET number = 'x' WHERE id = ?").run(d.id)).toThrow(
      '已出具的文书内容和编号不能修改',
    )
  })
})

describe('archived PDF', () => {
  it('stores the printed PDF by hash, returns it for reprint, and never replaces it', async () => {
    const dir = tempDir()
    const disk = await createCore({ dataDir: dir, now: () => FIXED_NOW })
    try {
      const dw = await seedWorld(disk)
      const insp = await inspect(disk, dw)
      const d = await ok<DocumentFull>(disk, 'document.issue', {
        type: 'check_record',
        inspectionId: insp.id,
      })
      expect((await fail(disk, 'document.pdf', { id: d.id })).message).toBe(
        '（青）应急检记〔2026〕1号还没有存档PDF，请先打印预览并保存PDF',
      )
      const pdf = Buffer.from('%PDF-1.7\n% 现场检查记录\n%%EOF\n')
      const notPdf = await fail(disk, 'document.attachPdf', {
        id: d.id,
        base64: Buffer.from('<html>').toString('base64'),
      })
      expect(notPdf.message).toBe('上传的文件不是PDF，请用“保存为PDF”生成的文件')
      const a = await ok<DocumentFull>(disk, 'document.attachPdf', {
        id: d.id,
        base64: pdf.toString('base64'),
      })
      expect(a.hasPdf).toBe(true)
      expect(
        fs.existsSync(
          path.join(dir, 'attachments', (a.pdfSha256 as string).slice(0, 2), a.pdfSha256 as string),
        ),
      ).toBe(true)
      // Same bytes again: fine (a retry). Different bytes: refused.
      await ok(disk, 'document.attachPdf', { id: d.id, base64: pdf.toString('base64') })
      const other = await fail(disk, 'document.attachPdf', {
        id: d.id,
        base64: Buffer.from('%PDF-1.7 other').toString('base64'),
      })
      expect(other.message).toContain('已存档PDF，存档不能替换')
      const back = await ok<{ fileName: string; sha256: string; base64: string }>(disk, 'document.pdf', {
        id: d.id,
      })
      expect(back.fileName).toBe('（青）应急检记〔2026〕1号.pdf')
      expect(Buffer.from(back.base64, 'base64').equals(pdf)).toBe(true)
    } finally {
      disk.close()
    }
  })
})
