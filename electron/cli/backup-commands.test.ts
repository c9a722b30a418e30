import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createCore } from '../core'
import { SCHEMA_VERSION } from '../core/db/migrations'
import { tempDir } from '../core/test/helpers'
import { runCli } from './commands'

async function run(argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { staticDir: '/nonexistent' },
  )
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const sha = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')

function villages(file: string): string[] {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare('SELECT name FROM villages ORDER BY name').pluck().all() as string[]
  } finally {
    db.close()
  }
}

async function withVillages(dir: string, names: string[]): Promise<void> {
  const core = await createCore({ dataDir: dir })
  for (const name of names) {
    const r = await core.dispatch('village.create', { name })
    if (!r.ok) throw new Error(r.error.message)
  }
  core.close()
}

interface Listed {
  name: string
  kind: string
  kindLabel: string
  status: string
  sha256: string
  file: string
}

async function listed(dir: string): Promise<Listed[]> {
  const r = await run(['backups', '--json', '--data-dir', dir])
  expect(r.code).toBe(0)
  return JSON.parse(r.out) as Listed[]
}

describe('cli backup, backups, restore', () => {
  it('backup writes a verified backup that backups --json lists with its sha256; restore brings it back', async () => {
    const dir = tempDir()
    expect((await run(['backups', '--data-dir', dir])).out).toContain('还没有备份')
    await withVillages(dir, ['东湖村'])
    const b = await run(['backup', '--data-dir', dir])
    expect(b.code).toBe(0)
    expect(b.out).toMatch(/^备份完成（已校验）：.*manual-\d{8}-\d{6}\.sqlite/)
    const [one] = await listed(dir)
    expect(one).toMatchObject({ kind: 'manual', kindLabel: '手动备份', status: 'verified' })
    expect(one?.sha256).toBe(sha(one?.file as string))
    expect(b.out).toContain(`sha256：${one?.sha256}`)

    await withVillages(dir, ['西岭村'])
    const r = await run(['restore', one?.name as string, '--data-dir', dir])
    expect(r.code).toBe(0)
    expect(r.out).toContain('已从“手动备份')
    expect(r.out).toMatch(/恢复前的数据已另存为备份：.*before-restore-/)
    expect(villages(path.join(dir, 'ledger.sqlite'))).toEqual(['东湖村'])
    const kinds = (await listed(dir)).map((e) => e.kind).sort()
    expect(kinds).toEqual(['before-restore', 'manual'])
    // the text listing names kind and status in Chinese
    const text = (await run(['backups', '--data-dir', dir])).out
    expect(text).toContain('恢复前')
    expect(text).toContain('已校验')
  })

  it('backup --to writes one self-contained copy into the folder (e.g. a USB disk), checked where it landed', async () => {
    const dir = tempDir()
    await withVillages(dir, ['东湖村', '西岭村'])
    const usb = path.join(tempDir('ledger-usb-'), '备份')
    const r = await run(['backup', '--to', usb, '--json', '--data-dir', dir])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.out) as { file: string; sha256: string; size: number }
    expect(path.dirname(out.file)).toBe(usb)
    expect(fs.readdirSync(usb)).toEqual([path.basename(out.file)])
    expect(sha(out.file)).toBe(out.sha256)
    expect(villages(out.file)).toEqual(['东湖村', '西岭村'])
    // and it restores into another data folder
    const other = tempDir()
    expect((await run(['restore', out.file, '--data-dir', other])).code).toBe(0)
    expect(villages(path.join(other, 'ledger.sqlite'))).toEqual(['东湖村', '西岭村'])
    expect((await run(['backup', '--to', '--data-dir', dir])).code).toBe(2)
  })

  it('restore refuses a damaged file, a foreign file and a newer version, and changes nothing', async () => {
    const dir = tempDir()
    await withVillages(dir, ['东湖村'])
    const db = path.join(dir, 'ledger.sqlite')
    const before = { sha: sha(db), backups: await listed(dir) }
    const src = tempDir()
    const garbage = path.join(src, '坏文件.sqlite')
    fs.writeFileSync(garbage, Buffer.alloc(16384, 9))
    const foreign = path.join(src, '别的程序.sqlite')
    const f = new Database(foreign)
    f.exec('CREATE TABLE t(x)')
    f.pragma('user_version = 3')
    f.close()
    const newer = path.join(src, '新版本.sqlite')
    fs.copyFileSync(db, newer)
    const n = new Database(newer)
    n.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    n.close()
    for (const [file, message] of [
      [garbage, '“坏文件.sqlite”已损坏或不是本程序的数据文件，没有恢复，现有数据没有任何改动'],
      [foreign, '“别的程序.sqlite”已损坏或不是本程序的数据文件'],
      [newer, `由更新版本的程序创建（数据版本 ${SCHEMA_VERSION + 1}，本程序支持到 ${SCHEMA_VERSION}）`],
    ] as const) {
      const r = await run(['restore', file, '--json', '--data-dir', dir])
      expect(r.code, file).toBe(1)
      expect(r.err).toContain(message)
      expect(JSON.parse(r.out).error).toContain(message)
    }
    expect(sha(db)).toBe(before.sha)
    expect(await listed(dir)).toEqual(before.backups)
    const missing = await run(['restore', path.join(src, 'nope.sqlite'), '--data-dir', dir])
    expect(missing).toMatchObject({ code: 1 })
    expect(missing.err).toContain('找不到文件')
    expect((await run(['restore', '--data-dir', dir])).code).toBe(2)
  })

  it('restores over a damaged database by moving it to quarantine; a bad choice leaves the damaged one in place', async () => {
    const dir = tempDir()
    await withVillages(dir, ['东湖村'])
    const copy = path.join(tempDir(), 'good.sqlite')
    expect((await run(['backup', '--to', path.dirname(copy), '--json', '--data-dir', dir])).code).toBe(0)
    const good = path.join(path.dirname(copy), fs.readdirSync(path.dirname(copy))[0] as string)
    const db = path.join(dir, 'ledger.sqlite')
    fs.writeFileSync(db, Buffer.alloc(16384, 3))
    const damagedSha = sha(db)
    const bad = path.join(tempDir(), 'bad.sqlite')
    fs.writeFileSync(bad, 'nonsense')
    expect((await run(['restore', bad, '--data-dir', dir])).code).toBe(1)
    expect(sha(db)).toBe(damagedSha)
    expect(fs.existsSync(path.join(dir, 'quarantine'))).toBe(false)

    const r = await run(['restore', good, '--data-dir', dir])
    expect(r.code).toBe(0)
    expect(villages(db)).toEqual(['东湖村'])
    const [q] = fs.readdirSync(path.join(dir, 'quarantine'))
    expect(sha(path.join(dir, 'quarantine', q as string, 'ledger.sqlite'))).toBe(damagedSha)
  })
})
