import {
  ENTERPRISE_FLAGS,
  FLAG_KEYS,
  RISK_LEVELS,
  SCALES,
  STANDARDIZATION_LEVELS,
  STATUSES,
  type EnterpriseFlag,
} from '../../shared/enterprise-fields'
import {
  isEmpty,
  normalizeCodeCell,
  normalizeDate,
  normalizeEnum,
  normalizeFlag,
  normalizeInt,
  normalizePeople,
  normalizePhones,
  normalizeText,
  splitMulti,
  type Normalized,
} from '../normalize'
import { IGNORE_FIELD, type LedgerField } from './types'

// The enterprise ledger's columns for import and export: labels, the synonyms county and village
// sheets use, and how each cell is read.

const ok = <T>(value: T): Normalized<T> => ({ ok: true, value })
const text = (v: Parameters<LedgerField['read']>[0]) => ok(normalizeText(v))
const phone = (v: Parameters<LedgerField['read']>[0]) => {
  const list = normalizePhones(v)
  return ok(list.length ? list : null)
}

export const SCALE_WORDS: Record<keyof typeof SCALES, string[]> = {
  'above-size': ['规模以上', '规上', '规模以上企业', '规上企业'],
  'above-quota': ['限额以上', '限上', '限额以上企业'],
  'small-micro': ['小微', '小微企业', '规下', '规模以下', '小型', '微型', '小型企业', '微型企业', '个体'],
}
export const STATUS_WORDS: Record<keyof typeof STATUSES, string[]> = {
  operating: ['在营', '正常', '在业', '存续', '营业', '生产', '正常生产', '在产', '正常经营'],
  suspended: ['停产', '停业', '歇业', '停产整顿', '半停产', '停产停业'],
  closed: ['关闭', '注销', '吊销', '关停', '已关闭', '已注销'],
}
export const RISK_WORDS: Record<keyof typeof RISK_LEVELS, string[]> = {
  major: ['重大风险', '重大', '红', '红色', '红色风险'],
  high: ['较大风险', '较大', '橙', '橙色', '橙色风险'],
  medium: ['一般风险', '一般', '黄', '黄色', '黄色风险'],
  low: ['低风险', '低', '蓝', '蓝色', '蓝色风险'],
}
export const STANDARDIZATION_WORDS: Record<keyof typeof STANDARDIZATION_LEVELS, string[]> = {
  level1: ['一级', '一级达标'],
  level2: ['二级', '二级达标'],
  level3: ['三级', '三级达标'],
  micro: ['小微达标', '小微企业达标', '小微', '达标'],
  none: ['未创建', '无', '未达标', '否', '未开展'],
}

const FLAG_SYNONYMS: Record<EnterpriseFlag, string[]> = {
  hazchem: ['危化品', '危险化学品', '涉危化品', '危化品企业', '涉及危化品', '危化'],
  dust: ['粉尘涉爆', '涉爆粉尘', '粉尘防爆', '粉尘'],
  ammonia: ['涉氨制冷', '涉氨', '液氨制冷'],
  confinedSpace: ['有限空间', '有限空间作业'],
  metallurgy: ['金属冶炼', '冶金'],
  gas: ['涉燃气', '燃气使用', '使用燃气', '燃气'],
  fireworks: ['烟花爆竹', '烟花爆竹经营'],
  crowded: ['人员密集场所', '人员密集'],
}

function flagListToKeys(v: Parameters<LedgerField['read']>[0]): Normalized<EnterpriseFlag[] | null> {
  if (isEmpty(v)) return ok(null)
  const keys: EnterpriseFlag[] = []
  for (const part of splitMulti(v).flatMap((p) => p.split(/\s+/))) {
    const t = part.replace(/[\s()（）]/g, '')
    const hit = FLAG_KEYS.find((k) => FLAG_SYNONYMS[k].includes(t))
    if (!hit)
      return {
        ok: false,
        message: `重点行业领域“${part}”无法识别，可填写：${Object.values(ENTERPRISE_FLAGS).join('、')}`,
      }
    keys.push(hit)
  }
  return ok(keys)
}

export const ENTERPRISE_IMPORT_FIELDS: LedgerField[] = [
  { key: IGNORE_FIELD, label: '序号', synonyms: ['序号', '编号', '序', 'no', 'no.'], read: () => ok(null) },
  {
    key: 'name',
    label: '企业名称',
    required: true,
    synonyms: [
      '企业名称',
      '单位名称',
      '企业(单位)名称',
      '生产经营单位名称',
      '名称',
      '企业名',
      '公司名称',
      '企业全称',
      '经营单位名称',
      '单位',
    ],
    read: text,
    width: 30,
  },
  {
    key: 'creditCode',
    label: '统一社会信用代码',
    synonyms: [
      '统一社会信用代码',
      '信用代码',
      '社会信用代码',
      '统一代码',
      '营业执照号码',
      '营业执照号',
      '注册号',
    ],
    read: (v) => normalizeCodeCell(v, '统一社会信用代码'),
    width: 22,
    kind: 'code',
  },
  {
    key: 'villageName',
    label: '所属村（社区）',
    required: true,
    synonyms: [
      '所属村(社区)',
      '所属村',
      '村(社区)',
      '村居',
      '村社区',
      '所在村',
      '村名',
      '所属村居',
      '村/社区',
      '属地',
      '所属村(居)',
      '所在村(社区)',
      '村(居)',
      '所属社区',
    ],
    read: text,
    width: 12,
  },
  {
    key: 'address',
    label: '地址',
    synonyms: [
      '地址',
      '企业地址',
      '经营地址',
      '生产经营地址',
      '详细地址',
      '注册地址',
      '单位地址',
      '生产地址',
    ],
    read: text,
    width: 30,
  },
  {
    key: 'industryName',
    label: '行业类别',
    synonyms: ['行业类别', '行业', '所属行业', '行业分类', '国民经济行业', '行业类型'],
    read: text,
    width: 16,
  },
  {
    key: 'legalRepresentative',
    label: '法定代表人',
    synonyms: ['法定代表人', '法人代表', '法人', '法定代表人(负责人)'],
    read: (v) => ok(normalizePeople(v)),
    width: 10,
  },
  {
    key: 'principal',
    label: '主要负责人',
    synonyms: ['主要负责人', '负责人', '企业负责人', '经营者', '业主', '单位负责人'],
    read: (v) => ok(normalizePeople(v)),
    width: 10,
  },
  {
    key: 'principalPhone',
    label: '主要负责人电话',
    synonyms: [
      '主要负责人电话',
      '负责人电话',
      '联系电话',
      '手机',
      '手机号码',
      '移动电话',
      '联系方式',
      '电话',
      '手机号',
      '负责人手机',
    ],
    read: phone,
    width: 14,
    kind: 'code',
  },
  {
    key: 'safetyOfficer',
    label: '安全管理人员',
    synonyms: [
      '安全管理人员',
      '安全员',
      '安全负责人',
      '安全管理员',
      '专职安全员',
      '安全管理负责人',
      '安全生产管理人员',
    ],
    read: (v) => ok(normalizePeople(v)),
    width: 10,
  },
  {
    key: 'safetyOfficerPhone',
    label: '安全管理人员电话',
    synonyms: ['安全管理人员电话', '安全员电话', '安全员手机', '安全负责人电话'],
    read: phone,
    width: 14,
    kind: 'code',
  },
  {
    key: 'contactPhone',
    label: '单位电话',
    synonyms: ['单位电话', '固定电话', '办公电话', '座机', '企业电话'],
    read: phone,
    width: 14,
    kind: 'code',
  },
  {
    key: 'scale',
    label: '企业规模',
    synonyms: ['企业规模', '规模', '规上/规下', '企业类型(规模)'],
    read: (v) => normalizeEnum(v, SCALE_WORDS, '企业规模'),
    width: 10,
    choices: Object.values(SCALES),
    labels: SCALES,
  },
  {
    key: 'employees',
    label: '从业人数',
    synonyms: [
      '从业人数',
      '从业人员',
      '职工人数',
      '员工人数',
      '人数',
      '从业人员数',
      '从业人员(人)',
      '职工数',
    ],
    read: (v) => normalizeInt(v, '从业人数'),
    width: 9,
    kind: 'number',
  },
  {
    key: 'establishedDate',
    label: '成立日期',
    synonyms: ['成立日期', '成立时间', '注册日期', '开业日期', '成立年月'],
    read: normalizeDate,
    width: 12,
    kind: 'date',
  },
  ...FLAG_KEYS.map((k): LedgerField => ({
    key: `flag.${k}`,
    label: ENTERPRISE_FLAGS[k],
    synonyms: FLAG_SYNONYMS[k],
    read: normalizeFlag,
    width: 8,
    kind: 'flag',
    choices: ['√'],
  })),
  {
    key: 'flags',
    label: '重点行业领域',
    synonyms: ['重点行业领域', '企业类别', '重点行业', '行业领域'],
    read: flagListToKeys,
    width: 16,
    labels: ENTERPRISE_FLAGS,
  },
  {
    key: 'standardization',
    label: '安全生产标准化',
    synonyms: ['安全生产标准化', '标准化等级', '标准化', '标准化达标等级', '安全标准化'],
    read: (v) => normalizeEnum(v, STANDARDIZATION_WORDS, '安全生产标准化'),
    width: 10,
    choices: Object.values(STANDARDIZATION_LEVELS),
    labels: STANDARDIZATION_LEVELS,
  },
  {
    key: 'riskLevel',
    label: '风险等级',
    synonyms: ['风险等级', '风险级别', '安全风险等级', '风险分级', '风险'],
    read: (v) => normalizeEnum(v, RISK_WORDS, '风险等级'),
    width: 14,
    choices: Object.values(RISK_LEVELS),
    labels: RISK_LEVELS,
  },
  {
    key: 'responsibilityLetterYear',
    label: '责任书签订年度',
    synonyms: ['责任书签订年度', '签订责任书', '安全生产责任书', '责任书', '责任书签订'],
    read: (v, env) => {
      if (isEmpty(v)) return ok(null)
      const f = normalizeFlag(v)
      if (f.ok) return ok(f.value ? env.year : null)
      const n = normalizeInt(v, '责任书签订年度')
      return n
    },
    width: 10,
    kind: 'number',
  },
  {
    key: 'status',
    label: '经营状态',
    synonyms: ['经营状态', '状态', '生产状态', '企业状态', '生产经营状态', '营业状态'],
    read: (v) => normalizeEnum(v, STATUS_WORDS, '经营状态'),
    width: 9,
    choices: Object.values(STATUSES),
    labels: STATUSES,
  },
  { key: 'notes', label: '备注', synonyms: ['备注', '说明', '其他'], read: text, width: 20 },
]
