import fs from 'node:fs'
import path from 'node:path'
import { protocol } from 'electron'

// The built renderer is served from a privileged custom scheme instead of file:// (security
// checklist item 18). Only files under out/renderer are reachable.

export const APP_SCHEME = 'app'
export const APP_HOST = 'local'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** Element Plus sets inline style attributes, hence 'unsafe-inline' for styles only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
}

/**
 * Origin of a URL as the app compares it. Node's WHATWG URL reports origin "null" for
 * non-special schemes such as app:, so the origin is built from protocol and host here.
 * URLs with credentials are never trusted. Returns null for anything unparsable or opaque.
 */
export function originOf(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url === '') return null
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.username !== '' || u.password !== '') return null
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin
  if (u.protocol === `${APP_SCHEME}:`) return u.host === '' ? null : `${u.protocol}//${u.host}`
  return null
}

/**
 * The dev server URL electron-vite passes in ELECTRON_RENDERER_URL, only when the app is not
 * packaged and only if it points at this machine. A packaged app ignores the variable entirely.
 */
export function devServerUrl(isPackaged: boolean, env: NodeJS.ProcessEnv = process.env): string | null {
  if (isPackaged) return null
  const raw = env['ELECTRON_RENDERER_URL']
  if (!raw) return null
  try {
    const u = new URL(raw)
    const local = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]'
    return (u.protocol === 'http:' || u.protocol === 'https:') && local ? raw : null
  } catch {
    return null
  }
}

/** Origins allowed to navigate, call IPC and load resources: our scheme, plus the dev server in dev. */
export function allowedOrigins(devUrl: string | null): string[] {
  const dev = originOf(devUrl)
  return dev ? [APP_ORIGIN, dev] : [APP_ORIGIN]
}

/**
 * Maps an app://local/... request URL to a file under rootDir, or null if the URL is not ours or
 * would leave rootDir. Pure: it does not touch the file system (symlinks are checked when serving).
 */
export function resolveRendererPath(rootDir: string, requestUrl: string): string | null {
  if (hasDotSegment(requestUrl)) return null
  let u: URL
  try {
    u = new URL(requestUrl)
  } catch {
    return null
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username !== '' || u.password !== '')
    return null
  // Work on the raw (still percent-encoded) path so encoded separators cannot hide inside a segment.
  // Chromium canonicalises standard schemes to "/" at least; Node leaves non-special paths empty.
  const raw = u.pathname === '' ? '/' : u.pathname
  if (!raw.startsWith('/') || raw.includes('\\')) return null
  const segments: string[] = []
  const parts = raw.slice(1).split('/')
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string
    if (part === '') {
      // Only a trailing slash (directory index) is allowed to produce an empty segment.
      if (i === parts.length - 1) break
      return null
    }
    let seg: string
    try {
      seg = decodeURIComponent(part)
    } catch {
      return null
    }
    if (seg === '.' || seg === '..' || /[/\\:]/.test(seg) || hasControlChar(seg)) return null
    segments.push(seg)
  }
  if (segments.length === 0 || raw.endsWith('/')) segments.push('index.html')
  const root = path.resolve(rootDir)
  const full = path.resolve(root, ...segments)
  const rel = path.relative(root, full)
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null
  return full
}

/** NUL and other C0 control characters never belong in a file name. */
export function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x20 || s.charCodeAt(i) === 0x7f) return true
  return false
}

/**
 * True if the raw URL's path has a "." or ".." segment, plain or percent-encoded. The URL parser
 * would silently normalise these away; a request that tries them is refused outright instead.
 */
function hasDotSegment(requestUrl: string): boolean {
  const afterAuthority = requestUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*/i, '')
  const rawPath = afterAuthority.split(/[?#]/, 1)[0] ?? ''
  return rawPath.split(/[/\\]/).some((seg) => /^(?:\.|%2e){1,2}$/i.test(seg))
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file)
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
}

function textResponse(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    },
  })
}

/** Serves one request for the app scheme from rootDir, with the CSP header on every response. */
export async function serveRendererFile(
  rootDir: string,
  request: { url: string; method?: string },
): Promise<Response> {
  const method = (request.method ?? 'GET').toUpperCase()
  if (method !== 'GET' && method !== 'HEAD') return textResponse(405, 'Method Not Allowed')
  const file = resolveRendererPath(rootDir, request.url)
  if (!file) return textResponse(404, 'Not Found')
  let data: Buffer
  try {
    // realpathSync is asar-aware in Electron; it defeats symlinks that point outside the renderer dir.
    const realRoot = fs.realpathSync(path.resolve(rootDir))
    const realFile = fs.realpathSync(file)
    if (!isInside(realRoot, realFile)) return textResponse(404, 'Not Found')
    data = await fs.promises.readFile(realFile)
  } catch {
    return textResponse(404, 'Not Found')
  }
  const headers = {
    'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  }
  return new Response(method === 'HEAD' ? null : new Uint8Array(data), { status: 200, headers })
}

/** Must run before app 'ready'. No bypassCSP: the scheme obeys the page's CSP like any origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** Installs the app:// handler (after 'ready') serving rendererDir. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(rendererDir, request))
}

/** The URL the main window loads: the dev server in dev, otherwise our scheme. */
export function rendererEntryUrl(devUrl: string | null): string {
  return devUrl ?? APP_ENTRY_URL
}
