import type { Locator, Page } from 'playwright-core'
import { waitUntil } from './wait'

export type CountKey =
  'inserted' | 'updated' | 'unchanged' | 'duplicates' | 'errorRows' | 'warningRows' | 'skippedRows'

/** The import wizard (#/import?ledger=…): file → 核对表头 → 预览与修正 → 完成. */
export class ImportPage {
  constructor(readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId('import-page')
  }

  /**
   * The wizard of a ledger, also in a fresh browser: its first load may land on 工作台 (an empty
   * database) after the app starts, so the wizard's address is set again until it shows.
   */
  async open(baseUrl: string, ledger: string): Promise<void> {
    const hash = `#/import?ledger=${ledger}`
    await this.page.goto(`${baseUrl}${hash}`)
    await this.page.reload()
    const step = this.page.getByTestId('file-step')
    for (let i = 0; i < 10; i++) {
      if (
        await step.waitFor({ timeout: 3000 }).then(
          () => true,
          () => false,
        )
      )
        return
      await this.page.evaluate((h) => {
        window.location.hash = h
      }, hash)
    }
    await step.waitFor()
  }

  /**
   * Picks a file the way the browser mode does: the button opens the platform shim's hidden
   * <input type=file>; Playwright intercepts the chooser so headless Chromium does not cancel it.
   */
  async chooseFile(file: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser')
    await this.page.getByTestId('choose-file').click()
    const fc = await chooser
    await fc.element().setInputFiles(file)
  }

  fileError(): Locator {
    return this.page.getByTestId('file-error')
  }

  reading(): Locator {
    return this.page.getByTestId('reading')
  }

  async cancelReading(): Promise<void> {
    await this.page.getByTestId('cancel-reading').click()
  }

  // ---- 核对表头 ----

  mappingStep(): Locator {
    return this.page.getByTestId('mapping-step')
  }

  async header(letter: string): Promise<string> {
    return (await this.page.locator(`.header-text[data-column="${letter}"]`).innerText()).trim()
  }

  /** The field a column is mapped to, as the select shows it. */
  async mappedTo(letter: string): Promise<string> {
    const shown = this.page.locator(
      `.field-select[data-column="${letter}"] .el-select__placeholder:not(.is-transparent)`,
    )
    return (await shown.first().innerText()).trim()
  }

  async matchLabel(letter: string): Promise<string> {
    return (await this.page.locator(`.match-tag[data-column="${letter}"]`).innerText()).trim()
  }

  async openMapping(letter: string): Promise<void> {
    await this.page.locator(`.field-select[data-column="${letter}"] .el-select__wrapper`).click()
  }

  /** Opens a column's select (unless open) and picks a field by its label. */
  async setMapping(letter: string, label: string): Promise<void> {
    const input = this.page.locator(`.field-select[data-column="${letter}"] input`)
    if ((await input.getAttribute('aria-expanded')) !== 'true') await this.openMapping(letter)
    // The options are teleported to <body>: find this select's own list through aria-controls.
    const listId = await input.getAttribute('aria-controls')
    const option = this.page
      .locator(`[id="${listId}"] .el-select-dropdown__item`)
      .filter({ has: this.page.locator('span', { hasText: new RegExp(`^${label}$`) }) })
    await option.first().click()
    await waitUntil(async () => (await this.mappedTo(letter)) === label, `${letter} 列对应“${label}”`)
  }

  async toPreview(): Promise<void> {
    await this.page.getByTestId('to-preview').click()
    await this.previewStep().waitFor()
    await this.waitIdle()
  }

  // ---- 预览与修正 ----

  previewStep(): Locator {
    return this.page.getByTestId('preview-step')
  }

  table(): Locator {
    return this.page.getByTestId('preview-table')
  }

  async waitIdle(): Promise<void> {
    await waitUntil(async () => {
      const mask = this.table().locator('.el-loading-mask')
      return (await mask.count()) === 0 || !(await mask.first().isVisible())
    }, 'preview grid loaded')
  }

  /** The names the preview offers as near matches of enterprises in the roster. */
  async nearMatches(): Promise<string[]> {
    return (await this.page.getByTestId('near-match').locator('.near-name').allInnerTexts()).map((s) =>
      s.trim(),
    )
  }

  /** For a near-matched name: the existing enterprise, or a new one. */
  async chooseNear(name: string, existing: boolean): Promise<void> {
    await this.page
      .getByTestId('near-match')
      .filter({ hasText: `“${name}”` })
      .getByTestId(existing ? 'near-existing' : 'near-new')
      .click()
  }

  async count(key: CountKey): Promise<number> {
    return Number(await this.page.getByTestId(`count-${key}`).locator('b').innerText())
  }

  async waitForCount(key: CountKey, n: number): Promise<void> {
    await waitUntil(async () => (await this.count(key)) === n, `${key} = ${n}`)
  }

  /** Sheet row numbers of the rows on the current page. */
  async rowNumbers(): Promise<number[]> {
    await this.waitIdle()
    return (await this.table().getByTestId('row-no').allInnerTexts()).map(Number)
  }

  async issues(): Promise<string[]> {
    return (await this.table().getByTestId('issue').allInnerTexts()).map((s) => s.trim())
  }

  /** Problems that did not stop their row (a cell left out, a guessed village). */
  async warnings(): Promise<string[]> {
    return (await this.table().getByTestId('warning').allInnerTexts()).map((s) => s.trim())
  }

  /** File-level facts above the grid (no village column, rows skipped, where the data ends). */
  async notices(): Promise<string> {
    const n = this.page.getByTestId('notices')
    return (await n.count()) ? (await n.innerText()).trim() : ''
  }

  /** Confirms the automatic choice of a column the wizard asks about. */
  async confirm(letter: string): Promise<void> {
    await this.page.getByTestId(`confirm-${letter}`).click()
    await waitUntil(async () => (await this.matchLabel(letter)) === '已手动指定', `${letter} 列已确认`)
  }

  /** Gives all rows one value for a field the file has no column for. */
  async setDefault(field: string, value: string): Promise<void> {
    const input = this.page.getByTestId(`default-${field}`).locator('input')
    await input.fill(value)
    await input.press('Enter')
    await input.blur()
    await waitUntil(
      async () => (await this.page.getByTestId(`default-${field}`).locator('input').inputValue()) === value,
      `默认值 ${value}`,
    )
  }

  async toggleOnlyErrors(): Promise<void> {
    await this.page.getByTestId('only-errors').click()
    await this.waitIdle()
  }

  row(sheetRow: number): Locator {
    return this.table()
      .locator('.el-table__body tr')
      .filter({ has: this.page.getByTestId('row-no').filter({ hasText: new RegExp(`^${sheetRow}$`) }) })
  }

  errorCell(sheetRow: number, field: string): Locator {
    return this.row(sheetRow)
      .locator('td.cell-error, td.cell-warning')
      .filter({ has: this.page.locator(`[data-field="${field}"]`) })
  }

  fixPopover(): Locator {
    return this.page.getByTestId('fix-popover')
  }

  async openFix(sheetRow: number, field: string): Promise<void> {
    await this.errorCell(sheetRow, field).click()
    await this.fixPopover().waitFor()
  }

  async applyFix(value: string): Promise<void> {
    await this.fixPopover().locator('input').fill(value)
    await this.page.getByTestId('fix-apply').click()
    await this.fixPopover().waitFor({ state: 'hidden' })
    await this.waitIdle()
  }

  async commit(): Promise<void> {
    await this.page.getByTestId('commit').click()
    await this.page.getByTestId('done-step').waitFor({ timeout: 30_000 })
  }

  async summary(): Promise<string> {
    return (await this.page.getByTestId('import-summary').innerText()).trim()
  }
}

/** 导入记录 (#/import/history). */
export class ImportHistoryPage {
  constructor(readonly page: Page) {}

  table(): Locator {
    return this.page.getByTestId('history-table')
  }

  rows(): Locator {
    return this.table().locator('.el-table__body tr.el-table__row')
  }

  /** The row of one batch by its number (first column). */
  batch(id: number): Locator {
    return this.rows().filter({
      has: this.page.locator('td:first-child', { hasText: new RegExp(`^\\s*${id}\\s*$`) }),
    })
  }

  async status(id: number): Promise<string> {
    return (await this.batch(id).getByTestId('batch-status').innerText()).trim()
  }

  async undo(id: number): Promise<void> {
    await this.batch(id).getByTestId('undo-batch').click()
    await this.page.locator('.el-message-box:visible').waitFor()
  }
}
