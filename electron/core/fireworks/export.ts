import type { Writable } from 'node:stream'
import type { Ctx } from '../context'
import { ledgerTemplate, writeLedgerSheet, type ExportResult } from '../excel/export'
import { IGNORE_FIELD, type LedgerField } from '../excel/ledgers/types'
import { maskText } from '../shared/kit/form'
import { getSettings } from '../system/handlers'
import { fireworksListInput, fireworksRows, type FireworksListInput } from './fireworks'
import { FIREWORKS_IMPORT_FIELDS } from './import'

// 烟花爆竹零售经营户台账 as a print-ready sheet: one row per outlet with the licence that counts
// today, in the columns the import reads, so the file imports back.

const ORDER = [
  IGNORE_FIELD,
  'name',
  'principal',
  'phones',
  'villageId',
  'address',
  'licenceNo',
  'validFrom',
  'validTo',
  'salesMode',
  'area',
  'season',
  'storageLimit',
  'scope',
  'status',
  'notes',
]

export const FIREWORKS_EXPORT_FIELDS: LedgerField[] = ORDER.map(
  (k) => FIREWORKS_IMPORT_FIELDS.find((f) => f.key === k) as LedgerField,
).map((f) =>
  f.key === 'area'
    ? { ...f, label: '面积（㎡）' }
    : f.key === 'storageLimit'
      ? { ...f, label: '限制存放量（箱）' }
      : f,
)

const LABELS: Record<string, Record<string, string>> = {
  salesMode: { store: '专店', counter: '专柜' },
  season: { spring: '春节期间', 'year-round': '常年' },
  status: { operating: '在营', suspended: '停业', closed: '关闭' },
}

function date(s: string | null | undefined): Date | null {
  if (!s) return null
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d))
}

export async function exportFireworks(
  ctx: Ctx,
  out: Writable,
  filters: Omit<FireworksListInput, 'page' | 'pageSize'> & { masked?: boolean } = {},
  onProgress?: (done: number, total: number) => void,
): Promise<ExportResult> {
  const { masked, ...f } = filters
  const rows = fireworksRows(ctx, fireworksListInput.parse({ ...f, page: 1, pageSize: 1 }))
  function* cells(): Iterable<unknown[]> {
    let n = 0
    for (const r of rows) {
      const v: Record<string, unknown> = {
        [IGNORE_FIELD]: ++n,
        name: r.name,
        principal: r.principal,
        phones: masked && r.phones ? maskText(r.phones) : r.phones,
        villageId: r.villageName,
        address: r.address,
        licenceNo: r.licence?.licenceNo ?? null,
        validFrom: date(r.licence?.validFrom),
        validTo: date(r.licence?.validTo),
        salesMode: LABELS.salesMode?.[r.salesMode ?? ''] ?? null,
        area: r.area,
        season: LABELS.season?.[r.season] ?? null,
        storageLimit: r.licence?.storageLimit ?? null,
        scope: r.licence?.scope ?? null,
        status: LABELS.status?.[r.status] ?? null,
        notes: r.notes,
      }
      yield ORDER.map((k) => v[k] ?? null)
    }
  }
  return writeLedgerSheet(
    ctx,
    out,
    {
      sheetName: '烟花爆竹零售经营户',
      title: `${getSettings(ctx).townshipName || ''}烟花爆竹零售经营户台账`,
      fields: FIREWORKS_EXPORT_FIELDS,
      total: rows.length,
      xSplit: 2,
      rows: cells(),
    },
    onProgress,
  )
}

export function fireworksTemplate(ctx: Ctx): Promise<Buffer> {
  return ledgerTemplate(ctx, 'enterprises', { sheet: '烟花爆竹零售经营户', cells: FIREWORKS_EXPORT_FIELDS })
}
