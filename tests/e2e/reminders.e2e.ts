import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { waitUntil } from './pages/wait'

// 工作台's reminder cards come from the specs' `expires` fields: one card per ledger, with the
// licences already ended and those ending within warnDays. Clicking a count opens the list
// filtered to exactly those records: as many rows as the number said.

/** A date n days from today in China (the core counts days as Chinese calendar dates). */
const day = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10)

describe('工作台 reminder cards from the specs', () => {
  let server: Server
  let browser: Browser
  let shell: AppShell

  beforeAll(async () => {
    server = await startServer()
    const v = await api<{ id: number }>(server, 'village.create', { name: '东湖村' })
    const licence = async (name: string, licences: [string, string][]) => {
      const e = await api<{ record: { id: number } }>(server, 'enterprise.create', {
        data: { name, villageId: v.id },
      })
      for (const [licenceNo, validTo] of licences)
        await api(server, 'chemLicence.create', {
          data: { enterpriseId: e.record.id, licenceNo, type: 'noStorage', validFrom: '2024-01-01', validTo },
        })
    }
    await licence('青禾化工经营部', [['青应急经字〔2024〕001号', day(-3)]]) // ended
    await licence('江南加油站有限公司', [['青应急经字〔2024〕002号', day(-40)]]) // ended
    await licence('青禾气体有限公司', [['青应急经字〔2024〕003号', day(10)]]) // ending
    await licence('东湖油漆店', [['青应急经字〔2024〕004号', day(59)]]) // ending
    await licence('西岭五金店', [['青应急经字〔2024〕005号', day(45)]]) // ending
    await licence('青禾燃料站', [
      ['青应急经字〔2021〕006号', day(-400)], // renewed since: no reminder
      ['青应急经字〔2024〕007号', day(300)],
    ])
    // fireworks: an outlet whose licence ended, one ending within 60 days, one far off
    for (const [name, validTo, no] of [
      ['东湖烟花零售点', day(-5), '（赣）LS〔2025〕0001'],
      ['西岭烟花零售点', day(20), '（赣）LS〔2025〕0002'],
      ['南岗烟花零售点', day(200), '（赣）LS〔2025〕0003'],
    ] as const) {
      const o = await api<{ record: { id: number } }>(server, 'fireworksOutlet.create', {
        data: { name, villageId: v.id, principal: '周建国', address: `青禾镇${name}` },
      })
      await api(server, 'fireworksLicence.create', {
        data: { outletId: o.record.id, licenceNo: no, validFrom: day(-300), validTo, storageLimit: 50 },
      })
    }
    browser = await startBrowser(server)
    shell = new AppShell(browser.page)
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await browser?.screenshot(`failed-${ctx.task.name.slice(0, 40)}`)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  const countOf = async (card: string, key: string) =>
    Number(await browser.page.getByTestId(card).getByTestId(`count-${key}`).locator('b').innerText())

  it('shows one card per expiring ledger; each chemical-licence count opens exactly its licences', async () => {
    const { page } = browser
    await shell.navigate('工作台')
    const card = 'reminder-chemLicence.validTo'
    await page.getByTestId(card).waitFor()
    expect(await countOf(card, 'expired')).toBe(2)
    expect(await countOf(card, 'expiring')).toBe(3)
    expect(await page.getByTestId(card).innerText()).toContain('危险化学品经营许可证')
    await browser.screenshot('reminder-cards-home')
    for (const [key, want] of [
      ['expired', ['青应急经字〔2024〕001号', '青应急经字〔2024〕002号']],
      ['expiring', ['青应急经字〔2024〕003号', '青应急经字〔2024〕004号', '青应急经字〔2024〕005号']],
    ] as const) {
      await shell.navigate('工作台')
      await page.getByTestId(card).getByTestId(`count-${key}`).click()
      await page.getByTestId('expiry-filter').waitFor()
      const rows = page.getByTestId('chemLicence-table').locator('.el-table__body tbody tr')
      await waitUntil(async () => (await rows.count()) === want.length, `${key}: ${want.length} rows`)
      const text = await page.getByTestId('chemLicence-table').innerText()
      for (const no of want) expect(text).toContain(no)
      expect(text).not.toContain('青应急经字〔2021〕006号')
      if (key === 'expired') await browser.screenshot('reminder-cards-chem-expired')
    }
    // clearing the filter shows every licence again
    await page.getByTestId('expiry-filter').locator('.el-tag__close').click()
    const rows = page.getByTestId('chemLicence-table').locator('.el-table__body tbody tr')
    await waitUntil(async () => (await rows.count()) === 7, 'all 7 licences')
    expect(browser.problems).toEqual([])
  })

  it('each fireworks-licence count opens the outlets list with exactly that many outlets', async () => {
    const { page } = browser
    const card = 'reminder-fireworksLicence.validTo'
    for (const [key, name] of [
      ['expired', '东湖烟花零售点'],
      ['expiring', '西岭烟花零售点'],
    ] as const) {
      await shell.navigate('工作台')
      await page.getByTestId(card).waitFor()
      const n = await countOf(card, key)
      expect(n).toBe(1)
      await page.getByTestId(card).getByTestId(`count-${key}`).click()
      await page.getByTestId('expiry-filter').waitFor()
      await waitUntil(
        async () => (await page.getByTestId('result-count').locator('b').innerText()) === String(n),
        `${key}: ${n} outlet`,
      )
      expect(await page.locator('.el-table__body tbody tr').count()).toBe(n)
      expect(await page.locator('.el-table__body').innerText()).toContain(name)
      if (key === 'expiring') await browser.screenshot('reminder-cards-fireworks-expiring')
    }
    expect(browser.problems).toEqual([])
  })
})
