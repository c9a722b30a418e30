import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveNativeBinding } from './native'

const base = { resourcesPath: '/opt/ledger/resources', appPath: '/work/ledger', electronVersion: '39.8.10' }

describe('resolveNativeBinding', () => {
  it('uses the copy shipped in resources when packaged', () => {
    expect(resolveNativeBinding({ ...base, isPackaged: true })).toBe(
      path.join('/opt/ledger/resources', 'native', 'better_sqlite3.node'),
    )
  })

  it('uses the per-Electron-version copy under .native in dev', () => {
    expect(resolveNativeBinding({ ...base, isPackaged: false })).toBe(
      path.join('/work/ledger', '.native', 'electron-39.8.10', 'better_sqlite3.node'),
    )
  })

  it('never points at the Node build in node_modules', () => {
    for (const isPackaged of [true, false]) {
      expect(resolveNativeBinding({ ...base, isPackaged })).not.toMatch(/node_modules/)
    }
  })

  it('refuses a version string that could escape the directory', () => {
    expect(() => resolveNativeBinding({ ...base, isPackaged: false, electronVersion: '../../x' })).toThrow()
  })
})
