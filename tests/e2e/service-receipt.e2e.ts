import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, SCREENSHOT_DIR, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { waitUntil } from './pages/wait'

// Issue 9, item 6: a 送达回执 for a decision-type document (REFERENCE.md §1.7). The clerk records a refusal
// (留置送达) with its reason and a witness from the documents register, prints the receipt and the PDF
// shows every field filled: document name and number, 受送达人, time, place, method, the person who
// refused, 送达人, 见证人 and 拒收事由. The PDF page is rendered with pdftoppm for a look.

const squash = (s: string): string => s.replace(/\s+/g, '')

interface Doc {
  id: number
  number: string
  typeLabel: string
  enterpriseName: string
  issuedOn: string
}

describe('送达回执: record a refusal (留置送达) and print the receipt', () => {
  let server: Server
  let browser: Browser
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-receipt-'))

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
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  it('records 留置送达 with reason and witness, and the printed receipt carries every field', async () => {
    const { page } = browser
    const list = await api<{ rows: Doc[] }>(server, 'document.list', {
      types: ['rectification_order', 'rectification_opinion'],
      voided: false,
      pageSize: 1,
    })
    const doc = list.rows[0] as Doc
    const full = await api<{ payload: { enterprise: { address: string | null } } }>(server, 'document.get', {
      id: doc.id,
    })
    await new AppShell(page).navigate('检查与隐患')
    await page.goto(`${server.url}#/inspections/documents`)
    await page.getByPlaceholder('文书编号/企业').fill(doc.number)
    const row = page.getByTestId('document-table').locator('.el-table__row', { hasText: doc.number }).first()
    await row.waitFor()
    // The 现场检查记录 is signed on site; only decision-type documents offer 送达.
    await row.getByTestId('serve-document').click()
    const dialog = page.locator('.el-dialog.service-dialog')
    await dialog.waitFor({ state: 'visible' })
    await dialog.getByTestId('service-method').getByText('留置送达').click()
    await dialog.getByTestId('service-recipient').fill('张建国')
    await dialog.getByTestId('service-recipient-role').fill('法定代表人')
    await dialog.getByTestId('service-submit').click()
    // Without a reason the core refuses and says what the receipt needs.
    await waitUntil(
      async () => (await dialog.getByTestId('service-error').innerText()).includes('拒收事由'),
      'refusal reason required',
    )
    await dialog.getByTestId('service-refusal').fill('负责人拒绝签收，称整改期限过短')
    await dialog.getByTestId('witness-name-0').fill('王秀兰')
    await dialog.getByTestId('witness-unit-0').fill('东湖村村民委员会')
    await dialog.getByTestId('service-note').fill('文书留置于企业办公室，已拍照')
    await browser.screenshot('48-service-dialog-refusal')
    await dialog.getByTestId('service-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    await row.getByTestId('served-at').filter({ hasText: '留置送达' }).waitFor()
    await browser.screenshot('48a-documents-served')

    await row.getByTestId('print-receipt').click()
    await page.locator('body[data-print-ready="1"]').waitFor({ state: 'attached', timeout: 20_000 })
    expect(await page.getByTestId('receipt-number').innerText()).toContain(doc.number)
    await browser.screenshot('49-receipt-preview')
    const file = path.join(tmp, 'receipt.pdf')
    await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true })
    const text = squash(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }))
    const [y, m, d] = doc.issuedOn.split('-').map(Number) as [number, number, number]
    for (const v of [
      '送达回执',
      `${doc.typeLabel}${doc.number}`, // 送达文书名称及文号
      doc.enterpriseName, // 受送达人
      `${y}年${m}月${d}日15时00分`, // 送达时间 (the dialog's default for an earlier document)
      squash(full.payload.enterprise.address ?? doc.enterpriseName), // 送达地点
      '留置送达', // 送达方式
      '拒收人：张建国（法定代表人）',
      '王秀兰（东湖村村民委员会）', // 见证人
      '拒收事由：负责人拒绝签收，称整改期限过短',
      '文书留置于企业办公室，已拍照',
    ])
      expect(text).toContain(squash(v))
    const served = await api<{ service: { servers: string[] } }>(server, 'document.service', { id: doc.id })
    expect(served.service.servers.length).toBeGreaterThanOrEqual(2)
    expect(text).toContain(squash(served.service.servers.join('、'))) // 送达人
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
    execFileSync('pdftoppm', ['-r', '50', '-png', file, path.join(SCREENSHOT_DIR, '49-receipt-pdf')])
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/)
    expect(browser.problems).toEqual([])
  })
})
