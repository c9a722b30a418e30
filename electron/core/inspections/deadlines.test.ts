import { describe, expect, it } from 'vitest'
import {
  addDays,
  canRequestExtension,
  chineseDate,
  daysBetween,
  extensionAnswerDue,
  extensionLatestRequestDate,
  isDueWithin,
  isOverdue,
  isValidDate,
  localDate,
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

  it('prints dates the Chinese way and reads the local wall-clock date', () => {
    expect(chineseDate('2026-12-05')).toBe('2026年12月5日')
    expect(localDate(new Date(2026, 11, 31, 23, 59))).toBe('2026-12-31')
    expect(localDate(new Date(2027, 0, 1, 0, 0))).toBe('2027-01-01')
  })
})

describe('15号令 第十七条: extension requests at least 10 days before the deadline', () => {
  it('allows exactly 10 days before and refuses 9 days before', () => {
    expect(extensionLatestRequestDate('2026-12-20')).toBe('2026-12-10')
    expect(canRequestExtension('2026-12-20', '2026-12-10')).toBe(true)
    expect(canRequestExtension('2026-12-20', '2026-12-11')).toBe(false)
    expect(canRequestExtension('2026-12-20', '2026-12-01')).toBe(true)
  })

  it('counts back over month ends, leap days and year ends', () => {
    expect(extensionLatestRequestDate('2028-03-01')).toBe('2028-02-20')
    expect(extensionLatestRequestDate('2028-03-10')).toBe('2028-02-29')
    expect(extensionLatestRequestDate('2027-03-10')).toBe('2027-02-28')
    expect(extensionLatestRequestDate('2027-03-11')).toBe('2027-03-01')
    expect(extensionLatestRequestDate('2027-01-05')).toBe('2026-12-26')
    expect(canRequestExtension('2028-03-10', '2028-02-29')).toBe(true)
    expect(canRequestExtension('2028-03-10', '2028-03-01')).toBe(false)
    expect(canRequestExtension('2027-03-10', '2027-02-28')).toBe(true)
    expect(canRequestExtension('2027-03-10', '2027-03-01')).toBe(false)
  })

  it('answer due 5 days after receipt', () => {
    expect(extensionAnswerDue('2026-12-29')).toBe('2027-01-03')
    expect(extensionAnswerDue('2028-02-26')).toBe('2028-03-02')
    expect(extensionAnswerDue('2027-02-26')).toBe('2027-03-03')
  })
})

describe('15号令 第十七条: re-inspection within 10 days of the deadline or the request', () => {
  it('counts from the deadline when the enterprise asked earlier or not at all', () => {
    expect(reinspectionDue('2026-12-25', null)).toBe('2027-01-04')
    expect(reinspectionDue('2026-12-25', '2026-12-20')).toBe('2027-01-04')
  })

  it('counts from the request when it came after the deadline', () => {
    expect(reinspectionDue('2028-02-20', '2028-02-25')).toBe('2028-03-06')
    expect(reinspectionDue('2027-02-20', '2027-02-25')).toBe('2027-03-07')
    expect(reinspectionDue('2028-02-19', '2028-02-19')).toBe('2028-02-29')
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
