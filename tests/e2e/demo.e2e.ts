import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { EnterpriseListPage } from './pages/enterprise-list-page'
import { HomePage } from './pages/home-page'
import { waitUntil } from './pages/wait'

describe('工作台 on an empty database', () => {
  let server: Server
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    browser = await startBrowser(server)
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await browser?.screenshot(`failed-${ctx.task.name.slice(0, 40)}`)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('offers the two doors, loads the demo data and links each count to exactly those records', async () => {
    const { page } = browser
    const shell = new AppShell(page)
    const home = new HomePage(page)

    await home.emptyDoors().waitFor()
    expect(await shell.township().innerText()).toContain('未设置乡镇名称')
    // no 本单位人员 yet: the header has nobody to offer as 操作人员
    expect(await page.getByTestId('operator-select').count()).toBe(0)
    // Both doors are open: 导入现有台账 leads to the import wizard (tests/e2e/import.e2e.ts).
    expect(await home.importDoor().isEnabled()).toBe(true)
    await browser.screenshot('01-home-empty')

    await home.loadDemo()
    await shell.waitForToast(/已加载示例数据：\d+ 个村（社区）、\d+ 个行业、\d+ 家企业/)
    await waitUntil(
      async () => (await shell.township().innerText()).includes('青禾镇'),
      'township name in header',
    )
    // the demo's 本单位人员 are offered at once, without reloading the page
    await page.getByTestId('operator-select').waitFor()

    const summary = await api<{ enterprises: number; majorRisk: number }>(server, 'dashboard.summary')
    expect(summary.enterprises).toBeGreaterThan(0)
    expect(await home.statValue('enterprises')).toBe(summary.enterprises)
    expect(await home.statValue('majorRisk')).toBe(summary.majorRisk)
    await browser.screenshot('02-home-demo')

    await home.stat('majorRisk').click()
    const list = new EnterpriseListPage(page)
    await list.waitForTotal(summary.majorRisk)
    expect(page.url()).toContain('f.riskLevel=major')
    const risks = await list.column('风险等级')
    expect(risks.length).toBeGreaterThan(0)
    expect(new Set(risks)).toEqual(new Set(['重大风险']))
    await browser.screenshot('03-list-major-risk')

    expect(browser.problems).toEqual([])
  })
})
