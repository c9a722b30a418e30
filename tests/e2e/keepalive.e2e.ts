import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, runNode, startServer, type Server } from './harness'

// A CLI run (a print, an import) used to block this process in spawnSync: the HTTP client's timers
// stopped, its pooled keep-alive socket outlived the server's 5-second keep-alive, and the next API
// call failed with "other side closed". The runner must leave the event loop running.

let server: Server
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.stop()
})

describe('e2e harness', () => {
  it('keeps the event loop running while a child process runs', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 50)
    try {
      const r = await runNode(['-e', 'setTimeout(() => process.stdout.write("done"), 1000)'])
      expect(r.stdout).toBe('done')
    } finally {
      clearInterval(timer)
    }
    expect(ticks).toBeGreaterThanOrEqual(10)
  })

  it('API calls work after a child process that outlasts the keep-alive timeout', async () => {
    await api(server, 'system.info')
    await runNode(['-e', 'setTimeout(() => {}, 5200)'])
    const info = await api<{ schemaVersion: number }>(server, 'system.info')
    expect(info.schemaVersion).toBeGreaterThan(0)
  })
})
