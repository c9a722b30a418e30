import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  app: { getPath: vi.fn(() => '/home/clerk/Documents') },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}))
vi.mock('electron', () => electron)

import { registerIpc } from './ipc'
import { PDF_OPTIONS, PRINT_OPTIONS } from './print'

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>

const mainFrame = {
  url: 'app://local/index.html#/print/document/1',
  parent: null,
  processId: 4,
  routingId: 1,
}
const contents = {
  mainFrame,
  print: vi.fn(),
  printToPDF: vi.fn(async () => Buffer.from('%PDF-1.7 test')),
}
const win = { isDestroyed: () => false, webContents: contents }
let handlers: Map<string, Handler>

const trusted = () => ({ sender: contents, senderFrame: { ...mainFrame } })
const call = (channel: string, event: unknown, ...args: unknown[]) =>
  (handlers.get(channel) as Handler)(event, ...args)

beforeEach(() => {
  vi.clearAllMocks()
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
  registerIpc({ dispatch: vi.fn(), getWindow: () => win as never, allowedOrigins: ['app://local'] })
  handlers = new Map(electron.ipcMain.handle.mock.calls.map((c) => [c[0] as string, c[1] as Handler]))
})

describe('ledger:printToPdf', () => {
  it('renders our window as A4 with the page CSS size and margins, and returns the bytes', async () => {
    const r = (await call('ledger:printToPdf', trusted(), { pageSize: 'Letter' })) as {
      ok: true
      data: Uint8Array
    }
    expect(contents.printToPDF).toHaveBeenCalledWith({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
    })
    expect(PDF_OPTIONS).toEqual({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true })
    expect(r.ok).toBe(true)
    expect(Buffer.from(r.data).toString()).toBe('%PDF-1.7 test')
  })

  it('answers a Chinese error when Chromium fails to render', async () => {
    contents.printToPDF.mockRejectedValueOnce(new Error('Printing failed'))
    expect(await call('ledger:printToPdf', trusted())).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '生成PDF失败，请关闭打印预览后重试' },
    })
  })

  it('refuses another page and never renders it', async () => {
    const r = await call('ledger:printToPdf', {
      sender: contents,
      senderFrame: { ...mainFrame, url: 'https://evil.example/' },
    })
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(contents.printToPDF).not.toHaveBeenCalled()
  })
})

describe('ledger:print', () => {
  it('opens the system dialog (never silent) for A4 and reports success', async () => {
    contents.print.mockImplementationOnce((_o: unknown, cb: (ok: boolean, reason: string) => void) =>
      cb(true, ''),
    )
    expect(await call('ledger:print', trusted(), { silent: true, deviceName: 'x' })).toEqual({
      ok: true,
      data: { printed: true },
    })
    expect(contents.print.mock.calls[0]?.[0]).toEqual({
      silent: false,
      printBackground: true,
      pageSize: 'A4',
    })
    expect(PRINT_OPTIONS.silent).toBe(false)
  })

  it('treats a cancelled dialog as not printed, and a printer failure as an error', async () => {
    contents.print.mockImplementationOnce((_o: unknown, cb: (ok: boolean, reason: string) => void) =>
      cb(false, 'cancelled'),
    )
    expect(await call('ledger:print', trusted())).toEqual({ ok: true, data: { printed: false } })
    contents.print.mockImplementationOnce((_o: unknown, cb: (ok: boolean, reason: string) => void) =>
      cb(false, 'Print job failed'),
    )
    const r = (await call('ledger:print', trusted())) as { ok: false; error: { message: string } }
    expect(r.ok).toBe(false)
    expect(r.error.message).toContain('打印失败（Print job failed）')
  })

  it('refuses a subframe', async () => {
    const r = await call('ledger:print', {
      sender: contents,
      senderFrame: { ...mainFrame, parent: mainFrame },
    })
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(contents.print).not.toHaveBeenCalled()
  })
})
