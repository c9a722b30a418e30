// Page layout of a printed document, computed from measured block heights so the screen preview
// and the printed pages are the same pages (and "共 N 页 第 i 页" is known before printing).
//
// The form itself (heading, title, number, the text before and after the numbered list, the
// signature lines) stays on its first page, as on the national forms; when the numbered list does not
// fit, the rest continues on 附页 ("此栏不够，可另附页", REFERENCE.md §1.3). Only when even the form's
// fixed parts do not fit one page does everything simply flow over several pages.

export type BlockKind = 'top' | 'body' | 'bottom'

export interface MeasuredBlock {
  kind: BlockKind
  height: number
}

export interface PageLayout {
  /** Indices into the measured blocks, in order. */
  blocks: number[]
  /** An 附页 (starts with the 附页 header). */
  annex: boolean
  /** Page 1 of a form whose list continues on 附页: print the "见附页" note after its last item. */
  continuesOnAnnex: boolean
}

export interface PageMetrics {
  /** Usable height of one page's text area, without the page-number line. */
  capacity: number
  /** Height of the 附页 header. */
  annexHeader: number
  /** Height of the "见附页" note line. */
  note: number
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)

/** Greedy fill: each page takes blocks while they fit; a block taller than a page gets a page of its own. */
function flow(indices: number[], heights: number[], capacity: number, firstUsed = 0): number[][] {
  const pages: number[][] = [[]]
  let used = firstUsed
  for (const i of indices) {
    const h = heights[i] ?? 0
    const page = pages[pages.length - 1] as number[]
    if (page.length > 0 && used + h > capacity) {
      pages.push([i])
      used = h
    } else {
      page.push(i)
      used += h
    }
  }
  return pages
}

export function paginate(blocks: readonly MeasuredBlock[], m: PageMetrics): PageLayout[] {
  const heights = blocks.map((b) => b.height)
  const idx = (k: BlockKind): number[] => blocks.flatMap((b, i) => (b.kind === k ? [i] : []))
  const top = idx('top')
  const body = idx('body')
  const bottom = idx('bottom')
  const fixed = sum(top.map((i) => heights[i] ?? 0)) + sum(bottom.map((i) => heights[i] ?? 0))
  const bodyHeight = sum(body.map((i) => heights[i] ?? 0))
  // Small tolerance: sub-pixel rounding must not push a page that fits onto two.
  const cap = m.capacity + 0.5

  if (fixed + bodyHeight <= cap)
    return [{ blocks: blocks.map((_, i) => i), annex: false, continuesOnAnnex: false }]

  if (fixed + m.note <= cap) {
    let room = cap - fixed - m.note
    const first: number[] = []
    for (const i of body) {
      const h = heights[i] ?? 0
      if (h > room) break
      first.push(i)
      room -= h
    }
    const rest = body.slice(first.length)
    const annexPages = flow(rest, heights, cap, m.annexHeader)
    return [
      { blocks: [...top, ...first, ...bottom], annex: false, continuesOnAnnex: true },
      ...annexPages.map((p) => ({ blocks: p, annex: true, continuesOnAnnex: false })),
    ]
  }

  return flow(
    blocks.map((_, i) => i),
    heights,
    cap,
  ).map((p) => ({ blocks: p, annex: false, continuesOnAnnex: false }))
}

/** Splits a long paragraph at sentence ends so it can continue on the next page. */
export function splitSentences(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text]
  const parts = text.match(/[^。；！？\n]+[。；！？]?\n?/g) ?? [text]
  const out: string[] = []
  let cur = ''
  for (const p of parts) {
    if (cur && cur.length + p.length > maxChars) {
      out.push(cur)
      cur = ''
    }
    // A single sentence longer than the limit is cut at the limit.
    let s = p
    while (s.length > maxChars) {
      out.push(s.slice(0, maxChars))
      s = s.slice(maxChars)
    }
    cur += s
  }
  if (cur) out.push(cur)
  return out
}
