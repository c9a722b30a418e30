import { describe, expect, it } from 'vitest'
import { emptyFilters, hasFilters, parseListQuery, toListInput, toRouteQuery } from './list-query'

describe('list filters in the route query', () => {
  it('a 工作台 link (riskLevels=major) lists exactly the major-risk enterprises', () => {
    const f = parseListQuery({ riskLevels: 'major' })
    expect(toListInput(f)).toEqual({ page: 1, pageSize: 20, deleted: false, riskLevels: ['major'] })
  })

  it('reads repeated and comma-separated values and drops anything not in the ledger', () => {
    const f = parseListQuery({
      villageIds: ['3', '5,x', '-1'],
      riskLevels: ['major', 'purple'],
      flags: 'hazchem,dust',
      statuses: 'operating',
      pageSize: '37',
      page: '0',
      sort: 'dropTable',
      order: 'asc',
    })
    expect(f.villageIds).toEqual([3, 5])
    expect(f.riskLevels).toEqual(['major'])
    expect(f.flags).toEqual(['hazchem', 'dust'])
    expect(f.statuses).toEqual(['operating'])
    expect(f.pageSize).toBe(20)
    expect(f.page).toBe(1)
    expect(f.sort).toBeNull()
  })

  it('survives a round trip through the address, so F5 and the back button keep the filter', () => {
    const f = {
      ...emptyFilters(),
      query: '东湖',
      villageIds: [2],
      industryIds: [4, 9],
      scales: ['small-micro' as const],
      riskLevels: ['high' as const, 'major' as const],
      deleted: true,
      page: 3,
      pageSize: 50 as const,
      sort: { field: 'name' as const, order: 'desc' as const },
    }
    const q = toRouteQuery(f)
    const back = parseListQuery(q as Parameters<typeof parseListQuery>[0])
    expect(back).toEqual(f)
  })

  it('keeps links short: defaults are left out', () => {
    expect(toRouteQuery(emptyFilters())).toEqual({})
  })

  it('knows when a filter (not paging) is active', () => {
    expect(hasFilters({ ...emptyFilters(), page: 4 })).toBe(false)
    expect(hasFilters({ ...emptyFilters(), query: '  ' })).toBe(false)
    expect(hasFilters({ ...emptyFilters(), flags: ['gas'] })).toBe(true)
  })
})
