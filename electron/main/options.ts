import path from 'node:path'

/**
 * Data directory: `--data-dir=<path>` (or `--data-dir <path>`) wins, then LEDGER_DATA_DIR, then
 * the default (Electron's userData). Relative paths resolve against the working directory.
 */
export function resolveDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, defaultDir: string): string {
  let fromArg: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    if (a.startsWith('--data-dir=')) fromArg = a.slice('--data-dir='.length)
    else if (a === '--data-dir' && i + 1 < argv.length && !String(argv[i + 1]).startsWith('--'))
      fromArg = argv[i + 1]
  }
  const chosen = [fromArg, env['LEDGER_DATA_DIR'], defaultDir].find(
    (d) => typeof d === 'string' && d.trim() !== '',
  )
  return path.resolve(chosen as string)
}
