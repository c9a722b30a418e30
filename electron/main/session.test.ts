import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({ protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() } }))

import { hardenSession, isAllowedRequestUrl } from './session'

describe('isAllowedRequestUrl', () => {
  it.each([
    'app://local/index.html',
    'app://local/assets/index.js',
    'devtools://devtools/bundled/inspector.html',
    'data:image/png;base64,AAAA',
    'blob:app://local/1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  ])('allows %s', (url) => {
    expect(isAllowedRequestUrl(url, null)).toBe(true)
  })

  it.each([
    'https://example.com/',
    'http://127.0.0.1:8080/api/x',
    'http://localhost:5173/',
    'ws://localhost:5173/',
    'file:///etc/passwd',
    'ftp://example.com/x',
    'chrome://gpu',
    'not a url',
  ])('cancels %s outside dev', (url) => {
    expect(isAllowedRequestUrl(url, null)).toBe(false)
  })

  it('allows only the dev server (and its HMR socket) in dev', () => {
    const dev = 'http://localhost:5173'
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.ts', dev)).toBe(true)
    expect(isAllowedRequestUrl('ws://localhost:5173/?token=x', dev)).toBe(true)
    expect(isAllowedRequestUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAllowedRequestUrl('ws://localhost:9229/', dev)).toBe(false)
    expect(isAllowedRequestUrl('http://x@localhost:5173/', dev)).toBe(false)
    expect(isAllowedRequestUrl('https://example.com/', dev)).toBe(false)
  })
})

describe('hardenSession', () => {
  function fakeSession() {
    return {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setSpellCheckerEnabled: vi.fn(),
      webRequest: { onBeforeRequest: vi.fn() },
    }
  }

  it('denies every permission request and check', () => {
    const ses = fakeSession()
    hardenSession(ses as never, null)
    const request = ses.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      wc: unknown,
      p: string,
      cb: (ok: boolean) => void,
    ) => void
    for (const perm of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      const cb = vi.fn()
      request({}, perm, cb)
      expect(cb).toHaveBeenCalledWith(false)
    }
    const check = ses.setPermissionCheckHandler.mock.calls[0]?.[0] as (...a: unknown[]) => boolean
    expect(check({}, 'media', 'app://local', {})).toBe(false)
    expect(ses.setSpellCheckerEnabled).toHaveBeenCalledWith(false)
  })

  it('cancels foreign requests and lets ours through', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const ses = fakeSession()
    hardenSession(ses as never, null)
    const filter = ses.webRequest.onBeforeRequest.mock.calls[0]?.[0] as (
      d: { url: string },
      cb: (r: unknown) => void,
    ) => void
    const cb = vi.fn()
    filter({ url: 'https://example.com/track.js' }, cb)
    filter({ url: 'app://local/index.html' }, cb)
    expect(cb.mock.calls).toEqual([[{ cancel: true }], [{ cancel: false }]])
  })
})
