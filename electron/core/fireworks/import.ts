import type { Ctx } from '../context'
import { AppError } from '../errors'
import type { CellValue } from '../excel/grid'
import type { LedgerImporter, Work } from '../excel/ledgers/plugin'
import { IGNORE_FIELD, type LedgerField } from '../excel/ledgers/types'
import { importFields } from '../kit/excel'
import { parseLicenceNumber } from '../shared/fireworks/licence-number'
import { checkValidity } from '../shared/fireworks/validity'
import { parseValidityRange } from '../shared/fireworks/validity-range'
import { KINDS } from '../shared/kit/kinds'
import { parseDate } from '../shared/kit/kinds/date'
import type { FieldSpec } from '../shared/kit/spec'
import { fireworksLicenceSpec, fireworksOutletSpec } from '../shared/specs/fireworks'
import { fireworksLicenceRepo, fireworksOutletRepo } from './ledger'

// Licensee lists as offices keep them: one row per outlet with its licence, the validity as a
// range in one cell (有效期 2025.12.15-2026.2.28) or split over two columns (有效期起/有效期止).
// A row becomes an outlet (matched by its licence number, else by name and address) and, when
// it names a licence, that licence of the outlet — a new number is a new licence (a renewal).
// A validity over two years is kept with a warning (the form refuses it).

type Row = Record<string, unknown>

const OUTLET_KEYS = [
  'name',
  'principal',
  'phones',
  'villageId',
  'address',
  'salesMode',
  'area',
  'season',
  'status',
  'notes',
]
const LICENCE_KEYS = ['licenceNo', 'validFrom', 'validTo', 'scope', 'storageLimit', 'issuer']

const outletFields = fireworksOutletSpec.fields as readonly FieldSpec[]
const licenceFields = fireworksLicenceSpec.fields as readonly FieldSpec[]

function dateRead(f: FieldSpec) {
  return (v: CellValue) => {
    const r = KINDS.date.clean(v, f, {})
    return r.ok ? { ok: true as const, value: r.value } : r
  }
}

export const FIREWORKS_IMPORT_FIELDS: LedgerField[] = (() => {
  // 序号 without 编号: under 零售许可证, 编号 is the licence number.
  const outlet = importFields(fireworksOutletSpec)
    .filter((f) => f.key === IGNORE_FIELD || OUTLET_KEYS.includes(f.key))
    .map((f) => (f.key === IGNORE_FIELD ? { ...f, synonyms: f.synonyms.filter((w) => w !== '编号') } : f))
  const licence = importFields(fireworksLicenceSpec)
    .filter((f) => LICENCE_KEYS.includes(f.key))
    .map((f) =>
      f.key === 'licenceNo'
        ? {
            ...f,
            kind: 'code' as const,
            read: (v: CellValue) => {
              const t = typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : String(v)
              if (!t) return { ok: true as const, value: null }
              const r = parseLicenceNumber(t)
              return r.ok ? { ok: true as const, value: r.value } : { ok: false as const, message: r.why }
            },
          }
        : f.key === 'validFrom' || f.key === 'validTo'
          ? { ...f, read: dateRead(licenceFields.find((x) => x.key === f.key) as FieldSpec) }
          : f,
    )
  const validity: LedgerField = {
    key: 'validity',
    label: '有效期',
    synonyms: ['有效期', '有效期限', '许可有效期', '许可期限', '许可证有效期', '有效日期', '有效期间'],
    excludeWords: ['起', '止', '至', '自', '开始', '截止'],
    importOnly: true,
    kind: 'text',
    read: (v: CellValue) => {
      if (v === null || v === undefined || (typeof v === 'string' && v.trim() === ''))
        return { ok: true as const, value: null }
      if (v instanceof Date || typeof v === 'number') {
        const d = parseDate(v)
        return {
          ok: false as const,
          message: `有效期只有一个日期（${d.ok ? d.value : String(v)}），请写起止两个日期，或分成“有效期起”“有效期止”两列`,
        }
      }
      const r = parseValidityRange(String(v))
      return r.ok
        ? { ok: true as const, value: { from: r.from, to: r.to } }
        : { ok: false as const, message: r.why }
    },
  }
  return [...outlet, ...licence, validity]
})()

interface Hit {
  id: number
  deleted: boolean
}

interface Prep {
  byLicence: Map<string, { outletId: number; licenceId: number }>
  byNameAddress: Map<string, Hit | 'many'>
  villages: Map<string, number>
  outlet: (id: number) => Row
  licence: (id: number) => Row
}

export interface FireworksRow {
  outlet: Row
  villageName: string | null
  licence: Row | null
  licenceId: number | null
}

interface UndoInfo {
  outlet: Row | null
  licencesInserted: number[]
  licencesUpdated: { id: number; before: Row; version: number }[]
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

export const fireworksImporter: LedgerImporter<FireworksRow, Prep> = {
  ledger: 'fireworks',
  label: '烟花爆竹零售经营户台账',
  fields: FIREWORKS_IMPORT_FIELDS,
  requiredField: 'name',
  requiredLabel: '零售点名称',
  identityFields: ['name', 'licenceNo'],
  notesField: 'notes',
  table: 'fireworks_outlets',
  nameSql: 'name',

  prepare(ctx) {
    const byLicence = new Map<string, { outletId: number; licenceId: number }>()
    for (const [no, outletId, licenceId] of ctx.db
      .prepare('SELECT licence_no, outlet_id, id FROM fireworks_licences')
      .raw()
      .all() as [string, number, number][])
      byLicence.set(no, { outletId, licenceId })
    const byNameAddress = new Map<string, Hit | 'many'>()
    for (const [id, name, address, d] of ctx.db
      .prepare('SELECT id, name, address, deleted_at IS NOT NULL FROM fireworks_outlets')
      .raw()
      .all() as [number, string, string | null, number][]) {
      const hit = { id, deleted: d === 1 }
      byNameAddress.set(`${name}|${address ?? ''}`, hit)
      byNameAddress.set(`${name}|*`, byNameAddress.has(`${name}|*`) ? 'many' : hit)
    }
    const villages = new Map(
      ctx.db.prepare('SELECT name, id FROM villages').raw().all() as [string, number][],
    )
    const o = ctx.db.prepare(`${fireworksOutletRepo.select} WHERE t.id = ?`)
    const l = ctx.db.prepare(`${fireworksLicenceRepo.select} WHERE t.id = ?`)
    return {
      byLicence,
      byNameAddress,
      villages,
      outlet: (id) => fireworksOutletRepo.fromRow(o.get(id) as Row) as Row,
      licence: (id) => fireworksLicenceRepo.fromRow(l.get(id) as Row) as Row,
    }
  },

  planRow(prep, values, row, env) {
    const none = { input: null, key: null, existing: null, keyLabel: '' }
    const outlet: Row = {}
    for (const [k, text] of Object.entries(env.defaults)) {
      const f = outletFields.find((x) => x.key === k)
      if (!f || k in values || !text.trim() || f.kind === 'ref') continue
      const r = KINDS[f.kind].clean(text, f, { year: env.year })
      if (r.ok) outlet[k] = r.value
    }
    for (const k of OUTLET_KEYS) if (k in values && k !== 'villageId') outlet[k] = values[k]
    const villageName =
      ((values.villageId as string | null | undefined) ?? env.defaults.villageId?.trim()) || null
    if (villageName) outlet.villageId = prep.villages.get(villageName) ?? null
    const name = outlet.name as string | null | undefined
    if (!name) {
      row.issue('name', '零售点名称为空，请填写')
      return none
    }
    // The licence: number, and the validity from one cell or two columns.
    const licenceNo = (values.licenceNo as string | null | undefined) ?? null
    let from = (values.validFrom as string | null | undefined) ?? null
    let to = (values.validTo as string | null | undefined) ?? null
    const range = values.validity as { from: string; to: string } | null | undefined
    if (range) {
      from ??= range.from
      to ??= range.to
    }
    let licence: Row | null = null
    if (licenceNo) {
      const field = range ? 'validity' : 'validTo'
      if (from && to) {
        const p = checkValidity(from, to)
        if (p?.level === 'error') {
          row.issue(field, p.message)
          return none
        }
        if (p) row.warn(field, p.message)
      } else
        row.warn(
          range !== undefined ? 'validity' : 'validFrom',
          `许可证 ${licenceNo} 缺少有效期起止日期，请补充`,
        )
      licence = { licenceNo, validFrom: from, validTo: to }
      for (const k of ['scope', 'storageLimit', 'issuer']) if (k in values) licence[k] = values[k]
    }
    // Which outlet: the one holding this licence number, else the same name and address.
    const byNo = licenceNo ? prep.byLicence.get(licenceNo) : undefined
    let hit: Hit | 'many' | undefined
    let keyLabel: string
    const address = (outlet.address as string | null | undefined) ?? null
    if (byNo) {
      const o = prep.outlet(byNo.outletId)
      hit = { id: byNo.outletId, deleted: Boolean(o.deletedAt) }
      keyLabel = '许可证编号相同'
    } else {
      hit = prep.byNameAddress.get(`${name}|${'address' in values ? (address ?? '') : '*'}`)
      keyLabel = '零售点名称和经营地址相同'
    }
    if (hit === 'many') {
      row.issue('name', '有多个同名的零售点，表中没有经营地址，无法确定是哪一个，请增加“经营地址”列')
      return none
    }
    if (hit?.deleted) {
      row.issue('name', '该零售点在回收站中。请先在回收站恢复，再重新导入')
      return none
    }
    const key = licenceNo ? `licence:${licenceNo}` : `name:${name}|${address ?? ''}`
    let unchanged = false
    if (hit) {
      const cur = prep.outlet(hit.id)
      const outletSame = Object.entries(outlet).every(([k, v]) => same(cur[k], v))
      const lic = byNo ? prep.licence(byNo.licenceId) : null
      const licenceSame =
        !licence || (lic !== null && Object.entries(licence).every(([k, v]) => same(lic[k], v)))
      unchanged = outletSame && licenceSame
    }
    return {
      input: { outlet, villageName, licence, licenceId: byNo?.licenceId ?? null },
      key,
      keyLabel,
      existing: hit ? { id: hit.id, deleted: false, same: unchanged } : null,
    }
  },

  write(ctx, work: Work<FireworksRow>[], batch) {
    const created: Record<string, string[]> = { '村（社区）': [] }
    const villages = new Map(
      ctx.db.prepare('SELECT name, id FROM villages').raw().all() as [string, number][],
    )
    let order = ctx.db.prepare('SELECT coalesce(max(sort_order), 0) FROM villages').pluck().get() as number
    const insVillage = ctx.db.prepare('INSERT INTO villages(name, sort_order, created_at) VALUES (?, ?, ?)')
    const village = (name: string): number => {
      let id = villages.get(name)
      if (id === undefined) {
        id = Number(insVillage.run(name, ++order, batch.now).lastInsertRowid)
        villages.set(name, id)
        created['村（社区）']?.push(name)
      }
      return id
    }
    const item = ctx.db.prepare(
      'INSERT INTO import_batch_items(batch_id, record_id, action, before, after_version) VALUES (?, ?, ?, ?, ?)',
    )
    const rawOutlet = ctx.db.prepare('SELECT * FROM fireworks_outlets WHERE id = ?')
    const rawLicence = ctx.db.prepare('SELECT * FROM fireworks_licences WHERE id = ?')
    const outletHistory = ctx.db.prepare(
      "INSERT INTO fireworks_outlet_history(outlet_id, at, action, changes) VALUES (?, ?, 'import', ?)",
    )
    const licenceHistory = ctx.db.prepare(
      "INSERT INTO fireworks_licence_history(licence_id, at, action, changes) VALUES (?, ?, 'import', ?)",
    )
    const marker = (w: Work<FireworksRow>) => ({
      field: '_batch',
      label: '导入批次',
      before: null,
      after: `${batch.id}（${batch.fileName} 第${w.row}行）`,
    })
    const insert = (table: string, cols: Row): number => {
      const names = Object.keys(cols)
      return Number(
        ctx.db
          .prepare(
            `INSERT INTO ${table}(${names.join(',')}, created_at, updated_at) VALUES (${names.map(() => '?').join(',')}, ?, ?)`,
          )
          .run(...names.map((n) => cols[n]), batch.now, batch.now).lastInsertRowid,
      )
    }
    const update = (table: string, id: number, cols: Row): number => {
      const names = Object.keys(cols)
      return (
        ctx.db
          .prepare(
            `UPDATE ${table} SET ${names.map((n) => `${n} = ?, `).join('')}version = version + 1, updated_at = ? WHERE id = ? RETURNING version`,
          )
          .get(...names.map((n) => cols[n]), batch.now, id) as { version: number }
      ).version
    }
    const changes = (repo: typeof fireworksOutletRepo | typeof fireworksLicenceRepo, prev: Row, next: Row) =>
      Object.keys(next)
        .filter((k) => !same(prev[k], next[k]))
        .map((k) => {
          const f = (repo.spec.fields as readonly FieldSpec[]).find((x) => x.key === k) as FieldSpec
          return {
            field: k,
            label: f.label,
            before: prev[k] ?? null,
            after: next[k] ?? null,
            beforeText: repo.text(ctx, f, prev[k] ?? null),
            afterText: repo.text(ctx, f, next[k] ?? null),
          }
        })
    let inserted = 0
    for (const w of work) {
      const patch: Row = { ...w.input.outlet }
      if (w.input.villageName && patch.villageId == null) patch.villageId = village(w.input.villageName)
      const undo: UndoInfo = { outlet: null, licencesInserted: [], licencesUpdated: [] }
      let outletId: number
      if (w.status === 'insert') {
        const full: Row = {}
        for (const f of outletFields) full[f.key] = f.default ?? KINDS[f.kind].empty(f)
        Object.assign(full, patch)
        outletId = insert('fireworks_outlets', fireworksOutletRepo.toDb(full))
        inserted++
      } else {
        outletId = w.existingId as number
        undo.outlet = rawOutlet.get(outletId) as Row
        const prev = fireworksOutletRepo.fromRow(
          ctx.db.prepare(`${fireworksOutletRepo.select} WHERE t.id = ?`).get(outletId) as Row,
        ) as Row
        const ch = changes(fireworksOutletRepo, prev, patch)
        // Only a new licence (a renewal): the outlet itself stays as it was.
        if (ch.length) {
          update(
            'fireworks_outlets',
            outletId,
            fireworksOutletRepo.toDb(Object.fromEntries(ch.map((c) => [c.field, patch[c.field]]))),
          )
          outletHistory.run(outletId, batch.now, JSON.stringify([marker(w), ...ch]))
        } else undo.outlet = null
      }
      const lic = w.input.licence
      if (lic) {
        const existing = w.input.licenceId
        if (existing === null) {
          const full: Row = {}
          for (const f of licenceFields) full[f.key] = f.default ?? KINDS[f.kind].empty(f)
          Object.assign(full, lic, { outletId })
          const id = insert('fireworks_licences', fireworksLicenceRepo.toDb(full))
          licenceHistory.run(id, batch.now, JSON.stringify([marker(w)]))
          undo.licencesInserted.push(id)
        } else {
          const before = rawLicence.get(existing) as Row
          const prev = fireworksLicenceRepo.fromRow(
            ctx.db.prepare(`${fireworksLicenceRepo.select} WHERE t.id = ?`).get(existing) as Row,
          ) as Row
          const ch = changes(fireworksLicenceRepo, prev, lic)
          if (ch.length) {
            const version = update(
              'fireworks_licences',
              existing,
              fireworksLicenceRepo.toDb(Object.fromEntries(ch.map((c) => [c.field, lic[c.field]]))),
            )
            licenceHistory.run(existing, batch.now, JSON.stringify([marker(w), ...ch]))
            undo.licencesUpdated.push({ id: existing, before, version })
          }
        }
      }
      const version = ctx.db
        .prepare('SELECT version FROM fireworks_outlets WHERE id = ?')
        .pluck()
        .get(outletId) as number
      item.run(batch.id, outletId, w.status, JSON.stringify(undo), version)
    }
    return { inserted, updated: work.length - inserted, created }
  },

  undoItem(ctx, it, batchId, now) {
    const undo = JSON.parse(it.before ?? '{}') as UndoInfo
    for (const u of undo.licencesUpdated ?? []) {
      const cur = ctx.db
        .prepare('SELECT version, licence_no FROM fireworks_licences WHERE id = ?')
        .get(u.id) as { version: number; licence_no: string } | undefined
      if (cur && cur.version !== u.version)
        throw new AppError(
          'CONFLICT',
          `许可证 ${cur.licence_no} 在导入后又被修改过，为避免丢失这些修改，不能整批撤销。`,
        )
    }
    for (const id of undo.licencesInserted ?? []) {
      const inspected = ctx.db
        .prepare('SELECT version FROM fireworks_licences WHERE id = ?')
        .pluck()
        .get(id) as number | undefined
      if (inspected !== undefined && inspected !== 1) {
        const no = ctx.db
          .prepare('SELECT licence_no FROM fireworks_licences WHERE id = ?')
          .pluck()
          .get(id) as string
        throw new AppError('CONFLICT', `许可证 ${no} 在导入后又被修改过，为避免丢失这些修改，不能整批撤销。`)
      }
      ctx.db.prepare('DELETE FROM fireworks_licences WHERE id = ?').run(id)
    }
    for (const u of undo.licencesUpdated ?? []) {
      const cols = Object.keys(u.before).filter((c) => c !== 'id' && c !== 'version')
      ctx.db
        .prepare(
          `UPDATE fireworks_licences SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1 WHERE id = @id`,
        )
        .run({ ...u.before, id: u.id })
    }
    if (it.action === 'insert') {
      try {
        ctx.db.prepare('DELETE FROM fireworks_outlets WHERE id = ?').run(it.recordId)
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw err
        const name = ctx.db
          .prepare('SELECT name FROM fireworks_outlets WHERE id = ?')
          .pluck()
          .get(it.recordId) as string
        throw new AppError(
          'CONFLICT',
          `“${name}”是这次导入新增的零售点，之后已经有了关联的记录（许可证或检查），不能整批撤销。如确需删除，请逐条移入回收站。`,
        )
      }
      return
    }
    const prev = undo.outlet
    if (!prev) return
    const cols = Object.keys(prev).filter((c) => c !== 'id' && c !== 'version')
    ctx.db
      .prepare(
        `UPDATE fireworks_outlets SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1 WHERE id = @id`,
      )
      .run({ ...prev, id: it.recordId })
    ctx.db
      .prepare(
        "INSERT INTO fireworks_outlet_history(outlet_id, at, action, changes) VALUES (?, ?, 'update', ?)",
      )
      .run(
        it.recordId,
        now,
        JSON.stringify([{ field: '_batch', label: '撤销导入批次', before: batchId, after: null }]),
      )
  },
}

export type { Ctx }
