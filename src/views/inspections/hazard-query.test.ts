import { describe, expect, it } from 'vitest'
import type { LocationQuery } from 'vue-router'
import { DASHBOARD_QUERIES } from '../../../electron/core/shared/inspection-fields'
import {
  hazardFilterRoute,
  hazardFiltersActive,
  hazardListInput,
  hazardRouteQuery,
  parseHazardQuery,
} from './hazard-query'

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
    expect(hazardListInput(parseHazardQuery({ statuses: 'awaiting_review' }))).toEqual({
      page: 1,
      pageSize: 20,
      statuses: ['awaiting_review'],
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

describe('hazardFilterRoute', () => {
  it("every 工作台 badge filter comes back from the list page's address unchanged", () => {
    for (const [key, q] of Object.entries(DASHBOARD_QUERIES)) {
      const input = hazardListInput(parseHazardQuery(hazardFilterRoute(q) as LocationQuery))
      expect([key, input]).toEqual([key, { page: 1, pageSize: 20, ...q }])
    }
    expect(hazardFilterRoute(DASHBOARD_QUERIES.reviewsDue)).toEqual({ statuses: ['awaiting_review'] })
  })

  it('refuses a filter the list cannot show instead of opening a different list', () => {
    expect(() => hazardFilterRoute({ extensionPending: true })).toThrow('extensionPending')
    expect(() => hazardFilterRoute({ dueWithinDays: 30 })).toThrow('30')
    expect(hazardFilterRoute({ statuses: ['awaiting_review'] })).toEqual({ statuses: ['awaiting_review'] })
  })
})
