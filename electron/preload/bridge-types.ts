// Types of the preload bridge (window.ledger). Type-only: the renderer imports this through
// index.d.ts and must never pull runtime code from the main process or the core.
import type { Api, ApiName, Result } from '../core/contract-types'

export type { Api, ApiName, Result }

export interface FileFilter {
  /** Shown in the dialog, e.g. "Excel 工作簿". */
  name: string
  /** Without dots, e.g. ["xlsx", "xls"]; "*" for all files. */
  extensions: string[]
}

export interface OpenFileOptions {
  title?: string
  filters?: FileFilter[]
}

export interface OpenedFile {
  /** File name without directory. */
  name: string
  bytes: Uint8Array
}

export interface SaveFileOptions {
  /** File name proposed in the dialog; any directory part is ignored. */
  suggestedName: string
  bytes: Uint8Array
  title?: string
  filters?: FileFilter[]
}

export interface LedgerBridge {
  /** Calls one core handler; never rejects for business errors, they come back as { ok: false }. */
  invoke<K extends ApiName>(name: K, input: Api[K]['input']): Promise<Result<Api[K]['output']>>
  /** Native open dialog. data is null when the user cancels. Files over 200 MB are refused. */
  openFile(opts?: OpenFileOptions): Promise<Result<OpenedFile | null>>
  /** Native save dialog; writes the bytes. data is the saved path, or null when cancelled. */
  saveFile(opts: SaveFileOptions): Promise<Result<string | null>>
  /** Prints this window (a print view) through the system print dialog; printed is false when cancelled. */
  print(): Promise<Result<{ printed: boolean }>>
  /** Renders this window to an A4 PDF (the print view's own @page size and margins). */
  printToPdf(): Promise<Result<Uint8Array>>
  readonly isDesktop: true
}
