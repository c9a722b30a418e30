import { describe, expect, it } from 'vitest'
import { batchStatus } from './history-view-model'
import type { CommitOutcome } from './import-types'
import {
  commitSummaryText,
  countTags,
  fieldOptions,
  gridColumns,
  issueText,
  mappingPatch,
  mappingRows,
  matchState,
  unconfirmed,
  missingRequired,
  NO_FIELD,
  rowRange,
} from './import-view-model'
import { column, makePreview } from './preview-fixture'

describe('mapping step model', () => {
  it('shows 自动识别 with the percentage, and 需确认 (to review) below 0.8', () => {
    const rows = mappingRows(makePreview(), new Set())
    const byLetter = Object.fromEntries(rows.map((r) => [r.letter, r]))
    expect(byLetter.B?.state).toEqual({ label: '自动识别 100%', tone: 'success', needsReview: false })
    expect(byLetter.E?.state).toEqual({ label: '自动识别 96%', tone: 'success', needsReview: false })
    expect(byLetter.F?.state).toEqual({ label: '需确认 62%', tone: 'warning', needsReview: true })
    expect(byLetter.A).toMatchObject({
      value: NO_FIELD,
      state: { label: '序号列，不导入', needsReview: false },
    })
  })

  it('shows the first values under each column next to its header', () => {
    const rows = mappingRows(makePreview(), new Set())
    expect(rows.find((r) => r.letter === 'E')?.samples).toBe('18735662163；13778023034')
  })

  it('a column the clerk changed, a remembered mapping and an unmapped column read as such', () => {
    const p = makePreview({ mappingRemembered: true })
    const rows = mappingRows(p, new Set([6]))
    expect(rows.find((r) => r.letter === 'F')?.state.label).toBe('已手动指定')
    expect(rows.find((r) => r.letter === 'B')?.state.label).toBe('上次已确认')
    expect(matchState(column(7, '备用', null, 0), { remembered: false, changed: false }).label).toBe('不导入')
  })

  it('flags required fields no column is mapped to', () => {
    expect(missingRequired(makePreview())).toEqual([])
    const p = makePreview({
      columns: [column(1, '单位名称', 'name'), column(2, '地址', null, 0)],
    })
    expect(missingRequired(p).map((f) => f.label)).toEqual(['所属村（社区）'])
  })

  it('offers 不导入 first, then every field with the column that holds it', () => {
    const options = fieldOptions(makePreview())
    expect(options[0]).toEqual({ value: NO_FIELD, label: '不导入', required: false, usedBy: null })
    expect(options.map((o) => o.value)).not.toContain('_ignore')
    expect(options.find((o) => o.value === 'principalPhone')).toMatchObject({ usedBy: 'E', required: false })
    expect(options.find((o) => o.value === 'name')).toMatchObject({ usedBy: 'B', required: true })
  })

  it('sends 不导入 as null', () => {
    expect(mappingPatch(5, NO_FIELD)).toEqual({ '5': null })
    expect(mappingPatch(5, 'contactPhone')).toEqual({ '5': 'contactPhone' })
  })

  it('describes the header band and data rows', () => {
    expect(rowRange(makePreview())).toBe('表头第 3–4 行，数据第 5–59 行')
    expect(rowRange(makePreview({ headerRows: [2], firstDataRow: 3, lastDataRow: 57 }))).toBe(
      '表头第 2 行，数据第 3–57 行',
    )
  })
})

describe('preview step model', () => {
  it('grid columns are the mapped fields in file order, labelled by field', () => {
    expect(gridColumns(makePreview()).map((c) => `${c.letter}:${c.label}`)).toEqual([
      'B:企业名称',
      'C:统一社会信用代码',
      'D:所属村（社区）',
      'E:主要负责人电话',
      'F:单位电话',
    ])
  })

  it('counts read 新增 / 更新 / 未变化 / 重复 / 错误 / 提醒 / 跳过', () => {
    expect(countTags(makePreview().summary).map((t) => `${t.label}${t.count}${t.unit}`)).toEqual([
      '新增52条',
      '更新0条',
      '未变化0条',
      '重复1条',
      '错误2行',
      '提醒0行',
      '跳过0行',
    ])
  })

  it('a column the core is unsure about says 请确认 until the clerk confirms or changes it', () => {
    const p = makePreview({
      columns: [
        column(2, '企业名称', 'name'),
        column(3, '联系电话', 'principalPhone', 0.99, [], true),
        column(4, '手机', null),
      ],
    })
    expect(matchState(p.columns[1]!, { remembered: false, changed: false })).toMatchObject({
      label: '请确认',
      needsReview: true,
    })
    expect(unconfirmed(p, new Set()).map((c) => c.letter)).toEqual(['C'])
    expect(unconfirmed(p, new Set([3]))).toEqual([])
    expect(unconfirmed({ ...p, mappingRemembered: true }, new Set())).toEqual([])
  })

  it('says where each problem is: sheet, row and column', () => {
    expect(
      issueText('企业台账', 12, {
        column: 'C',
        message: '统一社会信用代码第18位校验码应为 2，请核对营业执照',
      }),
    ).toBe('工作表“企业台账”第 12 行 C 列：统一社会信用代码第18位校验码应为 2，请核对营业执照')
    expect(issueText('企业台账', 24, { column: null, message: '与第 56 行是同一家企业' })).toBe(
      '工作表“企业台账”第 24 行：与第 56 行是同一家企业',
    )
  })

  it('summarises a commit as the clerk reads it', () => {
    const r: CommitOutcome = {
      batchId: 1,
      inserted: 52,
      updated: 0,
      skipped: 1,
      errors: [
        { sheet: '企业台账', row: 12, column: 'C', field: 'creditCode', message: 'x' },
        { sheet: '企业台账', row: 19, column: 'C', field: 'creditCode', message: 'y' },
        { sheet: '企业台账', row: 19, column: 'I', field: 'principalPhone', message: 'z' },
      ],
      errorCount: 3,
      newVillages: [],
      newIndustries: [],
      backup: null,
    }
    expect(commitSummaryText(r)).toBe('新增 52 条，更新 0 条，跳过 1 条，错误 2 行')
    // More issues than the core lists: the preview's row count is used.
    expect(commitSummaryText({ ...r, errorCount: 900 }, 640)).toBe(
      '新增 52 条，更新 0 条，跳过 1 条，错误 640 行',
    )
  })
})

describe('import history', () => {
  it('says whether a batch was undone, and when', () => {
    expect(batchStatus({ undoneAt: '2026-11-28 09:30:15' }).label).toBe('已于 2026-11-28 09:30 撤销')
    expect(batchStatus({ undoneAt: null }).label).toBe('已导入')
  })
})
