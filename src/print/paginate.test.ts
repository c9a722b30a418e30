import { describe, expect, it } from 'vitest'
import { paginate, pieceHeight, type MeasuredBlock, type PageLayout, type Piece } from './paginate'

const m = { capacity: 100, annexHeader: 10, annexSignatures: 8, note: 5 }
const b = (kind: MeasuredBlock['kind'], height: number): MeasuredBlock => ({ kind, height })
/** A paragraph of n lines of 10 each, cuttable between lines. */
const para = (n: number): MeasuredBlock => ({
  kind: 'body',
  height: n * 10,
  lines: Array.from({ length: n }, (_, k) => (k + 1) * 10),
})
const w = (block: number): Piece => ({ block, from: 0, to: null })
const blocksOf = (p: PageLayout): number[] => p.pieces.map((x) => x.block)

describe('paginate', () => {
  it('keeps a form that fits on one page, items and all', () => {
    const pages = paginate([b('top', 30), b('body', 10), b('body', 10), b('bottom', 40)], m)
    expect(pages).toEqual([
      { pieces: [w(0), w(1), w(2), w(3)], annex: false, annexSignatures: false, continuesOnAnnex: false },
    ])
  })

  it('keeps the form on page 1 with the items that fit; the rest goes on 附页 with signature lines', () => {
    const blocks = [b('top', 30), ...Array.from({ length: 12 }, () => b('body', 10)), b('bottom', 40)]
    const pages = paginate(blocks, m)
    // 30 + 40 + 5 (note) leaves 25: two items on page 1; an 附页 holds 100 − 10 − 8 = 82: eight items.
    expect(blocksOf(pages[0] as PageLayout)).toEqual([0, 1, 2, 13])
    expect(pages[0]).toMatchObject({ annex: false, continuesOnAnnex: true })
    expect(blocksOf(pages[1] as PageLayout)).toEqual([3, 4, 5, 6, 7, 8, 9, 10])
    expect(blocksOf(pages[2] as PageLayout)).toEqual([11, 12])
    expect(pages.slice(1).every((p) => p.annex && p.annexSignatures)).toBe(true)
    expect(pages.flatMap(blocksOf).sort((x, y) => x - y)).toEqual(blocks.map((_, i) => i))
  })

  it('moves the whole list to 附页 when not even one item fits beside the form', () => {
    const pages = paginate([b('top', 50), b('body', 30), b('bottom', 40)], m)
    expect(pages.map(blocksOf)).toEqual([[0, 2], [1]])
    expect(pages[0]?.continuesOnAnnex).toBe(true)
  })

  it('cuts a long paragraph between the lines the browser laid out, never mid-line', () => {
    // 30 + 40 + 5 leaves 25 on page 1: two lines of the 6-line paragraph; four continue on 附页.
    const blocks = [b('top', 30), para(6), b('bottom', 40)]
    const pages = paginate(blocks, m)
    expect(pages[0]?.pieces).toEqual([w(0), { block: 1, from: 0, to: 2 }, w(2)])
    expect(pages[1]?.pieces).toEqual([{ block: 1, from: 2, to: null }])
    expect(pieceHeight(blocks[1] as MeasuredBlock, { block: 1, from: 2, to: null })).toBe(40)
  })

  it('leaves no single line of a paragraph alone on either side of a cut', () => {
    // Room for one line only: the 3-line paragraph moves whole rather than leaving one line behind.
    const pages = paginate([b('top', 40), para(3), b('bottom', 40)], m)
    expect(pages.map(blocksOf)).toEqual([[0, 2], [1]])
  })

  it('flows everything when the fixed parts alone exceed a page; later pages still carry the 附页 header', () => {
    const pages = paginate([b('top', 70), b('body', 10), b('bottom', 60)], m)
    expect(pages.map(blocksOf)).toEqual([[0, 1], [2]])
    expect(pages.map((p) => p.annex)).toEqual([false, true])
  })
})
