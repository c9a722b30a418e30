import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, SCREENSHOT_DIR, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { EnterpriseForm } from './pages/enterprise-form'
import { EnterpriseListPage } from './pages/enterprise-list-page'
import { InspectionDetailPage, InspectionForm } from './pages/inspection-pages'
import { waitUntil } from './pages/wait'

// 烟花爆竹 as a clerk meets it: a new licensee whose licence lapses next month shows on 工作台;
// renewing is a new licence of the same outlet, and the history lists both; the year-end
// renewal roster prints on A4.

const pad = (n: number) => String(n).padStart(2, '0')
const iso = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
const now = new Date()
const nextMonth = iso(new Date(now.getFullYear(), now.getMonth() + 1, 20))
const lastYear = iso(new Date(now.getFullYear() - 1, now.getMonth() + 1, 21))
const NAME = '澄湾烟花爆竹零售店'

/** The outlet's and the licence's form dialogs are both in the page: each found by its title. */
class Form extends EnterpriseForm {
  constructor(page: Page, title: string) {
    super(page)
    ;(this as { dialog: Locator }).dialog = page
      .locator('.el-dialog.ledger-dialog')
      .filter({ has: page.locator('.el-dialog__title', { hasText: title }) })
  }
}

describe('烟花爆竹 retail licensees', () => {
  let server: Server
  let browser: Browser
  let shell: AppShell
  let outletForm: Form
  let inspection: InspectionForm
  let detail: InspectionDetailPage
  let form: Form

  beforeAll(async () => {
    server = await startServer()
    await api(server, 'demo.load')
    browser = await startBrowser(server)
    shell = new AppShell(browser.page)
    outletForm = new Form(browser.page, '零售点')
    inspection = new InspectionForm(browser.page)
    detail = new InspectionDetailPage(browser.page)
    form = new Form(browser.page, '零售许可证')
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await browser?.screenshot(`failed-${ctx.task.name.slice(0, 40)}`)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  /** The form focuses its first field once its opening animation ends: typing waits for that. */
  async function waitFocused(f: Form, name: string): Promise<void> {
    const input = f.field(name).locator('input').first()
    await waitUntil(() => input.evaluate((el) => el === document.activeElement), `${name} focused`)
  }

  async function fillDate(name: string, value: string): Promise<void> {
    const input = form.field(name).locator('input').first()
    await input.fill(value)
    await input.press('Enter')
  }

  it('the outlet list shows each outlet’s licence, filters by its standing and reveals a phone', async () => {
    const page = browser.page
    await shell.navigate('烟花爆竹')
    const table = page.getByTestId('fireworksOutlet-table')
    await table.getByTestId('licence-state').first().waitFor()
    await browser.screenshot('fireworks-list')
    const all = await api<{ total: number }>(server, 'fireworksOutlet.list', {})
    expect(await page.getByTestId('result-count').locator('b').innerText()).toBe(String(all.total))
    // 有效期止 sorts by the licence that counts today, soonest first, as the core orders it
    await table.locator('thead th', { hasText: '有效期止' }).click()
    await waitUntil(async () => page.url().includes('sort=validTo&order=asc'), 'the sort in the route')
    const sorted = await api<{ rows: { name: string }[] }>(server, 'fireworksOutlet.list', {
      sort: { field: 'validTo', order: 'asc' },
    })
    expect(sorted.rows.at(-1)!.name).not.toBe(sorted.rows[0]!.name)
    await waitUntil(
      async () => (await table.getByTestId('open-outlet').first().innerText()) === sorted.rows[0]!.name,
      'the outlet whose licence ends first on top',
    )
    await browser.screenshot('fireworks-list-by-validity')
    // 过期仍在营: exactly the outlets the core counts, each with a lapsed licence or none
    await page.getByTestId('licence-filter').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '过期仍在营' }).click()
    await waitUntil(async () => page.url().includes('licence=expiredOperating'), 'the filter in the route')
    const lapsed = await api<{ total: number; rows: { name: string }[] }>(server, 'fireworksOutlet.list', {
      extra: { licence: 'expiredOperating' },
    })
    expect(lapsed.total).toBeGreaterThan(0)
    await waitUntil(
      async () => (await page.getByTestId('result-count').locator('b').innerText()) === String(lapsed.total),
      `${lapsed.total} outlets lapsed but operating`,
    )
    for (const t of await table.getByTestId('licence-state').allInnerTexts())
      expect(t).toMatch(/已过期|无许可证/)
    expect(await table.locator('.el-table__body').innerText()).toContain(lapsed.rows[0]!.name)
    // phones come masked; 显示 shows one outlet's whole
    const phone = table.locator('.el-table__body tr').first().locator('.mono').first()
    expect(await phone.innerText()).toMatch(/\*{4}/)
    await table.locator('.el-table__body tr').first().getByTestId('reveal').click()
    await waitUntil(async () => /1\d{10}/.test(await phone.innerText()), 'the phone revealed')
    await browser.screenshot('fireworks-list-expired-operating')
    await page.getByTestId('clear-filters').click()
    await waitUntil(async () => !page.url().includes('licence='), 'the filter cleared')
  })

  it('an enterprise that is an outlet shows it in its 一户一档, and the card opens the list filtered to it', async () => {
    const page = browser.page
    const { rows } = await api<{ rows: { name: string; enterpriseName: string | null }[] }>(
      server,
      'fireworksOutlet.list',
      { pageSize: 100 },
    )
    const linked = rows.find((r) => r.enterpriseName)
    expect(linked).toBeDefined()
    const list = new EnterpriseListPage(page)
    await shell.navigate('企业台账')
    await list.search(linked!.enterpriseName!)
    await list.waitForTotal(1)
    await list.row(linked!.enterpriseName!).getByTestId('open-dossier').click()
    const card = page.getByTestId('dossier').getByTestId('dossier-fireworksOutlets')
    expect(await card.innerText()).toMatch(/烟花爆竹零售点\s*1\s*户/)
    await card.click()
    const table = page.getByTestId('fireworksOutlet-table')
    await waitUntil(async () => page.url().includes('/fireworks?'), 'the outlet list opened')
    await waitUntil(
      async () => (await page.getByTestId('result-count').locator('b').innerText()) === '1',
      'one outlet',
    )
    expect(await table.getByTestId('open-outlet').innerText()).toBe(linked!.name)
    expect(await page.getByTestId('filter-tag-enterpriseId').innerText()).toContain(linked!.enterpriseName!)
    await browser.screenshot('fireworks-from-dossier')
    await page.getByTestId('clear-filters').click()
    await waitUntil(async () => !page.url().includes('enterpriseId'), 'the filter cleared')
  })

  it('a licensee whose licence expires next month is on 工作台', async () => {
    const page = browser.page
    await shell.navigate('烟花爆竹')
    await page.getByTestId('create').click()
    await outletForm.waitOpen()
    await waitFocused(outletForm, 'name')
    await outletForm.fill('name', NAME)
    await outletForm.fill('principal', '周建国')
    await outletForm.fill('phones', '13907910088')
    await outletForm.fill('address', '青禾镇东湖村老街18号')
    await outletForm.choose('villageId', '', '东湖村')
    await outletForm.save()
    await outletForm.waitClosed()
    // A new outlet goes straight on to its licence, typed with ASCII brackets.
    await form.waitOpen()
    await waitFocused(form, 'licenceNo')
    await form.fill('licenceNo', '(赣)LS(2026)0088')
    await fillDate('validFrom', lastYear)
    await fillDate('validTo', nextMonth)
    await form.fill('storageLimit', '50')
    await form.save()
    await form.waitClosed()
    const history = page.getByTestId('licence-history')
    await waitUntil(
      async () => (await history.innerText()).includes('（赣）LS〔2026〕0088'),
      'licence stored full-width',
    )
    await page.keyboard.press('Escape')

    await shell.navigate('工作台')
    const card = page.getByTestId('reminder-fireworksLicence.validTo')
    const item = card.getByTestId('reminder-item').filter({ hasText: NAME })
    await item.waitFor()
    expect(await item.innerText()).toContain(`${nextMonth} 到期`)
    expect(Number(await card.getByTestId('count-expiring').locator('b').innerText())).toBeGreaterThanOrEqual(
      1,
    )
    await browser.screenshot('fireworks-home-reminder')
  })

  it('the outlet is inspected as an outlet with its checklist, and one item becomes its hazard', async () => {
    const page = browser.page
    await shell.navigate('烟花爆竹')
    await page.getByTestId('open-outlet').filter({ hasText: NAME }).click()
    const drawer = page.getByTestId('outlet-drawer')
    await drawer.getByTestId('inspect-outlet').click()
    await inspection.dialog.waitFor({ state: 'visible' })
    expect(await inspection.dialog.getByTestId('inspected-outlet').innerText()).toContain(NAME)
    await inspection.inspectors(['陈立群', '周雅婷'])
    await inspection.save()
    await detail.waitLoaded()
    expect(await page.getByTestId('inspection-title').innerText()).toContain(NAME)
    await waitUntil(async () => (await detail.item(15).count()) === 1, 'the 15-item checklist')
    await detail.result(3, 'fail')
    await detail.toHazard(3)
    await waitUntil(async () => (await detail.hazards().count()) === 1, 'one hazard listed')
    await browser.screenshot('fireworks-outlet-inspection')
    const hazards = await api<{
      rows: { outletName: string; enterpriseId: number | null; outletId: number }[]
    }>(server, 'hazard.list', { query: NAME })
    expect(hazards.rows).toEqual([expect.objectContaining({ outletName: NAME, enterpriseId: null })])
    // No enterprise was invented for the outlet.
    expect((await api<{ total: number }>(server, 'enterprise.list', { query: NAME })).total).toBe(0)
    await shell.navigate('烟花爆竹')
    await page.getByTestId('open-outlet').filter({ hasText: NAME }).click()
    // 一户一档 of the outlet: its inspection and its hazard, each card opening exactly those
    await drawer.getByTestId('outlet-dossier').click()
    const dossier = page.getByTestId('dossier')
    await dossier.getByTestId('dossier-hazards').waitFor()
    expect(await dossier.getByTestId('dossier-inspections').innerText()).toMatch(/检查记录\s*1\s*次/)
    expect(await dossier.getByTestId('dossier-hazards').innerText()).toMatch(/隐患\s*1\s*处/)
    await browser.screenshot('fireworks-outlet-dossier')
    await dossier.getByTestId('dossier-hazards').click()
    await waitUntil(async () => page.url().includes('f.outletId='), 'the hazard list filtered to the outlet')
    await waitUntil(
      async () => (await page.getByTestId('result-count').locator('b').innerText()) === '1',
      'one hazard',
    )
    expect(await page.getByTestId('filter-tag-outletId').innerText()).toContain(NAME)
    await shell.navigate('烟花爆竹')
    await page.getByTestId('open-outlet').filter({ hasText: NAME }).click()
    await drawer.getByTestId('outlet-dossier').click()
    await dossier.getByTestId('dossier-inspections').click()
    await waitUntil(
      async () => page.url().includes('outletIds='),
      'the inspection list filtered to the outlet',
    )
    await waitUntil(
      async () => (await page.locator('.el-table__body tr').count()) === 1,
      'one inspection listed',
    )
    await waitUntil(
      async () => (await page.getByTestId('filter-tag-outletIds').innerText()).includes(NAME),
      'the filter tag names the outlet',
    )
    await shell.navigate('烟花爆竹')
    await page.getByTestId('open-outlet').filter({ hasText: NAME }).click()
    await drawer.getByTestId('renew').waitFor()
  })

  it('renewing adds a new licence to the same outlet and the history shows both', async () => {
    const page = browser.page
    const drawer = page.getByTestId('outlet-drawer')
    await drawer.getByTestId('renew').click()
    await form.waitOpen()
    await waitFocused(form, 'licenceNo')
    // 续证 is prefilled to start the day after the old licence lapses.
    const from = await form.value('validFrom')
    expect(from > nextMonth).toBe(true)
    await form.fill('licenceNo', '（赣）LS〔2027〕0012')
    await form.save()
    await form.waitClosed()
    const rows = drawer.getByTestId('licence-history').locator('tbody tr')
    await waitUntil(async () => (await rows.count()) === 2, 'two licences in the history')
    expect(await rows.nth(0).innerText()).toContain('（赣）LS〔2026〕0088')
    // The old licence runs until next month: it is still the current one, the renewal 未生效.
    expect(await rows.nth(0).innerText()).toContain('当前')
    expect(await rows.nth(1).innerText()).toContain('（赣）LS〔2027〕0012')
    expect(await rows.nth(1).innerText()).toContain('未生效')
    await browser.screenshot('fireworks-licence-history')
    await drawer.locator('.el-drawer__close-btn').click()
    await drawer.waitFor({ state: 'hidden' })
  })

  it('the year-end renewal roster names the coming Spring Festival and prints on A4', async () => {
    const page = browser.page
    await shell.navigate('烟花爆竹')
    await page.getByTestId('open-renewal').click()
    const lead = page.getByTestId('renewal-lead')
    await lead.waitFor()
    const r = await api<{ springFestival: string; rows: unknown[] }>(server, 'fireworks.renewal')
    const [y, m, d] = r.springFestival.split('-').map(Number)
    expect(await lead.innerText()).toContain(`${y}年${m}月${d}日`)
    await browser.screenshot('fireworks-renewal')
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
    const pdf = path.join(SCREENSHOT_DIR, 'fireworks-renewal.pdf')
    await page.emulateMedia({ media: 'print' })
    await page.pdf({
      path: pdf,
      format: 'A4',
      landscape: true,
      printBackground: true,
      preferCSSPageSize: true,
    })
    await page.emulateMedia({ media: 'screen' })
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8')
    expect(text).toContain('春节烟花爆竹零售许可证续证名册')
    execFileSync('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '1', pdf, pdf.replace(/\.pdf$/, '')])
    expect(browser.problems).toEqual([])
  })
})
