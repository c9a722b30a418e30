// npm run dev: electron-vite's dev server with hot reload when Electron is installed; otherwise
// one build plus the browser mode (no watching: re-run after changing code). Arguments pass through.
import { cliScript, electronBinary, electronViteBin, mustRunNode, nativeScript, run } from './lib/runtime.mjs'

const args = process.argv.slice(2)

if (electronBinary()) {
  if ((await run(process.execPath, [nativeScript])) === 0) {
    process.exit(await run(process.execPath, [electronViteBin(), 'dev', ...args]))
  }
  console.error(
    'Electron 版数据库组件不可用——改为浏览器模式。Electron build of better-sqlite3 unavailable; using browser mode.',
  )
} else {
  console.log(
    '未找到 Electron 运行时（离线环境无法下载）——改为构建一次并启动浏览器模式，不自动重新构建，改代码后请重新运行 npm run dev。' +
      'Electron runtime not installed; building once and starting browser mode (no watch: re-run npm run dev after changes).',
  )
}
await mustRunNode(electronViteBin(), ['build'])
process.exit(await run(process.execPath, [cliScript, 'serve', ...args]))
