import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli } from './commands'

// The CLI tells the clerk (and a script reading --json) why it could not work, in Chinese.

async function run(argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { staticDir: '/nonexistent' },
  )
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('cli error messages', () => {
  it.runIf(process.platform === 'linux' && fs.existsSync('/sys/fs'))(
    'a data folder that cannot be written: a Chinese reason on stderr, and on stdout with --json',
    async () => {
      const r = await run(['list', 'enterprises', '--json', '--data-dir', '/sys/fs/台账-cli-test'])
      expect(r.code).toBe(1)
      expect(r.err).toMatch(/无法写入.*--data-dir/)
      expect(JSON.parse(r.out).error).toMatch(/无法写入/)
    },
  )
})
