import { EnterpriseIndex, enterpriseAdder } from '../excel/enterprise-match'
import { recordWords, type LedgerImporter } from '../excel/ledgers/plugin'
import type { LedgerField } from '../excel/ledgers/types'
import { kitImporter, type ImportHooks, type KitRow } from '../kit/excel'
import {
  categoriesFromHazardClass,
  formatCategories,
  parseCategories,
  reviewedCategories,
  toTonnes,
  type QuantityUnit,
} from '../shared/chemicals/gb18218'
import { KINDS } from '../shared/kit/kinds'
import type { FieldSpec } from '../shared/kit/spec'
import { pinyinKey } from '../shared/kit/pinyin'
import { chemicalSpec, PROVISIONAL_UNIT } from '../shared/specs/chemical'
import { recomputeUnits } from './assess'
import { catalogMatcher, type CatalogEntry } from './catalog'
import { chemicalRepo } from './ledger'

// The chemical ledger's import rules beside its spec; columns, mapping, clean-up, upsert, history
// and undo are the kit's (kit/excel.ts). Offices keep one row per chemical per enterprise
// (危险化学品储存使用台账): the enterprise cell merged over its rows, blank or 同上 (filled down by
// the engine, its 所属村 with it); quantities in tonnes or kilograms with the unit only in the
// header; a 储存地点(单元) column or none (then each enterprise gets one 「待划分单元」 whose S and R
// are provisional). A row finds or creates its parents: an enterprise the roster lacks is added
// (to the village the row names, or 待补充; a name written another way is offered as a near
// match), a unit the enterprise lacks is added. Identity of a chemical: enterprise + unit + 品名.

type Row = Record<string, unknown>

const FLAG_KEYS = ['highlyToxic', 'explosivePrecursor', 'keySupervised'] as const
const QUANTITIES = [
  ['maxQuantity', 'maxKg', 'max_quantity'],
  ['usualQuantity', 'usualKg', 'usual_quantity'],
  ['annualUse', 'annualKg', 'annual_use'],
] as const

interface Prep {
  enterprises: EnterpriseIndex
  units: Map<string, number>
  chemicals: Map<string, Row>
  catalog: (name: string, cas: string | null) => CatalogEntry | null
}

const keyOf = (enterprise: string, unit: string, name: string) => `${enterprise}|${unit}|${name}`

function tonnes(v: unknown, unit: unknown, density: unknown): number | null {
  if (v === null || v === undefined) return null
  const c = toTonnes(v as number, unit as QuantityUnit, density as number | null)
  return c.ok ? Math.round(c.tonnes * 1e9) / 1e9 : null
}

const categoriesField = chemicalSpec.fields.find((f) => f.key === 'categories') as FieldSpec
/** A tick column: √/是 and also the class written out (剧毒, 易制爆, 重点监管). */
const tick = (label: string): LedgerField['read'] => {
  const f: FieldSpec = { key: 'b', label, kind: 'yesNo', column: 'b' }
  return (v) =>
    typeof v === 'string' && /剧毒|易制爆|重点监管/.test(v)
      ? { ok: true, value: true }
      : KINDS.yesNo.clean(v, f, {})
}

export const chemicalImportHooks: ImportHooks<Prep> = {
  sets: ['enterpriseId', 'unitId', 'catalogId'],
  // The spec's parent link (the enterprise) is read by name, and its 所属村 comes down with it.
  fillDownAs: { enterpriseId: { field: 'enterpriseName', with: ['villageName'] } },
  read: {
    // GB 18218 symbols checked and written one way (W5.3；W2); a bad one is a cell warning.
    categories: (v) => {
      const t = KINDS.text.clean(v, categoriesField, {})
      if (!t.ok || t.value === null) return t
      const c = parseCategories(t.value as string)
      return c.ok ? { ok: true, value: formatCategories(c.value) } : c
    },
    'flags.highlyToxic': tick('是否剧毒'),
    'flags.explosivePrecursor': tick('易制爆'),
    'flags.keySupervised': tick('重点监管'),
  },

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
    const chemicals = new Map<string, Row>()
    for (const r of ctx.db
      .prepare(
        `SELECT c.*, e.name AS enterprise_name, u.name AS unit_name FROM chemicals c
         JOIN enterprises e ON e.id = c.enterprise_id JOIN chem_units u ON u.id = c.unit_id
         WHERE c.deleted_at IS NULL AND u.deleted_at IS NULL`,
      )
      .all() as Row[])
      chemicals.set(keyOf(r.enterprise_name as string, r.unit_name as string, r.name as string), r)
    return { enterprises, units, chemicals, catalog: catalogMatcher(ctx) }
  },

  planRow(prep, { values: v, patch, extra, row, env }) {
    let enterpriseName =
      (v.enterpriseName as string | null | undefined) ?? (env.defaults.enterpriseName?.trim() || null)
    const villageName =
      (v.villageName as string | null | undefined) ?? (env.defaults.villageName?.trim() || null)
    const name = (patch.name as string | null | undefined) ?? null
    if (!enterpriseName) row.issue('enterpriseName', '企业名称为空，请填写持有该危险化学品的企业')
    if (!name) row.issue('name', '品名为空，请填写危险化学品的名称')
    if (!enterpriseName || !name) return null
    // Before creating an enterprise: the same name written another way is offered instead.
    const found = prep.enterprises.resolveOne(enterpriseName, villageName, row, env)
    if (!found) return null
    enterpriseName = found.name
    const enterpriseId = found.id
    let unitName = (v.unitName as string | null | undefined) ?? null
    const provisional = unitName === null
    if (provisional) {
      unitName = PROVISIONAL_UNIT
      if (!('unitName' in v))
        row.notice(
          `表中没有“储存地点(单元)”列：每家企业的危险化学品记入一个「${PROVISIONAL_UNIT}」，其S、R为暂定值，请在危化品页面划分为实际的储存/生产单元`,
        )
      else row.warn('unitName', `没有填写储存地点(单元)，记入「${PROVISIONAL_UNIT}」，请核对`)
    }
    const unit = unitName as string
    Object.assign(extra, { enterpriseName, villageName, unitName: unit, provisional })
    patch.enterpriseId = enterpriseId
    patch.unitId = enterpriseId ? (prep.units.get(`${enterpriseId}|${unit}`) ?? null) : null

    // The catalogue by name or CAS: its number, its categories and its marks where the sheet has none.
    const entry = prep.catalog(name, (patch.cas as string | null | undefined) ?? null)
    patch.catalogId = entry?.id ?? null
    if (!patch.cas && entry?.cas && !entry.cas.includes('；')) patch.cas = entry.cas
    if (!patch.categories) {
      // reviewed categories first, else what the sheet's 危险性类别 decides (null: 类别待确认)
      const c =
        entry?.categories ??
        reviewedCategories(name) ??
        categoriesFromHazardClass(patch.hazardClass as string | null | undefined)
      patch.categories = c ? formatCategories(c) || '无' : null
    }
    const flags = new Set((patch.flags as string[] | undefined) ?? [])
    if (!('flags' in patch)) for (const k of FLAG_KEYS) if (entry?.[k]) flags.add(k)
    patch.flags = FLAG_KEYS.filter((k) => flags.has(k))

    // Quantities: the kilogram columns when the sheet has them, else tonnes (or its 计量单位).
    const kg = QUANTITIES.some(([, k]) => k in v)
    const unitOf = (kg ? 'kg' : ((patch.quantityUnit as QuantityUnit | undefined) ?? 't')) as QuantityUnit
    const qty: Row = {}
    for (const [field, kgKey] of QUANTITIES)
      if (kgKey in v || field in patch) qty[field] = (v[kgKey] ?? patch[field] ?? null) as number | null
    const key = keyOf(enterpriseName, unit, name)
    const cur = prep.chemicals.get(key)
    // Quantities equal in tonnes to the stored ones are the same, whatever unit either side was
    // written in: the stored figures and unit stay. Otherwise the row's unit is taken, and a
    // quantity the sheet has no column for is converted into it.
    const same =
      cur &&
      Object.entries(qty).every(
        ([field, n]) =>
          tonnes(n, unitOf, null) ===
          tonnes(cur[QUANTITIES.find((q) => q[0] === field)![2]], cur.quantity_unit, cur.density),
      )
    for (const [field] of QUANTITIES) delete patch[field]
    delete patch.quantityUnit
    if (!same) {
      Object.assign(patch, qty, { quantityUnit: unitOf })
      if (!('density' in v)) patch.density = null
      if (cur)
        for (const [field, , column] of QUANTITIES) {
          if (field in qty) continue
          const t = tonnes(cur[column], cur.quantity_unit, cur.density)
          patch[field] = t === null ? null : Math.round((unitOf === 'kg' ? t * 1000 : t) * 1e6) / 1e6
        }
    } else if (cur) delete patch.density
    return { key, keyLabel: '企业、单元和品名相同', id: (cur?.id as number | undefined) ?? null }
  },

  writer(ctx, batch) {
    const enterprises = enterpriseAdder(ctx, batch, {
      note: `由危险化学品台账导入时建立（${batch.fileName}），请补充信用代码、负责人等信息`,
      hazchem: true,
    })
    const recorded = ctx.db.prepare(
      "INSERT INTO import_batch_created(batch_id, table_name, record_id) VALUES (?, 'chem_units', ?)",
    )
    const known = ctx.db
      .prepare('SELECT id FROM chem_units WHERE enterprise_id = ? AND name = ? AND deleted_at IS NULL')
      .pluck()
    const insertUnit = ctx.db.prepare(
      'INSERT INTO chem_units(enterprise_id, name, name_py, kind, provisional, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    const units = new Map<string, number>()
    const createdUnits: string[] = []
    const touched = new Set<number>()
    const unitFor = (enterpriseId: number, x: Row): number => {
      const name = x.unitName as string
      const k = `${enterpriseId}|${name}`
      let id = units.get(k) ?? (known.get(enterpriseId, name) as number | undefined)
      if (id === undefined) {
        const kind = /车间|装置|生产/.test(name) ? 'production' : 'storage'
        id = Number(
          insertUnit.run(
            enterpriseId,
            name,
            pinyinKey(name),
            kind,
            x.provisional ? 1 : 0,
            batch.now,
            batch.now,
          ).lastInsertRowid,
        )
        recorded.run(batch.id, id)
        createdUnits.push(`${x.enterpriseName as string} ${name}`)
      }
      units.set(k, id)
      return id
    }
    return {
      before(w, patch) {
        const x = w.input.extra as Row
        patch.enterpriseId ??= enterprises.add(
          x.enterpriseName as string,
          (x.villageName as string | null) ?? null,
        )
        patch.unitId ??= unitFor(patch.enterpriseId as number, x)
        // (the unit as written: one the batch has just created is not in the plan's patch)
        touched.add(patch.unitId as number)
      },
      after(_w, _id, prev) {
        if (prev) touched.add(prev.unit_id as number)
      },
      done: () => recomputeUnits(ctx, touched),
      created: () => ({ 企业: enterprises.created, 单元: createdUnits }),
    }
  },

  // S and R of the units the undone chemical was in, and is in again.
  undone(ctx, row) {
    const now = ctx.db.prepare('SELECT unit_id FROM chemicals WHERE id = ?').pluck().get(row.id) as
      number | undefined
    recomputeUnits(ctx, now === undefined ? [row.unit_id as number] : [row.unit_id as number, now])
  },
}

/** 危险化学品台账 in the import engine: the kit's importer with the rules above. */
export const chemicalImporter: LedgerImporter<KitRow> = kitImporter(chemicalRepo, {
  ledger: 'chemicals',
  label: '危险化学品台账',
  hooks: chemicalImportHooks as ImportHooks<unknown>,
  words: recordWords(
    '种',
    '危化品',
    '导入时新建的单元、企业（及为它新建的村）没有其他记录、导入后也没有修改过的一并删除。如果其中有危化品在导入后又被修改过，将不能整批撤销，数据保持不变。',
    { notes: [], nearMatch: 'owner' },
  ),
}) as LedgerImporter<KitRow>

// The enterprise, its village and the unit first (the preview, the mapping).
chemicalImporter.fields = ((fs) => {
  const first = ['_ignore', 'enterpriseName', 'villageName', 'name']
  return [
    ...first.map((k) => fs.find((f) => f.key === k) as LedgerField),
    ...fs.filter((f) => !first.includes(f.key)),
  ]
})(chemicalImporter.fields)
