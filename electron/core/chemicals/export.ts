import type { Writable } from 'node:stream'
import type { Ctx } from '../context'
import { ledgerTemplate, toBuffer, writeLedgerSheet, type ExportResult } from '../excel/export'
import { exportFields, exportRows } from '../kit/excel'
import { filterName } from '../kit/filter-name'
import type { ListQuery } from '../kit/repo'
import { formatNumber, toTonnes, type QuantityUnit } from '../shared/chemicals/gb18218'
import { getSettings } from '../system/handlers'
import { chemicalStats, majorHazards } from './handlers'
import { chemicalRepo, chemLicenceRepo } from './ledger'

// The 统计台账 on the kit exporter: the chemical spec's columns, one row per chemical, the
// enterprise cell merged over its rows, quantities in t or kg with the unit only in the header (as
// offices keep it), then the 重大危险源 register with every term and the totals per chemical. The
// first sheet imports back unchanged (chemicals/import-hooks.ts reads its headers).

export type ExportUnit = 't' | 'kg'

const COLUMNS = [
  'enterpriseId',
  'unitId',
  'name',
  'cas',
  'hazardClass',
  'categories',
  'maxQuantity',
  'usualQuantity',
  'annualUse',
  'flags',
  'notes',
]
const QUANTITIES = ['maxQuantity', 'usualQuantity', 'annualUse']
/** Headers as the sheets write them (the import reads them back). */
const HEADERS: Record<string, string> = { enterpriseId: '企业名称', unitId: '储存地点(单元)' }

/** The columns in the export's unit: all (the file imports back), or those the clerk shows in the
 * list, always with the enterprise the rows are merged under. */
function columns(unit: ExportUnit, chosen?: readonly string[]) {
  const u = unit === 't' ? '吨' : 'kg'
  const keys = chosen ? COLUMNS.filter((k) => k === 'enterpriseId' || chosen.includes(k)) : COLUMNS
  return exportFields(chemicalRepo.spec, keys).map((c) => ({
    ...c,
    cell: {
      ...c.cell,
      label: QUANTITIES.includes(c.cell.key)
        ? `${c.cell.label}（${u}）`
        : (HEADERS[c.cell.key] ?? c.cell.label),
    },
  }))
}

/** A record's quantities in the export's unit (litres and m³ through their density). */
function inUnit(rec: Record<string, unknown>, unit: ExportUnit): Record<string, unknown> {
  const out = { ...rec }
  for (const k of QUANTITIES) {
    const v = rec[k]
    if (v === null || v === undefined) continue
    const c = toTonnes(v as number, rec.quantityUnit as QuantityUnit, rec.density as number | null)
    out[k] = c.ok ? Number(formatNumber(unit === 't' ? c.tonnes : c.tonnes * 1000, 6)) : null
  }
  return out
}

const thin = { style: 'thin' as const }
const BORDER = { top: thin, left: thin, bottom: thin, right: thin }
const FONT = { name: '宋体', size: 10 }

export async function exportChemicals(
  ctx: Ctx,
  out: Writable,
  query: Omit<ListQuery, 'page' | 'pageSize'> & { unit?: ExportUnit; columns?: readonly string[] } = {},
  onProgress?: (done: number, total: number) => void,
): Promise<ExportResult> {
  const { unit = 't', columns: chosen, ...q } = query
  const cols = columns(unit, chosen)
  const toCells = exportRows(cols)
  function* rows(): Iterable<unknown[]> {
    let n = 0
    for (const rec of chemicalRepo.iterate(ctx, q)) yield toCells(inUnit(rec, unit), ++n)
  }
  const township = getSettings(ctx).townshipName || ''
  // the 危化品台账 list's 导出 writes what the list shows, named after its filter
  const named = filterName(ctx, chemicalRepo.spec, q)
  const r = await writeLedgerSheet(
    ctx,
    out,
    {
      sheetName: '危险化学品台账',
      title: `${township}危险化学品储存使用台账${named ? `（${named}）` : ''}`,
      fields: cols.map((c) => c.cell),
      total: chemicalRepo.count(ctx, q),
      xSplit: Math.min(3, cols.length),
      mergeDown: 2,
      rows: rows(),
      more(wb) {
        const page = {
          paperSize: 9,
          orientation: 'landscape' as const,
          fitToPage: true,
          fitToWidth: 1,
          fitToHeight: 0,
        }
        const reg = wb.addWorksheet('重大危险源辨识', { pageSetup: { ...page, printTitlesRow: '2:2' } })
        reg.columns = [6, 26, 16, 10, 10, 8, 10, 60].map((width) => ({ width }))
        const title = reg.getRow(1)
        title.getCell(1).value = `${township}危险化学品重大危险源辨识与分级（GB 18218-2018）`
        title.getCell(1).font = { name: '宋体', size: 14, bold: true }
        reg.mergeCells('A1:H1')
        title.commit()
        const line = (ws: typeof reg, values: unknown[], bold = false) => {
          const row = ws.addRow(values)
          row.eachCell({ includeEmpty: true }, (cell) => {
            cell.font = bold ? { ...FONT, bold: true } : FONT
            cell.border = BORDER
            cell.alignment = { vertical: 'middle', wrapText: true }
          })
          row.commit()
        }
        line(reg, ['序号', '企业名称', '单元', 'S=Σq/Q', 'R', '级别', 'α', '计算项（q/Q，β）'], true)
        majorHazards(ctx).forEach((m, i) =>
          line(reg, [
            i + 1,
            m.enterpriseName,
            `${m.unitName}${m.provisional ? '（暂定）' : ''}`,
            Number(formatNumber(m.s, 3)),
            m.r === null ? '' : Number(formatNumber(m.r, 2)),
            m.gradeLabel,
            m.alpha ?? '',
            m.terms
              .filter((t) => t.ratio !== null)
              .map((t) => `${t.name} ${formatNumber(t.q ?? 0)}/${t.Q}${t.beta !== null ? `×β${t.beta}` : ''}`)
              .join('；'),
          ]),
        )
        reg.commit()
        const sum = wb.addWorksheet('按品种汇总', {
          pageSetup: { ...page, orientation: 'portrait', printTitlesRow: '1:1' },
        })
        sum.columns = [20, 10, 10, 14, 14, 14].map((width) => ({ width }))
        line(sum, ['品种', '企业数', '条数', '最大储存量（吨）', '日常储存量（吨）', '年用量（吨）'], true)
        for (const t of chemicalStats(ctx).byChemical)
          line(sum, [t.label, t.enterprises, t.items, t.maxTonnes, t.usualTonnes, t.annualTonnes])
        sum.commit()
      },
    },
    onProgress,
  )
  return { ...r, named }
}

/** The 统计台账 as one file (quantities in t or kg). */
export function chemicalWorkbook(ctx: Ctx, unit: ExportUnit): Promise<Buffer> {
  return toBuffer((out) => exportChemicals(ctx, out, { unit }))
}

/** The import template: the ledger's header in tonnes, with the dropdowns. */
export function chemicalTemplate(ctx: Ctx): Promise<Buffer> {
  return ledgerTemplate(ctx, {
    sheet: '危险化学品台账',
    cells: columns('t').map((c) => c.cell),
  })
}

/** 危险化学品经营许可证: the list's columns (or those chosen), named after the list's filter. */
export async function exportChemLicences(
  ctx: Ctx,
  out: Writable,
  query: Omit<ListQuery, 'page' | 'pageSize'> & { columns?: string[] } = {},
  onProgress?: (done: number, total: number) => void,
): Promise<ExportResult> {
  const { columns, ...q } = query
  const repo = chemLicenceRepo
  const cols = exportFields(repo.spec, columns)
  const toCells = exportRows(cols)
  const named = filterName(ctx, repo.spec, q)
  function* rows(): Iterable<unknown[]> {
    let n = 0
    for (const rec of repo.iterate(ctx, q)) yield toCells(rec, ++n)
  }
  const r = await writeLedgerSheet(
    ctx,
    out,
    {
      sheetName: repo.spec.title,
      title: `${getSettings(ctx).townshipName || ''}${repo.spec.title}${named ? `（${named}）` : ''}`,
      fields: cols.map((c) => c.cell),
      total: repo.count(ctx, q),
      xSplit: 2,
      rows: rows(),
    },
    onProgress,
  )
  return { ...r, named }
}
