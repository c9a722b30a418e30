import { AppError } from '../../errors'
import { FLAG_KEYS, type EnterpriseFlag, type EnterpriseInput } from '../../shared/enterprise-fields'
import { validateEnterprise } from '../../shared/enterprise-schema'
import { checkPhone } from '../../shared/validators'
import { ENTERPRISE_IMPORT_FIELDS } from './enterprises'
import type { LedgerImporter, Work } from './plugin'

// The enterprise ledger in the import engine: upsert by 统一社会信用代码, then by name + village;
// villages and industries named in the file are created when missing.

export interface EnterpriseRow {
  input: EnterpriseInput
  villageName: string | null
  industryName: string | null
}

interface Prep {
  byCode: Map<string, { id: number; deleted: boolean }>
  byNameVillage: Map<string, { id: number; deleted: boolean }>
  villageIds: Map<string, number>
  existing: { get(id: number): unknown }
}

const LABEL_OF = new Map(ENTERPRISE_IMPORT_FIELDS.map((f) => [f.key, f.label]))
const flagCol = (k: string): string => `flag_${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`

function sameAsStored(r: EnterpriseRow, cur: Record<string, unknown>): boolean {
  const i = r.input
  const stored: [unknown, unknown][] = [
    [i.name, cur.name],
    [i.creditCode, cur.credit_code],
    [i.legalRepresentative, cur.legal_representative],
    [i.principal, cur.principal],
    [i.principalPhone, cur.principal_phone],
    [i.safetyOfficer, cur.safety_officer],
    [i.safetyOfficerPhone, cur.safety_officer_phone],
    [i.contactPhone, cur.contact_phone],
    [i.address, cur.address],
    [i.scale, cur.scale],
    [i.employees, cur.employees],
    [i.establishedDate, cur.established_date],
    [i.standardization, cur.standardization],
    [i.riskLevel, cur.risk_level],
    [i.responsibilityLetterYear, cur.responsibility_letter_year],
    [i.status, cur.status],
    [i.notes, cur.notes],
    [r.villageName, cur.village_name],
    [r.industryName, cur.industry_name],
  ]
  if (stored.some(([a, b]) => a !== (b ?? null))) return false
  const flags = FLAG_KEYS.filter((k) => cur[flagCol(k)] === 1)
  return [...flags].sort().join() === [...i.flags].sort().join()
}

const COLS = [
  'name',
  'credit_code',
  'legal_representative',
  'principal',
  'principal_phone',
  'safety_officer',
  'safety_officer_phone',
  'contact_phone',
  'village_id',
  'address',
  'industry_id',
  'scale',
  'employees',
  'established_date',
  ...FLAG_KEYS.map(flagCol),
  'standardization',
  'risk_level',
  'responsibility_letter_year',
  'status',
  'notes',
]

const FTS_TRIGGERS = ['enterprises_fts_insert', 'enterprises_fts_update', 'enterprises_fts_delete']
const BULK_THRESHOLD = 500

export const enterpriseImporter: LedgerImporter<EnterpriseRow, Prep> = {
  ledger: 'enterprises',
  label: '企业台账',
  fields: ENTERPRISE_IMPORT_FIELDS,
  requiredField: 'name',
  requiredLabel: '企业名称',
  identityFields: ['name', 'creditCode'],
  table: 'enterprises',
  nameSql: 'name',

  prepare(ctx) {
    const byCode = new Map<string, { id: number; deleted: boolean }>()
    const byNameVillage = new Map<string, { id: number; deleted: boolean }>()
    const rows = ctx.db
      .prepare(
        'SELECT e.id, e.name, e.credit_code, e.deleted_at IS NOT NULL AS deleted, v.name AS village FROM enterprises e JOIN villages v ON v.id = e.village_id',
      )
      .raw()
      .all() as [number, string, string | null, number, string][]
    for (const [id, name, code, deleted, village] of rows) {
      const rec = { id, deleted: deleted === 1 }
      if (code) byCode.set(code, rec)
      byNameVillage.set(`${name}|${village}`, rec)
    }
    const villageIds = new Map(
      (ctx.db.prepare('SELECT name, id FROM villages').raw().all() as [string, number][]).map(([n, id]) => [
        n,
        id,
      ]),
    )
    const existing = ctx.db.prepare(
      `SELECT e.*, v.name AS village_name, i.name AS industry_name FROM enterprises e
       JOIN villages v ON v.id = e.village_id LEFT JOIN industries i ON i.id = e.industry_id WHERE e.id = ?`,
    )
    return { byCode, byNameVillage, villageIds, existing }
  },

  planRow(prep, values, row) {
    const flags = new Set<EnterpriseFlag>((values.flags as EnterpriseFlag[] | null) ?? [])
    for (const k of FLAG_KEYS) if (values[`flag.${k}`] === true) flags.add(k)
    const first = (key: string): string | null =>
      ((values[key] as string[] | null | undefined) ?? [])[0] ?? null
    const extraPhones = ['principalPhone', 'safetyOfficerPhone', 'contactPhone'].flatMap((k) =>
      ((values[k] as string[] | null | undefined) ?? []).slice(1),
    )
    const villageName = (values.villageName as string | null) ?? null
    const industryName = (values.industryName as string | null) ?? null
    const notes = [
      values.notes as string | null,
      extraPhones.length ? `其他电话：${extraPhones.join('、')}` : null,
    ]
      .filter(Boolean)
      .join('；')
    const raw = {
      name: values.name ?? '',
      creditCode: values.creditCode ?? null,
      legalRepresentative: values.legalRepresentative ?? null,
      principal: values.principal ?? null,
      principalPhone: first('principalPhone'),
      safetyOfficer: values.safetyOfficer ?? null,
      safetyOfficerPhone: first('safetyOfficerPhone'),
      contactPhone: first('contactPhone'),
      // the village is resolved (or created) at commit; any positive id passes the rule here
      villageId: villageName ? (prep.villageIds.get(villageName) ?? 1) : 0,
      address: values.address ?? null,
      industryId: null,
      scale: values.scale ?? null,
      employees: values.employees ?? null,
      establishedDate: values.establishedDate ?? null,
      flags: [...flags],
      standardization: values.standardization ?? null,
      riskLevel: values.riskLevel ?? null,
      responsibilityLetterYear: values.responsibilityLetterYear ?? null,
      status: values.status ?? 'operating',
      notes: notes || null,
    }
    const v = validateEnterprise(raw, 'canonical')
    let ok = v.ok
    if (!v.ok)
      for (const i of v.issues) {
        if (i.field === 'villageId') row.issue('villageName', '所属村（社区）为空，请填写企业所在的村或社区')
        else row.issue(i.field, i.message)
      }
    for (const key of ['principalPhone', 'safetyOfficerPhone', 'contactPhone'])
      for (const p of ((values[key] as string[] | null | undefined) ?? []).slice(1)) {
        const msg = checkPhone(p, LABEL_OF.get(key))
        if (msg) {
          row.issue(key, msg)
          ok = false
        }
      }
    if (!v.ok || !ok) return { input: null, key: null, existing: null, keyLabel: '' }
    const input = v.value
    const r: EnterpriseRow = { input, villageName, industryName }
    const key = input.creditCode ? `code:${input.creditCode}` : `name:${input.name}|${villageName}`
    const hit = input.creditCode
      ? prep.byCode.get(input.creditCode)
      : prep.byNameVillage.get(`${input.name}|${villageName}`)
    if (hit?.deleted) {
      row.issue(input.creditCode ? 'creditCode' : 'name', '该企业在回收站中。请先在回收站恢复，再重新导入')
      return { input: null, key: null, existing: null, keyLabel: '' }
    }
    return {
      input: r,
      key,
      keyLabel: input.creditCode ? '统一社会信用代码相同' : '名称和村相同',
      existing: hit
        ? {
            id: hit.id,
            deleted: false,
            same: sameAsStored(r, prep.existing.get(hit.id) as Record<string, unknown>),
          }
        : null,
    }
  },

  write(ctx, work: Work<EnterpriseRow>[], batch, onProgress) {
    const newVillages: string[] = []
    const newIndustries: string[] = []
    const lookup = (table: 'villages' | 'industries', created: string[]) => {
      const map = new Map(
        (ctx.db.prepare(`SELECT name, id FROM ${table}`).raw().all() as [string, number][]).map(([n, i]) => [
          n,
          i,
        ]),
      )
      let order = ctx.db.prepare(`SELECT coalesce(max(sort_order), 0) FROM ${table}`).pluck().get() as number
      const ins = ctx.db.prepare(`INSERT INTO ${table}(name, sort_order, created_at) VALUES (?, ?, ?)`)
      return (name: string | null): number | null => {
        if (!name) return null
        let id = map.get(name)
        if (id === undefined) {
          id = Number(ins.run(name, ++order, batch.now).lastInsertRowid)
          map.set(name, id)
          created.push(name)
        }
        return id
      }
    }
    const villageId = lookup('villages', newVillages)
    const industryId = lookup('industries', newIndustries)
    const bulk = work.length >= BULK_THRESHOLD
    const triggerSql: string[] = []
    if (bulk) {
      // FTS triggers firing per row make a 100k-row load ~7x slower: drop them inside this
      // transaction, index the touched rows in one statement, and put the triggers back.
      for (const t of FTS_TRIGGERS) {
        triggerSql.push(
          ctx.db
            .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
            .pluck()
            .get(t) as string,
        )
        ctx.db.exec(`DROP TRIGGER ${t}`)
      }
    }
    const insert = ctx.db.prepare(
      `INSERT INTO enterprises(${COLS.join(',')}, created_at, updated_at) VALUES (${COLS.map(() => '?').join(',')}, ?, ?)`,
    )
    const update = ctx.db.prepare(
      `UPDATE enterprises SET ${COLS.map((c) => `${c} = ?`).join(', ')}, version = version + 1, updated_at = ? WHERE id = ? RETURNING version`,
    )
    const before = ctx.db.prepare('SELECT * FROM enterprises WHERE id = ?')
    const item = ctx.db.prepare(
      'INSERT INTO import_batch_items(batch_id, record_id, action, before, after_version) VALUES (?, ?, ?, ?, ?)',
    )
    const history = ctx.db.prepare(
      "INSERT INTO enterprise_history(enterprise_id, at, action, changes) VALUES (?, ?, 'import', ?)",
    )
    let inserted = 0
    let done = 0
    for (const w of work) {
      const { input: i, villageName, industryName } = w.input
      const values = [
        i.name,
        i.creditCode,
        i.legalRepresentative,
        i.principal,
        i.principalPhone,
        i.safetyOfficer,
        i.safetyOfficerPhone,
        i.contactPhone,
        villageId(villageName),
        i.address,
        industryId(industryName),
        i.scale,
        i.employees,
        i.establishedDate,
        ...FLAG_KEYS.map((k) => (i.flags.includes(k) ? 1 : 0)),
        i.standardization,
        i.riskLevel,
        i.responsibilityLetterYear,
        i.status,
        i.notes,
      ]
      if (w.status === 'insert') {
        const id = Number(insert.run(...values, batch.now, batch.now).lastInsertRowid)
        // The insert's history entry is the batch item itself (see enterpriseHistory).
        item.run(batch.id, id, 'insert', null, 1)
        inserted++
      } else {
        const id = w.existingId as number
        const prev = JSON.stringify(before.get(id))
        const { version } = update.get(...values, batch.now, id) as { version: number }
        item.run(batch.id, id, 'update', prev, version)
        history.run(
          id,
          batch.now,
          JSON.stringify([
            {
              field: '_batch',
              label: '导入批次',
              before: null,
              after: `${batch.id}（${batch.fileName} 第${w.row}行）`,
            },
          ]),
        )
      }
      if (++done % 5000 === 0) onProgress?.(done, work.length)
    }
    if (bulk) {
      // The batch items are exactly the touched records: index them from there.
      ctx.db
        .prepare(
          "DELETE FROM enterprise_fts WHERE rowid IN (SELECT record_id FROM import_batch_items WHERE batch_id = ? AND action = 'update')",
        )
        .run(batch.id)
      // Defer FTS5's segment merging during the bulk insert (~30% faster); the defaults are put
      // back below so ordinary edits merge incrementally again.
      ctx.db.exec("INSERT INTO enterprise_fts(enterprise_fts, rank) VALUES ('automerge', 0)")
      ctx.db.exec("INSERT INTO enterprise_fts(enterprise_fts, rank) VALUES ('crisismerge', 64)")
      ctx.db
        .prepare(
          `INSERT INTO enterprise_fts(rowid, name, credit_code, people, phones, address)
           SELECT e.id, e.name, coalesce(e.credit_code, ''),
                  concat_ws(' ', e.legal_representative, e.principal, e.safety_officer),
                  concat_ws(' ', e.principal_phone, e.safety_officer_phone, e.contact_phone),
                  coalesce(e.address, '')
           FROM import_batch_items b JOIN enterprises e ON e.id = b.record_id WHERE b.batch_id = ?`,
        )
        .run(batch.id)
      ctx.db.exec("INSERT INTO enterprise_fts(enterprise_fts, rank) VALUES ('automerge', 4)")
      ctx.db.exec("INSERT INTO enterprise_fts(enterprise_fts, rank) VALUES ('crisismerge', 16)")
      for (const sql of triggerSql) ctx.db.exec(sql)
    }
    return {
      inserted,
      updated: work.length - inserted,
      created: { '村（社区）': newVillages, 行业: newIndustries },
    }
  },

  undoItem(ctx, it, batchId, now) {
    if (it.action === 'insert') {
      try {
        ctx.db.prepare('DELETE FROM enterprises WHERE id = ?').run(it.recordId)
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw err
        const name = ctx.db
          .prepare('SELECT name FROM enterprises WHERE id = ?')
          .pluck()
          .get(it.recordId) as string
        throw new AppError(
          'CONFLICT',
          `“${name}”是这次导入新增的企业，之后已经有了检查记录、隐患或文书，不能整批撤销。如确需删除，请逐家移入回收站。`,
        )
      }
      return
    }
    const prev = JSON.parse(it.before as string) as Record<string, unknown>
    const cols = Object.keys(prev).filter((c) => c !== 'id' && c !== 'version')
    ctx.db
      .prepare(
        `UPDATE enterprises SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1 WHERE id = @id`,
      )
      .run({ ...prev, id: it.recordId })
    ctx.db
      .prepare(
        "INSERT INTO enterprise_history(enterprise_id, at, action, changes) VALUES (?, ?, 'update', ?)",
      )
      .run(
        it.recordId,
        now,
        JSON.stringify([{ field: '_batch', label: '撤销导入批次', before: batchId, after: null }]),
      )
  },
}
