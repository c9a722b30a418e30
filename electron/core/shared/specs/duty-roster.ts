import type { LayoutSpec, LedgerSpec } from '../kit/spec'

// 值班表 as a ledger on the kit: one record per date × shift × person (a 班次). Two sheet layouts
// are declared here and read and written by the kit alone:
//  - list (值班安排表): one row per shift — 日期, 班次, 身份, 姓名;
//  - matrix (排班表): one row per person, one column per day, a mark in each cell (带班 / 值班 /
//    白班 / 夜班 / 休); each mark names the shift and role it stands for.
// Generation, swaps (调班), stand-ins (替班) and the holiday calendar stay domain code
// (electron/core/duty/roster-repo.ts) and write through this ledger's repository.

export const dutyMatrixLayout = {
  key: 'matrix',
  label: '排班表',
  kind: 'matrix',
  rowField: 'person',
  colField: 'date',
  rowWords: ['姓名', '人员', '值班人员', '名字'],
  marks: [
    { value: 'leader', label: '带班', words: ['领导带班'], values: { role: 'leader', shift: 'full' } },
    { value: 'full', label: '值班', words: ['值', '√', '全天'], values: { role: 'staff', shift: 'full' } },
    { value: 'day', label: '白班', words: ['白'], values: { role: 'staff', shift: 'day' } },
    { value: 'night', label: '夜班', words: ['夜'], values: { role: 'staff', shift: 'night' } },
    { value: 'rest', label: '休', words: ['休息', '/', '-'] },
  ],
} as const satisfies LayoutSpec

export const dutyListLayout = {
  key: 'list',
  label: '值班安排表',
  kind: 'rows',
  columns: ['date', 'shift', 'role', 'person'],
  weekday: true,
  also: [
    { key: 'personPhone', label: '电话', width: 14 },
    { key: 'signature', label: '签字', width: 12 },
  ],
} as const satisfies LayoutSpec

export const dutyShiftSpec = {
  key: 'dutyShift',
  label: '班次',
  title: '值班表',
  unit: '个',
  table: 'duty_shifts',
  history: { table: 'duty_shift_history', fk: 'duty_shift_id' },
  identity: ['date'],
  nameField: 'date',
  defaultSort: { field: 'date', order: 'asc' },
  groups: ['班次'],
  layouts: [dutyListLayout, dutyMatrixLayout],
  fields: [
    {
      key: 'date',
      label: '日期',
      kind: 'date',
      column: 'date',
      identifying: true,
      required: true,
      filter: true,
      synonyms: ['值班日期'],
      list: { width: 120, show: true, sortable: true },
      form: { group: '班次' },
      export: { width: 12 },
    },
    {
      key: 'shift',
      label: '班次',
      kind: 'enum',
      column: 'shift',
      required: true,
      default: 'full',
      filter: true,
      options: [
        { value: 'full', label: '全天', words: ['全日', '24小时'] },
        { value: 'day', label: '白班', words: ['白', '日班'] },
        { value: 'night', label: '夜班', words: ['夜', '晚班'] },
      ],
      synonyms: ['班别'],
      list: { width: 80, show: true, sortable: true },
      form: { group: '班次' },
      export: { width: 8 },
    },
    {
      key: 'role',
      label: '身份',
      kind: 'enum',
      column: 'role',
      required: true,
      default: 'staff',
      filter: true,
      options: [
        { value: 'leader', label: '带班领导', words: ['带班', '领导', '值班领导'] },
        { value: 'staff', label: '值班人员', words: ['值班', '值班干部', '值班员'] },
      ],
      synonyms: ['值班身份', '类别'],
      list: { width: 100, show: true, sortable: true },
      form: { group: '班次' },
      export: { width: 10 },
    },
    {
      key: 'person',
      label: '姓名',
      kind: 'ref',
      column: 'staff_id',
      ref: { table: 'staff', as: 'personName' },
      identifying: true,
      required: true,
      searchable: true,
      filter: true,
      synonyms: ['值班人', '人员', '值班人员姓名'],
      list: { minWidth: 160, show: true, sortable: true },
      form: { group: '班次' },
      export: { width: 12 },
    },
    {
      key: 'source',
      label: '来源',
      kind: 'enum',
      column: 'source',
      required: true,
      default: 'manual',
      system: true,
      options: [
        { value: 'generated', label: '自动编排', words: [] },
        { value: 'manual', label: '手工录入', words: [] },
        { value: 'swap', label: '调班', words: [] },
        { value: 'import', label: '导入', words: [] },
      ],
      export: { hidden: true },
    },
  ],
} as const satisfies LedgerSpec
