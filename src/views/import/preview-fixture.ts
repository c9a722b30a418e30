// A small preview as the core returns it, for the import screens' tests.
import type { ImportPreview, PreviewColumn } from './import-types'

export const FIELDS: ImportPreview['fields'] = [
  { key: '_ignore', label: '（不导入）序号', required: false, fromSheet: false },
  { key: 'name', label: '企业名称', required: true, fromSheet: false },
  { key: 'creditCode', label: '统一社会信用代码', required: false, fromSheet: false },
  { key: 'villageName', label: '所属村（社区）', required: true, fromSheet: false },
  { key: 'principalPhone', label: '主要负责人电话', required: false, fromSheet: false },
  { key: 'contactPhone', label: '单位电话', required: false, fromSheet: false },
]

export function column(
  column: number,
  header: string,
  field: string | null,
  confidence = 1,
  samples: string[] = [],
  needsConfirmation = false,
): PreviewColumn {
  return {
    column,
    letter: String.fromCharCode(64 + column),
    header,
    field,
    suggested: field,
    confidence,
    needsConfirmation,
    alternatives: [],
    samples,
  }
}

export function makePreview(over: Partial<ImportPreview> = {}): ImportPreview {
  return {
    importId: '6f1c2c1e-8a4b-4c1d-9a57-0d0b7e4c1a11',
    fileName: '企业台账.xlsx',
    format: 'xlsx',
    encoding: null,
    sheets: [
      { name: '企业台账', rows: 61 },
      { name: 'Sheet2', rows: 0 },
    ],
    sheet: '企业台账',
    headerRows: [3, 4],
    firstDataRow: 5,
    lastDataRow: 59,
    mappingRemembered: false,
    columns: [
      column(1, '序号', '_ignore'),
      column(2, '企业名称', 'name'),
      column(3, '统一社会信用代码', 'creditCode'),
      column(4, '所属村(社区)', 'villageName'),
      column(5, '联系方式/手机', 'principalPhone', 0.96, ['18735662163', '13778023034']),
      column(6, '联系方式/电话号', 'contactPhone', 0.62),
    ],
    fields: FIELDS,
    summary: {
      inserted: 52,
      updated: 0,
      unchanged: 0,
      duplicates: 1,
      skipped: 1,
      errorRows: 2,
      warningRows: 0,
      skippedRows: 0,
      total: 55,
    },
    errors: [],
    warnings: [],
    skippedRows: [],
    notices: [],
    sheetUse: [],
    defaultable: [],
    defaults: {},
    ...over,
  } as ImportPreview
}
