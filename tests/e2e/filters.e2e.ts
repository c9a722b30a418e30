import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { EnterpriseListPage } from './pages/enterprise-list-page'
import { waitUntil } from './pages/wait'

describe('企业台账 filters', () => {
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

  it('(e) filters by 村（社区） and 风险等级, and the address keeps the filter', async () => {
    const page = browser.page
    const list = new EnterpriseListPage(page)
    await new AppShell(page).navigate('企业台账')
    await list.rows().first().waitFor()

    const villages = await api<{ id: number; name: string }[]>(server, 'village.list')
    const village = villages.find((v) => v.name === '东湖村')
    if (!village) throw new Error('demo village 东湖村 missing')
    const expected = await api<{ total: number }>(server, 'enterprise.list', {
      filters: { villageId: { in: [village.id] }, riskLevel: { in: ['major', 'high'] } },
    })
    expect(expected.total).toBeGreaterThan(0)

    await list.filter('filter-villageId', [{ typed: 'dh', option: '东湖村' }])
    await list.filter('filter-riskLevel', [{ option: '重大风险' }, { option: '较大风险' }])
    await list.waitForTotal(expected.total)

    expect(new Set(await list.column('村（社区）'))).toEqual(new Set(['东湖村']))
    for (const r of await list.column('风险等级')) expect(['重大风险', '较大风险']).toContain(r)
    const url = decodeURIComponent(page.url())
    expect(url).toContain(`f.villageId=${village.id}`)
    expect(url).toContain('f.riskLevel=major')
    expect(url).toContain('f.riskLevel=high')
    await browser.screenshot('20-filters')

    // Reopening the same address (a link from 工作台, or F5) shows the same records.
    await page.reload()
    await list.waitForTotal(expected.total)
    expect(await page.getByTestId('filter-villageId').innerText()).toContain('东湖村')

    await page.getByTestId('clear-filters').click()
    const all = await api<{ total: number }>(server, 'enterprise.list', {})
    await list.waitForTotal(all.total)
    expect(browser.problems).toEqual([])
  })

  it('sorts by a column header on the server and remembers the columns a clerk shows', async () => {
    const page = browser.page
    const list = new EnterpriseListPage(page)

    await list.sortBy('企业名称')
    await waitUntil(async () => decodeURIComponent(page.url()).includes('sort=name&order=asc'), 'sort in URL')
    const first = await api<{ rows: { name: string }[] }>(server, 'enterprise.list', {
      sort: { field: 'name', order: 'asc' },
      pageSize: 20,
    })
    await waitUntil(
      async () =>
        JSON.stringify(await list.column('企业名称')) === JSON.stringify(first.rows.map((r) => r.name)),
      'rows in server order',
    )

    await list.toggleColumn('地址')
    await list.table.locator('.el-table__header-wrapper th', { hasText: '地址' }).waitFor()
    await browser.screenshot('21-column-chooser')
    await page.keyboard.press('Escape')
    await page.reload()
    await list.rows().first().waitFor()
    expect(await list.table.locator('.el-table__header-wrapper th', { hasText: '地址' }).count()).toBe(1)
    // The main columns still fit 1366 px without a horizontal scrollbar when the defaults are shown.
    await list.toggleColumn('地址')
    await waitUntil(
      async () =>
        (await list.table.locator('.el-table__header-wrapper th', { hasText: '地址' }).count()) === 0,
      'address column hidden',
    )
    await page.keyboard.press('Escape')
    expect(await list.horizontalOverflow()).toBeLessThanOrEqual(0)
    expect(browser.problems).toEqual([])
  })
})
