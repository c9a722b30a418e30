import { PassThrough, type Writable } from 'node:stream'
import { chinaToday, type Ctx } from '../context'
import { enterpriseRepo } from '../enterprises/ledger'
import { exportFields, exportRows } from '../kit/excel'
import { filterName } from '../kit/filter-name'
import type { ListQuery } from '../kit/repo'
import { getSettings } from '../system/handlers'
import { excelJs } from './exceljs'
import { colLetter } from './grid'
import { HAZARD_IMPORT_FIELDS } from '../inspections/hazard-import-hooks'
import { hazardsByIds, type HazardQuery } from '../inspections/hazards'
import { hazardRepo } from '../inspections/ledger'
import type { FieldSpec } from '../shared/kit/spec'
import { hazardSpec } from '../shared/specs/hazard'
import { listInspections, type InspectionListQuery } from '../inspections/inspections'
import { IGNORE_FIELD, type LedgerField } from './ledgers/types'
import type { OutletRow } from '../fireworks/current'
import { fireworksOutletRepo } from '../fireworks/ledger'
import { fireworksLicenceSpec, fireworksOutletSpec } from '../shared/specs/fireworks'

// Print-ready export of the enterprise ledger: title rows, styled header, borders, widths,
// frozen header, autofilter, A4 landscape with the header repeated and page numbers; IDs and
// phones as text, dates as real dates. What it exports imports back identically. Values are
// written as string cells, which Excel never evaluates, so no formula injection is possible.

const HEADER_ROW = 3

function today(ctx: Ctx): string {
  const [y, m, d] = chinaToday(ctx).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

const thin = { style: 'thin' as const }
const BORDER = { top: thin, left: thin, bottom: thin, right: thin }

export interface ExportResult {
  rows: number
  /** The filter the file is named after (大溪村、规上企业), as its title says; empty without one. */
  named?: string
}

export interface SheetSpec {
  sheetName: string
  title: string
  fields: LedgerField[]
  total: number
  /** Frozen columns left of the scroll area (序号 + the record's name). */
  xSplit: number
  rows: Iterable<unknown[]> | AsyncIterable<unknown[]>
  /**
   * A parent column (1-based) whose equal cells on consecutive rows are merged, as offices print a
   * child ledger (the enterprise over its chemicals); the importer fills such cells down again.
   */
  mergeDown?: number
  /** Further sheets after the ledger (written with the same streaming workbook). */
  more?: (wb: InstanceType<ReturnType<typeof excelJs>['stream']['xlsx']['WorkbookWriter']>) => void
}

/**
 * Whether a sheet fits an A4 landscape page at ≥ 60 % scale. Printable width ≈ 10.9 in; an Excel
 * width unit is one digit of the default font (7 px at 96 dpi) plus 5 px of padding per column.
 */
export function printFit(widths: readonly number[]): { fits: boolean; scale: number } {
  const px = widths.reduce((sum, w) => sum + w * 7 + 5, 0)
  const scale = Math.min(1, (10.9 * 96) / px)
  return { fits: scale >= 0.6, scale }
}

/** One print-ready ledger sheet, streamed: memory stays flat whatever the row count. */
export async function writeLedgerSheet(
  ctx: Ctx,
  out: Writable,
  spec: SheetSpec,
  onProgress?: (done: number, total: number) => void,
): Promise<ExportResult> {
  const ExcelJS = excelJs()
  const { fields } = spec
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  wb.creator = '乡镇安全生产台账'
  const lastCol = colLetter(fields.length)
  const widths = fields.map((f) => (f.key === IGNORE_FIELD ? 6 : (f.width ?? 12)))
  const fit = printFit(widths)
  const ws = wb.addWorksheet(spec.sheetName, {
    views: [{ state: 'frozen', xSplit: spec.xSplit, ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      // Fit to the page width only while the print stays readable (≥ 60 %); wider ledgers print
      // across pages with the key columns repeated on each.
      ...(fit.fits ? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 } : { fitToPage: false, scale: 80 }),
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      ...(fit.fits ? {} : { printTitlesColumn: `A:${colLetter(spec.xSplit)}` }),
      horizontalCentered: true,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  })
  ws.columns = fields.map((f) => ({
    key: f.key,
    width: f.key === IGNORE_FIELD ? 6 : (f.width ?? 12),
    style: f.kind === 'code' ? { numFmt: '@' } : f.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
  }))
  const title = ws.getRow(1)
  title.getCell(1).value = spec.title
  title.getCell(1).font = { name: '宋体', size: 16, bold: true }
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' }
  title.height = 30
  ws.mergeCells(`A1:${lastCol}1`)
  title.commit()
  const sub = ws.getRow(2)
  sub.getCell(1).value = `导出日期：${today(ctx)}    共 ${spec.total} 条`
  sub.getCell(1).alignment = { horizontal: 'right' }
  ws.mergeCells(`A2:${lastCol}2`)
  sub.commit()
  const header = ws.getRow(HEADER_ROW)
  fields.forEach((f, i) => {
    const c = header.getCell(i + 1)
    c.value = f.label
    c.font = { name: '宋体', size: 10, bold: true }
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }
    c.border = BORDER
  })
  header.height = 32
  header.commit()
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: fields.length } }
  // One style object per column, shared by every cell: exceljs caches style ids by object
  // identity, so 100k bordered rows cost no more than unstyled ones.
  const styles = fields.map((f) => ({
    border: BORDER,
    font: { name: '宋体', size: 10 },
    ...(f.kind === 'code' ? { numFmt: '@' } : f.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {}),
    ...(f.kind === 'flag' || f.key === IGNORE_FIELD ? { alignment: { horizontal: 'center' as const } } : {}),
    ...(f.width && f.width >= 30 ? { alignment: { wrapText: true, vertical: 'top' as const } } : {}),
  }))
  let n = 0
  const m = spec.mergeDown
  // (with a merged parent column, the rows of one parent stay uncommitted until its last one:
  // the cells are merged before they are written)
  let run: { value: unknown; from: number; to: number; last: { commit(): void } } | null = null
  const close = () => {
    if (!run || !m) return
    if (run.to > run.from) ws.mergeCells(run.from, m, run.to, m)
    run.last.commit()
    run = null
  }
  const write = (values: unknown[]) => {
    n++
    const row = ws.addRow(values)
    for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i] as object
    if (!m) return row.commit()
    const v = values[m - 1]
    if (run && v !== null && v === run.value) {
      run.to = row.number
      run.last = row
      return
    }
    close()
    run = { value: v, from: row.number, to: row.number, last: row }
  }
  const pause = async () => {
    onProgress?.(n, spec.total)
    // let the stream drain so memory stays flat on large exports
    await new Promise((res) => setImmediate(res))
  }
  const source = spec.rows
  if (Symbol.iterator in source) {
    // (rows computed as they are written are walked without a promise per row)
    for (const values of source) {
      write(values)
      if (n % 2000 === 0) await pause()
    }
  } else
    for await (const values of source) {
      write(values)
      if (n % 2000 === 0) await pause()
    }
  close()
  ws.commit()
  spec.more?.(wb)
  await wb.commit()
  return { rows: n }
}

export async function exportEnterprises(
  ctx: Ctx,
  out: Writable,
  query: Omit<ListQuery, 'page' | 'pageSize'> & { columns?: string[]; masked?: boolean } = {},
  onProgress?: (done: number, total: number) => void,
): Promise<ExportResult> {
  const { columns, masked, ...q } = query
  const repo = enterpriseRepo
  const cols = exportFields(repo.spec, columns)
  const total = repo.count(ctx, q)
  const named = filterName(ctx, repo.spec, q)
  const toCells = exportRows(cols, { masked })
  function* rows(): Iterable<unknown[]> {
    let n = 0
    for (const rec of repo.iterate(ctx, q)) yield toCells(rec as Record<string, unknown>, ++n)
  }
  const r = await writeLedgerSheet(
    ctx,
    out,
    {
      sheetName: repo.spec.title,
      title: `${getSettings(ctx).townshipName || ''}企业安全生产台账${named ? `（${named}）` : ''}`,
      fields: cols.map((c) => c.cell),
      total,
      xSplit: 2,
      rows: rows(),
    },
    onProgress,
  )
  return { ...r, named }
}

/**
 * 隐患整改台账 on the kit exporter: the hazard list's columns (or the clerk's), the lifecycle —
 * status, deadline, 申请复查 (整改完成), 复查 and 销号 dates — as the list shows it. What it exports
 * imports back: the status label is a 整改情况 word, 复查日期 and 销号日期 their own columns.
 */
export const HAZARD_EXPORT_COLUMNS = [
  ...(hazardSpec.fields as readonly FieldSpec[]).filter((f) => f.list?.show).map((f) => f.key),
  'reviewRequestedOn',
  'reviewedOn',
  'closedOn',
]

export async function exportHazards(
  ctx: Ctx,
  out: Writable,
  query: HazardQuery & { columns?: string[] } = {},
  onProgress?: (done: number, total: number) => void,
): Promise<ExportResult> {
  const { columns, ...filter } = query
  const cols = exportFields(hazardSpec, columns?.length ? columns : HAZARD_EXPORT_COLUMNS)
  // the list's records in its order (its presets, filters, search and sort), with their lifecycle
  const ids = hazardRepo.ids(ctx, { ...filter, sort: filter.sort ?? { field: 'foundOn', order: 'asc' } })
  const total = ids.length
  const toCells = exportRows(cols)
  function* rows(): Iterable<unknown[]> {
    let n = 0
    for (let i = 0; i < ids.length; i += 500)
      for (const h of hazardsByIds(ctx, ids.slice(i, i + 500)))
        yield toCells(
          {
            ...h,
            extensionRequestedOn: h.extension.requestedOn,
            extensionRequestedDeadline: h.extension.requestedDeadline,
            extensionAnswer: h.extension.answer,
            extensionAnsweredOn: h.extension.answeredOn,
          },
          ++n,
        )
  }
  const named = hazardFilterName(ctx, filter)
  const r = await writeLedgerSheet(
    ctx,
    out,
    {
      sheetName: '隐患整改台账',
      title: `${getSettings(ctx).townshipName || ''}隐患排查整改台账${named ? `（${named}）` : ''}`,
      fields: cols.map((c) => c.cell),
      total,
      // 序号, 企业名称 and the date found stay on every page when the sheet is too wide to fit.
      xSplit: Math.min(3, cols.length),
      rows: rows(),
    },
    onProgress,
  )
  return { ...r, named }
}

/** 烟花爆竹: the list's visible columns of the outlet and of its licence. */
export const FIREWORKS_EXPORT_COLUMNS = [fireworksOutletSpec, fireworksLicenceSpec].flatMap((s) =>
  (s.fields as readonly FieldSpec[]).filter((f) => f.list?.show).map((f) => f.key),
)

/**
 * 烟花爆竹零售经营户台账 on the kit exporter: the list's outlets in its order, each with the licence
 * that counts today, in the list's visible columns (or the clerk's); what it exports imports back.
 */
export async function exportFireworks(
  ctx: Ctx,
  out: Writable,
  query: Omit<ListQuery, 'page' | 'pageSize'> & { columns?: string[]; masked?: boolean } = {},
  onProgress?: (done: number, total: number) => void,
): Promise<ExportResult> {
  const { columns, masked, ...filter } = query
  const cols = exportFields(
    fireworksOutletSpec,
    columns?.length ? columns : FIREWORKS_EXPORT_COLUMNS,
    fireworksLicenceSpec,
  )
  const repo = fireworksOutletRepo
  const list = repo.listValues(ctx, [...repo.iterate(ctx, filter)]) as unknown as OutletRow[]
  const toCells = exportRows(cols, { masked })
  function* rows(): Iterable<unknown[]> {
    let n = 0
    for (const r of list) yield toCells({ ...r.licence, ...r }, ++n)
  }
  const named = filterName(ctx, fireworksOutletSpec, filter, repo.listFilters)
  const r = await writeLedgerSheet(
    ctx,
    out,
    {
      sheetName: fireworksOutletSpec.title,
      title: `${getSettings(ctx).townshipName || ''}${fireworksOutletSpec.title}台账${named ? `（${named}）` : ''}`,
      fields: cols.map((c) => c.cell),
      total: list.length,
      xSplit: 2,
      rows: rows(),
    },
    onProgress,
  )
  return { ...r, named }
}

/** An empty 烟花爆竹 list with every column the import reads, for offices that start from scratch. */
export function fireworksTemplate(ctx: Ctx): Promise<Buffer> {
  return ledgerTemplate(ctx, {
    sheet: fireworksOutletSpec.title,
    cells: exportFields(fireworksOutletSpec, undefined, fireworksLicenceSpec).map((c) => c.cell),
  })
}

/** A filtered hazard export is named after its filter: 重大隐患、逾期未改 (empty without one). */
export function hazardFilterName(ctx: Ctx, q: HazardQuery): string {
  const names = (table: string, ids: unknown[], unit: string) => {
    if (ids.length > 2) return [`${ids.length}${unit}`]
    return ids.map(
      (id) => (ctx.db.prepare(`SELECT name FROM ${table} WHERE id = ?`).pluck().get(id) as string) ?? '',
    )
  }
  const fields = hazardSpec.fields as readonly FieldSpec[]
  const parts: string[] = []
  for (const [key, f] of Object.entries(q.filters ?? {})) {
    if (!f) continue
    const linked = hazardSpec.linkedFilters.find((l) => l.key === key)
    const field = fields.find((x) => x.key === key)
    const values = f.in ?? []
    if (linked) parts.push(...names(linked.ref, values, `个${linked.label}`))
    else if (field?.kind === 'ref' && field.ref)
      parts.push(...names(field.ref.table, values, `个${field.label}`))
    else if (field?.options)
      parts.push(...values.map((v) => field.options?.find((o) => o.value === v)?.label ?? String(v)))
    else if (key === 'inspectionId') parts.push('某次检查发现')
    else parts.push(...values.map(String))
    if (f.from !== undefined || f.to !== undefined) parts.push(`${f.from ?? ''}至${f.to ?? ''}`)
  }
  for (const k of q.presets ?? []) parts.push(hazardSpec.presets.find((p) => p.key === k)?.label ?? k)
  if (q.query?.trim()) parts.push(`含“${q.query.trim()}”`)
  const text = [...new Set(parts.filter(Boolean))]
    .join('、')
    .replace(/[\\/]/g, '／')
    .replace(/[:*?"<>|\r\n]/g, '')
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

export async function toBuffer(write: (out: Writable) => Promise<unknown>): Promise<Buffer> {
  const pass = new PassThrough()
  const chunks: Buffer[] = []
  pass.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((res, rej) => {
    pass.on('end', () => res())
    pass.on('error', rej)
  })
  await write(pass)
  await done
  return Buffer.concat(chunks)
}

const INSPECTION_EXPORT_FIELDS: LedgerField[] = [
  { key: IGNORE_FIELD, label: '序号', synonyms: [], read: () => ({ ok: true, value: null }) },
  ...(
    [
      ['date', '检查日期', 12, 'date'],
      ['time', '检查时间', 12],
      ['enterprise', '被检查单位', 26],
      ['village', '所属村（社区）', 12],
      ['place', '检查场所', 16],
      ['type', '检查类型', 10],
      ['mode', '检查方式', 10],
      ['inspectors', '检查人员', 18],
      ['template', '检查表', 16],
      ['hazards', '发现隐患（处）', 9, 'number'],
      ['major', '其中重大（处）', 9, 'number'],
      ['open', '未销号（处）', 9, 'number'],
      ['documents', '文书（份）', 8, 'number'],
      ['findings', '检查情况', 36],
    ] as [string, string, number, LedgerField['kind']?][]
  ).map(([key, label, width, kind]): LedgerField => ({
    key,
    label,
    synonyms: [],
    width,
    kind,
    read: () => ({ ok: true, value: null }),
  })),
]

/** 检查台账: one row per inspection with its counts (an export only; inspections are recorded in the app). */
export async function exportInspections(
  ctx: Ctx,
  out: Writable,
  filter: Omit<InspectionListQuery, 'page' | 'pageSize'> = {},
  onProgress?: (done: number, total: number) => void,
): Promise<ExportResult> {
  const total = listInspections(ctx, { ...filter, page: 1, pageSize: 1 }).total
  function* rows(): Iterable<unknown[]> {
    let n = 0
    for (let page = 1; ; page++) {
      const batch = listInspections(ctx, { ...filter, page, pageSize: 500 }).rows
      for (const i of batch) {
        const [y, m, d] = i.startedAt.slice(0, 10).split('-').map(Number) as [number, number, number]
        yield [
          ++n,
          new Date(Date.UTC(y, m - 1, d)),
          `${i.startedAt.slice(11, 16)}${i.endedAt ? `—${i.endedAt.slice(11, 16)}` : ''}`,
          i.enterpriseName,
          i.villageName,
          i.place,
          i.typeLabel,
          i.modeLabel,
          i.inspectors.map((p) => p.name).join('、'),
          i.templateName,
          i.hazardCount,
          i.majorHazardCount,
          i.openHazardCount,
          i.documentCount,
          i.findings || null,
        ]
      }
      if (batch.length < 500) return
    }
  }
  return writeLedgerSheet(
    ctx,
    out,
    {
      sheetName: '检查台账',
      title: `${getSettings(ctx).townshipName || ''}安全生产检查台账`,
      fields: INSPECTION_EXPORT_FIELDS,
      total,
      xSplit: 4,
      rows: rows(),
    },
    onProgress,
  )
}

/** The enterprise roster's import template: every column its export has. */
export function enterpriseTemplate(ctx: Ctx): Promise<Buffer> {
  return ledgerTemplate(ctx, {
    sheet: '企业台账',
    cells: exportFields(enterpriseRepo.spec).map((c) => c.cell),
  })
}

/** The hazard list's import template: its import columns, the audited unit first. */
export function hazardTemplate(ctx: Ctx): Promise<Buffer> {
  return ledgerTemplate(ctx, {
    sheet: '隐患整改台账',
    cells: HAZARD_IMPORT_FIELDS.filter((f) => !f.importOnly),
  })
}

/** An empty ledger with the header and dropdown lists, for offices that start from scratch. */
export async function ledgerTemplate(
  ctx: Ctx,
  fields: { sheet: string; cells: LedgerField[] },
): Promise<Buffer> {
  const FIELDS = fields.cells
  const ExcelJS = excelJs()
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(fields.sheet, {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  const lists = wb.addWorksheet('选项', { state: 'hidden' })
  const villages = ctx.db
    .prepare('SELECT name FROM villages ORDER BY sort_order, id')
    .pluck()
    .all() as string[]
  const industries = ctx.db
    .prepare('SELECT name FROM industries ORDER BY sort_order, id')
    .pluck()
    .all() as string[]
  const choices: Record<string, string[]> = {
    villageName: villages,
    industryName: industries,
    villageId: villages,
    industryId: industries,
    ...Object.fromEntries(FIELDS.filter((f) => f.choices).map((f) => [f.key, f.choices as string[]])),
  }
  let listCol = 0
  const ranges = new Map<string, string>()
  for (const [key, values] of Object.entries(choices)) {
    if (values.length === 0) continue
    listCol++
    values.forEach((v, i) => {
      lists.getCell(i + 1, listCol).value = v
    })
    const L = colLetter(listCol)
    ranges.set(key, `选项!$${L}$1:$${L}$${values.length}`)
  }
  ws.columns = FIELDS.map((f) => ({
    header: f.label,
    key: f.key,
    width: f.key === IGNORE_FIELD ? 6 : (f.width ?? 12),
    style: f.kind === 'code' ? { numFmt: '@' } : f.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
  }))
  const header = ws.getRow(1)
  header.font = { bold: true }
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
  FIELDS.forEach((f, i) => {
    const c = header.getCell(i + 1)
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: f.required ? 'FFFCE4D6' : 'FFDDEBF7' } }
    c.border = BORDER
    if (f.required) c.note = '必填'
    const range = ranges.get(f.key)
    if (range) {
      const L = colLetter(i + 1)
      ;(ws as unknown as { dataValidations: { add(ref: string, v: object): void } }).dataValidations.add(
        `${L}2:${L}1000`,
        {
          type: 'list',
          allowBlank: true,
          formulae: [range],
          showErrorMessage: !['villageName', 'industryName', 'villageId', 'industryId'].includes(f.key),
          errorTitle: '请从列表中选择',
          error: `请从下拉列表中选择${f.label}`,
        },
      )
    }
  })
  return Buffer.from(await wb.xlsx.writeBuffer())
}
