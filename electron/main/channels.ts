// IPC channel names shared by main and preload. Pure constants: the sandboxed preload bundles this
// file, so it must import nothing.

export const CHANNELS = Object.freeze({
  invoke: 'ledger:invoke',
  openFile: 'ledger:openFile',
  saveFile: 'ledger:saveFile',
  print: 'ledger:print',
  printToPdf: 'ledger:printToPdf',
} as const)

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS]

/** The frozen allow-list of every channel main registers; a test compares the real registrations with it. */
export const CHANNEL_LIST: readonly Channel[] = Object.freeze(Object.values(CHANNELS))

/** Largest file the open/save dialogs move across IPC (200 MB). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024
