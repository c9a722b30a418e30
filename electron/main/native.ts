import path from 'node:path'

// better-sqlite3 exists twice (TOOLCHAIN.md "better-sqlite3 and Electron's ABI"):
// node_modules/better-sqlite3/build/Release holds the Node build (tests, CLI, browser mode) and is
// never touched; the Electron-ABI build lives beside the app and is passed as `nativeBinding`.

export const NATIVE_FILE = 'better_sqlite3.node'

export interface NativeBindingInfo {
  isPackaged: boolean
  /** process.resourcesPath */
  resourcesPath: string
  /** app.getAppPath(): the project root in dev */
  appPath: string
  /** process.versions.electron */
  electronVersion: string
}

/**
 * Packaged: <resources>/native/better_sqlite3.node (electron-builder extraResources).
 * Dev: <project>/.native/electron-<version>/better_sqlite3.node (scripts/electron-native.mjs).
 */
export function resolveNativeBinding(info: NativeBindingInfo): string {
  if (info.isPackaged) return path.join(info.resourcesPath, 'native', NATIVE_FILE)
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(info.electronVersion)) {
    throw new Error(`unexpected Electron version "${info.electronVersion}"`)
  }
  return path.join(info.appPath, '.native', `electron-${info.electronVersion}`, NATIVE_FILE)
}
