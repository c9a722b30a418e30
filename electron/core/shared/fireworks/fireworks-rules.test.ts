import { describe, expect, it } from 'vitest'
import { renewalChain, currentLicence } from './chain'
import { normalizeLicenceNumber, parseLicenceNumber } from './licence-number'
import { comingSpringFestival, springFestival, springSeason } from './lunar'
import { checkValidity, latestValidTo, licenceState } from './validity'
import { parseValidityRange } from './validity-range'

describe('licence number （X）LS〔年〕序号', () => {
  it.each([
    ['(粤)LS(2025)03153', '（粤）LS〔2025〕03153'],
    ['（赣）LS〔2025〕771', '（赣）LS〔2025〕771'],
    ['(赣)LS〔2025〕057', '（赣）LS〔2025〕057'],
    ['（赣）ls[2025]771', '（赣）LS〔2025〕771'],
    ['（浙）ＬＳ【２０２６】１２', '（浙）LS〔2026〕12'],
    [' (湘) LS (2024) 0088 ', '（湘）LS〔2024〕0088'],
    ['川LS2025第15号', '（川）LS〔2025〕15'],
    ['浙LS2025-0012', '（浙）LS〔2025〕0012'],
    ['（浙）LS-〔2025〕—12号', '（浙）LS〔2025〕12'],
  ])('reads %s as %s, keeping the serial’s leading zeros', (raw, full) => {
    const r = parseLicenceNumber(raw)
    expect(r).toMatchObject({ ok: true, value: full })
  })

  it('says what is wrong with numbers that are not retail licence numbers', () => {
    expect(parseLicenceNumber('(粤)PF(2025)031')).toMatchObject({
      ok: false,
      why: expect.stringMatching(/批发许可证/),
    })
    expect(parseLicenceNumber('(美)LS(2025)031')).toMatchObject({
      ok: false,
      why: expect.stringMatching(/“美”不是省级行政区简称/),
    })
    expect(parseLicenceNumber('LS2025')).toMatchObject({
      ok: false,
      why: expect.stringMatching(/应写作“（赣）LS〔2025〕771”/),
    })
    expect(normalizeLicenceNumber('赣LS(2025)')).toBeNull()
  })

  it('reports the province and the year of issue', () => {
    expect(parseLicenceNumber('(粤)LS(2025)03153')).toMatchObject({
      province: '粤',
      year: 2025,
      serial: '03153',
    })
  })
})

describe('validity: at most two years', () => {
  it('accepts exactly two years, written either to the day before or to the anniversary', () => {
    expect(checkValidity('2025-03-01', '2027-02-28')).toBeNull()
    expect(checkValidity('2025-03-01', '2027-03-01')).toBeNull()
    expect(checkValidity('2025-03-01', '2027-03-02')).toMatchObject({ level: 'overTwoYears' })
  })

  it('from a leap day, two years run to 3月1日 of the common year', () => {
    expect(latestValidTo('2024-02-29')).toBe('2026-03-01')
    expect(checkValidity('2024-02-29', '2026-02-28')).toBeNull()
    expect(checkValidity('2024-02-29', '2026-03-01')).toBeNull()
    expect(checkValidity('2024-02-29', '2026-03-02')?.message).toMatch(/超过2年.*最晚到2026-03-01/)
  })

  it('across a leap day the limit is still the same date two years on', () => {
    expect(checkValidity('2026-02-28', '2028-02-28')).toBeNull()
    expect(checkValidity('2026-02-28', '2028-02-29')).toMatchObject({ level: 'overTwoYears' })
    expect(checkValidity('2027-03-01', '2029-03-01')).toBeNull()
  })

  it('refuses an end before the start, and the fixture’s three-year row is over two years', () => {
    expect(checkValidity('2026-02-28', '2025-12-01')).toMatchObject({ level: 'error' })
    expect(checkValidity('2026-01-05', '2028-12-31')?.message).toContain('许可证有效期超过2年')
    expect(checkValidity('2026-01-05', '2026-01-05')).toBeNull()
  })

  it('classifies a licence on a day: expiring within the window, expired the day after its last day', () => {
    const l = { validFrom: '2026-01-01', validTo: '2027-01-05' }
    expect(licenceState(l, '2026-12-06', 30)).toEqual({ state: 'expiring', daysLeft: 30 })
    expect(licenceState(l, '2026-12-05', 30)).toEqual({ state: 'valid', daysLeft: 31 })
    expect(licenceState(l, '2027-01-05')).toEqual({ state: 'expiring', daysLeft: 0 })
    expect(licenceState(l, '2027-01-06')).toEqual({ state: 'expired', daysLeft: -1 })
    expect(licenceState(l, '2025-12-31').state).toBe('notYet')
  })
})

describe('the Spring Festival, computed', () => {
  it('matches the published 正月初一 of past and coming years', () => {
    const published: Record<number, string> = {
      2023: '2023-01-22',
      2024: '2024-02-10',
      2025: '2025-01-29',
      2026: '2026-02-17',
      // The new moon is at 23:56 Beijing time on 2月6日: ICU alone says 2月7日.
      2027: '2027-02-06',
      2028: '2028-01-26',
      2029: '2029-02-13',
      // New moon at 00:07 Beijing time on 2月3日: ICU alone says 2月2日.
      2030: '2030-02-03',
      2031: '2031-01-23',
    }
    for (const [y, d] of Object.entries(published)) expect(springFestival(Number(y)), y).toBe(d)
  })

  it('the coming one is this year’s until it has passed, then next year’s', () => {
    expect(comingSpringFestival('2026-12-06')).toBe('2027-02-06')
    expect(comingSpringFestival('2026-02-17')).toBe('2026-02-17')
    expect(comingSpringFestival('2026-02-18')).toBe('2027-02-06')
    expect(comingSpringFestival('2026-01-10')).toBe('2026-02-17')
  })

  it('the sales season runs 腊月十七 to 正月十五', () => {
    // 2026: 腊月十七 = 2月4日, 正月十五 (元宵节) = 3月3日.
    expect(springSeason('2026-02-17')).toEqual({ from: '2026-02-04', to: '2026-03-03' })
    expect(springSeason('2027-02-06')).toEqual({ from: '2027-01-24', to: '2027-02-20' })
  })
})

describe('renewal chain', () => {
  const l = (id: number, validFrom: string, validTo: string) => ({
    id,
    licenceNo: `（赣）LS〔${validFrom.slice(0, 4)}〕${id}`,
    validFrom,
    validTo,
  })

  it('orders an outlet’s licences, with the gap before each renewal and the current one marked', () => {
    const chain = renewalChain(
      [l(3, '2026-12-20', '2027-02-20'), l(1, '2024-12-01', '2025-02-28'), l(2, '2025-12-01', '2026-02-28')],
      '2026-12-06',
    )
    expect(chain.map((c) => c.id)).toEqual([1, 2, 3])
    expect(chain.map((c) => c.gapBefore)).toEqual([null, 275, 294])
    // Nothing in force on 12月6日: the renewal that starts on 12月20日 is the one that counts.
    expect(chain.map((c) => c.current)).toEqual([false, false, true])
  })

  it('a renewal starting the day after the old one lapses has no gap; an early one overlaps', () => {
    const chain = renewalChain(
      [l(1, '2025-01-01', '2026-12-31'), l(2, '2027-01-01', '2028-12-31')],
      '2027-01-01',
    )
    expect(chain[1]).toMatchObject({ gapBefore: 0, overlapBefore: 0, current: true })
    const early = renewalChain(
      [l(1, '2025-01-01', '2026-12-31'), l(2, '2026-12-01', '2028-11-30')],
      '2026-12-06',
    )
    expect(early[1]).toMatchObject({ gapBefore: 0, overlapBefore: 31 })
    // In force: the one running longest.
    expect(early.find((c) => c.current)?.id).toBe(2)
  })

  it('with every licence lapsed, the last one is current; with none, there is none', () => {
    expect(
      currentLicence([l(1, '2024-12-01', '2025-02-28'), l(2, '2025-12-01', '2026-02-28')], '2026-12-06')?.id,
    ).toBe(2)
    expect(currentLicence([], '2026-12-06')).toBeNull()
  })
})

describe('validity written as a range in one cell', () => {
  it.each([
    ['2025.12.15-2026.2.28', '2025-12-15', '2026-02-28'],
    ['2025年12月10日至2026年2月28日', '2025-12-10', '2026-02-28'],
    ['2025-12-01～2026-02-28', '2025-12-01', '2026-02-28'],
    ['20251201-20260228', '2025-12-01', '2026-02-28'],
    ['2025/12/1 — 2026/3/5', '2025-12-01', '2026-03-05'],
  ])('%s', (raw, from, to) => {
    expect(parseValidityRange(raw)).toEqual({ ok: true, from, to })
  })

  it('says how to write it when one end is missing or not a date', () => {
    expect(parseValidityRange('2025.12.15起')).toMatchObject({
      ok: false,
      why: expect.stringContaining('应写起止两个日期'),
    })
    expect(parseValidityRange('2025.2.30-2026.2.28')).toMatchObject({
      ok: false,
      why: expect.stringContaining('不是有效的日期'),
    })
  })
})
