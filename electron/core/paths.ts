import os from 'node:os'
import path from 'node:path'

export const APP_DIR_NAME = '乡镇安全生产台账'

/**
 * The data directory Electron would use as userData (the productName under the platform's
 * app-data folder), so the CLI, the browser mode and the desktop app share one database by
 * default. LEDGER_DATA_DIR or --data-dir override it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.LEDGER_DATA_DIR) return path.resolve(env.LEDGER_DATA_DIR)
  const home = os.homedir()
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME)
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME)
}
