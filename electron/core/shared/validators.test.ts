import { describe, expect, it } from 'vitest'
import {
  checkCreditCode,
  checkIdNumber,
  checkPhone,
  creditCodeCheckChar,
  nameSimilarity,
  phoneKind,
} from './validators'

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts the reference vector and lower-case / full-width input', () => {
    expect(checkCreditCode('9144030071526726XG')).toBeNull()
    expect(checkCreditCode('9144030071526726xg')).toBeNull()
    expect(checkCreditCode('９１４４０３００７１５２６７２６ＸＧ')).toBeNull()
  })
  it('names the expected check character when the 18th is wrong', () => {
    expect(checkCreditCode('9144030071526726XA')).toBe('统一社会信用代码第18位校验码应为 G，请核对营业执照')
    // from the fixture ledger: a wrong check character
    expect(checkCreditCode('913611713927426353')).toMatch(/第18位校验码应为/)
  })
  it('explains length and forbidden letters', () => {
    expect(checkCreditCode('91440300715267')).toMatch(/应为18位，当前为14位/)
    expect(checkCreditCode('91440300O15267264G')).toMatch(/第9位“O”不是有效字符.*不使用字母 I、O、S、V、Z/)
  })
  it('computes check characters that round-trip', () => {
    const body = '91361171MA27HWE30'
    expect(creditCodeCheckChar(body)).toBe('Y')
    expect(checkCreditCode(`${body}Y`)).toBeNull()
  })
})

describe('phones', () => {
  it('classifies mobiles, landlines and service numbers', () => {
    expect(phoneKind('13812345678')).toBe('mobile')
    expect(phoneKind('+86 138 1234 5678')).toBe('mobile')
    expect(phoneKind('0571-87654321')).toBe('landline')
    expect(phoneKind('010-12345678-123')).toBe('landline')
    expect(phoneKind('12350')).toBe('service')
    expect(phoneKind('1381234567')).toBeNull()
  })
  it('tells the clerk how many digits a mobile has', () => {
    expect(checkPhone('1381234567', '主要负责人电话')).toBe(
      '主要负责人电话“1381234567”不是有效的手机号：手机号应为11位，当前为10位',
    )
  })
})

describe('身份证号 (GB 11643)', () => {
  it('validates the check digit and birth date', () => {
    expect(checkIdNumber('11010519491231002X')).toBeNull()
    expect(checkIdNumber('110105194912310021')).toMatch(/校验码应为 X/)
    expect(checkIdNumber('110105194902300021')).toMatch(/出生日期无效/)
  })
})

describe('near-duplicate names', () => {
  it('treats legal-form variants as the same enterprise and unrelated names as different', () => {
    expect(nameSimilarity('华兴机械有限公司', '华兴机械有限责任公司')).toBe(1)
    expect(nameSimilarity('华兴机械有限公司', '（青禾）华兴机械厂')).toBeGreaterThan(0.8)
    expect(nameSimilarity('华兴机械有限公司', '恒泰纺织有限公司')).toBeLessThan(0.5)
  })
})
