import { describe, expect, it } from 'vitest'
import { cleanCas } from './cas'

describe('CAS numbers', () => {
  it('accepts numbers whose check digit is right, written with full-width or dash variants', () => {
    expect(cleanCas('7664-41-7')).toEqual({ ok: true, value: '7664-41-7' })
    expect(cleanCas('６８４７６－８５－７')).toEqual({ ok: true, value: '68476-85-7' })
    expect(cleanCas(' 7732–18–5 ')).toEqual({ ok: true, value: '7732-18-5' })
  })

  it("names the digit a mistyped number should end in (the fixtures' 68476-85-0 and 74-86-5)", () => {
    const lpg = cleanCas('68476-85-0')
    expect(lpg.ok).toBe(false)
    expect(!lpg.ok && lpg.message).toContain('CAS号校验位错误')
    expect(!lpg.ok && lpg.message).toContain('应为 7')
    expect(cleanCas('74-86-5').ok).toBe(false)
  })

  it('treats blank, "/" and "—" as no number (柴油 has none) and refuses other text', () => {
    for (const v of [null, '', '/', '—', '无']) expect(cleanCas(v)).toEqual({ ok: true, value: null })
    expect(cleanCas('7664417').ok).toBe(false)
  })
})
