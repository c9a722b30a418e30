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
  note: HTMLElement | null
}

/** Measures the blocks in their final fonts and packs them into A4 pages. */
export async function measureAndPaginate(kinds: BlockKind[], p: Probes): Promise<PageLayout[] | null> {
  await document.fonts.ready
  if (!p.host || !p.page) return null
  const els = Array.from(p.host.querySelectorAll<HTMLElement>(':scope > .blk'))
  const h = (el: HTMLElement | null | undefined): number => (el ? el.getBoundingClientRect().height : 0)
  return paginate(
    kinds.map((kind, i) => ({ kind, height: h(els[i]) })),
    { capacity: h(p.page) - h(p.footer), annexHeader: h(p.annex), note: h(p.note) },
  )
}

/**
 * Whether one of the 仿宋 fonts the documents ask for is installed (RELIABILITY.md §5.3: detect
 * missing fonts and say so on the preview). document.fonts.check() cannot tell for system fonts, so
 * this compares text widths against generic fallbacks, the usual canvas technique.
 */
export function hasFangSong(): boolean {
  const ctx = document.createElement('canvas').getContext('2d')
  if (!ctx) return true
  const sample = 'mmmmmmmmmmlliWW0123456789'
  const width = (font: string): number => {
    ctx.font = `32px ${font}`
    return ctx.measureText(sample).width
  }
  const bases = ['monospace', 'serif', 'sans-serif']
  const baseWidths = bases.map(width)
  return ['"仿宋_GB2312"', '"仿宋"', 'FangSong', 'STFangsong'].some((f) =>
    bases.some((b, i) => width(`${f}, ${b}`) !== baseWidths[i]),
  )
}
