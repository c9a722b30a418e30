import type { Page } from 'playwright-core'

export class HomePage {
  constructor(readonly page: Page) {}

  emptyDoors() {
    return this.page.getByTestId('empty-doors')
  }

  importDoor() {
    return this.page.getByTestId('import-door')
  }

  async loadDemo(): Promise<void> {
    await this.page.getByTestId('load-demo').click()
    await this.page.getByTestId('stats').waitFor()
  }

  stat(key: string) {
    return this.page.getByTestId(`stat-${key}`)
  }

  async statValue(key: string): Promise<number> {
    return Number(await this.stat(key).locator('b').innerText())
  }
}
