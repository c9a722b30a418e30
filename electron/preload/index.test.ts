import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, data: 'reply' })),
    send: vi.fn(),
    sendSync: vi.fn(),
    postMessage: vi.fn(),
    on: vi.fn(),
    once: vi.fn(),
  },
}))
vi.mock('electron', () => electron)

import { BRIDGE_KEYS } from './index'

const [exposedName, bridge] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [
  string,
  Record<string, unknown>,
]

describe('preload bridge', () => {
  beforeEach(() => electron.ipcRenderer.invoke.mockClear())

  it('is exposed once, as window.ledger', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce()
    expect(exposedName).toBe('ledger')
  })

  it('exposes exactly the frozen allow-list of keys', () => {
    expect(Object.isFrozen(BRIDGE_KEYS)).toBe(true)
    expect(Object.keys(bridge).sort()).toEqual([...BRIDGE_KEYS].sort())
    expect([...BRIDGE_KEYS].sort()).toEqual([
      'invoke',
      'isDesktop',
      'openFile',
      'print',
      'printToPdf',
      'saveFile',
    ])
    expect(Object.isFrozen(bridge)).toBe(true)
  })

  it('exposes plain functions and a flag, never ipcRenderer or its methods', () => {
    expect(bridge['isDesktop']).toBe(true)
    for (const key of ['invoke', 'openFile', 'saveFile', 'print', 'printToPdf'])
      expect(typeof bridge[key]).toBe('function')
    const ipcValues = Object.values(electron.ipcRenderer)
    for (const value of Object.values(bridge)) {
      expect(value).not.toBe(electron.ipcRenderer)
      expect(ipcValues).not.toContain(value)
    }
  })

  it('invoke sends only on ledger:invoke, with exactly name and input', async () => {
    const invoke = bridge['invoke'] as (...a: unknown[]) => Promise<unknown>
    await expect(invoke('enterprise.list', { page: 1 }, 'extra', 'args')).resolves.toEqual({
      ok: true,
      data: 'reply',
    })
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      ['ledger:invoke', 'enterprise.list', { page: 1 }],
    ])
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled()
    expect(electron.ipcRenderer.sendSync).not.toHaveBeenCalled()
    expect(electron.ipcRenderer.postMessage).not.toHaveBeenCalled()
  })

  it('openFile and saveFile use their own fixed channels', async () => {
    const bytes = new Uint8Array([1])
    await (bridge['openFile'] as (o: unknown) => Promise<unknown>)({ filters: [] })
    await (bridge['saveFile'] as (o: unknown) => Promise<unknown>)({ suggestedName: 'a.xlsx', bytes })
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      ['ledger:openFile', { filters: [] }],
      ['ledger:saveFile', { suggestedName: 'a.xlsx', bytes }],
    ])
  })

  it('print and printToPdf use their own fixed channels and forward no arguments', async () => {
    await (bridge['print'] as (...a: unknown[]) => Promise<unknown>)('evil', { silent: true })
    await (bridge['printToPdf'] as (...a: unknown[]) => Promise<unknown>)({ pageSize: 'Letter' })
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([['ledger:print'], ['ledger:printToPdf']])
  })
})
