import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { EnterpriseForm } from './pages/enterprise-form'
import { EnterpriseListPage } from './pages/enterprise-list-page'
import { waitUntil } from './pages/wait'

// The ledger kit as a clerk meets it: a form that saves only what was changed, keyboard-only
// entry, pinyin order and initials search, delete from the row and restore from the 回收站.

interface Rec {
  id: number
  name: string
  version: number
  establishedDate: string | null
  principalPhone: string | null
  villageName: string
  principal: string | null
}

async function byName(server: Server, name: string, deleted = false): Promise<Rec | undefined> {
  const r = await api<{ rows: Rec[] }>(server, 'enterprise.list', { query: name, deleted, pageSize: 50 })
  const hit = r.rows.find((x) => x.name === name)
  // the list masks phones; the record itself is whole
  return hit && api<Rec>(server, 'enterprise.get', { id: hit.id })
}

describe('ledger kit: enterprise screens', () => {
  let server: Server
  let browser: Browser
  let shell: AppShell
  let list: EnterpriseListPage
  let form: EnterpriseForm

  beforeAll(async () => {
    server = await startServer()
    await api(server, 'demo.load')
    browser = await startBrowser(server)
    shell = new AppShell(browser.page)
    list = new EnterpriseListPage(browser.page)
    form = new EnterpriseForm(browser.page)
    await shell.navigate('企业台账')
    await list.rows().first().waitFor()
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await browser?.screenshot(`failed-${ctx.task.name.slice(0, 40)}`)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('changing only the phone keeps 成立日期, and the history shows only the phone', async () => {
    const villages = await api<{ id: number; name: string }[]>(server, 'village.list')
    const { record } = await api<{ record: Rec }>(server, 'enterprise.create', {
      data: {
        name: '澄湾成立日期测试有限公司',
        villageId: villages[0]?.id,
        establishedDate: '2019-03-05',
        principalPhone: '13812345678',
      },
    })
    await list.search('澄湾成立日期')
    await list.waitForTotal(1)
    await list.openEdit(record.name)
    await form.waitOpen()
    await waitUntil(async () => (await form.value('name')) === record.name, 'form filled')
    expect(await form.value('establishedDate')).toBe('2019-03-05')
    await form.fill('principalPhone', '13900001111')
    await form.save()
    await shell.waitForToast('已保存')
    await form.waitClosed()

    const after = await byName(server, record.name)
    expect(after).toMatchObject({ establishedDate: '2019-03-05', principalPhone: '13900001111', version: 2 })
    const history = await api<{ action: string; changes: { field: string }[] }[]>(
      server,
      'enterprise.history',
      {
        id: record.id,
      },
    )
    expect(history[0]?.action).toBe('update')
    expect(history[0]?.changes.map((c) => c.field)).toEqual(['principalPhone'])
    expect(browser.problems).toEqual([])
  })

  it('enters a new enterprise with the keyboard only: Enter moves on, "dh" + Enter picks 东湖村', async () => {
    const page = browser.page
    await list.search('')
    await list.openCreate()
    await form.waitOpen()
    const focused = () =>
      page.evaluate(() => document.activeElement?.closest('[data-field]')?.getAttribute('data-field'))
    await waitUntil(async () => (await focused()) === 'name', 'name focused')
    await page.keyboard.type('青禾键盘录入机械有限公司')
    await page.keyboard.press('Enter')
    expect(await focused()).toBe('creditCode')
    await page.keyboard.press('Enter')
    expect(await focused()).toBe('villageId')
    await page.keyboard.type('dh')
    await page.waitForTimeout(200)
    await page.keyboard.press('Enter')
    await waitUntil(async () => (await form.selectedText('villageId')) === '东湖村', 'village picked')
    await browser.screenshot('40-keyboard-entry')
    // Tab moves on as well; the rest is left empty and Ctrl+S saves.
    await page.keyboard.press('Tab')
    await page.keyboard.press('Control+s')
    await shell.waitForToast('已保存')
    await form.waitClosed()
    const saved = await byName(server, '青禾键盘录入机械有限公司')
    expect(saved?.villageName).toBe('东湖村')
    expect(browser.problems).toEqual([])
  })

  it('sorts names in pinyin order and finds them by their initials', async () => {
    const page = browser.page
    await list.search('')
    await list.sortBy('企业名称')
    await waitUntil(async () => decodeURIComponent(page.url()).includes('sort=name&order=asc'), 'sort in URL')
    await list.waitForTotal(242)
    const names = (await waitUntil(async () => {
      const n = await list.column('企业名称')
      return n.length === 20 && !(await list.isLoading()) ? n : null
    }, 'sorted page')) as string[]
    const collated = await page.evaluate(
      (list: string[]) => [...list].sort(new Intl.Collator('zh-CN').compare),
      names,
    )
    expect(names).toEqual(collated)
    await browser.screenshot('41-pinyin-order')

    // 青禾键盘录入机械有限公司 → qhjplrjx…
    await list.search('qhjplr')
    await list.waitForTotal(1)
    expect(await list.column('企业名称')).toEqual(['青禾键盘录入机械有限公司'])
    expect(browser.problems).toEqual([])
  })

  it('masks phones until shown, and the name opens 一户一档 whose counts open exactly those lists', async () => {
    const page = browser.page
    const [eid] = (
      await api<{ rows: { id: number; enterpriseId: number }[] }>(server, 'hazard.list', { pageSize: 1 })
    ).rows.map((h) => h.enterpriseId)
    const masked = (await api<{ rows: Rec[] }>(server, 'enterprise.list', { pageSize: 50 })).rows.find(
      (r) => r.principalPhone && /^1\d\d\*{4}\d{4}$/.test(r.principalPhone),
    )
    if (!masked) throw new Error('demo has no mobile phone')
    const withPhone = await api<Rec>(server, 'enterprise.get', { id: masked.id })
    await list.search(withPhone.name)
    await list.row(withPhone.name).waitFor()
    await list.waitForTotal(1)
    const phone = (await list.column('电话'))[0] ?? ''
    expect(phone).toMatch(/^1\d\d\*{4}\d{4}/)
    expect(phone).not.toContain(withPhone.principalPhone)
    await list.row(withPhone.name).getByTestId('reveal').click()
    await waitUntil(async () => (await list.column('电话'))[0] === withPhone.principalPhone, 'phone shown')
    // the reveal is in 操作日志
    const reveals = await api<{ rows: { recordId: number; action: string }[] }>(server, 'audit.list', {
      action: 'reveal',
    })
    expect(reveals.rows.map((r) => r.recordId)).toContain(withPhone.id)

    const e = await api<Rec>(server, 'enterprise.get', { id: eid })
    await list.search(e.name)
    await list.row(e.name).waitFor()
    await list.waitForTotal(1)
    await list.row(e.name).getByTestId('open-dossier').click()
    const drawer = page.getByTestId('dossier')
    await drawer.getByTestId('dossier-hazards').waitFor()
    const d = await api<{ links: { key: string; total: number }[] }>(server, 'enterprise.dossier', {
      id: eid,
    })
    const hazards = d.links.find((l) => l.key === 'hazards')?.total ?? -1
    expect(await drawer.getByTestId('dossier-hazards').innerText()).toContain(String(hazards))
    expect(await drawer.innerText()).toContain('所属村（社区）')
    await browser.screenshot('42-dossier')
    await drawer.getByTestId('dossier-hazards').click()
    await waitUntil(async () => page.url().includes('/inspections/hazards'), 'hazard list opened')
    await waitUntil(
      async () => (await page.getByTestId('result-count').innerText()).includes(`共 ${hazards} 处`),
      'hazard count',
    )
    await shell.navigate('企业台账')
    await list.rows().first().waitFor()
    expect(browser.problems).toEqual([])
  })

  it('copies the selected rows as columns that paste into Excel', async () => {
    const page = browser.page
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin })
    await list.search('')
    await list.sortBy('企业名称')
    const names = (await waitUntil(async () => {
      const n = await list.column('企业名称')
      return n.length === 20 && !(await list.isLoading()) ? n : null
    }, 'rows')) as string[]
    await list.select(names[0] as string)
    await list.select(names[1] as string)
    await page.getByTestId('copy-rows').click()
    await shell.waitForToast('已复制 2 行，可直接粘贴到 Excel 或 WPS 表格')
    const text = await page.evaluate(() => navigator.clipboard.readText())
    const rows = text.split('\r\n').map((l) => l.split('\t'))
    expect(rows[0]?.slice(0, 3)).toEqual(['企业名称', '统一社会信用代码', '村（社区）'])
    expect(rows.slice(1).map((r) => r[0])).toEqual(names.slice(0, 2))
    // as on screen: a phone stays masked (导出 gives whole numbers)
    expect(rows[1]?.[rows[0]!.indexOf('电话')]).toMatch(/^(1\d\d\*{4}\d{4}|[^0-9]*)$/)
    await list.select(names[0] as string)
    await list.select(names[1] as string)
  })

  it('going Back with unsaved input in the form asks first', async () => {
    const page = browser.page
    await shell.navigate('工作台')
    await shell.navigate('企业台账')
    await list.rows().first().waitFor()
    await list.openCreate()
    await form.waitOpen()
    await form.fill('name', '尚未保存的企业名称')
    // the mouse's back button / Alt+← while the form is open
    await page.evaluate(() => history.back())
    const box = page.locator('.el-message-box:visible')
    await box.waitFor()
    expect(await box.innerText()).toContain('填写的内容还没有保存')
    await browser.screenshot('43-back-asks')
    // 继续填写: stay on the list with the input kept
    await box.locator('.el-button', { hasText: '继续填写' }).click()
    await box.waitFor({ state: 'hidden' })
    expect(page.url()).toContain('/enterprises')
    expect(await form.value('name')).toBe('尚未保存的企业名称')
    // 放弃修改: Back is followed
    await page.evaluate(() => history.back())
    await page.locator('.el-message-box:visible').waitFor()
    await shell.confirm()
    await waitUntil(async () => !page.url().includes('/enterprises'), 'left the list')
    await shell.navigate('企业台账')
    await list.rows().first().waitFor()
    expect(browser.problems).toEqual([])
  })

  it('deletes one row from its row action and restores it from the 回收站', async () => {
    const page = browser.page
    const name = '青禾键盘录入机械有限公司'
    await list.search(name)
    await list.waitForTotal(1)
    await list.row(name).getByTestId('remove-row').click()
    await shell.confirm()
    await shell.waitForToast('已将 1 家企业移入回收站')
    await list.waitForTotal(0)
    expect(await byName(server, name, true)).toBeDefined()

    await list.showBin()
    await list.waitForTotal(1)
    await list.restoreRow(name)
    await shell.waitForToast('已恢复 1 家企业')
    await list.showLive()
    await list.waitForTotal(1)
    expect(await byName(server, name)).toBeDefined()
    await page.getByTestId('clear-filters').click()
    expect(browser.problems).toEqual([])
  })
})
