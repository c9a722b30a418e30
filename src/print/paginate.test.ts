import { describe, expect, it } from 'vitest'
import { paginate, splitSentences, type MeasuredBlock } from './paginate'

const m = { capacity: 100, annexHeader: 10, note: 5 }
const b = (kind: MeasuredBlock['kind'], height: number): MeasuredBlock => ({ kind, height })

describe('paginate', () => {
  it('keeps a form that fits on one page', () => {
    const pages = paginate([b('top', 30), b('body', 10), b('body', 10), b('bottom', 40)], m)
    expect(pages).toEqual([{ blocks: [0, 1, 2, 3], annex: false, continuesOnAnnex: false }])
  })

  it('keeps the form on page 1 and continues a long list on 附页, in order', () => {
    const blocks = [b('top', 30), ...Array.from({ length: 12 }, () => b('body', 10)), b('bottom', 40)]
    const pages = paginate(blocks, m)
    // 30 + 40 + 5 (note) leaves 25: two items on page 1, then 9 per 附页 (10 header + 9 × 10 ≤ 100).
    expect(pages[0]).toEqual({ blocks: [0, 1, 2, 13], annex: false, continuesOnAnnex: true })
    expect(pages[1]).toEqual({ blocks: [3, 4, 5, 6, 7, 8, 9, 10, 11], annex: true, continuesOnAnnex: false })
    expect(pages[2]).toEqual({ blocks: [12], annex: true, continuesOnAnnex: false })
    expect(pages.flatMap((p) => p.blocks).sort((x, y) => x - y)).toEqual(blocks.map((_, i) => i))
  })

  it('moves the whole list to 附页 when not even one item fits beside the form', () => {
    const pages = paginate([b('top', 50), b('body', 30), b('bottom', 40)], m)
    expect(pages.map((p) => p.blocks)).toEqual([[0, 2], [1]])
    expect(pages[0]?.continuesOnAnnex).toBe(true)
  })

  it('flows everything when the fixed parts alone exceed a page', () => {
    const pages = paginate([b('top', 70), b('body', 10), b('bottom', 60)], m)
    expect(pages.map((p) => p.blocks)).toEqual([[0, 1], [2]])
    expect(pages.every((p) => !p.annex)).toBe(true)
  })
})

describe('splitSentences', () => {
  it('splits at sentence ends and never loses text', () => {
    const text = '消防器材过期。疏散通道堵塞；电线私拉乱接！'.repeat(5)
    const parts = splitSentences(text, 20)
    expect(parts.join('')).toBe(text)
    expect(parts.every((p) => p.length <= 20)).toBe(true)
    expect(splitSentences('短句。', 20)).toEqual(['短句。'])
  })
})
