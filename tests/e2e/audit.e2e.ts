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
    expect(await options.allInnerTexts()).toEqual(['陈立群', '周雅婷', '吴卫东'])
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
