import type { Page } from 'playwright-core'
import { waitUntil } from './wait'

/** The frame every screen shares: side navigation and the header with the township name. */
export class AppShell {
  constructor(readonly page: Page) {}

  async navigate(
    label: '工作台' | '企业台账' | '危化品' | '烟花爆竹' | '值班' | '检查与隐患' | '统计' | '数据与设置',
  ) {
    await this.page.locator('[data-testid="nav"] .el-menu-item', { hasText: label }).click()
  }

  township() {
    return this.page.getByTestId('township')
  }

  /** Clicks the primary button of the open ElMessageBox (confirm dialogs). */
  async confirm(): Promise<void> {
    const box = this.page.locator('.el-message-box:visible')
    await box.locator('.el-button--primary').click()
    await box.waitFor({ state: 'hidden' })
  }

  /** Waits for an ElMessage toast matching `expected` (older toasts may still be on screen). */
  async waitForToast(expected: string | RegExp): Promise<string> {
    const matches = (t: string): boolean => (typeof expected === 'string' ? t === expected : expected.test(t))
    return waitUntil(
      async () => {
        const texts = (await this.page.locator('.el-message').allInnerTexts()).map((t) => t.trim())
        return texts.find(matches) ?? ''
      },
      `toast ${String(expected)}`,
    )
  }
}
