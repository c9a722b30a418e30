import type { Ctx } from '../../context'
import { catalogMatcher, type CatalogEntry } from '../../chemicals/catalog'
import { recomputeUnits } from '../../chemicals/assess'
import { cleanCas } from '../../shared/chemicals/cas'
import {
  categoriesFromHazardClass,
  formatCategories,
  parseCategories,
  reviewedCategories,
  toTonnes,
  type QuantityUnit,
} from '../../shared/chemicals/gb18218'
import { KINDS } from '../../shared/kit/kinds'
import { pinyinKey } from '../../shared/kit/pinyin'
import type { FieldSpec } from '../../shared/kit/spec'
import { chemicalSpec, PROVISIONAL_UNIT } from '../../shared/specs/chemical'
import { fillDownOf } from '../../kit/excel'
import type { CellValue } from '../grid'
import type { Normalized } from '../normalize'
import { EnterpriseIndex, enterpriseAdder } from '../enterprise-match'
import type { LedgerImporter, Work } from './plugin'
import { IGNORE_FIELD, type LedgerField } from './types'

// Chemical ledgers as offices keep them (危险化学品储存使用台账): one row per chemical per
// enterprise, the enterprise cell merged over its rows, left blank or written 同上; quantities
// in tonnes or kilograms with the unit only in the header; a 储存地点(单元) column or none (then
// each enterprise gets one 「待划分单元」 whose S and R are provisional). An enterprise the roster
// lacks is added (to the village the row names, or 待补充) and reported. Identity of a chemical:
// enterprise + unit + 品名.

const ok = <T>(value: T): Normalized<T> => ({ ok: true, value })

function textField(label: string, max: number, kind: 'text' | 'longText' = 'text') {
  const spec: FieldSpec = { key: 'text', label, kind, column: 't', max }
  return (v: CellValue): Normalized<string | null> => {
    const r = KINDS[kind].clean(v, spec, {})
    return r.ok ? ok(r.value as string | null) : r
  }
}

function numberField(label: string) {
  const spec: FieldSpec = { key: 'n', label, kind: 'decimal', column: 'n', min: 0 }
  return (v: CellValue): Normalized<number | null> => {
    const r = KINDS.decimal.clean(v, spec, {})
    return r.ok ? ok(r.value as number | null) : r
  }
}

function tick(label: string) {
  const spec: FieldSpec = { key: 'b', label, kind: 'yesNo', column: 'b' }
  return (v: CellValue): Normalized<boolean | null> => {
    if (typeof v === 'string' && /剧毒|易制爆|重点监管/.test(v)) return ok(true)
    const r = KINDS.yesNo.clean(v, spec, {})
    return r.ok ? ok(r.value as boolean | null) : r
  }
}

const KG = ['kg', '千克', '公斤']
const qty = (key: string, label: string, words: string[], kg: boolean): LedgerField => ({
  key,
  label: `${label}（${kg ? 'kg' : '吨'}）`,
  synonyms: kg
    ? words.flatMap((w) => KG.map((k) => `${w}(${k})`))
    : [...words, ...words.flatMap((w) => [`${w}(吨)`, `${w}(t)`, `${w}t`])],
  excludeWords: kg ? [] : KG,
  read: numberField(label),
  kind: 'number',
  width: 11,
})

const MAX_WORDS = ['最大储存量', '设计最大量', '最大储量', '最大存量', '最大存储量', '储存量']
const USUAL_WORDS = ['日常储存量', '日常存量', '实际储存量', '日常储量', '现存量']
const ANNUAL_WORDS = ['年用量', '年使用量', '年消耗量', '年经营量', '年用(购)量']

export const CHEMICAL_IMPORT_FIELDS: LedgerField[] = [
  { key: IGNORE_FIELD, label: '序号', synonyms: ['序号', '编号', '序', 'no', 'no.'], read: () => ok(null) },
  {
    key: 'enterpriseName',
    label: '企业名称',
    required: true,
    synonyms: [
      '企业名称',
      '单位名称',
      '企业(单位)名称',
      '生产经营单位',
      '使用单位',
      '经营单位',
      '单位',
      '企业',
    ],
    excludeWords: ['检查', '监管', '主管'],
    read: textField('企业名称', 100),
    width: 26,
  },
  {
    key: 'villageName',
    label: '所属村（社区）',
    synonyms: ['所属村(社区)', '所属村', '村(社区)', '村居', '所在村', '属地'],
    read: textField('所属村（社区）', 100),
    width: 12,
    importOnly: true,
  },
  {
    key: 'name',
    label: '品名',
    required: true,
    synonyms: ['品名', '化学品名称', '危险化学品名称', '危化品名称', '物质名称', '化学品品名', '名称'],
    excludeWords: ['企业', '单位', '地点', '单元'],
    read: textField('品名', 200),
    width: 16,
  },
  {
    key: 'cas',
    label: 'CAS号',
    synonyms: ['cas号', 'cas', 'cas编号', 'casno', 'cas登记号'],
    read: (v) => {
      const r = cleanCas(v)
      return r.ok ? ok(r.value) : r
    },
    width: 13,
    kind: 'code',
  },
  {
    key: 'hazardClass',
    label: '危险性类别',
    synonyms: ['危险性类别', '危险性', '危险类别', '危险特性', '危险性分类'],
    excludeWords: ['gb', '18218', '符号'],
    read: textField('危险性类别', 500, 'longText'),
    width: 30,
  },
  {
    key: 'categories',
    label: 'GB 18218类别',
    synonyms: ['gb18218类别', '重大危险源类别', '类别符号', 'gb18218类别符号'],
    read: (v) => {
      const t = textField('GB 18218类别', 40)(v)
      if (!t.ok || t.value === null) return t
      const c = parseCategories(t.value)
      return c.ok ? ok(formatCategories(c.value)) : c
    },
    width: 10,
  },
  {
    key: 'unitName',
    label: '储存地点(单元)',
    synonyms: [
      '储存地点(单元)',
      '储存地点',
      '单元',
      '储存单元',
      '生产单元',
      '存放地点',
      '储存场所',
      '存放位置',
      '单元名称',
    ],
    read: textField('储存地点(单元)', 60),
    width: 16,
  },
  qty('maxT', '最大储存量', MAX_WORDS, false),
  qty('maxKg', '最大储存量', MAX_WORDS, true),
  qty('usualT', '日常储存量', USUAL_WORDS, false),
  qty('usualKg', '日常储存量', USUAL_WORDS, true),
  qty('annualT', '年用量', ANNUAL_WORDS, false),
  qty('annualKg', '年用量', ANNUAL_WORDS, true),
  {
    key: 'highlyToxic',
    label: '是否剧毒',
    synonyms: ['是否剧毒', '剧毒', '剧毒化学品', '是否剧毒化学品'],
    read: tick('是否剧毒'),
    width: 6,
    kind: 'flag',
  },
  {
    key: 'explosivePrecursor',
    label: '易制爆',
    synonyms: ['易制爆', '是否易制爆', '易制爆化学品'],
    read: tick('易制爆'),
    width: 6,
    kind: 'flag',
  },
  {
    key: 'keySupervised',
    label: '重点监管',
    synonyms: ['重点监管', '是否重点监管', '重点监管危险化学品'],
    read: tick('重点监管'),
    width: 6,
    kind: 'flag',
  },
  {
    key: 'notes',
    label: '备注',
    synonyms: ['备注', '说明'],
    read: textField('备注', 1000, 'longText'),
    width: 16,
  },
]

export interface ChemicalImportRow {
  enterpriseId: number | null
  enterpriseName: string
  villageName: string | null
  unitId: number | null
  unitName: string
  provisional: boolean
  catalogId: number | null
  name: string
  cas: string | null
  hazardClass: string | null
  categories: string | null
  maxQuantity: number | null
  usualQuantity: number | null
  annualUse: number | null
  quantityUnit: QuantityUnit
  highlyToxic: boolean
  explosivePrecursor: boolean
  keySupervised: boolean
  notes: string | null
}

interface Prep {
  enterprises: EnterpriseIndex
  units: Map<string, number>
  chemicals: Map<string, Record<string, unknown>>
  catalog: (name: string, cas: string | null) => CatalogEntry | null
}

const keyOf = (enterprise: string, unit: string, name: string) => `${enterprise}|${unit}|${name}`

const COLS = [
  'enterprise_id',
  'unit_id',
  'catalog_id',
  'name',
  'cas',
  'hazard_class',
  'categories',
  'max_quantity',
  'usual_quantity',
  'annual_use',
  'quantity_unit',
  'highly_toxic',
  'explosive_precursor',
  'key_supervised',
  'notes',
] as const

function tonnesOf(v: unknown, unit: unknown, density: unknown): number | null {
  if (v === null || v === undefined) return null
  const c = toTonnes(v as number, unit as QuantityUnit, density as number | null)
  return c.ok ? Math.round(c.tonnes * 1e9) / 1e9 : null
}

export const chemicalImporter: LedgerImporter<ChemicalImportRow, Prep> = {
  ledger: 'chemicals',
  label: '危险化学品台账',
  fields: CHEMICAL_IMPORT_FIELDS,
  requiredField: 'name',
  requiredLabel: '品名',
  identityFields: ['name'],
  // The enterprise cell merged over its rows, blank or 同上 (and its 所属村 with it): the engine
  // fills it down from the row above, as the spec's parent link declares.
  fillDown: fillDownOf(chemicalSpec, { enterpriseId: { field: 'enterpriseName', with: ['villageName'] } }),
  notesField: 'notes',
  table: 'chemicals',
  nameSql: 'name',

  prepare(ctx) {
    const enterprises = new EnterpriseIndex(
      (
        ctx.db
          .prepare(
            'SELECT e.id, e.name, v.name FROM enterprises e JOIN villages v ON v.id = e.village_id WHERE e.deleted_at IS NULL',
          )
          .raw()
          .all() as [number, string, string][]
      ).map(([id, name, village]) => ({ id, name, village, deleted: false })),
    )
    const units = new Map<string, number>()
    for (const [id, eid, name] of ctx.db
      .prepare('SELECT id, enterprise_id, name FROM chem_units WHERE deleted_at IS NULL ORDER BY id DESC')
      .raw()
      .all() as [number, number, string][])
      units.set(`${eid}|${name}`, id)
    const chemicals = new Map<string, Record<string, unknown>>()
    for (const r of ctx.db
      .prepare(
        `SELECT c.*, e.name AS enterprise_name, u.name AS unit_name FROM chemicals c
         JOIN enterprises e ON e.id = c.enterprise_id JOIN chem_units u ON u.id = c.unit_id
         WHERE c.deleted_at IS NULL AND u.deleted_at IS NULL`,
      )
      .all() as Record<string, unknown>[])
      chemicals.set(keyOf(r.enterprise_name as string, r.unit_name as string, r.name as string), r)
    return {
      enterprises,
      units,
      chemicals,
      catalog: catalogMatcher(ctx),
    }
  },

  planRow(prep, v, row, env) {
    const fail = { input: null, key: null, existing: null, keyLabel: '' }
    let enterpriseName = (v.enterpriseName as string | null) ?? null
    let villageName = (v.villageName as string | null) ?? null
    enterpriseName ??= env.defaults.enterpriseName?.trim() || null
    villageName ??= env.defaults.villageName?.trim() || null
    const name = v.name as string | null
    if (!enterpriseName) row.issue('enterpriseName', '企业名称为空，请填写持有该危险化学品的企业')
    if (!name) row.issue('name', '品名为空，请填写危险化学品的名称')
    if (!enterpriseName || !name) return fail
    // Before creating an enterprise: the same name written another way is offered instead.
    const found = prep.enterprises.resolve(enterpriseName, villageName, row, env)
    enterpriseName = found.name
    const candidates = found.candidates
    if (candidates.length > 1) {
      row.issue(
        'enterpriseName',
        `企业台账中有 ${candidates.length} 家名为“${enterpriseName}”的企业，请在表中填写所属村（社区）以区分`,
      )
      return fail
    }
    const enterpriseId = candidates[0]?.id ?? null
    let unitName = (v.unitName as string | null) ?? null
    const provisional = unitName === null
    if (provisional) {
      unitName = PROVISIONAL_UNIT
      if (!('unitName' in v))
        row.notice(
          `表中没有“储存地点(单元)”列：每家企业的危险化学品记入一个「${PROVISIONAL_UNIT}」，其S、R为暂定值，请在危化品页面划分为实际的储存/生产单元`,
        )
      else row.warn('unitName', `没有填写储存地点(单元)，记入「${PROVISIONAL_UNIT}」，请核对`)
    }
    const unitId = enterpriseId ? (prep.units.get(`${enterpriseId}|${unitName}`) ?? null) : null
    const kg = ['maxKg', 'usualKg', 'annualKg'].some((k) => k in v)
    const pick = (t: string, k: string) => (v[k] ?? v[t] ?? null) as number | null
    const cas = (v.cas as string | null) ?? null
    const entry = prep.catalog(name, cas)
    let categories = (v.categories as string | null) ?? null
    if (categories === null) {
      // reviewed categories first, else what the sheet's 危险性类别 decides (null: 类别待确认)
      const c =
        entry?.categories ??
        reviewedCategories(name) ??
        categoriesFromHazardClass(v.hazardClass as string | null)
      categories = c ? formatCategories(c) || '无' : null
    }
    const input: ChemicalImportRow = {
      enterpriseId,
      enterpriseName,
      villageName,
      unitId,
      unitName: unitName as string,
      provisional,
      catalogId: entry?.id ?? null,
      name,
      cas: cas ?? (entry && !entry.cas.includes('；') && entry.cas ? entry.cas : null),
      hazardClass: (v.hazardClass as string | null) ?? null,
      categories,
      maxQuantity: pick('maxT', 'maxKg'),
      usualQuantity: pick('usualT', 'usualKg'),
      annualUse: pick('annualT', 'annualKg'),
      quantityUnit: kg ? 'kg' : 't',
      highlyToxic: (v.highlyToxic as boolean | null) ?? entry?.highlyToxic ?? false,
      explosivePrecursor: (v.explosivePrecursor as boolean | null) ?? entry?.explosivePrecursor ?? false,
      keySupervised: (v.keySupervised as boolean | null) ?? entry?.keySupervised ?? false,
      notes: [(v.notes as string | null) ?? null, ...env.keep].filter(Boolean).join('；') || null,
    }
    // A bad CAS cell is left out: the catalogue's number is not silently put in its place.
    if ('cas' in v && v.cas === undefined) input.cas = null
    const key = keyOf(enterpriseName, input.unitName, name)
    const cur = prep.chemicals.get(key)
    let existing = null
    if (cur) {
      // Same quantities in tonnes are the same record, whatever unit either side was written in.
      const same =
        tonnesOf(cur.max_quantity, cur.quantity_unit, cur.density) ===
          tonnesOf(input.maxQuantity, input.quantityUnit, null) &&
        tonnesOf(cur.usual_quantity, cur.quantity_unit, cur.density) ===
          tonnesOf(input.usualQuantity, input.quantityUnit, null) &&
        tonnesOf(cur.annual_use, cur.quantity_unit, cur.density) ===
          tonnesOf(input.annualUse, input.quantityUnit, null) &&
        (cur.cas ?? null) === input.cas &&
        (cur.hazard_class ?? null) === input.hazardClass &&
        (cur.categories ?? null) === input.categories &&
        cur.highly_toxic === Number(input.highlyToxic) &&
        cur.explosive_precursor === Number(input.explosivePrecursor) &&
        cur.key_supervised === Number(input.keySupervised) &&
        (cur.notes ?? null) === input.notes
      existing = { id: cur.id as number, deleted: false, same }
    }
    return { input, key, keyLabel: '企业、单元和品名相同', existing }
  },

  write(ctx: Ctx, work: Work<ChemicalImportRow>[], batch, onProgress) {
    const createdUnits: string[] = []
    const unitIds = new Map<string, number>()
    const touched = new Set<number>()
    const side = ctx.db.prepare(
      'INSERT INTO import_batch_created(batch_id, table_name, record_id) VALUES (?, ?, ?)',
    )
    const enterprises = enterpriseAdder(ctx, batch, {
      note: `由危险化学品台账导入时建立（${batch.fileName}），请补充信用代码、负责人等信息`,
      hazchem: true,
    })
    const enterpriseFor = (r: ChemicalImportRow): number =>
      r.enterpriseId ?? enterprises.add(r.enterpriseName, r.villageName)
    const unitFor = (r: ChemicalImportRow, enterpriseId: number): number => {
      if (r.unitId) return r.unitId
      const k = `${enterpriseId}|${r.unitName}`
      const known =
        unitIds.get(k) ??
        (ctx.db
          .prepare('SELECT id FROM chem_units WHERE enterprise_id = ? AND name = ? AND deleted_at IS NULL')
          .pluck()
          .get(enterpriseId, r.unitName) as number | undefined)
      if (known) return known
      const id = Number(
        ctx.db
          .prepare(
            `INSERT INTO chem_units(enterprise_id, name, name_py, kind, provisional, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            enterpriseId,
            r.unitName,
            pinyinKey(r.unitName),
            /车间|装置|生产/.test(r.unitName) ? 'production' : 'storage',
            r.provisional ? 1 : 0,
            batch.now,
            batch.now,
          ).lastInsertRowid,
      )
      side.run(batch.id, 'chem_units', id)
      unitIds.set(k, id)
      createdUnits.push(`${r.enterpriseName} ${r.unitName}`)
      return id
    }
    const insert = ctx.db.prepare(
      `INSERT INTO chemicals(${COLS.join(',')}, created_at, updated_at) VALUES (${COLS.map(() => '?').join(',')}, ?, ?)`,
    )
    const update = ctx.db.prepare(
      `UPDATE chemicals SET ${COLS.map((c) => `${c} = ?`).join(', ')}, density = NULL, version = version + 1, updated_at = ? WHERE id = ? RETURNING version`,
    )
    const before = ctx.db.prepare('SELECT * FROM chemicals WHERE id = ?')
    const item = ctx.db.prepare(
      'INSERT INTO import_batch_items(batch_id, record_id, action, before, after_version) VALUES (?, ?, ?, ?, ?)',
    )
    let inserted = 0
    let done = 0
    for (const w of work) {
      const r = w.input
      const enterpriseId = enterpriseFor(r)
      const unitId = unitFor(r, enterpriseId)
      const values = [
        enterpriseId,
        unitId,
        r.catalogId,
        r.name,
        r.cas,
        r.hazardClass,
        r.categories,
        r.maxQuantity,
        r.usualQuantity,
        r.annualUse,
        r.quantityUnit,
        Number(r.highlyToxic),
        Number(r.explosivePrecursor),
        Number(r.keySupervised),
        r.notes,
      ]
      if (w.status === 'insert') {
        const id = Number(insert.run(...values, batch.now, batch.now).lastInsertRowid)
        item.run(batch.id, id, 'insert', null, 1)
        inserted++
      } else {
        const id = w.existingId as number
        const prev = before.get(id) as Record<string, unknown>
        touched.add(prev.unit_id as number)
        const { version } = update.get(...values, batch.now, id) as { version: number }
        item.run(batch.id, id, 'update', JSON.stringify(prev), version)
      }
      touched.add(unitId)
      if (++done % 5000 === 0) onProgress?.(done, work.length)
    }
    recomputeUnits(ctx, touched)
    return {
      inserted,
      updated: work.length - inserted,
      created: { 企业: enterprises.created, 单元: createdUnits },
    }
  },

  undoItem(ctx, it) {
    const unitId = ctx.db.prepare('SELECT unit_id FROM chemicals WHERE id = ?').pluck().get(it.recordId) as
      number | undefined
    if (it.action === 'insert') ctx.db.prepare('DELETE FROM chemicals WHERE id = ?').run(it.recordId)
    else {
      const prev = JSON.parse(it.before as string) as Record<string, unknown>
      const cols = Object.keys(prev).filter((c) => c !== 'id' && c !== 'version')
      ctx.db
        .prepare(
          `UPDATE chemicals SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1 WHERE id = @id`,
        )
        .run({ ...prev, id: it.recordId })
      recomputeUnits(ctx, [prev.unit_id as number])
    }
    if (unitId !== undefined) {
      // A unit this batch created goes with its last chemical (before its enterprise is removed).
      const empty = !ctx.db.prepare('SELECT 1 FROM chemicals WHERE unit_id = ?').get(unitId)
      const made = ctx.db
        .prepare("SELECT 1 FROM import_batch_created WHERE table_name = 'chem_units' AND record_id = ?")
        .get(unitId)
      if (empty && made) ctx.db.prepare('DELETE FROM chem_units WHERE id = ?').run(unitId)
      else recomputeUnits(ctx, [unitId])
    }
  },
}
