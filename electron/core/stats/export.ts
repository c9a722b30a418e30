import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'
import { chinaToday, handler, type Ctx } from '../context'
import { excelJs } from '../excel/exceljs'
import { getSettings } from '../system/handlers'
import { computeStats, periodInput, type Period, type Stats } from './stats'

// The statistics as files offices pass on: a formatted .xlsx table, and a year-end summary draft
// (.docx) in the official layout whose data paragraph is generated from the same numbers and
// whose narrative is left for the clerk.

const show = (v: number | null, percent: boolean) => (v === null ? '—' : percent ? `${v}%` : v)
const cn = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`
const thin = { style: 'thin' as const }
const BORDER = { top: thin, left: thin, bottom: thin, right: thin }

function periodName(p: Period): string {
  const y = p.from.slice(0, 4)
  if (p.from === `${y}-01-01` && p.to === `${y}-12-31`) return `${y}年`
  return `${cn(p.from)}至${cn(p.to)}`
}

export async function statsWorkbook(ctx: Ctx, s: Stats): Promise<Buffer> {
  const wb = new (excelJs().Workbook)()
  wb.creator = '乡镇安全生产台账'
  const ws = wb.addWorksheet('安全生产工作统计', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  })
  ws.columns = [{ width: 8 }, { width: 28 }, { width: 14 }, { width: 14 }, { width: 18 }]
  const font = { name: '宋体', size: 11 }
  const township = getSettings(ctx).townshipName || ''
  ws.mergeCells('A1:E1')
  ws.getCell('A1').value = `${township}${periodName(s.period)}安全生产工作统计表`
  ws.getCell('A1').font = { name: '宋体', size: 16, bold: true }
  ws.getCell('A1').alignment = { horizontal: 'center' }
  ws.mergeCells('A2:E2')
  ws.getCell('A2').value =
    `统计期间：${cn(s.period.from)}至${cn(s.period.to)}；去年同期：${cn(s.previousPeriod.from)}至${cn(s.previousPeriod.to)}`
  ws.getCell('A2').font = font
  const header = ws.addRow(['序号', '项目', '本期', '去年同期', '单位'])
  header.eachCell((c) => {
    c.font = { ...font, bold: true }
    c.border = BORDER
    c.alignment = { horizontal: 'center' }
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }
  })
  let group = ''
  let n = 0
  for (const v of s.values) {
    if (v.group !== group) {
      group = v.group
      const g = ws.addRow(['', group])
      g.getCell(2).font = { ...font, bold: true }
      for (let i = 1; i <= 5; i++) g.getCell(i).border = BORDER
    }
    const r = ws.addRow([
      ++n,
      v.label,
      show(v.value, v.percent),
      show(v.previous, v.percent),
      v.percent ? '' : v.unit,
    ])
    r.eachCell({ includeEmpty: true }, (c, col) => {
      c.font = font
      c.border = BORDER
      if (col !== 2) c.alignment = { horizontal: 'center' }
    })
  }
  ws.addRow([])
  const sumRow = ws.addRow(['', s.summary])
  ws.mergeCells(`B${sumRow.number}:E${sumRow.number}`)
  sumRow.getCell(2).alignment = { wrapText: true, vertical: 'top' }
  sumRow.getCell(2).font = font
  sumRow.height = 120
  return Buffer.from(await wb.xlsx.writeBuffer())
}

// GB/T 9704: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 3号 (16 pt) 仿宋,
// title 2号 (22 pt) 小标宋 (黑体 as fallback); first-line indent of two characters.
const mm = (v: number) => Math.round((v / 25.4) * 1440)
const BODY = { font: { ascii: '仿宋_GB2312', eastAsia: '仿宋_GB2312', hAnsi: '仿宋_GB2312' }, size: 32 }

function body(text: string, opts: { bold?: boolean; indent?: boolean } = {}): Paragraph {
  return new Paragraph({
    indent: opts.indent === false ? undefined : { firstLine: 640 },
    spacing: { line: 560, lineRule: 'exact' },
    children: [new TextRun({ text, ...BODY, bold: opts.bold })],
  })
}

export async function summaryDocx(ctx: Ctx, s: Stats): Promise<Buffer> {
  const settings = getSettings(ctx)
  const who = settings.officeName || `${settings.townshipName || ''}人民政府`
  const title = `${settings.townshipName || ''}${periodName(s.period)}安全生产工作总结`
  const v = (k: string) => s.values.find((x) => x.key === k)
  const n = (k: string) => show(v(k)?.value ?? 0, false)
  const doc = new Document({
    creator: '乡镇安全生产台账',
    title,
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
          },
        },
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            spacing: { after: 400 },
            children: [
              new TextRun({
                text: title,
                font: { ascii: '方正小标宋简体', eastAsia: '方正小标宋简体', hAnsi: '方正小标宋简体' },
                size: 44,
              }),
            ],
          }),
          body('（草稿：下列数据段由台账生成，其余文字请按本单位实际情况补充修改。）', { indent: false }),
          body('一、主要工作情况', { bold: true }),
          body(s.summary),
          body(
            `（一）安全检查。组织检查${show(v('inspections')?.value ?? 0, false)}次，检查企业${show(v('inspectedEnterprises')?.value ?? 0, false)}家，检查覆盖率${show(v('coverage')?.value ?? null, true)}。【请补充检查重点和典型做法】`,
          ),
          body(
            `（二）隐患排查治理。发现隐患${show(v('hazards')?.value ?? 0, false)}处，其中重大事故隐患${show(v('majorHazards')?.value ?? 0, false)}处；已整改销号${show(v('closedHazards')?.value ?? 0, false)}处，整改率${show(v('rectificationRate')?.value ?? null, true)}。【请补充重点隐患的整改情况】`,
          ),
          body('（三）宣传教育培训和应急演练。【请补充】'),
          body(
            `（四）危险化学品和烟花爆竹。辖区内构成危险化学品重大危险源的单元${n('chemicals.majorHazards')}个（${[
              1, 2, 3, 4,
            ]
              .map((g) => `${['', '一', '二', '三', '四'][g]}级${n(`chemicals.majorHazards.${g}`)}个`)
              .join(
                '，',
              )}）；持有效许可证的烟花爆竹零售点${n('fireworks.licensed')}家，检查零售点${n('fireworks.inspected')}家。【请补充监管措施】`,
          ),
          body(
            `（五）应急值守。安排值班${n('duty.days')}天，值班记录事项${n('duty.events')}条。【请补充值守和信息报送情况】`,
          ),
          body('二、存在的问题', { bold: true }),
          body('【请填写】'),
          body('三、下一步工作打算', { bold: true }),
          body('【请填写】'),
          new Paragraph({ spacing: { before: 600 }, children: [] }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: who, ...BODY })] }),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [new TextRun({ text: cn(isoDate(ctx)), ...BODY })],
          }),
        ],
      },
    ],
  })
  return Buffer.from(await Packer.toBuffer(doc))
}

function isoDate(ctx: Ctx): string {
  return chinaToday(ctx)
}

export const statsExportHandlers = {
  'stats.exportXlsx': handler(periodInput, async (ctx, p) => {
    const s = computeStats(ctx, p)
    return {
      fileName: `安全生产工作统计-${p.from}至${p.to}.xlsx`,
      base64: (await statsWorkbook(ctx, s)).toString('base64'),
    }
  }),
  'stats.summaryDocx': handler(periodInput, async (ctx, p) => {
    const s = computeStats(ctx, p)
    return {
      fileName: `安全生产工作总结（草稿）-${p.from}至${p.to}.docx`,
      base64: (await summaryDocx(ctx, s)).toString('base64'),
    }
  }),
}
