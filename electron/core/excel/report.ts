import { excelJs } from './exceljs'
import type { ImportSession } from './import'

/** The failed rows in the file's own layout (its title and header rows), with a 错误原因 column. */
export async function errorReport(s: ImportSession): Promise<Buffer> {
  const ExcelJS = excelJs()
  const sheet = s.book.sheets.find((x) => x.name === s.sheetName)
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(`${s.sheetName}-错误行`.slice(0, 31))
  // Rows refused, and rows kept with a cell left out (so the clerk can fix the cell and re-import).
  const failed = s.plan
    .filter((p) => p.status === 'error' || p.warnings.some((w) => w.cell))
    .map((p) => ({ ...p, issues: p.status === 'error' ? p.issues : p.warnings.filter((w) => w.cell) }))
  const width = s.expanded.reduce((m, r) => Math.max(m, r.length), 1)
  const errCol = width + 1
  let out = 1
  for (let r = 1; r <= (s.band.headerRows.at(-1) ?? 0); r++) {
    const src = (r >= (s.band.headerRows[0] ?? 1) ? s.expanded : (sheet?.rows ?? s.expanded))[r - 1] ?? []
    const row = ws.getRow(out++)
    src.forEach((v, i) => {
      row.getCell(i + 1).value = v as never
    })
    if (r === s.band.headerRows[0]) row.getCell(errCol).value = '错误原因'
    row.font = { bold: r >= (s.band.headerRows[0] ?? 1) }
  }
  for (const p of failed) {
    const src = sheet?.rows[p.row - 1] ?? []
    const row = ws.getRow(out++)
    src.forEach((v, i) => {
      row.getCell(i + 1).value = (typeof v === 'number' && Math.abs(v) > 1e11 ? String(v) : v) as never
    })
    const c = row.getCell(errCol)
    c.value = p.issues
      .map((i) => `原第${i.row}行${i.column ? ` ${i.column}列` : ''}：${i.message}`)
      .join('\n')
    c.font = { color: { argb: 'FFC00000' } }
    c.alignment = { wrapText: true, vertical: 'top' }
  }
  ws.getColumn(errCol).width = 60
  return Buffer.from(await wb.xlsx.writeBuffer())
}
