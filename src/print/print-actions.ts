// 打印 and 保存为PDF for the print views. Desktop: the preload's print()/printToPdf() print this
// window through the system dialog and render it with webContents.printToPDF (RELIABILITY.md §5).
// Browser mode: window.print() (the browser's dialog also offers 另存为PDF); PDFs are archived when
// the CLI renders them (safety-ledger print <编号> --pdf <文件>).
import { ApiError, call, getBridge } from '../api/client'
import { saveFile } from '../api/platform'
import type { Result } from '../api/types'
import { fromBase64, toBase64 } from '../utils/base64'

export const isDesktop = (): boolean => getBridge() !== null

async function unwrap<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p
  if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.details)
  return r.data
}

/** Renders the current window to PDF (desktop only). */
export async function renderPdf(): Promise<Uint8Array> {
  const bridge = getBridge()
  if (!bridge) throw new ApiError('INTERNAL', '浏览器模式不能直接生成PDF，请在打印对话框中选择“另存为PDF”')
  return unwrap(bridge.printToPdf())
}

/** Archives the issued document's PDF once; the archive is what later reprints use. */
export async function archive(
  documentId: number,
  bytes: Uint8Array,
  font: string | null,
): Promise<{ sha256: string | null }> {
  const d = await call('document.attachPdf', {
    id: documentId,
    base64: toBase64(bytes),
    ...(font ? { font } : {}),
  })
  return { sha256: d.pdfSha256 }
}

/** System print dialog (desktop) or the browser's. Resolves false when the clerk cancels. */
export async function printWindow(): Promise<boolean> {
  const bridge = getBridge()
  if (!bridge) {
    window.print()
    return true
  }
  const r = await unwrap(bridge.print())
  return r.printed
}

export async function savePdf(name: string, bytes: Uint8Array): Promise<string | null> {
  return saveFile({ suggestedName: name, bytes, mimeType: 'application/pdf' })
}

export async function archivedPdf(documentId: number): Promise<{ fileName: string; bytes: Uint8Array }> {
  const r = await call('document.pdf', { id: documentId })
  return { fileName: r.fileName, bytes: fromBase64(r.base64) }
}
