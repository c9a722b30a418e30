import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, runCli, SCREENSHOT_DIR, startBrowser, startServer, type Browser, type Server } from './harness'
import { PrintPreviewPage } from './pages/inspection-pages'

// Issue 9, item 5: documents on paper. Orders and records are issued over the API, printed by the CLI
// in Chromium (the same print view the app shows), and read back with pdfinfo and pdftotext page by
// page: a one-item order is one page with its item on it; a 12-item order continues on 附页 that
// repeat the number and carry signature lines; every field of the 现场检查记录 is filled, the phone
// whole. Page images go to test-results/screenshots.

interface Enterprise {
  id: number
  name: string
  address: string | null
  principal: string | null
  principalPhone: string | null
}

const squash = (s: string): string => s.replace(/\s+/g, '')

function pageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1])
}

/** The text of one page (1-based), whitespace removed. */
function pageText(file: string, n: number): string {
  return squash(
    execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' }),
  )
}

function pageImages(file: string, name: string): void {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  for (const f of fs.readdirSync(SCREENSHOT_DIR))
    if (f.startsWith(`${name}-`)) fs.rmSync(path.join(SCREENSHOT_DIR, f))
  execFileSync('pdftoppm', ['-r', '60', '-png', file, path.join(SCREENSHOT_DIR, name)])
}

describe('print layout: page 1, 附页, fields', () => {
  let server: Server
  let browser: Browser
  let enterprise: Enterprise
  let inspectorIds: number[] = []
  let certs: string[] = []
  let today = ''
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-layout-'))

  beforeAll(async () => {
    server = await startServer()
    await api(server, 'demo.load')
    // 赋权: the 责令限期整改指令书, the longest form (复议/诉讼 paragraph, certificate numbers).
    await api(server, 'document.updateSettings', {
      authority: 'devolved',
      reviewBody: '禾川县人民政府',
      court: '禾川县人民法院',
    })
    today = (await api<{ today: string }>(server, 'hazard.rules')).today
    const staff = await api<{ id: number; certificateNo: string | null }[]>(server, 'staff.list')
    const withCert = staff.filter((s) => s.certificateNo).slice(0, 2)
    inspectorIds = withCert.map((s) => s.id)
    certs = withCert.map((s) => s.certificateNo as string)
    const list = await api<{ rows: Enterprise[] }>(server, 'enterprise.list', {
      pageSize: 500,
      statuses: ['operating'],
    })
    // Lists mask phones; reveal gives the stored number.
    const e = list.rows.find((r) => r.address && r.principal && r.principalPhone)
    if (!e) throw new Error('no demo enterprise with address, 主要负责人 and phone')
    const { principalPhone } = await api<{ principalPhone: string }>(server, 'enterprise.reveal', {
      id: e.id,
    })
    expect(principalPhone).toMatch(/^1\d{10}$/)
    enterprise = { ...e, principalPhone }
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

  async function inspectionWith(problems: string[], place = '生产车间'): Promise<number> {
    const insp = await api<{ id: number }>(server, 'inspection.create', {
      enterpriseId: enterprise.id,
      place,
      startedAt: `${today} 08:30`,
      endedAt: `${today} 09:40`,
      type: 'daily',
      findings: '',
      templateId: null,
      inspectorIds,
    })
    for (const description of problems)
      await api(server, 'hazard.create', {
        inspectionId: insp.id,
        description,
        grade: 'general',
        deadline: today,
      })
    return insp.id
  }

  async function printed(
    type: string,
    inspectionId: number,
    name: string,
  ): Promise<{ file: string; number: string; out: string }> {
    const doc = await api<{ number: string }>(server, 'document.issue', { type, inspectionId })
    const file = path.join(tmp, `${name}.pdf`)
    const r = await runCli(server, ['print', doc.number, '--pdf', file])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    pageImages(file, name)
    return { file, number: doc.number, out: r.stdout }
  }

  it('prints a one-item 责令限期整改指令书 on one page, with its item on it and no 附页', async () => {
    const insp = await inspectionWith(['配电箱前堆放木料，配电箱门锁损坏无法关闭'])
    const { file, number, out } = await printed('rectification_order', insp, '60-order-one-item')
    expect(pageCount(file)).toBe(1)
    // This machine has no 仿宋: the CLI names the substitute, and the archive keeps it with the PDF.
    expect(out).toContain('正文用 Noto Serif CJK SC 代替')
    const doc = await api<{ pdfFont: string | null }>(server, 'document.get', { number })
    expect(doc.pdfFont).toBe('Noto Serif CJK SC')
    const text = pageText(file, 1)
    expect(text).toContain(squash(number))
    expect(text).toContain('1．配电箱前堆放木料，配电箱门锁损坏无法关闭。')
    expect(text).not.toContain('附页')
    for (const part of [
      '责令限期整改指令书',
      `${enterprise.name}：`,
      '经查，你单位存在下列问题：',
      '现责令你单位对上述第1项问题于',
      '申请行政复议',
      '禾川县人民政府',
      '禾川县人民法院',
      '安全生产监管行政执法人员（签名）：',
      ...certs.map((c) => `证号：${c}`),
      '被检查单位负责人（签名）：',
      '（印章）',
      '本文书一式两份',
      '共1页第1页',
    ])
      expect(text).toContain(part)
  })

  it('continues a 12-item order on 附页 that repeat the number and carry the signature lines', async () => {
    const problems = Array.from(
      { length: 12 },
      (_, i) =>
        `第${i + 1}号厂房${['疏散通道堆放成品货物', '灭火器压力不足', '电线私拉乱接'][i % 3]}，未及时整改`,
    )
    const insp = await inspectionWith(problems)
    const { file, number } = await printed('rectification_order', insp, '61-order-12-items')
    const pages = pageCount(file)
    expect(pages).toBeGreaterThanOrEqual(2)
    const first = pageText(file, 1)
    // Page 1 is the whole form: the text after the list, the signatures and the seal stay on it.
    expect(first).toContain(squash(number))
    expect(first).toMatch(/（(共12项，|第\d+项至第12项|下接)见附页）|（下接附页）/)
    expect(first).toContain('安全生产监管行政执法人员（签名）：')
    expect(first).toContain('（印章）')
    expect(first).toContain(`共${pages}页第1页`)
    for (let n = 2; n <= pages; n++) {
      const t = pageText(file, n)
      expect(t.startsWith('附页')).toBe(true)
      expect(t).toContain(`责令限期整改指令书${squash(number)}`)
      expect(t).toContain('安全生产监管行政执法人员（签名）：')
      expect(t).toContain('被检查单位负责人（签名）：')
      expect(t).toContain(`共${pages}页第${n}页`)
    }
    // Every item is printed once, whole and in order, across the pages.
    const all = Array.from({ length: pages }, (_, k) => pageText(file, k + 1)).join('')
    let at = 0
    problems.forEach((p, i) => {
      const pos = all.indexOf(`${i + 1}．${p}。`, at)
      expect(pos, `item ${i + 1}`).toBeGreaterThanOrEqual(at)
      at = pos
    })
  })

  it('fills every field of the 现场检查记录, the 11-digit phone whole', async () => {
    const insp = await inspectionWith(['二楼仓库疏散通道堆放货物'], '生产车间及二楼仓库')
    const { file, number } = await printed('check_record', insp, '62-check-record')
    expect(pageCount(file)).toBe(1)
    const raw = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    // The phone is on one line, its digits together.
    expect(raw).toContain(enterprise.principalPhone as string)
    const text = squash(raw)
    const [y, m, d] = today.split('-').map(Number) as [number, number, number]
    for (const [label, value] of [
      ['', squash(number)],
      ['被检查单位', squash(enterprise.name)],
      ['地址', squash(enterprise.address as string)],
      ['法定代表人（负责人）', enterprise.principal as string],
      ['职务', '主要负责人'],
      ['联系电话', enterprise.principalPhone as string],
      ['检查场所', '生产车间及二楼仓库'],
      ['检查时间', `${y}年${m}月${d}日8时30分至${m}月${d}日9时40分`],
    ])
      expect(text).toContain(`${label}${value}`)
    expect(text).toContain(`证件号码为${certs.join('、')}`)
    expect(text).toContain('1．二楼仓库疏散通道堆放货物。')
    expect(text).toContain('检查人员（签名）：')
    expect(text).toContain('被检查单位现场负责人（签名）：')
  })

  it('renders every document of the demo, each page with its number and page count', async () => {
    const docs = await api<{ rows: { id: number; number: string; type: string; voided: boolean }[] }>(
      server,
      'document.list',
      { pageSize: 500, voided: false },
    )
    // One of each type through the print view in the browser (the CLI path is covered above).
    const preview = new PrintPreviewPage(browser.page)
    const seen = new Set<string>()
    for (const d of docs.rows) {
      if (seen.has(d.type)) continue
      seen.add(d.type)
      await browser.page.goto('about:blank')
      await browser.page.goto(`${server.url}#/print/document/${d.id}`)
      await preview.waitReady()
      expect(await preview.number()).toBe(d.number)
      expect(await browser.page.getByTestId('font-warning').innerText()).toBe(
        '未安装仿宋，正文用Noto Serif CJK SC代替',
      )
      const sheets = await browser.page.locator('.sheet').count()
      expect(sheets).toBeGreaterThanOrEqual(1)
      const footers = await browser.page.locator('.sheet .page-no').allInnerTexts()
      expect(footers.map(squash)).toEqual(
        Array.from({ length: sheets }, (_, k) => `共${sheets}页第${k + 1}页`),
      )
      await browser.screenshot(`63-print-${d.type}`)
    }
    expect(seen.size).toBeGreaterThanOrEqual(4)
    expect(browser.problems).toEqual([])
  })
})
