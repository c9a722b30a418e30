import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { ImportPage } from './pages/import-page'

// Ledgers from other offices that carry a field in their layout instead of a column: a roster
// grouped under one heading per village, a problem list grouped under one heading per audited
// unit. Through the wizard they import without a hand-made mapping.

const PATTERNS = path.resolve(__dirname, '../fixtures/patterns')

describe('ledgers grouped under headings, through the import wizard', () => {
  let server: Server
  let browser: Browser
  let wizard: ImportPage

  beforeAll(async () => {
    server = await startServer()
    browser = await startBrowser(server)
    wizard = new ImportPage(browser.page)
    await api(server, 'village.create', { name: '东湖村' })
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await browser?.screenshot(`failed-${ctx.task.name.slice(0, 40)}`)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function open(ledger: string, file: string): Promise<void> {
    await wizard.open(server.url, ledger)
    await wizard.chooseFile(path.join(PATTERNS, file))
    await wizard.mappingStep().waitFor()
  }

  it('a roster grouped by village headings: each heading’s rows land in that village', async () => {
    await open('enterprises', 'roster-village-sections.xlsx')
    await wizard.toPreview()
    await wizard.waitIdle()
    await wizard.waitForCount('inserted', 3)
    expect(await wizard.notices()).toContain('按分组标题“二、西山村（1家）”记在“西山村”下')
    await browser.screenshot('37-01-import-village-headings')
    await wizard.commit()
    const list = await api<{ rows: { name: string; villageName: string; villageGuessed: boolean }[] }>(
      server,
      'enterprise.list',
      { pageSize: 50 },
    )
    expect(Object.fromEntries(list.rows.map((r) => [r.name, [r.villageName, r.villageGuessed]]))).toEqual({
      东湖五金厂: ['东湖村', true],
      东湖饭店: ['东湖村', true],
      西山石料场: ['西山村', true],
    })
  })

  it('a problem list grouped under one heading per audited unit needs no enterprise column', async () => {
    await open('hazards', 'hazards-grouped-by-unit.xlsx')
    // no "必填项目没有对应的列" stop (下一步 stays enabled): the headings give every row its unit
    await browser.screenshot('37-02-import-unit-headings-mapping')
    await wizard.toPreview()
    await wizard.waitIdle()
    await wizard.waitForCount('inserted', 3)
    await wizard.commit()
    const hazards = await api<{ rows: { description: string; enterpriseName: string }[] }>(
      server,
      'hazard.list',
      {
        pageSize: 50,
      },
    )
    expect(Object.fromEntries(hazards.rows.map((h) => [h.description, h.enterpriseName]))).toEqual({
      冲床无防护罩: '青禾县宏达五金制品有限公司',
      安全通道堵塞: '青禾县宏达五金制品有限公司',
      灭火器过期: '青禾县利民塑料厂',
    })
  })
})
