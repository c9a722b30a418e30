import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { ChemicalsPage } from './pages/chemicals-page'
import { EnterpriseListPage } from './pages/enterprise-list-page'
import { ImportPage } from './pages/import-page'
import { waitUntil } from './pages/wait'

// 危化品: a clerk adds a unit and three chemicals by typing pinyin initials, an alias and part of
// a name, watches S, R and the grade follow GB 18218-2018, exports the 统计台账 and imports it
// back through the wizard without a single change.

describe('危化品 inventory and major-hazard identification', () => {
  let server: Server
  let browser: Browser
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-chemicals-'))

  beforeAll(async () => {
    server = await startServer()
    browser = await startBrowser(server)
    const v = await api<{ id: number }>(server, 'village.create', { name: '东湖村' })
    await api(server, 'enterprise.create', { data: { name: '青禾燃气有限公司', villageId: v.id } })
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await browser?.screenshot(`failed-${ctx.task.name.slice(0, 40)}`)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    fs.rmSync(downloads, { recursive: true, force: true })
  })

  it('adds a unit and three chemicals; S, R and the grade follow each one', async () => {
    const { page } = browser
    const shell = new AppShell(page)
    const chem = new ChemicalsPage(page)
    await shell.navigate('危化品')
    await page.getByTestId('chemicals-page').waitFor()
    await chem.pickEnterprise('qhrq', '青禾燃气有限公司')
    // the kit's unit form starts at 单元名称 (the enterprise is given) and shows no error yet
    await page.getByTestId('add-unit').click()
    await waitUntil(
      () => chem.field('name').evaluate((n) => n === document.activeElement),
      '单元名称 focused',
    )
    expect(await chem.dialog.locator('[data-field="enterpriseId"]').innerText()).toContain('青禾燃气有限公司')
    expect(await chem.dialog.locator('.el-form-item__error').count()).toBe(0)
    await browser.screenshot('59-chemicals-unit-form')
    await chem.dialog.getByRole('button', { name: '取消' }).click()
    await chem.dialog.waitFor({ state: 'hidden' })
    await chem.addUnit('液化气储罐区', 120)

    // 液化石油气 by its pinyin initials: 30 t of Q = 50 t → S = 0.6, not a major hazard source
    await chem.addChemical('液化气储罐区', 'yhsyq', '液化石油气', 30)
    await chem.waitForGrade('液化气储罐区', '非重大危险源')
    expect(await chem.result('液化气储罐区')).toEqual({ s: '0.6', r: null, grade: '非重大危险源' })

    // 乙炔 by its alias 电石气: 0.5 t of Q = 1 t → S = 1.1; α(120人) = 2, β(W2) = 1.5:
    // R = 2 × (1.5×0.6 + 1.5×0.5) = 3.3 → 四级
    await chem.addChemical('液化气储罐区', '电石气', '乙炔', 0.5)
    await chem.waitForGrade('液化气储罐区', '四级重大危险源')
    expect(await chem.result('液化气储罐区')).toEqual({ s: '1.1', r: '3.3', grade: '四级重大危险源' })

    // 氯 by part of its alias 液氯: 10 t of Q = 5 t; β = 4 from 表3 →
    // R = 2 × (0.9 + 0.75 + 4×2) = 19.3 → 三级
    await chem.addChemical('液化气储罐区', '液氯', '氯', 10)
    await chem.waitForGrade('液化气储罐区', '三级重大危险源')
    expect(await chem.result('液化气储罐区')).toEqual({ s: '3.1', r: '19.3', grade: '三级重大危险源' })
    const breakdown = await chem.unit('液化气储罐区').getByTestId('breakdown').innerText()
    expect(breakdown).toContain('表3（氯）')
    expect(breakdown).toContain('表1第52项')
    await browser.screenshot('60-chemicals-unit')

    await chem.tab('register')
    await page.getByTestId('register').getByText('三级', { exact: true }).waitFor()
    await browser.screenshot('61-chemicals-register')
    expect(browser.problems).toEqual([])
  })

  it('exports the 统计台账 and imports it back unchanged', async () => {
    const { page } = browser
    await new ChemicalsPage(page).tab('stats')
    await page.getByTestId('chem-summary').getByText('3', { exact: true }).waitFor()
    const download = page.waitForEvent('download')
    await page.getByTestId('export-chemicals').click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^危险化学品储存使用台账（吨）\.xlsx$/)
    const saved = path.join(downloads, file.suggestedFilename())
    await file.saveAs(saved)
    await browser.screenshot('62-chemicals-stats')

    await page.getByTestId('import-chemicals').click()
    const wizard = new ImportPage(page)
    await page.getByTestId('file-step').waitFor()
    expect(page.url()).toContain('#/import?ledger=chemicals')
    await wizard.chooseFile(saved)
    await wizard.toPreview()
    await wizard.waitForCount('unchanged', 3)
    expect(await wizard.count('inserted')).toBe(0)
    expect(await wizard.count('updated')).toBe(0)
    expect(await wizard.count('errorRows')).toBe(0)
    await browser.screenshot('63-chemicals-reimport')
    const list = await api<{ total: number }>(server, 'chemical.list', {})
    expect(list.total).toBe(3)
    expect(browser.problems).toEqual([])
  })

  it('registers a 经营许可证 ending in 20 days; 工作台 reminds of it and of the 三级 source', async () => {
    const { page } = browser
    const shell = new AppShell(page)
    await shell.navigate('危化品')
    // leaving the import preview of the previous test (nothing to import) asks first
    await shell.confirm()
    const chem = new ChemicalsPage(page)
    await chem.pickEnterprise('qhrq', '青禾燃气有限公司')
    // the enterprise is marked with the highest grade among its units
    expect(await page.getByTestId('enterprise-grade').innerText()).toContain('三级重大危险源')
    // 20 days after today as in China (UTC+8), as the app and 工作台 count
    const validTo = new Date(Date.now() + 8 * 3_600_000 + 20 * 86_400_000).toISOString().slice(0, 10)
    await chem.addLicence('qhrq', '青禾燃气有限公司', '青应急经字〔2023〕088号', validTo)
    expect(await page.getByTestId('chemLicence-table').innerText()).toContain('剩 20 天')
    await browser.screenshot('66-chemicals-licences')
    await shell.navigate('工作台')
    const box = page.getByTestId('reminder-chemLicence.validTo')
    await box.getByTestId('count-expiring').getByText('1', { exact: true }).waitFor()
    expect(await page.getByTestId('reminder-chemical.majorHazards').innerText()).toContain('三级 1')
    expect(await box.getByTestId('reminder-item').innerText()).toContain('青禾燃气有限公司')
    await browser.screenshot('64-chemicals-home-reminders')
    expect(browser.problems).toEqual([])
  })

  it('一户一档 counts the units, chemicals and licences, and each card opens exactly those', async () => {
    const { page } = browser
    const shell = new AppShell(page)
    const list = new EnterpriseListPage(page)
    await shell.navigate('企业台账')
    await list.search('青禾燃气')
    await list.waitForTotal(1)
    await list.row('青禾燃气有限公司').getByTestId('open-dossier').click()
    const drawer = page.getByTestId('dossier')
    await drawer.getByTestId('dossier-chemLicences').waitFor()
    expect(await drawer.getByTestId('dossier-chemUnits').innerText()).toMatch(/危化品单元\s*1\s*个/)
    expect(await drawer.getByTestId('dossier-chemicals').innerText()).toMatch(/危险化学品\s*3\s*种/)
    expect(await drawer.getByTestId('dossier-chemLicences').innerText()).toMatch(/危化品经营许可证\s*1\s*份/)
    await browser.screenshot('65-dossier-chemicals')
    const chem = new ChemicalsPage(page)
    await drawer.getByTestId('dossier-chemLicences').click()
    await waitUntil(async () => page.url().includes('/chemicals/licences'), 'licence list opened')
    await chem.waitForTotal(1)
    expect(await page.getByTestId('filter-enterpriseId').innerText()).toContain('青禾燃气有限公司')
    expect(await page.getByTestId('chemLicence-table').innerText()).toContain('青应急经字〔2023〕088号')
    // 导出 writes the licences the list shows (the engine only exports them: no 导入)
    expect(await page.getByTestId('import-button').count()).toBe(0)
    const download = page.waitForEvent('download')
    await page.getByTestId('export-button').click()
    expect((await download).suggestedFilename()).toMatch(/^危化品经营许可证（青禾燃气有限公司）-\d{8}\.xlsx$/)
    await shell.navigate('企业台账')
    await list.row('青禾燃气有限公司').getByTestId('open-dossier').click()
    await drawer.getByTestId('dossier-chemicals').click()
    await waitUntil(async () => page.url().includes('/chemicals/list'), 'chemical list opened')
    await chem.waitForTotal(3)
    for (const name of ['液化石油气', '乙炔', '氯'])
      await page.getByTestId('chemical-table').getByText(name, { exact: true }).waitFor()
    await shell.navigate('企业台账')
    await list.row('青禾燃气有限公司').getByTestId('open-dossier').click()
    await drawer.getByTestId('dossier-chemUnits').click()
    await waitUntil(async () => page.url().includes('tab=units'), 'units tab opened')
    expect(await page.getByTestId('enterprise-grade').innerText()).toContain('三级重大危险源')
    expect(browser.problems).toEqual([])
  })

  it("危化品台账 lists every enterprise's chemicals: searching 液氨 finds the enterprises storing it", async () => {
    const { page } = browser
    const shell = new AppShell(page)
    const chem = new ChemicalsPage(page)
    // two more enterprises store 液氨, a third only 氯
    const west = await api<{ id: number }>(server, 'village.create', { name: '西岭村' })
    const stores = async (enterprise: string, villageId: number, chemical: string, tonnes: number) => {
      const e = await api<{ record: { id: number } }>(server, 'enterprise.create', {
        data: { name: enterprise, villageId },
      })
      const u = await api<{ record: { id: number } }>(server, 'chemUnit.create', {
        data: { enterpriseId: e.record.id, name: '制冷机房', kind: 'production' },
      })
      await api(server, 'chemical.create', {
        data: { enterpriseId: e.record.id, unitId: u.record.id, name: chemical, maxQuantity: tonnes },
      })
    }
    await stores('西岭冷链物流有限公司', west.id, '液氨', 3)
    await stores(
      '东湖食品冷库',
      (await api<{ id: number }[]>(server, 'village.list', {}))[0]!.id,
      '液氨',
      1.5,
    )
    await stores('西岭自来水厂', west.id, '氯', 2)

    await shell.navigate('危化品')
    await chem.tab('chemical-list')
    await chem.waitForTotal(6)
    await page.locator('input[data-testid="search"]').fill('液氨')
    await chem.waitForTotal(2)
    const table = page.getByTestId('chemical-table')
    const text = await table.innerText()
    expect(text).toContain('西岭冷链物流有限公司')
    expect(text).toContain('东湖食品冷库')
    expect(text).not.toContain('西岭自来水厂')
    expect(text).not.toContain('青禾燃气有限公司')
    // the village column and filter come through the enterprise
    expect(text).toContain('西岭村')
    await browser.screenshot('67-chemicals-list-search')

    // the kit's form edits a row: 品名 still comes from the catalogue, the unit from the enterprise's
    await table.locator('.el-table__body tbody tr', { hasText: '东湖食品冷库' }).dblclick()
    await chem.dialog.waitFor()
    expect(await chem.field('name').inputValue()).toBe('液氨')
    expect(await chem.dialog.locator('[data-field="unitId"]').innerText()).toContain('制冷机房')
    await browser.screenshot('68-chemicals-list-form')
    await chem.field('maxQuantity').fill('2.5')
    await chem.save()
    await table.getByText('2.5 t', { exact: true }).waitFor()
    const listed = await api<{ rows: { enterpriseName: string; maxQuantity: number }[] }>(
      server,
      'chemical.list',
      {
        query: '液氨',
      },
    )
    expect(listed.rows.map((r) => [r.enterpriseName, r.maxQuantity]).sort()).toEqual([
      ['东湖食品冷库', 2.5],
      ['西岭冷链物流有限公司', 3],
    ])

    // the unit filter names each unit with its enterprise: one unit's chemicals only
    await page.locator('input[data-testid="search"]').fill('')
    await chem.waitForTotal(6)
    await page.getByTestId('filter-unitId').click()
    await page
      .locator('.el-select-dropdown__item:visible', { hasText: '液化气储罐区（青禾燃气有限公司）' })
      .click()
    await page.keyboard.press('Escape')
    await chem.waitForTotal(3)
    expect(page.url()).toMatch(/f\.unitId=\d+/)
    expect(await table.innerText()).not.toContain('制冷机房')

    // the units have their own kit list too (search, filters, 回收站, 变更记录)
    await chem.tab('chem-units')
    await chem.waitForTotal(4)
    await page.getByTestId('chemUnit-table').getByText('液化气储罐区', { exact: true }).waitFor()
    // …and a 村（社区） of their enterprises: 东湖村's two (the cold store, the gas company), not 西岭村's
    await page.getByTestId('filter-villageId').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '东湖村' }).click()
    await page.keyboard.press('Escape')
    await waitUntil(async () => page.url().includes('f.villageId='), 'the village filter in the route')
    await chem.waitForTotal(2)
    const units = await page.getByTestId('chemUnit-table').innerText()
    for (const name of ['东湖食品冷库', '青禾燃气有限公司']) expect(units).toContain(name)
    expect(units).not.toContain('西岭冷链')
    await browser.screenshot('69-chemicals-units-list')
    expect(browser.problems).toEqual([])
  })
})
