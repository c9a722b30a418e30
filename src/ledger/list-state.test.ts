import { describe, expect, it } from 'vitest'
import { enterpriseSpec } from '../../electron/core/shared/specs/enterprise'
import { hazardSpec } from '../../electron/core/shared/specs/hazard'
import { listRouteQuery } from '../../electron/core/shared/kit/route'
import { listSchema } from '../../electron/core/shared/kit/schema'
import { emptyState, filtersToQuery, parseRouteQuery, toListInput, toRouteQuery } from './list-state'

describe('ledger list state in the route', () => {
  it('a 工作台 link with a filter opens the list with exactly that filter, typed as the core expects', () => {
    const q = filtersToQuery({
      riskLevel: { in: ['major'] },
      villageId: { in: [3, 5] },
      aboveThreshold: { in: [true] },
      responsibilityLetterYear: { notIn: [2026] },
    })
    const state = parseRouteQuery(enterpriseSpec, q as never)
    expect(state.filters).toEqual({
      riskLevel: { in: ['major'] },
      villageId: { in: [3, 5] },
      aboveThreshold: { in: [true] },
      responsibilityLetterYear: { notIn: [2026] },
    })
    // what the page sends is accepted by the handler's own schema
    expect(listSchema(enterpriseSpec).safeParse(toListInput(state)).success).toBe(true)
  })

  it('a 工作台 hazard count opens the list with its presets and linked filters, as the core counted them', () => {
    const counted = {
      presets: ['overdue'],
      filters: {
        villageId: { in: [4] },
        grade: { in: ['major'] },
        foundOn: { from: '2026-01-01', to: '2026-12-31' },
      },
    }
    const state = parseRouteQuery(hazardSpec, listRouteQuery(counted) as never)
    expect(state.presets).toEqual(['overdue'])
    expect(toListInput(state)).toMatchObject(counted)
    expect(listSchema(hazardSpec).safeParse(toListInput(state)).success).toBe(true)
    // an unknown preset in a hand-edited address is dropped; the rank is a sort of the list
    const odd = parseRouteQuery(hazardSpec, { p: 'overdue,nope', sort: 'urgency', order: 'desc' })
    expect(odd.presets).toEqual(['overdue'])
    expect(odd.sort).toEqual({ field: 'urgency', order: 'desc' })
    expect(toRouteQuery(odd)).toMatchObject({ p: 'overdue', sort: 'urgency' })
  })

  it('drops values a hand-edited address cannot mean, and unknown sort fields', () => {
    const state = parseRouteQuery(enterpriseSpec, {
      'f.riskLevel': 'major,purple',
      'f.villageId': ['x', '4'],
      sort: 'name; DROP TABLE',
      order: 'asc',
      page: '-3',
      pageSize: '7',
    })
    expect(state.filters).toEqual({ riskLevel: { in: ['major'] }, villageId: { in: [4] } })
    expect(state.sort).toBeNull()
    expect(state.page).toBe(1)
    expect(state.pageSize).toBe(20)
  })

  it('round-trips search, bin, paging and sort; defaults stay out of the address', () => {
    expect(toRouteQuery(emptyState())).toEqual({})
    const s = {
      ...emptyState(),
      query: ' 华兴 ',
      deleted: true,
      page: 3,
      pageSize: 50 as const,
      sort: { field: 'name', order: 'desc' as const },
    }
    const back = parseRouteQuery(enterpriseSpec, toRouteQuery(s) as never)
    expect(back).toEqual({ ...s, query: '华兴' })
  })
})

describe('an expiry filter in the route', () => {
  it('a 工作台 count link opens the list with the expiry filter the core accepts; other fields cannot take one', async () => {
    const { chemLicenceSpec } = await import('../../electron/core/shared/specs/chemical')
    const q = filtersToQuery({ validTo: { expiry: 'expiring' } })
    expect(q).toEqual({ 'f.validTo.expiry': 'expiring' })
    const state = parseRouteQuery(chemLicenceSpec, { ...q, 'f.validFrom.expiry': 'expired' } as never)
    expect(state.filters).toEqual({ validTo: { expiry: 'expiring' } })
    expect(listSchema(chemLicenceSpec).safeParse(toListInput(state)).success).toBe(true)
    expect(toRouteQuery(state)).toEqual(q)
  })
})

describe("a page's own filters and sorts in the route", () => {
  it('keeps its keys through a change of the list, makes the list input, and accepts its sort', async () => {
    const { fireworksOutletSpec } = await import('../../electron/core/shared/specs/fireworks')
    const extras = {
      keys: ['licence'],
      sorts: ['validTo'],
      input: (raw: Record<string, string>) => (raw.licence ? { licence: raw.licence } : undefined),
    }
    const q = { licence: 'expiredOperating', sort: 'validTo', order: 'desc', other: 'x' }
    const state = parseRouteQuery(fireworksOutletSpec, q as never, extras)
    expect(state.extra).toEqual({ licence: 'expiredOperating' })
    expect(state.sort).toEqual({ field: 'validTo', order: 'desc' })
    // a village chosen next keeps the licence filter; an unknown key is not the page's
    const next = { ...state, filters: { villageId: { in: [3] } } }
    expect(toRouteQuery(next)).toEqual({
      'f.villageId': ['3'],
      licence: 'expiredOperating',
      sort: 'validTo',
      order: 'desc',
    })
    expect(toListInput(next, extras).extra).toEqual({ licence: 'expiredOperating' })
    // without the page's sorts, a derived sort in the route is ignored
    expect(parseRouteQuery(fireworksOutletSpec, q as never).sort).toBeNull()
  })
})
