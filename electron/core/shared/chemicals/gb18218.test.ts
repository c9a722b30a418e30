import { describe, expect, it } from 'vitest'
import {
  alphaFor,
  categoriesFromHazardClass,
  assessUnit,
  gradeFor,
  parseCategories,
  reviewedCategories,
  table1Row,
  toTonnes,
  type ChemicalHolding,
} from './gb18218'

// Hand-worked cases: each expected number below was worked out on paper from GB 18218-2018
// (表1 临界量, 表2/表4 by category, 表3 β, 表5 α, 表6 grades), not read back from the code.

const t = (
  name: string,
  quantity: number,
  categories: string[] | null,
  extra: Partial<ChemicalHolding> = {},
) => ({ name, quantity, unit: 't', categories, ...extra }) as ChemicalHolding

describe('S = Σq/Q', () => {
  it('one substance at exactly its Table 1 quantity is a major hazard source (S = 1)', () => {
    // 液化石油气 Q = 50 t (表1第52项); 50 t → S = 1. W2 β = 1.5, nobody within 500 m α = 0.5
    const a = assessUnit([t('液化石油气', 50, ['W2'])], 0)
    expect(a.s).toBe(1)
    expect(a.major).toBe(true)
    expect(a.terms[0]).toMatchObject({
      Q: 50,
      q: 50,
      ratio: 1,
      beta: 1.5,
      qSource: '表1第52项（液化石油气(含丙烷、丁烷及其混合物)）',
    })
    expect(a.r).toBeCloseTo(0.75, 10) // 0.5 × 1.5 × 1
    expect(a.grade).toBe(4)
  })

  it('a mixture below 1 is not a major hazard source and gets no R', () => {
    // 汽油 100/200 = 0.5; 甲醇 200/500 = 0.4 → S = 0.9
    const a = assessUnit([t('汽油', 100, ['W5.3']), t('甲醇', 200, ['W5.3'])], 120)
    expect(a.s).toBeCloseTo(0.9, 12)
    expect(a.major).toBe(false)
    expect(a.r).toBeNull()
    expect(a.grade).toBeNull()
  })

  it('terms that add up to exactly 1 by hand count as 1 despite binary fractions', () => {
    // 汽油 20 t (0.1) + 汽油 40 t (0.2) + 甲醇 350 t (0.7) = 1.0; in floating point 0.999…
    const a = assessUnit([t('汽油', 20, ['W5.3']), t('汽油', 40, ['W5.3']), t('甲醇', 350, ['W5.3'])], 10)
    expect(a.major).toBe(true)
    expect(a.grade).toBe(4) // R = 1.0 × (1×0.1 + 1×0.2 + 1×0.7) = 1
  })

  it('a category-only substance takes Q from Table 2; several hazards take the lowest Q', () => {
    // 柴油 is not in 表1: W5.4 → Q = 5000 t; 10000 t → S = 2; β(W5.4) = 1; α(10人) = 1 → R = 2
    const diesel = assessUnit([t('柴油', 10000, ['W5.4'])], 10)
    expect(diesel.terms[0]).toMatchObject({ Q: 5000, qSource: '表2 W5.4', beta: 1 })
    expect(diesel.s).toBe(2)
    expect(diesel.r).toBe(2)
    // W5.3 (1000 t) and J5 (500 t): Q = 500; 250 t → 0.5
    const both = assessUnit([t('某农药中间体', 250, ['W5.3', 'J5'])], 10)
    expect(both.terms[0]).toMatchObject({ Q: 500, ratio: 0.5 })
  })

  it('a toxic gas takes β from Table 3, not from its categories', () => {
    // 氯: Q = 5 t (表1), 10 t → 2; β = 4 (表3, where W4/J3 of 表4 would give 2); 100人 → α = 2 → R = 16, 三级
    const a = assessUnit([t('液氯', 10, ['W4', 'J3'])], 100)
    expect(a.terms[0]).toMatchObject({ Q: 5, ratio: 2, beta: 4, betaSource: '表3（氯）' })
    expect(a.r).toBe(16)
    expect(a.grade).toBe(3)
  })

  it("盐酸 shares 氯化氢's CAS but is neither the Table 1 氯化氢(无水) nor a toxic gas", () => {
    expect(table1Row('盐酸', '7647-01-0')).toBeNull()
    expect(table1Row('氯化氢', '7647-01-0')?.q).toBe(20)
    const a = assessUnit([{ name: '盐酸', cas: '7647-01-0', quantity: 100, unit: 't', categories: [] }], 10)
    expect(a.terms[0]?.status).toBe('none')
    expect(a.s).toBe(0)
  })

  it('a missing category shows 类别待确认 instead of an R', () => {
    // 乙醛 is in no reviewed list: Q unknown until the clerk chooses its 表2 category
    const a = assessUnit([t('液化石油气', 60, ['W2']), t('乙醛', 5, null)], 10)
    expect(a.major).toBe(true) // 60/50 alone already ≥ 1
    expect(a.r).toBeNull()
    expect(a.pending).toEqual(['类别待确认'])
    expect(a.terms[1]?.status).toBe('pendingCategory')
  })
})

describe('α, R and grades', () => {
  it('α follows the population within 500 m at each band of Table 5', () => {
    expect([0, 1, 29, 30, 49, 50, 99, 100, 5000].map((n) => alphaFor(n).alpha)).toEqual([
      0.5, 1.0, 1.0, 1.2, 1.2, 1.5, 1.5, 2.0, 2.0,
    ])
  })

  it('R = 10, 50 and 100 fall into 三级, 二级 and 一级; just below stays a grade lower', () => {
    // 氯 β = 4, Q = 5. α = 1 (10人): 12.5 t → q/Q = 2.5 → R = 10
    const at = (q: number, population: number) => assessUnit([t('氯', q, ['W4', 'J3'])], population)
    expect(at(12.5, 10)).toMatchObject({ r: 10, grade: 3 })
    expect(at(12.4, 10).grade).toBe(4) // R = 9.92
    // α = 2 (100人): 31.25 t → 6.25 → R = 50; 62.5 t → R = 100
    expect(at(31.25, 100)).toMatchObject({ r: 50, grade: 2 })
    expect(at(31.2, 100).grade).toBe(3) // R = 49.92
    expect(at(62.5, 100)).toMatchObject({ r: 100, grade: 1 })
    expect(at(62.4, 100).grade).toBe(2)
    expect(gradeFor(99.99)).toBe(2)
  })

  it('a major hazard source without its population gets no R until it is entered', () => {
    const a = assessUnit([t('氢', 6, ['W2'])], null)
    expect(a.major).toBe(true)
    expect(a.pending).toEqual(['周边人口待填写'])
  })
})

describe('quantities as entered', () => {
  it('converts t, kg, L with a density and m³ of gas with a density to tonnes', () => {
    expect(toTonnes(3.5, 't')).toMatchObject({ ok: true, tonnes: 3.5 })
    expect(toTonnes(5000, 'kg')).toMatchObject({ ok: true, tonnes: 5 })
    // 10 000 L of 汽油 at 0.75 kg/L = 7 500 kg = 7.5 t
    expect(toTonnes(10000, 'l', 0.75)).toMatchObject({ ok: true, tonnes: 7.5, text: '10000 L × 0.75 kg/L' })
    // 1 000 m³ of 天然气 at 0.717 kg/m³ = 717 kg
    const gas = toTonnes(1000, 'm3', 0.717)
    expect(gas.ok && gas.tonnes).toBeCloseTo(0.717, 12)
    expect(toTonnes(100, 'l')).toMatchObject({ ok: false })
  })

  it('a kilogram inventory gives the same S as the tonnes it equals', () => {
    // 乙炔 Q = 1 t: 600 kg + 0.5 t in one 气瓶间 → S = 1.1
    const a = assessUnit(
      [
        { name: '乙炔', quantity: 600, unit: 'kg', categories: ['W2'] },
        { name: '乙炔', quantity: 0.5, unit: 't', categories: ['W2'] },
      ],
      10,
    )
    expect(a.s).toBeCloseTo(1.1, 12)
    expect(a.terms[0]?.quantityText).toBe('600 kg')
  })

  it('a volume without its density is listed as 数量待填写, not guessed', () => {
    const a = assessUnit([{ name: '汽油', quantity: 300000, unit: 'l', categories: ['W5.3'] }], 10)
    expect(a.pending).toEqual(['数量待填写'])
    expect(a.terms[0]?.note).toContain('密度')
  })
})

describe('categories', () => {
  it('ships reviewed categories for the Table 1 substances townships hold', () => {
    expect(reviewedCategories('液化石油气')).toEqual(['W2'])
    expect(reviewedCategories('石油气[液化的]')).toEqual(['W2'])
    expect(reviewedCategories('氢气')).toEqual(['W2'])
    expect(reviewedCategories('电石气')).toEqual(['W2'])
    expect(reviewedCategories('乙醛')).toBeNull()
  })

  it('reads category text as offices write it and refuses symbols Table 2 does not have', () => {
    expect(parseCategories('w5.3；J3')).toEqual({ ok: true, value: ['W5.3', 'J3'] })
    expect(parseCategories('无')).toEqual({ ok: true, value: [] })
    expect(parseCategories('')).toEqual({ ok: true, value: null })
    const bad = parseCategories('W12')
    expect(bad.ok).toBe(false)
  })
})

describe('categories from the GHS classes a ledger lists', () => {
  it('agree with the reviewed categories for every substance of fixture 04', () => {
    const rows: [string, string][] = [
      ['盐酸', '皮肤腐蚀/刺激,类别1B；严重眼损伤/眼刺激,类别1；特异性靶器官毒性-一次接触,类别3'],
      ['氧', '氧化性气体,类别1；加压气体'],
      ['甲苯', '易燃液体,类别2；皮肤腐蚀/刺激,类别2；生殖毒性,类别2；吸入危害,类别1'],
      ['汽油', '易燃液体,类别2；生殖细胞致突变性,类别1B；致癌性,类别2'],
      ['氢氧化钠', '皮肤腐蚀/刺激,类别1A；严重眼损伤/眼刺激,类别1'],
      ['柴油', '易燃液体,类别3'],
      ['丙酮', '易燃液体,类别2；严重眼损伤/眼刺激,类别2；特异性靶器官毒性-一次接触,类别3'],
      ['液化石油气', '易燃气体,类别1；加压气体'],
      ['氯', '氧化性气体,类别1；加压气体；急性毒性-吸入,类别2'],
      ['氨', '易燃气体,类别2；加压气体；急性毒性-吸入,类别3；皮肤腐蚀/刺激,类别1B'],
      ['乙炔', '易燃气体,类别1；化学不稳定性气体,类别A；加压气体'],
      ['甲醇', '易燃液体,类别2；急性毒性-经口,类别3；特异性靶器官毒性-一次接触,类别1'],
    ]
    for (const [name, text] of rows)
      expect(categoriesFromHazardClass(text), name).toEqual(reviewedCategories(name))
  })

  it('leaves to the clerk what the text cannot decide', () => {
    // 爆炸物 without its division; a liquid toxic by inhalation (J4 or J5 by its boiling point)
    expect(categoriesFromHazardClass('爆炸物,1.1项')).toBeNull()
    expect(categoriesFromHazardClass('易燃液体,类别2；急性毒性-吸入,类别2')).toBeNull()
    expect(categoriesFromHazardClass('某种没见过的危险性')).toBeNull()
    expect(categoriesFromHazardClass('')).toBeNull()
    // 易燃液体 类别1 → W5.1; 急性毒性-经口 类别2 of a liquid → J5
    expect(categoriesFromHazardClass('易燃液体,类别1；急性毒性-经口,类别2')).toEqual(['W5.1', 'J5'])
  })
})
