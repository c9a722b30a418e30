import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { SettingsPage } from './pages/settings-page'
import { waitUntil } from './pages/wait'

describe('数据与设置', () => {
  let server: Server
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    await api(server, 'demo.load')
    browser = await startBrowser(server)
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await browser?.screenshot(`failed-${ctx.task.name.slice(0, 40)}`)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('edits the township name and the village list, refusing to delete a village in use', async () => {
    const page = browser.page
    const shell = new AppShell(page)
    const settings = new SettingsPage(page)
    await shell.navigate('数据与设置')
    await settings.lookup('village').locator('.el-table__body tr').first().waitFor()
    await page.getByText('数据库文件').waitFor()
    await browser.screenshot('30-settings')

    await settings.setTownship('澄湾镇')
    await waitUntil(
      async () => (await shell.township().innerText()).includes('澄湾镇'),
      'header shows the new name',
    )

    await settings.add('village', '澄湾新村')
    await waitUntil(async () => (await settings.names('village')).includes('澄湾新村'), 'new village listed')

    const before = await settings.names('village')
    await settings.rowAction('village', '澄湾新村', '上移')
    await waitUntil(async () => {
      const now = await settings.names('village')
      return now.indexOf('澄湾新村') === before.indexOf('澄湾新村') - 1
    }, 'village moved up')

    await settings.rowAction('village', '东湖村', '删除')
    await shell.confirm()
    await shell.waitForToast(/该村（社区）下还有 \d+ 家企业（含回收站），不能删除/)
    expect(await settings.names('village')).toContain('东湖村')

    await settings.rowAction('village', '澄湾新村', '删除')
    await shell.confirm()
    await waitUntil(
      async () => !(await settings.names('village')).includes('澄湾新村'),
      'unused village deleted',
    )
    expect(browser.problems).toEqual([])
  })

  it('moves 较大 to 重大隐患 in 隐患等级写法, refusing a word listed under both grades', async () => {
    const page = browser.page
    await new AppShell(page).navigate('数据与设置')
    const card = page.getByTestId('grade-words')
    const major = card.getByTestId('grade-words-major')
    const general = card.getByTestId('grade-words-general')
    await waitUntil(async () => (await major.inputValue()).includes('1级'), 'words loaded')
    expect((await general.inputValue()).split(/\s+/)).toContain('较大')
    await major.fill(`${await major.inputValue()}  较大`)
    await card.getByTestId('grade-words-save').click()
    const refusal = card.locator('.el-form-item__error')
    await refusal.waitFor()
    expect(await refusal.innerText()).toContain('“较大”同时列在重大和一般里')
    await general.fill(
      (await general.inputValue())
        .split(/\s+/)
        .filter((w) => w !== '较大' && w !== '较大隐患')
        .join(' '),
    )
    await card.getByTestId('grade-words-save').click()
    await new AppShell(page).waitForToast(/^隐患等级写法已保存/)
    await card.scrollIntoViewIfNeeded()
    await browser.screenshot('30-settings-grade-words')
    const saved = await api<{ words: { major: string[]; general: string[] } }>(server, 'hazard.gradeWords')
    expect(saved.words.major).toContain('较大')
    expect(saved.words.general).not.toContain('较大')
  })

  it('backs up and checks the data on request', async () => {
    const page = browser.page
    const shell = new AppShell(page)
    await page.getByTestId('backup').click()
    await shell.waitForToast(/^备份完成/)
    await waitUntil(async () => !(await page.getByText('还没有备份').isVisible()), 'last backup shown')
    await page.getByTestId('check').click()
    await page.getByText('数据检查通过：数据库完整，没有发现问题').waitFor()
    await browser.screenshot('31-settings-after-backup')
    expect(browser.problems).toEqual([])
  })
})
