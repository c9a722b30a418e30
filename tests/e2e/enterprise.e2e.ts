import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { creditCodeCheckChar } from '../../electron/core/shared/validators'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { EnterpriseForm } from './pages/enterprise-form'
import { EnterpriseListPage } from './pages/enterprise-list-page'
import { waitUntil } from './pages/wait'

interface Row {
  id: number
  name: string
  creditCode: string | null
  villageName: string
  industryName: string | null
  riskLevel: string | null
  principalPhone: string | null
  flags: string[]
  version: number
}

const NAME = '澄湾精密机械有限公司'
const BODY = '91329999MA0CW7QX1'
const GOOD_CODE = BODY + creditCodeCheckChar(BODY)

async function findByName(server: Server, name: string, deleted = false): Promise<Row[]> {
  const r = await api<{ rows: Row[] }>(server, 'enterprise.list', { query: name, deleted, pageSize: 100 })
  // the list masks phones; the records themselves are whole
  return Promise.all(
    r.rows.filter((e) => e.name === name).map((e) => api<Row>(server, 'enterprise.get', { id: e.id })),
  )
}

describe('企业台账: create, edit, search, 回收站, validation', () => {
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

  it('(b) creates an enterprise through the form', async () => {
    const page = browser.page
    const existing = (await api<{ rows: Row[] }>(server, 'enterprise.list', { pageSize: 1 })).rows[0]
    if (!existing) throw new Error('demo data missing')

    await list.openCreate()
    await form.waitOpen()

    // A name close to an existing one warns without blocking.
    const near = existing.name.replace(/(有限公司|公司|厂|店|商行)$/, '') + '厂'
    await form.fill('name', near)
    await waitUntil(
      async () => (await page.getByTestId('similar-warning').innerText()).includes(existing.name),
      'near-duplicate warning',
    )
    expect(await page.getByTestId('similar-warning').innerText()).toContain('已有名称相近的企业：')

    await form.fill('name', NAME)
    // Enter moves to the next field, as in Excel.
    await form.field('name').locator('input').press('Enter')
    expect(
      await page.evaluate(() => document.activeElement?.closest('[data-field]')?.getAttribute('data-field')),
    ).toBe('creditCode')
    await page.keyboard.type(GOOD_CODE)
    await form.choose('villageId', 'dh', '东湖村')
    expect(await form.selectedText('villageId')).toBe('东湖村')
    await form.choose('industryId', 'jxzz', '机械制造')
    await form.fill('principal', '周澄')
    await form.fill('principalPhone', '13900001111')
    await form.choose('riskLevel', '', '一般风险（黄）')
    await form.field('flags').getByText('有限空间').click()
    await waitUntil(async () => (await page.getByTestId('similar-warning').count()) === 0, 'warning gone')
    await browser.screenshot('10-form-create')

    await form.save()
    await shell.waitForToast('已保存')
    await form.waitClosed()

    const saved = await findByName(server, NAME)
    expect(saved).toHaveLength(1)
    expect(saved[0]).toMatchObject({
      creditCode: GOOD_CODE,
      villageName: '东湖村',
      industryName: '机械制造',
      riskLevel: 'medium',
      principalPhone: '13900001111',
      flags: ['confinedSpace'],
    })
    expect(browser.problems).toEqual([])
  })

  it('(d) finds it by name with 3+ characters and by a 2-character fragment', async () => {
    await list.search('澄湾精密')
    await list.waitForTotal(1)
    expect(await list.column('企业名称')).toEqual([NAME])
    expect(decodeURIComponent(browser.page.url())).toContain('q=澄湾精密')
    await browser.screenshot('11-search-3-chars')

    await list.search('澄湾')
    await waitUntil(
      async () =>
        decodeURIComponent(browser.page.url()).includes('q=澄湾&') ||
        decodeURIComponent(browser.page.url()).endsWith('q=澄湾'),
      'query in URL',
    )
    await list.waitForTotal(1)
    expect(await list.column('企业名称')).toEqual([NAME])

    // People and phones are searchable too.
    await list.search('13900001111')
    await list.waitForTotal(1)
    expect(browser.problems).toEqual([])
  })

  it('(c) edits it and shows the change in 变更记录', async () => {
    const page = browser.page
    await list.search(NAME)
    await list.waitForTotal(1)
    await list.openEdit(NAME)
    await form.waitOpen()
    await waitUntil(async () => (await form.value('name')) === NAME, 'form filled')
    expect(await form.selectedText('villageId')).toBe('东湖村')

    await form.choose('riskLevel', '', '重大风险（红）')
    await form.fill('principalPhone', '0571-87654321')
    await form.save()
    await shell.waitForToast('已保存')
    await form.waitClosed()

    const [saved] = await findByName(server, NAME)
    expect(saved).toMatchObject({ riskLevel: 'major', principalPhone: '0571-87654321', version: 2 })
    await waitUntil(async () => (await list.column('风险等级'))[0] === '重大风险', 'row refreshed')

    await list.openHistory(NAME)
    const drawer = page.locator('.history-drawer')
    await drawer.getByText('修改', { exact: true }).waitFor()
    const text = await drawer.innerText()
    expect(text.replace(/\s+/g, '')).toContain('风险等级：一般风险（黄）→重大风险（红）')
    expect(text.replace(/\s+/g, '')).toContain('主要负责人电话：13900001111→0571-87654321')
    expect(text).toContain('新建')
    expect(text.replace(/\s+/g, '')).toContain('所属村（社区）：东湖村')
    await browser.screenshot('12-history')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
    expect(browser.problems).toEqual([])
  })

  it('(f) moves it to the 回收站 and restores it', async () => {
    await list.search(NAME)
    await list.waitForTotal(1)
    await list.select(NAME)
    await list.batchRemove()
    await browser.screenshot('13-confirm-remove')
    await shell.confirm()
    await shell.waitForToast('已将 1 家企业移入回收站')
    await list.waitForTotal(0)
    expect(await findByName(server, NAME)).toHaveLength(0)
    expect(await findByName(server, NAME, true)).toHaveLength(1)

    await list.showBin()
    await list.waitForTotal(1)
    await list.row(NAME).waitFor()
    expect(await list.horizontalOverflow()).toBeLessThanOrEqual(0)
    await browser.screenshot('14-recycle-bin')
    await list.restoreRow(NAME)
    await shell.waitForToast('已恢复 1 家企业')
    await list.waitForTotal(0)

    await list.showLive()
    await list.waitForTotal(1)
    expect(await findByName(server, NAME)).toHaveLength(1)
    expect(browser.problems).toEqual([])
  })

  it('(g) a bad credit code shows the Chinese message beside the field and nothing is saved', async () => {
    const page = browser.page
    const wrongName = '澄湾代码核对测试有限公司'
    const expected = creditCodeCheckChar('91329999MA0CW7QX2') as string
    const wrong = expected === '0' ? '1' : '0'

    await list.openCreate()
    await form.waitOpen()
    await form.fill('name', wrongName)
    await form.choose('villageId', 'xl', '西岭村')
    await form.fill('creditCode', `91329999MA0CW7QX2${wrong}`)
    await form.save()

    expect(await form.error('creditCode')).toBe(
      `统一社会信用代码第18位校验码应为 ${expected}，请核对营业执照`,
    )
    expect(await form.dialog.isVisible()).toBe(true)
    // The message sits under the credit-code input, not somewhere else on the form.
    const input = await form.field('creditCode').locator('input').boundingBox()
    const message = await form.field('creditCode').locator('.el-form-item__error').boundingBox()
    expect(
      input && message && message.y >= input.y + input.height - 1 && Math.abs(message.x - input.x) < 20,
    ).toBe(true)
    await browser.screenshot('15-bad-credit-code')
    expect(await findByName(server, wrongName)).toHaveLength(0)

    // A code already registered is refused by the core; its message lands beside the field too.
    await form.fill('creditCode', GOOD_CODE)
    await form.save()
    expect(await form.error('creditCode')).toContain(`已被“${NAME}”使用`)
    expect(await findByName(server, wrongName)).toHaveLength(0)
    await browser.screenshot('16-duplicate-credit-code')

    // Closing with unsaved input asks first.
    await page.keyboard.press('Escape')
    const box = page.locator('.el-message-box:visible')
    await box.waitFor()
    expect(await box.innerText()).toContain('填写的内容还没有保存')
    await shell.confirm()
    await form.waitClosed()
    expect(await findByName(server, wrongName)).toHaveLength(0)
    expect(browser.problems).toEqual([])
  })
})
