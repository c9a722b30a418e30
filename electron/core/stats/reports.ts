import { z } from 'zod'
import { handler, type Ctx } from '../context'
import { excelJs } from '../excel/exceljs'
import { hazardRecords } from '../inspections/hazards'
import { HAZARD_STATUSES, SUPERVISION_LEVELS } from '../shared/inspection-fields'
import { getSettings } from '../system/handlers'
import { computeStats, periodInput, type Period, type Stats } from './stats'

// The upward report forms offices are asked for, in the layouts they circulate (multi-row headers
// with merged cells and a units row, as in shared/fixtures/real): the township's row is filled
// from the statistics registry — each cell names the statistic it shows, so the form says what
// the 统计 page says. Columns the ledgers do not hold (处罚, 投入资金) are left for the clerk and
// named in a note under the table.

type Cell = string | null
interface Column {
  /** The statistic shown in this column (a percentage statistic is written as its number). */
  stat?: string
}

export interface ReportLayout {
  key: string
  label: string
  title: string
  /** Rows between the title and the header ("单位：项、万元"), right-aligned. */
  preRows: string[]
  /** Header rows, one entry per column (null under a merge). */
  header: Cell[][]
  /** Merges in A1 notation, relative to the first header row being row 1. */
  merges: string[]
  widths: number[]
  /** Columns after 序号 and 区域, in order. */
  columns: Column[]
  note: string
}

const INSPECTION_RECTIFICATION: ReportLayout = {
  key: 'inspection-rectification',
  label: '安全生产检查和专项整治统计表',
  title: '安全生产检查和专项整治工作完成情况统计表',
  preRows: [],
  header: [
    ['序号', '区域', '检查执法情况', ...Array<Cell>(10).fill(null), '实施处罚情况', null, null, null],
    [
      null,
      null,
      '监管企业数',
      '检查企业目标',
      '检查企业数',
      '一般隐患',
      null,
      null,
      '重大隐患',
      null,
      null,
      '打击非法违法行为',
      '整治违规违章行为',
      '处罚总起数',
      '已结案事故',
      '处罚金额',
      '追究刑事责任',
    ],
    [
      null,
      null,
      null,
      null,
      null,
      '排查',
      '已整治',
      '整改率',
      '排查',
      '已整治',
      '整改率',
      null,
      null,
      '违法/事故',
      '违法/事故',
      '违法/事故',
      null,
    ],
    [
      null,
      null,
      '（家）',
      '（家）',
      '（家 次）',
      '（项）',
      '（项）',
      '（%）',
      '（项）',
      '（项）',
      '（%）',
      '（起）',
      '（起）',
      '（起）',
      '（起）',
      '（万元）',
      '（家）',
    ],
  ],
  merges: [
    'C1:M1',
    'N1:Q1',
    'F2:H2',
    'I2:K2',
    'A1:A4',
    'B1:B4',
    'C2:C3',
    'D2:D3',
    'E2:E3',
    'L2:L3',
    'M2:M3',
    'Q2:Q3',
  ],
  widths: [6, 12, 9, 9, 9, 8, 8, 8, 8, 8, 8, 10, 10, 9, 9, 9, 9],
  columns: [
    { stat: 'roster' },
    { stat: 'plan.enterprises' },
    { stat: 'inspections' },
    { stat: 'generalHazards' },
    { stat: 'closedGeneralHazards' },
    { stat: 'generalRate' },
    { stat: 'majorHazards' },
    { stat: 'closedMajorHazards' },
    { stat: 'majorRate' },
    {},
    {},
    {},
    {},
    {},
    {},
  ],
  note:
    '注：监管企业数为在册企业；检查企业目标为列入年度检查计划的企业；检查企业数为检查家次；隐患按发现日期在统计期间内计，' +
    '“已整治”为已整改销号。打击非法违法行为、整治违规违章行为和实施处罚情况台账未登记，请据实填写。',
}

const SUPERVISED_HAZARDS: ReportLayout = {
  key: 'supervised-hazards',
  label: '三级挂牌督办重大隐患整改汇总表',
  title: '“三级政府挂牌督办”重大隐患整改完成情况汇总表',
  preRows: ['单位：项、万元'],
  header: [
    ['序号', '区域', '总体情况', null, null, null, '其中', ...Array<Cell>(8).fill(null)],
    [
      null,
      null,
      '挂牌总数',
      '已整改数',
      '已完成%',
      '投入整改资金',
      '市级',
      null,
      null,
      '县（市、区）级',
      null,
      null,
      '乡镇（街道）级',
      null,
      null,
    ],
    [
      null,
      null,
      null,
      null,
      null,
      null,
      ...Array<string[]>(3).fill(['挂牌数', '已整改数', '投入经费']).flat(),
    ],
  ],
  merges: ['C1:F1', 'G1:O1', 'G2:I2', 'J2:L2', 'M2:O2', 'A1:A3', 'B1:B3', 'C2:C3', 'D2:D3', 'E2:E3', 'F2:F3'],
  widths: [6, 12, 9, 9, 9, 11, 8, 9, 9, 8, 9, 9, 8, 9, 9],
  columns: [
    { stat: 'supervisedHazards' },
    { stat: 'supervisedClosed' },
    { stat: 'supervisedRate' },
    {},
    { stat: 'supervised.city' },
    { stat: 'supervised.city.closed' },
    {},
    { stat: 'supervised.county' },
    { stat: 'supervised.county.closed' },
    {},
    { stat: 'supervised.township' },
    { stat: 'supervised.township.closed' },
    {},
  ],
  note:
    '注：按发现日期在统计期间内的挂牌督办重大事故隐患计；“已整改数”为已整改销号。台账未登记整改资金，投入整改资金和投入经费请据实填写。' +
    '各隐患明细见“挂牌督办隐患明细”工作表。',
}

export const REPORT_LAYOUTS = [INSPECTION_RECTIFICATION, SUPERVISED_HAZARDS] as const
export type ReportKey = (typeof REPORT_LAYOUTS)[number]['key']

const thin = { style: 'thin' as const }
const BORDER = { top: thin, left: thin, bottom: thin, right: thin }
const colName = (n: number) => {
  let s = ''
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s
  return s
}
/** Shifts an A1 range down by `rows`. */
const shift = (range: string, rows: number) =>
  range.replace(/([A-Z]+)(\d+)/g, (_m, c: string, r: string) => `${c}${Number(r) + rows}`)

function periodName(p: Period): string {
  const y = p.from.slice(0, 4)
  if (p.from === `${y}-01-01` && p.to === `${y}-12-31`) return `${y}年`
  const cn = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`
  return `${cn(p.from)}至${cn(p.to)}`
}

export async function reportWorkbook(ctx: Ctx, layout: ReportLayout, s: Stats): Promise<Buffer> {
  const township = getSettings(ctx).townshipName || ''
  const wb = new (excelJs().Workbook)()
  wb.creator = '乡镇安全生产台账'
  const width = layout.header[0]!.length
  const last = colName(width)
  const ws = wb.addWorksheet(layout.label.slice(0, 31), {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  })
  ws.columns = layout.widths.map((w) => ({ width: w }))
  const font = { name: '宋体', size: 10 }
  const center = { horizontal: 'center' as const, vertical: 'middle' as const, wrapText: true }

  ws.mergeCells(`A1:${last}1`)
  const title = ws.getCell('A1')
  title.value = `${township}${periodName(s.period)}${layout.title}`
  title.font = { name: '宋体', size: 16, bold: true }
  title.alignment = { horizontal: 'center', vertical: 'middle' }
  ws.getRow(1).height = 30
  let row = 2
  for (const text of layout.preRows) {
    ws.mergeCells(`A${row}:${last}${row}`)
    const c = ws.getCell(`A${row}`)
    c.value = text
    c.font = font
    c.alignment = { horizontal: 'right' }
    row++
  }
  const headerTop = row
  for (const cells of layout.header) {
    const r = ws.getRow(row)
    cells.forEach((v, i) => {
      const c = r.getCell(i + 1)
      if (v !== null) c.value = v
      c.font = { ...font, bold: true }
      c.alignment = center
      c.border = BORDER
    })
    r.height = 24
    row++
  }
  for (const m of layout.merges) ws.mergeCells(shift(m, headerTop - 1))

  const byKey = new Map(s.values.map((v) => [v.key, v]))
  const data = ws.getRow(row)
  const values: (string | number)[] = [
    1,
    township || '本乡镇',
    ...layout.columns.map((c) => {
      if (!c.stat) return ''
      const v = byKey.get(c.stat)
      if (!v) throw new Error(`unknown statistic ${c.stat}`)
      return v.value === null ? '—' : v.value
    }),
  ]
  values.forEach((v, i) => {
    const c = data.getCell(i + 1)
    c.value = v
    c.font = font
    c.alignment = center
    c.border = BORDER
  })
  data.height = 22
  row += 2
  ws.mergeCells(`A${row}:${last}${row}`)
  const note = ws.getCell(`A${row}`)
  note.value = `统计期间：${s.period.from} 至 ${s.period.to}。${layout.note}`
  note.font = { ...font, size: 9 }
  note.alignment = { wrapText: true, vertical: 'top' }
  ws.getRow(row).height = 42

  if (layout.key === SUPERVISED_HAZARDS.key) supervisedSheet(ctx, wb, s.period)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** The supervised major hazards behind the summary row, one per line. */
function supervisedSheet(ctx: Ctx, wb: import('exceljs').Workbook, p: Period): void {
  const ws = wb.addWorksheet('挂牌督办隐患明细', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  })
  ws.columns = [6, 26, 36, 14, 12, 12, 12, 12].map((width) => ({ width }))
  const head = ws.addRow([
    '序号',
    '企业名称',
    '隐患内容',
    '督办级别',
    '发现日期',
    '整改期限',
    '状态',
    '销号日期',
  ])
  head.eachCell((c) => {
    c.font = { name: '宋体', size: 10, bold: true }
    c.border = BORDER
    c.alignment = { horizontal: 'center' }
  })
  const rows = hazardRecords(ctx, {
    filters: {
      foundOn: { from: p.from, to: p.to },
      supervisionLevel: { in: ['city', 'county', 'township'] },
    },
    sort: { field: 'urgency', order: 'asc' },
  })
  rows.forEach((h, i) => {
    const r = ws.addRow([
      i + 1,
      h.enterpriseName,
      h.description,
      h.supervisionLevel ? SUPERVISION_LEVELS[h.supervisionLevel] : '',
      h.foundOn,
      h.deadline,
      HAZARD_STATUSES[h.status] ?? h.status,
      h.closedOn ?? '',
    ])
    r.eachCell({ includeEmpty: true }, (c) => {
      c.font = { name: '宋体', size: 10 }
      c.border = BORDER
      c.alignment = { wrapText: true, vertical: 'middle' }
    })
  })
}

export const reportInput = z
  .object({
    name: z.enum(REPORT_LAYOUTS.map((l) => l.key) as [ReportKey, ...ReportKey[]], {
      error: `报表名称应为：${REPORT_LAYOUTS.map((l) => `${l.key}（${l.label}）`).join('、')}`,
    }),
    from: z.string(),
    to: z.string(),
  })
  .superRefine((v, c) => {
    const r = periodInput.safeParse({ from: v.from, to: v.to })
    if (!r.success)
      for (const i of r.error.issues) c.addIssue({ code: 'custom', message: i.message, path: i.path })
  })

export const reportHandlers = {
  'stats.reportList': handler(z.object({}), () =>
    REPORT_LAYOUTS.map((l) => ({ key: l.key, label: l.label })),
  ),
  'stats.report': handler(reportInput, async (ctx, v) => {
    const layout = REPORT_LAYOUTS.find((l) => l.key === v.name)!
    const s = computeStats(ctx, { from: v.from, to: v.to })
    return {
      fileName: `${layout.label}-${v.from}至${v.to}.xlsx`,
      base64: (await reportWorkbook(ctx, layout, s)).toString('base64'),
    }
  }),
}
