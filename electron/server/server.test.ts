import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../core'
import { memoryCore, tempDir } from '../core/test/helpers'
import { resolveStatic, startBrowserServer, type BrowserServer } from './index'

let core: Core
let server: BrowserServer
let staticDir: string

/** Raw request so Host and Origin can be forged (fetch would not allow that). */
function request(opts: {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string
}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: opts.headers,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        )
      },
    )
    req.on('error', reject)
    if (opts.body !== undefined) req.write(opts.body)
    req.end()
  })
}

const origin = () => `http://127.0.0.1:${server.port}`
const api = (name: string, input: unknown, headers: Record<string, string> = {}) =>
  request({
    method: 'POST',
    path: `/api/${name}`,
    headers: {
      Host: `127.0.0.1:${server.port}`,
      Origin: origin(),
      'Content-Type': 'application/json',
      'X-Ledger-Token': server.token,
      ...headers,
    },
    body: JSON.stringify(input),
  })

beforeAll(async () => {
  core = await memoryCore()
  staticDir = tempDir('ledger-static-')
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>台账</title>')
  fs.mkdirSync(path.join(staticDir, 'assets'))
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  fs.writeFileSync(path.join(path.dirname(staticDir), 'secret.txt'), 'secret')
  server = await startBrowserServer({ dispatch: core.dispatch, staticDir, port: 0 })
})
afterAll(async () => {
  await server.close()
  core.close()
})

describe('browser-mode server', () => {
  it('prints a loopback URL with the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}$/)
  })

  it('serves the same dispatch as IPC', async () => {
    const r = await api('village.create', { name: '东湖村' })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toEqual({ ok: true, data: { id: 1 } })
    const bad = await api('enterprise.create', {
      data: { name: '华兴机械', villageId: 1, creditCode: '9144030071526726XA' },
    })
    expect(JSON.parse(bad.body).error.message).toBe('统一社会信用代码第18位校验码应为 G，请核对营业执照')
  })

  it('refuses API calls without the token or with a wrong one', async () => {
    expect((await api('system.info', {}, { 'X-Ledger-Token': 'wrong' })).status).toBe(401)
    const noToken = await request({
      method: 'POST',
      path: '/api/system.info',
      headers: { Host: `127.0.0.1:${server.port}`, Origin: origin(), 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect(noToken.status).toBe(401)
    expect(JSON.parse(noToken.body).error.message).toContain('访问令牌')
  })

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    const r = await api('system.info', {}, { Host: `evil.example:${server.port}` })
    expect(r.status).toBe(421)
    const page = await request({ path: `/?token=${server.token}`, headers: { Host: 'evil.example' } })
    expect(page.status).toBe(421)
  })

  it('refuses a foreign Origin and a missing Origin on API calls', async () => {
    expect((await api('system.info', {}, { Origin: 'http://evil.example' })).status).toBe(403)
    expect((await api('system.info', {}, { Origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403)
    const noOrigin = await request({
      method: 'POST',
      path: '/api/system.info',
      headers: {
        Host: `127.0.0.1:${server.port}`,
        'Content-Type': 'application/json',
        'X-Ledger-Token': server.token,
      },
      body: '{}',
    })
    expect(noOrigin.status).toBe(403)
  })

  it('refuses form posts (non-JSON), GET on the API, bad JSON and oversized bodies', async () => {
    expect((await api('system.info', {}, { 'Content-Type': 'text/plain' })).status).toBe(415)
    const get = await request({ path: '/api/system.info', headers: { Host: `127.0.0.1:${server.port}` } })
    expect(get.status).toBe(405)
    const badJson = await request({
      method: 'POST',
      path: '/api/system.info',
      headers: {
        Host: `127.0.0.1:${server.port}`,
        Origin: origin(),
        'Content-Type': 'application/json',
        'X-Ledger-Token': server.token,
      },
      body: '{not json',
    })
    expect(badJson.status).toBe(400)
    const small = await startBrowserServer({ dispatch: core.dispatch, staticDir, port: 0, maxBodyBytes: 100 })
    try {
      const res = await fetch(`http://127.0.0.1:${small.port}/api/village.create`, {
        method: 'POST',
        headers: {
          Origin: `http://127.0.0.1:${small.port}`,
          'Content-Type': 'application/json',
          'X-Ledger-Token': small.token,
        },
        body: JSON.stringify({ name: '村'.repeat(200) }),
      })
      expect(res.status).toBe(413)
    } finally {
      await small.close()
    }
  })

  it('serves index.html only with the token, with a CSP', async () => {
    const without = await request({ path: '/', headers: { Host: `127.0.0.1:${server.port}` } })
    expect(without.status).toBe(403)
    expect(without.body).toContain('请使用程序启动时显示的完整地址')
    const withToken = await request({
      path: `/?token=${server.token}`,
      headers: { Host: `localhost:${server.port}` },
    })
    expect(withToken.status).toBe(200)
    expect(withToken.body).toContain('<title>台账</title>')
    expect(withToken.headers['content-security-policy']).toContain("script-src 'self'")
    const asset = await request({ path: '/assets/app.js', headers: { Host: `127.0.0.1:${server.port}` } })
    expect(asset.status).toBe(200)
  })

  it('does not serve files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const r = await request({ path: p, headers: { Host: `127.0.0.1:${server.port}` } })
      expect(r.status, p).toBe(404)
      expect(r.body).not.toContain('secret')
    }
    expect(resolveStatic('/srv/app', '/../etc/passwd')).toBe(path.resolve('/srv/app/etc/passwd'))
    expect(resolveStatic('/srv/app', '%E0%A4%A')).toBeNull()
  })

  it('refuses to listen on a non-loopback address unless asked', () => {
    expect(() => startBrowserServer({ dispatch: core.dispatch, staticDir, host: '0.0.0.0' })).toThrow(
      /127\.0\.0\.1/,
    )
  })
})
