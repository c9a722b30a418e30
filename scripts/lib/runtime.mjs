// Shared helpers for scripts/start.mjs, scripts/dev.mjs and scripts/electron-native.mjs.
// Plain Node (no dependencies), so they run before anything is built.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const requireFromRoot = createRequire(path.join(projectRoot, 'package.json'))

export const NO_ELECTRON_LINE =
  '未找到 Electron 运行时（离线环境无法下载）——改为启动浏览器模式。Electron runtime not installed; starting browser mode instead.'

/** Path of the Electron binary, or null when it is not installed (require('electron') throws then). */
export function electronBinary() {
  try {
    const bin = requireFromRoot('electron')
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : null
  } catch {
    return null
  }
}

/** Absolute path of a package's bin script, resolved from the project. */
export function packageBin(pkg, name = pkg) {
  const pkgJson = requireFromRoot.resolve(`${pkg}/package.json`)
  const meta = JSON.parse(fs.readFileSync(pkgJson, 'utf8'))
  const rel = typeof meta.bin === 'string' ? meta.bin : meta.bin?.[name]
  if (!rel) throw new Error(`${pkg} has no bin "${name}"`)
  return path.join(path.dirname(pkgJson), rel)
}

/**
 * Runs a command with inherited stdio in the project root and resolves with its exit code.
 * Signals reach the child exactly once, so it can shut down cleanly (the CLI closes the database on
 * the first SIGINT; a second one would kill it on the spot). On POSIX the child gets its own process
 * group, so Ctrl+C reaches only this script, which forwards it. On Windows the console delivers
 * Ctrl+C to every attached process, so SIGINT is only swallowed here.
 */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const env = { ...process.env, ...opts.env }
    // An inherited ELECTRON_RUN_AS_NODE would turn the Electron binary into plain Node.
    delete env.ELECTRON_RUN_AS_NODE
    const posix = process.platform !== 'win32'
    const child = spawn(cmd, args, { cwd: projectRoot, stdio: 'inherit', env, detached: posix })
    const handlers = {
      SIGINT: () => posix && child.kill('SIGINT'),
      SIGTERM: () => child.kill('SIGTERM'),
      SIGHUP: () => child.kill('SIGHUP'),
    }
    for (const [signal, fn] of Object.entries(handlers)) process.on(signal, fn)
    const done = (code) => {
      for (const [signal, fn] of Object.entries(handlers)) process.off(signal, fn)
      resolve(code)
    }
    child.on('error', (err) => {
      console.error(`无法启动 ${cmd}：${err.message}`)
      done(1)
    })
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)))
  })
}

/** Runs a node script (this Node binary) and exits the process if it fails. */
export async function mustRunNode(script, args) {
  const code = await run(process.execPath, [script, ...args])
  if (code !== 0) process.exit(code)
}

export const electronViteBin = () => packageBin('electron-vite')
export const nativeScript = path.join(projectRoot, 'scripts', 'electron-native.mjs')
export const cliScript = path.join(projectRoot, 'out', 'main', 'cli.js')
