import { describe, expect, it } from 'vitest'
import { formatDocumentNumber } from './numbering'

describe('formatDocumentNumber: （简称）字头代字〔年〕序号号', () => {
  const base = { abbreviation: '青', prefix: '应急', year: 2026, seq: 3 }

  it('prints each document type with its 代字 and full-width brackets', () => {
    expect(formatDocumentNumber({ ...base, type: 'check_record' })).toBe('（青）应急检记〔2026〕3号')
    expect(formatDocumentNumber({ ...base, type: 'rectification_order' })).toBe('（青）应急责改〔2026〕3号')
    expect(formatDocumentNumber({ ...base, type: 'rectification_opinion' })).toBe('（青）应急整改〔2026〕3号')
    expect(formatDocumentNumber({ ...base, type: 'reinspection_opinion' })).toBe('（青）应急复查〔2026〕3号')
  })

  it('uses the office 字头 (安监 before the 2018 reform) and never half-width brackets', () => {
    const n = formatDocumentNumber({ ...base, prefix: '安监', type: 'rectification_order', seq: 125 })
    expect(n).toBe('（青）安监责改〔2026〕125号')
    expect(n).not.toMatch(/[()[\]]/)
  })

  it('trims stray spaces from the settings', () => {
    expect(
      formatDocumentNumber({ ...base, abbreviation: ' 青 ', prefix: '应急 ', type: 'check_record', seq: 1 }),
    ).toBe('（青）应急检记〔2026〕1号')
  })

  it('refuses sequence 0 and impossible years', () => {
    expect(() => formatDocumentNumber({ ...base, type: 'check_record', seq: 0 })).toThrow()
    expect(() => formatDocumentNumber({ ...base, type: 'check_record', year: 26 })).toThrow()
  })
})
