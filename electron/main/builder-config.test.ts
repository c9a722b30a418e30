import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Checks electron-builder.yml with electron-builder's own loader and schema validation (offline,
// ~1 s), then pins the security-relevant values.

const root = path.resolve(__dirname, '../..')
const localRequire = createRequire(import.meta.url)
// app-builder-lib is electron-builder's engine; resolve it through electron-builder itself.
const builderRequire = createRequire(localRequire.resolve('electron-builder/package.json'))

type Config = Record<string, unknown>
type Validate = (
  config: Config,
  debugLogger: { isEnabled: boolean; add(k: string, v: unknown): void },
) => Promise<void>
const { getConfig, validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as {
  getConfig: (
    projectDir: string,
    configPath: string | null,
    configFromOptions: Config | null,
  ) => Promise<Config>
  validateConfiguration: Validate
}
const { expandMacro } = builderRequire('app-builder-lib/out/util/macroExpander') as {
  expandMacro: (
    pattern: string,
    arch: string | null,
    appInfo: object,
    extra?: Record<string, string>,
  ) => string
}
const { DebugLogger } = builderRequire('builder-util') as {
  DebugLogger: new (enabled: boolean) => { isEnabled: boolean; add(k: string, v: unknown): void }
}
const loader = builderRequire('app-builder-lib/out/util/config/load') as {
  getConfig: (request: object, configPath: string) => Promise<{ result: Config }>
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  productName: string
  build?: unknown
  devDependencies: Record<string, string>
}
const electronVersion = (
  JSON.parse(fs.readFileSync(localRequire.resolve('electron/package.json'), 'utf8')) as { version: string }
).version

let merged: Config
let raw: Config & {
  nsis: Config
  win: Config
  linux: Config & { target: { target: string; arch: string[] }[] }
  electronFuses: Config
  extraResources: { from: string; to: string }[]
  files: string[]
  directories: Config
}

const validate = (config: Config) => validateConfiguration(config, new DebugLogger(false))

beforeAll(async () => {
  merged = await getConfig(root, path.join(root, 'electron-builder.yml'), null)
  raw = (
    await loader.getConfig(
      { projectDir: root, packageKey: 'build', configFilename: 'electron-builder' },
      'electron-builder.yml',
    )
  ).result as typeof raw
})

describe('electron-builder configuration validation', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validate(merged)).resolves.toBeUndefined()
  })

  it('rejects an unknown top-level key, so the check is real', async () => {
    await expect(validate({ ...merged, notARealOption: true })).rejects.toThrow(/notARealOption/)
  })

  it('rejects a misspelled nested option and an unknown fuse', async () => {
    // For nested objects the schema names the section, not the key.
    await expect(validate({ ...merged, nsis: { ...raw.nsis, oneclick: false } })).rejects.toThrow(
      /configuration\.nsis\b/,
    )
    await expect(
      validate({ ...merged, electronFuses: { ...raw.electronFuses, runAsnode: false } }),
    ).rejects.toThrow(/configuration\.electronFuses\b/)
  })

  it('is the configuration electron-builder actually picks up', () => {
    // A "build" key in package.json would silently take precedence over electron-builder.yml.
    expect(pkg.build).toBeUndefined()
  })
})

describe('security-relevant values', () => {
  it('flips the fuses of RELIABILITY.md item 19', () => {
    expect(raw.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('packs into asar without rebuilding native modules', () => {
    expect(raw['asar']).toBe(true)
    expect(raw['npmRebuild']).toBe(false)
    expect(raw['nodeGypRebuild']).toBe(false)
    expect(raw['publish']).toBeNull()
  })

  it('ships only the built app, never sources or tests', () => {
    expect(raw.files).toContain('out/**')
    expect(raw.files).toContain('package.json')
    expect(raw.files.filter((f) => !f.startsWith('!'))).toEqual(['out/**', 'package.json'])
    expect(raw.files).toContain('!**/*.{ts,mts,cts,tsx,vue,map}')
  })

  it('identifies the app', () => {
    expect(raw['appId']).toBe('cn.gov.township.safetyledger')
    expect(raw['productName']).toBe('乡镇安全生产台账')
    expect(raw['productName']).toBe(pkg.productName)
    expect(raw.directories).toEqual({ output: 'dist', buildResources: 'build' })
  })
})

describe('the Electron build of better-sqlite3', () => {
  it('pins the installed Electron version everywhere', () => {
    expect(raw['electronVersion']).toBe(electronVersion)
    expect(pkg.devDependencies['electron']).toBe(electronVersion)
    expect(raw.extraResources).toEqual([
      {
        from: `.native/electron-${electronVersion}/\${os}-\${arch}/better_sqlite3.node`,
        to: 'native/better_sqlite3.node',
      },
    ])
  })

  it.each([
    ['win', 'x64', 'win-x64'],
    ['linux', 'x64', 'linux-x64'],
    ['linux', 'arm64', 'linux-arm64'],
  ])('picks the %s %s copy made by scripts/electron-native.mjs', (os, arch, dir) => {
    const from = (raw.extraResources[0] as { from: string }).from
    const expanded = expandMacro(from, arch, { productName: 'x', sanitizedProductName: 'x' }, { os })
    expect(expanded).toBe(`.native/electron-${electronVersion}/${dir}/better_sqlite3.node`)
  })

  it('lands where electron/main/native.ts looks when packaged', () => {
    expect((raw.extraResources[0] as { to: string }).to).toBe('native/better_sqlite3.node')
  })
})

describe('beforePack guard (build/before-pack.mjs)', () => {
  type Hook = (context: object) => Promise<void>
  let hook: Hook
  let scratch: string
  const nodeBuild = path.join(
    root,
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  )
  const abi = fs
    .readFileSync(
      path.join(path.dirname(localRequire.resolve('electron/package.json')), 'abi_version'),
      'utf8',
    )
    .trim()
  const nativeFile = (dir: string) =>
    path.join(scratch, '.native', `electron-${electronVersion}`, dir, 'better_sqlite3.node')
  const context = (osKey: string, platformName: string, arch: number) => ({
    arch,
    electronPlatformName: platformName,
    packager: {
      projectDir: scratch,
      config: merged,
      expandMacro: (pattern: string, archName: string) =>
        expandMacro(pattern, archName, { productName: 'x', sanitizedProductName: 'x' }, { os: osKey }),
    },
  })

  beforeAll(async () => {
    // Loaded exactly the way electron-builder loads hooks.
    const { resolveFunction } = builderRequire('app-builder-lib/out/util/resolve') as {
      resolveFunction: (type: unknown, executor: unknown, name: string, root: string) => Promise<Hook>
    }
    expect(raw['beforePack']).toBe('./build/before-pack.mjs')
    hook = await resolveFunction(undefined, path.join(root, 'build', 'before-pack.mjs'), 'beforePack', root)
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-builder-'))
    fs.writeFileSync(path.join(scratch, 'package.json'), '{}')
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'), 'dir')
  })
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

  it('stops packaging when the target’s Electron build is missing', async () => {
    await expect(hook(context('linux', 'linux', 3))).rejects.toThrow(
      /缺少 Electron 版 better-sqlite3[\s\S]*--platform=linux --arch=arm64/,
    )
  })

  it('stops packaging when the file is the Node build', async () => {
    fs.mkdirSync(path.dirname(nativeFile('win-x64')), { recursive: true })
    fs.copyFileSync(nodeBuild, nativeFile('win-x64'))
    await expect(hook(context('win', 'win32', 1))).rejects.toThrow(`ABI ${process.versions.modules}`)
  })

  it('lets a target with an Electron-ABI build through', async () => {
    fs.mkdirSync(path.dirname(nativeFile('linux-x64')), { recursive: true })
    fs.writeFileSync(nativeFile('linux-x64'), `\0ELF stub node_register_module_v${abi}\0`)
    await expect(hook(context('linux', 'linux', 1))).resolves.toBeUndefined()
  })
})

describe('installers', () => {
  it('builds a per-user, Chinese NSIS installer for Windows x64', () => {
    expect(raw.win['target']).toEqual([{ target: 'nsis', arch: ['x64'] }])
    expect(raw.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      deleteAppDataOnUninstall: false,
      language: '2052',
      installerLanguages: ['zh_CN'],
      unicode: true,
    })
    expect(raw.nsis['artifactName']).toContain('${version}')
  })

  it('builds deb and AppImage for x64 and arm64', () => {
    expect(raw.linux.target).toEqual([
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] },
    ])
    expect(raw.linux['category']).toBe('Office')
    expect(raw.linux['maintainer']).toMatch(/<[^>]+@[^>]+>/)
    expect(raw.linux['synopsis']).toMatch(/[\u4e00-\u9fff]/)
    expect(raw.linux['artifactName']).toContain('${version}')
  })

  it('has a real 512×512 PNG icon in build/', () => {
    const png = fs.readFileSync(path.join(root, 'build', 'icon.png'))
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      true,
    )
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512])
    expect(raw.win['icon']).toBe('build/icon.png')
    expect(raw.linux['icon']).toBe('build/icon.png')
  })
})
