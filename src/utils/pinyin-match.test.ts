import { describe, expect, it } from 'vitest'
import { matchesPinyin } from './pinyin-match'

describe('matchesPinyin', () => {
  it('finds a village by its 拼音首字母', () => {
    expect(matchesPinyin('东湖村', 'dh')).toBe(true)
    expect(matchesPinyin('华兴工业', 'hxgy')).toBe(true)
    expect(matchesPinyin('西岭村', 'dh')).toBe(false)
  })

  it('accepts full pinyin, upper case and Chinese fragments', () => {
    expect(matchesPinyin('东湖村', 'donghu')).toBe(true)
    expect(matchesPinyin('东湖村', 'DH')).toBe(true)
    expect(matchesPinyin('东湖村', '湖')).toBe(true)
    expect(matchesPinyin('东湖村', '南')).toBe(false)
  })

  it('matches either reading of a polyphonic character', () => {
    expect(matchesPinyin('长青村', 'cq')).toBe(true)
    expect(matchesPinyin('长青村', 'zq')).toBe(true)
  })
})
