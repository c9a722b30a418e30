// `npm run cli -- <command>` (and `npm run demo`): builds once if needed, then runs the CLI.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const cli = path.join(root, 'out', 'main', 'cli.js')
if (!fs.existsSync(cli)) {
  console.error('首次运行，正在构建程序……')
  const b = spawnSync(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  })
  if (b.status !== 0) process.exit(b.status ?? 1)
}
const r = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(r.status ?? 1)
