import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { createCore, type Core } from '../core'
import type { Api } from '../core/contract'
import { defaultDataDir } from '../core/paths'
import { startBrowserServer } from '../server'
import type { Io, ParsedArgs } from './commands'
import { cliOperator } from './operator'

// CLI commands of the inspection module's documents: `documents` and `print <编号> --pdf <文件>`,
// which renders the same print view the app shows (browser mode over this core, in Chromium through
// playwright-core) and archives the PDF as the issued document's record.

type DocumentRow = Api['document.list']['output']['rows'][number]
type DocumentFull = Api['document.get']['output']

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const

/** What `print` needs from a browser; playwright-core in real use, a fake in tests. */
export interface PdfBrowser {
  /**
   * Opens url, waits for body[data-print-ready="1"] and returns the page as PDF bytes, with the body
   * font the print view reported (body[data-print-font]; null when it did not say).
   */
  renderPdf(url: string): Promise<{ bytes: Uint8Array; font: string | null }>
  close(): Promise<void>
}
export type LaunchBrowser = (executablePath: string) => Promise<PdfBrowser>

export class PrintError extends Error {}

function flag(a: ParsedArgs, name: string): string | undefined {
  const v = a.flags[name]
  return typeof v === 'string' ? v : undefined
}

async function withCore<T>(a: ParsedArgs, fn: (core: Core) => Promise<T>): Promise<T> {
  const core = await createCore({
    dataDir: flag(a, 'data-dir') ?? defaultDataDir(),
    operator: cliOperator(a),
  })
  try {
    return await fn(core)
  } finally {
    core.close()
  }
}

async function call<K extends keyof Api>(
  core: Core,
  name: K,
  input: Api[K]['input'],
): Promise<Api[K]['output']> {
  const r = await core.dispatch(name, input)
  if (!r.ok) throw new PrintError(r.error.message)
  return r.data as Api[K]['output']
}

async function allPages<R>(fetch: (page: number) => Promise<{ rows: R[]; total: number }>): Promise<R[]> {
  const rows: R[] = []
  for (let page = 1; ; page++) {
    const r = await fetch(page)
    rows.push(...r.rows)
    if (rows.length >= r.total || r.rows.length === 0) return rows
  }
}

export async function listDocuments(a: ParsedArgs, io: Io): Promise<number> {
  return withCore(a, async (core) => {
    const query = flag(a, 'query')
    const rows: DocumentRow[] = await allPages((page) =>
      call(core, 'document.list', { page, pageSize: 500, ...(query ? { query } : {}) }),
    )
    const out = rows.map((d) => ({
      number: d.number,
      type: d.type,
      typeLabel: d.typeLabel,
      enterprise: d.enterpriseName,
      date: d.issuedOn,
      voided: d.voided,
      citedNumber: d.citedNumber,
      pdfArchived: d.hasPdf,
    }))
    if (a.flags.json === true) io.out(JSON.stringify(out, null, 2))
    else {
      for (const d of out)
        io.out([d.number, d.typeLabel, d.enterprise, d.date, d.voided ? '作废' : ''].join('\t'))
      io.out(`共 ${out.length} 份`)
    }
    return 0
  })
}

const MISSING_PLAYWRIGHT =
  '缺少 playwright-core 组件，无法生成PDF。请在程序目录运行 npm install（playwright-core 随程序安装，不需要下载浏览器）。'

function missingChromium(p: string): string {
  return `找不到 Chromium 浏览器（${p}），无法生成PDF。请安装 Chromium（Debian/UOS: apt-get install chromium fonts-noto-cjk），或用环境变量 CHROMIUM_PATH 指定浏览器程序的位置。`
}

/** playwright-core, loaded at run time so the CLI works without it for every other command. */
export const launchWithPlaywright: LaunchBrowser = async (executablePath) => {
  let chromium: typeof import('playwright-core').chromium
  try {
    // A runtime require (not an import): the bundler must not inline playwright-core, and the
    // package may be absent where only the desktop app is installed.
    const req = createRequire(
      typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'cli.js'),
    )
    const name = 'playwright-core'
    chromium = (req(name) as typeof import('playwright-core')).chromium
  } catch {
    throw new PrintError(MISSING_PLAYWRIGHT)
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-print-'))
  let context: import('playwright-core').BrowserContext
  try {
    // A fresh profile every time (launch() refuses --user-data-dir; TOOLCHAIN.md).
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS],
    })
  } catch (err) {
    fs.rmSync(profile, { recursive: true, force: true })
    throw new PrintError(
      `无法启动 Chromium（${executablePath}）：${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    )
  }
  return {
    async renderPdf(url) {
      const page = context.pages()[0] ?? (await context.newPage())
      await page.goto(url)
      const el = await page.waitForSelector('body[data-print-ready="1"], body[data-print-error]', {
        state: 'attached',
        timeout: 60_000,
      })
      const error = await el.getAttribute('data-print-error')
      if (error) throw new PrintError(`打印页面报告错误：${error}`)
      const font = await el.getAttribute('data-print-font')
      const bytes = new Uint8Array(
        await page.pdf({ preferCSSPageSize: true, printBackground: true, format: 'A4' }),
      )
      return { bytes, font }
    },
    async close() {
      await context.close()
      fs.rmSync(profile, { recursive: true, force: true })
    },
  }
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.${process.pid}.partial`
  try {
    fs.writeFileSync(tmp, bytes)
    fs.renameSync(tmp, file)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    const code = (err as NodeJS.ErrnoException).code
    throw new PrintError(
      code === 'ENOENT'
        ? `无法写入 ${file}：目录不存在`
        : `无法写入 ${file}：文件可能正被其他程序打开或没有写入权限`,
    )
  }
}

/** Whether the font is one of the 仿宋 the documents ask for (print.css --doc-body). */
function isFangSong(font: string): boolean {
  return /仿宋|FangSong/i.test(font)
}

/** "正文字体：X" for the output; a substitute for 仿宋 is said to be one. */
function fontLine(font: string | null): string | null {
  if (!font) return null
  return isFangSong(font)
    ? `正文字体：${font}`
    : `注意：本机没有安装仿宋字体（仿宋_GB2312 / 仿宋 / FangSong），正文用 ${font} 代替。需要仿宋时请安装该字体后再打印。`
}

export interface PrintOptions {
  staticDir: string
  launch?: LaunchBrowser
  env?: NodeJS.ProcessEnv
}

export async function printDocument(
  a: ParsedArgs,
  number: string | undefined,
  io: Io,
  opts: PrintOptions,
): Promise<number> {
  const file = flag(a, 'pdf')
  if (!number || !file) {
    io.err(
      '用法：safety-ledger print <文书编号> --pdf <文件.pdf>，如：safety-ledger print "（青）应急整改〔2026〕1号" --pdf 整改1号.pdf',
    )
    return 2
  }
  const env = opts.env ?? process.env
  const executablePath = env.CHROMIUM_PATH || '/usr/bin/chromium'
  const target = path.resolve(file)
  try {
    return await withCore(a, async (core) => {
      const doc: DocumentFull = await call(core, 'document.get', { number })
      // The archive is the issued document: a reprint of an archived one is that file, byte for byte.
      if (doc.hasPdf && !doc.voided) {
        const pdf = await call(core, 'document.pdf', { id: doc.id })
        writeAtomically(target, Buffer.from(pdf.base64, 'base64'))
        io.out(
          `${doc.number} 已有存档PDF（SHA-256 ${pdf.sha256.slice(0, 12)}…${doc.pdfFont ? `，正文字体 ${doc.pdfFont}` : ''}），已输出存档文件到 ${target}`,
        )
        return 0
      }
      if (!fs.existsSync(path.join(opts.staticDir, 'index.html')))
        throw new PrintError(`找不到界面文件（${opts.staticDir}），请先构建程序（npx electron-vite build）`)
      if (!opts.launch && !fs.existsSync(executablePath))
        throw new PrintError(missingChromium(executablePath))
      const server = await startBrowserServer({
        dispatch: core.dispatch,
        staticDir: opts.staticDir,
        port: 0,
        host: '127.0.0.1',
      })
      let bytes: Uint8Array
      let font: string | null
      try {
        const browser = await (opts.launch ?? launchWithPlaywright)(executablePath)
        try {
          ;({ bytes, font } = await browser.renderPdf(`${server.url}#/print/document/${doc.id}`))
        } finally {
          await browser.close()
        }
      } finally {
        await server.close()
      }
      writeAtomically(target, bytes)
      const fontNote = fontLine(font)
      if (fontNote) io.out(fontNote)
      if (doc.voided) {
        io.out(`已输出 ${doc.number}（已作废，带“作废”标记，不存档）到 ${target}`)
        return 0
      }
      const archived = await call(core, 'document.attachPdf', {
        id: doc.id,
        base64: Buffer.from(bytes).toString('base64'),
        ...(font ? { font } : {}),
      })
      io.out(
        `已输出 ${doc.number} 到 ${target}，并存档（SHA-256 ${String(archived.pdfSha256).slice(0, 12)}…${archived.pdfFont ? `，正文字体 ${archived.pdfFont}` : ''}）`,
      )
      return 0
    })
  } catch (err) {
    if (err instanceof PrintError) {
      io.err(err.message)
      return 1
    }
    throw err
  }
}
