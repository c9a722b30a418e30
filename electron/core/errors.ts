/** Stable error codes that cross the transport boundary. Messages are Chinese and actionable. */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNKNOWN_HANDLER'
  | 'DB_TOO_NEW'
  | 'DB_CORRUPT'
  | 'DB_BUSY'
  | 'DISK_FULL'
  | 'READ_ONLY'
  | 'EXCEL_FORMAT'
  | 'FORBIDDEN'
  | 'LOCKED'
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

const NOT_SAVED = '本次操作未完成，数据未被修改。'

/**
 * What the clerk can do something about, said in Chinese: another writer, a full disk, a read-only
 * or missing folder, a damaged file. Recognised by the SQLite result code (better-sqlite3's
 * SqliteError.code, extended codes included) or the Node system error code. null: not one of these.
 */
export function fromSystemError(err: unknown): AppError | null {
  if (err instanceof AppError) return err
  if (!(err instanceof Error)) return null
  // (an AppError from another copy of this module, e.g. another bundle)
  if (err.name === 'AppError' && 'code' in err) return err as AppError
  const e = err as NodeJS.ErrnoException
  const code = typeof e.code === 'string' ? e.code : ''
  const where = e.path ? `“${e.path}”` : '数据文件夹'
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new AppError(
      'DB_BUSY',
      `另一个窗口或程序正在写入数据（例如正在导入），${NOT_SAVED}请稍等片刻后重试；如果一直这样，请关闭其他打开本台账的窗口或命令行程序。`,
    )
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT')
    return new AppError(
      'DISK_FULL',
      `磁盘空间已满，${NOT_SAVED}请清理数据所在的磁盘（删除不需要的文件，或把旧备份移到别处）后重试。`,
    )
  if (code.startsWith('SQLITE_READONLY'))
    return new AppError(
      'READ_ONLY',
      `数据文件不能写入（文件被设为只读、所在文件夹没有写入权限，或被其他程序锁定），${NOT_SAVED}请检查数据文件夹的权限，取消文件的“只读”属性，或关闭占用它的程序后重试。`,
    )
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new AppError(
      'READ_ONLY',
      `无法写入${where}：没有写入权限，或所在磁盘是只读的（例如写保护的U盘、光盘）。${NOT_SAVED}请检查文件夹权限，或用 --data-dir 换一个可以写入的数据文件夹。`,
    )
  if (code === 'EBUSY')
    return new AppError(
      'DB_BUSY',
      `${where}正被其他程序占用（例如杀毒软件或备份软件），${NOT_SAVED}请稍后重试，或关闭占用它的程序。`,
    )
  if (code === 'ENOENT' && e.syscall === 'mkdir')
    return new AppError(
      'READ_ONLY',
      `无法创建文件夹${where}：所在的磁盘或上级文件夹不存在（例如U盘已拔出）。${NOT_SAVED}请插好磁盘或换一个数据文件夹后重试。`,
    )
  if (code === 'SQLITE_CANTOPEN')
    return new AppError(
      'READ_ONLY',
      `无法打开数据文件：所在文件夹不存在、没有权限，或磁盘已拔出。${NOT_SAVED}请检查数据文件夹后重试。`,
    )
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return new AppError(
      'DB_CORRUPT',
      `数据文件已损坏，${NOT_SAVED}请不要继续修改数据，从“backups”文件夹中最近的备份恢复，或联系技术人员。`,
    )
  if (code.startsWith('SQLITE_IOERR'))
    return new AppError(
      'INTERNAL',
      `读写磁盘时出错（磁盘可能有故障，或U盘、移动硬盘已拔出），${NOT_SAVED}请检查磁盘后重试，并尽快备份数据。`,
    )
  return null
}

/** Anything that is not an AppError (or a known system error) becomes INTERNAL; its stack goes to the log only. */
export function toPayload(err: unknown): ErrorPayload {
  const known = fromSystemError(err)
  if (known) return known.toPayload()
  return { code: 'INTERNAL', message: '程序内部错误，操作未完成，数据未被修改。详细信息已写入日志文件。' }
}
