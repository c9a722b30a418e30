import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { EnterpriseForm } from './pages/enterprise-form'
import { waitUntil } from './pages/wait'

// The roster on the kit, as a clerk meets it: the 班次列表 (one row per shift) on the generic
// list page; changing one shift's person changes only that, and its history says so; the
// 值班表 tab exports the 排班表 (people × days) the kit writes from the spec's layout.

interface Shift {
  id: number
  version: number
  date: string
  shift: string
  role: string
  person: number
  personName: string
}

describe('值班表 on the kit', () => {
  let server: Server
  let browser: Browser
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-duty-shifts-'))
  const range = { from: '2026-10-01', to: '2026-10-07' }

  beforeAll(async () => {
    server = await startServer()
    for (const name of ['林国华', '许建平'])
      await api(server, 'staff.create', { name, certificateNo: null, dutyRole: 'leader' })
    for (const name of ['蔡文斌', '潘志强', '罗美玲', '周志明'])
      await api(server, 'staff.create', { name, certificateNo: null, dutyRole: 'staff' })
    await api(server, 'duty.generate', {
      ...range,
      shifts: [{ shift: 'full', staff: 1 }],
      operator: '王主任',
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

  it('edits one shift’s person from the 班次列表; only that changes, and its history shows only that', async () => {
    const { page } = browser
    const shifts = (
      await api<{ rows: Shift[] }>(server, 'dutyShift.list', {
        pageSize: 100,
        filters: { role: { in: ['staff'] } },
      })
    ).rows
    const target = shifts.find((s) => s.date === '2026-10-03')!
    const onThatDay = new Set(
      (
        await api<{ rows: Shift[] }>(server, 'dutyShift.list', {
          filters: { date: { from: target.date, to: target.date } },
        })
      ).rows.map((s) => s.personName),
    )
    const free = ['蔡文斌', '潘志强', '罗美玲', '周志明'].find((n) => !onThatDay.has(n))!

    await new AppShell(page).navigate('值班')
    await page.getByTestId('tab-duty-shifts').click()
    const table = page.getByTestId('dutyShift-table')
    await waitUntil(async () => (await page.getByTestId('result-count').innerText()).includes('14'), 'list')
    await browser.screenshot('duty-shifts-list')
    const row = table
      .locator('.el-table__body tr', { hasText: target.date })
      .filter({ hasText: target.personName })
    await row.getByTestId('edit-row').click()
    const form = new EnterpriseForm(page)
    await form.waitOpen()
    await waitUntil(async () => (await form.selectedText('person')) === target.personName, 'form filled')
    await form.choose('person', '', free)
    await browser.screenshot('duty-shifts-form')
    await form.save()
    await form.waitClosed()

    const after = await api<Shift>(server, 'dutyShift.get', { id: target.id })
    expect(after).toMatchObject({
      date: target.date,
      shift: target.shift,
      role: target.role,
      personName: free,
      version: target.version + 1,
    })
    const history = await api<{ action: string; changes: { field: string }[] }[]>(
      server,
      'dutyShift.history',
      {
        id: target.id,
      },
    )
    expect(history[0]?.changes.map((c) => c.field)).toEqual(['person'])

    const edited = table.locator('.el-table__body tr', { hasText: target.date }).filter({ hasText: free })
    await edited.getByTestId('history-row').click()
    const drawer = page.locator('.history-drawer')
    await drawer.waitFor()
    await waitUntil(async () => (await drawer.innerText()).includes(free), 'history shown')
    const latest = drawer.locator('.el-timeline-item').first()
    expect(await latest.locator('.history-action').innerText()).toBe('修改')
    const lines = await latest.locator('.history-lines li').allInnerTexts()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(new RegExp(`^姓名：${target.personName}\\s*→\\s*${free}$`))
    await browser.screenshot('duty-shifts-history')
    expect(browser.problems).toEqual([])
  })

  it('exports the 排班表: one row per person, one column per day, the marks of the spec’s layout', async () => {
    const { page } = browser
    await page.goto(`${server.url}#/duty?from=${range.from}&to=${range.to}&view=matrix`)
    await page.reload()
    await page.getByTestId('duty-export').click()
    const download = page.waitForEvent('download')
    await page.locator('.el-dropdown-menu__item:visible', { hasText: '排班表' }).click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/（排班表）\.xlsx$/)
    const saved = path.join(tmp, file.suggestedFilename())
    await file.saveAs(saved)
    await browser.screenshot('duty-shifts-matrix-view')

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(saved)
    const ws = wb.worksheets[0]!
    expect(ws.getCell('A2').value).toBe('姓名')
    expect(ws.getCell('A3').value).toBe('星期')
    const shifts = (await api<{ rows: Shift[] }>(server, 'dutyShift.list', { pageSize: 100 })).rows
    const marks = new Map<string, string>()
    for (let r = 4; r <= ws.rowCount; r++)
      for (let c = 2; c <= 8; c++) {
        const v = ws.getRow(r).getCell(c).value
        const d = ws.getRow(2).getCell(c).value as Date
        if (v)
          marks.set(`${String(ws.getRow(r).getCell(1).value)} ${d.toISOString().slice(0, 10)}`, String(v))
      }
    expect(marks.size).toBe(shifts.length)
    for (const s of shifts)
      expect(marks.get(`${s.personName} ${s.date}`)).toBe(s.role === 'leader' ? '带班' : '值班')
    expect(browser.problems).toEqual([])
  })
})
