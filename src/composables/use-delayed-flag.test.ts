import { describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useDelayedFlag } from './use-delayed-flag'

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('useDelayedFlag', () => {
  it('turns on only after the source stayed on for the delay, and off at once', async () => {
    const busy = ref(false)
    const scope = effectScope()
    const shown = scope.run(() => useDelayedFlag(() => busy.value, 60))
    if (!shown) throw new Error('no flag')

    busy.value = true
    await nextTick()
    await wait(20)
    expect(shown.value).toBe(false)
    await wait(70)
    expect(shown.value).toBe(true)
    busy.value = false
    await nextTick()
    expect(shown.value).toBe(false)

    // Work that ends before the delay never shows.
    busy.value = true
    await nextTick()
    busy.value = false
    await nextTick()
    await wait(90)
    expect(shown.value).toBe(false)
    scope.stop()
  })
})
