import type { Ctx } from '../context'
import { excelJs } from '../excel/exceljs'
import { formatNumber, toTonnes, type QuantityUnit } from '../shared/chemicals/gb18218'
import { getSettings } from '../system/handlers'
import { chemicalStats, majorHazards } from './handlers'

// The 统计台账 as offices keep it (one row per chemical per enterprise, the enterprise cell merged
// over its rows, quantities in t or kg with the unit in the header), ready to print on A4
// landscape; a second sheet holds the 重大危险源 register with every term, a third the totals.
// The first sheet imports back unchanged (the kit importer reads it, chemicals/import-hooks.ts).

const thin = { style: 'thin' as const }
const BORDER = { top: thin, left: thin, bottom: thin, right: thin }
const FONT = { name: '宋体', size: 10 }

interface Line {
  enterpriseId: number
  enterpriseName: string
  unitName: string
  name: string
  cas: string | null
  hazardClass: string | null
  categories: string | null
  max: number | null
  usual: number | null
  annual: number | null
  highlyToxic: boolean
  explosivePrecursor: boolean
  keySupervised: boolean
  notes: string | null
}

function lines(ctx: Ctx, unit: 't' | 'kg'): Line[] {
  const rows = ctx.db
    .prepare(
      `SELECT c.*, e.name AS enterprise_name, u.name AS unit_name FROM chemicals c
       JOIN chem_units u ON u.id = c.unit_id JOIN enterprises e ON e.id = c.enterprise_id
       LEFT JOIN villages v ON v.id = e.village_id
       WHERE c.deleted_at IS NULL AND u.deleted_at IS NULL AND e.deleted_at IS NULL
       ORDER BY v.sort_order, e.name_py, e.id, u.name, c.id`,
    )
    .all() as Record<string, unknown>[]
  const conv = (v: unknown, r: Record<string, unknown>): number | null => {
    if (v === null || v === undefined) return null
    const c = toTonnes(v as number, r.quantity_unit as QuantityUnit, r.density as number | null)
    if (!c.ok) return null
    return Number(formatNumber(unit === 't' ? c.tonnes : c.tonnes * 1000, 6))
  }
  return rows.map((r) => ({
    enterpriseId: r.enterprise_id as number,
    enterpriseName: r.enterprise_name as string,
    unitName: r.unit_name as string,
    name: r.name as string,
    cas: r.cas as string | null,
    hazardClass: r.hazard_class as string | null,
    categories: r.categories as string | null,
    max: conv(r.max_quantity, r),
    usual: conv(r.usual_quantity, r),
    annual: conv(r.annual_use, r),
    highlyToxic: r.highly_toxic === 1,
    explosivePrecursor: r.explosive_precursor === 1,
    keySupervised: r.key_supervised === 1,
    notes: r.notes as string | null,
  }))
}

export async function chemicalWorkbook(
  ctx: Ctx,
  unit: 't' | 'kg',
  opts: { empty?: boolean } = {},
): Promise<Buffer> {
  const u = unit === 't' ? '吨' : 'kg'
  const township = getSettings(ctx).townshipName || ''
  const wb = new (excelJs().Workbook)()
  wb.creator = '乡镇安全生产台账'
  const page = {
    paperSize: 9,
    orientation: 'landscape' as const,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '2:3',
  }
  const ws = wb.addWorksheet('危险化学品台账', { pageSetup: page })
  const widths = [6, 26, 16, 13, 30, 10, 16, 11, 11, 11, 6, 7, 8, 16]
  ws.columns = widths.map((width) => ({ width }))
  const last = String.fromCharCode(64 + widths.length)
  ws.mergeCells(`A1:${last}1`)
  ws.getCell('A1').value = `${township}危险化学品储存使用台账`
  ws.getCell('A1').font = { name: '宋体', size: 16, bold: true }
  ws.getCell('A1').alignment = { horizontal: 'center' }
  const top = [
    '序号',
    '企业名称',
    '品名',
    'CAS号',
    '危险性类别',
    'GB 18218类别',
    '储存情况',
    '',
    '',
    `年用量（${u}）`,
    '是否剧毒',
    '易制爆',
    '重点监管',
    '备注',
  ]
  const sub = [
    '',
    '',
    '',
    '',
    '',
    '',
    '储存地点(单元)',
    `最大储存量（${u}）`,
    `日常储存量（${u}）`,
    '',
    '',
    '',
    '',
    '',
  ]
  ws.addRow(top)
  ws.addRow(sub)
  for (let c = 1; c <= widths.length; c++) {
    const letter = String.fromCharCode(64 + c)
    if (c >= 7 && c <= 9) continue
    ws.mergeCells(`${letter}2:${letter}3`)
  }
  ws.mergeCells('G2:I2')
  for (const r of [2, 3])
    ws.getRow(r).eachCell({ includeEmpty: true }, (cell) => {
      cell.font = { ...FONT, bold: true }
      cell.border = BORDER
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    })
  const data = opts.empty ? [] : lines(ctx, unit)
  let start = 4
  let n = 0
  for (let i = 0; i < data.length; i++) {
    const l = data[i] as Line
    const row = ws.addRow([
      ++n,
      l.enterpriseName,
      l.name,
      l.cas ?? '/',
      l.hazardClass ?? '',
      l.categories ?? '',
      l.unitName,
      l.max,
      l.usual,
      l.annual,
      l.highlyToxic ? '√' : '',
      l.explosivePrecursor ? '√' : '',
      l.keySupervised ? '√' : '',
      l.notes ?? '',
    ])
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.font = FONT
      cell.border = BORDER
      cell.alignment = {
        vertical: 'middle',
        wrapText: col === 5 || col === 14,
        horizontal: col === 1 || col >= 11 ? 'center' : undefined,
      }
    })
    const next = data[i + 1]
    if (!next || next.enterpriseId !== l.enterpriseId) {
      if (row.number > start) ws.mergeCells(`B${start}:B${row.number}`)
      start = row.number + 1
    }
  }
  const note = ws.addRow([
    `填表说明：1.储存量单位为${unit === 't' ? '吨' : '千克'}；2.剧毒化学品在相应栏内标注；3.同一企业多个品种分行填写。`,
  ])
  ws.mergeCells(`A${note.number}:${last}${note.number}`)
  note.getCell(1).font = FONT

  const reg = wb.addWorksheet('重大危险源辨识', { pageSetup: { ...page, printTitlesRow: '2:2' } })
  reg.columns = [6, 26, 16, 10, 10, 8, 10, 60].map((width) => ({ width }))
  reg.mergeCells('A1:H1')
  reg.getCell('A1').value = `${township}危险化学品重大危险源辨识与分级（GB 18218-2018）`
  reg.getCell('A1').font = { name: '宋体', size: 14, bold: true }
  reg.addRow(['序号', '企业名称', '单元', 'S=Σq/Q', 'R', '级别', 'α', '计算项（q/Q，β）'])
  majorHazards(ctx).forEach((m, i) => {
    reg.addRow([
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
    ])
  })
  reg.eachRow((row, r) => {
    if (r < 2) return
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.font = r === 2 ? { ...FONT, bold: true } : FONT
      cell.border = BORDER
      cell.alignment = { vertical: 'middle', wrapText: true }
    })
  })

  const sum = wb.addWorksheet('按品种汇总', {
    pageSetup: { ...page, orientation: 'portrait', printTitlesRow: '1:1' },
  })
  sum.columns = [20, 10, 10, 14, 14, 14].map((width) => ({ width }))
  sum.addRow(['品种', '企业数', '条数', '最大储存量（吨）', '日常储存量（吨）', '年用量（吨）'])
  for (const t of chemicalStats(ctx).byChemical)
    sum.addRow([t.label, t.enterprises, t.items, t.maxTonnes, t.usualTonnes, t.annualTonnes])
  sum.eachRow((row, r) =>
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.font = r === 1 ? { ...FONT, bold: true } : FONT
      cell.border = BORDER
    }),
  )
  return Buffer.from(await wb.xlsx.writeBuffer())
}
