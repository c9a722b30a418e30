import { AppError } from '../errors'

/** A file that cannot be read as a ledger: the message says what and how to fix it. */
export function excelError(message: string, details?: unknown): AppError {
  return new AppError('EXCEL_FORMAT', message, details)
}
