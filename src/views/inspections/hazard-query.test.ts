import { describe, expect, it } from 'vitest'
import { hazardFiltersActive, hazardListInput, hazardRouteQuery, parseHazardQuery } from './hazard-query'

describe('hazard list filters in the route query', () => {
  it('turns the 工作台 badge links into exactly the dashboard filters', () => {
    expect(hazardListInput(parseHazardQuery({ overdue: '1' }))).toEqual({
      page: 1,
      pageSize: 20,
      overdue: true,
    })
    expect(hazardListInput(parseHazardQuery({ due7: '1' }))).toEqual({
      page: 1,
      pageSize: 20,
      dueWithinDays: 7,
    })
    expect(hazardListInput(parseHazardQuery({ reviewDue: '1' }))).toEqual({
      page: 1,
      pageSize: 20,
      reviewDue: true,
    })
  })

  it('round-trips every filter and drops values it does not know', () => {
    const f = parseHazardQuery({
      q: ' 灭火器 ',
      villageIds: ['3', 'x', '3'],
      enterpriseIds: '7,9',
      grades: ['major', 'serious'],
      statuses: 'overdue,closed',
      from: '2026-01-01',
      to: 'bad',
      page: '2',
      pageSize: '50',
      sort: 'deadline',
      order: 'asc',
    })
    expect(f).toMatchObject({
      villageIds: [3],
      enterpriseIds: [7, 9],
      grades: ['major'],
      statuses: ['overdue', 'closed'],
      from: '2026-01-01',
      to: '',
      page: 2,
      pageSize: 50,
      sort: { field: 'deadline', order: 'asc' },
    })
    expect(parseHazardQuery(hazardRouteQuery(f))).toEqual({ ...f, query: '灭火器' })
    expect(hazardListInput(f)).toMatchObject({
      query: '灭火器',
      period: { from: '2026-01-01' },
      grades: ['major'],
    })
    expect(hazardFiltersActive(f)).toBe(true)
    expect(hazardFiltersActive(parseHazardQuery({ page: '3' }))).toBe(false)
  })
})
