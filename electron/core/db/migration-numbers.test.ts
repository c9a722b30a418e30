import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from './migrations'

// Two branches landing the same number would leave one migration silently unapplied (the runner
// skips a version it has already reached).
describe('migration files', () => {
  it('are numbered 1, 2, 3 … without a gap or a repeat', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
  })
})
