// The one typed client. Views call `call('enterprise.list', input)` and never see the transport:
// IPC through the preload bridge in the desktop app, POST /api/<name> in browser mode.
import type { Api, ApiName, ErrorCode, Result } from './types'

export type ClientErrorCode = ErrorCode | 'NETWORK'

export interface FieldIssue {
  field: string
  message: string
}

export const NETWORK_MESSAGE = '无法连接到本机服务，请确认程序仍在运行'
const BAD_RESPONSE_MESSAGE = '本机服务返回了无法识别的内容，请重新启动程序后再试'
const IPC_FAILED_MESSAGE = '程序内部通信失败，请重新启动程序后再试'
const TOKEN_KEY = 'ledger.token'

/** An `ok: false` result (or a failed transport) as an exception with the core's code and message. */
export class ApiError extends Error {
  readonly code: ClientErrorCode
  readonly details?: unknown

  constructor(code: ClientErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.details = details
  }

  /** Per-field messages from VALIDATION (and CONFLICT on a credit code). */
  get issues(): FieldIssue[] {
    const d = this.details
    if (typeof d !== 'object' || d === null || !('issues' in d) || !Array.isArray(d.issues)) return []
    return d.issues.filter(
      (i: unknown): i is FieldIssue =>
        typeof i === 'object' &&
        i !== null &&
        typeof (i as FieldIssue).field === 'string' &&
        typeof (i as FieldIssue).message === 'string',
    )
  }
}

export interface Transport {
  invoke(name: string, input: unknown): Promise<Result>
}

/** The desktop preload's bridge (typed by electron/preload/index.d.ts); absent in browser mode. */
export type LedgerBridge = NonNullable<Window['ledger']>

export function getBridge(): LedgerBridge | null {
  const bridge = typeof window === 'undefined' ? undefined : window.ledger
  return bridge && typeof bridge.invoke === 'function' ? bridge : null
}

function isResult(v: unknown): v is Result {
  if (typeof v !== 'object' || v === null || !('ok' in v)) return false
  if (v.ok === true) return 'data' in v
  if (v.ok !== false || !('error' in v)) return false
  const e = v.error
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e && typeof e.message === 'string'
}

/** Reactive proxies cannot cross IPC (structured clone) and must be plain JSON over HTTP anyway. */
function plain(input: unknown): unknown {
  return input === undefined ? {} : (JSON.parse(JSON.stringify(input)) as unknown)
}

export function createIpcTransport(bridge: LedgerBridge): Transport {
  return {
    async invoke(name, input) {
      let r: unknown
      try {
        // The bridge is typed per handler; this adapter forwards any name the client was given.
        const invoke = bridge.invoke as (n: string, i: unknown) => Promise<unknown>
        r = await invoke(name, plain(input))
      } catch {
        throw new ApiError('INTERNAL', IPC_FAILED_MESSAGE)
      }
      if (!isResult(r)) throw new ApiError('INTERNAL', IPC_FAILED_MESSAGE)
      return r
    },
  }
}

export function createHttpTransport(opts: { token: string; fetchImpl?: typeof fetch }): Transport {
  const doFetch = opts.fetchImpl ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  return {
    async invoke(name, input) {
      let res: Response
      try {
        res = await doFetch(`/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Ledger-Token': opts.token },
          body: JSON.stringify(plain(input)),
        })
      } catch {
        throw new ApiError('NETWORK', NETWORK_MESSAGE)
      }
      let body: unknown
      try {
        body = await res.json()
      } catch {
        throw new ApiError('INTERNAL', `${BAD_RESPONSE_MESSAGE}（HTTP ${res.status}）`)
      }
      if (!isResult(body)) throw new ApiError('INTERNAL', `${BAD_RESPONSE_MESSAGE}（HTTP ${res.status}）`)
      return body
    },
  }
}

/**
 * Browser mode is opened at /?token=…; the token stays in the address (the server needs it to
 * serve index.html again on reload) and is kept in sessionStorage for this tab as well.
 */
export function readToken(search: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null): string {
  const fromUrl = new URLSearchParams(search).get('token')
  if (fromUrl) {
    try {
      storage?.setItem(TOKEN_KEY, fromUrl)
    } catch {
      // Storage can be disabled by policy; the token in the address is enough.
    }
    return fromUrl
  }
  try {
    return storage?.getItem(TOKEN_KEY) ?? ''
  } catch {
    return ''
  }
}

function safeSessionStorage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null
  } catch {
    return null
  }
}

/** Picks the transport once: IPC when the preload bridge exists, HTTP otherwise. */
export function detectTransport(): Transport {
  const bridge = getBridge()
  if (bridge) return createIpcTransport(bridge)
  return createHttpTransport({ token: readToken(globalThis.location?.search ?? '', safeSessionStorage()) })
}

export type CallArgs<K extends ApiName> = undefined extends Api[K]['input']
  ? [input?: Api[K]['input']]
  : [input: Api[K]['input']]

export type Call = <K extends ApiName>(name: K, ...args: CallArgs<K>) => Promise<Api[K]['output']>

export function createClient(transport: Transport): Call {
  return async (name, ...args) => {
    const r = await transport.invoke(name, args[0])
    if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.details)
    return r.data as Api[typeof name]['output']
  }
}

let current: Call | null = null
const afterCalls: Array<{ names: ReadonlySet<string>; fn: () => void }> = []

/**
 * Runs fn after every successful call of one of these handlers, whichever screen made it (the header
 * refreshes its 操作人员 list when 本单位人员 change or the demo data is loaded). Returns an unsubscribe.
 */
export function afterCall(names: readonly ApiName[], fn: () => void): () => void {
  const entry = { names: new Set<string>(names), fn }
  afterCalls.push(entry)
  return () => {
    const i = afterCalls.indexOf(entry)
    if (i >= 0) afterCalls.splice(i, 1)
  }
}

/** Calls a core handler by name; throws ApiError with the core's Chinese message on failure. */
export async function call<K extends ApiName>(name: K, ...args: CallArgs<K>): Promise<Api[K]['output']> {
  current ??= createClient(detectTransport())
  const out = await current(name, ...args)
  for (const a of afterCalls) if (a.names.has(name)) a.fn()
  return out
}

/** Tests replace the transport (component tests use a fake core). */
export function setTransport(transport: Transport | null): void {
  current = transport ? createClient(transport) : null
}

/** The message to show a clerk for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message
  return '操作未完成：程序出现意外错误，请重试；如仍失败，请重新启动程序'
}

/**
 * The message for a failed file step: the page's own file checks (a file too large to read, an
 * unreadable file) throw a plain Error whose Chinese message says what to do; the core's
 * refusals are ApiErrors; anything else is unexpected.
 */
export function fileErrorMessage(err: unknown): string {
  return err instanceof Error && !(err instanceof ApiError) ? err.message : errorMessage(err)
}
