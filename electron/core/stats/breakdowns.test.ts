import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { memoryCore, ok } from '../test/helpers'

// 统计's hazards by 类别 and by 行业: every number is the size of the list it opens.

interface Row {
  name: string
  hazards: number
  route: { name: string; query: Record<string, string | string[]> }
}

let core: Core | null = null
afterEach(() => {
  core?.close()
  core = null
})

describe('hazards by category and by industry', () => {
  it('counts each group once and opens exactly those hazards', async () => {
    core = await memoryCore()
    await ok(core, 'demo.load')
    const s = await ok<{ categories: Row[]; industries: Row[]; values: { key: string; value: number }[] }>(
      core,
      'stats.compute',
      { from: '2026-01-01', to: '2026-12-31' },
    )
    const found = s.values.find((v) => v.key === 'hazards')?.value ?? -1
    expect(found).toBeGreaterThan(0)
    expect(s.categories.length).toBeGreaterThan(1)
    expect(s.industries.length).toBeGreaterThan(1)
    // largest first; every enterprise hazard of the period in exactly one industry (the demo's
    // enterprises all have one; an outlet's hazards have none), every categorised one in one category
    expect(s.categories.map((c) => c.hazards)).toEqual(
      [...s.categories.map((c) => c.hazards)].sort((a, b) => b - a),
    )
    const db = core.ctx.db
    const count = (where: string) =>
      db
        .prepare(
          `SELECT count(*) FROM hazards WHERE found_on BETWEEN '2026-01-01' AND '2026-12-31' AND deleted_at IS NULL AND ${where}`,
        )
        .pluck()
        .get() as number
    expect(s.industries.reduce((a, i) => a + i.hazards, 0)).toBe(count('enterprise_id IS NOT NULL'))
    expect(s.categories.reduce((a, c) => a + c.hazards, 0)).toBe(count("coalesce(category, '') <> ''"))
    expect(count('1')).toBe(found)
    for (const row of [...s.categories, ...s.industries]) {
      const q = row.route.query
      const listed = await ok<{ total: number }>(core, 'hazard.list', {
        filters: {
          foundOn: { from: q['f.foundOn.from'], to: q['f.foundOn.to'] },
          ...(q['f.category'] ? { category: { in: [q['f.category']].flat() } } : {}),
          ...(q['f.industryId'] ? { industryId: { in: [q['f.industryId']].flat().map(Number) } } : {}),
        },
      })
      expect(listed.total, row.name).toBe(row.hazards)
    }
  })
})
