import { describe, expect, it } from 'vitest'
import { importFields } from '../kit/excel'
import { enterpriseSpec } from '../shared/specs/enterprise'
import { HAZARD_IMPORT_FIELDS } from '../inspections/hazard-import-hooks'
import { matchColumns } from './mapping'
import { IMPORTERS } from './import'

// Header → field matching as a clerk sees it in the mapping step: which column lands where, and
// which ones the wizard asks about.

const ENTERPRISE = importFields(enterpriseSpec)

function map(headers: string[], fields = ENTERPRISE, samples?: (string | null)[][]) {
  const columns = new Map(headers.map((h, i) => [i + 1, h]))
  const m = matchColumns(
    columns,
    fields,
    samples ? (c) => samples.map((row) => row[c - 1] ?? null) : undefined,
  )
  return Object.fromEntries(m.map((x) => [x.header, x]))
}

describe('header matching', () => {
  it('a short synonym matches a whole segment only: 隐患编码 and 隐患图片 are not the description', () => {
    const m = map(['隐患编码', '隐患图片', '事故隐患描述(简题)', '被检查单位'], HAZARD_IMPORT_FIELDS)
    expect(m['隐患编码']?.field).not.toBe('description')
    expect(m['隐患图片']?.field).toBeNull()
    expect(m['事故隐患描述(简题)']?.field).toBe('description')
    expect(m['被检查单位']?.field).toBe('enterpriseName')
  })

  it('the inspecting and accepting bodies are never the enterprise of a hazard list', () => {
    const m = map(['检查单位', '验收单位', '隐患描述', '整改责任单位', '填报单位'], HAZARD_IMPORT_FIELDS)
    expect(m['检查单位']?.field).toBe('inspectingBody')
    expect(m['验收单位']?.field).toBeNull()
    expect(m['填报单位']?.field).toBeNull()
    expect(m['整改责任单位']).toMatchObject({ field: 'enterpriseName', confidence: 1 })
  })

  it('年度 alone is not 责任书签订年度, 隐患等级 is not 风险等级, 单位代码 is the credit code', () => {
    const m = map(['企业名称', '年度', '隐患等级', '单位代码', '住所', '联系人', '所属区域'])
    expect(m['年度']?.field).toBeNull()
    expect(m['隐患等级']?.field).toBeNull()
    expect(m['单位代码']?.field).toBe('creditCode')
    expect(m['住所']?.field).toBe('address')
    expect(m['联系人']?.field).toBe('principal')
    expect(m['所属区域']?.field).toBe('villageId')
  })

  it('a bracketed note decides: 隐患类别（一般、重大） is the grade, the plain 隐患类别 the category', () => {
    const m = map(
      ['隐患描述', '企业名称', '隐患类别（一般、重大）', '专业分类', '隐患类别'],
      HAZARD_IMPORT_FIELDS,
    )
    expect(m['隐患类别（一般、重大）']?.field).toBe('grade')
    // the field's own name wins over a synonym, and the synonym column is offered as the alternative
    expect(m['隐患类别']).toMatchObject({ field: 'category', needsConfirmation: true, alternatives: [4] })
    expect(m['专业分类']?.field).toBeNull()
  })

  it('a near-tie is marked for confirmation instead of silently taking the left column', () => {
    const m = map(['企业名称', '联系电话', '手机'])
    expect(m['联系电话']).toMatchObject({ field: 'principalPhone', needsConfirmation: true })
    expect(m['联系电话']?.alternatives).toEqual([3])
    expect(m['企业名称']).toMatchObject({ field: 'name', needsConfirmation: false })
  })

  it('under 整改责任单位 the unit carrying out the rectification (施工) is taken, and confirmed', () => {
    const m = map(
      ['隐患描述', '整改责任单位/建设', '整改责任单位/设计', '整改责任单位/施工', '整改责任单位/监理'],
      HAZARD_IMPORT_FIELDS,
    )
    expect(m['整改责任单位/施工']?.field).toBe('enterpriseName')
    expect(m['整改责任单位/施工']?.needsConfirmation).toBe(true)
    expect(m['整改责任单位/施工']?.alternatives).toEqual([2, 3, 5])
    expect(m['整改责任单位/建设']?.field).toBeNull()
  })

  it('a candidate enterprise column that repeats the inspecting body is passed over', () => {
    const rows = [
      ['镇安监所', '镇安监所', '某某建材有限公司', '消防通道堵塞'],
      ['镇安监所', '镇安监所', '某某木业有限公司', '配电箱未接地'],
    ]
    const m = map(['检查单位', '单位名称', '被检单位', '隐患描述'], HAZARD_IMPORT_FIELDS, rows)
    expect(m['单位名称']?.field).toBeNull()
    expect(m['被检单位']?.field).toBe('enterpriseName')
  })
  it('a 公示系统 roster: 企业类型 (the legal form) is not 企业规模; a phone under 安全管理人员 is that person’s', () => {
    const m = map([
      '企业名称',
      '企业类型',
      '登记状态',
      '主要负责人/手机',
      '安全管理人员/姓名',
      '安全管理人员/手机',
    ])
    expect(m['企业类型']?.field).toBeNull()
    expect(m['登记状态']?.field).toBe('status')
    expect(m['主要负责人/手机']?.field).toBe('principalPhone')
    expect(m['安全管理人员/姓名']?.field).toBe('safetyOfficer')
    expect(m['安全管理人员/手机']?.field).toBe('safetyOfficerPhone')
    expect(map(['企业名称', '企业类型(规模)'])['企业类型(规模)']?.field).toBe('scale')
  })

  it('a hazard list’s 上报时间 is the date found and 复查情况 its 整改情况', () => {
    const m = map(['隐患编号', '企业名称', '隐患描述', '上报时间', '复查情况'], HAZARD_IMPORT_FIELDS)
    expect(m['上报时间']?.field).toBe('foundOn')
    expect(m['复查情况']?.field).toBe('state')
    // a hazard system's export names the audited unit 所属企业
    const sys = map(
      ['所属企业', '所在区域', '隐患名称', '隐患级别', '发现时间', '验收时间'],
      HAZARD_IMPORT_FIELDS,
    )
    expect(sys['所属企业']?.field).toBe('enterpriseName')
    expect(sys['所在区域']?.field).toBe('villageName')
    expect(sys['隐患名称']?.field).toBe('description')
    expect(map(['检查对象', '检查单位', '存在问题'], HAZARD_IMPORT_FIELDS)['检查对象']?.field).toBe(
      'enterpriseName',
    )
  })
  it('a bare 联系方式 right after a person’s column is that person’s phone, without asking', () => {
    const m = map([
      '企业名称',
      '主要负责人',
      '联系方式',
      '安全管理人员',
      '联系方式(2)',
      '场所地址',
      '主体名称',
    ])
    expect(m['联系方式']).toMatchObject({ field: 'principalPhone', needsConfirmation: false })
    expect(m['联系方式(2)']).toMatchObject({ field: 'safetyOfficerPhone', needsConfirmation: false })
    expect(m['场所地址']?.field).toBe('address')
    // (a phone column away from any person keeps its plain meaning)
    expect(map(['企业名称', '地址', '联系电话'])['联系电话']?.field).toBe('principalPhone')
  })
  it('a chemical sheet’s 实际储量(t) is the 日常储存量 beside the 最大储量（吨）', () => {
    const m = map(['单位名称', '危化品名称', '最大储量（吨）', '实际储量(t)'], IMPORTERS.chemicals.fields)
    expect(m['最大储量（吨）']?.field).toBe('maxQuantity')
    expect(m['实际储量(t)']?.field).toBe('usualQuantity')
  })
})
