import { describe, expect, it } from 'vitest'
import { buildCalendar, datesBetween, type CalendarEntry } from '../shared/duty/calendar'
import {
  countDuties,
  generateRoster,
  swapAssignments,
  type Assignment,
  type DutyPerson,
} from '../shared/duty/roster'
import { packageCalendar } from './holidays'

const people = (leaders: number, staff: number): DutyPerson[] => [
  ...Array.from({ length: leaders }, (_, i) => ({
    id: i + 1,
    name: `领导${i + 1}`,
    role: 'leader' as const,
    unavailable: [],
  })),
  ...Array.from({ length: staff }, (_, i) => ({
    id: 100 + i,
    name: `干部${i + 1}`,
    role: 'staff' as const,
    unavailable: [],
  })),
]

const spread = (counts: number[]): number => Math.max(...counts) - Math.min(...counts)

function byPerson(assignments: Assignment[], ids: number[], isRest: (d: string) => boolean) {
  const c = countDuties(assignments, isRest)
  return ids.map((id) => c.get(id) ?? { rest: 0, work: 0, total: 0 })
}

describe('calendar', () => {
  const cal = buildCalendar(packageCalendar(), [])

  it('knows 元旦 and its make-up Sunday across the 2025/2026 year boundary', () => {
    expect(cal.day('2025-12-31')).toMatchObject({ type: 'weekday', rest: false })
    expect(cal.day('2026-01-01')).toMatchObject({
      type: 'holiday',
      name: '元旦',
      rest: true,
      source: 'package',
    })
    expect(cal.day('2026-01-03')).toMatchObject({ type: 'holiday', rest: true })
    // Sunday 4 January 2026 is worked (调休)
    expect(cal.day('2026-01-04')).toMatchObject({ type: 'makeup', name: '元旦', rest: false })
    expect(cal.day('2026-01-10')).toMatchObject({ type: 'weekend', rest: true })
  })

  it('knows 春节 2025 with its make-up days on both sides', () => {
    expect(cal.day('2025-01-26')).toMatchObject({ type: 'makeup', name: '春节', rest: false })
    expect(datesBetween('2025-01-28', '2025-02-04').every((d) => cal.day(d).type === 'holiday')).toBe(true)
    expect(cal.day('2025-02-08')).toMatchObject({ type: 'makeup', rest: false })
  })

  it('says which years it knows; office entries make a new year known and win over the package', () => {
    expect(cal.packageYears).toContain(2026)
    expect(cal.packageYears).not.toContain(2027)
    expect(cal.day('2027-02-08')).toMatchObject({ known: false, type: 'weekday' })
    const office: CalendarEntry[] = [
      { date: '2027-02-06', kind: 'holiday', name: '春节' },
      { date: '2027-02-15', kind: 'workday', name: '春节' },
      { date: '2026-01-04', kind: 'holiday', name: '元旦' },
    ]
    const both = buildCalendar(packageCalendar(), office)
    expect(both.officeYears).toEqual([2026, 2027])
    expect(both.day('2027-02-06')).toMatchObject({ type: 'holiday', known: true, source: 'office' })
    expect(both.day('2027-02-15')).toMatchObject({ type: 'makeup', rest: false })
    expect(both.day('2026-01-04')).toMatchObject({ type: 'holiday', source: 'office' })
  })
})

describe('roster generation', () => {
  const cal = buildCalendar(packageCalendar(), [])
  const isRest = (d: string): boolean => cal.day(d).rest

  it('rotates leaders daily and staff fairly: counts differ by at most one, rest days counted apart', () => {
    const ps = people(3, 7)
    // across the year boundary: 元旦 2026 with its make-up Sunday, then 春节 2026 with make-up Saturdays
    const dates = datesBetween('2025-12-22', '2026-03-01')
    const r = generateRoster({
      dates,
      people: ps,
      shifts: [{ shift: 'full', staff: 2 }],
      leadersPerDay: 1,
      allowConsecutive: false,
      isRest,
    })
    expect(r.warnings).toEqual([])
    for (const d of dates) {
      const day = r.assignments.filter((a) => a.date === d)
      expect(day.filter((a) => a.role === 'leader')).toHaveLength(1)
      expect(new Set(day.filter((a) => a.role === 'staff').map((a) => a.personId)).size).toBe(2)
    }
    const leaders = byPerson(r.assignments, [1, 2, 3], isRest)
    const staff = byPerson(r.assignments, [100, 101, 102, 103, 104, 105, 106], isRest)
    for (const group of [leaders, staff]) {
      expect(spread(group.map((c) => c.rest))).toBeLessThanOrEqual(1)
      expect(spread(group.map((c) => c.work))).toBeLessThanOrEqual(1)
    }
    // 春节's make-up Saturdays are workdays, its eve to 初七 rest days
    expect(['2026-02-14', '2026-02-28'].map((d) => isRest(d))).toEqual([false, false])
    expect(datesBetween('2026-02-15', '2026-02-23').every(isRest)).toBe(true)
    // 2026-01-04 (a Sunday) is a workday: it counts as work for whoever holds it
    const sunday = r.assignments.find((a) => a.date === '2026-01-04' && a.role === 'leader') as Assignment
    const before = countDuties(
      r.assignments.filter((a) => a.date < '2026-01-04'),
      isRest,
    ).get(sunday.personId)
    const after = countDuties(
      r.assignments.filter((a) => a.date <= '2026-01-04'),
      isRest,
    ).get(sunday.personId)
    expect((after?.work ?? 0) - (before?.work ?? 0)).toBe(1)
  })

  it('never puts anyone on two consecutive shifts unless allowed', () => {
    const ps = people(2, 4)
    const dates = datesBetween('2026-02-14', '2026-02-28')
    const r = generateRoster({
      dates,
      people: ps,
      shifts: [
        { shift: 'day', staff: 1 },
        { shift: 'night', staff: 1 },
      ],
      leadersPerDay: 1,
      allowConsecutive: false,
      isRest,
    })
    // leaders alternate; a staff member's night is never followed by the next day's day shift
    for (let i = 1; i < dates.length; i++) {
      const lead = (d: string) => r.assignments.find((a) => a.date === d && a.role === 'leader')?.personId
      expect(lead(dates[i] as string)).not.toBe(lead(dates[i - 1] as string))
      const night = r.assignments.find((a) => a.date === dates[i - 1] && a.shift === 'night')?.personId
      const day = r.assignments.find((a) => a.date === dates[i] && a.shift === 'day')?.personId
      expect(day).not.toBe(night)
    }
    // with one leader, consecutive days cannot be avoided and are said so only when not allowed
    const one = generateRoster({
      dates: dates.slice(0, 3),
      people: people(1, 4),
      shifts: [{ shift: 'full', staff: 1 }],
      leadersPerDay: 1,
      allowConsecutive: true,
      isRest,
    })
    expect(one.warnings).toEqual([])
    expect(one.assignments.filter((a) => a.role === 'leader')).toHaveLength(3)
  })

  it('respects unavailable dates and says when counts become uneven because of them', () => {
    const ps = people(3, 4)
    const dates = datesBetween('2026-10-01', '2026-10-07') // 国庆节, every day a holiday
    const away = (ps[3] as DutyPerson).unavailable
    away.push(...dates)
    const r = generateRoster({
      dates,
      people: ps,
      shifts: [{ shift: 'full', staff: 1 }],
      leadersPerDay: 1,
      allowConsecutive: false,
      isRest,
    })
    for (const a of r.assignments) if (a.personId === 100) expect(away).not.toContain(a.date)
    expect(r.assignments.filter((a) => a.role === 'staff')).toHaveLength(7)
    expect(r.warnings.join()).toMatch(/节假日值班次数不均.*干部1较少/)
  })

  it('a swap exchanges two days and keeps everyone’s counts', () => {
    const ps = people(3, 6)
    const dates = datesBetween('2026-02-14', '2026-02-23')
    const r = generateRoster({
      dates,
      people: ps,
      shifts: [{ shift: 'full', staff: 2 }],
      leadersPerDay: 1,
      allowConsecutive: false,
      isRest,
    })
    const a = r.assignments.find((x) => x.date === '2026-02-16' && x.role === 'leader') as Assignment
    const b = r.assignments.find(
      (x) => x.date === '2026-02-20' && x.role === 'leader' && x.personId !== a.personId,
    ) as Assignment
    const swapped = swapAssignments(r.assignments, a, b)
    expect(swapped.find((x) => x.date === '2026-02-16' && x.role === 'leader')?.personId).toBe(b.personId)
    expect(swapped.find((x) => x.date === '2026-02-20' && x.role === 'leader')?.personId).toBe(a.personId)
    const total = (list: Assignment[]) =>
      [...countDuties(list, isRest)]
        .map(([id, c]) => [id, c.total])
        .sort((x, y) => Number(x[0]) - Number(y[0]))
    expect(total(swapped)).toEqual(total(r.assignments))
    // a leader cannot swap with a staff member
    const s = r.assignments.find((x) => x.date === '2026-02-20' && x.role === 'staff') as Assignment
    expect(() => swapAssignments(r.assignments, a, s)).toThrow(/带班领导只能与带班领导调班/)
  })
})
