import type { LayoutSpec } from '../kit/spec'

// 排班表: the duty roster as offices lay it out on paper — one row per person, one column per
// day, a mark in each cell. Declared once; the importer and the exporter both read it
// (electron/core/duty/excel.ts maps the marks to roles and shifts).
export const dutyMatrixLayout = {
  key: 'matrix',
  label: '排班表',
  kind: 'matrix',
  rowWords: ['姓名', '人员', '值班人员', '名字'],
  marks: [
    { value: 'leader', label: '带班', words: ['领导带班'] },
    { value: 'full', label: '值班', words: ['值', '√', '全天'] },
    { value: 'day', label: '白班', words: ['白'] },
    { value: 'night', label: '夜班', words: ['夜'] },
    { value: 'rest', label: '休', words: ['休息', '/', '-'] },
  ],
} as const satisfies LayoutSpec
