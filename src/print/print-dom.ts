// The few DOM touches of the print views, kept out of the .vue files.
import { paginate, type BlockKind, type PageLayout } from './paginate'

/** body[data-print-ready="1"]: what the CLI (and the e2e specs) wait for before printing. */
export function markPrintReady(ready: boolean): void {
  if (ready) document.body.dataset.printReady = '1'
  else delete document.body.dataset.printReady
}

/** body[data-print-error]: the print view could not load its data; the CLI stops with this message. */
export function markPrintError(message: string | null): void {
  if (message) document.body.dataset.printError = message
  else delete document.body.dataset.printError
}

export function setWindowTitle(title: string): void {
  document.title = title
}

export function canGoBack(): boolean {
  return window.history.length > 1
}

export interface Probes {
  host: HTMLElement | null
  page: HTMLElement | null
  footer: HTMLElement | null
  annex: HTMLElement | null
  annexSignatures: HTMLElement | null
  note: HTMLElement | null
}

export interface MeasuredLayout {
  pages: PageLayout[]
  /** Per block: where the browser began each line of its text (character offsets), for cuttable blocks. */
  lineStarts: (number[] | undefined)[]
}

/**
 * The lines the browser laid out for the text of one block (its .tx element): the character offset
 * each line starts at, and the bottom of each line from the block's top (the lines share one height).
 */
function measureLines(el: HTMLElement): { starts: number[]; bottoms: number[] } | null {
  const node = el.querySelector('.tx')?.firstChild
  if (!node || node.nodeType !== Node.TEXT_NODE) return null
  const text = node.textContent ?? ''
  const range = document.createRange()
  const starts: number[] = []
  let lastTop = Number.NEGATIVE_INFINITY
  for (let i = 0; i < text.length; i++) {
    range.setStart(node, i)
    range.setEnd(node, i + 1)
    const r = range.getClientRects()[0]
    if (!r || r.width === 0) continue
    // A character whose box starts below the previous line's begins a new line.
    if (r.top > lastTop + r.height / 2) {
      starts.push(i)
      lastTop = r.top
    }
  }
  if (starts.length === 0) return null
  const height = el.getBoundingClientRect().height
  const line = height / starts.length
  return { starts, bottoms: starts.map((_, k) => (k + 1) * line) }
}

/** Measures the blocks in their final fonts and packs them into A4 pages. */
export async function measureAndPaginate(kinds: BlockKind[], p: Probes): Promise<MeasuredLayout | null> {
  await document.fonts.ready
  if (!p.host || !p.page) return null
  const els = Array.from(p.host.querySelectorAll<HTMLElement>(':scope > .blk'))
  const h = (el: HTMLElement | null | undefined): number => (el ? el.getBoundingClientRect().height : 0)
  const lines = kinds.map((kind, i) => {
    const el = els[i]
    return kind === 'body' && el ? measureLines(el) : null
  })
  const pages = paginate(
    kinds.map((kind, i) => {
      const l = lines[i]
      return { kind, height: h(els[i]), ...(l && l.starts.length > 1 ? { lines: l.bottoms } : {}) }
    }),
    {
      capacity: h(p.page) - h(p.footer),
      annexHeader: h(p.annex),
      annexSignatures: h(p.annexSignatures),
      note: h(p.note),
    },
  )
  return { pages, lineStarts: lines.map((l) => l?.starts) }
}

/** The body fonts the documents ask for, in order (print.css --doc-body); the first four are 仿宋. */
export const BODY_FONTS = [
  '仿宋_GB2312',
  '仿宋',
  'FangSong',
  'STFangsong',
  'Noto Serif CJK SC',
  'Source Han Serif SC',
  'Noto Serif SC',
] as const
const FANGSONG = new Set<string>(BODY_FONTS.slice(0, 4))

/** Whether a font family is installed: text set in it measures differently from the generic fallbacks. */
function installed(ctx: CanvasRenderingContext2D, family: string): boolean {
  // Latin and CJK: a CJK-only font changes the CJK widths, a full font the Latin ones.
  const sample = 'mmmmmmmmmmlliWW0123456789安全生产监督检查'
  const width = (font: string): number => {
    ctx.font = `32px ${font}`
    return ctx.measureText(sample).width
  }
  return ['monospace', 'serif', 'sans-serif'].some((b) => width(`"${family}", ${b}`) !== width(b))
}

/**
 * The font the document body is set in: the first of BODY_FONTS installed (RELIABILITY.md §5.3: detect
 * missing fonts and say so). document.fonts.check() cannot tell for system fonts, so this compares
 * text widths against generic fallbacks, the usual canvas technique. null: none of them (the
 * browser's own serif).
 */
export function bodyFont(): { name: string | null; fangSong: boolean } {
  const ctx = document.createElement('canvas').getContext('2d')
  if (!ctx) return { name: null, fangSong: true }
  const name = BODY_FONTS.find((f) => installed(ctx, f)) ?? null
  return { name, fangSong: name !== null && FANGSONG.has(name) }
}

/** body[data-print-font]: the body font the print used, read by the CLI and kept with the archived PDF. */
export function markPrintFont(name: string | null): void {
  document.body.dataset.printFont = name ?? '浏览器默认衬线字体'
}
