import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  app: { getPath: vi.fn(() => '/home/clerk/Documents') },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}))
vi.mock('electron', () => electron)

import { API_NAMES } from '../core/contract'
import { CHANNEL_LIST, MAX_FILE_BYTES } from './channels'
import { isTrustedSender, registerIpc, safeFileName } from './ipc'

const APP = ['app://local']

describe('isTrustedSender', () => {
  it('accepts our main frame', () => {
    expect(isTrustedSender('app://local/index.html#/enterprises', true, APP)).toBe(true)
    expect(isTrustedSender('http://localhost:5173/', true, ['app://local', 'http://localhost:5173'])).toBe(
      true,
    )
  })

  it.each([
    ['other https origin', 'https://evil.example/', true],
    ['file://', 'file:///C:/Users/x/Desktop/evil.html', true],
    ['look-alike host', 'app://local.evil/index.html', true],
    ['credentials in URL', 'app://local@evil/index.html', true],
    ['other port', 'app://local:1/index.html', true],
    ['data: URL', 'data:text/html,<script>1</script>', true],
    ['about:blank', 'about:blank', true],
    ['dev server when not allowed', 'http://localhost:5173/', true],
    ['subframe of our origin', 'app://local/index.html', false],
    ['missing frame URL', undefined, true],
    ['empty frame URL', '', true],
  ])('refuses %s', (_label, url, isMain) => {
    expect(isTrustedSender(url as string | undefined, isMain as boolean, APP)).toBe(false)
  })
})

// ---- live handlers -------------------------------------------------------------------------

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>

const mainFrame = { url: 'app://local/index.html', parent: null, processId: 4, routingId: 1 }
const contents = { mainFrame }
const win = { isDestroyed: () => false, webContents: contents }
const dispatch = vi.fn(async (name: string, input: unknown) => ({ ok: true as const, data: { name, input } }))
let handlers: Map<string, Handler>
let tmp: string

const trusted = () => ({ sender: contents, senderFrame: { ...mainFrame } })
const call = (channel: string, event: unknown, ...args: unknown[]) =>
  (handlers.get(channel) as Handler)(event, ...args)
const FORBIDDEN = { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } }

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-ipc-'))
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

beforeEach(() => {
  vi.clearAllMocks()
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
  registerIpc({ dispatch, getWindow: () => win as never, allowedOrigins: APP, maxFileBytes: 1024 })
  handlers = new Map(electron.ipcMain.handle.mock.calls.map((c) => [c[0] as string, c[1] as Handler]))
})

describe('registerIpc', () => {
  it('registers exactly the frozen channel allow-list', () => {
    expect(Object.isFrozen(CHANNEL_LIST)).toBe(true)
    expect([...handlers.keys()].sort()).toEqual([
      'ledger:invoke',
      'ledger:openFile',
      'ledger:print',
      'ledger:printToPdf',
      'ledger:saveFile',
    ])
    expect([...handlers.keys()].sort()).toEqual([...CHANNEL_LIST].sort())
  })

  it('removes every channel on dispose', () => {
    const dispose = registerIpc({ dispatch, getWindow: () => win as never, allowedOrigins: APP })
    dispose()
    expect(electron.ipcMain.removeHandler.mock.calls.map((c) => c[0]).sort()).toEqual(
      [...CHANNEL_LIST].sort(),
    )
  })

  it('caps files at 200 MB by default', () => {
    expect(MAX_FILE_BYTES).toBe(200 * 1024 * 1024)
  })
})

describe('ledger:invoke', () => {
  const name = API_NAMES[0] as string

  it('forwards a known handler name and input to dispatch', async () => {
    const res = await call('ledger:invoke', trusted(), name, { a: 1 })
    expect(dispatch).toHaveBeenCalledWith(name, { a: 1 })
    expect(res).toEqual({ ok: true, data: { name, input: { a: 1 } } })
  })

  it.each([
    ['no sender frame', () => ({ sender: contents, senderFrame: null })],
    ['another webContents', () => ({ sender: {}, senderFrame: { ...mainFrame } })],
    [
      'a subframe',
      () => ({ sender: contents, senderFrame: { ...mainFrame, parent: mainFrame, routingId: 7 } }),
    ],
    [
      'a frame with another routing id',
      () => ({ sender: contents, senderFrame: { ...mainFrame, routingId: 9 } }),
    ],
    [
      'a frame that has a parent',
      () => ({ sender: contents, senderFrame: { ...mainFrame, parent: mainFrame } }),
    ],
    [
      'a foreign origin',
      () => ({ sender: contents, senderFrame: { ...mainFrame, url: 'https://evil.example/' } }),
    ],
    [
      'a file:// page',
      () => ({ sender: contents, senderFrame: { ...mainFrame, url: 'file:///tmp/evil.html' } }),
    ],
    [
      'a look-alike host',
      () => ({ sender: contents, senderFrame: { ...mainFrame, url: 'app://local.evil/' } }),
    ],
    [
      'a disposed frame',
      () => ({
        sender: contents,
        senderFrame: {
          get url(): string {
            throw new Error('Render frame was disposed')
          },
          parent: null,
          processId: 4,
          routingId: 1,
        },
      }),
    ],
  ])('refuses %s without dispatching', async (_label, makeEvent) => {
    expect(await call('ledger:invoke', makeEvent(), name, {})).toEqual(FORBIDDEN)
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('refuses when our window is gone', async () => {
    electron.ipcMain.handle.mockClear()
    registerIpc({ dispatch, getWindow: () => null, allowedOrigins: APP })
    const h = electron.ipcMain.handle.mock.calls.find((c) => c[0] === 'ledger:invoke')?.[1] as Handler
    expect(await h(trusted(), name, {})).toEqual(FORBIDDEN)
    expect(dispatch).not.toHaveBeenCalled()
  })

  it.each([['nope.nothing'], [42], [undefined], ['__proto__'], ['constructor']])(
    'refuses unknown name %s',
    async (bad) => {
      const res = (await call('ledger:invoke', trusted(), bad, {})) as {
        ok: boolean
        error: { code: string }
      }
      expect(res.ok).toBe(false)
      expect(res.error.code).toBe('UNKNOWN_HANDLER')
      expect(dispatch).not.toHaveBeenCalled()
    },
  )

  it('turns a throwing dispatch into INTERNAL instead of rejecting', async () => {
    dispatch.mockRejectedValueOnce(new Error('boom /secret/path'))
    const res = (await call('ledger:invoke', trusted(), name, {})) as {
      ok: boolean
      error: { code: string; message: string }
    }
    expect(res.ok).toBe(false)
    expect(res.error.code).toBe('INTERNAL')
    expect(res.error.message).not.toContain('secret')
  })
})

describe('ledger:openFile', () => {
  it('returns name and bytes of the picked file, with the requested filters', async () => {
    const file = path.join(tmp, '企业台账.xlsx')
    fs.writeFileSync(file, Buffer.from([1, 2, 3, 250]))
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] })
    const filters = [{ name: 'Excel 工作簿', extensions: ['xlsx', 'xls'] }]
    const res = (await call('ledger:openFile', trusted(), { filters })) as {
      ok: true
      data: { name: string; bytes: Uint8Array }
    }
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(
      win,
      expect.objectContaining({ filters, properties: ['openFile'] }),
    )
    expect(res.ok).toBe(true)
    expect(res.data.name).toBe('企业台账.xlsx')
    expect(res.data.bytes).toBeInstanceOf(Uint8Array)
    expect([...res.data.bytes]).toEqual([1, 2, 3, 250])
  })

  it('returns null when cancelled', async () => {
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] })
    expect(await call('ledger:openFile', trusted())).toEqual({ ok: true, data: null })
  })

  it('refuses files above the size cap without reading them', async () => {
    const big = path.join(tmp, 'big.xlsx')
    fs.writeFileSync(big, '')
    fs.truncateSync(big, 1025)
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [big] })
    const readSpy = vi.spyOn(fs.promises, 'readFile')
    const res = (await call('ledger:openFile', trusted(), {})) as {
      ok: boolean
      error: { code: string; message: string }
    }
    expect(res.ok).toBe(false)
    expect(res.error.code).toBe('VALIDATION')
    expect(res.error.message).toContain('big.xlsx')
    expect(readSpy).not.toHaveBeenCalled()
    readSpy.mockRestore()
  })

  it.each([
    [{ filters: [{ name: 'x', extensions: ['../../evil'] }] }],
    [{ filters: 'xlsx' }],
    [{ defaultPath: '/etc' }],
    ['string'],
  ])('validates options before opening a dialog: %j', async (bad) => {
    const res = (await call('ledger:openFile', trusted(), bad)) as { ok: boolean; error: { code: string } }
    expect(res.error.code).toBe('VALIDATION')
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled()
  })

  it('refuses forged senders without opening a dialog', async () => {
    const event = { sender: contents, senderFrame: { ...mainFrame, url: 'https://evil.example/' } }
    expect(await call('ledger:openFile', event, {})).toEqual(FORBIDDEN)
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled()
  })
})

describe('ledger:saveFile', () => {
  it('writes the bytes to the chosen path and returns it', async () => {
    const target = path.join(tmp, 'out.xlsx')
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target })
    const res = await call('ledger:saveFile', trusted(), {
      suggestedName: '企业台账.xlsx',
      bytes: new Uint8Array([9, 8, 7]),
    })
    expect(res).toEqual({ ok: true, data: target })
    expect([...fs.readFileSync(target)]).toEqual([9, 8, 7])
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.partial'))).toEqual([])
    const opts = electron.dialog.showSaveDialog.mock.calls[0]?.[1] as { defaultPath: string }
    expect(opts.defaultPath).toBe(path.join('/home/clerk/Documents', '企业台账.xlsx'))
  })

  it('never lets the suggested name choose the directory', async () => {
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true })
    await call('ledger:saveFile', trusted(), { suggestedName: '../../.bashrc', bytes: new Uint8Array(1) })
    const opts = electron.dialog.showSaveDialog.mock.calls[0]?.[1] as { defaultPath: string }
    expect(path.dirname(opts.defaultPath)).toBe('/home/clerk/Documents')
    expect(safeFileName('..\\..\\a:b*?.xlsx')).toBe('a_b__.xlsx')
    expect(safeFileName('...')).toBe('导出文件')
  })

  it('returns null when cancelled and writes nothing', async () => {
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' })
    expect(
      await call('ledger:saveFile', trusted(), { suggestedName: 'a.xlsx', bytes: new Uint8Array(1) }),
    ).toEqual({
      ok: true,
      data: null,
    })
  })

  it.each([
    ['bytes above the cap', { suggestedName: 'a.xlsx', bytes: new Uint8Array(1025) }],
    ['bytes that are not a Uint8Array', { suggestedName: 'a.xlsx', bytes: [1, 2, 3] }],
    ['a missing name', { bytes: new Uint8Array(1) }],
    ['an unknown key', { suggestedName: 'a.xlsx', bytes: new Uint8Array(1), path: '/etc/passwd' }],
  ])('refuses %s before showing a dialog', async (_label, input) => {
    const res = (await call('ledger:saveFile', trusted(), input)) as { ok: boolean; error: { code: string } }
    expect(res.ok).toBe(false)
    expect(res.error.code).toBe('VALIDATION')
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled()
  })

  it('reports a failed write clearly and leaves no partial file', async () => {
    // Renaming onto a non-empty directory fails after the temporary file was written.
    const target = path.join(tmp, 'occupied')
    fs.mkdirSync(target)
    fs.writeFileSync(path.join(target, 'keep.txt'), 'x')
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target })
    const res = (await call('ledger:saveFile', trusted(), {
      suggestedName: 'x.xlsx',
      bytes: new Uint8Array(2),
    })) as {
      ok: boolean
      error: { code: string; message: string }
    }
    expect(res.ok).toBe(false)
    expect(res.error.message).toContain(target)
    expect(fs.readdirSync(target)).toEqual(['keep.txt'])
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.partial'))).toEqual([])
  })

  it('refuses a subframe sender without writing', async () => {
    const event = { sender: contents, senderFrame: { ...mainFrame, parent: mainFrame, routingId: 3 } }
    expect(
      await call('ledger:saveFile', event, { suggestedName: 'a.xlsx', bytes: new Uint8Array(1) }),
    ).toEqual(FORBIDDEN)
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled()
  })
})
