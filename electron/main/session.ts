import type { Session } from 'electron'
import { APP_SCHEME, originOf } from './protocol'

// Session hardening (security checklist items 1, 5 and "spell-checker offline").

const ALWAYS_ALLOWED_SCHEMES = new Set([`${APP_SCHEME}:`, 'devtools:', 'data:', 'blob:'])

/**
 * Which requests may leave the renderer: only our scheme, devtools, data: and blob:, plus the dev
 * server (http and its HMR websocket) in dev. Everything else is cancelled.
 */
export function isAllowedRequestUrl(url: string, devOrigin: string | null): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (ALWAYS_ALLOWED_SCHEMES.has(u.protocol)) return true
  if (!devOrigin) return false
  if (u.protocol === 'http:' || u.protocol === 'https:') return originOf(url) === devOrigin
  if (u.protocol === 'ws:' || u.protocol === 'wss:') {
    const asHttp = `${u.protocol === 'ws:' ? 'http:' : 'https:'}//${u.host}`
    return u.username === '' && u.password === '' && asHttp === devOrigin
  }
  return false
}

/** Denies every permission, disables the spell checker and filters outgoing requests. */
export function hardenSession(ses: Session, devOrigin: string | null): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setSpellCheckerEnabled(false)
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url, devOrigin)
    if (!allowed) console.warn(`[security] cancelled request to ${details.url.slice(0, 200)}`)
    callback({ cancel: !allowed })
  })
}
