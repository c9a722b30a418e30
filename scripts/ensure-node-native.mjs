// Makes sure better-sqlite3's Node build loads. Our Electron build never overwrites it (it lives
// in .native/), but a manual `electron-rebuild` or a Node upgrade can; then rebuild it once.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

function loads() {
  try {
    const Database = require('better-sqlite3')
    new Database(':memory:').close()
    return true
  } catch (err) {
    return err
  }
}

const first = loads()
if (first === true) process.exit(0)
console.log(`better-sqlite3 的 Node 版本无法加载（${first.message.split('\n')[0]}），正在重新编译……`)
const r = spawnSync('npm', ['rebuild', 'better-sqlite3'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
if (r.status !== 0 || loads() !== true) {
  console.error(
    'better-sqlite3 重新编译失败。请确认已安装 Python 3 和 C++ 编译工具后运行 npm rebuild better-sqlite3。',
  )
  process.exit(1)
}
console.log('better-sqlite3 已为 Node 重新编译。')
