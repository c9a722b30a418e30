import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveDataDir } from './options'

const def = path.resolve('/home/clerk/.config/乡镇安全生产台账')

describe('resolveDataDir', () => {
  it('defaults to userData', () => {
    expect(resolveDataDir(['.'], {}, def)).toBe(def)
  })
  it('takes LEDGER_DATA_DIR over the default', () => {
    expect(resolveDataDir([], { LEDGER_DATA_DIR: '/mnt/usb/台账' }, def)).toBe(path.resolve('/mnt/usb/台账'))
  })
  it('takes --data-dir over the environment', () => {
    expect(resolveDataDir(['.', '--data-dir=/d/ledger'], { LEDGER_DATA_DIR: '/mnt/usb' }, def)).toBe(
      path.resolve('/d/ledger'),
    )
    expect(resolveDataDir(['--data-dir', '/d/other'], {}, def)).toBe(path.resolve('/d/other'))
  })
  it('resolves relative paths and ignores empty values', () => {
    expect(resolveDataDir(['--data-dir=data'], {}, def)).toBe(path.resolve('data'))
    expect(resolveDataDir(['--data-dir='], { LEDGER_DATA_DIR: ' ' }, def)).toBe(def)
    expect(resolveDataDir(['--data-dir', '--inspect'], {}, def)).toBe(def)
  })
})
