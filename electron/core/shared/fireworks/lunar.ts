import { addDays, fromUtc, toUtc } from '../dates'

// The Spring Festival (正月初一) is computed, never typed. ICU's Chinese calendar (Intl, in Node
// and Chromium) names the lunar months, so it finds which new moon starts 正月 — but its moon is
// approximate and a new moon within minutes of Beijing midnight can land on the wrong day (2027:
// the new moon is at 23:56 Beijing time on 2月6日; ICU says 2月7日). So the day itself is the
// Beijing (UTC+8) date of that new moon, computed with Meeus, Astronomical Algorithms ch. 49
// (accurate to well under a minute).

const RAD = Math.PI / 180
const sin = (deg: number) => Math.sin(deg * RAD)

/** Julian Ephemeris Day of new moon number k (k = 0 at 2000-01-06). */
function newMoonJde(k: number): number {
  const T = k / 1236.85
  const T2 = T * T
  const T3 = T2 * T
  const T4 = T3 * T
  let jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * T2 - 0.00000015 * T3 + 0.00000000073 * T4
  const E = 1 - 0.002516 * T - 0.0000074 * T2
  const M = 2.5534 + 29.1053567 * k - 0.0000014 * T2 - 0.00000011 * T3
  const Mp = 201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4
  const F = 160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4
  const O = 124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3
  jde +=
    -0.4072 * sin(Mp) +
    0.17241 * E * sin(M) +
    0.01608 * sin(2 * Mp) +
    0.01039 * sin(2 * F) +
    0.00739 * E * sin(Mp - M) -
    0.00514 * E * sin(Mp + M) +
    0.00208 * E * E * sin(2 * M) -
    0.00111 * sin(Mp - 2 * F) -
    0.00057 * sin(Mp + 2 * F) +
    0.00056 * E * sin(2 * Mp + M) -
    0.00042 * sin(3 * Mp) +
    0.00042 * E * sin(M + 2 * F) +
    0.00038 * E * sin(M - 2 * F) -
    0.00024 * E * sin(2 * Mp - M) -
    0.00017 * sin(O) -
    0.00007 * sin(Mp + 2 * M) +
    0.00004 * sin(2 * Mp - 2 * F) +
    0.00004 * sin(3 * M) +
    0.00003 * sin(Mp + M - 2 * F) +
    0.00003 * sin(2 * Mp + 2 * F) -
    0.00003 * sin(Mp + M + 2 * F) +
    0.00003 * sin(Mp - M + 2 * F) -
    0.00002 * sin(Mp - M - 2 * F) -
    0.00002 * sin(3 * Mp + M) +
    0.00002 * sin(4 * Mp)
  const A = [
    [299.77 + 0.107408 * k - 0.009173 * T2, 0.000325],
    [251.88 + 0.016321 * k, 0.000165],
    [251.83 + 26.651886 * k, 0.000164],
    [349.42 + 36.412478 * k, 0.000126],
    [84.66 + 18.206239 * k, 0.00011],
    [141.74 + 53.303771 * k, 0.000062],
    [207.14 + 2.453732 * k, 0.00006],
    [154.84 + 7.30686 * k, 0.000056],
    [34.52 + 27.261239 * k, 0.000047],
    [207.19 + 0.121824 * k, 0.000042],
    [291.34 + 1.844379 * k, 0.00004],
    [161.72 + 24.198154 * k, 0.000037],
    [239.56 + 25.513099 * k, 0.000035],
    [331.55 + 3.592518 * k, 0.000023],
  ] as const
  for (const [arg, c] of A) jde += c * sin(arg)
  return jde
}

/** ΔT (TT − UT) in seconds, NASA's polynomial for 2005–2050 (a minute or so either way). */
function deltaT(year: number): number {
  const t = year - 2000
  return 62.92 + 0.32217 * t + 0.005589 * t * t
}

/** The instant of new moon number k, as a JS time (UTC ms). */
export function newMoon(k: number): number {
  const jde = newMoonJde(k)
  const ms = (jde - 2440587.5) * 86_400_000
  const year = new Date(ms).getUTCFullYear()
  return ms - deltaT(year) * 1000
}

const BEIJING = 8 * 3_600_000

/** The Beijing calendar date of an instant. */
function beijingDate(ms: number): string {
  return fromUtc(Math.floor((ms + BEIJING) / 86_400_000) * 86_400_000)
}

/** The new moon nearest to a date, as its number k. */
function nearestNewMoon(iso: string): number {
  const approx = (toUtc(iso) - Date.UTC(2000, 0, 6, 18, 14)) / (29.530588861 * 86_400_000)
  let best = Math.round(approx)
  for (const k of [best - 1, best + 1])
    if (Math.abs(newMoon(k) - toUtc(iso)) < Math.abs(newMoon(best) - toUtc(iso))) best = k
  return best
}

let icu: Intl.DateTimeFormat | null = null

/** ICU's lunar month and day of a date (month 1 = 正月; leap months are not 1). */
function icuLunar(iso: string): { month: number; day: number; leap: boolean } {
  icu ??= new Intl.DateTimeFormat('zh-CN-u-ca-chinese', { timeZone: 'UTC', month: 'numeric', day: 'numeric' })
  const parts = icu.formatToParts(new Date(toUtc(iso) + 12 * 3_600_000))
  const month = parts.find((p) => p.type === 'month')?.value ?? ''
  const day = Number(parts.find((p) => p.type === 'day')?.value)
  const leap = /闰|bis/i.test(month)
  const n = Number(month.replace(/\D/g, ''))
  return { month: n, day, leap }
}

/** 正月初一 of the lunar year that begins in Gregorian year `year` (between 1月21日 and 2月20日). */
export function springFestival(year: number): string {
  // ICU finds the day it calls 正月初一 in the window…
  let icuDay: string | null = null
  for (let d = `${year}-01-19`; d <= `${year}-02-22`; d = addDays(d, 1)) {
    const l = icuLunar(d)
    if (l.month === 1 && !l.leap && l.day === 1) {
      icuDay = d
      break
    }
  }
  if (!icuDay) throw new Error(`no 正月初一 found in ${year}`)
  // …and the new moon it stands for gives the exact day.
  return beijingDate(newMoon(nearestNewMoon(icuDay)))
}

/** The first Spring Festival on or after `today` (the coming one; today itself counts). */
export function comingSpringFestival(today: string): string {
  const y = Number(today.slice(0, 4))
  const thisYear = springFestival(y)
  return thisYear >= today ? thisYear : springFestival(y + 1)
}

/**
 * The Spring Festival sales season around a 正月初一: 腊月十七 to 正月十五, as county notices set it
 * (e.g. 阳曲县 2026). 腊月 starts at the new moon before 正月.
 */
export function springSeason(festival: string): { from: string; to: string } {
  const k = nearestNewMoon(festival)
  const la = beijingDate(newMoon(k - 1))
  return { from: addDays(la, 16), to: addDays(festival, 14) }
}
