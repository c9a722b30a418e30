import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type { Dispatch } from '../core/dispatch'

// Browser mode: the same handler table over HTTP. It is a real network door, so it binds
// 127.0.0.1, checks Host and Origin against a fixed allowlist (fails closed: DNS rebinding and
// cross-site requests are refused), and requires a per-launch token on every API call.

export interface ServerOptions {
  dispatch: Dispatch
  staticDir: string
  port?: number
  host?: string
  /** Binding anything but loopback must be asked for explicitly. */
  allowNonLoopback?: boolean
  token?: string
  maxBodyBytes?: number
  /** Told about requests that failed inside the server (the server itself carries on). */
  onError?: (what: string, err: unknown) => void
}

export interface BrowserServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/**
 * The import limit is 100 MB per file (grid.ts DEFAULT_LIMITS.maxFileBytes); the renderer sends it
 * base64 in JSON, which is 4/3 as large, plus a little JSON around it.
 */
export const DEFAULT_BODY_LIMIT = 140 * 1024 * 1024

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

/** Resolves a URL path inside root; null for anything that escapes it. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const rootAbs = path.resolve(root)
  const full = path.resolve(rootAbs, `.${path.posix.normalize(`/${decoded}`)}`)
  if (full !== rootAbs && !full.startsWith(rootAbs + path.sep)) return null
  return full
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb)
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(text)
}

function refuse(res: http.ServerResponse, status: number, message: string): void {
  send(res, status, { ok: false, error: { code: 'FORBIDDEN', message } })
}

export function startBrowserServer(opts: ServerOptions): Promise<BrowserServer> {
  const host = opts.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host) && !opts.allowNonLoopback)
    throw new Error(
      `refusing to listen on ${host}: browser mode only listens on 127.0.0.1 unless explicitly allowed`,
    )
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url')
  const maxBody = opts.maxBodyBytes ?? DEFAULT_BODY_LIMIT
  let allowedHosts = new Set<string>()
  let allowedOrigins = new Set<string>()

  // Nothing a request does may end the process: an aborted upload, a malformed URL or a handler
  // that throws fails that one request (500 if it can still be answered) and the server goes on.
  const failed = (res: http.ServerResponse, what: string, err: unknown): void => {
    const aborted = (err as NodeJS.ErrnoException | null)?.code === 'ECONNRESET'
    if (!aborted) opts.onError?.(what, err)
    if (res.headersSent || res.destroyed || !res.writable) {
      res.destroy()
      return
    }
    send(
      res,
      500,
      {
        ok: false,
        error: { code: 'INTERNAL', message: '程序内部错误，操作未完成。详细信息已写入日志文件。' },
      },
      { Connection: 'close' },
    )
  }

  const server = http.createServer((req, res) => {
    try {
      route(req, res)
    } catch (err) {
      failed(res, `${req.method} request failed`, err)
    }
  })

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase()))
      return refuse(res, 421, '拒绝访问：请求的主机名不是本机地址')
    const origin = req.headers.origin
    if (origin !== undefined && !allowedOrigins.has(origin))
      return refuse(res, 403, '拒绝访问：请求来自其他网站')
    const url = new URL(req.url ?? '/', 'http://local')
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, url, origin).catch((err: unknown) => failed(res, 'API request failed', err))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, '不支持的请求方式')
    return serveStatic(req, res, url)
  }

  async function handleApi(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    origin: string | undefined,
  ) {
    if (req.method !== 'POST') return refuse(res, 405, '接口只接受 POST 请求')
    // Browsers always send Origin on POST; requiring it closes the door on cross-site forms.
    if (origin === undefined) return refuse(res, 403, '拒绝访问：缺少来源信息')
    const given = req.headers['x-ledger-token']
    if (typeof given !== 'string' || !safeEqual(given, token))
      return refuse(res, 401, '拒绝访问：缺少或错误的访问令牌，请使用启动时显示的地址打开')
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return refuse(res, 415, '请求格式错误：应为 JSON')
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > maxBody) {
        send(
          res,
          413,
          { ok: false, error: { code: 'VALIDATION', message: '提交的数据过大' } },
          { Connection: 'close' },
        )
        req.destroy()
        return
      }
      chunks.push(chunk as Buffer)
    }
    let input: unknown
    try {
      const text = Buffer.concat(chunks).toString('utf8')
      input = text.length === 0 ? undefined : JSON.parse(text)
    } catch {
      return send(res, 400, { ok: false, error: { code: 'VALIDATION', message: '请求内容不是有效的 JSON' } })
    }
    let name: string
    try {
      name = decodeURIComponent(url.pathname.slice('/api/'.length))
    } catch {
      return send(res, 404, {
        ok: false,
        error: { code: 'UNKNOWN_HANDLER', message: '程序调用了不存在的功能，请升级或重新安装本程序' },
      })
    }
    const result = await opts.dispatch(name, input)
    if (!res.destroyed) send(res, 200, result)
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const isIndex = url.pathname === '/' || url.pathname === '/index.html'
    if (isIndex) {
      const t = url.searchParams.get('token') ?? ''
      if (!safeEqual(t, token)) {
        res.writeHead(403, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CSP })
        res.end(
          '<!doctype html><meta charset="utf-8"><title>乡镇安全生产台账</title>' +
            '<p style="font:16px sans-serif;margin:3em">请使用程序启动时显示的完整地址（含 token）打开本页面。</p>',
        )
        return
      }
    }
    const file = resolveStatic(opts.staticDir, isIndex ? '/index.html' : url.pathname)
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('未找到')
      return
    }
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'Cache-Control': isIndex ? 'no-store' : 'max-age=3600',
    })
    if (req.method === 'HEAD') return void res.end()
    fs.createReadStream(file)
      .on('error', (err) => failed(res, `reading ${file} failed`, err))
      .pipe(res)
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => {
      const addr = server.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      const names =
        host === '127.0.0.1' || host === 'localhost'
          ? ['127.0.0.1', 'localhost']
          : host === '::1'
            ? ['[::1]']
            : [host]
      allowedHosts = new Set(names.map((n) => `${n}:${port}`))
      allowedOrigins = new Set(names.map((n) => `http://${n}:${port}`))
      resolve({
        url: `http://${names[0]}:${port}/?token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r())
            server.closeAllConnections()
          }),
      })
    })
  })
}
