import { describe, expect, it } from 'vitest'
import type { DocumentPayload } from '../views/inspections/types'
import { annexNote, documentBlocks, pieceOf } from './blocks'

function payload(over: Partial<DocumentPayload>): DocumentPayload {
  return {
    type: 'rectification_order',
    title: '责令限期整改指令书',
    heading: '安全生产行政执法文书',
    family: 'enforcement',
    number: '（青）应急责改〔2026〕3号',
    issuedOn: '2026-11-28',
    issuedOnText: '2026年11月28日',
    organ: { name: '青禾镇人民政府', sealText: '青禾镇人民政府' },
    enterprise: {
      id: 1,
      name: '华兴工业',
      address: '滨河路1号',
      legalRepresentative: '张三',
      principal: null,
      phone: '13800000000',
      creditCode: null,
    },
    inspection: {
      id: 1,
      place: '滨河路1号',
      startedAt: '2026-11-28 09:30',
      endedAt: null,
      timeText: '2026年11月28日9时30分',
      type: 'daily',
      typeLabel: '日常检查',
      findings: '',
    },
    inspectors: [
      { name: '陈立群', certificateNo: 'A1' },
      { name: '周雅婷', certificateNo: 'A2' },
    ],
    inspectorRole: '安全生产监管行政执法人员',
    hazards: [
      {
        no: 1,
        hazardId: 5,
        description: '灭火器过期。',
        place: '滨河路1号',
        basis: null,
        grade: 'general',
        gradeLabel: '一般隐患',
        major: false,
        deadline: '2026-12-13',
      },
      {
        no: 2,
        hazardId: 6,
        description: '特种作业人员无证上岗',
        place: '车间',
        basis: null,
        grade: 'major',
        gradeLabel: '重大隐患',
        major: true,
        deadline: '2026-12-28',
      },
    ],
    majorNos: [2],
    deadlines: [],
    review: null,
    cited: null,
    textBefore: ['经查，你单位存在下列问题：'],
    textAfter: ['其中事故隐患第2项属于重大事故隐患。'],
    copies: '本文书一式两份：一份由青禾镇人民政府备案，一份交被检查单位。',
    enterpriseSignatureLabel: '被检查单位负责人',
    ...over,
  }
}

describe('documentBlocks', () => {
  it('prints an order: numbered problems between the fixed text, blank signatures, seal with the date', () => {
    const blocks = documentBlocks(payload({}))
    const items = blocks.filter((b) => b.block.t === 'item')
    expect(items.map((b) => b.kind)).toEqual(['body', 'body'])
    // The inspected place is not repeated; a narrower place is.
    expect(items.map((b) => (b.block.t === 'item' ? b.block.text : ''))).toEqual([
      '灭火器过期。',
      '特种作业人员无证上岗（车间）。',
    ])
    const kinds = blocks.map((b) => `${b.kind}:${b.block.t}`)
    expect(kinds.slice(0, 5)).toEqual(['top:heading', 'top:title', 'top:number', 'top:addressee', 'top:para'])
    // The 一式两份 line is printed in the page footer, beside 共 页 第 页, as on the national form.
    expect(kinds.slice(-4)).toEqual(['bottom:para', 'bottom:signers', 'bottom:enterpriseSign', 'bottom:seal'])
    const seal = blocks.find((b) => b.block.t === 'seal')?.block
    expect(seal).toEqual({ t: 'seal', text: '青禾镇人民政府（印章）', date: '2026年11月28日' })
  })

  it('prints a 现场检查记录 without seal, and long findings as one paragraph that may continue on 附页', () => {
    const findings = `检查情况：${'现场检查了消防器材和用电线路。'.repeat(20)}现场检查发现下列问题：`
    const blocks = documentBlocks(
      payload({
        type: 'check_record',
        title: '现场检查记录',
        copies: null,
        textBefore: ['我们是……请予以配合。', findings],
        textAfter: [],
      }),
    )
    expect(blocks.some((b) => b.block.t === 'seal')).toBe(false)
    expect(blocks.find((b) => b.block.t === 'fields')?.kind).toBe('top')
    // No hard breaks at a character count: the browser wraps it, the pagination cuts between its lines.
    const body = blocks.filter((b) => b.kind === 'body' && b.block.t === 'para')
    expect(body.map((b) => b.block)).toEqual([{ t: 'para', text: findings, indent: true }])
  })

  it('prints a cut paragraph or item from the line where the browser began the page', () => {
    const para = { t: 'para' as const, text: '一二三四五六七八九十', indent: true }
    expect(pieceOf(para, [0, 4, 8], 0, 2)).toEqual({ ...para, text: '一二三四五六七八' })
    expect(pieceOf(para, [0, 4, 8], 2, null)).toEqual({ t: 'para', text: '九十', indent: false })
    const item = { t: 'item' as const, no: 3, text: '消防通道堵塞，灭火器过期', major: false }
    expect(pieceOf(item, [0, 7], 0, 1)).toEqual({ ...item, text: '消防通道堵塞，' })
    expect(pieceOf(item, [0, 7], 1, null)).toEqual({ t: 'para', text: '灭火器过期', indent: false })
    expect(pieceOf(item, [0, 7], 0, null)).toBe(item)
  })

  it("adds each item's re-inspection outcome on a 整改复查意见书", () => {
    const blocks = documentBlocks(
      payload({
        type: 'reinspection_opinion',
        hazards: [
          {
            no: 1,
            hazardId: 5,
            description: '灭火器过期',
            place: null,
            basis: null,
            grade: 'general',
            gradeLabel: '一般隐患',
            major: false,
            deadline: null,
            outcome: 'passed',
            outcomeLabel: '整改合格',
          },
        ],
      }),
    )
    expect(blocks.find((b) => b.block.t === 'item')?.block).toMatchObject({ text: '灭火器过期——整改合格。' })
  })

  it('words the 附页 note by the items that moved', () => {
    const item = (no: number) => ({ t: 'item' as const, no, text: '', major: false })
    expect(annexNote([item(1), item(2)], false)).toBe('（共2项，见附页）')
    expect(annexNote([item(3), item(4), item(5)], false)).toBe('（第3项至第5项见附页）')
    expect(annexNote([item(4)], false)).toBe('（第4项见附页）')
    expect(annexNote([item(4), item(5)], true)).toBe('（下接附页）')
  })
})
