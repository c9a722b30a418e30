#!/usr/bin/env node
// Makes the Electron-ABI build of better-sqlite3 beside the Node build (TOOLCHAIN.md
// "better-sqlite3 and Electron's ABI"). node_modules/better-sqlite3/build stays the Node build used
// by tests, the CLI and the browser mode: this script only reads the package and works on a copy.
//
//   node scripts/electron-native.mjs [--platform=linux|win32|darwin] [--arch=x64|arm64|ia32] [--force]
//
// Output: .native/electron-<ver>/<os>-<arch>/better_sqlite3.node for packaging (electron-builder's
// ${os}-${arch}: linux-x64, win-x64 …) and, for this machine's platform and arch, also
// .native/electron-<ver>/better_sqlite3.node for `npm start` / `npm run dev`.
// Nothing happens when the files already exist. Needs internet (or a warm cache) once:
//   1. prebuild-install --runtime electron (honours npm_config_better_sqlite3_binary_host for mirrors
//      and the ~/.npm/_prebuilds cache);
//   2. otherwise, for this machine's platform only, node-gyp rebuild against the Electron headers
//      (LEDGER_ELECTRON_HEADERS_URL overrides https://electronjs.org/headers; cached in node-gyp's devdir).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { projectRoot as defaultRoot } from './lib/runtime.mjs'

const OS_KEY = { linux: 'linux', win32: 'win', darwin: 'mac' }
const ELF_MACHINE = { 0x3e: 'x64', 0xb7: 'arm64', 0x03: 'ia32' }
const PE_MACHINE = { 0x8664: 'x64', 0xaa64: 'arm64', 0x014c: 'ia32' }

function parseArgs(argv) {
  const opts = { platform: process.platform, arch: process.arch, force: false, root: defaultRoot }
  for (const a of argv) {
    const [k, v] = a.split(/=(.*)/s)
    if (k === '--platform' && v) opts.platform = v
    else if (k === '--arch' && v) opts.arch = v
    else if (k === '--root' && v) opts.root = path.resolve(v)
    else if (k === '--force') opts.force = true
    else {
      console.error(`未知参数 ${a}。Unknown argument ${a}.`)
      process.exit(2)
    }
  }
  if (!OS_KEY[opts.platform]) {
    console.error(`不支持的平台 ${opts.platform}。Unsupported platform ${opts.platform}.`)
    process.exit(2)
  }
  return opts
}

/** Platform and arch a compiled addon was built for, from its ELF/PE/Mach-O header. */
function describeBinary(buf) {
  if (buf.length >= 20 && buf.readUInt32BE(0) === 0x7f454c46)
    return { platform: 'linux', arch: ELF_MACHINE[buf.readUInt16LE(18)] }
  if (buf.length >= 64 && buf.toString('latin1', 0, 2) === 'MZ') {
    const pe = buf.readUInt32LE(0x3c)
    if (buf.length >= pe + 6 && buf.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      return { platform: 'win32', arch: PE_MACHINE[buf.readUInt16LE(pe + 4)] }
    }
  }
  if (buf.length >= 8 && buf.readUInt32LE(0) === 0xfeedfacf) {
    return { platform: 'darwin', arch: { 0x01000007: 'x64', 0x0100000c: 'arm64' }[buf.readUInt32LE(4)] }
  }
  return { platform: 'unknown', arch: 'unknown' }
}

function copyAtomically(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true })
  const tmp = `${to}.${process.pid}.partial`
  fs.copyFileSync(from, tmp)
  fs.renameSync(tmp, to)
}

const opts = parseArgs(process.argv.slice(2))
const rootRequire = createRequire(path.join(opts.root, 'package.json'))
const electronPkg = rootRequire.resolve('electron/package.json')
const electronVersion = JSON.parse(fs.readFileSync(electronPkg, 'utf8')).version
// NODE_MODULE_VERSION of this Electron (the electron package ships it; no binary needed).
const electronAbi = fs.readFileSync(path.join(path.dirname(electronPkg), 'abi_version'), 'utf8').trim()
const isHost = opts.platform === process.platform && opts.arch === process.arch
const versionDir = path.join(opts.root, '.native', `electron-${electronVersion}`)
const targets = [path.join(versionDir, `${OS_KEY[opts.platform]}-${opts.arch}`, 'better_sqlite3.node')]
if (isHost) targets.push(path.join(versionDir, 'better_sqlite3.node'))
const label = `Electron ${electronVersion} ${opts.platform}-${opts.arch}`

if (!opts.force && targets.every((t) => fs.existsSync(t))) {
  console.log(
    `Electron 版 better-sqlite3 已存在，跳过。better-sqlite3 for ${label} already present: ${path.relative(opts.root, targets[0])}`,
  )
  process.exit(0)
}

const logFile = path.join(opts.root, '.native', 'electron-native.log')
fs.mkdirSync(path.dirname(logFile), { recursive: true })
fs.writeFileSync(logFile, `# better-sqlite3 for ${label}, ${new Date().toISOString()}\n`)

// `npm run`/`npx` export npm_config_nodedir (the local Node headers) and friends; node-gyp would then
// compile against Node and produce a Node-ABI addon in an Electron folder. They are dropped here.
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) =>
      !/^npm_config_(nodedir|target|target_arch|arch|runtime|disturl|dist_url|platform|build_from_source)$/i.test(
        k,
      ),
  ),
)

function step(title, cmd, args, cwd) {
  fs.appendFileSync(logFile, `\n$ ${title}: ${[cmd, ...args].join(' ')}\n`)
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: childEnv, maxBuffer: 64 * 1024 * 1024 })
  fs.appendFileSync(
    logFile,
    `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}\nexit ${r.status}\n`,
  )
  return r.status === 0
}

const bsqlDir = path.dirname(rootRequire.resolve('better-sqlite3/package.json'))
const bsqlRequire = createRequire(path.join(bsqlDir, 'package.json'))
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bsql-electron-'))
let built = null
try {
  // The copy leaves out build/: the Node build in node_modules is never read, moved or overwritten.
  fs.cpSync(bsqlDir, work, {
    recursive: true,
    filter: (src) => path.relative(bsqlDir, src).split(path.sep)[0] !== 'build',
  })
  const output = path.join(work, 'build', 'Release', 'better_sqlite3.node')
  const prebuildBin = bsqlRequire.resolve('prebuild-install/bin.js')
  const prebuilt = step(
    'prebuild-install',
    process.execPath,
    [
      prebuildBin,
      '--runtime',
      'electron',
      '--target',
      electronVersion,
      '--platform',
      opts.platform,
      '--arch',
      opts.arch,
      '--verbose',
    ],
    work,
  )
  if (prebuilt && fs.existsSync(output)) built = output
  else if (opts.platform === process.platform) {
    let gypBin = null
    try {
      gypBin = rootRequire.resolve('node-gyp/bin/node-gyp.js')
    } catch {
      fs.appendFileSync(logFile, 'node-gyp not found in node_modules\n')
    }
    const distUrl = process.env.LEDGER_ELECTRON_HEADERS_URL || 'https://electronjs.org/headers'
    if (
      gypBin &&
      step(
        'node-gyp',
        process.execPath,
        [
          gypBin,
          'rebuild',
          '--release',
          `--target=${electronVersion}`,
          `--arch=${opts.arch}`,
          `--dist-url=${distUrl}`,
        ],
        work,
      ) &&
      fs.existsSync(output)
    ) {
      built = output
    }
  }
  if (built) {
    const bytes = fs.readFileSync(built)
    const found = describeBinary(bytes)
    const abiFound = /node_register_module_v(\d+)/.exec(bytes.toString('latin1'))?.[1] ?? 'unknown'
    if (found.platform !== opts.platform || found.arch !== opts.arch) {
      console.error(
        `生成的 better-sqlite3 平台不符（${found.platform}-${found.arch}），已丢弃。Built addon is ${found.platform}-${found.arch}, expected ${opts.platform}-${opts.arch}; discarded.`,
      )
      process.exitCode = 1
    } else if (abiFound !== electronAbi) {
      console.error(
        `生成的 better-sqlite3 不是 Electron 版本（ABI ${abiFound}，应为 ${electronAbi}），已丢弃。Built addon has ABI ${abiFound}, Electron ${electronVersion} needs ${electronAbi}; discarded.`,
      )
      process.exitCode = 1
    } else {
      for (const t of targets) copyAtomically(built, t)
      console.log(
        `已生成 Electron 版 better-sqlite3。better-sqlite3 for ${label}: ${path.relative(opts.root, targets[0])}`,
      )
    }
  } else {
    console.error(
      `无法生成 Electron 版 better-sqlite3：需要联网下载预编译文件或 Electron 头文件（详见 ${path.relative(opts.root, logFile)}）。` +
        `Could not get better-sqlite3 for ${label}: prebuilt and header downloads failed (offline?); see ${path.relative(opts.root, logFile)}.`,
    )
    process.exitCode = 1
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
