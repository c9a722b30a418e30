import type { Locator, Page } from 'playwright-core'

export class SettingsPage {
  constructor(readonly page: Page) {}

  async setTownship(name: string): Promise<void> {
    await this.page.locator('input[data-testid="township-name"]').fill(name)
    await this.page.getByRole('button', { name: '保存', exact: true }).first().click()
  }

  lookup(kind: 'village' | 'industry'): Locator {
    return this.page.getByTestId(`lookup-${kind}`)
  }

  async names(kind: 'village' | 'industry'): Promise<string[]> {
    return (await this.lookup(kind).locator('.el-table__body tr td:nth-child(2)').allInnerTexts()).map((s) =>
      s.trim(),
    )
  }

  async add(kind: 'village' | 'industry', name: string): Promise<void> {
    await this.lookup(kind).locator('.add-row input').fill(name)
    await this.lookup(kind).locator('.add-row button').click()
  }

  async rowAction(
    kind: 'village' | 'industry',
    name: string,
    action: '改名' | '删除' | '上移' | '下移',
  ): Promise<void> {
    const row = this.lookup(kind).locator('.el-table__body tr').filter({ hasText: name })
    if (action === '上移' || action === '下移') await row.locator(`button[title="${action}"]`).click()
    else await row.getByRole('button', { name: action }).click()
  }
}
