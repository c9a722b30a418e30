import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { book, rosterXml } from '../../electron/bench/hostile-corpus'
import { createCore } from '../../electron/core'
import {
  api,
  call,
  cli,
  cliOk,
  CLI,
  copyDir,
  count,
  DB,
  inspectCopy,
  inspectFile,
  partials,
  removeTempDirs,
  sha256,
  startServer,
  Tally,
  tempDir,
  WORKER,
} from './helpers'

// A full disk, a read-only data folder and two writers at once (issue 10), each with the real
// code path: the built CLI, the browser mode, or the core with the real excel worker.

const DEMO = 240
const ROWS = 3000
let base: string
let files: string
const roster = (name: string, prefix: string): string => {
  const file = path.join(files, name)
  fs.writeFileSync(file, book(rosterXml(ROWS, (i) => `${prefix}${i}有限公司`)))
  return file
}
let rosterA: string
let rosterB: string

beforeAll(async () => {
  base = tempDir()
  await cliOk(['demo', '--data-dir', base])
  files = tempDir()
  rosterA = roster('a.xlsx', '青禾镇甲组测试企业')
  rosterB = roster('b.xlsx', '青禾镇乙组测试企业')
})
afterAll(removeTempDirs)

/**
 * Runs a shell script in a private mount namespace (mounts vanish with it, nothing leaks to the
 * machine): as root with CAP_SYS_ADMIN, else in a user namespace mapped to root.
 */
function inMountNamespace(script: string): { status: number | null; stdout: string; stderr: string } {
  for (const flags of [
    ['--mount', '--propagation', 'private'],
    ['--user', '--map-root-user', '--mount'],
  ]) {
    const probe = spawnSync(
      'unshare',
      [...flags, 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs ${q(tempDir())}`],
      {
        encoding: 'utf8',
      },
    )
    if (probe.status !== 0) continue
    const r = spawnSync('unshare', [...flags, 'sh', '-c', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: path.join(__dirname, '../../node_modules') },
    })
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
  }
  throw new Error(
    'cannot create a mount namespace (unshare --mount); the fault suite needs root or user namespaces',
  )
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`

/** Inside the namespace: integrity_check and the number of enterprises, as one JSON line. */
const VERIFY = `${q(process.execPath)} -e ${q(`
  const Database = require('better-sqlite3')
  const db = new Database(process.argv[1], { readonly: true })
  const ic = db.pragma('integrity_check').map((r) => r.integrity_check).join(';')
  console.log('VERIFY ' + JSON.stringify({ ic, enterprises: db.prepare('SELECT count(*) FROM enterprises').pluck().get() }))
`)}`

describe('a full disk', () => {
  it('SQLite cannot grow the file (max_page_count) during an import: DISK_FULL in Chinese, nothing written', async () => {
    const dir = copyDir(base)
    const core = await createCore({ dataDir: dir, excelWorkerFile: WORKER })
    const dispatch = async <T>(name: string, input: unknown): Promise<T> => {
      const r = await core.dispatch(name, input)
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
      return r.data as T
    }
    const job = async (jobId: string) => {
      for (;;) {
        const j = await dispatch<{
          state: string
          result?: unknown
          error?: { code: string; message: string }
        }>('job.get', { jobId })
        if (j.state !== 'running') return j
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    try {
      const started = await dispatch<{ jobId: string }>('excel.startPreview', {
        ledger: 'enterprises',
        fileName: 'a.xlsx',
        base64: fs.readFileSync(rosterA).toString('base64'),
      })
      const preview = (await job(started.jobId)).result as { importId: string; summary: { inserted: number } }
      expect(preview.summary.inserted).toBe(ROWS)
      const pages = core.ctx.db.pragma('page_count', { simple: true }) as number
      core.ctx.db.pragma(`max_page_count = ${pages + 16}`)
      const commit = await dispatch<{ jobId: string }>('excel.commitImport', { importId: preview.importId })
      const failed = await job(commit.jobId)
      expect(failed.state).toBe('failed')
      expect(failed.error?.code).toBe('DISK_FULL')
      expect(failed.error?.message).toMatch(
        /磁盘空间已满，本次操作未完成，数据未被修改。请清理数据所在的磁盘/,
      )
      const total = await dispatch<{ total: number }>('enterprise.list', {})
      expect(total.total).toBe(DEMO)
      expect(core.ctx.db.prepare('SELECT count(*) FROM import_batches').pluck().get()).toBe(0)
      expect(core.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      core.close()
    }
    expect(inspectCopy(dir, (db) => count(db, 'enterprises'))).toBe(DEMO)
  })

  it('a real disk that fills up (tmpfs) at every step of a CLI import: data intact, the disk-full message, nothing left over', () => {
    const used = fs
      .readdirSync(base)
      .reduce(
        (n, f) => n + (fs.statSync(path.join(base, f)).isFile() ? fs.statSync(path.join(base, f)).size : 0),
        0,
      )
    const tally = new Tally('disk full (tmpfs) during a CLI import')
    // free space: none, less than the backup needs, enough for the backup but not the import, plenty
    for (const free of [8 * 1024, 512 * 1024, Math.round(used * 1.2), Math.round(used * 3)]) {
      const dir = tempDir()
      const size = Math.ceil((used + free) / 4096) * 4096 + 64 * 1024
      const r = inMountNamespace(
        [
          `mount -t tmpfs -o size=${size} tmpfs ${q(dir)}`,
          `cp -a ${q(base)}/. ${q(dir)}/`,
          `${q(process.execPath)} ${q(CLI)} import enterprises ${q(rosterA)} --json --data-dir ${q(dir)}; echo "IMPORT_EXIT $?"`,
          `${VERIFY} ${q(path.join(dir, DB))}`,
          `${q(process.execPath)} ${q(CLI)} check --data-dir ${q(dir)}; echo "CHECK_EXIT $?"`,
          `${VERIFY} ${q(path.join(dir, DB))}`,
          `ls -R ${q(dir)} | grep -c '\\.partial' ; true`,
        ].join(' && '),
      )
      const verify = [...r.stdout.matchAll(/^VERIFY (.*)$/gm)].map(
        (m) => JSON.parse(m[1] as string) as { ic: string; enterprises: number },
      )
      expect(verify, r.stdout + r.stderr).toHaveLength(2)
      for (const v of verify) expect(v.ic).toBe('ok')
      const imported = /IMPORT_EXIT 0/.test(r.stdout)
      if (imported) expect(verify[0]?.enterprises).toBe(DEMO + ROWS)
      else {
        expect(r.stdout).toMatch(/"error": "磁盘空间已满，本次操作未完成，数据未被修改。/)
        expect(verify[0]?.enterprises).toBe(DEMO)
      }
      expect(r.stdout).toMatch(/CHECK_EXIT 0/)
      expect(verify[1]?.enterprises).toBe(verify[0]?.enterprises)
      expect(r.stdout.trim().split('\n').at(-1)).toBe('0') // no .partial left behind
      tally.add(imported ? `imported with ${free} bytes free` : `refused with ${free} bytes free`)
    }
    tally.report()
  })
})

describe('a read-only data folder', () => {
  it('import, demo, backup and restore are refused with the read-only message and the data is unchanged', () => {
    const dir = copyDir(base)
    const before = sha256(path.join(dir, DB))
    const commands = [
      ['import', 'enterprises', rosterA, '--json'],
      ['demo'],
      ['backup'],
      ['restore', path.join(base, DB)],
    ]
    const script = [
      `mount --bind ${q(dir)} ${q(dir)}`,
      `mount -o remount,bind,ro ${q(dir)}`,
      ...commands.map(
        (c) =>
          `${q(process.execPath)} ${q(CLI)} ${c.map(q).join(' ')} --data-dir ${q(dir)} 2>&1; echo "EXIT $?"; echo "----"`,
      ),
    ].join('; ')
    const r = inMountNamespace(script)
    const outputs = r.stdout.split('----')
    const tally = new Tally('read-only data folder (read-only bind mount)')
    for (const [i, c] of commands.entries()) {
      const out = outputs[i] ?? ''
      expect(out, c.join(' ')).toMatch(/EXIT 1/)
      expect(out, c.join(' ')).toMatch(
        new RegExp(
          `无法写入“${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}”：没有写入权限，或所在磁盘是只读的`,
        ),
      )
      tally.add(`refused: ${c[0]}`)
    }
    expect(r.stdout).toMatch(/"error": "无法写入/) // --json still answers on stdout
    expect(sha256(path.join(dir, DB))).toBe(before)
    expect(fs.readdirSync(dir).sort()).toEqual(fs.readdirSync(base).sort())
    expect(inspectCopy(dir, (db) => count(db, 'enterprises'))).toBe(DEMO)
    tally.report()
  })

  it('root without its override of file modes (setpriv drops CAP_DAC_OVERRIDE), on a folder of mode 0555: refused the same way', async () => {
    const dir = copyDir(base)
    fs.chmodSync(dir, 0o555)
    const before = sha256(path.join(dir, DB))
    try {
      const r = await cli(['import', 'enterprises', rosterA, '--json', '--data-dir', dir], {
        wrap: ['setpriv', '--bounding-set=-dac_override,-dac_read_search,-fowner', '--'],
      })
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(
        new RegExp(
          `无法写入“${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}”：没有写入权限，或所在磁盘是只读的`,
        ),
      )
      expect((JSON.parse(r.stdout) as { error: string }).error).toMatch(/^无法写入/)
    } finally {
      fs.chmodSync(dir, 0o755)
    }
    expect(sha256(path.join(dir, DB))).toBe(before)
    expect(inspectCopy(dir, (db) => count(db, 'enterprises'))).toBe(DEMO)
  })
})

describe('two writers at once', () => {
  it('two CLI imports into one data folder at the same moment: both succeed, nothing is lost, two backups', async () => {
    const tally = new Tally('two CLI imports at once')
    for (let round = 0; round < 3; round++) {
      const dir = copyDir(base)
      const [a, b] = await Promise.all([
        cli(['import', 'enterprises', rosterA, '--data-dir', dir]),
        cli(['import', 'enterprises', rosterB, '--data-dir', dir]),
      ])
      expect(a.stderr).toBe('')
      expect(b.stderr).toBe('')
      expect([a.status, b.status]).toEqual([0, 0])
      expect(inspectCopy(dir, (db) => count(db, 'enterprises'))).toBe(DEMO + 2 * ROWS)
      const backups = fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.sqlite'))
      expect(backups).toHaveLength(2)
      for (const f of backups) inspectFile(path.join(dir, 'backups', f), () => null)
      expect(partials(dir)).toEqual([])
      tally.add('both imported')
    }
    tally.report()
  })

  it('the browser mode keeps creating records while a CLI import commits: none fails, all are there', async () => {
    const dir = copyDir(base)
    const server = await startServer(dir)
    try {
      const villageId = (
        await api<{ rows: { villageId: number }[] }>(server, 'enterprise.list', { pageSize: 1 })
      ).rows[0]?.villageId
      const importing = cli(['import', 'enterprises', rosterA, '--data-dir', dir])
      let done = false
      void importing.then(() => (done = true))
      const failures: string[] = []
      let created = 0
      let n = 0
      // creates go on until the import has finished, plus a few after
      while (!done || n % 20 !== 0) {
        n++
        const r = await call(server, 'enterprise.create', {
          data: { name: `并发录入测试企业${n}`, villageId },
        })
        if (r.ok) created++
        else failures.push(r.error.message)
      }
      const imp = await importing
      expect(imp.stderr).toBe('')
      expect(imp.status).toBe(0)
      expect(failures).toEqual([])
      expect(created).toBeGreaterThanOrEqual(20)
      const total = (await api<{ total: number }>(server, 'enterprise.list', {})).total
      expect(total).toBe(DEMO + ROWS + created)
      const tally = new Tally('browser-mode enterprise.create during a CLI import')
      tally.add('import committed')
      tally.report(`${created} enterprise.create calls answered meanwhile, ${failures.length} failed`)
    } finally {
      await server.stop()
    }
    expect(inspectCopy(dir, (db) => count(db, 'enterprises'))).toBeGreaterThan(DEMO + ROWS)
  })
})
