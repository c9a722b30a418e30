// electron-builder beforePack hook: refuses to package a target without the Electron build of
// better-sqlite3 for exactly that platform and arch. electron-builder itself only warns when an
// extraResources source is missing, which would ship an app that cannot open its database.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

// builder-util's Arch enum.
const ARCH_NAMES = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' }
const TARGET = 'native/better_sqlite3.node'

export async function beforePack(context) {
  const { packager } = context
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch)
  const entries = [].concat(packager.config.extraResources ?? [])
  const entry = entries.find((e) => e && typeof e === 'object' && e.to === TARGET)
  if (!entry) throw new Error(`electron-builder.yml: extraResources has no entry for ${TARGET}`)
  const file = path.resolve(packager.projectDir, packager.expandMacro(entry.from, arch))
  const hint = `node scripts/electron-native.mjs --platform=${context.electronPlatformName} --arch=${arch}`
  if (!fs.existsSync(file)) {
    throw new Error(
      `缺少 Electron 版 better-sqlite3：${file}。请先运行 ${hint}。` +
        `Missing Electron build of better-sqlite3 for ${context.electronPlatformName}-${arch}; run: ${hint}`,
    )
  }
  const electronPkg = createRequire(path.join(packager.projectDir, 'package.json')).resolve(
    'electron/package.json',
  )
  const abi = fs.readFileSync(path.join(path.dirname(electronPkg), 'abi_version'), 'utf8').trim()
  const found = /node_register_module_v(\d+)/.exec(fs.readFileSync(file).toString('latin1'))?.[1]
  if (found !== abi) {
    throw new Error(
      `${file} 不是 Electron 版本（ABI ${found ?? '未知'}，应为 ${abi}）。` +
        `Not an Electron addon (ABI ${found ?? 'unknown'}, needs ${abi}); rebuild with: ${hint} --force`,
    )
  }
}

export default beforePack
