import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../core'
import type { Dispatch } from '../core/dispatch'
import { memoryCore, tempDir } from '../core/test/helpers'
import { DEFAULT_BODY_LIMIT, startBrowserServer, type BrowserServer } from './index'

// A browser-mode server must outlive every request: cut-off uploads, malformed URLs and handlers
// that throw. Failures here used to be unhandled rejections that ended the whole process.

let core: Core
let server: BrowserServer
let staticDir: string
let throwing: BrowserServer
const unhandled: unknown[] = []
const onUnhandled = (err: unknown): void => void unhandled.push(err)

beforeAll(async () => {
  core = await memoryCore()
  staticDir = tempDir('ledger-static-')
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>台账</title>')
  server = await startBrowserServer({ dispatch: core.dispatch, staticDir, port: 0 })
  const boom: Dispatch = () => {
    throw new Error('handler blew up')
  }
  throwing = await startBrowserServer({ dispatch: boom, staticDir, port: 0 })
})
afterAll(async () => {
  await server.close()
  await throwing.close()
  core.close()
})
beforeEach(() => {
  unhandled.length = 0
  process.on('unhandledRejection', onUnhandled)
  process.on('uncaughtException', onUnhandled)
})
afterEach(() => {
  process.off('unhandledRejection', onUnhandled)
  process.off('uncaughtException', onUnhandled)
})

function post(s: BrowserServer, apiPath: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: s.port,
        method: 'POST',
        path: apiPath,
        agent: false,
        headers: {
          Host: `127.0.0.1:${s.port}`,
          Origin: `http://127.0.0.1:${s.port}`,
          'Content-Type': 'application/json',
          'X-Ledger-Token': s.token,
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const settle = (ms = 100): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('browser-mode server survives hostile and broken requests', () => {
  it('an upload cut off half way (tab closed) does not take the server down', async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const sock = net.connect(server.port, '127.0.0.1', () => {
          sock.write(
            `POST /api/excel.preview HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
              `Origin: http://127.0.0.1:${server.port}\r\nContent-Type: application/json\r\n` +
              `X-Ledger-Token: ${server.token}\r\nContent-Length: 10000000\r\n\r\n{"fileName":"a.xlsx","base64":"` +
              'A'.repeat(200_000),
            () => setTimeout(() => (sock.resetAndDestroy(), resolve()), 50),
          )
        })
        sock.on('error', reject)
      })
    }
    await settle()
    expect(unhandled).toEqual([])
    const r = await post(server, '/api/system.info', '{}')
    expect(r.status).toBe(200)
  })

  it('a malformed percent-encoding in the API name is refused, not fatal', async () => {
    const r = await post(server, '/api/%E0%A4%A', '{}')
    expect(r.status).toBe(404)
    expect(JSON.parse(r.body).error.message).toMatch(/不存在/)
    await settle()
    expect(unhandled).toEqual([])
    expect((await post(server, '/api/system.info', '{}')).status).toBe(200)
  })

  it('a handler that throws gives a Chinese 500 and the server goes on', async () => {
    const r = await post(throwing, '/api/system.info', '{}')
    expect(r.status).toBe(500)
    expect(JSON.parse(r.body).error.code).toBe('INTERNAL')
    await settle()
    expect(unhandled).toEqual([])
    expect((await post(throwing, '/api/system.info', '{}')).status).toBe(500)
  })

  it('the default body cap holds the promised 100 MB import file as base64 JSON', () => {
    expect(DEFAULT_BODY_LIMIT).toBeGreaterThan(Math.ceil((100 * 1024 * 1024) / 3) * 4 + 4096)
  })
})
