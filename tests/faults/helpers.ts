// Helpers of the fault suite (issue 10): the built CLI as a child process that can be killed at a
// random moment, the browser mode as a child, and read-only inspection of what a child left.
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'

export const ROOT = path.resolve(__dirname, '../..')
export const CLI = path.join(ROOT, 'out/main/cli.js')
export const WORKER = path.join(ROOT, 'out/main/excel-worker.js')

if (!fs.existsSync(CLI) || !fs.existsSync(WORKER))
  throw new Error('The fault suite needs the built app: run `npx electron-vite build` first.')

/** Trials per kind of kill: ≥ 30 in CI, FAULT_TRIALS=100 locally for more. */
export const TRIALS = Math.max(1, Number(process.env.FAULT_TRIALS ?? 30))
/** The random moments come from this seed (printed, and FAULT_SEED=… repeats a run). */
export const SEED = Number(process.env.FAULT_SEED ?? crypto.randomInt(1, 2 ** 31))

/** mulberry32: a small seeded generator, so a failing run can be repeated exactly. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const made: string[] = []
export function tempDir(prefix = 'ledger-faults-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  made.push(dir)
  return dir
}
export function removeTempDirs(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true })
}

export function copyDir(src: string): string {
  const dir = tempDir()
  fs.cpSync(src, dir, { recursive: true })
  return dir
}

export interface Run {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

/**
 * Runs `node out/main/cli.js …`; with `killAfterMs` it is sent SIGKILL then (if still running).
 * `wrap` puts a command in front (unshare, setpriv) for the read-only folder.
 */
export function cli(args: string[], opts: KillPlan & { wrap?: string[] } = {}): Promise<Run> {
  const argv = [...(opts.wrap ?? []), process.execPath, CLI, ...args]
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(argv[0] as string, argv.slice(1), {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    let killer =
      opts.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : null
    const mark = opts.killAfterPartial
    const watch = mark
      ? setInterval(() => {
          if (killer || partials(mark.dir).length === 0) return
          killer = setTimeout(() => child.kill('SIGKILL'), mark.ms)
        }, 2)
      : null
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000)
    child.once('error', reject)
    child.once('close', (status, signal) => {
      if (killer) clearTimeout(killer)
      if (watch) clearInterval(watch)
      clearTimeout(guard)
      resolve({ status, signal, stdout, stderr, ms: performance.now() - t0 })
    })
  })
}

/**
 * An uninterrupted run that must succeed, timed, with the moment its first unfinished copy
 * (`….partial`: the backup before an import, a restore's staged file) appeared in `dataDir`: the
 * writing phase begins about then, so half of the kills can be aimed at it.
 */
export async function calibrate(args: string[], dataDir: string): Promise<{ ms: number; markMs: number }> {
  const t0 = performance.now()
  let markMs = -1
  const poll = setInterval(() => {
    if (markMs < 0 && partials(dataDir).length > 0) markMs = performance.now() - t0
  }, 2)
  try {
    const r = await cliOk(args)
    return { ms: r.ms, markMs: Math.max(0, markMs) }
  } finally {
    clearInterval(poll)
  }
}

export interface KillPlan {
  /** SIGKILL this long after the start… */
  killAfterMs?: number
  /** …or this long after the first `….partial` appeared in `dir` (the writing phase began). */
  killAfterPartial?: { dir: string; ms: number }
}

/**
 * Random moments to kill at: half anywhere in the time an uninterrupted run took (and a little
 * after), half aimed at the writing phase — after the first unfinished copy appears in the trial's
 * own data folder, by up to the time that phase took in the uninterrupted run (so a slow, shared
 * machine shifts the aim with it).
 */
export function moments(cal: { ms: number; markMs: number }): (dir: string) => KillPlan {
  const r = rng(SEED)
  return (dir) =>
    r() < 0.5
      ? { killAfterMs: r() * cal.ms * 1.1 }
      : { killAfterPartial: { dir, ms: r() * (cal.ms - cal.markMs) * 1.1 } }
}

/** A run that must succeed. */
export async function cliOk(args: string[]): Promise<Run> {
  const r = await cli(args)
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`)
  return r
}

export const DB = 'ledger.sqlite'

/**
 * Looks at the database a killed child left, the way the next start will find it, without
 * touching the original: ledger.sqlite and its -wal are copied and the copy opened (SQLite
 * recovers the WAL), then integrity_check must pass.
 */
export function inspectCopy<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const dir = tempDir('ledger-faults-inspect-')
  for (const suffix of ['', '-wal', '-journal']) {
    const f = path.join(dataDir, DB + suffix)
    if (fs.existsSync(f)) fs.copyFileSync(f, path.join(dir, DB + suffix))
  }
  const db = new Database(path.join(dir, DB))
  try {
    const rows = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)
    if (rows.length !== 1 || rows[0] !== 'ok') throw new Error(`integrity_check: ${rows.join('; ')}`)
    return read(db)
  } finally {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Opens a file read-only, checks its integrity and reads it. */
export function inspectFile<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const rows = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)
    if (rows.length !== 1 || rows[0] !== 'ok') throw new Error(`${file}: integrity_check: ${rows.join('; ')}`)
    return read(db)
  } finally {
    db.close()
  }
}

export const count = (db: Database.Database, table: string): number =>
  db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number

/** Every file under `dir` whose name says it is an unfinished copy (`….partial`, with companions). */
export function partials(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.partial(-journal|-wal|-shm)?$/.test(e.name)) out.push(p)
    }
  }
  if (fs.existsSync(dir)) walk(dir)
  return out
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

/** Counts outcomes of the trials of one kind and writes them where the report can quote them. */
export class Tally {
  readonly counts = new Map<string, number>()
  constructor(readonly kind: string) {}
  add(outcome: string): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1)
  }
  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0)
  }
  report(extra = ''): string {
    const parts = [...this.counts].map(([k, v]) => `${v} ${k}`).join(', ')
    const line = `[faults] ${this.kind}: ${this.total} trials (seed ${SEED}) — ${parts}${extra ? `; ${extra}` : ''}`
    console.log(line)
    const out = path.join(ROOT, 'test-results')
    fs.mkdirSync(out, { recursive: true })
    fs.appendFileSync(path.join(out, 'faults.log'), `${new Date().toISOString()} ${line}\n`)
    return line
  }
}

// ── browser mode ────────────────────────────────────────────────────────────────────────────

export interface Server {
  origin: string
  token: string
  dataDir: string
  stop(): Promise<void>
}

/** `node out/main/cli.js serve --port 0 --data-dir <dir>`; resolves once it prints its address. */
export async function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`the server did not print its address within 20 s:\n${output}`))
    }, 20_000)
    const onData = (c: Buffer): void => {
      output += c.toString('utf8')
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(new URL(m[0]))
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited (${String(code)}) before printing its address:\n${output}`))
    })
  })
  return {
    origin: url.origin,
    token: url.searchParams.get('token') ?? '',
    dataDir,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise<void>((r) => child.once('exit', () => r()))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
    },
  }
}

export type Answer<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } }

/** One API call over its own connection (POST /api/<name> with the token and Origin). */
export function call<T = unknown>(server: Server, name: string, input: unknown = {}): Promise<Answer<T>> {
  const url = new URL(`/api/${name}`, server.origin)
  return new Promise((resolve, reject) => {
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
        res.on('end', () => {
          try {
            resolve(JSON.parse(body) as Answer<T>)
          } catch {
            reject(new Error(`${name}: not JSON (${res.statusCode}): ${body.slice(0, 200)}`))
          }
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(JSON.stringify(input))
  })
}

export async function api<T = unknown>(server: Server, name: string, input: unknown = {}): Promise<T> {
  const r = await call<T>(server, name, input)
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`)
  return r.data
}
