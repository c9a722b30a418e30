import type { CellValue } from '../excel/grid'
import type { LedgerImporter } from '../excel/ledgers/plugin'
import type { Normalized } from '../excel/normalize'
import { kitImporter, type ImportHooks, type KitRow } from '../kit/excel'
import { parseLicenceNumber } from '../shared/fireworks/licence-number'
import { checkValidity } from '../shared/fireworks/validity'
import { parseValidityRange } from '../shared/fireworks/validity-range'
import { parseDate } from '../shared/kit/kinds/date'
import { fireworksLicenceRepo, fireworksOutletRepo } from './ledger'

// The licensee list's import rules beside the specs; columns, mapping, clean-up, the outlet and
// its licence written, history and batch undo are the kit's (kit/excel.ts, `child`). A row is an
// outlet with its licence: the outlet holding the licence number, else the one with the same name
// and address (a new number for it is a renewal: a new licence of that outlet). The validity comes
// from one cell (有效期 2025.12.15-2026.2.28) or two columns; over two years is kept with a warning
// (the form refuses it).

interface Hit {
  id: number
  deleted: boolean
}

interface Prep {
  byNameAddress: Map<string, Hit | 'many'>
}

const empty = (v: CellValue) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '')

export const fireworksImportHooks: ImportHooks<Prep> = {
  read: {
    // (赣)LS(2025)771 and the like, in the full-width form the form stores
    licenceNo: (v): Normalized<unknown> => {
      if (empty(v)) return { ok: true, value: null }
      const r = parseLicenceNumber(typeof v === 'string' ? v.trim() : String(v))
      return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.why }
    },
    validity: (v): Normalized<unknown> => {
      if (empty(v)) return { ok: true, value: null }
      if (v instanceof Date || typeof v === 'number') {
        const d = parseDate(v)
        return {
          ok: false,
          message: `有效期只有一个日期（${d.ok ? d.value : String(v)}），请写起止两个日期，或分成“有效期起”“有效期止”两列`,
        }
      }
      const r = parseValidityRange(String(v))
      return r.ok ? { ok: true, value: { from: r.from, to: r.to } } : { ok: false, message: r.why }
    },
  },

  prepare(ctx) {
    const byNameAddress = new Map<string, Hit | 'many'>()
    for (const [id, name, address, d] of ctx.db
      .prepare('SELECT id, name, address, deleted_at IS NOT NULL FROM fireworks_outlets')
      .raw()
      .all() as [number, string, string | null, number][]) {
      const hit = { id, deleted: d === 1 }
      byNameAddress.set(`${name}|${address ?? ''}`, hit)
      byNameAddress.set(`${name}|*`, byNameAddress.has(`${name}|*`) ? 'many' : hit)
    }
    return { byNameAddress }
  },

  planRow(prep, { values, patch, row, child }) {
    const name = patch.name as string | null | undefined
    if (!name) {
      row.issue('name', '零售点名称为空，请填写')
      return null
    }
    if (child) {
      // The validity from one cell or two columns; the columns win over the range.
      const l = child.patch
      const range = values.validity as { from: string; to: string } | null | undefined
      const from = (l.validFrom as string | null | undefined) ?? range?.from ?? null
      const to = (l.validTo as string | null | undefined) ?? range?.to ?? null
      if (from && to) {
        const field = range ? 'validity' : 'validTo'
        const p = checkValidity(from, to)
        if (p?.level === 'error') {
          row.issue(field, p.message)
          return null
        }
        if (p) row.warn(field, p.message)
      } else
        row.warn(
          range !== undefined ? 'validity' : 'validFrom',
          `许可证 ${String(l.licenceNo)} 缺少有效期起止日期，请补充`,
        )
      if (from) l.validFrom = from
      if (to) l.validTo = to
    }
    // An outlet found by its licence is that outlet (the kit's); else the same name and address.
    if (child?.parentId) return undefined
    const address = (patch.address as string | null | undefined) ?? null
    const hit = prep.byNameAddress.get(`${name}|${'address' in values ? (address ?? '') : '*'}`)
    if (hit === 'many') {
      row.issue('name', '有多个同名的零售点，表中没有经营地址，无法确定是哪一个，请增加“经营地址”列')
      return null
    }
    return {
      key: `name:${name}|${address ?? ''}`,
      keyLabel: '零售点名称和经营地址相同',
      id: hit?.id ?? null,
      deleted: hit?.deleted,
    }
  },
}

/** 烟花爆竹零售经营户台账 in the import engine: outlets with their licences, on the kit. */
export const fireworksImporter: LedgerImporter<KitRow> = kitImporter(fireworksOutletRepo, {
  ledger: 'fireworks',
  label: '烟花爆竹零售经营户台账',
  hooks: fireworksImportHooks as ImportHooks<unknown>,
  child: fireworksLicenceRepo,
  words: {
    notes: [
      '每行一个零售点及其许可证：有效期可写在一格（2025.12.15-2026.2.28）或分成“有效期起”“有效期止”两列。' +
        '许可证编号相同的更新该许可证；新的编号登记为同一零售点（名称和经营地址相同）的新许可证（续证）。',
    ],
    undoInserted: '这批新登记的 {n} 张许可证将被删除，随之新建的零售点一并删除',
    undoUpdated: '这批更新过的 {n} 户零售点及其许可证将恢复为导入前的内容',
    undoNothing: '这批没有新增或更新任何零售点和许可证。',
    undoNote: '如果其中有零售点或许可证在导入后又被修改过，将不能整批撤销，数据保持不变。',
    undone: '删除新增的零售点 {removed} 户（连同其许可证），{restored} 户零售点及其许可证恢复为导入前的内容',
  },
}) as LedgerImporter<KitRow>
