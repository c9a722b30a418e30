import type { Locator, Page } from 'playwright-core'
import { waitUntil } from './wait'

/**
 * The 危化品 module: enterprise picker, unit cards with S/R/grade, the kit's forms for units,
 * chemicals and licences, and the kit's lists of chemicals and licences.
 */
/** The <input> of an Element Plus field carrying a test id (ElInput puts the id on the input itself). */
async function inputOf(scope: Locator, testId: string): Promise<Locator> {
  const el = scope.getByTestId(testId)
  await el.first().waitFor()
  const tag = await el.first().evaluate((n) => n.tagName)
  return tag === 'INPUT' ? el.first() : el.locator('input').first()
}

export class ChemicalsPage {
  constructor(readonly page: Page) {}

  /** The kit's form dialog that is open (the page holds one per ledger). */
  get dialog(): Locator {
    return this.page.locator('.el-dialog.ledger-dialog:visible')
  }

  field(key: string): Locator {
    return this.dialog.locator(`[data-field="${key}"] input`).first()
  }

  async save(): Promise<void> {
    await this.dialog.getByTestId('save').click()
    await this.dialog.waitFor({ state: 'hidden' })
  }

  async tab(
    id: 'units' | 'chemical-list' | 'chem-units' | 'register' | 'stats' | 'chem-licences' | 'catalog',
  ): Promise<void> {
    await this.page.getByTestId(`tab-${id}`).click()
  }

  async pickEnterprise(typed: string, name: string): Promise<void> {
    await this.page.getByTestId('chem-enterprise').click()
    await this.page.keyboard.type(typed)
    await this.page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
  }

  async addUnit(name: string, population: number): Promise<void> {
    await this.page.getByTestId('add-unit').click()
    await this.dialog.waitFor()
    await this.field('name').fill(name)
    await this.field('population').fill(String(population))
    await this.save()
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
    await this.dialog.waitFor()
    const input = await inputOf(this.dialog, 'chem-name')
    // the form starts at 品名 (the enterprise and the unit are given)
    await waitUntil(() => input.evaluate((n) => n === document.activeElement), '品名 focused')
    await this.page.keyboard.type(typed, { delay: 30 })
    const option = this.page.locator('.el-autocomplete-suggestion:visible li', { hasText: pick }).first()
    await option.click()
    await waitUntil(async () => (await input.inputValue()) === pick, `品名 ${pick}`)
    await this.field('maxQuantity').fill(String(maxTonnes))
    await this.save()
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

  /** 经营许可证 tab: registers a licence of an enterprise picked by its pinyin initials. */
  async addLicence(typed: string, enterprise: string, no: string, validTo: string): Promise<void> {
    await this.tab('chem-licences')
    await this.page.getByTestId('create').click()
    await this.dialog.waitFor()
    await this.dialog.locator('[data-field="enterpriseId"] .el-select').click()
    await this.page.keyboard.type(typed)
    await this.page.locator('.el-select-dropdown__item:visible', { hasText: enterprise }).first().click()
    await this.field('licenceNo').fill(no)
    const date = this.field('validTo')
    await date.fill(validTo)
    await date.press('Enter')
    await this.save()
    await this.page.getByTestId('chemLicence-table').getByText(no).waitFor()
  }

  /** The number in "共 N 种/张" above a kit list. */
  async total(): Promise<number> {
    const t = await this.page.getByTestId('result-count').innerText()
    const m = /共\s*(\d+)/.exec(t)
    if (!m) throw new Error(`no count in "${t}"`)
    return Number(m[1])
  }

  async waitForTotal(n: number): Promise<void> {
    await waitUntil(async () => (await this.total()) === n, `共 ${n}`)
  }
}
