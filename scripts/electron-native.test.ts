import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

// Black-box tests of scripts/electron-native.mjs against a scratch project root whose node_modules
// links to the real one. Network is never needed: the failure case points every download at a
// closed local port, the success case serves the "prebuilt" from prebuild-install's own cache.

const repo = path.resolve(__dirname, '..')
const script = path.join(repo, 'scripts', 'electron-native.mjs')
const nodeBuild = path.join(repo, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
const electronVersion: string = JSON.parse(
  fs.readFileSync(path.join(repo, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version
const bsqlVersion: string = JSON.parse(
  fs.readFileSync(path.join(repo, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'),
).version
const abi = fs.readFileSync(path.join(repo, 'node_modules', 'electron', 'abi_version'), 'utf8').trim()
const osKey = process.platform === 'win32' ? 'win' : process.platform === 'darwin' ? 'mac' : 'linux'

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')

let root: string
let env: NodeJS.ProcessEnv

function runScript(...args: string[]) {
  return spawnSync(process.execPath, [script, `--root=${root}`, ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  })
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-native-test-'))
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"scratch","private":true}')
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir')
  env = {
    ...process.env,
    npm_config_cache: path.join(root, 'npm-cache'),
    npm_config_devdir: path.join(root, 'gyp'),
    npm_config_better_sqlite3_binary_host: 'http://127.0.0.1:9',
    LEDGER_ELECTRON_HEADERS_URL: 'http://127.0.0.1:9',
  }
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

/**
 * Puts a "prebuilt" tarball where prebuild-install looks before downloading (its cache). The addon
 * is the Node build, relabelled to the given ABI unless `abiLabel` is null (then left as Node's).
 */
function stagePrebuilt(platformArch: string, abiLabel: string | null): Buffer {
  const stage = path.join(root, 'stage')
  fs.rmSync(stage, { recursive: true, force: true })
  fs.mkdirSync(path.join(stage, 'build', 'Release'), { recursive: true })
  let bytes = fs.readFileSync(nodeBuild)
  if (abiLabel !== null) {
    const from = Buffer.from(`node_register_module_v${process.versions.modules}`, 'latin1')
    const to = Buffer.from(`node_register_module_v${abiLabel}`, 'latin1')
    expect(to.length).toBe(from.length)
    bytes = Buffer.from(bytes)
    for (let i = bytes.indexOf(from); i !== -1; i = bytes.indexOf(from, i + 1)) to.copy(bytes, i)
  }
  fs.writeFileSync(path.join(stage, 'build', 'Release', 'better_sqlite3.node'), bytes)
  const name = `better-sqlite3-v${bsqlVersion}-electron-v${abi}-${platformArch}.tar.gz`
  const url = `http://127.0.0.1:9/v${bsqlVersion}/${name}`
  const cacheDir = path.join(root, 'npm-cache', '_prebuilds')
  fs.mkdirSync(cacheDir, { recursive: true })
  const cached = path.join(
    cacheDir,
    `${crypto.createHash('sha512').update(url).digest('hex').slice(0, 6)}-${name}`,
  )
  expect(spawnSync('tar', ['-czf', cached, '-C', stage, 'build']).status).toBe(0)
  return bytes
}

const hostFile = () => path.join(root, '.native', `electron-${electronVersion}`, 'better_sqlite3.node')
const targetFile = (arch = process.arch) =>
  path.join(root, '.native', `electron-${electronVersion}`, `${osKey}-${arch}`, 'better_sqlite3.node')

describe('scripts/electron-native.mjs', () => {
  it('fails offline with one clear Chinese + English line and leaves the Node build alone', () => {
    const before = sha(nodeBuild)
    const r = runScript()
    expect(r.status).toBe(1)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/无法生成 Electron 版 better-sqlite3/)
    expect(lines[0]).toMatch(/Could not get better-sqlite3 for Electron/)
    expect(fs.existsSync(hostFile())).toBe(false)
    expect(sha(nodeBuild)).toBe(before)
    expect(fs.readFileSync(path.join(root, '.native', 'electron-native.log'), 'utf8')).toMatch(
      /prebuild-install[\s\S]*node-gyp/,
    )
  }, 60_000)

  it.skipIf(process.platform !== 'linux')(
    'installs a cached prebuilt to both locations, then does nothing',
    () => {
      const before = sha(nodeBuild)
      const staged = stagePrebuilt(`${process.platform}-${process.arch}`, abi)
      const first = runScript()
      expect(first.stderr).toBe('')
      expect(first.status).toBe(0)
      expect(fs.readFileSync(hostFile()).equals(staged)).toBe(true)
      expect(fs.readFileSync(targetFile()).equals(staged)).toBe(true)
      expect(sha(nodeBuild)).toBe(before)

      fs.rmSync(path.join(root, 'npm-cache'), { recursive: true })
      const again = runScript()
      expect(again.status).toBe(0)
      expect(again.stdout).toMatch(/已存在/)
    },
    60_000,
  )

  it.skipIf(process.platform !== 'linux')(
    'refuses a Node-ABI addon labelled for Electron',
    () => {
      stagePrebuilt(`${process.platform}-${process.arch}`, null)
      const r = runScript()
      expect(r.status).toBe(1)
      expect(r.stderr).toContain(`ABI ${process.versions.modules}`)
      expect(r.stderr).toContain(`needs ${abi}`)
      expect(fs.existsSync(hostFile())).toBe(false)
      expect(fs.existsSync(targetFile())).toBe(false)
    },
    60_000,
  )

  it.skipIf(process.platform !== 'linux' || process.arch !== 'x64')(
    'refuses a prebuilt whose architecture does not match',
    () => {
      // An x64 binary offered as arm64 must never land where the arm64 package picks it up.
      stagePrebuilt('linux-arm64', abi)
      const r = runScript('--arch=arm64')
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(/linux-x64.*linux-arm64/)
      expect(fs.existsSync(targetFile('arm64'))).toBe(false)
    },
    60_000,
  )
})
