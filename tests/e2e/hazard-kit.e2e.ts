import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { EnterpriseForm } from './pages/enterprise-form'
import { waitUntil } from './pages/wait'

// The hazard ledger on the kit, as a clerk meets it: the form saves only what was changed (the
// other fields, and the lifecycle, stay as they were) and the hazard's history shows that change.

interface Hazard {
  id: number
  version: number
  description: string
  deadline: string | null
  responsiblePerson: string | null
  measures: string | null
  grade: string
  storedStatus: string
}

describe('hazard ledger on the kit', () => {
  let server: Server
  let browser: Browser
  let shell: AppShell
  let form: EnterpriseForm

  beforeAll(async () => {
    server = await startServer()
    await api(server, 'demo.load')
    browser = await startBrowser(server)
    shell = new AppShell(browser.page)
    form = new EnterpriseForm(browser.page)
    await shell.navigate('检查与隐患')
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await browser?.screenshot(`failed-${ctx.task.name.slice(0, 40)}`)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('changing only 整改责任人 keeps every other field, and the history shows only that change', async () => {
    const { page } = browser
    const list = await api<{ rows: Hazard[] }>(server, 'hazard.list', {
      filters: { status: { in: ['rectifying'] } },
      pageSize: 50,
    })
    const picked = list.rows.find((h) => h.deadline)
    expect(picked, 'a demo hazard in 整改中 with a deadline').toBeTruthy()
    await api(server, 'hazard.update', {
      id: picked!.id,
      version: picked!.version,
      data: { measures: '更换老化线路，加装漏电保护器' },
    })
    const before = await api<Hazard>(server, 'hazard.get', { id: picked!.id })

    await page.goto(`${server.url}#/inspections/hazards?open=${before.id}`)
    const drawer = page.locator('.el-drawer.hazard-drawer')
    await drawer.getByTestId('hazard-description').waitFor()
    await drawer.getByTestId('hazard-edit').click()
    await form.waitOpen()
    await waitUntil(async () => (await form.value('description')) === before.description, 'form filled')
    expect(await form.value('deadline')).toBe(before.deadline)
    await form.fill('responsiblePerson', '赵整改')
    await browser.screenshot('hazard-kit-form')
    await form.save()
    await shell.waitForToast('已保存')
    await form.waitClosed()

    const after = await api<Hazard>(server, 'hazard.get', { id: before.id })
    expect(after).toMatchObject({
      description: before.description,
      deadline: before.deadline,
      measures: before.measures,
      grade: before.grade,
      storedStatus: before.storedStatus,
      responsiblePerson: '赵整改',
      version: before.version + 1,
    })
    const history = await api<{ action: string; changes: { field: string; afterText?: string }[] }[]>(
      server,
      'hazard.history',
      { id: before.id },
    )
    expect(history[0]?.action).toBe('update')
    expect(history[0]?.changes.map((c) => c.field)).toEqual(['responsiblePerson'])

    // The drawer shows the new value and its 修改记录 lists exactly that change.
    await waitUntil(async () => (await drawer.innerText()).includes('赵整改'), 'drawer refreshed')
    await drawer.getByTestId('hazard-history').click()
    // (the list has its own history drawer for its 记录 buttons, closed)
    const historyDrawer = page.locator('.history-drawer:visible')
    await historyDrawer.waitFor()
    await waitUntil(async () => (await historyDrawer.innerText()).includes('赵整改'), 'history shown')
    const latest = historyDrawer.locator('.el-timeline-item').first()
    expect(await latest.locator('.history-action').innerText()).toBe('修改')
    const lines = await latest.locator('.history-lines li').allInnerTexts()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^整改责任人：.*→\s*赵整改$/)
    await browser.screenshot('hazard-kit-history')
    expect(browser.problems).toEqual([])
  })

  it('the hazard list finds an enterprise’s hazards by its pinyin initials', async () => {
    const { page } = browser
    const expected = await api<{ total: number; rows: { enterpriseName: string }[] }>(server, 'hazard.list', {
      query: 'jnyssl',
      pageSize: 100,
    })
    expect(expected.total).toBeGreaterThan(0)
    expect(new Set(expected.rows.map((r) => r.enterpriseName))).toEqual(new Set(['江南永盛塑料制品有限公司']))
    await page.goto(`${server.url}#/inspections/hazards`)
    await page.reload() // the first test's drawers close
    const search = page.locator('.filter-search input')
    await search.fill('jnyssl')
    await search.press('Enter')
    await page
      .getByTestId('result-count')
      .filter({ hasText: String(expected.total) })
      .waitFor()
    const names = await page
      .getByTestId('hazard-table')
      .locator('.el-table__body tr td:nth-child(2)')
      .allInnerTexts()
    expect(names.length).toBe(expected.total)
    expect(names.every((n) => n.includes('江南永盛塑料制品有限公司'))).toBe(true)
    await browser.screenshot('hazard-kit-search-initials')
    expect(browser.problems).toEqual([])
  })
})
