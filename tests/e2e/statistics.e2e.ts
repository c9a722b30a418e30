import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { docxText } from './pages/docx-text'
import { waitUntil } from './pages/wait'

/** A 4 × 3 px PNG (a real image: the core checks the signature). */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGM4oaEBRww4OQAHpg0hlLAT/AAAAABJRU5ErkJggg=='

interface Stats {
  values: { key: string; value: number | null }[]
  summary: string
}

describe('统计', () => {
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

  it('shows the year’s numbers; each opens a list of exactly that many records', async () => {
    const page = browser.page
    const year = new Date().getFullYear()
    const stats = await api<Stats>(server, 'stats.compute', { from: `${year}-01-01`, to: `${year}-12-31` })
    const value = (k: string) => stats.values.find((v) => v.key === k)?.value ?? -1
    expect(value('hazards')).toBeGreaterThan(0)

    await new AppShell(page).navigate('统计')
    const summary = page.getByTestId('stats-summary')
    await summary.waitFor()
    expect((await summary.innerText()).replace(/\s+/g, '')).toContain(stats.summary.replace(/\s+/g, ''))
    await page.waitForTimeout(400) // charts draw
    await browser.screenshot('50-statistics')

    // the summary draft (.docx) says the same numbers as the page
    const download = page.waitForEvent('download')
    await page.getByTestId('stats-docx').click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^安全生产工作总结（草稿）-.*\.docx$/)
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stats-')), 'summary.docx')
    await file.saveAs(saved)
    expect(docxText(fs.readFileSync(saved))).toContain(stats.summary)

    await page.getByTestId('stat-link-hazards').click()
    await waitUntil(async () => page.url().includes('/inspections/hazards'), 'hazard list')
    await waitUntil(
      async () => (await page.getByTestId('result-count').innerText()).includes(`共 ${value('hazards')} 处`),
      `hazard list shows ${value('hazards')}`,
    )

    // 挂牌督办 opens the hazard list with its own filter
    await page.goBack()
    await page.getByTestId('stat-link-supervisedHazards').click()
    await waitUntil(async () => page.url().includes('f.supervisionLevel=city'), 'supervised filter')
    await waitUntil(
      async () =>
        (await page.getByTestId('result-count').innerText()).includes(`共 ${value('supervisedHazards')} 处`),
      `supervised hazards ${value('supervisedHazards')}`,
    )

    await page.goBack()
    await page.getByTestId('stat-link-inspectedEnterprises').click()
    await waitUntil(async () => page.url().includes('/enterprises'), 'enterprise list')
    await waitUntil(
      async () =>
        (await page.getByTestId('result-count').innerText()).includes(
          `共 ${value('inspectedEnterprises')} 家`,
        ),
      'inspected enterprises',
    )

    await page.goBack()
    await page.getByTestId('stat-link-documents.rectification_opinion').click()
    await waitUntil(async () => page.url().includes('/inspections/documents'), 'document list')
    await waitUntil(
      async () =>
        (await page.locator('.result-count').innerText()).includes(
          `共 ${value('documents.rectification_opinion')} 份`,
        ),
      'orders',
    )

    // 活动记录, a ledger on the kit: the training count opens the activity list filtered the same way
    await page.goBack()
    await page.getByTestId('stat-link-trainings').click()
    await waitUntil(async () => page.url().includes('/activities'), 'activity list')
    await waitUntil(
      async () =>
        (await page.getByTestId('result-count').innerText()).includes(`共 ${value('trainings')} 次`),
      'trainings',
    )
    await browser.screenshot('51-activities')
    expect(browser.problems).toEqual([])
  })

  it('counts 责任书 with villages apart from enterprises, and hazards by category, each opening its list', async () => {
    const page = browser.page
    const year = new Date().getFullYear()
    const stats = await api<Stats & { categories: { name: string; hazards: number }[] }>(
      server,
      'stats.compute',
      { from: `${year}-01-01`, to: `${year}-12-31` },
    )
    const value = (k: string) => stats.values.find((v) => v.key === k)?.value ?? -1
    expect(value('villageLetters')).toBeGreaterThan(0)

    await new AppShell(page).navigate('统计')
    await page.getByTestId('stats-summary').waitFor()
    await page.getByTestId('stat-link-villageLetters').click()
    await waitUntil(async () => page.url().includes('/letters'), 'letter list')
    await waitUntil(
      async () =>
        (await page.getByTestId('result-count').innerText()).includes(`共 ${value('villageLetters')} 份`),
      'village letters',
    )
    // the same menu item's other half, and back
    expect(await page.getByTestId('activity-tabs').innerText()).toContain('活动记录')
    await browser.screenshot('52-letters')

    await page.goBack()
    const top = stats.categories[0]
    if (!top) throw new Error('demo has no hazard categories')
    const table = page.getByTestId('breakdown-categories')
    await table.scrollIntoViewIfNeeded()
    await browser.screenshot('53-breakdowns')
    await table
      .locator('a', { hasText: String(top.hazards) })
      .first()
      .click()
    await waitUntil(async () => page.url().includes('/inspections/hazards'), 'hazard list')
    await waitUntil(
      async () => (await page.getByTestId('result-count').innerText()).includes(`共 ${top.hazards} 处`),
      `category ${top.name}`,
    )
    expect(await page.getByTestId('filter-tag-category').innerText()).toContain(top.name)
    expect(browser.problems).toEqual([])
  })
  it('counts outlets inspected, 重大危险源 by grade and duty days; each opens exactly those records', async () => {
    const page = browser.page
    const year = new Date().getFullYear()
    const stats = await api<Stats>(server, 'stats.compute', { from: `${year}-01-01`, to: `${year}-12-31` })
    const value = (k: string) => stats.values.find((v) => v.key === k)?.value ?? -1
    expect(value('fireworks.inspected')).toBeGreaterThan(0)
    expect(value('chemicals.majorHazards.2')).toBeGreaterThan(0)
    expect(value('duty.days')).toBeGreaterThan(0)

    const shell = new AppShell(page)
    await shell.navigate('统计')
    await page.getByTestId('stats-summary').waitFor()
    const link = page.getByTestId('stat-link-fireworks.inspected')
    await link.scrollIntoViewIfNeeded()
    await browser.screenshot('54-statistics-ledgers')
    await link.click()
    await waitUntil(
      async () => page.url().includes('/fireworks') && page.url().includes('inspectedFrom'),
      'outlets',
    )
    await waitUntil(
      async () =>
        (await page.getByTestId('result-count').locator('b').innerText()) ===
        String(value('fireworks.inspected')),
      `outlets inspected ${value('fireworks.inspected')}`,
    )
    // the table shows exactly those rows, and the filter says what it is
    await waitUntil(
      async () =>
        (await page.getByTestId('fireworksOutlet-table').locator('.el-table__body tr').count()) ===
        value('fireworks.inspected'),
      'outlet rows',
    )
    expect(await page.getByTestId('inspected-filter').innerText()).toContain(`${year}-01-01 至 ${year}-12-31`)
    await browser.screenshot('55-outlets-inspected')

    await page.goBack()
    await page.getByTestId('stat-link-chemicals.majorHazards.2').click()
    await waitUntil(
      async () => page.url().includes('/chemicals') && page.url().includes('grade=2'),
      'register',
    )
    await waitUntil(
      async () =>
        (await page.getByTestId('register').locator('.el-table__body tr').count()) ===
        value('chemicals.majorHazards.2'),
      'grade 2 units',
    )
    expect(await page.getByTestId('grade-filter').innerText()).toContain('二级重大危险源')
    await browser.screenshot('56-register-grade')

    await page.goBack()
    await page.getByTestId('stat-link-duty.days').click()
    await waitUntil(async () => page.url().includes('/duty') && page.url().includes('covered=1'), 'roster')
    await waitUntil(
      async () =>
        (await page.getByTestId('roster-list').locator('.el-table__body tr').count()) === value('duty.days'),
      'duty days',
    )
    expect(browser.problems).toEqual([])
  })
  it('a meeting counted in 统计 takes its minutes: attached, listed, viewed and saved back intact', async () => {
    const page = browser.page
    const year = new Date().getFullYear()
    const stats = await api<Stats>(server, 'stats.compute', { from: `${year}-01-01`, to: `${year}-12-31` })
    const meetings = stats.values.find((v) => v.key === 'meetings')?.value ?? 0
    expect(meetings).toBeGreaterThan(0)

    await new AppShell(page).navigate('统计')
    await page.getByTestId('stats-summary').waitFor()
    await page.getByTestId('stat-link-meetings').click()
    await waitUntil(async () => page.url().includes('/activities'), 'meeting list')
    await waitUntil(
      async () => (await page.getByTestId('result-count').innerText()).includes(`共 ${meetings} 次`),
      'meetings',
    )
    const row = page.getByTestId('activity-table').locator('.el-table__row').first()
    const title = (await row.getByTestId('open-dossier').innerText()).trim()
    await row.getByTestId('open-attachments').click()
    const dialog = page.getByTestId('attachments-dialog')
    await dialog.waitFor()
    expect(await dialog.innerText()).toContain(title)

    // the minutes as a PDF, and a photo of the meeting (named .jpg, really a PNG: the content decides)
    const minutes = Buffer.from(`%PDF-1.4\n% ${title} 会议纪要\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`)
    const files = [
      { name: '会议纪要.pdf', mimeType: 'application/pdf', buffer: minutes },
      { name: '会场照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(PNG_BASE64, 'base64') },
    ]
    for (const [i, file] of files.entries()) {
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByTestId('attachment-add').click(),
      ])
      await chooser.setFiles(file)
      await waitUntil(
        async () => (await dialog.getByTestId('attachment-name').count()) === i + 1,
        `${file.name} attached`,
      )
    }
    expect(await dialog.getByTestId('attachment-name').allInnerTexts()).toEqual([
      '会议纪要.pdf',
      '会场照片.png',
    ])
    await dialog.getByTestId('attachment-view').click()
    const img = dialog.getByTestId('attachment-preview').locator('img')
    await img.waitFor()
    expect(await img.getAttribute('src')).toMatch(/^blob:/)
    await browser.screenshot('57-meeting-attachments')

    const download = page.waitForEvent('download')
    await dialog.getByTestId('attachment-download').first().click()
    const file = await download
    expect(file.suggestedFilename()).toBe('会议纪要.pdf')
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'minutes-')), 'm.pdf')
    await file.saveAs(saved)
    expect(fs.readFileSync(saved).equals(minutes)).toBe(true)

    // the list shows the count on the meeting's row
    await page.keyboard.press('Escape')
    await waitUntil(
      async () => (await row.getByTestId('open-attachments').innerText()).trim() === '2',
      'count 2',
    )
    await browser.screenshot('58-meetings-with-attachments')
    expect(browser.problems).toEqual([])
  })
})
