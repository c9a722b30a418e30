import type { Locator, Page } from 'playwright-core'
import { waitUntil } from './wait'

/** The 新增企业 / 修改企业信息 dialog. Fields are addressed by the core's field names. */
export class EnterpriseForm {
  readonly dialog: Locator

  constructor(readonly page: Page) {
    this.dialog = page.locator('.el-dialog.ledger-dialog')
  }

  field(name: string): Locator {
    return this.dialog.locator(`[data-field="${name}"]`)
  }

  /**
   * Visible, and its opening animation over: the form then focuses its first field, so text typed
   * before that could land there (under load, the focus arrives after the first fill).
   */
  async waitOpen(): Promise<void> {
    await this.dialog.waitFor({ state: 'visible' })
    await waitUntil(
      () =>
        this.dialog.evaluate(
          (d) => d.contains(document.activeElement) && !!document.activeElement?.closest('[data-field]'),
        ),
      'form focused its first field',
    )
  }

  async fill(name: string, value: string): Promise<void> {
    const input = this.field(name).locator('input, textarea').first()
    await input.fill(value)
  }

  async value(name: string): Promise<string> {
    return this.field(name).locator('input, textarea').first().inputValue()
  }

  /** Types into a filterable select (村 or 行业 accept 拼音首字母) and picks the option. */
  async choose(name: string, typed: string, option: string): Promise<void> {
    await this.field(name).locator('.el-select__wrapper').click()
    if (typed) await this.page.keyboard.type(typed)
    await this.page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click()
  }

  async selectedText(name: string): Promise<string> {
    const shown = this.field(name).locator('.el-select__placeholder:not(.is-transparent)')
    return (await shown.count()) > 0 ? (await shown.first().innerText()).trim() : ''
  }

  async error(name: string): Promise<string> {
    const err = this.field(name).locator('.el-form-item__error')
    await err.waitFor()
    return (await err.innerText()).trim()
  }

  async save(): Promise<void> {
    await this.dialog.getByTestId('save').click()
  }

  async waitClosed(): Promise<void> {
    await this.dialog.waitFor({ state: 'hidden' })
  }
}
