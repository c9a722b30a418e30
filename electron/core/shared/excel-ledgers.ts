// The ledgers the Excel engine reads or writes, by the name files, routes (`?ledger=`) and the CLI
// use, with the title screens and messages give them. The core's Excel door and the renderer's
// import screens both read this one list.

export const EXCEL_LEDGERS = {
  enterprises: { label: '企业台账', built: true },
  chemicals: { label: '危化品台账', built: true },
  fireworks: { label: '烟花爆竹零售经营户台账', built: true },
  duty: { label: '值班表', built: true },
  hazards: { label: '隐患整改台账', built: true },
  inspections: { label: '检查台账', built: true },
  chemLicences: { label: '危化品经营许可证', built: true },
} as const

export type ExcelLedger = keyof typeof EXCEL_LEDGERS

export function isExcelLedger(v: unknown): v is ExcelLedger {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(EXCEL_LEDGERS, v)
}
