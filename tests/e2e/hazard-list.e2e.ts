import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { InspectionListPage } from './pages/inspection-pages'
import { waitUntil } from './pages/wait'

// The hazard list on the kit, as a clerk uses it: a 工作台 count opens exactly its hazards, the
// list is in urgency order, and a hazard deleted from its row goes to the 回收站 — out of the list
// and out of every count — and comes back from there.

interface Row {
  id: number
  description: string
  deadline: string | null
  presets: string[]
}
interface Dash {
  overdue: number
  open: number
  total: number
}

describe('hazard list on the kit', () => {
  let server: Server
  let browser: Browser
  let shell: AppShell
  let list: InspectionListPage

  beforeAll(async () => {
    server = await startServer()
    await api(server, 'demo.load')
    browser = await startBrowser(server)
    shell = new AppShell(browser.page)
    list = new InspectionListPage(browser.page)
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await browser?.screenshot(`failed-${ctx.task.name.slice(0, 40)}`)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  const table = () => browser.page.getByTestId('hazard-table')
  /** The descriptions and status tags of the rows on screen, in order. */
  async function shown(): Promise<{ description: string; status: string }[]> {
    const rows = table().locator('.el-table__body-wrapper tr.el-table__row')
    const n = await rows.count()
    const out: { description: string; status: string }[] = []
    for (let i = 0; i < n; i++) {
      const r = rows.nth(i)
      out.push({
        // (selection, 企业名称, 村（社区）, 发现日期, 隐患描述)
        description: (await r.locator('td').nth(4).innerText()).trim(),
        status: (await r.getByTestId('hazard-status').innerText()).trim(),
      })
    }
    return out
  }
  const overdueCount = async () =>
    Number(await browser.page.getByTestId('badge-overdue').locator('b').innerText())

  it('the 工作台 overdue count opens exactly those hazards, most urgent first', async () => {
    const { page } = browser
    const dash = await api<Dash>(server, 'dashboard.hazards')
    expect(dash.overdue).toBeGreaterThan(0)
    const expected = await api<{ rows: Row[]; total: number }>(server, 'hazard.list', {
      presets: ['overdue'],
      pageSize: 20,
    })
    expect(expected.total).toBe(dash.overdue)

    await shell.navigate('工作台')
    await page.getByTestId('badge-overdue').waitFor()
    expect(await overdueCount()).toBe(dash.overdue)
    await browser.screenshot('hazard-list-01-home-badges')
    await page.getByTestId('badge-overdue').click()
    await list.waitForTotal(dash.overdue)
    expect(page.url()).toContain('p=overdue')
    expect(await page.getByTestId('preset-overdue').getAttribute('class')).toContain('is-checked')
    const rows = await shown()
    expect(rows.map((r) => r.description)).toEqual(expected.rows.map((r) => r.description))
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['逾期未改']))
    // the longest overdue first
    const deadlines = expected.rows.map((r) => r.deadline ?? '')
    expect(deadlines).toEqual([...deadlines].sort())
    await browser.screenshot('hazard-list-02-overdue')
    expect(browser.problems).toEqual([])
  })

  it('lists in urgency order, and goes back to it after sorting by another column', async () => {
    const { page } = browser
    await page.getByTestId('clear-filters').click()
    const all = await api<{ rows: Row[]; total: number }>(server, 'hazard.list', { pageSize: 20 })
    await list.waitForTotal(all.total)
    const firstPage = await shown()
    expect(firstPage.map((r) => r.description)).toEqual(all.rows.map((r) => r.description))
    // 逾期未改 first, then what is still to rectify by nearest deadline
    const firstOther = firstPage.findIndex((r) => r.status !== '逾期未改')
    expect(firstOther).toBeGreaterThan(0)
    expect(firstPage.slice(firstOther).some((r) => r.status === '逾期未改')).toBe(false)
    const dl = all.rows.filter((r) => !r.presets.includes('overdue') && r.presets.includes('toRectify'))
    const dates = dl.map((r) => r.deadline ?? '9999')
    expect(dates).toEqual([...dates].sort())

    await table().locator('th', { hasText: '发现日期' }).click()
    await waitUntil(async () => page.url().includes('sort=foundOn'), 'sorted by 发现日期')
    await page.getByTestId('rank-sort').click()
    await waitUntil(async () => !page.url().includes('sort='), 'back to 紧急程度')
    await list.waitForTotal(all.total)
    expect((await shown()).map((r) => r.description)).toEqual(all.rows.map((r) => r.description))
    await browser.screenshot('hazard-list-03-urgency')
    expect(browser.problems).toEqual([])
  })

  it('deletes a hazard from its row: gone from the list and the counts, restored from the 回收站', async () => {
    const { page } = browser
    const before = await api<Dash>(server, 'dashboard.hazards')
    const open = await api<{ rows: Row[] }>(server, 'hazard.list', { presets: ['notClosed'], pageSize: 200 })
    const docs = new Map<number, number>()
    for (const r of open.rows)
      docs.set(
        r.id,
        (await api<{ documents: unknown[] }>(server, 'hazard.get', { id: r.id })).documents.length,
      )
    const listed = open.rows.find((r) => (docs.get(r.id) ?? 0) > 0)
    const victim = open.rows.find((r) => docs.get(r.id) === 0)
    expect(listed, 'an open hazard listed on a document').toBeTruthy()
    expect(victim, 'an open hazard on no document').toBeTruthy()
    const find = async (r: Row) => {
      // (the words before the first full-width punctuation: the search takes "：" as ":")
      const words = r.description.split(/[\uFF01-\uFF5E、。]/).sort((a, b) => b.length - a.length)[0] ?? ''
      await page.goto(`${server.url}#/inspections/hazards?q=${encodeURIComponent(words)}`)
      await list.waitForTotal((await api<{ total: number }>(server, 'hazard.list', { query: words })).total)
      return table().locator('tr.el-table__row', { hasText: r.description }).first()
    }
    const confirmRemove = async () => {
      const box = page.locator('.el-message-box')
      await box.waitFor()
      await box.getByRole('button', { name: '移入回收站' }).click()
    }

    // one listed on a document stays, and the clerk is told which document
    await (await find(listed!)).getByTestId('remove-row').click()
    await confirmRemove()
    const refusal = page.locator('.el-message--error')
    await refusal.waitFor()
    expect(await refusal.innerText()).toMatch(/已列入文书 .+，文书要留档，隐患不能删除/)
    await browser.screenshot('hazard-list-04-refused')
    expect((await api<Dash>(server, 'dashboard.hazards')).total).toBe(before.total)

    const row = await find(victim!)
    const shownBefore = await list.total()
    await row.getByTestId('remove-row').click()
    await confirmRemove()
    await list.waitForTotal(shownBefore - 1)

    const wasOverdue = victim!.presets.includes('overdue') ? 1 : 0
    const after = await api<Dash>(server, 'dashboard.hazards')
    expect(after).toMatchObject({
      overdue: before.overdue - wasOverdue,
      open: before.open - 1,
      total: before.total - 1,
    })
    await shell.navigate('工作台')
    await waitUntil(
      async () => (await page.getByTestId('badge-open').innerText()).includes(`共 ${before.open - 1} 处`),
      'open count down by one',
    )
    const year = new Date().getFullYear()
    const stats = await api<{ values: { key: string; value: number }[] }>(server, 'stats.compute', {
      from: `${year}-01-01`,
      to: `${year}-12-31`,
    })
    const found = await api<{ total: number }>(server, 'hazard.list', {
      filters: { foundOn: { from: `${year}-01-01`, to: `${year}-12-31` } },
    })
    expect(stats.values.find((v) => v.key === 'hazards')?.value).toBe(found.total)

    await page.goto(`${server.url}#/inspections/hazards`)
    await page.getByTestId('bin-tab').click()
    await list.waitForTotal(1)
    expect(await table().locator('.el-table__body-wrapper').innerText()).toContain(victim!.description)
    await browser.screenshot('hazard-list-04-bin')
    await table().getByTestId('restore-row').first().click()
    await list.waitForTotal(0)
    expect(await api<Dash>(server, 'dashboard.hazards')).toMatchObject({
      overdue: before.overdue,
      open: before.open,
      total: before.total,
    })
    await shell.navigate('工作台')
    await waitUntil(
      async () => (await page.getByTestId('badge-open').innerText()).includes(`共 ${before.open} 处`),
      'open count back',
    )
    expect(browser.problems).toEqual([])
  })
})
