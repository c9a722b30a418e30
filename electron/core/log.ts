import fs from 'node:fs'
import path from 'node:path'

export interface Logger {
  info(msg: string): void
  error(msg: string, err?: unknown): void
  readonly file: string | null
}

/** Appends to <dataDir>/logs/app.log; stack traces live here and never reach the UI. */
export function createLogger(dataDir: string | null, now: () => Date): Logger {
  const file = dataDir ? path.join(dataDir, 'logs', 'app.log') : null
  const write = (level: string, msg: string): void => {
    const line = `${now().toISOString()} ${level} ${msg}\n`
    if (!file) {
      if (level === 'ERROR' && process.env.VITEST === undefined) process.stderr.write(line)
      return
    }
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.appendFileSync(file, line)
    } catch {
      process.stderr.write(line)
    }
  }
  return {
    file,
    info: (msg) => write('INFO', msg),
    error: (msg, err) =>
      write(
        'ERROR',
        `${msg}${err instanceof Error ? `\n${err.stack ?? err.message}` : err ? ` ${String(err)}` : ''}`,
      ),
  }
}
