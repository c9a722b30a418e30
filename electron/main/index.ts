import fs from 'node:fs'
import path from 'node:path'
import { app, BrowserWindow, dialog, Menu, session } from 'electron'
import { AppError, createCore, type Core } from '../core'
import { registerIpc } from './ipc'
import { aboutDetail, buildMenuTemplate } from './menu'
import { resolveNativeBinding } from './native'
import { resolveDataDir } from './options'
import {
  allowedOrigins,
  devServerUrl,
  handleAppProtocol,
  originOf,
  registerAppScheme,
  rendererEntryUrl,
} from './protocol'
import { hardenSession } from './session'
import { applyNavigationGuards, createMainWindow, WINDOW_TITLE } from './window'

// App entry: wiring only. Every decision lives in a tested module beside this file.

app.enableSandbox()
registerAppScheme()

const devUrl = devServerUrl(app.isPackaged)
const origins = allowedOrigins(devUrl)
let mainWindow: BrowserWindow | null = null
let core: Core | null = null

function fatal(message: string): void {
  dialog.showErrorBox(WINDOW_TITLE, message)
  app.exit(1)
}

async function boot(): Promise<void> {
  const dataDir = resolveDataDir(process.argv.slice(1), process.env, app.getPath('userData'))
  const nativeBinding = resolveNativeBinding({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
    electronVersion: process.versions.electron,
  })
  if (!fs.existsSync(nativeBinding)) {
    return fatal(
      `缺少数据库组件：${nativeBinding}。请重新安装本程序（开发环境请运行 node scripts/electron-native.mjs）。`,
    )
  }
  try {
    core = await createCore({
      dataDir,
      nativeBinding,
      excelWorkerFile: path.join(__dirname, 'excel-worker.js'),
      autoBackup: true,
      appLock: true,
    })
  } catch (err) {
    // AppErrors carry a clerk-facing message (newer version, damaged file, read-only folder, full
    // disk, another writer); the file itself is left untouched.
    if (err instanceof AppError) return fatal(err.message)
    console.error('[main] core failed to start', err)
    return fatal(`程序启动失败，数据未被修改。数据目录：${dataDir}`)
  }
  const ready = core
  hardenSession(session.defaultSession, originOf(devUrl))
  handleAppProtocol(path.join(__dirname, '../renderer'))
  registerIpc({ dispatch: ready.dispatch, getWindow: () => mainWindow, allowedOrigins: origins })
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        isDev: !app.isPackaged,
        onAbout: () =>
          void dialog.showMessageBox({
            type: 'info',
            title: '关于',
            message: WINDOW_TITLE,
            detail: aboutDetail(app.getVersion(), process.versions),
          }),
      }),
    ),
  )
  mainWindow = createMainWindow({
    preloadPath: path.join(__dirname, '../preload/index.js'),
    isPackaged: app.isPackaged,
    allowedOrigins: origins,
    url: rendererEntryUrl(devUrl),
  })
  mainWindow.on('closed', () => (mainWindow = null))
}

if (!app.requestSingleInstanceLock()) {
  // Two instances would mean two writers on one database (RELIABILITY.md §2.1).
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('web-contents-created', (_event, contents) => applyNavigationGuards(contents, origins))
  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', () => core?.close())
  app
    .whenReady()
    .then(boot)
    .catch((err: unknown) => {
      console.error('[main] startup failed', err)
      fatal('程序启动失败，请重新安装本程序或联系技术人员。')
    })
}
