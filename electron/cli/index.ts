import path from 'node:path'
import { runCli } from './commands'

// Entry of the command-line tool (built to out/main/cli.js; package bin safety-ledger).

// `safety-ledger list enterprises --json | head`: the reader went away; stop quietly.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0)
    throw err
  })
runCli(
  process.argv.slice(2),
  { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) },
  { staticDir: path.join(__dirname, '../renderer'), workerFile: path.join(__dirname, 'excel-worker.js') },
).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`程序内部错误：${err instanceof Error ? err.message : String(err)}\n`)
    process.exitCode = 1
  },
)
