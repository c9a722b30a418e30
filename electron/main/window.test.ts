import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void
  class FakeContents {
    listeners = new Map<string, Listener[]>()
    openHandler: (() => { action: string }) | null = null
    on(event: string, fn: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn])
      return this
    }
    emit(event: string, ...args: unknown[]): void {
      for (const fn of this.listeners.get(event) ?? []) fn(...args)
    }
    setWindowOpenHandler(h: () => { action: string }): void {
      this.openHandler = h
    }
  }
  class BrowserWindow {
    options: unknown
    webContents = new FakeContents()
    onceListeners = new Map<string, () => void>()
    show = vi.fn()
    loadURL = vi.fn(async () => undefined)
    constructor(options: unknown) {
      this.options = options
    }
    once(event: string, fn: () => void): this {
      this.onceListeners.set(event, fn)
      return this
    }
  }
  return { BrowserWindow, FakeContents, protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() } }
})
vi.mock('electron', () => electron)

import { applyNavigationGuards, buildWindowOptions, createMainWindow, isAllowedNavigation } from './window'

type FakeContents = InstanceType<typeof electron.FakeContents>
const FakeContents = electron.FakeContents
vi.spyOn(console, 'warn').mockImplementation(() => undefined)

const ORIGINS = ['app://local']

function navigate(contents: FakeContents, event: string, url: string): boolean {
  const preventDefault = vi.fn()
  contents.emit(event, { preventDefault }, url)
  return preventDefault.mock.calls.length > 0
}

describe('buildWindowOptions', () => {
  it('is exactly the hardened option set (packaged: no DevTools)', () => {
    expect(buildWindowOptions({ preloadPath: '/app/out/preload/index.js', isPackaged: true })).toEqual({
      width: 1440,
      height: 900,
      minWidth: 1280,
      minHeight: 720,
      title: '乡镇安全生产台账',
      backgroundColor: '#ffffff',
      show: false,
      autoHideMenuBar: false,
      webPreferences: {
        preload: '/app/out/preload/index.js',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        spellcheck: false,
        devTools: false,
      },
    })
  })

  it('enables DevTools only when not packaged', () => {
    expect(buildWindowOptions({ preloadPath: 'p', isPackaged: false }).webPreferences?.devTools).toBe(true)
  })
})

describe('navigation guards', () => {
  let contents: FakeContents
  beforeEach(() => {
    contents = new FakeContents()
    applyNavigationGuards(contents as never, ORIGINS)
  })

  it('allows in-app navigation', () => {
    expect(navigate(contents, 'will-navigate', 'app://local/index.html#/enterprises')).toBe(false)
    expect(navigate(contents, 'will-redirect', 'app://local/index.html')).toBe(false)
  })

  it.each([
    'https://example.invalid/',
    'http://localhost:5173/',
    'file:///etc/passwd',
    'app://local.evil/index.html',
    'app://evil@local/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'not a url',
  ])('blocks navigation and redirects to %s', (url) => {
    expect(navigate(contents, 'will-navigate', url)).toBe(true)
    expect(navigate(contents, 'will-redirect', url)).toBe(true)
  })

  it('denies new windows and webview attachment', () => {
    expect(contents.openHandler?.()).toEqual({ action: 'deny' })
    const preventDefault = vi.fn()
    contents.emit('will-attach-webview', { preventDefault }, {}, {})
    expect(preventDefault).toHaveBeenCalledOnce()
  })

  it('accepts the dev server only when it is among the allowed origins', () => {
    expect(isAllowedNavigation('http://localhost:5173/#/x', ['app://local', 'http://localhost:5173'])).toBe(
      true,
    )
    expect(isAllowedNavigation('http://localhost:5173/#/x', ORIGINS)).toBe(false)
  })
})

describe('createMainWindow', () => {
  it('builds the window from buildWindowOptions, guards it, loads the URL and shows on ready-to-show', () => {
    const win = createMainWindow({
      preloadPath: '/p.js',
      isPackaged: true,
      allowedOrigins: ORIGINS,
      url: 'app://local/index.html',
    }) as unknown as InstanceType<typeof electron.BrowserWindow>
    expect(win.options).toEqual(buildWindowOptions({ preloadPath: '/p.js', isPackaged: true }))
    expect(win.loadURL).toHaveBeenCalledWith('app://local/index.html')
    expect(win.show).not.toHaveBeenCalled()
    win.onceListeners.get('ready-to-show')?.()
    expect(win.show).toHaveBeenCalledOnce()
    expect(navigate(win.webContents, 'will-navigate', 'https://example.invalid/')).toBe(true)
    expect(win.webContents.openHandler?.()).toEqual({ action: 'deny' })
  })
})
