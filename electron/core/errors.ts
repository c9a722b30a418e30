/** Stable error codes that cross the transport boundary. Messages are Chinese and actionable. */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNKNOWN_HANDLER'
  | 'DB_TOO_NEW'
  | 'DB_CORRUPT'
  | 'EXCEL_FORMAT'
  | 'FORBIDDEN'
  | 'INTERNAL'

export interface FieldIssue {
  /** Dotted field path, e.g. "creditCode". */
  field: string
  message: string
}

export interface ErrorPayload {
  code: ErrorCode
  message: string
  details?: unknown
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

export function validationError(issues: FieldIssue[], message?: string): AppError {
  const first = issues[0]
  return new AppError('VALIDATION', message ?? (first ? first.message : '输入有误，请检查后重试'), { issues })
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what}不存在或已被删除，请刷新后重试`)
}

/** Anything that is not an AppError becomes INTERNAL; its stack goes to the log only. */
export function toPayload(err: unknown): ErrorPayload {
  if (err instanceof AppError) return err.toPayload()
  return { code: 'INTERNAL', message: '程序内部错误，操作未完成，数据未被修改。详细信息已写入日志文件。' }
}
