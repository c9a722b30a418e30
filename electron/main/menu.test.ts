import { describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { aboutDetail, buildMenuTemplate } from './menu'

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])])
}

describe('application menu', () => {
  it('has the four Chinese top-level menus', () => {
    const t = buildMenuTemplate({ isDev: false, onAbout: () => undefined })
    expect(t.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助'])
  })

  it('offers reload and DevTools only in dev', () => {
    const roles = (isDev: boolean) =>
      flatten(buildMenuTemplate({ isDev, onAbout: () => undefined })).map((i) => i.role)
    expect(roles(false)).not.toContain('reload')
    expect(roles(false)).not.toContain('forceReload')
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(true)).toContain('reload')
    expect(roles(true)).toContain('toggleDevTools')
  })

  it('has quit, copy and paste, and an About item that calls back', () => {
    const onAbout = vi.fn()
    const items = flatten(buildMenuTemplate({ isDev: false, onAbout }))
    expect(items.find((i) => i.role === 'quit')?.label).toBe('退出')
    expect(items.find((i) => i.role === 'copy')?.label).toBe('复制')
    expect(items.find((i) => i.role === 'paste')?.label).toBe('粘贴')
    const about = items.find((i) => i.label === '关于')
    ;(about?.click as () => void)()
    expect(onAbout).toHaveBeenCalledOnce()
  })

  it('shows the version and runtime versions in About', () => {
    const text = aboutDetail('0.1.0', { electron: '39.8.10', chrome: '142.0', node: '22.1.0' })
    expect(text).toContain('版本 0.1.0')
    expect(text).toContain('Electron 39.8.10')
    expect(text).toContain('Chromium 142.0')
  })
})
