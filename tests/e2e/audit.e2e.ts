import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { EnterpriseForm } from './pages/enterprise-form'
import { EnterpriseListPage } from './pages/enterprise-list-page'
import { waitUntil } from './pages/wait'

// 操作日志 as a clerk meets it: pick who is working in the header, change a record, and find the
// change — with that name — from the record's 变更记录 and on the 操作日志 page.

describe('操作日志', () => {
  let server: Server
  let browser: Browser
  let shell: AppShell
  let list: EnterpriseListPage
  let form: EnterpriseForm

  beforeAll(async () => {
    server = await startServer()
    await api(server, 'demo.load')
    browser = await startBrowser(server)
    shell = new AppShell(browser.page)
    list = new EnterpriseListPage(browser.page)
    form = new EnterpriseForm(browser.page)
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await browser?.screenshot(`failed-${ctx.task.name.slice(0, 40)}`)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('names the operator chosen in the header on the change, reached from the record and from 数据与设置', async () => {
    const page = browser.page
    // the header asks who is working; only active 本单位人员 are offered
    const picker = page.getByTestId('operator-select')
    await picker.click()
    const options = page.locator('.el-select-dropdown:visible .el-select-dropdown__item')
    await options.first().waitFor()
    const staff = await api<{ name: string; active: boolean }[]>(server, 'staff.list', {
      includeInactive: true,
    })
    expect(await options.allInnerTexts()).toEqual(staff.filter((p) => p.active).map((p) => p.name))
    // 郑海涛 has left (停用): not offered
    expect(staff.some((p) => p.name === '郑海涛' && !p.active)).toBe(true)
    expect(await options.allInnerTexts()).not.toContain('郑海涛')
    await options.filter({ hasText: '周雅婷' }).click()
    await waitUntil(
      async () => (await api<{ operator: string | null }>(server, 'session.get')).operator === '周雅婷',
      'operator set',
    )

    const e = (
      await api<{ rows: { id: number; name: string }[] }>(server, 'enterprise.list', { pageSize: 1 })
    ).rows[0]
    if (!e) throw new Error('demo has no enterprise')
    await shell.navigate('企业台账')
    await list.search(e.name)
    await list.waitForTotal(1)
    await list.openEdit(e.name)
    await form.waitOpen()
    await waitUntil(async () => (await form.value('name')) === e.name, 'form filled')
    await form.fill('principalPhone', '13911112222')
    await form.save()
    await shell.waitForToast('已保存')
    await form.waitClosed()

    // 变更记录 → 在操作日志中查看: this record only, with who changed what
    await list.openHistory(e.name)
    await page.getByTestId('history-audit-link').click()
    await page.getByTestId('audit-page').waitFor()
    await page.getByTestId('audit-record').waitFor()
    const table = page.getByTestId('audit-table')
    await waitUntil(async () => (await table.innerText()).includes('13911112222'), 'the change listed')
    const first = table.locator('.el-table__body tr').first()
    const text = await first.innerText()
    expect(text).toContain('周雅婷')
    expect(text).toContain('修改')
    expect(text).toContain('13911112222')
    await browser.screenshot('60-audit-record')

    // the whole trail from 数据与设置, searched by words
    await shell.navigate('数据与设置')
    await page.getByTestId('audit-link').click()
    await page.getByTestId('audit-page').waitFor()
    expect(await page.getByTestId('audit-record').count()).toBe(0)
    await page.getByTestId('audit-search').fill(e.name)
    await waitUntil(
      async () => (await table.locator('.el-table__body tr').first().innerText()).includes('周雅婷'),
      'search result',
    )
    await browser.screenshot('61-audit-page')
    expect(browser.problems).toEqual([])
  })
})

describe('应用锁', () => {
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

  it('set in 数据与设置, locks the screen: nothing shows until the right password', async () => {
    const page = browser.page
    const shell = new AppShell(page)
    await shell.navigate('数据与设置')
    const card = page.getByTestId('app-lock')
    await card.getByTestId('app-lock-set').click()
    await page.getByTestId('app-lock-password').fill('qh-2026!')
    await page.getByTestId('app-lock-confirm').fill('qh-2026!')
    await page.getByTestId('app-lock-save').click()
    await shell.waitForToast('已设置应用锁，下次打开程序时需要输入密码')

    // 锁定 in the header (as when leaving the desk); the program comes back on the lock screen
    await page.getByTestId('lock-now').click()
    const lock = page.getByTestId('lock-screen')
    await lock.waitFor()
    // the core itself refuses data while locked, not only the screen
    await expect(api(server, 'enterprise.list', {})).rejects.toThrow(/程序已锁定/)
    await page.getByTestId('lock-password').fill('wrong-pass')
    await page.getByTestId('unlock').click()
    await waitUntil(async () => (await lock.innerText()).includes('密码不正确'), 'wrong password said')
    await browser.screenshot('62-lock-screen')
    await page.getByTestId('lock-password').fill('qh-2026!')
    await page.getByTestId('unlock').click()
    await lock.waitFor({ state: 'detached' })
    await shell.navigate('企业台账')
    await page.locator('.el-table__body tr').first().waitFor()
    expect((await api<{ total: number }>(server, 'enterprise.list', {})).total).toBeGreaterThan(0)
    expect(browser.problems.filter((p) => !p.includes('程序已锁定'))).toEqual([])
  })
})
