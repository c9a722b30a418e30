// Page layout of a printed document, computed from measured block heights so the screen preview
// and the printed pages are the same pages (and "共 N 页 第 i 页" is known before printing).
//
// The form itself (heading, title, number, the text before and after the numbered list, the
// signature lines) stays on its first page, as on the national forms, together with as much of the
// numbered list as fits; the rest continues on 附页 ("此栏不够，可另附页", REFERENCE.md §1.3), each of
// which repeats the document number and carries its own signature lines. Only when even the form's
// fixed parts do not fit one page does everything simply flow over several pages.
//
// Text is wrapped by the browser: a paragraph that does not fit is cut between two of the lines the
// browser laid out (measured), never at a character count, so the lines read the same on either page.

export type BlockKind = 'top' | 'body' | 'bottom'

export interface MeasuredBlock {
  kind: BlockKind
  height: number
  /**
   * For a block that may be cut between lines: the bottom of each of its lines, measured from the
   * block's top (increasing). Absent for blocks that move as a whole.
   */
  lines?: number[]
}

/** A block, or the lines [from, to) of it. */
export interface Piece {
  block: number
  from: number
  /** Exclusive; null: to the block's end (also for blocks without lines). */
  to: number | null
}

export interface PageLayout {
  pieces: Piece[]
  /** An 附页: starts with the 附页 header (document number). */
  annex: boolean
  /** Carries the 附页 signature lines at its foot (an 附页 of the numbered list). */
  annexSignatures: boolean
  /** Page 1 of a form whose list continues on 附页: print the "见附页" note after its last item. */
  continuesOnAnnex: boolean
}

export interface PageMetrics {
  /** Usable height of one page's text area, without the footer. */
  capacity: number
  /** Height of the 附页 header. */
  annexHeader: number
  /** Height of the signature lines at the foot of an 附页. */
  annexSignatures: number
  /** Height of the "见附页" note line. */
  note: number
}

// Sub-pixel rounding must not push a page that fits onto two.
const TOLERANCE = 0.5
/** A cut leaves at least this many lines on each side (no single orphan or widow line). */
const MIN_LINES = 2

const whole = (block: number): Piece => ({ block, from: 0, to: null })

function lineCount(b: MeasuredBlock): number {
  return b.lines?.length ?? 0
}

/** Height of a piece: its lines, plus what the block has below its last line when the piece ends it. */
export function pieceHeight(b: MeasuredBlock, p: Piece): number {
  const n = lineCount(b)
  if (n === 0 || (p.from === 0 && (p.to === null || p.to >= n))) return b.height
  const lines = b.lines as number[]
  const to = p.to === null ? n : Math.min(p.to, n)
  const top = p.from > 0 ? (lines[p.from - 1] as number) : 0
  const tail = to === n ? b.height - (lines[n - 1] as number) : 0
  return (lines[to - 1] as number) - top + tail
}

/**
 * Takes pieces in order while they fit in room; the first piece that does not fit is cut between
 * lines when at least one of its lines fits. Returns what was taken and what is left.
 */
function fill(
  blocks: readonly MeasuredBlock[],
  queue: Piece[],
  room: number,
  mustTakeOne: boolean,
): { taken: Piece[]; rest: Piece[] } {
  const taken: Piece[] = []
  let left = room
  let k = 0
  for (; k < queue.length; k++) {
    const p = queue[k] as Piece
    const b = blocks[p.block] as MeasuredBlock
    const h = pieceHeight(b, p)
    if (h <= left) {
      taken.push(p)
      left -= h
      continue
    }
    const n = lineCount(b)
    if (n > 0) {
      // The most lines that fit, starting at p.from, keeping MIN_LINES on both sides of the cut.
      let to = p.from
      while (to < n - MIN_LINES && pieceHeight(b, { ...p, to: to + 1 }) <= left) to++
      if (to - p.from >= MIN_LINES) {
        taken.push({ ...p, to })
        return { taken, rest: [{ block: p.block, from: to, to: null }, ...queue.slice(k + 1)] }
      }
    }
    if (taken.length === 0 && mustTakeOne) {
      // Taller than a whole page and not cuttable: it gets a page of its own.
      taken.push(p)
      k++
    }
    break
  }
  return { taken, rest: queue.slice(k) }
}

function flow(blocks: readonly MeasuredBlock[], queue: Piece[], roomOf: (page: number) => number): Piece[][] {
  const pages: Piece[][] = []
  let rest = queue
  while (rest.length > 0) {
    const r = fill(blocks, rest, roomOf(pages.length), true)
    pages.push(r.taken)
    rest = r.rest
  }
  return pages
}

export function paginate(blocks: readonly MeasuredBlock[], m: PageMetrics): PageLayout[] {
  const idx = (k: BlockKind): number[] => blocks.flatMap((b, i) => (b.kind === k ? [i] : []))
  const height = (list: number[]): number => list.reduce((a, i) => a + (blocks[i]?.height ?? 0), 0)
  const top = idx('top')
  const body = idx('body')
  const bottom = idx('bottom')
  const fixed = height(top) + height(bottom)
  const cap = m.capacity + TOLERANCE
  const page = (pieces: Piece[], annex = false, annexSignatures = false): PageLayout => ({
    pieces,
    annex,
    annexSignatures,
    continuesOnAnnex: false,
  })

  if (fixed + height(body) <= cap) return [page(blocks.map((_, i) => whole(i)))]

  const annexRoom = cap - m.annexHeader - m.annexSignatures
  if (fixed + m.note <= cap && annexRoom > 0) {
    const first = fill(blocks, body.map(whole), cap - fixed - m.note, false)
    const annexPages = flow(blocks, first.rest, () => annexRoom)
    return [
      {
        ...page([...top.map(whole), ...first.taken, ...bottom.map(whole)]),
        continuesOnAnnex: true,
      },
      ...annexPages.map((p) => page(p, true, true)),
    ]
  }

  // The form itself is longer than a page: everything flows; later pages still name the document.
  return flow(
    blocks,
    blocks.map((_, i) => whole(i)),
    (n) => (n === 0 ? cap : cap - m.annexHeader),
  ).map((p, n) => page(p, n > 0, false))
}
