import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, runCli, SCREENSHOT_DIR, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import {
  HazardDrawerPage,
  InspectionDetailPage,
  InspectionForm,
  InspectionListPage,
  PrintPreviewPage,
} from './pages/inspection-pages'
import { waitUntil } from './pages/wait'

// Issue 4, "Done means": an inspection from a checklist, two 不符合 items turned into hazards (one
// 重大), the order issued, previewed and saved as PDF; then the re-inspection, the 整改复查意见书 and
// one hazard closed. The PDFs are read back with pdftotext and rendered with pdftoppm for a look.

interface Hazard {
  id: number
  description: string
  grade: 'general' | 'major'
  deadline: string | null
  status: string
}

/** A 4 × 3 px PNG (a real image: the core checks the signature). */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGM4oaEBRww4OQAHpg0hlLAT/AAAAABJRU5ErkJggg=='

const chineseDate = (d: string): string => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number]
  return `${y}年${m}月${day}日`
}
const squash = (s: string): string => s.replace(/\s+/g, '')

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
}

function pdfPages(file: string, name: string): string[] {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const prefix = path.join(SCREENSHOT_DIR, name)
  for (const f of fs.readdirSync(SCREENSHOT_DIR))
    if (f.startsWith(`${name}-`)) fs.rmSync(path.join(SCREENSHOT_DIR, f))
  execFileSync('pdftoppm', ['-r', '60', '-png', file, prefix])
  return fs.readdirSync(SCREENSHOT_DIR).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
}

describe('检查与隐患: inspection → hazards → order → PDF → re-inspection → 复查意见书', () => {
  let server: Server
  let browser: Browser
  let enterprise: { id: number; name: string }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-pdf-'))

  beforeAll(async () => {
    server = await startServer()
    await api(server, 'demo.load')
    // An enterprise without open hazards, so the 复查 card lists exactly this test's two.
    const open = await api<{ rows: { enterpriseId: number }[] }>(server, 'hazard.list', {
      presets: ['notClosed'],
      pageSize: 500,
    })
    const busy = new Set(open.rows.map((h) => h.enterpriseId))
    const all = await api<{ rows: { id: number; name: string }[] }>(server, 'enterprise.list', {
      pageSize: 500,
      statuses: ['operating'],
    })
    const free = all.rows.find((e) => !busy.has(e.id) && e.name.length >= 6)
    if (!free) throw new Error('no demo enterprise without open hazards')
    enterprise = free
    browser = await startBrowser(server)
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await browser?.screenshot(`failed-${ctx.task.name.slice(0, 40)}`)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  let orderNumber = ''
  let hazards: Hazard[] = []
  let inspectionId = 0

  it('creates an inspection from a checklist and turns two 不符合 items into hazards, one 重大', async () => {
    const { page } = browser
    const shell = new AppShell(page)
    const list = new InspectionListPage(page)
    await shell.navigate('检查与隐患')
    await list.rows().first().waitFor()
    await browser.screenshot('40-inspection-list')

    const form = new InspectionForm(page)
    await form.open()
    await form.enterprise(enterprise.name)
    await form.inspectors(['陈立群', '周雅婷'])
    await form.template('工贸企业通用')
    await browser.screenshot('41-inspection-form')
    await form.save()

    const detail = new InspectionDetailPage(page)
    await detail.waitLoaded()
    inspectionId = Number(/#\/inspections\/(\d+)/.exec(page.url())?.[1])
    expect(inspectionId).toBeGreaterThan(0)
    const before = await api<{ checklist: { position: number; majorHazardIf: boolean; text: string }[] }>(
      server,
      'inspection.get',
      { id: inspectionId },
    )
    const generalItem = before.checklist.find((c) => !c.majorHazardIf)
    const general = generalItem?.position as number
    const major = before.checklist.find((c) => c.majorHazardIf)?.position as number
    expect(general && major).toBeTruthy()

    await detail.result(general, 'fail')
    // 登记隐患 offers the finding, never the requirement read as a fact; the inspector rewords it
    expect(await detail.offeredFinding(general)).toBe(`未做到：${generalItem?.text}`)
    const wording = '现场未配备合格有效的灭火器，配电箱前堆放纸箱'
    await detail.toHazard(general, wording)
    await detail.result(major, 'fail')
    await detail.toHazard(major)
    await page.getByTestId('rest-pass').click()
    await waitUntil(async () => (await page.getByTestId('rest-pass').count()) === 0, 'every item recorded')
    await waitUntil(async () => (await detail.hazards().count()) === 2, 'two hazards listed')

    const after = await api<{ hazards: Hazard[]; checklist: { result: string | null }[] }>(
      server,
      'inspection.get',
      { id: inspectionId },
    )
    hazards = after.hazards
    expect(hazards.map((h) => h.grade).sort()).toEqual(['general', 'major'])
    expect(hazards.find((h) => h.grade === 'general')?.description).toBe(wording)
    expect(hazards.every((h) => !h.description.startsWith('不符合要求'))).toBe(true)
    expect(hazards.every((h) => h.deadline !== null)).toBe(true)
    expect(after.checklist.every((c) => c.result !== null)).toBe(true)
    await page.getByTestId('issue-order').scrollIntoViewIfNeeded()
    await browser.screenshot('42-inspection-detail')
    expect(browser.problems).toEqual([])
  })

  it('issues the order, shows the A4 preview and saves the PDF with number, enterprise, hazards and deadlines', async () => {
    const { page } = browser
    const detail = new InspectionDetailPage(page)
    await detail.issueOrder()
    await new AppShell(page).confirm()
    const preview = new PrintPreviewPage(page)
    await preview.waitReady()
    orderNumber = await preview.number()
    // The demo township has no delegated power (无委托): a 限期整改意见书 in its own name.
    expect(orderNumber).toMatch(/^（青）应急整改〔\d{4}〕\d+号$/)
    await browser.screenshot('43-print-preview-order')

    // Browser mode cannot write a PDF from the page: the CLI renders the same print view in
    // Chromium over the same data directory and archives it.
    const file = path.join(tmp, 'order.pdf')
    const r = await runCli(server, ['print', orderNumber, '--pdf', file])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const text = squash(pdfText(file))
    expect(text).toContain(squash(orderNumber))
    expect(text).toContain(enterprise.name)
    for (const h of hazards) expect(text).toContain(squash(h.description).replace(/。$/, ''))
    for (const h of hazards) expect(text).toContain(chineseDate(h.deadline as string))
    expect(text).toContain('其中事故隐患第')
    expect(text).toContain('属于重大事故隐患')
    expect(text).toContain('安全生产监督检查文书')
    expect(text).toContain('将依法上报禾川县应急管理局进行查处')
    expect(text).not.toContain('申请行政复议') // not an administrative decision: no 复议/诉讼 paragraph
    expect(text).toMatch(/共\d页第1页/)
    const pngs = pdfPages(file, '45-order-pdf')
    expect(pngs.length).toBeGreaterThan(0)

    const doc = await api<{ hasPdf: boolean }>(server, 'document.get', { number: orderNumber })
    expect(doc.hasPdf).toBe(true)
    await preview.back()
    await new InspectionDetailPage(page).waitLoaded()
    expect(browser.problems).toEqual([])
  })

  it('records the re-inspection, closes one hazard and issues the 整改复查意见书 citing the order', async () => {
    const { page } = browser
    const list = new InspectionListPage(page)
    await page.getByRole('button', { name: '检查台账' }).click()
    await list.rows().first().waitFor()
    const form = new InspectionForm(page)
    await form.open()
    await form.enterprise(enterprise.name)
    await form.type('复查')
    await form.inspectors(['吴卫东', '陈立群'])
    await form.save()
    const detail = new InspectionDetailPage(page)
    await detail.waitLoaded()
    await page.getByTestId('reinspection-card').locator('.hz-line').nth(1).waitFor()
    await browser.screenshot('44a-reinspection-detail')

    const general = hazards.find((h) => h.grade === 'general') as Hazard
    const major = hazards.find((h) => h.grade === 'major') as Hazard
    const drawer = new HazardDrawerPage(page)
    await detail.openEarlierHazard(general.description.slice(0, 12))
    await drawer.step('reinspectPass')
    await drawer.submitStep()
    await waitUntil(async () => (await drawer.status()) === '已销号', 'hazard closed')
    await browser.screenshot('44-hazard-drawer-closed')
    await drawer.close()

    await detail.openEarlierHazard(major.description.slice(0, 12))
    // A 重大事故隐患 is not closed without its 上报/移送 record; the message says what is missing.
    expect(await drawer.refusedStep('reinspectPass')).toContain('销号前须登记上报或移送情况')
    await drawer.escalate('移送', '禾川县应急管理局', '青禾安移〔2026〕7号')
    await waitUntil(
      async () => (await drawer.escalation()).includes('移送禾川县应急管理局（青禾安移〔2026〕7号）'),
      'transfer recorded',
    )
    await drawer.step('reinspectFail')
    await browser.screenshot('44b-hazard-reinspect-fail')
    await drawer.submitStep()
    await waitUntil(
      async () => (await drawer.status()) === '整改中',
      'major hazard back to 整改中 with a new deadline',
    )
    await drawer.close()

    await page.getByTestId('issue-reinspection').click()
    await page.getByTestId('issue-reinspection-confirm').click()
    await new AppShell(page).confirm()
    const preview = new PrintPreviewPage(page)
    await preview.waitReady()
    const reviewNumber = await preview.number()
    expect(reviewNumber).toMatch(/^（青）应急复查〔\d{4}〕\d+号$/)
    await browser.screenshot('46-print-preview-reinspection')

    const file = path.join(tmp, 'review.pdf')
    const r = await runCli(server, ['print', reviewNumber, '--pdf', file])
    expect(r.status).toBe(0)
    const text = squash(pdfText(file))
    expect(text).toContain(squash(reviewNumber))
    expect(text).toContain(enterprise.name)
    expect(text).toContain(`[${squash(orderNumber)}]`)
    expect(text).toContain('整改合格')
    expect(text).toContain('未整改合格，要求于')
    expect(text).toContain('重大事故隐患已于')
    expect(text).toContain('移送禾川县应急管理局（青禾安移〔2026〕7号）')
    pdfPages(file, '47-reinspection-pdf')

    const closed = await api<Hazard>(server, 'hazard.get', { id: general.id })
    expect(closed.status).toBe('closed')
    const open = await api<Hazard>(server, 'hazard.get', { id: major.id })
    expect(open.status).toBe('rectifying')
    expect(browser.problems).toEqual([])
  })

  it('shows the hazard ledger, documents, setup and batch print screens', async () => {
    const { page } = browser
    await page.getByTestId('print-toolbar').getByRole('button', { name: '返回' }).click()
    await new InspectionDetailPage(page).waitLoaded()
    await page.getByTestId('print-all').click()
    await new PrintPreviewPage(page).waitReady()
    expect(await page.locator('.sheet').count()).toBeGreaterThanOrEqual(1)
    await browser.screenshot('48-batch-print')
    await page.getByTestId('print-toolbar').getByRole('button', { name: '返回' }).click()

    // A hazard found outside the checklist is registered on the inspection directly.
    await new InspectionDetailPage(page).waitLoaded()
    await page.getByTestId('add-hazard').click()
    const dialog = page.locator('.el-dialog.new-hazard-dialog')
    await dialog.locator('textarea').first().fill('二楼仓库疏散通道堆放货物')
    await dialog.getByRole('button', { name: '保存' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByTestId('inspection-hazard').filter({ hasText: '二楼仓库疏散通道堆放货物' }).waitFor()

    const shell = new AppShell(page)
    const list = new InspectionListPage(page)
    await shell.navigate('检查与隐患')
    await list.tab('hazards')
    await list.rows().first().waitFor()
    await browser.screenshot('49-hazard-list')
    await list.rows().first().dblclick()
    await page.getByTestId('hazard-drawer').locator('.desc').waitFor()
    // A photo goes through the file picker, is stored by hash and comes back as a blob: thumbnail (CSP allows blob: images).
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId('add-photo').click(),
    ])
    await chooser.setFiles({
      name: '现场照片.png',
      mimeType: 'image/png',
      buffer: Buffer.from(PNG_BASE64, 'base64'),
    })
    const thumb = page.locator('.hazard-drawer .thumb img')
    await thumb.waitFor()
    expect(await thumb.getAttribute('src')).toMatch(/^blob:/)
    await browser.screenshot('50-hazard-drawer')
    await new HazardDrawerPage(page).close()

    await list.tab('documents')
    await page.getByTestId('document-table').locator('tr.el-table__row').first().waitFor()
    await browser.screenshot('51-documents')
    await list.tab('inspection-setup')
    await page.getByTestId('staff-table').locator('tr.el-table__row').first().waitFor()
    await browser.screenshot('52-setup')

    await shell.navigate('数据与设置')
    await page.getByTestId('document-settings').scrollIntoViewIfNeeded()
    await browser.screenshot('53-settings-documents')
    // The deadline rules cite the regulation from settings; the article waits for the office to confirm it.
    const citation = page.getByTestId('rule-citation')
    expect(await citation.innerText()).toBe(
      '《安全生产违法行为行政处罚办法》（应急管理部令第18号）（条款待核实）',
    )
    await page.getByTestId('rule-article').fill('第十九条')
    expect(await citation.innerText()).toBe('《安全生产违法行为行政处罚办法》（应急管理部令第18号）第十九条')
    expect(browser.problems).toEqual([])
  })

  it('links each 工作台 hazard badge to a list of exactly that many hazards', async () => {
    const { page } = browser
    const shell = new AppShell(page)
    const list = new InspectionListPage(page)
    const dash = await api<{ overdue: number; dueIn7Days: number; reviewsDue: number }>(
      server,
      'dashboard.hazards',
    )
    expect(dash.overdue).toBeGreaterThan(0)
    for (const [badge, value, param] of [
      ['overdue', dash.overdue, 'p=overdue'],
      ['due7', dash.dueIn7Days, 'p=dueSoon'],
      ['reviewDue', dash.reviewsDue, 'f.status=awaiting_review'],
    ] as const) {
      await shell.navigate('工作台')
      const b = page.getByTestId(`badge-${badge}`)
      await b.waitFor()
      expect(Number(await b.locator('b').innerText())).toBe(value)
      if (badge === 'overdue') await browser.screenshot('54-home-badges')
      await b.click()
      await list.waitForTotal(value)
      expect(page.url()).toContain(param)
      if (badge === 'overdue' || badge === 'reviewDue') {
        // The list shows every hazard the badge opens under the status the badge names.
        const rows = await list.rows().count()
        expect(rows).toBe(Math.min(value, 20))
        const statuses = await page
          .getByTestId('hazard-table')
          .locator('tr.el-table__row .el-tag')
          .allInnerTexts()
        expect(new Set(statuses.map((s) => s.trim()))).toEqual(
          new Set([badge === 'overdue' ? '逾期未改' : '待复查']),
        )
        if (badge === 'overdue') await browser.screenshot('55-hazard-list-overdue')
      }
    }
    expect(browser.problems).toEqual([])
  })

  it("an entrusted township (委托) prints the county bureau's name, seal and number prefix", async () => {
    const { page } = browser
    const shell = new AppShell(page)
    await shell.navigate('数据与设置')
    await page.getByTestId('document-settings').waitFor()
    await page.getByTestId('authority-entrusted').click()
    await page.getByTestId('doc-entrustingOrgan').fill('禾川县应急管理局')
    await page.getByTestId('doc-entrustingAbbreviation').fill('禾')
    await page.getByTestId('doc-authorityBasis').fill('禾应急委〔2026〕3号')
    await browser.screenshot('56-settings-entrusted')
    await page.getByTestId('save-doc-settings').click()
    await shell.waitForToast(/文书设置已保存/)
    const { settings } = await api<{ settings: { authority: string; documentFamily: string } }>(
      server,
      'document.settings',
    )
    expect(settings).toMatchObject({ authority: 'entrusted', documentFamily: 'enforcement' })

    const { today } = await api<{ today: string }>(server, 'hazard.rules')
    const staff = await api<{ id: number; certificateNo: string | null }[]>(server, 'staff.list')
    const insp = await api<{ id: number }>(server, 'inspection.create', {
      enterpriseId: enterprise.id,
      place: '仓库',
      startedAt: `${today} 08:00`,
      endedAt: `${today} 08:40`,
      type: 'daily',
      findings: '',
      templateId: null,
      inspectorIds: staff
        .filter((x) => x.certificateNo)
        .slice(0, 2)
        .map((x) => x.id),
    })
    await api(server, 'hazard.create', {
      inspectionId: insp.id,
      description: '仓库内电动车违规充电',
      grade: 'general',
      deadline: today,
    })
    const order = await api<{ number: string }>(server, 'document.issue', {
      type: 'rectification_order',
      inspectionId: insp.id,
    })
    expect(order.number).toMatch(/^（禾）应急责改〔\d{4}〕\d+号$/)
    const file = path.join(tmp, 'entrusted.pdf')
    const r = await runCli(server, ['print', order.number, '--pdf', file])
    expect(r.status).toBe(0)
    const text = squash(pdfText(file))
    expect(text).toContain(squash(order.number))
    expect(text).toContain('禾川县应急管理局（印章）')
    expect(text).toContain('一份由禾川县应急管理局备案')
    expect(text).not.toContain('青禾镇人民政府')
    pdfPages(file, '57-entrusted-order-pdf')
    expect(browser.problems).toEqual([])
  })
})
