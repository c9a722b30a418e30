// Renderer-facing declaration of the preload bridge. Type-only imports: nothing here reaches the
// renderer bundle. In browser mode window.ledger is undefined.
import type { LedgerBridge } from './bridge-types'

export type { FileFilter, LedgerBridge, OpenedFile, OpenFileOptions, SaveFileOptions } from './bridge-types'

declare global {
  interface Window {
    ledger?: LedgerBridge
  }
}
