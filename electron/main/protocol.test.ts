import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}))
vi.mock('electron', () => electron)

import {
  allowedOrigins,
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  devServerUrl,
  handleAppProtocol,
  originOf,
  registerAppScheme,
  rendererEntryUrl,
  resolveRendererPath,
  serveRendererFile,
} from './protocol'

const root = path.resolve('/srv/app/out/renderer')

describe('resolveRendererPath', () => {
  it('maps app://local paths to files under the renderer dir', () => {
    expect(resolveRendererPath(root, 'app://local/index.html')).toBe(path.join(root, 'index.html'))
    expect(resolveRendererPath(root, 'app://local/assets/index-abc.js')).toBe(
      path.join(root, 'assets', 'index-abc.js'),
    )
    expect(resolveRendererPath(root, 'app://local/assets/index.js?v=1#x')).toBe(
      path.join(root, 'assets', 'index.js'),
    )
    expect(resolveRendererPath(root, 'app://local/fonts/%E5%AE%89.woff2')).toBe(
      path.join(root, 'fonts', '安.woff2'),
    )
  })

  it('serves index.html for the root and for directories', () => {
    expect(resolveRendererPath(root, 'app://local/')).toBe(path.join(root, 'index.html'))
    expect(resolveRendererPath(root, 'app://local')).toBe(path.join(root, 'index.html'))
    expect(resolveRendererPath(root, 'app://local/print/')).toBe(path.join(root, 'print', 'index.html'))
  })

  it.each([
    'app://local/../../etc/passwd',
    'app://local/assets/../../../etc/passwd',
    'app://local/..',
    'app://local/%2e%2e/%2e%2e/etc/passwd',
    'app://local/%2E%2E/secret',
    'app://local/.%2e/secret',
    'app://local/assets/..%2f..%2fsecret',
    'app://local/..%5c..%5csecret',
    'app://local/assets%2f..%2f..%2fsecret',
    'app://local/..\\..\\secret',
    'app://local/a\\b.js',
    'app://local/%2fetc%2fpasswd',
    'app://local/C:%5cWindows%5cwin.ini',
    'app://local/c:/windows/win.ini',
    'app://local/index.html%00.js',
    'app://local/%E0%A4%A',
    'app://local//etc/passwd',
    'app://local/./index.html',
  ])('refuses traversal or malformed path %s', (url) => {
    expect(resolveRendererPath(root, url)).toBeNull()
  })

  it.each([
    'app://evil/index.html',
    'app://local.evil/index.html',
    'app://local:8080/index.html',
    'app://user@local/index.html',
    'file:///srv/app/out/renderer/index.html',
    'http://local/index.html',
    'not a url',
  ])('refuses foreign URL %s', (url) => {
    expect(resolveRendererPath(root, url)).toBeNull()
  })
})

describe('originOf', () => {
  it('builds app: origins that Node reports as "null"', () => {
    expect(new URL('app://local/x').origin).toBe('null')
    expect(originOf('app://local/index.html#/enterprises')).toBe('app://local')
  })
  it('distinguishes look-alike and credentialed URLs', () => {
    expect(originOf('app://local.evil/')).toBe('app://local.evil')
    expect(originOf('app://local@evil/')).toBeNull()
    expect(originOf('http://localhost:5173/x')).toBe('http://localhost:5173')
    expect(originOf('file:///etc/passwd')).toBeNull()
    expect(originOf('')).toBeNull()
    expect(originOf(undefined)).toBeNull()
    expect(originOf('::')).toBeNull()
  })
})

describe('dev server URL', () => {
  it('is used only when not packaged and only for this machine', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' }
    expect(devServerUrl(false, env)).toBe('http://localhost:5173')
    expect(devServerUrl(true, env)).toBeNull()
    expect(devServerUrl(false, {})).toBeNull()
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'https://example.com' })).toBeNull()
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'file:///tmp/x' })).toBeNull()
  })
  it('adds its origin to the allowed origins and becomes the entry URL', () => {
    expect(allowedOrigins(null)).toEqual(['app://local'])
    expect(allowedOrigins('http://localhost:5173/')).toEqual(['app://local', 'http://localhost:5173'])
    expect(rendererEntryUrl(null)).toBe(APP_ENTRY_URL)
    expect(APP_ENTRY_URL).toBe('app://local/index.html')
    expect(rendererEntryUrl('http://localhost:5173')).toBe('http://localhost:5173')
  })
})

describe('serveRendererFile', () => {
  let dir: string
  let rendererDir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-proto-'))
    rendererDir = path.join(dir, 'renderer')
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true })
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>台账</title>')
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret')
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('serves files with their type and the strict CSP', async () => {
    const res = await serveRendererFile(rendererDir, { url: 'app://local/index.html', method: 'GET' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await res.text()).toContain('台账')
    const js = await serveRendererFile(rendererDir, { url: 'app://local/assets/app.js' })
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await js.text()).toBe('console.log(1)')
  })

  it('answers 404 for missing files, traversal and symlinks leaving the renderer dir', async () => {
    for (const url of [
      'app://local/nope.js',
      'app://local/../secret.txt',
      'app://local/%2e%2e/secret.txt',
      'app://local/assets/link.txt',
    ]) {
      const res = await serveRendererFile(rendererDir, { url })
      expect(res.status, url).toBe(404)
      expect(await res.text()).not.toContain('secret')
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    }
  })

  it('refuses methods other than GET and HEAD', async () => {
    const res = await serveRendererFile(rendererDir, { url: 'app://local/index.html', method: 'POST' })
    expect(res.status).toBe(405)
    const head = await serveRendererFile(rendererDir, { url: 'app://local/index.html', method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })
})

describe('CSP and scheme registration', () => {
  it('is exactly the agreed policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    )
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/)
  })

  it('registers app: as standard + secure + fetch, without bypassCSP', () => {
    registerAppScheme()
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
  })

  it('installs a handler that serves from the given dir', async () => {
    handleAppProtocol('/nonexistent-renderer-dir')
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
    const handler = electron.protocol.handle.mock.calls[0]?.[1] as (r: {
      url: string
      method: string
    }) => Promise<Response>
    const res = await handler({ url: 'app://local/index.html', method: 'GET' })
    expect(res.status).toBe(404)
  })
})
