import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'

// Drives the real entry module against a mocked `electron` surface and a mocked core factory.

const h = vi.hoisted(() => {
  const calls: string[] = []
  const appEvents = new Map<string, (...a: unknown[]) => void>()
  const windows: { options: unknown; loadURL: ReturnType<typeof vi.fn>; focus: ReturnType<typeof vi.fn> }[] =
    []
  const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn(), mainFrame: {} }
  class BrowserWindow {
    options: unknown
    webContents = contents
    loadURL = vi.fn(async () => undefined)
    focus = vi.fn()
    restore = vi.fn()
    isMinimized = () => false
    on = vi.fn()
    once = vi.fn()
    constructor(options: unknown) {
      this.options = options
      windows.push(this)
    }
  }
  const electron = {
    app: {
      isPackaged: false,
      enableSandbox: vi.fn(() => calls.push('enableSandbox')),
      requestSingleInstanceLock: vi.fn(() => true),
      quit: vi.fn(),
      exit: vi.fn(),
      on: vi.fn((event: string, fn: (...a: unknown[]) => void) => appEvents.set(event, fn)),
      whenReady: vi.fn(() => {
        calls.push('whenReady')
        return Promise.resolve()
      }),
      getPath: vi.fn(() => '/default/userData'),
      getAppPath: vi.fn(() => ''),
      getVersion: vi.fn(() => '0.1.0'),
    },
    BrowserWindow,
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
    Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((t: unknown) => t) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setSpellCheckerEnabled: vi.fn(),
        webRequest: { onBeforeRequest: vi.fn() },
      },
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(() => calls.push('registerScheme')), handle: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  }
  const core = { dispatch: vi.fn(), close: vi.fn() }
  const createCore = vi.fn(async (_opts: unknown): Promise<unknown> => core)
  return { calls, appEvents, windows, electron, core, createCore }
})

vi.mock('electron', () => h.electron)
vi.mock('../core', async () => ({
  AppError: (await import('../core/errors')).AppError,
  createCore: h.createCore,
}))

const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-main-'))
const nativeFile = path.join(appDir, '.native', 'electron-39.8.10', 'better_sqlite3.node')
afterAll(() => {
  fs.rmSync(appDir, { recursive: true, force: true })
  Reflect.deleteProperty(process.versions, 'electron')
})

const argv = process.argv
async function start(extraArgs: string[] = []): Promise<void> {
  process.argv = [argv[0] as string, '.', ...extraArgs]
  vi.resetModules()
  const before = { windows: h.windows.length, errors: h.electron.dialog.showErrorBox.mock.calls.length }
  try {
    await import('./index')
    // Boot runs after whenReady(); wait until it ends in a window, an error box or an early quit.
    await vi.waitFor(
      () => {
        const done =
          h.windows.length > before.windows ||
          h.electron.dialog.showErrorBox.mock.calls.length > before.errors ||
          h.electron.app.quit.mock.calls.length > 0
        if (!done) throw new Error('boot still running')
      },
      { timeout: 5000, interval: 5 },
    )
  } finally {
    process.argv = argv
  }
}

beforeEach(() => {
  vi.clearAllMocks()
  h.calls.length = 0
  h.windows.length = 0
  h.appEvents.clear()
  h.electron.app.getAppPath.mockReturnValue(appDir)
  h.electron.app.requestSingleInstanceLock.mockReturnValue(true)
  h.createCore.mockResolvedValue(h.core)
  Object.defineProperty(process.versions, 'electron', { value: '39.8.10', configurable: true })
  fs.mkdirSync(path.dirname(nativeFile), { recursive: true })
  fs.writeFileSync(nativeFile, '')
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})

describe('main entry', () => {
  it('sandboxes and registers the scheme before ready, then boots core, session, IPC, menu and window', async () => {
    await start(['--data-dir=/d/台账数据'])
    expect(h.calls.slice(0, 3)).toEqual(['enableSandbox', 'registerScheme', 'whenReady'])
    expect(h.createCore).toHaveBeenCalledWith({
      dataDir: path.resolve('/d/台账数据'),
      nativeBinding: nativeFile,
      excelWorkerFile: expect.stringMatching(/excel-worker\.js$/),
      autoBackup: true,
      appLock: true,
    })
    const ses = h.electron.session.defaultSession
    expect(ses.setPermissionRequestHandler).toHaveBeenCalledOnce()
    expect(ses.setPermissionCheckHandler).toHaveBeenCalledOnce()
    expect(ses.setSpellCheckerEnabled).toHaveBeenCalledWith(false)
    expect(ses.webRequest.onBeforeRequest).toHaveBeenCalledOnce()
    expect(h.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
    expect(h.electron.ipcMain.handle.mock.calls.map((c) => c[0]).sort()).toEqual([
      'ledger:invoke',
      'ledger:openFile',
      'ledger:print',
      'ledger:printToPdf',
      'ledger:saveFile',
    ])
    expect(h.electron.Menu.setApplicationMenu).toHaveBeenCalledOnce()
    expect(h.windows).toHaveLength(1)
    expect(h.windows[0]?.loadURL).toHaveBeenCalledWith('app://local/index.html')
    expect(h.appEvents.has('web-contents-created')).toBe(true)
  })

  it('uses LEDGER_DATA_DIR, else userData', async () => {
    process.env['LEDGER_DATA_DIR'] = '/mnt/usb/ledger'
    await start()
    delete process.env['LEDGER_DATA_DIR']
    expect(h.createCore).toHaveBeenLastCalledWith(
      expect.objectContaining({ dataDir: path.resolve('/mnt/usb/ledger') }),
    )
    await start()
    expect(h.createCore).toHaveBeenLastCalledWith(
      expect.objectContaining({ dataDir: path.resolve('/default/userData') }),
    )
  })

  it.each(['DB_TOO_NEW', 'DB_CORRUPT'] as const)(
    'shows %s to the clerk and quits without opening a window',
    async (code) => {
      // Taken from the mocked '../core' so the class is the very one the entry module checks against.
      h.createCore.mockImplementationOnce(async () => {
        const { AppError } = await import('../core')
        throw new AppError(code, '数据文件由更新版本的程序创建')
      })
      await start()
      expect(h.electron.dialog.showErrorBox).toHaveBeenCalledWith(
        '乡镇安全生产台账',
        '数据文件由更新版本的程序创建',
      )
      expect(h.electron.app.exit).toHaveBeenCalled()
      expect(h.windows).toHaveLength(0)
      expect(h.electron.ipcMain.handle).not.toHaveBeenCalled()
    },
  )

  it('shows a generic message, not the internal error, for any other startup failure', async () => {
    h.createCore.mockRejectedValueOnce(new Error('SQLITE_CANTOPEN /secret/internal/path'))
    await start(['--data-dir=/d/x'])
    const [title, message] = h.electron.dialog.showErrorBox.mock.calls[0] as [string, string]
    expect(title).toBe('乡镇安全生产台账')
    expect(message).toContain('程序启动失败')
    expect(message).not.toContain('SQLITE_CANTOPEN')
    expect(h.windows).toHaveLength(0)
  })

  it('refuses to start without the Electron build of better-sqlite3', async () => {
    fs.rmSync(nativeFile)
    await start()
    expect(h.createCore).not.toHaveBeenCalled()
    expect(h.electron.dialog.showErrorBox).toHaveBeenCalledWith(
      '乡镇安全生产台账',
      expect.stringContaining('better_sqlite3.node'),
    )
    expect(h.windows).toHaveLength(0)
  })

  it('a second instance quits at once; the first focuses its window', async () => {
    h.electron.app.requestSingleInstanceLock.mockReturnValueOnce(false)
    await start()
    expect(h.electron.app.quit).toHaveBeenCalled()
    expect(h.electron.app.whenReady).not.toHaveBeenCalled()
    expect(h.createCore).not.toHaveBeenCalled()

    await start()
    h.appEvents.get('second-instance')?.()
    expect(h.windows[0]?.focus).toHaveBeenCalled()
  })

  it('closes the core on quit', async () => {
    await start()
    h.appEvents.get('will-quit')?.()
    expect(h.core.close).toHaveBeenCalledOnce()
  })
})
