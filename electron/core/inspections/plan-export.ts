import type { Cell, Worksheet } from 'exceljs'
import { z } from 'zod'
import { handler, isoNow, type Ctx } from '../context'
import { excelJs } from '../excel/exceljs'
import { getSettings } from '../system/handlers'
import { listDraws, listPlan, PLAN_KINDS, planItemFields } from './plan'

// 年度执法检查计划 as an .xlsx to file and hand round: which enterprises, in which month, by whom,
// how each stands; A4 portrait, 宋体, the header row repeated on every printed page. A second sheet
// records the year's 双随机 draws (seed, candidate count, result) so the plan's 双随机 rows can be
// traced to the draw that chose them.

const thin = { style: 'thin' as const }
const BORDER = { top: thin, left: thin, bottom: thin, right: thin }
const FONT = { name: '宋体', size: 11 }
/** Two ideographic spaces between the parts of the sub-title line. */
const GAP = '\u3000\u3000'

function cell(c: Cell, opts: { bold?: boolean; left?: boolean } = {}): void {
  c.font = { ...FONT, bold: opts.bold }
  c.border = BORDER
  c.alignment = { horizontal: opts.left ? 'left' : 'center', vertical: 'middle', wrapText: true }
}

function sheet(
  wb: import('exceljs').Workbook,
  name: string,
  orientation: 'portrait' | 'landscape',
): Worksheet {
  return wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9,
      orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  })
}

function title(ws: Worksheet, text: string, sub: string, cols: number): void {
  const last = String.fromCharCode(64 + cols)
  ws.mergeCells(`A1:${last}1`)
  ws.getCell('A1').value = text
  ws.getCell('A1').font = { name: '宋体', size: 16, bold: true }
  ws.getCell('A1').alignment = { horizontal: 'center', vertical: 'middle' }
  ws.getRow(1).height = 30
  ws.mergeCells(`A2:${last}2`)
  ws.getCell('A2').value = sub
  ws.getCell('A2').font = FONT
  ws.getCell('A2').alignment = { horizontal: 'left' }
}

const cnDate = (d: string) =>
  `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`

export async function planWorkbook(ctx: Ctx, year: number): Promise<{ fileName: string; buffer: Buffer }> {
  const settings = getSettings(ctx)
  const township = settings.townshipName || ''
  const made = cnDate(isoNow(ctx).slice(0, 10))
  const items = listPlan(ctx, { year })
  const done = items.filter((i) => i.status === 'done').length
  const name = `${township}${year}年度安全生产执法检查计划`

  const wb = new (excelJs().Workbook)()
  wb.creator = '乡镇安全生产台账'
  const ws = sheet(wb, '检查计划', 'portrait')
  const headers = ['序号', '计划时间', '企业名称', '村（社区）', '检查方式', '检查人员', '完成情况', '备注']
  ws.columns = [6, 11, 30, 11, 11, 16, 14, 16].map((width) => ({ width }))
  title(
    ws,
    name,
    `编制单位：${settings.officeName || `${township}人民政府`}${GAP}共 ${items.length} 家次，` +
      `已按计划检查 ${done} 家次${GAP}导出日期：${made}`,
    headers.length,
  )
  const head = ws.getRow(3)
  head.values = headers
  head.eachCell((c) => {
    cell(c, { bold: true })
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }
  })
  head.height = 22
  ws.pageSetup.printTitlesRow = '3:3'
  ws.views = [{ state: 'frozen', ySplit: 3 }]
  items.forEach((it, i) => {
    const row = ws.getRow(4 + i)
    row.values = [
      i + 1,
      it.plannedDate ? `${it.month}月${Number(it.plannedDate.slice(8, 10))}日` : `${it.month}月`,
      it.enterpriseName,
      it.villageName ?? '',
      PLAN_KINDS[it.kind],
      it.inspectorNames.join('、'),
      it.status === 'done'
        ? `已检查（${Number(it.inspectedOn!.slice(5, 7))}月${Number(it.inspectedOn!.slice(8, 10))}日）`
        : it.missed
          ? '逾期未检查'
          : '未检查',
      it.notes ?? '',
    ]
    for (let c = 1; c <= headers.length; c++) cell(row.getCell(c), { left: c === 3 || c === 8 })
    row.height = 20
  })
  if (items.length === 0) {
    const row = ws.getRow(4)
    ws.mergeCells(`A4:H4`)
    row.getCell(1).value = '本年度尚未列入检查计划'
    cell(row.getCell(1))
  }

  const draws = listDraws(ctx, year).reverse()
  const dw = sheet(wb, '双随机抽取记录', 'landscape')
  const dh = [
    '序号',
    '抽取名称',
    '抽取时间',
    '随机种子',
    '抽取条件',
    '候选企业',
    '抽中企业',
    '抽中检查人员',
    '操作人员',
  ]
  dw.columns = [6, 24, 12, 12, 26, 9, 44, 16, 10].map((width) => ({ width }))
  title(
    dw,
    `${township}${year}年度“双随机”抽查抽取记录`,
    '用记录的随机种子和候选名单可在本程序中“重现抽取”，结果相同。',
    dh.length,
  )
  const dhead = dw.getRow(3)
  dhead.values = dh
  dhead.eachCell((c) => {
    cell(c, { bold: true })
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }
  })
  dw.pageSetup.printTitlesRow = '3:3'
  draws.forEach((d, i) => {
    const row = dw.getRow(4 + i)
    row.values = [
      i + 1,
      d.title,
      cnDate(d.createdAt.slice(0, 10)),
      String(d.seed),
      d.criteria,
      `${d.candidates.length} 家`,
      d.enterprises.map((e) => e.name).join('、'),
      d.inspectors.map((s) => s.name).join('、') || '未抽取',
      d.operator ?? '',
    ]
    for (let c = 1; c <= dh.length; c++) cell(row.getCell(c), { left: c === 2 || c === 5 || c === 7 })
  })
  if (draws.length === 0) {
    dw.mergeCells('A4:I4')
    dw.getCell('A4').value = '本年度没有双随机抽取记录'
    cell(dw.getCell('A4'))
  }
  return { fileName: `${name}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) }
}

export const planExportHandlers = {
  'plan.exportXlsx': handler(z.object({ year: planItemFields.year }), async (ctx, v) => {
    const { fileName, buffer } = await planWorkbook(ctx, v.year)
    return { fileName, base64: buffer.toString('base64') }
  }),
}
