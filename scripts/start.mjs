// npm start: build everything, then run the desktop app, or the browser mode when the Electron
// binary is missing (offline machines cannot download it). Extra arguments pass through.
import {
  cliScript,
  electronBinary,
  electronViteBin,
  mustRunNode,
  nativeScript,
  NO_ELECTRON_LINE,
  run,
} from './lib/runtime.mjs'

const args = process.argv.slice(2)

await mustRunNode(electronViteBin(), ['build'])

const electron = electronBinary()
if (electron) {
  if ((await run(process.execPath, [nativeScript])) === 0) {
    process.exit(await run(electron, ['.', ...args]))
  }
  console.error(
    'Electron 版数据库组件不可用——改为启动浏览器模式。Electron build of better-sqlite3 unavailable; starting browser mode instead.',
  )
} else {
  console.log(NO_ELECTRON_LINE)
}
process.exit(await run(process.execPath, [cliScript, 'serve', ...args]))
