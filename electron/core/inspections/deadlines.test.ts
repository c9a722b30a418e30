import { describe, expect, it } from 'vitest'
import { DEADLINE_RULE_DEFAULTS } from '../shared/inspection-fields'
import {
  addDays,
  canRequestExtension,
  chinaDate,
  chineseDate,
  daysBetween,
  extensionAnswerDue,
  extensionWindow,
  inExtensionWindow,
  isDueWithin,
  isOverdue,
  isValidDate,
  reinspectionDue,
} from './deadlines'

describe('calendar arithmetic', () => {
  it('crosses month ends, leap days and year ends without drift', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29') // 2028 is a leap year
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01')
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01') // 2027 is not
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31')
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02')
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29)
    expect(daysBetween('2027-02-01', '2027-03-01')).toBe(28)
    expect(daysBetween('2026-12-25', '2027-01-04')).toBe(10)
  })

  it('is not moved by daylight-saving changes (dates around the 2026 EU and US switches)', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30')
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26')
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09')
  })

  it('knows real dates', () => {
    expect(isValidDate('2028-02-29')).toBe(true)
    expect(isValidDate('2027-02-29')).toBe(false)
    expect(isValidDate('2026-04-31')).toBe(false)
    expect(isValidDate('2026-4-3')).toBe(false)
    expect(isValidDate('2026-13-01')).toBe(false)
  })

  it('prints dates the Chinese way and reads the date in China, not the PC zone', () => {
    expect(chineseDate('2026-12-05')).toBe('2026年12月5日')
    // 07:30 Beijing time is 23:30 UTC of the day before.
    expect(chinaDate(new Date('2026-11-27T23:30:00Z'))).toBe('2026-11-28')
    expect(chinaDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31')
    expect(chinaDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
  })
})

// The rule's sentences (《安全生产违法行为行政处罚办法》, REFERENCE.md §1.6); N comes from the office's
// settings, whose defaults are the values the rule has carried (10, 5, 10).
const R = DEADLINE_RULE_DEFAULTS
const LAST_DAYS = { ...R, extensionWindow: 'lastDays' } as const

describe('"应当自申请或者限期届满之日起10日内进行复查": from the request or the deadline, whichever comes first', () => {
  it('request before the deadline → due = request + 10 (deadline 12-31, request 12-01 → 12-11, not 2027-01-10)', () => {
    expect(reinspectionDue('2026-12-31', '2026-12-01', R)).toBe('2026-12-11')
    expect(reinspectionDue('2026-12-25', '2026-12-20', R)).toBe('2026-12-30')
  })

  it('no request → deadline + 10', () => {
    expect(reinspectionDue('2026-12-25', null, R)).toBe('2027-01-04')
    expect(reinspectionDue('2028-02-19', null, R)).toBe('2028-02-29')
  })

  it('request after the deadline → the deadline came first: deadline + 10', () => {
    expect(reinspectionDue('2028-02-20', '2028-02-25', R)).toBe('2028-03-01')
    expect(reinspectionDue('2027-02-20', '2027-02-25', R)).toBe('2027-03-02')
  })

  it('request without a deadline → request + 10; the period comes from settings', () => {
    expect(reinspectionDue(null, '2026-12-01', R)).toBe('2026-12-11')
    expect(reinspectionDue(null, null, R)).toBeNull()
    expect(reinspectionDue('2026-12-31', '2026-12-01', { reinspectionDays: 7 })).toBe('2026-12-08')
  })
})

describe('"于限期届满前10日内提出书面延期申请": accepted until the deadline, warned outside the configured window', () => {
  it('takes a request on any day up to the deadline itself, none after it', () => {
    expect(canRequestExtension('2026-12-20', '2026-12-01')).toBe(true)
    expect(canRequestExtension('2026-12-20', '2026-12-17')).toBe(true) // day −3
    expect(canRequestExtension('2026-12-20', '2026-12-20')).toBe(true)
    expect(canRequestExtension('2026-12-20', '2026-12-21')).toBe(false)
  })

  it('"at least 10 days before" reading: day −10 inside the window, day −3 outside (warned)', () => {
    expect(extensionWindow('2026-12-20', R)).toEqual({ from: null, to: '2026-12-10' })
    expect(inExtensionWindow('2026-12-20', '2026-12-10', R)).toBe(true)
    expect(inExtensionWindow('2026-12-20', '2026-12-17', R)).toBe(false)
  })

  it('"within the last 10 days" reading: day −3 inside the window, day −11 outside (warned)', () => {
    expect(extensionWindow('2026-12-20', LAST_DAYS)).toEqual({ from: '2026-12-10', to: '2026-12-20' })
    expect(inExtensionWindow('2026-12-20', '2026-12-17', LAST_DAYS)).toBe(true)
    expect(inExtensionWindow('2026-12-20', '2026-12-09', LAST_DAYS)).toBe(false)
  })

  it('counts back over month ends, leap days and year ends', () => {
    expect(extensionWindow('2028-03-01', R).to).toBe('2028-02-20')
    expect(extensionWindow('2028-03-10', R).to).toBe('2028-02-29')
    expect(extensionWindow('2027-03-10', R).to).toBe('2027-02-28')
    expect(extensionWindow('2027-03-11', R).to).toBe('2027-03-01')
    expect(extensionWindow('2027-01-05', R).to).toBe('2026-12-26')
  })

  it('"应当在收到申请之日起5日内书面答复是否准予延期": answer due = received + 5', () => {
    expect(extensionAnswerDue('2026-12-29', R)).toBe('2027-01-03')
    expect(extensionAnswerDue('2028-02-26', R)).toBe('2028-03-02')
    expect(extensionAnswerDue('2027-02-26', R)).toBe('2027-03-03')
    expect(extensionAnswerDue('2026-12-29', { answerDays: 3 })).toBe('2027-01-01')
  })
})

describe('overdue and due soon', () => {
  it('is overdue only from the day after the deadline', () => {
    expect(isOverdue('2026-11-30', '2026-11-30')).toBe(false)
    expect(isOverdue('2026-11-30', '2026-12-01')).toBe(true)
    expect(isOverdue('2028-02-29', '2028-03-01')).toBe(true)
    expect(isOverdue('2026-12-31', '2027-01-01')).toBe(true)
    expect(isOverdue(null, '2027-01-01')).toBe(false)
  })

  it('is due within 7 days from today to today + 7, inclusive', () => {
    expect(isDueWithin('2026-11-28', '2026-11-28', 7)).toBe(true)
    expect(isDueWithin('2026-12-05', '2026-11-28', 7)).toBe(true)
    expect(isDueWithin('2026-12-06', '2026-11-28', 7)).toBe(false)
    expect(isDueWithin('2026-11-27', '2026-11-28', 7)).toBe(false)
    expect(isDueWithin('2027-01-02', '2026-12-26', 7)).toBe(true)
    expect(isDueWithin('2028-03-01', '2028-02-23', 7)).toBe(true)
    expect(isDueWithin('2028-03-02', '2028-02-23', 7)).toBe(false)
  })
})
