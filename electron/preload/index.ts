import { contextBridge, ipcRenderer } from 'electron'
import { CHANNELS } from '../main/channels'
import type { LedgerBridge, OpenFileOptions, SaveFileOptions } from './bridge-types'

// Sandboxed preload: exposes named functions only, never ipcRenderer itself (checklist item 20).
// Each function forwards exactly its own arguments on its own fixed channel.

/** The exact keys exposed on window.ledger. */
export const BRIDGE_KEYS = Object.freeze([
  'invoke',
  'openFile',
  'saveFile',
  'print',
  'printToPdf',
  'isDesktop',
] as const)

const bridge: LedgerBridge = {
  invoke: (name, input) => ipcRenderer.invoke(CHANNELS.invoke, name, input),
  openFile: (opts?: OpenFileOptions) => ipcRenderer.invoke(CHANNELS.openFile, opts),
  saveFile: (opts: SaveFileOptions) => ipcRenderer.invoke(CHANNELS.saveFile, opts),
  print: () => ipcRenderer.invoke(CHANNELS.print),
  printToPdf: () => ipcRenderer.invoke(CHANNELS.printToPdf),
  isDesktop: true,
}

contextBridge.exposeInMainWorld('ledger', Object.freeze(bridge))
