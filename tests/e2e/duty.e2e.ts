import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, SCREENSHOT_DIR, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { EnterpriseForm } from './pages/enterprise-form'
import { waitUntil } from './pages/wait'

// 值班: an office enters the 2027 春节 holidays (no calendar package has them yet), generates the
// roster for 3 leaders and 6 staff, swaps two days, prints it to an A4 PDF and reads the page
// text back; then records a duty log entry and a 零报告 day and prints the daily report.

interface Entry {
  id: number
  name: string
  staffId: number
}
interface Roster {
  title: string
  days: { date: string; type: string; leaders: Entry[]; staff: Entry[] }[]
  changes: { action: string; operator: string; summary: string; reason: string | null }[]
}

const squash = (s: string): string => s.replace(/\s+/g, '')

async function fillRange(page: Page, picker: Locator, from: string, to: string): Promise<void> {
  const inputs = picker.locator('input')
  await inputs.nth(0).click()
  await inputs.nth(0).fill(from)
  await inputs.nth(1).fill(to)
  await inputs.nth(1).press('Enter')
  await page.keyboard.press('Escape')
}

describe('值班', () => {
  let server: Server
  let browser: Browser
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-duty-'))

  beforeAll(async () => {
    server = await startServer()
    await api(server, 'settings.update', { townshipName: '青山镇', officeName: '青山镇应急管理办公室' })
    const leaders = ['林国华', '许建平', '黄晓燕']
    const staff = ['蔡文斌', '潘志强', '罗美玲', '周志明', '吴小红', '郑立新']
    for (const [i, name] of leaders.entries())
      await api(server, 'staff.create', {
        name,
        certificateNo: null,
        phone: `1390579000${i}`,
        position: '副镇长',
        dutyRole: 'leader',
      })
    for (const [i, name] of staff.entries())
      await api(server, 'staff.create', {
        name,
        certificateNo: null,
        phone: `1380579100${i}`,
        dutyRole: 'staff',
      })
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

  it('enters the 2027 春节 holidays, generates the roster, swaps two days and prints it on A4', async () => {
    const page = browser.page
    const shell = new AppShell(page)
    await shell.navigate('值班')
    await page.getByTestId('tab-duty-setup').click()

    // the office enters the State Council's 2027 春节 schedule
    const summary = page.getByTestId('calendar-summary')
    await waitUntil(async () => (await summary.innerText()).includes('取自节假日日历'), 'calendar summary')
    await fillRange(page, page.getByTestId('holiday-range'), '2027-02-06', '2027-02-13')
    await page.getByTestId('holiday-name').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '春节' }).click()
    await page.getByTestId('holiday-add').click()
    await shell.waitForToast('已录入 8 天')
    await fillRange(page, page.getByTestId('holiday-range'), '2027-02-20', '2027-02-20')
    await page.getByTestId('holiday-kind').getByText('调休上班').click()
    await page.getByTestId('holiday-add').click()
    await shell.waitForToast('已录入 1 天')
    await waitUntil(
      async () => (await summary.innerText()).includes('2027年有本单位录入的日期'),
      'office year',
    )
    await browser.screenshot('60-duty-setup')

    // generate the roster for 2027 春节
    await page.getByTestId('tab-duty').click()
    const year = page.locator('.toolbar .el-input-number input').first()
    await year.fill('2027')
    await year.press('Enter')
    await page.getByTestId('period-春节').click()
    await waitUntil(
      async () => (await page.getByTestId('roster-title').innerText()) === '青山镇2027年春节期间值班安排表',
      'roster title',
    )
    await page.getByTestId('open-generate').click()
    const dialog = page.getByTestId('generate-dialog')
    await dialog.waitFor()
    await page.getByTestId('generate-staff').locator('input').fill('2')
    await page.getByTestId('generate-operator').fill('王主任')
    await page.getByTestId('generate-submit').click()
    await shell.waitForToast(/已编排 8 天，共 24 个班次/)
    const range = { from: '2027-02-06', to: '2027-02-13' }
    const roster = await api<Roster>(server, 'duty.roster', range)
    expect(
      roster.days.every((d) => d.type === 'holiday' && d.leaders.length === 1 && d.staff.length === 2),
    ).toBe(true)
    await page.getByTestId('roster-list').locator('tbody tr').nth(7).waitFor()

    // swap the leaders of two days
    const a = roster.days[1]!.leaders[0]!
    const bDay = roster.days.find(
      (d) => d.date > roster.days[1]!.date && d.leaders[0]!.staffId !== a.staffId,
    )!
    const b = bDay.leaders[0]!
    await page.getByTestId(`entry-${roster.days[1]!.date}-${a.name}`).click()
    await page.locator('.el-dropdown-menu__item:visible', { hasText: '调班' }).click()
    await page.getByTestId('change-dialog').waitFor()
    await page.getByTestId('swap-partner').click()
    await page
      .locator('.el-select-dropdown__item:visible', { hasText: b.name })
      .filter({ hasText: `${Number(bDay.date.slice(8))}日` })
      .click()
    await page.getByTestId('change-operator').fill('李秘书')
    await page.getByTestId('change-reason').fill('家中有事')
    await page.getByTestId('change-submit').click()
    await shell.waitForToast('调班已保存，已记入变更记录')
    const after = await api<Roster>(server, 'duty.roster', range)
    expect(after.days[1]!.leaders[0]!.name).toBe(b.name)
    expect(after.days.find((d) => d.date === bDay.date)!.leaders[0]!.name).toBe(a.name)
    expect(after.changes[0]).toMatchObject({ action: 'swap', operator: '李秘书', reason: '家中有事' })
    await waitUntil(
      async () => (await page.getByTestId('roster-changes').innerText()).includes('李秘书'),
      'change',
    )
    await browser.screenshot('61-duty-roster')
    await page.getByTestId('roster-view').getByText('排班表').click()
    await page.getByTestId('roster-matrix').locator('td.lead').first().waitFor()
    await browser.screenshot('62-duty-matrix')
    await page.getByTestId('roster-view').getByText('列表').click()

    // print: the A4 page says the title, the dates, the swapped leaders, the phones and 签字
    await page.getByTestId('duty-print').click()
    await page.locator('body[data-print-ready="1"]').waitFor()
    await page.getByTestId('duty-print').waitFor()
    await browser.screenshot('63-duty-print')
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
    const file = path.join(SCREENSHOT_DIR, '64-duty-roster.pdf')
    await page.emulateMedia({ media: 'print' })
    await page.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true })
    await page.emulateMedia({ media: 'screen' })
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    execFileSync('pdftoppm', ['-r', '50', '-png', file, path.join(SCREENSHOT_DIR, '64-duty-pdf')])
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/)
    const flat = squash(text)
    expect(flat).toContain('青山镇2027年春节期间值班安排表')
    expect(flat).toContain('日期星期带班领导值班人员联系电话签字')
    expect(flat).toContain('2月7日')
    expect(flat).toContain('2月13日')
    const line = text.split('\n').find((l) => l.includes('2月7日')) ?? ''
    expect(line).toContain(b.name)
    expect(flat).toContain('13905790000')
    expect(flat).toContain('13805791005')

    // the matrix prints on A4 landscape: one row per person with 带班/值班 under the days
    await page.evaluate(
      () => (location.hash = '#/print/duty-roster?from=2027-02-06&to=2027-02-13&layout=matrix'),
    )
    await page.locator('.sheet.landscape').waitFor()
    await page.locator('body[data-print-ready="1"]').waitFor()
    const matrixFile = path.join(SCREENSHOT_DIR, '66-duty-matrix.pdf')
    await page.emulateMedia({ media: 'print' })
    await page.pdf({ path: matrixFile, format: 'A4', printBackground: true, preferCSSPageSize: true })
    await page.emulateMedia({ media: 'screen' })
    expect(execFileSync('pdfinfo', [matrixFile], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/)
    expect(execFileSync('pdfinfo', [matrixFile], { encoding: 'utf8' })).toMatch(
      /Page size:\s+841\.\d+ x 59[45]\.\d+ pts/,
    )
    const matrixText = execFileSync('pdftotext', ['-layout', matrixFile, '-'], { encoding: 'utf8' })
    const row = matrixText.split('\n').find((l) => l.includes(b.name)) ?? ''
    expect(squash(row)).toMatch(/带班/)
    expect(squash(matrixText)).toContain('姓名联系电话')
    execFileSync('pdftoppm', [
      '-r',
      '50',
      '-png',
      matrixFile,
      path.join(SCREENSHOT_DIR, '66-duty-matrix-pdf'),
    ])
  })

  it('records a duty log entry and a 零报告 day; the daily report prints "无"', async () => {
    const page = browser.page
    const shell = new AppShell(page)
    await page.evaluate(() => (location.hash = '#/duty/daily?date=2027-02-08'))
    await page.getByTestId('daily-on-duty').waitFor()
    await page.getByTestId('daily-add').click()
    const form = new EnterpriseForm(page)
    await form.waitOpen()
    await form.fill('time', '09:30')
    await form.fill('caller', '刘科长')
    await form.fill('unit', '县应急管理局')
    await form.fill('subject', '通知加强春节期间烟花爆竹安全检查')
    await form.fill('reportedTo', '许建平')
    await form.fill('handling', '已电话通知各村')
    await form.save()
    await form.waitClosed()
    await waitUntil(
      async () =>
        (await page.getByTestId('daily-content').innerText()).includes(
          '1. 09:30 通知加强春节期间烟花爆竹安全检查',
        ),
      'entry in the report',
    )
    // a day with an entry cannot be a 零报告
    expect(await page.getByTestId('report-zero').isDisabled()).toBe(true)
    await page.getByTestId('report-save').click()
    await shell.waitForToast('已登记日报')

    // the entry is in 值班日志, the kit's list
    await page.getByTestId('tab-duty-log').click()
    await waitUntil(
      async () => (await page.getByTestId('result-count').innerText()).includes('共 1 条'),
      'log list',
    )
    expect(await page.locator('.el-table__body').innerText()).toContain('通知加强春节期间烟花爆竹安全检查')
    await browser.screenshot('67-duty-log')

    // the next day nothing happened: 零报告
    await page.evaluate(() => (location.hash = '#/duty/daily?date=2027-02-09'))
    await page.getByTestId('daily-on-duty').waitFor()
    await page.getByTestId('report-zero').click()
    await shell.waitForToast('已登记零报告（无）')
    await waitUntil(async () => (await page.getByTestId('daily-content').innerText()).trim() === '无', '无')
    await waitUntil(
      async () => (await page.getByTestId('report-state').innerText()) === '已报送零报告',
      'state',
    )
    await browser.screenshot('65-duty-daily')
    const reports = await api<{ content: string }>(server, 'duty.daily', { date: '2027-02-09' })
    expect(reports.content).toBe('无')

    await page.getByTestId('daily-print').click()
    await page.locator('body[data-print-ready="1"]').waitFor()
    const file = path.join(tmp, 'daily.pdf')
    await page.emulateMedia({ media: 'print' })
    await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true })
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/)
    await page.emulateMedia({ media: 'screen' })
    const flat = squash(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }))
    expect(flat).toContain('青山镇值班日报')
    expect(flat).toContain('2027年2月9日')
    expect(flat).toContain('值班情况无')
    expect(browser.problems).toEqual([])
  })
})
