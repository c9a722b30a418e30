import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { waitUntil } from './pages/wait'

interface Named {
  id: number
  name: string
}

describe('年度检查计划 and 双随机抽查', () => {
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

  it('plans an enterprise, draws and reproduces, and shows progress after the inspection', async () => {
    const page = browser.page
    const now = new Date()
    const year = now.getFullYear()
    const month = now.getMonth() + 1
    const mm = String(month).padStart(2, '0')

    // the demo's plan for the year (its 计划检查, a 双随机 draw and this month's to do)
    const before = await api<{ planned: number; done: number }>(server, 'plan.progress', { year })
    expect(before.planned).toBeGreaterThan(0)
    expect(before.done).toBeGreaterThan(0)
    const planned = await api<{ items: { enterpriseId: number }[] }>(server, 'plan.list', { year })

    // an enterprise in operation that has not been inspected this month and is not in this year's plan
    const seen = await api<{ rows: { enterpriseId: number }[] }>(server, 'inspection.list', {
      period: { from: `${year}-${mm}-01`, to: `${year}-${mm}-28` },
      pageSize: 500,
    })
    const roster = await api<{ rows: (Named & { status: string })[] }>(server, 'enterprise.list', {
      pageSize: 200,
      filters: { status: { in: ['operating'] } },
    })
    const target = roster.rows.find(
      (e) =>
        !seen.rows.some((i) => i.enterpriseId === e.id) &&
        !planned.items.some((i) => i.enterpriseId === e.id),
    )!
    expect(target).toBeTruthy()

    await new AppShell(page).navigate('检查与隐患')
    await page.getByTestId('tab-inspection-plan').click()
    await page.getByTestId('plan-progress').waitFor()

    // 列入计划: the enterprise, this month, one inspector
    await page.getByTestId('plan-add').click()
    const form = page.getByTestId('plan-form')
    await form.waitFor()
    await page.getByTestId('plan-enterprise').locator('.el-select__wrapper').click()
    await page.keyboard.type(target.name.slice(0, 4))
    await page.locator('.el-select-dropdown__item:visible', { hasText: target.name }).first().click()
    await page.getByTestId('plan-month').locator('.el-select__wrapper').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${month}月$`) }).click()
    const staff = await api<(Named & { active: boolean })[]>(server, 'staff.list', {})
    await page.getByTestId('plan-inspectors').locator('.el-select__wrapper').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: staff[0]!.name }).first().click()
    await form.locator('.el-form-item__label', { hasText: '年度' }).click()
    await page.getByTestId('plan-save').click()
    await waitUntil(
      async () => (await page.getByTestId('plan-planned').innerText()) === String(before.planned + 1),
      'planned one more',
    )
    expect(await page.getByTestId('plan-done').innerText()).toBe(String(before.done))

    // 双随机抽取: three enterprises and two inspectors, not those already planned
    await page.getByTestId('draw-open').click()
    await waitUntil(
      async () => /\d+ 家/.test(await page.getByTestId('draw-candidates').innerText()),
      'candidates',
    )
    await page.getByTestId('draw-n').locator('input').fill('3')
    await page.getByTestId('draw-m').locator('input').fill('2')
    await page.getByTestId('draw-go').click()
    const detail = page.getByTestId('draw-detail')
    await detail.waitFor()
    const drawn = (await page.getByTestId('draw-enterprises').locator('li').allInnerTexts()).map((t) =>
      t.trim(),
    )
    expect(drawn).toHaveLength(3)
    expect(drawn).not.toContain(target.name)
    const inspectors = (await page.getByTestId('draw-inspectors').innerText()).split('、')
    expect(inspectors).toHaveLength(2)
    const seed = Number(await page.getByTestId('draw-seed').innerText())

    // 重现抽取: the same enterprises in the same order, from the stored seed and candidates
    await page.getByTestId('draw-reproduce').click()
    const replay = page.getByTestId('draw-replay')
    await replay.waitFor()
    const text = await replay.innerText()
    expect(text).toContain(`用种子 ${seed} 和记录的候选名单重新计算，结果与原抽取一致`)
    expect(text).toContain(`重现结果：${drawn.join('、')}`)
    await browser.screenshot('70-draw-reproduced')

    // the drawn enterprises join the plan in the next month (December: the same month)
    const next = month === 12 ? 12 : month + 1
    await page.getByTestId('draw-month').locator('.el-select__wrapper').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${next}月$`) }).click()
    await page.getByTestId('draw-add').click()
    await waitUntil(
      async () => (await page.getByTestId('plan-planned').innerText()) === String(before.planned + 4),
      'planned 4 more',
    )
    await page.keyboard.press('Escape')

    // an inspection of the planned enterprise this month moves the progress
    const templates = await api<{ id: number }[]>(server, 'checklist.list')
    await api(server, 'inspection.create', {
      enterpriseId: target.id,
      place: '厂区',
      startedAt: `${year}-${mm}-01 09:00`,
      endedAt: `${year}-${mm}-01 10:00`,
      type: 'daily',
      mode: 'planned',
      findings: '',
      templateId: templates[0]!.id,
      inspectorIds: [staff[0]!.id, staff[1]!.id],
    })
    await page.getByRole('button', { name: '刷新' }).click()
    await waitUntil(
      async () => (await page.getByTestId('plan-done').innerText()) === String(before.done + 1),
      'done one more',
    )
    const row = page.getByTestId('plan-table').locator('.el-table__row', { hasText: target.name })
    expect(await row.getByTestId('plan-done-link').innerText()).toBe(`已检查 ${year}-${mm}-01`)
    await browser.screenshot('71-inspection-plan')

    // the draw record and the plan print on A4
    await page.getByTestId('draw-table').locator('[data-testid="draw-show"]').first().waitFor()
    const draws = await api<{ id: number; seed: number }[]>(server, 'draw.list', { year })
    const mine = draws.find((d) => d.seed === seed)!
    await page.goto(`${server.url}#/print/draw/${mine.id}`)
    await page.locator('body[data-print-ready="1"]').waitFor()
    const sheet = await page.getByTestId('draw-print').innerText()
    expect(sheet).toContain(String(seed))
    for (const name of drawn) expect(sheet).toContain(name.replace(/^\d+\./, ''))
    await browser.screenshot('72-draw-print')
    await page.goto(`${server.url}#/print/plan?year=${year}`)
    await page.locator('body[data-print-ready="1"]').waitFor()
    expect(await page.getByTestId('plan-print').innerText()).toContain(target.name)
    await browser.screenshot('73-plan-print')

    // 统计: the plan's numbers open the plan list with exactly that many items
    await page.goto(`${server.url}#/statistics`)
    const link = page.getByTestId('stat-link-plan.items')
    await link.waitFor()
    expect(await link.innerText()).toBe(String(before.planned + 4))
    const doneLink = page.getByTestId('stat-link-plan.done')
    expect(await doneLink.innerText()).toBe(String(before.done + 1))
    await doneLink.click()
    await waitUntil(async () => page.url().includes('/inspections/plan'), 'plan list')
    await waitUntil(
      async () => (await page.getByTestId('result-count').innerText()) === `共 ${before.done + 1} 家次`,
      `共 ${before.done + 1} 家次`,
    )

    // 上报表格: the 安全生产检查和专项整治统计表 from the same numbers (检查企业目标 = planned enterprises)
    await page.goBack()
    await page.getByTestId('stat-link-plan.items').waitFor()
    const stats = await api<{ values: { key: string; value: number | null }[] }>(server, 'stats.compute', {
      from: `${year}-01-01`,
      to: `${year}-12-31`,
    })
    const v = (k: string) => stats.values.find((x) => x.key === k)?.value
    await page.getByTestId('stats-report').click()
    const download = page.waitForEvent('download')
    await page.getByTestId('report-inspection-rectification').click()
    const file = await download
    expect(file.suggestedFilename()).toBe(`安全生产检查和专项整治统计表-${year}-01-01至${year}-12-31.xlsx`)
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), 'r.xlsx')
    await file.saveAs(saved)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(saved)
    const ws = wb.worksheets[0]!
    expect(ws.getCell('D6').value).toBe(v('plan.enterprises'))
    expect(ws.getCell('E6').value).toBe(v('inspections'))
    expect(ws.getCell('F6').value).toBe(v('generalHazards'))

    // 导出 Excel: the plan as a printable workbook, one row per item
    await page.goto(`${server.url}#/inspections/plan?year=${year}`)
    await page.getByTestId('plan-progress').waitFor()
    const planDownload = page.waitForEvent('download')
    await page.getByTestId('plan-export').click()
    const planFile = await planDownload
    expect(planFile.suggestedFilename()).toMatch(new RegExp(`${year}年度安全生产执法检查计划\\.xlsx$`))
    const planSaved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plan-')), 'p.xlsx')
    await planFile.saveAs(planSaved)
    const pwb = new ExcelJS.Workbook()
    await pwb.xlsx.readFile(planSaved)
    const planSheet = pwb.getWorksheet('检查计划')!
    expect(planSheet.rowCount - 3).toBe(before.planned + 4)
    const names: string[] = []
    planSheet.eachRow((r, n) => {
      if (n > 3) names.push(String(r.getCell(3).value))
    })
    expect(names).toContain(target.name)
    expect(browser.problems).toEqual([])
  })
})
