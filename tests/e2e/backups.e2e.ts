import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, startBrowser, startServer, type Browser, type Server } from './harness'
import { AppShell } from './pages/app-shell'
import { waitUntil } from './pages/wait'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

interface Listed {
  backups: { name: string; kind: string; kindLabel: string; status: string; file: string }[]
  incident: { id: string; offer: { name: string } | null } | null
}

/** A second browser-mode server of the same build on a data folder this test prepared. */
async function serveDir(
  cli: string,
  dataDir: string,
): Promise<{ url: string; origin: string; token: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 20 s:\n${output}`)), 20_000)
    const onData = (c: Buffer): void => {
      output += c.toString('utf8')
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[0])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited ${String(code)}:\n${output}`)))
  })
  const u = new URL(url)
  return { url, origin: u.origin, token: u.searchParams.get('token') ?? '', child }
}

/** Clicks a button of the message box that shows `text` (a restore is quick: two boxes can overlap while one fades). */
async function answer(page: Browser['page'], text: string | RegExp, button: string): Promise<void> {
  const box = page.locator('.el-message-box').filter({ hasText: text })
  await box.getByRole('button', { name: button, exact: true }).click()
  await box.waitFor({ state: 'hidden' })
}

describe('备份与恢复', () => {
  let server: Server
  let browser: Browser
  const extra: ChildProcess[] = []

  beforeAll(async () => {
    server = await startServer()
    await api(server, 'demo.load')
    browser = await startBrowser(server)
  })

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await browser?.screenshot(`failed-${ctx.task.name.slice(0, 40)}`)
  })

  afterAll(async () => {
    for (const c of extra) if (c.exitCode === null) c.kill('SIGTERM')
    await browser?.close()
    await server?.stop()
  })

  it('backs up on request, downloads a whole single-file copy, and restores a listed backup', async () => {
    const page = browser.page
    const shell = new AppShell(page)
    await shell.navigate('数据与设置')
    await page.getByText('只复制 ledger.sqlite 可能缺少最近录入的数据').first().waitFor()
    await page.getByTestId('backups-link').click()
    await page.getByRole('heading', { name: '备份与恢复' }).waitFor()

    await page.getByTestId('backup-now').click()
    await shell.waitForToast(/^备份完成，已校验/)
    const row = page
      .locator('[data-testid="backup-table"] .el-table__body tr')
      .filter({ hasText: '手动备份' })
    await row.filter({ hasText: '已校验' }).waitFor()

    // 导出数据副本 downloads one file that holds everything
    const download = page.waitForEvent('download')
    await page.getByTestId('export-copy').click()
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-copy-')), 'copy.sqlite')
    const d = await download
    expect(d.suggestedFilename()).toMatch(/^乡镇安全生产台账-数据副本-\d{8}-\d{6}\.sqlite$/)
    await d.saveAs(file)
    await shell.waitForToast(/^数据副本已下载/)
    const copy = new Database(file, { readonly: true })
    expect(copy.prepare('SELECT count(*) FROM enterprises').pluck().get()).toBe(240)
    copy.close()

    // a change after the backup, then restore the backup from the list
    await api(server, 'village.create', { name: '恢复后应消失村' })
    await row.getByRole('button', { name: '恢复' }).click()
    await page.locator('.el-message-box').filter({ hasText: '现有数据会先另存为一份“恢复前”备份' }).waitFor()
    await browser.screenshot('60-backups-confirm-restore')
    await answer(page, '现有数据会先另存为', '恢复')
    await answer(page, /已从“手动备份/, '重新载入')
    await page.getByRole('heading', { name: '备份与恢复' }).waitFor()
    const villages = await api<{ name: string }[]>(server, 'village.list')
    expect(villages.map((v) => v.name)).not.toContain('恢复后应消失村')
    await page
      .locator('[data-testid="backup-table"] .el-table__body tr')
      .filter({ hasText: '恢复前' })
      .filter({ hasText: '已校验' })
      .waitFor()
    await browser.screenshot('61-backups-list')
    expect(browser.problems).toEqual([])
  })

  it('refuses a damaged file chosen for restore and changes nothing', async () => {
    const page = browser.page
    const before = await api<Listed>(server, 'backup.list')
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-bad-')), '损坏的备份.sqlite')
    fs.writeFileSync(bad, Buffer.alloc(20_000, 0x41))
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId('restore-file').click(),
    ])
    await chooser.setFiles(bad)
    await answer(page, '文件“损坏的备份.sqlite”', '恢复')
    const refusal = '“损坏的备份.sqlite”已损坏或不是本程序的数据文件，没有恢复，现有数据没有任何改动'
    await page.locator('.el-message-box').filter({ hasText: refusal }).waitFor()
    await browser.screenshot('62-backups-refused')
    await answer(page, refusal, '知道了')
    expect((await api<{ total: number }>(server, 'enterprise.list', {})).total).toBe(240)
    expect((await api<Listed>(server, 'backup.list')).backups).toEqual(before.backups)
    expect(browser.problems).toEqual([])
  })

  it('a damaged database at start is quarantined, explained, and the newest verified backup restores it', async () => {
    const page = browser.page
    // a data folder with a backup from this server and a damaged ledger.sqlite
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-damaged-'))
    const manual = (await api<Listed>(server, 'backup.list')).backups.find((b) => b.kind === 'manual')
    if (!manual) throw new Error('no manual backup listed')
    fs.mkdirSync(path.join(dir, 'backups'))
    for (const f of [manual.file, `${manual.file}.json`])
      fs.copyFileSync(f, path.join(dir, 'backups', path.basename(f)))
    fs.writeFileSync(path.join(dir, 'ledger.sqlite'), Buffer.alloc(32_768, 0x5a))
    const second = await serveDir(server.cli, dir)
    extra.push(second.child)
    await page.goto(second.url)
    const notice = page.getByTestId('incident')
    await notice.getByText('启动时发现数据文件损坏').waitFor()
    await notice.getByText('没有删除，也没有修改').waitFor()
    await browser.screenshot('63-backups-quarantine')
    expect(fs.readdirSync(path.join(dir, 'quarantine')).length).toBe(1)
    await page.getByTestId('restore-offer').click()
    await answer(page, '现有数据会先另存为', '恢复')
    await answer(page, '共 240 家企业', '重新载入')
    await waitUntil(async () => !(await notice.isVisible()), 'notice gone after the restore')
    const srv2 = { ...server, origin: second.origin, token: second.token }
    expect((await api<{ total: number }>(srv2, 'enterprise.list', {})).total).toBe(240)
    expect((await api<Listed>(srv2, 'backup.list')).incident).toBeNull()
    second.child.kill('SIGTERM')
    expect(browser.problems).toEqual([])
  })
})
