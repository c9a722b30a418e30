import type { MenuItemConstructorOptions } from 'electron'

export interface MenuDeps {
  /** Dev builds get 重新加载 and 开发者工具. */
  isDev: boolean
  onAbout: () => void
}

/** The minimal Chinese application menu: 文件 / 编辑 / 视图 / 帮助. */
export function buildMenuTemplate(deps: MenuDeps): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { label: '放大', role: 'zoomIn', accelerator: 'CmdOrCtrl+=' },
    { label: '缩小', role: 'zoomOut' },
    { label: '实际大小', role: 'resetZoom' },
    { type: 'separator' },
    { label: '全屏', role: 'togglefullscreen' },
  ]
  if (deps.isDev) {
    view.push(
      { type: 'separator' },
      { label: '重新加载', role: 'reload' },
      { label: '开发者工具', role: 'toggleDevTools' },
    )
  }
  return [
    { label: '文件', submenu: [{ label: '退出', role: 'quit' }] },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    { label: '视图', submenu: view },
    { label: '帮助', submenu: [{ label: '关于', click: () => deps.onAbout() }] },
  ]
}

/** Text of the 关于 dialog: the version plus the runtime versions (checklist item 16). */
export function aboutDetail(appVersion: string, versions: Partial<Record<string, string>>): string {
  return [
    `版本 ${appVersion}`,
    `Electron ${versions['electron'] ?? '-'} · Chromium ${versions['chrome'] ?? '-'} · Node.js ${versions['node'] ?? '-'}`,
    '离线运行，数据只保存在本机。',
  ].join('\n')
}
