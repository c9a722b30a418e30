import { describe, expect, it } from 'vitest'
import type { HistoryEntry } from '../../api/types'
import { formatHistory } from './history-format'

const names = {
  villageNames: new Map([
    [1, '东湖村'],
    [2, '西岭村'],
  ]),
  industryNames: new Map([[5, '化工']]),
}

describe('变更记录 wording', () => {
  it('shows field changes with Chinese labels and names instead of codes and ids', () => {
    const entries: HistoryEntry[] = [
      {
        id: 2,
        at: '2026-11-28 09:30:00',
        action: 'update',
        changes: [
          { field: 'riskLevel', label: '风险等级', before: 'medium', after: 'major' },
          { field: 'villageId', label: '所属村（社区）', before: 1, after: 2 },
          { field: 'flags', label: '重点行业领域', before: [], after: ['hazchem', 'dust'] },
          { field: 'status', label: '经营状态', before: 'operating', after: 'suspended' },
          { field: 'employees', label: '从业人数', before: null, after: 35 },
        ],
      },
    ]
    const [item] = formatHistory(entries, names)
    expect(item?.action).toBe('修改')
    expect(item?.lines).toEqual([
      { label: '风险等级', before: '一般风险（黄）', after: '重大风险（红）' },
      { label: '所属村（社区）', before: '东湖村', after: '西岭村' },
      { label: '重点行业领域', before: '（空）', after: '危化品、粉尘涉爆' },
      { label: '经营状态', before: '在营', after: '停产' },
      { label: '从业人数', before: '（空）', after: '35 人' },
    ])
  })

  it('lists only the filled-in fields of a new record, and names the other actions', () => {
    const entries: HistoryEntry[] = [
      { id: 3, at: 't3', action: 'restore', changes: [] },
      { id: 2, at: 't2', action: 'delete', changes: [] },
      {
        id: 1,
        at: 't1',
        action: 'create',
        changes: [
          { field: 'name', label: '企业名称', before: null, after: '恒泰化工有限公司' },
          { field: 'industryId', label: '行业类别', before: null, after: 5 },
          { field: 'address', label: '地址', before: null, after: null },
        ],
      },
    ]
    const items = formatHistory(entries, names)
    expect(items.map((i) => i.action)).toEqual(['恢复', '移入回收站', '新建'])
    expect(items[2]?.lines.map((l) => `${l.label}：${l.after}`)).toEqual([
      '企业名称：恒泰化工有限公司',
      '行业类别：化工',
    ])
  })

  it('says so when a village has since been deleted instead of showing a bare number', () => {
    const [item] = formatHistory(
      [
        {
          id: 1,
          at: 't',
          action: 'update',
          changes: [{ field: 'villageId', label: '所属村（社区）', before: 99, after: 1 }],
        },
      ],
      names,
    )
    expect(item?.lines[0]?.before).toBe('已删除的村（社区）（编号 99）')
  })
})
