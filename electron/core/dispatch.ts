import { API_NAMES, handlers, isApiName } from './contract'
import type { Ctx } from './context'
import { AppError, toPayload, type ErrorPayload } from './errors'
import { LOCK_FREE } from './audit/lock'
// zod's messages in Chinese for every schema the core validates with
import './shared/zod-zh'

export type Result<T = unknown> = { ok: true; data: T } | { ok: false; error: ErrorPayload }

export type Dispatch = (name: string, input: unknown) => Promise<Result>

/** Validates the input with the handler's zod schema, runs it, and never throws. */
export function createDispatch(ctx: Ctx): Dispatch {
  return async (name, input) => {
    if (typeof name !== 'string' || !isApiName(name)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_HANDLER', message: '程序调用了不存在的功能，请升级或重新安装本程序' },
      }
    }
    if (ctx.locked && !LOCK_FREE.has(name))
      return { ok: false, error: { code: 'LOCKED', message: '程序已锁定，请选择操作人员并输入密码解锁' } }
    const h = handlers[name]
    const parsed = h.input.safeParse(input)
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({
        field: i.path.map(String).join('.') || '_',
        message: i.message,
      }))
      ctx.log.info(`validation failed for ${name}: ${JSON.stringify(issues).slice(0, 500)}`)
      return {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: issues[0]?.message ?? '输入有误，请检查后重试',
          details: { issues },
        },
      }
    }
    try {
      // Each handler gets its own parsed input; the union of handler types is erased here on purpose.
      const run = h.run as (c: Ctx, i: unknown) => unknown
      return { ok: true, data: await run(ctx, parsed.data) }
    } catch (err) {
      if (!(err instanceof AppError)) ctx.log.error(`handler ${name} failed`, err)
      return { ok: false, error: toPayload(err) }
    }
  }
}

export { API_NAMES }
