// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { reactive } from 'vue'
import {
  ApiError,
  NETWORK_MESSAGE,
  call,
  createClient,
  createHttpTransport,
  createIpcTransport,
  readToken,
  setTransport,
  type LedgerBridge,
} from './client'

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) }
}

afterEach(() => {
  setTransport(null)
  delete (window as { ledger?: unknown }).ledger
})

describe('HTTP transport (browser mode)', () => {
  it('posts JSON to /api/<name> with the launch token and returns the data', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () =>
      jsonResponse({ ok: true, data: { rows: [], total: 0 } }),
    )
    const api = createClient(createHttpTransport({ token: 'tok_123', fetchImpl }))

    const out = await api('enterprise.list', { page: 2, riskLevels: ['major'] })

    expect(out).toEqual({ rows: [], total: 0 })
    const [url, init] = fetchImpl.mock.calls[0] ?? []
    expect(url).toBe('/api/enterprise.list')
    expect(init?.method).toBe('POST')
    expect(new Headers(init?.headers).get('X-Ledger-Token')).toBe('tok_123')
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/json')
    expect(JSON.parse(String(init?.body))).toEqual({ page: 2, riskLevels: ['major'] })
  })

  it('sends {} when a handler takes no input', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () =>
      jsonResponse({ ok: true, data: { townshipName: '', officeName: '' } }),
    )
    await createClient(createHttpTransport({ token: 't', fetchImpl }))('settings.get')
    expect(fetchImpl.mock.calls[0]?.[1]?.body).toBe('{}')
  })

  it('turns an ok:false envelope into an ApiError with the core’s Chinese message and field issues', async () => {
    const message = '统一社会信用代码第18位校验码应为 G，请核对营业执照'
    const fetchImpl = vi.fn<typeof fetch>(async () =>
      jsonResponse({
        ok: false,
        error: { code: 'VALIDATION', message, details: { issues: [{ field: 'creditCode', message }] } },
      }),
    )
    const api = createClient(createHttpTransport({ token: 't', fetchImpl }))

    const err = await api('enterprise.create', { data: {} }).catch((e: unknown) => e)

    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'VALIDATION', message })
    expect((err as ApiError).issues).toEqual([{ field: 'creditCode', message }])
  })

  it('reports a refused request (wrong token) with the server’s message', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () =>
      jsonResponse(
        {
          ok: false,
          error: { code: 'FORBIDDEN', message: '拒绝访问：缺少或错误的访问令牌，请使用启动时显示的地址打开' },
        },
        401,
      ),
    )
    const err = await createClient(createHttpTransport({ token: 'bad', fetchImpl }))('settings.get').catch(
      (e: unknown) => e,
    )
    expect(err).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('访问令牌') })
  })

  it('says the local service cannot be reached when the network call fails', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => {
      throw new TypeError('Failed to fetch')
    })
    const err = await createClient(createHttpTransport({ token: 't', fetchImpl }))('dashboard.summary').catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'NETWORK', message: NETWORK_MESSAGE })
    expect(NETWORK_MESSAGE).toBe('无法连接到本机服务，请确认程序仍在运行')
  })

  it('does not show raw HTML or English when the response is not JSON', async () => {
    const fetchImpl = vi.fn<typeof fetch>(
      async () => new Response('<html>Bad Gateway</html>', { status: 502 }),
    )
    const err = await createClient(createHttpTransport({ token: 't', fetchImpl }))('dashboard.summary').catch(
      (e: unknown) => e,
    )
    expect(err).toMatchObject({ code: 'INTERNAL' })
    expect((err as Error).message).toMatch(/^本机服务返回了无法识别的内容/)
    expect((err as Error).message).not.toContain('Bad Gateway')
  })
})

describe('token', () => {
  it('takes the token from ?token= and keeps it for this tab', () => {
    const storage = memoryStorage()
    expect(readToken('?token=abc_DEF-1', storage)).toBe('abc_DEF-1')
    expect(storage.data.get('ledger.token')).toBe('abc_DEF-1')
    expect(readToken('', storage)).toBe('abc_DEF-1')
  })

  it('is empty when neither the address nor the tab has one', () => {
    expect(readToken('?x=1', memoryStorage())).toBe('')
  })
})

describe('transport selection', () => {
  it('uses the preload bridge when window.ledger exists, with plain (cloneable) input', async () => {
    const invoke = vi.fn(async () => ({ ok: true, data: { changed: 2 } }))
    const bridge = {
      invoke,
      openFile: vi.fn(),
      saveFile: vi.fn(),
      isDesktop: true,
    } as unknown as LedgerBridge
    ;(window as { ledger?: unknown }).ledger = bridge
    const fetchSpy = vi.spyOn(globalThis, 'fetch')

    const ids = reactive([3, 4])
    const out = await call('enterprise.remove', { ids })

    expect(out).toEqual({ changed: 2 })
    expect(fetchSpy).not.toHaveBeenCalled()
    const sent = (invoke.mock.calls[0] as unknown[] | undefined)?.[1] as { ids: number[] }
    expect(sent).toEqual({ ids: [3, 4] })
    // A Vue proxy cannot cross IPC (structured clone); the client must send a plain copy.
    expect(sent.ids).not.toBe(ids)
    fetchSpy.mockRestore()
  })

  it('reports a broken IPC answer as an error instead of crashing', async () => {
    const bridge = {
      invoke: vi.fn(async () => undefined),
      openFile: vi.fn(),
      saveFile: vi.fn(),
      isDesktop: true,
    } as unknown as LedgerBridge
    const err = await createClient(createIpcTransport(bridge))('settings.get').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as Error).message).toContain('重新启动程序')
  })
})
