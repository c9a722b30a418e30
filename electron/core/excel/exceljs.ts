import { createRequire } from 'node:module'

// `require('exceljs')` costs ~450 ms: load it on first use, never at startup.
type ExcelJs = typeof import('exceljs')
let lib: ExcelJs | null = null
export function excelJs(): ExcelJs {
  lib ??= createRequire(__filename)('exceljs') as ExcelJs
  return lib
}
