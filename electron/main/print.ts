import type { WebContents } from 'electron'
import type { Result } from '../core/dispatch'
import { CHANNELS } from './channels'

// Printing the print view shown in our window (RELIABILITY.md §5):
//   - print: always through the system dialog (silent printing ignores pageSize on Windows and has
//     margin regressions, electron#31705/#50481); A4 is passed and the page's own @page CSS sets the
//     GB/T 9704 margins;
//   - printToPDF: pageSize A4 (the default is Letter), backgrounds, and preferCSSPageSize so the
//     @page size and margins are used instead of Electron's 1 cm default.
// The renderer archives the PDF with document.attachPdf; nothing here touches the data.

export const PDF_OPTIONS = Object.freeze({
  pageSize: 'A4',
  printBackground: true,
  preferCSSPageSize: true,
} as const)
export const PRINT_OPTIONS = Object.freeze({ silent: false, printBackground: true, pageSize: 'A4' } as const)

type PrintTarget = Pick<WebContents, 'print' | 'printToPDF'>

export function printContents(contents: PrintTarget): Promise<Result<{ printed: boolean }>> {
  return new Promise((resolve) => {
    try {
      contents.print({ ...PRINT_OPTIONS }, (success, failureReason) => {
        if (success) return resolve({ ok: true, data: { printed: true } })
        // Closing the dialog is not an error.
        if (/cancel/i.test(failureReason ?? '')) return resolve({ ok: true, data: { printed: false } })
        console.error(`[print] failed: ${failureReason}`)
        resolve({
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `打印失败（${failureReason || '打印机没有响应'}）。请检查打印机是否连接并设为 A4 纸，或先“保存为PDF”再打印。`,
          },
        })
      })
    } catch (err) {
      console.error('[print] print threw', err)
      resolve({
        ok: false,
        error: { code: 'INTERNAL', message: '无法打开打印对话框，请先“保存为PDF”再打印' },
      })
    }
  })
}

export async function printToPdf(contents: PrintTarget): Promise<Result<Uint8Array>> {
  try {
    const buf = await contents.printToPDF({ ...PDF_OPTIONS })
    return { ok: true, data: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) }
  } catch (err) {
    console.error('[print] printToPDF failed', err)
    return { ok: false, error: { code: 'INTERNAL', message: '生成PDF失败，请关闭打印预览后重试' } }
  }
}

/**
 * Registers the two print channels through ipc.ts's sender-checked `handle`: only our own window's
 * main frame can ask, and it can only print itself (no options cross the bridge).
 */
export function registerPrint(
  handle: (channel: string, run: (...args: unknown[]) => Promise<Result>) => void,
  getContents: () => PrintTarget | null,
): void {
  const gone: Result<never> = { ok: false, error: { code: 'INTERNAL', message: '打印窗口已关闭' } }
  handle(CHANNELS.print, async () => {
    const c = getContents()
    return c ? printContents(c) : gone
  })
  handle(CHANNELS.printToPdf, async () => {
    const c = getContents()
    return c ? printToPdf(c) : gone
  })
}
