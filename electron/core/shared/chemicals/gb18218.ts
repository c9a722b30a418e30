import tables from '../../../../resources/gb18218-2018.json'

// GB 18218-2018《危险化学品重大危险源辨识》 as a pure calculation, Electron- and database-free so
// the renderer shows exactly what the core stores. The tables come from resources/gb18218-2018.json
// (generated from the reviewed copies in shared/domain/data by scripts/gen-chemical-data.mjs).
//
//  4.1.2 临界量: "在表1范围内的危险化学品，其临界量按表1确定；未在表1范围内的危险化学品，依据其
//        危险性，按表2确定临界量；若一种危险化学品具有多种危险性，按其中最低的临界量确定。"
//  4.2.1 S = q1/Q1 + q2/Q2 + … + qn/Qn ≥ 1 → 重大危险源 (per unit; q and Q in tonnes).
//  4.2.2 储罐、容器、仓储区的实际存在量按设计最大量确定.
//  4.3   R = α(β1 q1/Q1 + … + βn qn/Qn); β from 表3 (毒性气体) else 表4; α from 表5; grade by 表6.

export interface Table1Row {
  seq: number
  name: string
  aliases: string[]
  cas: string[]
  q: number
}
export interface CategoryRow {
  symbol: string
  hazard: string
  description: string
  q: number
  qNote?: string
  beta: number
}

export const TABLE1: readonly Table1Row[] = tables.table1
export const TABLE2: readonly CategoryRow[] = tables.table2
export const TABLE3: readonly { name: string; beta: number }[] = tables.table3
export const CATEGORY_SYMBOLS = TABLE2.map((c) => c.symbol)
const CATEGORY = new Map(TABLE2.map((c) => [c.symbol, c]))

/** 表3 toxic gases by CAS (the table names them; these are their registry numbers). */
const TABLE3_CAS: Record<string, string> = {
  一氧化碳: '630-08-0',
  二氧化硫: '7446-09-5',
  氨: '7664-41-7',
  环氧乙烷: '75-21-8',
  氯化氢: '7647-01-0',
  溴甲烷: '74-83-9',
  氯: '7782-50-5',
  硫化氢: '7783-06-4',
  氟化氢: '7664-39-3',
  二氧化氮: '10102-44-0',
  氰化氢: '74-90-8',
  碳酰氯: '75-44-5',
  磷化氢: '7803-51-2',
  异氰酸甲酯: '624-83-9',
}

/**
 * CAS numbers that Table 1 (or the catalogue) shares between different substances: 7647-01-0 is both
 * 氯化氢(无水) in Table 1 and 盐酸 in the catalogue, 硝化纤维素 and 硝酸铵 have several Table 1 rows.
 * For these only the name decides.
 */
const NAME_ONLY_CAS = new Set(['7647-01-0', '9004-70-0', '6484-52-2'])

/** A name compared loosely: widths, brackets and what they hold, spaces. */
export function looseChemicalName(name: string): string {
  return name
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\[.*?\]|\(.*?\)|（.*?）|【.*?】/g, '')
    .replace(/[\s,，;；、]/g, '')
    .toLowerCase()
}

const TABLE1_BY_NAME = (() => {
  const m = new Map<string, Table1Row[]>()
  for (const r of TABLE1) {
    // "甲烷,天然气" names two substances
    const names = [r.name, ...r.name.split(/[,，]/), ...r.aliases]
    for (const n of new Set(names.map(looseChemicalName))) {
      if (!n) continue
      m.set(n, [...(m.get(n) ?? []), r])
    }
  }
  return m
})()
const TABLE1_EXACT = new Map(TABLE1.map((r) => [r.name, r]))
const TABLE1_BY_CAS = (() => {
  const m = new Map<string, Table1Row[]>()
  for (const r of TABLE1) for (const c of r.cas) m.set(c, [...(m.get(c) ?? []), r])
  return m
})()

/** The Table 1 row for a substance: exact name, else its loose name or alias, else its CAS. */
export function table1Row(name: string, cas?: string | null): Table1Row | null {
  const exact = TABLE1_EXACT.get(name.trim())
  if (exact) return exact
  const byName = TABLE1_BY_NAME.get(looseChemicalName(name)) ?? []
  if (byName.length === 1) return byName[0] as Table1Row
  if (byName.length > 1) return null
  if (!cas || NAME_ONLY_CAS.has(cas)) return null
  const byCas = TABLE1_BY_CAS.get(cas) ?? []
  return byCas.length === 1 ? (byCas[0] as Table1Row) : null
}

/** The 表3 toxic gas a substance is: by its name (or its Table 1 name: 液氯 → 氯), else its CAS. */
export function table3Row(name: string, cas?: string | null): { name: string; beta: number } | null {
  const t1 = table1Row(name, cas)
  const names = new Set([looseChemicalName(name), ...(t1 ? [looseChemicalName(t1.name)] : [])])
  for (const r of TABLE3) {
    if (names.has(r.name)) return r
    // 盐酸 shares 氯化氢's CAS but is no toxic gas: for shared numbers only the name decides.
    if (cas && !NAME_ONLY_CAS.has(cas) && TABLE3_CAS[r.name] === cas) return r
  }
  return null
}

/**
 * Reviewed GB 18218 categories for the Table 1 substances and everyday products townships hold,
 * from the hazard classes of 《危险化学品目录（2015版）实施指南》 and typical SDS: [] means none of
 * Table 2's hazards applies (corrosives such as 盐酸, 硫酸, 氢氧化钠 count toward no unit's S).
 * 汽油/甲醇/丙酮/甲苯 are 易燃液体 类别2 → W5.3 unless handled above their boiling point or under
 * the special process conditions of W5.1/W5.2, which the clerk then chooses instead.
 */
export const REVIEWED_CATEGORIES: Record<string, string[]> = {
  液化石油气: ['W2'],
  天然气: ['W2'],
  甲烷: ['W2'],
  氢: ['W2'],
  乙炔: ['W2'],
  乙烯: ['W2'],
  二甲醚: ['W2'],
  氧: ['W4'],
  氨: ['W2', 'J3'],
  氯: ['W4', 'J3'],
  硫化氢: ['W2', 'J3'],
  环氧乙烷: ['W2', 'J3'],
  汽油: ['W5.3'],
  甲醇: ['W5.3'],
  乙醇: ['W5.3'],
  丙酮: ['W5.3'],
  甲苯: ['W5.3'],
  苯: ['W5.3'],
  乙酸乙酯: ['W5.3'],
  正己烷: ['W5.3'],
  环己烷: ['W5.3'],
  柴油: ['W5.4'],
  碳化钙: ['W11'],
  电石: ['W11'],
  盐酸: [],
  硫酸: [],
  氢氧化钠: [],
  氢氧化钾: [],
  氨溶液: [],
}

/** The reviewed categories for a substance, or null when it has none on record (类别待确认). */
export function reviewedCategories(name: string): string[] | null {
  const direct = REVIEWED_CATEGORIES[name.trim()] ?? REVIEWED_CATEGORIES[looseChemicalName(name)]
  if (direct) return direct
  const t1 = table1Row(name)
  if (!t1) return null
  for (const n of [t1.name, ...t1.name.split(/[,，]/), ...t1.aliases]) {
    const c = REVIEWED_CATEGORIES[looseChemicalName(n)]
    if (c) return c
  }
  return null
}

/** Category text as stored: "W5.3;J3"; "无" for none applies; null/blank for not yet known. */
export function parseCategories(
  text: string | null | undefined,
): { ok: true; value: string[] | null } | { ok: false; message: string } {
  if (text === null || text === undefined) return { ok: true, value: null }
  const t = text.trim()
  if (t === '' || t === '待确认') return { ok: true, value: null }
  if (/^(无|不适用|不属于表2|—|-|\/)$/.test(t)) return { ok: true, value: [] }
  const parts = t
    .toUpperCase()
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .split(/[\s,;、；，]+/)
    .filter(Boolean)
  const bad = parts.filter((p) => !CATEGORY.has(p))
  if (bad.length)
    return {
      ok: false,
      message: `危险性类别“${bad.join('、')}”不是 GB 18218 表2 的类别符号，可填写如 W2、W5.3、J3，多个用分号隔开；均不适用填“无”`,
    }
  return { ok: true, value: [...new Set(parts)] }
}

export function formatCategories(c: string[] | null): string {
  return c === null ? '' : c.length === 0 ? '无' : c.join(';')
}

// ---- quantities ----------------------------------------------------------------------------

export const QUANTITY_UNITS = ['t', 'kg', 'l', 'm3'] as const
export type QuantityUnit = (typeof QUANTITY_UNITS)[number]
export const QUANTITY_UNIT_LABELS: Record<QuantityUnit, string> = {
  t: '吨',
  kg: '千克',
  l: '升',
  m3: '立方米',
}
/** How a unit is written after a number. */
export const QUANTITY_UNIT_SYMBOLS: Record<QuantityUnit, string> = { t: 't', kg: 'kg', l: 'L', m3: 'm³' }
/** Density asked for volumes: kg per litre for liquids, kg per m³ for gases. */
export const DENSITY_UNIT: Partial<Record<QuantityUnit, string>> = { l: 'kg/L', m3: 'kg/m³' }

export type Converted = { ok: true; tonnes: number; text: string } | { ok: false; message: string }

/** An amount as entered → tonnes (the unit of q and Q). */
export function toTonnes(value: number, unit: QuantityUnit, density?: number | null): Converted {
  const shown = `${formatNumber(value)} ${QUANTITY_UNIT_SYMBOLS[unit]}`
  if (!Number.isFinite(value) || value < 0) return { ok: false, message: '数量须为不小于0的数' }
  switch (unit) {
    case 't':
      return { ok: true, tonnes: value, text: shown }
    case 'kg':
      return { ok: true, tonnes: value / 1000, text: shown }
    case 'l':
    case 'm3': {
      if (!density || !(density > 0))
        return {
          ok: false,
          message: `按${QUANTITY_UNIT_LABELS[unit]}填写的数量需填写密度（${DENSITY_UNIT[unit]}）才能换算成吨`,
        }
      return {
        ok: true,
        tonnes: (value * density) / 1000,
        text: `${shown} × ${formatNumber(density)} ${DENSITY_UNIT[unit]}`,
      }
    }
  }
}

export function formatNumber(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return '—'
  return String(Number(n.toFixed(digits)))
}

// ---- α, grades -----------------------------------------------------------------------------

/** 表5: α by 厂区边界向外扩展500米范围内常住人口数量. */
export function alphaFor(population: number): { alpha: number; band: string } {
  if (population >= 100) return { alpha: 2.0, band: '100人以上' }
  if (population >= 50) return { alpha: 1.5, band: '50～99人' }
  if (population >= 30) return { alpha: 1.2, band: '30～49人' }
  if (population >= 1) return { alpha: 1.0, band: '1～29人' }
  return { alpha: 0.5, band: '0人' }
}

export type Grade = 1 | 2 | 3 | 4
export const GRADE_LABELS: Record<Grade, string> = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' }

// Sums of decimal fractions land a hair off their edge (0.1+0.2); an edge is reached within this.
const EPS = 1e-9

/** 表6: 一级 R≥100; 二级 100>R≥50; 三级 50>R≥10; 四级 R<10. */
export function gradeFor(r: number): Grade {
  if (r >= 100 - EPS) return 1
  if (r >= 50 - EPS) return 2
  if (r >= 10 - EPS) return 3
  return 4
}

// ---- one unit ------------------------------------------------------------------------------

export interface ChemicalHolding {
  name: string
  cas?: string | null
  /** Table 2 symbols; [] none applies; null not yet known (类别待确认). */
  categories: string[] | null
  /** 设计最大量 as entered. */
  quantity: number | null
  unit: QuantityUnit
  density?: number | null
}

export type TermStatus = 'ok' | 'none' | 'pendingCategory' | 'noQuantity' | 'badQuantity'

export interface Term {
  name: string
  status: TermStatus
  /** Why a term is not counted, or how it was found (Chinese). */
  note: string
  quantityText: string
  q: number | null
  Q: number | null
  /** Where Q comes from: 表1第N项 (name) or 表2 W5.3. */
  qSource: string
  ratio: number | null
  beta: number | null
  betaSource: string
  weighted: number | null
}

export interface UnitAssessment {
  terms: Term[]
  /** Σq/Q of the terms that could be computed. */
  s: number
  /** Every term counted (no category or quantity missing). */
  complete: boolean
  /** S ≥ 1 (true even if incomplete: more terms only add). */
  major: boolean
  alpha: number | null
  alphaBand: string | null
  /** Σβ·q/Q of the counted terms. */
  weightedSum: number
  r: number | null
  grade: Grade | null
  /** Why R is not shown: 类别待确认, 数量待填写, 周边人口待填写. */
  pending: string[]
}

export function assessTerm(h: ChemicalHolding): Term {
  const base = {
    name: h.name,
    quantityText: '',
    q: null,
    Q: null,
    qSource: '',
    ratio: null,
    beta: null,
    betaSource: '',
    weighted: null,
  }
  const t1 = table1Row(h.name, h.cas)
  const cats = (h.categories ?? []).map((s) => CATEGORY.get(s)).filter((c): c is CategoryRow => Boolean(c))
  if (!t1 && h.categories !== null && cats.length === 0)
    return { ...base, status: 'none', note: '不属于表1，且无表2所列危险性，不计入' }
  let Q: number | null = null
  let qSource = ''
  if (t1) {
    Q = t1.q
    qSource = `表1第${t1.seq}项（${t1.name}）`
  } else if (cats.length) {
    const lowest = cats.reduce((a, b) => (b.q < a.q ? b : a))
    Q = lowest.q
    qSource = `表2 ${lowest.symbol}${cats.length > 1 ? '（多种危险性取最低临界量）' : ''}`
  }
  let beta: number | null = null
  let betaSource = ''
  const t3 = table3Row(h.name, h.cas)
  if (t3) {
    beta = t3.beta
    betaSource = `表3（${t3.name}）`
  } else if (cats.length) {
    const top = cats.reduce((a, b) => (b.beta > a.beta ? b : a))
    beta = top.beta
    betaSource = `表4 ${top.symbol}${cats.length > 1 ? '（多种危险性取最大β）' : ''}`
  }
  if (h.quantity === null || h.quantity === undefined)
    return { ...base, Q, qSource, beta, betaSource, status: 'noQuantity', note: '最大储存量待填写' }
  const conv = toTonnes(h.quantity, h.unit, h.density)
  if (!conv.ok) return { ...base, Q, qSource, beta, betaSource, status: 'badQuantity', note: conv.message }
  const q = conv.tonnes
  if (Q === null)
    return {
      ...base,
      quantityText: conv.text,
      q,
      status: 'pendingCategory',
      note: '类别待确认：不在表1中，需选择表2危险性类别',
    }
  const ratio = q / Q
  return {
    ...base,
    quantityText: conv.text,
    q,
    Q,
    qSource,
    ratio,
    beta,
    betaSource,
    weighted: beta === null ? null : beta * ratio,
    status: beta === null ? 'pendingCategory' : 'ok',
    note: beta === null ? '类别待确认：表1物质仍需表2类别以确定β' : '',
  }
}

/** One unit: S, and where S ≥ 1, R and the grade; every term kept for the breakdown. */
export function assessUnit(holdings: ChemicalHolding[], population: number | null): UnitAssessment {
  const terms = holdings.map(assessTerm)
  const s = terms.reduce((a, t) => a + (t.ratio ?? 0), 0)
  const weightedSum = terms.reduce((a, t) => a + (t.weighted ?? 0), 0)
  const pending: string[] = []
  if (terms.some((t) => t.status === 'pendingCategory')) pending.push('类别待确认')
  if (terms.some((t) => t.status === 'noQuantity' || t.status === 'badQuantity')) pending.push('数量待填写')
  const complete = pending.length === 0
  const major = s >= 1 - EPS
  const a = population === null ? null : alphaFor(population)
  if (major && a === null) pending.push('周边人口待填写')
  const r = major && pending.length === 0 && a ? a.alpha * weightedSum : null
  return {
    terms,
    s,
    complete,
    major,
    alpha: a?.alpha ?? null,
    alphaBand: a?.band ?? null,
    weightedSum,
    r,
    grade: r === null ? null : gradeFor(r),
    pending,
  }
}

// ---- categories from a sheet's GHS classes ------------------------------------------------

/**
 * Table 2 categories from the GHS hazard classes a ledger lists ("易燃液体,类别2；急性毒性-经口,类别3"),
 * or null when they cannot be decided from the text alone (爆炸物 without its division, acute
 * toxicity whose J symbol depends on the physical state, route or boiling point): those stay
 * 「类别待确认」 for the clerk. Classes Table 2 does not list (腐蚀, 致癌, 加压气体 …) add nothing.
 * A substance classed 加压气体/易燃气体/氧化性气体 is taken to be a gas. W5.1/W5.2 (hot or special process
 * conditions) are never inferred: 易燃液体 类别2 → W5.3, 类别3 → W5.4, as in the reviewed list.
 */
export function categoriesFromHazardClass(text: string | null | undefined): string[] | null {
  if (!text || !text.trim()) return null
  const items = text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .split(/[;；\n]+/)
    .map((s) => s.replace(/\s/g, ''))
    .filter(Boolean)
  const gas = items.some((i) => /^(加压气体|易燃气体|氧化性气体)/.test(i))
  const out = new Set<string>()
  for (const item of items) {
    const [klass = '', cat = ''] = item.split(/[,，]/)
    const n = /类别?([0-9A-G])/.exec(cat)?.[1] ?? /([0-9A-G])[AB]?$/.exec(cat)?.[1] ?? ''
    const is = (...v: string[]) => v.includes(n)
    const add = (when: boolean, symbol: string) => {
      if (when) out.add(symbol)
    }
    if (/^易燃气体/.test(klass)) add(is('1', '2'), 'W2')
    else if (/^气溶胶/.test(klass)) add(is('1', '2'), 'W3')
    else if (/^氧化性气体/.test(klass)) add(is('1'), 'W4')
    else if (/^易燃液体/.test(klass)) {
      if (is('1')) out.add('W5.1')
      else if (is('2')) out.add('W5.3')
      else if (is('3')) out.add('W5.4')
    } else if (/^自反应物质/.test(klass)) {
      if (is('A', 'B')) out.add('W6.1')
      else if (is('C', 'D', 'E', 'F')) out.add('W6.2')
    } else if (/^有机过氧化物/.test(klass)) {
      if (is('A', 'B')) out.add('W7.1')
      else if (is('C', 'D', 'E', 'F')) out.add('W7.2')
    } else if (/^自燃(液体|固体)/.test(klass)) add(is('1'), 'W8')
    else if (/^氧化性(液体|固体)/.test(klass)) {
      if (is('1')) out.add('W9.1')
      else if (is('2', '3')) out.add('W9.2')
    } else if (/^易燃固体/.test(klass)) add(is('1'), 'W10')
    else if (/^遇水放出易燃气体/.test(klass)) add(is('1', '2'), 'W11')
    else if (/^爆炸物/.test(klass)) return null
    else if (/^急性毒性/.test(klass)) {
      const inhaled = /吸入/.test(klass)
      if (!is('1', '2', '3')) return null
      if (gas) out.add(is('1') ? 'J1' : 'J3')
      else if (is('1')) out.add('J2')
      // 类别2/3 by inhalation of a liquid is J4 when it boils at ≤ 35 ℃: not in the text
      else if (inhaled) return null
      else if (is('2')) out.add('J5')
    } else if (
      !/^(皮肤|严重眼|呼吸道|生殖|致癌|特异性|吸入危害|危害水生|危害臭氧|加压气体|化学不稳定性|金属腐蚀|腐蚀)/.test(
        klass,
      )
    )
      return null
  }
  return [...out]
}
