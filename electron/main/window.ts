import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron'
import { originOf } from './protocol'

export const WINDOW_TITLE = '乡镇安全生产台账'

export interface WindowConfig {
  /** Absolute path of the built preload (out/preload/index.js). */
  preloadPath: string
  /** app.isPackaged: DevTools exist only when false. */
  isPackaged: boolean
}

/** The exact options of the one main window (security checklist items 2–4, 6, 8–11). */
export function buildWindowOptions(cfg: WindowConfig): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1280,
    minHeight: 720,
    title: WINDOW_TITLE,
    backgroundColor: '#ffffff',
    show: false,
    autoHideMenuBar: false,
    webPreferences: {
      preload: cfg.preloadPath,
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
      devTools: !cfg.isPackaged,
    },
  }
}

/** Navigation is allowed only within our own origins (app://local, the dev server in dev). */
export function isAllowedNavigation(url: string, allowed: readonly string[]): boolean {
  const origin = originOf(url)
  return origin !== null && allowed.includes(origin)
}

/**
 * Guards every webContents (checklist items 12–14): foreign navigation and redirects are cancelled,
 * new windows are denied and <webview> cannot attach.
 */
export function applyNavigationGuards(contents: WebContents, allowed: readonly string[]): void {
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (!isAllowedNavigation(url, allowed)) {
      event.preventDefault()
      console.warn(`[security] blocked navigation to ${String(url).slice(0, 200)}`)
    }
  }
  contents.on('will-navigate', (event, url) => guard(event, url))
  contents.on('will-redirect', (event, url) => guard(event, url))
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

export interface MainWindowOptions extends WindowConfig {
  /** Origins the window may navigate within. */
  allowedOrigins: readonly string[]
  /** What to load: app://local/index.html, or the dev server URL in dev. */
  url: string
}

/** The ONE BrowserWindow factory. */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow(buildWindowOptions(opts))
  applyNavigationGuards(win.webContents, opts.allowedOrigins)
  win.once('ready-to-show', () => win.show())
  win.loadURL(opts.url).catch((err: unknown) => console.error('[window] failed to load the UI', err))
  return win
}
