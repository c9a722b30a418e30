import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { ImportHistoryPage, ImportPage } from './pages/import-page'
import { waitUntil } from './pages/wait'

// A 排班表 (one row per person, one column per day, 带班 / 值班 / 夜班 / 休 in the cells) through
// the generic 导入 wizard, from the 班次列表's 导入 button: the layout is said on 核对表头, each
// shift is listed in 预览与修正, the file's dates replace the roster's (the old shifts go to the
// 回收站), and 撤销 in 导入记录 brings the old roster back.

interface Shift {
  date: string
  shift: string
  role: string
  personName: string
}

describe('值班表 through the import wizard', () => {
  let server: Server
  let browser: Browser
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-duty-import-'))
  const file = path.join(tmp, '国庆排班表.xlsx')
  const range = { from: '2026-10-01', to: '2026-10-04' }
  const shifts = async () =>
    (await api<{ rows: Shift[] }>(server, 'dutyShift.list', { pageSize: 100 })).rows
      .map((s) => `${s.date} ${s.shift} ${s.role} ${s.personName}`)
      .sort()

  beforeAll(async () => {
    server = await startServer()
    for (const name of ['林国华', '许建平'])
      await api(server, 'staff.create', { name, certificateNo: null, dutyRole: 'leader' })
    for (const name of ['蔡文斌', '潘志强', '罗美玲'])
      await api(server, 'staff.create', { name, certificateNo: null, dutyRole: 'staff' })
    await api(server, 'duty.generate', {
      ...range,
      shifts: [{ shift: 'full', staff: 1 }],
      operator: '王主任',
    })
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('国庆')
    ws.addRow(['青禾镇2026年国庆值班排班表'])
    // the days written without a year, as offices do: the title says which year
    ws.addRow(['姓名', '10月2日', '10月3日', '10月4日'])
    ws.addRow(['', '五', '六', '日'])
    ws.addRow(['林国华', '带班', '休', '带班'])
    ws.addRow(['许建平', '', '带班', ''])
    ws.addRow(['蔡文斌', '值班', '白班', ''])
    ws.addRow(['何晓东', '', '夜班', '值班'])
    ws.addRow(['制表：办公室'])
    await wb.xlsx.writeFile(file)
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

  it('imports a 排班表 over three days of the roster, then 撤销 brings the old shifts back', async () => {
    const { page } = browser
    const shell = new AppShell(page)
    const wizard = new ImportPage(page)
    const before = await shifts()
    expect(before).toHaveLength(8)

    await shell.navigate('值班')
    await page.getByTestId('tab-duty-shifts').click()
    await page.getByTestId('import-button').click()
    await page.getByTestId('file-step').waitFor()
    expect(page.url()).toContain('#/import?ledger=duty')
    // the wizard belongs to 值班 in the menu
    expect(await page.locator('[data-testid="nav"] .el-menu-item.is-active').innerText()).toContain('值班')
    expect(await page.getByTestId('ledger-note').first().innerText()).toContain('排班表（每人一行、每天一列')
    expect(await page.getByTestId('ledger-note').nth(1).innerText()).toContain(
      '没有写年份的日期（10月2日、10.2）按表格标题中的年份',
    )
    await wizard.chooseFile(file)

    // 核对表头: the layout fixes the columns — 姓名 and one column per day
    await wizard.mappingStep().waitFor()
    expect(await page.getByTestId('mapping-layout').innerText()).toContain(
      '按排班表（每人一行、每天一列）读取',
    )
    expect(await wizard.header('A')).toBe('姓名')
    expect(await wizard.header('B')).toBe('10月2日')
    expect(await wizard.mappedTo('A')).toBe('姓名')
    expect(await wizard.mappedTo('D')).toBe('日期')
    expect(await page.locator('.field-select[data-column="A"] input').isDisabled()).toBe(true)
    await page.mouse.move(1, 760)
    await browser.screenshot('duty-import-mapping')

    // 预览与修正: one row per shift, and what the import replaces
    await wizard.toPreview()
    await wizard.waitForCount('inserted', 7)
    const notices = await wizard.notices()
    expect(notices).toContain('值班表：2026-10-02 至 2026-10-04，共 3 天')
    expect(notices).toContain('这些日期已排有 6 个班次，导入后以文件为准：原班次移入回收站')
    expect(notices).toContain('人员名单中没有 何晓东，导入时加入人员名单')
    expect(notices).toContain(
      '没有写年份的日期（10月2日、10.2 这样的写法）按表格标题“青禾镇2026年国庆值班排班表”中的年份记为 2026 年',
    )
    const grid = await wizard.table().innerText()
    expect(grid).toContain('夜班')
    expect(grid).toContain('带班领导')
    expect(await page.getByTestId('policy-whole').innerText()).toContain('整个文件全部正确才导入')
    await page.mouse.move(1, 760)
    await browser.screenshot('duty-import-preview')

    await wizard.commit()
    expect(await wizard.summary()).toContain('新增 7 条')
    await page.mouse.move(1, 760)
    await browser.screenshot('duty-import-done')
    const after = await shifts()
    expect(after.filter((s) => s.startsWith('2026-10-01'))).toEqual(
      before.filter((s) => s.startsWith('2026-10-01')),
    )
    expect(after.filter((s) => s.startsWith('2026-10-03'))).toEqual([
      '2026-10-03 day staff 蔡文斌',
      '2026-10-03 full leader 许建平',
      '2026-10-03 night staff 何晓东',
    ])

    // the 班次列表's 回收站 holds the six replaced shifts
    await page.getByTestId('go-list').click()
    await page.getByTestId('tab-duty-shifts').click()
    await page.getByTestId('bin-tab').click()
    await waitUntil(async () => (await page.getByTestId('result-count').innerText()).includes('6'), '回收站')
    await page.mouse.move(1, 760)
    await browser.screenshot('duty-import-bin')

    // 撤销 in 导入记录
    const history = new ImportHistoryPage(page)
    await page.goto(`${server.url}#/import/history`)
    await history.table().waitFor()
    await waitUntil(async () => (await history.rows().count()) === 1, 'one batch')
    expect(await history.batch(1).innerText()).toContain('值班表')
    await history.undo(1)
    const confirm = await page.locator('.el-message-box:visible').innerText()
    expect(confirm).toContain('这批导入的 7 个班次将被删除。导入时移入回收站的原班次将恢复')
    await browser.screenshot('duty-import-undo-confirm')
    await shell.confirm()
    await shell.waitForToast(
      '已撤销第 1 批导入：删除导入的班次 7 个，恢复原班次 6 个；导入时加入人员名单的 何晓东 已移出人员名单',
    )
    await waitUntil(async () => (await history.status(1)).startsWith('已于'), 'batch undone')
    expect(await shifts()).toEqual(before)
    const staff = await api<{ name: string }[]>(server, 'staff.list')
    expect(staff.map((s) => s.name)).not.toContain('何晓东')
    expect(browser.problems).toEqual([])
  })
})
