import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { ImportPage } from './pages/import-page'

// A licensee list through the import wizard, as a clerk brings last winter's list: from the
// 烟花爆竹 page's 导入 button, the preview counts the outlets and the licence over two years, the
// commit stores each outlet with its licence, and the same file again changes nothing.

const FILE = path.resolve(__dirname, '../fixtures/ledgers/06-fireworks-range.xlsx')

describe('烟花爆竹 import through the wizard', () => {
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

  it('imports each outlet with its licence, the two-year validity as a warning; again, nothing changes', async () => {
    const page = browser.page
    await new AppShell(page).navigate('烟花爆竹')
    await page.getByTestId('import-button').click()
    await page.waitForURL(/#\/import\?ledger=fireworks/)
    const wizard = new ImportPage(page)
    await wizard.chooseFile(FILE)
    await wizard.mappingStep().waitFor()
    await wizard.toPreview()
    await wizard.waitForCount('inserted', 29)
    expect(await wizard.count('errorRows')).toBe(0)
    expect(await wizard.count('warningRows')).toBe(1)
    await browser.screenshot('fireworks-import-preview')
    await wizard.commit()
    expect(await wizard.summary()).toContain('29')
    const list = await api<{ total: number; rows: { licence: { licenceNo: string } | null }[] }>(
      server,
      'fireworksOutlet.list',
      { pageSize: 100 },
    )
    expect(list.total).toBe(29)
    expect(list.rows.every((r) => r.licence !== null)).toBe(true)

    await new AppShell(page).navigate('烟花爆竹')
    await page.getByTestId('import-button').click()
    await page.waitForURL(/#\/import\?ledger=fireworks/)
    const again = new ImportPage(page)
    await again.chooseFile(FILE)
    await again.toPreview()
    await again.waitForCount('unchanged', 29)
    expect(await again.count('inserted')).toBe(0)
    expect(await again.count('updated')).toBe(0)
  })
})
