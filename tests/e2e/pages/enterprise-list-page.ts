import type { Locator, Page } from 'playwright-core'
import { waitUntil } from './wait'

export class EnterpriseListPage {
  readonly table: Locator

  constructor(readonly page: Page) {
    this.table = page.getByTestId('enterprise-table')
  }

  rows(): Locator {
    return this.table.locator('.el-table__body-wrapper tr.el-table__row')
  }

  row(name: string): Locator {
    return this.rows().filter({ hasText: name })
  }

  /** The number in "共 N 家" above the table. */
  async total(): Promise<number> {
    const t = await this.page.getByTestId('result-count').innerText()
    const m = /共\s*(\d+)\s*家/.exec(t)
    if (!m) throw new Error(`no count in "${t}"`)
    return Number(m[1])
  }

  async waitForTotal(n: number): Promise<void> {
    await waitUntil(async () => (await this.total()) === n && !(await this.isLoading()), `共 ${n} 家`)
  }

  async isLoading(): Promise<boolean> {
    const mask = this.table.locator('.el-loading-mask')
    return (await mask.count()) > 0 && (await mask.first().isVisible())
  }

  /** Text of one column for every visible row, by header label. */
  async column(label: string): Promise<string[]> {
    const headers = await this.table.locator('.el-table__header-wrapper th').allInnerTexts()
    const index = headers.findIndex((h) => h.trim() === label)
    if (index < 0) throw new Error(`no column "${label}" in ${JSON.stringify(headers)}`)
    return (
      await this.rows()
        .locator(`td:nth-child(${index + 1})`)
        .allInnerTexts()
    ).map((s) => s.trim())
  }

  /** Clicks a column header once (ascending). */
  async sortBy(label: string): Promise<void> {
    // On the title text, as a clerk would; the middle of the caret pair is the "descending" arrow.
    const cell = this.table.locator('.el-table__header-wrapper th', { hasText: label }).locator('.cell')
    await cell.click({ position: { x: 14, y: 10 } })
  }

  /** Ticks or unticks a column in 列设置. */
  async toggleColumn(label: string): Promise<void> {
    const popover = this.page.locator('.el-popover:visible')
    if ((await popover.count()) === 0) await this.page.getByTestId('column-chooser').click()
    await this.page.locator('.el-popover:visible .el-checkbox', { hasText: label }).click()
  }

  /** Pixels the table is wider than its box (> 0 means a horizontal scrollbar). */
  async horizontalOverflow(): Promise<number> {
    return this.table
      .locator('.el-table__body-wrapper .el-scrollbar__wrap')
      .evaluate((el) => el.scrollWidth - el.clientWidth)
  }

  async search(text: string): Promise<void> {
    // el-input passes data-testid to its <input>.
    await this.page.locator('input[data-testid="search"]').fill(text)
  }

  async openCreate(): Promise<void> {
    await this.page.getByTestId('create').click()
  }

  async openEdit(name: string): Promise<void> {
    await this.row(name).dblclick()
  }

  async openHistory(name: string): Promise<void> {
    await this.row(name).getByRole('button', { name: '记录' }).click()
  }

  async select(name: string): Promise<void> {
    await this.row(name).locator('.el-checkbox').click()
  }

  /** Names of the rows whose 所属村 is tagged 推测 (guessed on import). */
  async guessedNames(): Promise<string[]> {
    const names: string[] = []
    for (const row of await this.rows().all())
      if ((await row.getByTestId('guessed-tag').count()) > 0)
        names.push((await row.getByTestId('open-dossier').innerText()).trim())
    return names
  }

  /** 确认所属村 for the selected rows. */
  async confirmGuessed(): Promise<void> {
    await this.page.getByTestId('confirm-guessed').click()
  }

  async batchRemove(): Promise<void> {
    await this.page.getByTestId('batch-remove').click()
  }

  async showBin(): Promise<void> {
    await this.page.getByTestId('bin-tab').click()
  }

  async showLive(): Promise<void> {
    await this.page.locator('.mode-switch .el-radio-button', { hasText: '在册企业' }).click()
  }

  async restoreRow(name: string): Promise<void> {
    await this.row(name).getByTestId('restore-row').click()
  }

  /** Picks options in one of the multi-select filters (typing first, e.g. 拼音首字母). */
  async filter(
    testId: 'filter-villageId' | 'filter-riskLevel' | 'filter-industryId',
    options: { typed?: string; option: string }[],
  ) {
    const select = this.page.getByTestId(testId)
    const input = select.locator('input')
    for (const o of options) {
      // A multi-select stays open after a pick; clicking it again would close it.
      if ((await input.getAttribute('aria-expanded')) !== 'true')
        await select.locator('.el-select__wrapper').click()
      if (o.typed) await input.fill(o.typed)
      await this.page.locator('.el-select-dropdown__item:visible', { hasText: o.option }).first().click()
    }
    await this.page.keyboard.press('Escape')
  }
}
