// Duty roster generation (值班表编排), pure and Electron-free.
//
// One roster model: an assignment per date × shift × person. A leader (带班领导) covers a whole day
// (shift 'full'); staff (值班人员) are assigned per configured shift (全天, or 白班 + 夜班). The rotation
// is fair: whoever has the fewest duties of the day's kind (rest days — holidays and weekends — are
// counted apart from workdays) goes next, so within each kind the counts differ by at most one when
// nobody's unavailable dates get in the way. Nobody takes two consecutive shifts unless allowed.

export type ShiftKey = 'full' | 'day' | 'night'
export type DutyRole = 'leader' | 'staff'

export const SHIFT_LABELS: Record<ShiftKey, string> = { full: '全天', day: '白班', night: '夜班' }
export const ROLE_LABELS: Record<DutyRole, string> = { leader: '带班领导', staff: '值班人员' }
/** Order of shifts within one day. */
export const SHIFT_ORDER: ShiftKey[] = ['full', 'day', 'night']

export interface DutyPerson {
  id: number
  name: string
  role: DutyRole
  /** Dates (YYYY-MM-DD) the person cannot be on duty */
  unavailable: string[]
}

export interface ShiftPlan {
  shift: ShiftKey
  /** Staff per shift */
  staff: number
}

export interface Assignment {
  date: string
  shift: ShiftKey
  role: DutyRole
  personId: number
}

export interface GenerateInput {
  dates: string[]
  people: DutyPerson[]
  /** Staff shifts per day, e.g. [{ shift: 'full', staff: 2 }] or 白班 1 + 夜班 1 */
  shifts: ShiftPlan[]
  /** Leaders per day (带班领导), usually 1; 0 for a roster without leaders */
  leadersPerDay: number
  allowConsecutive: boolean
  /** Whether a date is a rest day (holiday or weekend), counted apart for fairness */
  isRest: (date: string) => boolean
  /** Duties already held before the period, to carry the rotation on and avoid a consecutive start */
  before?: Assignment[]
}

export interface GenerateResult {
  assignments: Assignment[]
  /** Chinese notes on what could not be done as asked (a gap, a consecutive shift, uneven counts) */
  warnings: string[]
}

export interface DutyCount {
  rest: number
  work: number
  total: number
}

/** Duties per person, split into rest days and workdays. */
export function countDuties(
  assignments: Assignment[],
  isRest: (date: string) => boolean,
): Map<number, DutyCount> {
  const out = new Map<number, DutyCount>()
  for (const a of assignments) {
    const c = out.get(a.personId) ?? { rest: 0, work: 0, total: 0 }
    if (isRest(a.date)) c.rest++
    else c.work++
    c.total++
    out.set(a.personId, c)
  }
  return out
}

interface Track {
  person: DutyPerson
  order: number
  unavailable: Set<string>
  rest: number
  work: number
  /** Slot index of the last duty (-Infinity when none) */
  last: number
  /** Day index of the last duty */
  lastDay: number
}

/**
 * Generates the roster. Each slot goes to the eligible person with the fewest duties of the day's
 * kind, then the fewest in all, then the one who waited longest, then list order.
 */
export function generateRoster(input: GenerateInput): GenerateResult {
  const { dates, people } = input
  const shifts = [...input.shifts].sort((a, b) => SHIFT_ORDER.indexOf(a.shift) - SHIFT_ORDER.indexOf(b.shift))
  const perDay = shifts.length
  const warnings: string[] = []
  const assignments: Assignment[] = []
  const dayIndex = new Map(dates.map((d, i) => [d, i]))

  const tracks = (role: DutyRole): Track[] =>
    people
      .filter((p) => p.role === role)
      .map((person, order) => ({
        person,
        order,
        unavailable: new Set(person.unavailable),
        rest: 0,
        work: 0,
        last: -Infinity,
        lastDay: -Infinity,
      }))
  const leaders = tracks('leader')
  const staff = tracks('staff')

  // Carry the rotation on from duties before the period (only the day right before matters for
  // consecutive shifts; earlier ones only order the rotation).
  const first = dates[0]
  if (first && input.before?.length) {
    const sorted = [...input.before].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    const firstMs = Date.parse(first)
    for (const a of sorted) {
      const t = (a.role === 'leader' ? leaders : staff).find((x) => x.person.id === a.personId)
      if (!t) continue
      const day = Math.round((Date.parse(a.date) - firstMs) / 86_400_000)
      if (day >= 0) continue
      t.lastDay = day
      const shiftIdx =
        a.role === 'leader'
          ? 0
          : Math.max(
              0,
              shifts.findIndex((s) => s.shift === a.shift),
            )
      t.last = day * perDay + (a.role === 'leader' ? perDay - 1 : shiftIdx)
    }
  }

  const pick = (
    pool: Track[],
    date: string,
    rest: boolean,
    slot: number,
    day: number,
    taken: Set<number>,
    consecutive: (t: Track) => boolean,
  ): Track | null => {
    const available = pool.filter((t) => !taken.has(t.person.id) && !t.unavailable.has(date))
    const rested = input.allowConsecutive ? available : available.filter((t) => !consecutive(t))
    const candidates = rested.length ? rested : available
    if (!candidates.length) return null
    candidates.sort(
      (a, b) =>
        (rest ? a.rest - b.rest : a.work - b.work) ||
        a.rest + a.work - (b.rest + b.work) ||
        a.last - b.last ||
        a.order - b.order,
    )
    const chosen = candidates[0] as Track
    if (!rested.length && !input.allowConsecutive && available.length)
      warnings.push(`${date} ${chosen.person.name}只能连续值班（其他人员当天不能值班）`)
    if (rest) chosen.rest++
    else chosen.work++
    chosen.last = slot
    chosen.lastDay = day
    return chosen
  }

  for (const date of dates) {
    const day = dayIndex.get(date) as number
    const rest = input.isRest(date)
    const takenLeaders = new Set<number>()
    for (let n = 0; n < input.leadersPerDay; n++) {
      const t = pick(
        leaders,
        date,
        rest,
        day * perDay + perDay - 1,
        day,
        takenLeaders,
        (x) => x.lastDay === day - 1,
      )
      if (!t) {
        warnings.push(`${date} 没有可带班的领导`)
        break
      }
      takenLeaders.add(t.person.id)
      assignments.push({ date, shift: 'full', role: 'leader', personId: t.person.id })
    }
    const takenStaff = new Set<number>()
    shifts.forEach((s, si) => {
      const slot = day * perDay + si
      for (let n = 0; n < s.staff; n++) {
        const t = pick(
          staff,
          date,
          rest,
          slot,
          day,
          takenStaff,
          (x) => x.last === slot - 1 || x.lastDay === day,
        )
        if (!t) {
          warnings.push(`${date}${s.shift === 'full' ? '' : SHIFT_LABELS[s.shift]} 值班人员不足`)
          break
        }
        takenStaff.add(t.person.id)
        assignments.push({ date, shift: s.shift, role: 'staff', personId: t.person.id })
      }
    })
  }

  for (const [pool, label] of [
    [leaders, '带班'],
    [staff, '值班'],
  ] as const) {
    for (const kind of ['rest', 'work'] as const) {
      if (pool.length < 2) continue
      const counts = pool.map((t) => t[kind])
      const max = Math.max(...counts)
      const min = Math.min(...counts)
      if (max - min > 1) {
        const few = pool.filter((t) => t[kind] === min).map((t) => t.person.name)
        warnings.push(
          `${kind === 'rest' ? '节假日' : '工作日'}${label}次数不均（${min}～${max}次），因不可值班日期等原因${few.join('、')}较少`,
        )
      }
    }
  }
  return { assignments, warnings }
}

export interface SwapRef {
  date: string
  shift: ShiftKey
  personId: number
}

/**
 * 调班: two people exchange their duties (A takes B's day, B takes A's). Each keeps the same number
 * of duties. Refused when the two hold different roles or one is already on the other's day.
 */
export function swapAssignments(assignments: Assignment[], a: SwapRef, b: SwapRef): Assignment[] {
  const same = (x: Assignment, r: SwapRef): boolean =>
    x.date === r.date && x.shift === r.shift && x.personId === r.personId
  const ia = assignments.findIndex((x) => same(x, a))
  const ib = assignments.findIndex((x) => same(x, b))
  if (ia < 0 || ib < 0) throw new Error('调班的两人须都在值班表上')
  const xa = assignments[ia] as Assignment
  const xb = assignments[ib] as Assignment
  if (xa.personId === xb.personId) throw new Error('请选择两个不同的人调班')
  if (xa.role !== xb.role) throw new Error('带班领导只能与带班领导调班，值班人员只能与值班人员调班')
  const onDay = (personId: number, date: string, except: Assignment): boolean =>
    assignments.some((x) => x !== except && x.personId === personId && x.date === date)
  if (onDay(xa.personId, xb.date, xa) || onDay(xb.personId, xa.date, xb))
    throw new Error('调班后同一人同一天会值两个班，请另选日期')
  const out = [...assignments]
  out[ia] = { ...xa, personId: xb.personId }
  out[ib] = { ...xb, personId: xa.personId }
  return out
}
