import type { Locator, Page } from 'playwright-core'
import { waitUntil } from './wait'

/** The 危化品 page: enterprise picker, unit cards with S/R/grade, the chemical dialog. */
/** The <input> of an Element Plus field carrying a test id (ElInput puts the id on the input itself). */
async function inputOf(scope: Locator, testId: string): Promise<Locator> {
  const el = scope.getByTestId(testId)
  await el.first().waitFor()
  const tag = await el.first().evaluate((n) => n.tagName)
  return tag === 'INPUT' ? el.first() : el.locator('input').first()
}

export class ChemicalsPage {
  constructor(readonly page: Page) {}

  async pickEnterprise(typed: string, name: string): Promise<void> {
    await this.page.getByTestId('chem-enterprise').click()
    await this.page.keyboard.type(typed)
    await this.page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
  }

  async addUnit(name: string, population: number): Promise<void> {
    await this.page.getByTestId('add-unit').click()
    const dialog = this.page.locator('.el-dialog.unit-dialog')
    await (await inputOf(dialog, 'unit-name-input')).fill(name)
    await (await inputOf(dialog, 'unit-population')).fill(String(population))
    await dialog.getByTestId('save-unit').click()
    await this.unit(name).waitFor()
  }

  unit(name: string): Locator {
    return this.page
      .getByTestId('unit-card')
      .filter({ has: this.page.getByTestId('unit-name').getByText(name, { exact: true }) })
  }

  /** Types part of a name, an alias or pinyin initials and picks the catalogue suggestion. */
  async addChemical(unit: string, typed: string, pick: string, maxTonnes: number): Promise<void> {
    await this.unit(unit).getByTestId('add-chemical').click()
    const dialog = this.page.locator('.el-dialog.chemical-dialog')
    await dialog.waitFor()
    const input = await inputOf(dialog, 'chem-name')
    await input.click()
    await this.page.keyboard.type(typed, { delay: 30 })
    const option = this.page.locator('.el-autocomplete-suggestion:visible li', { hasText: pick }).first()
    await option.click()
    await waitUntil(async () => (await input.inputValue()) === pick, `品名 ${pick}`)
    await (await inputOf(dialog, 'chem-max')).fill(String(maxTonnes))
    await dialog.getByTestId('save-chemical').click()
    await dialog.waitFor({ state: 'hidden' })
  }

  async result(unit: string): Promise<{ s: string; r: string | null; grade: string }> {
    const card = this.unit(unit)
    const r = card.getByTestId('unit-r')
    return {
      s: (await card.getByTestId('unit-s').innerText()).trim(),
      r: (await r.count()) ? (await r.innerText()).trim() : null,
      grade: (await card.getByTestId('unit-grade').innerText()).trim(),
    }
  }

  async waitForGrade(unit: string, grade: string): Promise<void> {
    await waitUntil(async () => (await this.result(unit)).grade === grade, `${unit} ${grade}`)
  }

  /** 经营许可证 tab: registers a licence of the enterprise picked on the 单元与库存 tab. */
  async addLicence(no: string, validTo: string): Promise<void> {
    await this.page.getByRole('tab', { name: '经营许可证' }).click()
    await this.page.getByTestId('add-licence').click()
    const dialog = this.page.locator('.el-dialog.licence-dialog')
    await dialog.waitFor()
    await (await inputOf(dialog, 'licence-no')).fill(no)
    const date = await inputOf(dialog, 'licence-valid-to')
    await date.fill(validTo)
    await date.press('Enter')
    await dialog.getByTestId('save-licence').click()
    await dialog.waitFor({ state: 'hidden' })
    await this.page.getByTestId('licences').getByText(no).waitFor()
  }
}
