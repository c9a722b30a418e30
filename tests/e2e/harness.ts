// Starts the browser mode of the built app on a fresh temporary data directory and drives it in
// Debian's Chromium through playwright-core. Never downloads browsers.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI = path.join(ROOT, 'out/main/cli.js')
const RENDERER_INDEX = path.join(ROOT, 'out/renderer/index.html')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results/screenshots')
const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/

export const VIEWPORT = { width: 1366, height: 768 }

export interface Server {
  url: string
  origin: string
  token: string
  dataDir: string
  /** The copied build's CLI (out/main/cli.js), run against the same data directory by `runCli`. */
  cli: string
  stop(): Promise<void>
}

function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

/**
 * Copies out/ so a rebuild started elsewhere in the checkout while the specs run (electron-vite
 * empties out/renderer first) cannot pull the page out from under the browser.
 */
function snapshotBuild(): string {
  if (!fs.existsSync(CLI) || !fs.existsSync(RENDERER_INDEX)) {
    throw new Error(
      `E2E needs the built app: ${fs.existsSync(CLI) ? RENDERER_INDEX : CLI} is missing. ` +
        'Run `npx electron-vite build` first.',
    )
  }
  const dir = tmpDir('ledger-e2e-build-')
  fs.cpSync(path.join(ROOT, 'out/main'), path.join(dir, 'main'), { recursive: true })
  fs.cpSync(path.join(ROOT, 'out/renderer'), path.join(dir, 'renderer'), { recursive: true })
  if (
    !fs.existsSync(path.join(dir, 'main/cli.js')) ||
    !fs.existsSync(path.join(dir, 'renderer/index.html'))
  ) {
    fs.rmSync(dir, { recursive: true, force: true })
    throw new Error('out/ changed while it was being copied (a build is running?); run the specs again')
  }
  return dir
}

/** `node out/main/cli.js serve --port 0 --data-dir <tmp>`; resolves once it prints its URL. */
export async function startServer(): Promise<Server> {
  const build = snapshotBuild()
  const dataDir = tmpDir('ledger-e2e-data-')
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(build, 'main/cli.js'), 'serve', '--port', '0', '--data-dir', dataDir],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The copy lives outside the project: let it find better-sqlite3 and the other dependencies.
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    },
  )
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`the CLI did not print its URL within 20 s. Output so far:\n${output}`))
    }, 20_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      const m = URL_PATTERN.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[0])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the CLI exited (code ${String(code)}) before printing its URL. Output:\n${output}`))
    })
  })
  const parsed = new URL(url)
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    cli: path.join(build, 'main/cli.js'),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      }
      fs.rmSync(dataDir, { recursive: true, force: true })
      fs.rmSync(build, { recursive: true, force: true })
    },
  }
}

/**
 * Calls the core directly over HTTP, for arranging data and checking what was saved. Each call has
 * its own connection (agent: false): a pooled keep-alive socket can be closed by the server (after
 * 5 s idle) at the very moment it is reused, which fails the call with "other side closed".
 */
export async function api<T = unknown>(server: Server, name: string, input: unknown = {}): Promise<T> {
  const url = new URL(`/api/${name}`, server.origin)
  const text = await new Promise<string>((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/json',
          'X-Ledger-Token': server.token,
          Origin: server.origin,
        },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve(body))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(JSON.stringify(input))
  })
  const body = JSON.parse(text) as { ok: true; data: T } | { ok: false; error: { message: string } }
  if (!body.ok) throw new Error(`${name} failed: ${body.error.message}`)
  return body.data
}

export interface RunResult {
  status: number | null
  stdout: string
  stderr: string
}

/**
 * Runs `node <args>` without blocking this process. spawnSync would freeze the event loop, so
 * fetch's pooled keep-alive socket would miss the server closing it (after 5 s idle) and the
 * next API call would go out on a dead socket ("other side closed").
 */
export function runNode(args: string[], timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.once('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
  })
}

/** Runs the CLI of the server's build on its data directory (e.g. `import enterprises f.xlsx --dry-run`). */
export function runCli(server: Server, args: string[]): Promise<RunResult> {
  return runNode([server.cli, ...args, '--data-dir', server.dataDir])
}

export interface Browser {
  context: BrowserContext
  page: Page
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[]
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

export async function startBrowser(server: Server): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk)`)
  const profile = tmpDir('ledger-e2e-profile-')
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: VIEWPORT,
    locale: 'zh-CN',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const problems: string[] = []
  // CSP violations are reported through a binding so they fail the test even if the browser
  // does not log them; the listener is installed before any page script runs.
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => {
    problems.push(`CSP violation: ${text}`)
  })
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation?: (t: string) => void })
        .__reportCspViolation
      report?.(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} sample=${e.sample}`,
      )
    })
  })
  const page = context.pages()[0] ?? (await context.newPage())
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`)
    else if (msg.type() === 'warning' && msg.text().includes('[Vue warn]'))
      problems.push(`Vue warning: ${msg.text()}`)
  })
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  page.setDefaultTimeout(10_000)
  await page.goto(server.url)
  return {
    context,
    page,
    problems,
    async screenshot(name) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
      const file = path.join(SCREENSHOT_DIR, `${name}.png`)
      // Element Plus animates menus, dialogs and drawers for ~300 ms: capture the settled screen.
      await page.waitForTimeout(400)
      await page.screenshot({ path: file })
      return file
    },
    async close() {
      await context.close()
      fs.rmSync(profile, { recursive: true, force: true })
    },
  }
}
