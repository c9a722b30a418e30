/** Polls until `check` returns a truthy value (playwright-core has no `expect`). */
export async function waitUntil<T>(check: () => Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  const start = Date.now()
  let last: unknown
  for (;;) {
    try {
      const v = await check()
      if (v) return v
      last = v
    } catch (err) {
      last = err
    }
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what} (last: ${String(last)})`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
