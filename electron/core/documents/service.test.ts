import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { fail, memoryCore, ok } from '../test/helpers'
import type { Hazard } from '../inspections/hazards'
import { inspect, seedWorld, type World } from '../inspections/test-helpers'
import type { DocumentFull, DocumentSummary } from './repo'
import type { DocumentService } from './service'

// 送达回执 (REFERENCE.md §1.7): "送达必须有送达回执，由受送达人在送达回执上注明收到日期，签名或者盖章";
// refusal: "在送达回执上记明拒收的事由和日期，由送达人、见证人签名或者盖章，把文书留在受送达人的住所".

let core: Core
let w: World
let order: DocumentFull
let record: DocumentFull
beforeEach(async () => {
  core = await memoryCore()
  w = await seedWorld(core)
  const insp = await inspect(core, w)
  await ok<{ hazard: Hazard }>(core, 'inspection.hazardFromItem', {
    id: insp.checklist[2]?.id,
    deadline: '2026-12-05',
    grade: 'general',
  })
  record = await ok<DocumentFull>(core, 'document.issue', { type: 'check_record', inspectionId: insp.id })
  order = await ok<DocumentFull>(core, 'document.issue', {
    type: 'rectification_order',
    inspectionId: insp.id,
    issuedOn: '2026-11-21',
  })
})
afterEach(() => core.close())

const direct = {
  servedAt: '2026-11-21 15:20',
  place: '华兴机械有限公司办公室',
  method: 'direct',
  recipient: '张建国',
  recipientRole: '法定代表人',
  servers: ['吴卫东', '陈立群'],
}

describe('"送达必须有送达回执": document.recordService', () => {
  it('records a direct service, links it to the document by number, and shows it in the register', async () => {
    const s = await ok<DocumentService>(core, 'document.recordService', { documentId: order.id, ...direct })
    expect(s).toMatchObject({
      documentTitle: '责令限期整改指令书',
      documentNumber: order.number,
      addressee: '华兴机械有限公司',
      methodLabel: '直接送达',
      servedAtText: '2026年11月21日15时20分',
      recipient: '张建国',
      servers: ['吴卫东', '陈立群'],
      witnesses: [],
      refusalReason: null,
    })
    const list = await ok<{ rows: DocumentSummary[] }>(core, 'document.list', {})
    expect(list.rows.find((r) => r.id === order.id)).toMatchObject({
      needsService: true,
      servedAt: '2026-11-21 15:20',
      serviceMethodLabel: '直接送达',
    })
    expect(list.rows.find((r) => r.id === record.id)).toMatchObject({ needsService: false, servedAt: null })
    const log = await ok<{ rows: { recordName: string | null; note: string | null }[] }>(
      core,
      'audit.list',
      {},
    )
    expect(log.rows[0]).toMatchObject({
      recordName: `${order.number} 送达回执`,
      note: '直接送达，2026年11月21日15时20分，收件人张建国',
    })
  })

  it('"拒收的，…记明拒收的事由和日期，由送达人、见证人签名": 留置送达 needs the reason and a witness', async () => {
    const left = { ...direct, method: 'left', recipient: '张建国', recipientRole: '法定代表人' }
    expect((await fail(core, 'document.recordService', { documentId: order.id, ...left })).message).toBe(
      '留置送达须在回执上记明拒收事由（如：负责人拒绝签收）',
    )
    const noWitness = await fail(core, 'document.recordService', {
      documentId: order.id,
      ...left,
      refusalReason: '负责人拒绝签收',
    })
    expect(noWitness.message).toContain('留置送达须有见证人')
    const s = await ok<DocumentService>(core, 'document.recordService', {
      documentId: order.id,
      ...left,
      refusalReason: '负责人拒绝签收，称整改期限过短',
      witnesses: [{ name: '王秀兰', unit: '东湖村村民委员会' }],
      note: '文书留置于企业办公室，已拍照',
    })
    expect(s).toMatchObject({
      methodLabel: '留置送达',
      refusalReason: '负责人拒绝签收，称整改期限过短',
      witnesses: [{ name: '王秀兰', unit: '东湖村村民委员会' }],
    })
    // A refusal reason on any other method is a contradiction the clerk is told about.
    const mixed = await fail(core, 'document.recordService', {
      documentId: order.id,
      ...direct,
      refusalReason: '拒收',
    })
    expect(mixed.message).toContain('只有留置送达才记拒收事由')
  })

  it('a correction replaces the record and the audit trail keeps what changed', async () => {
    await ok(core, 'document.recordService', { documentId: order.id, ...direct })
    await ok(core, 'document.recordService', {
      documentId: order.id,
      ...direct,
      recipient: '李秀英',
      recipientRole: '负责收件的人',
    })
    const r = await ok<{ service: DocumentService }>(core, 'document.service', { id: order.id })
    expect(r.service.recipient).toBe('李秀英')
    const log = await ok<{
      rows: { action: string; changes: { label: string; before: unknown; after: unknown }[] }[]
    }>(core, 'audit.list', {})
    expect(log.rows[0]?.changes).toEqual([
      { field: 'recipient', label: '收件人', before: '张建国', after: '李秀英' },
      { field: 'recipientRole', label: '收件人身份', before: '法定代表人', after: '负责收件的人' },
    ])
  })

  it('refuses a 现场检查记录, a voided document, a time before the document or in the future, and no recipient', async () => {
    expect(
      (await fail(core, 'document.recordService', { documentId: record.id, ...direct })).message,
    ).toContain('不需要送达回执')
    expect(
      (
        await fail(core, 'document.recordService', {
          documentId: order.id,
          ...direct,
          servedAt: '2026-11-20 16:00',
        })
      ).message,
    ).toBe('送达时间不能早于文书出具日期（2026年11月21日）')
    expect(
      (
        await fail(core, 'document.recordService', {
          documentId: order.id,
          ...direct,
          servedAt: '2027-01-05 09:00',
        })
      ).message,
    ).toBe('送达时间不能晚于现在')
    expect(
      (await fail(core, 'document.recordService', { documentId: order.id, ...direct, recipient: '' }))
        .message,
    ).toContain('请填写收件人')
    expect(
      (await fail(core, 'document.recordService', { documentId: order.id, ...direct, servers: [] })).message,
    ).toContain('请填写送达人')
    await ok(core, 'document.void', { id: order.id, reason: '重开' })
    expect(
      (await fail(core, 'document.recordService', { documentId: order.id, ...direct })).message,
    ).toContain('已作废')
  })
})
