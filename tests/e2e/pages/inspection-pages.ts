import type { Locator, Page } from 'playwright-core'
import { waitUntil } from './wait'

/** Picks an option of an Element Plus select inside `scope`, typing first when asked. */
async function choose(page: Page, select: Locator, option: string, typed?: string): Promise<void> {
  await select.locator('.el-select__wrapper').click()
  if (typed) await page.keyboard.type(typed)
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click()
}

export class InspectionListPage {
  readonly table: Locator
  constructor(readonly page: Page) {
    this.table = page.getByTestId('inspection-table')
  }

  async tab(name: 'inspections' | 'hazards' | 'documents' | 'inspection-setup'): Promise<void> {
    await this.page.getByTestId(`tab-${name}`).click()
  }

  rows(): Locator {
    return this.page.locator('.el-table__body-wrapper tr.el-table__row')
  }

  /** The number in "共 N …" above the table. */
  async total(): Promise<number> {
    const t = await this.page.getByTestId('result-count').innerText()
    const m = /共\s*(\d+)\s*/.exec(t)
    if (!m) throw new Error(`no count in "${t}"`)
    return Number(m[1])
  }

  async waitForTotal(n: number): Promise<void> {
    await waitUntil(async () => {
      const mask = this.page.locator('.el-loading-mask:visible')
      return (await this.total()) === n && (await mask.count()) === 0
    }, `共 ${n}`)
  }
}

/** The 新建检查 dialog. */
export class InspectionForm {
  readonly dialog: Locator
  constructor(readonly page: Page) {
    this.dialog = page.locator('.el-dialog.inspection-dialog')
  }

  field(name: string): Locator {
    return this.dialog.locator(`[data-field="${name}"]`)
  }

  async open(): Promise<void> {
    await this.page.getByTestId('create-inspection').click()
    await this.dialog.waitFor({ state: 'visible' })
  }

  async enterprise(name: string): Promise<void> {
    await choose(this.page, this.field('enterpriseId'), name, name.slice(0, 4))
  }

  async inspectors(names: string[]): Promise<void> {
    for (const n of names) {
      const input = this.field('inspectorIds').locator('input')
      if ((await input.getAttribute('aria-expanded')) !== 'true')
        await this.field('inspectorIds').locator('.el-select__wrapper').click()
      await this.page.locator('.el-select-dropdown__item:visible', { hasText: n }).first().click()
    }
    // Close the dropdown without Escape (Escape would ask to close the dialog).
    await this.dialog.locator('.el-dialog__title').click()
  }

  async template(name: string): Promise<void> {
    await choose(this.page, this.field('templateId'), name)
  }

  async type(label: string): Promise<void> {
    await choose(this.page, this.field('type'), label)
  }

  async save(): Promise<void> {
    await this.dialog.getByTestId('save-inspection').click()
    await this.dialog.waitFor({ state: 'hidden' })
  }
}

export class InspectionDetailPage {
  constructor(readonly page: Page) {}

  async waitLoaded(): Promise<void> {
    await this.page.getByTestId('inspection-title').waitFor()
  }

  item(position: number): Locator {
    return this.page.getByTestId(`item-${position}`)
  }

  async result(position: number, r: 'pass' | 'fail' | 'na'): Promise<void> {
    const button = this.item(position).getByTestId(`result-${r}`)
    await button.click()
    await waitUntil(
      async () => (await button.getAttribute('class'))?.includes(' on') ?? false,
      `item ${position} ${r}`,
    )
  }

  /** 登记隐患: the problem wording is offered for editing first; `wording` replaces it. */
  async toHazard(position: number, wording?: string): Promise<void> {
    await this.item(position).getByTestId('to-hazard').click()
    const prompt = this.page.locator('.finding-prompt')
    await prompt.waitFor()
    if (wording !== undefined) await prompt.locator('textarea').fill(wording)
    await prompt.getByRole('button', { name: '登记' }).click()
    await this.item(position).getByTestId('open-hazard').waitFor()
  }

  /** The wording 登记隐患 offers for an item. */
  async offeredFinding(position: number): Promise<string> {
    await this.item(position).getByTestId('to-hazard').click()
    const prompt = this.page.locator('.finding-prompt')
    await prompt.waitFor()
    const text = await prompt.locator('textarea').inputValue()
    await prompt.getByRole('button', { name: '取消' }).click()
    await prompt.waitFor({ state: 'hidden' })
    return text
  }

  hazards(): Locator {
    return this.page.getByTestId('inspection-hazard')
  }

  async issueOrder(): Promise<void> {
    await this.page.getByTestId('issue-order').click()
  }

  async openEarlierHazard(text: string): Promise<void> {
    await this.page
      .getByTestId('reinspection-card')
      .locator('.hz-line', { hasText: text })
      .getByTestId('review-open')
      .click()
    await this.page.getByTestId('hazard-drawer').waitFor()
  }
}

export class HazardDrawerPage {
  readonly drawer: Locator
  constructor(readonly page: Page) {
    this.drawer = page.locator('.el-drawer.hazard-drawer')
  }

  async step(action: string): Promise<void> {
    await this.drawer.getByTestId(`step-${action}`).click()
    const dialog = this.page.locator('.el-dialog.hazard-action-dialog')
    await dialog.waitFor({ state: 'visible' })
  }

  async submitStep(): Promise<void> {
    const dialog = this.page.locator('.el-dialog.hazard-action-dialog')
    await dialog.getByTestId('action-submit').click()
    await dialog.waitFor({ state: 'hidden' })
  }

  async status(): Promise<string> {
    return (await this.drawer.getByTestId('hazard-status').innerText()).trim()
  }

  /** Submits a step the core refuses and returns its message; the dialog stays open, then is cancelled. */
  async refusedStep(action: string): Promise<string> {
    await this.step(action)
    const dialog = this.page.locator('.el-dialog.hazard-action-dialog')
    await dialog.getByTestId('action-submit').click()
    const message = (await dialog.getByTestId('action-error').innerText()).trim()
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialog.waitFor({ state: 'hidden' })
    return message
  }

  /** Records the 上报/移送 of a 重大事故隐患 with its receiving body and reference. */
  async escalate(kind: '上报' | '移送', to: string, reference: string): Promise<void> {
    await this.step('report')
    const dialog = this.page.locator('.el-dialog.hazard-action-dialog')
    await dialog.getByTestId('escalation-kind').getByText(kind).click()
    await dialog.getByTestId('escalation-to').fill(to)
    await dialog.getByTestId('escalation-reference').fill(reference)
    await this.submitStep()
  }

  async escalation(): Promise<string> {
    return (await this.drawer.getByTestId('hazard-escalation').innerText()).trim()
  }

  async close(): Promise<void> {
    await this.drawer.locator('.el-drawer__close-btn').click()
    await this.drawer.waitFor({ state: 'hidden' })
  }
}

export class PrintPreviewPage {
  constructor(readonly page: Page) {}

  async waitReady(): Promise<void> {
    await this.page.locator('body[data-print-ready="1"]').waitFor({ state: 'attached', timeout: 20_000 })
  }

  /** "责令限期整改指令书 （青）应急责改〔2026〕24号" → the number. */
  async number(): Promise<string> {
    const t = (await this.page.getByTestId('print-toolbar').locator('.what').innerText()).trim()
    const m = /(（.+?）.+?〔\d{4}〕\d+号)/.exec(t)
    if (!m) throw new Error(`no document number in "${t}"`)
    return m[1] as string
  }

  async pages(): Promise<number> {
    return this.page.locator('.sheet').count()
  }

  async back(): Promise<void> {
    await this.page.getByTestId('print-toolbar').getByRole('button', { name: '返回' }).click()
  }
}
