import { creditCheckChar } from '../shared/kit/kinds/credit-code'
import { excelJs } from './exceljs'

// Small generated ledgers that reproduce what real files from other offices look like (issue 8):
// rosters without a village column, short and misleading headers (检查单位, 隐患编码, 年度),
// 填报单位 lines above the header, repeated header rows, note rows under the data, headcount
// bands and odd counts, hazard lists whose enterprise is the audited unit under 整改责任单位/施工.
// They are generated, never copied from anyone's files. `npx jiti tests/fixtures/patterns/generate.mts`
// writes them with their expected.json into tests/fixtures/patterns/; the tests read those files.

export interface PatternExpected {
  file: string
  ledger: 'enterprises' | 'hazards'
  /** What the issue calls this pattern. */
  pattern: string
  /** Villages the database knows before the import (the address guess needs them). */
  seedVillages: string[]
  headerRows: number[]
  /** Records stored by a plain import (no defaults given). */
  records: number
  errorRows: number[]
  warningRows: number[]
  skipped: { row: number; reason: string }[]
  /** Header → field key the mapping must give (null: not imported). */
  mapping: Record<string, string | null>
  /** Headers the wizard must ask about. */
  needsConfirmation: string[]
  notices: string[]
  /** Sheets offered but not used, with a word of the reason. */
  sheetsIgnored: { name: string; reason: string }[]
  /** Key columns of stored records: name → values (enterprises: list fields; hazards: by description). */
  stored: Record<string, Record<string, unknown>>
  mustNotContain: string[]
}

export interface Pattern {
  expected: PatternExpected
  build(): Promise<Buffer>
}

/** A valid 统一社会信用代码 from a 17-character stem. */
export function creditCode(stem17: string): string {
  return stem17 + (creditCheckChar(stem17) ?? '0')
}

type Cell = string | number | Date | null
type ExcelWorkbook = InstanceType<ReturnType<typeof excelJs>['Workbook']>

async function book(sheets: { name: string; rows: Cell[][]; merges?: string[] }[]): Promise<Buffer> {
  const wb: ExcelWorkbook = new (excelJs().Workbook)()
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name)
    s.rows.forEach((r, i) => {
      const row = ws.getRow(i + 1)
      r.forEach((v, j) => {
        if (v !== null) row.getCell(j + 1).value = v
      })
      row.commit()
    })
    for (const m of s.merges ?? []) ws.mergeCells(m)
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const d = (y: number, m: number, day: number): Date => new Date(Date.UTC(y, m - 1, day))

const ROSTER_HEADER = [
  '序号',
  '单位名称',
  '单位代码',
  '住所',
  '法定代表人',
  '联系人',
  '联系电话',
  '规模',
  '从业人数',
  '年度',
  '责任书签订年度',
  '备注',
]

const CODE_A = creditCode('91330110MA2KX3H1P')
const rosterNoVillage: Pattern = {
  expected: {
    file: 'roster-no-village.xlsx',
    ledger: 'enterprises',
    pattern:
      'roster without a village column, 填报单位 line above the header, short headers (单位代码, 住所, 联系人, 年度), repeated header, 空 as a name, headcount band and odd counts, a note row ending the data',
    seedVillages: ['东湖村'],
    headerRows: [3],
    records: 5,
    errorRows: [],
    warningRows: [4, 8, 9, 10],
    skipped: [
      { row: 6, reason: '没有' },
      { row: 7, reason: '重复的表头行' },
    ],
    mapping: {
      序号: '_ignore',
      单位名称: 'name',
      单位代码: 'creditCode',
      住所: 'address',
      法定代表人: 'legalRepresentative',
      联系人: 'principal',
      联系电话: 'principalPhone',
      规模: 'scale',
      从业人数: 'employees',
      年度: null,
      责任书签订年度: 'responsibilityLetterYear',
      备注: 'notes',
    },
    needsConfirmation: [],
    notices: ['待补充', '说明文字', '重复的表头'],
    sheetsIgnored: [],
    stored: {
      青禾恒达机械有限公司: {
        creditCode: CODE_A,
        villageName: '东湖村',
        // read from the address: marked 推测 until a clerk confirms it
        villageGuessed: true,
        principalPhone: '13608865162',
        employees: null,
        responsibilityLetterYear: 2025,
        notes: '从业人数：100-499人',
      },
      青禾宏远纺织厂: {
        creditCode: null,
        villageName: '待补充',
        villageGuessed: false,
        principalPhone: '13812345678',
        employees: 12,
        responsibilityLetterYear: 2025,
        notes: null,
      },
      青禾顺发建材有限公司: {
        villageName: '东湖村',
        villageGuessed: true,
        employees: null,
        notes: '原有备注；从业人数：-5',
      },
      青禾金盛五金店: { villageName: '待补充', employees: null, notes: '从业人数：3.7' },
      青禾永安石材有限公司: { employees: null, notes: '从业人数：1e10', responsibilityLetterYear: 2023 },
    },
    mustNotContain: ['空', '填写要求', '填报单位', '单位名称'],
  },
  build: () =>
    book([
      {
        name: '企业名单',
        merges: ['A1:L1', 'A12:L12'],
        rows: [
          ['青禾镇2025年企业安全生产基本情况表'],
          [
            '填报单位：青禾镇安全生产办公室（盖章）',
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            '编号：QH-2025-03',
          ],
          ROSTER_HEADER,
          [
            1,
            '青禾恒达机械有限公司',
            CODE_A,
            '青禾镇东湖村3组18号',
            '张建国',
            '李红梅',
            '136-0886-5162',
            '小型',
            '100-499人',
            2025,
            d(2025, 12, 8),
            '-',
          ],
          [
            2,
            '青禾宏远纺织厂',
            '-',
            '青禾镇西岭村',
            '王立新',
            '—',
            '+86 138 1234 5678',
            '微型',
            12,
            2025,
            20250629,
            '-',
          ],
          [3, '空', '-', '-', '-', '-', '-', '-', '-', null, null, null],
          ROSTER_HEADER,
          [
            4,
            '青禾顺发建材有限公司',
            null,
            '东湖村工业区',
            '赵国庆',
            '钱丽',
            '0571-87654321',
            '小型',
            '-5',
            2024,
            '2024年度',
            '原有备注',
          ],
          [
            5,
            '青禾金盛五金店',
            null,
            '青禾镇南山村',
            '孙伟',
            null,
            '13912345678',
            null,
            '3.7',
            null,
            null,
            null,
          ],
          [
            6,
            '青禾永安石材有限公司',
            null,
            null,
            '周斌',
            null,
            '15800001111',
            null,
            '1e10',
            2023,
            '2023',
            null,
          ],
          [],
          ['填写要求：1.单位名称填写营业执照上的全称；2.从业人数填写整数；3.责任书签订年度填写四位年份。'],
          ['注 本表由各村（社区）汇总后报送镇安全生产办公室'],
        ],
      },
    ]),
}

const hazardsAuditedUnit: Pattern = {
  expected: {
    file: 'hazards-audited-unit.xlsx',
    ledger: 'hazards',
    pattern:
      'hazard list whose first column is 检查单位, with 隐患编码/隐患图片/验收单位 columns, 责任单位 as the audited unit, 3级/4级/1级 grades, 销号情况 and 整改完成日期, 立即整改 as a deadline',
    seedVillages: [],
    headerRows: [2],
    records: 4,
    errorRows: [7],
    warningRows: [],
    skipped: [],
    mapping: {
      检查单位: 'inspectingBody',
      隐患编码: null,
      隐患图片: null,
      责任单位: 'enterpriseName',
      不合格项描述: 'description',
      隐患等级: 'grade',
      整改截止时间: 'deadline',
      销号情况: 'state',
      整改完成日期: 'completedOn',
      验收单位: null,
      检查日期: 'foundOn',
    },
    needsConfirmation: [],
    notices: [],
    sheetsIgnored: [],
    stored: {
      配电箱未接地: {
        enterpriseName: '青禾恒达机械有限公司',
        grade: 'general',
        storedStatus: 'closed',
        closedOn: '2025-10-10',
      },
      消防通道堆放杂物: { enterpriseName: '青禾宏远纺织厂', grade: 'general', storedStatus: 'pending' },
      粉尘涉爆除尘系统未设泄爆装置: {
        enterpriseName: '青禾顺发建材有限公司',
        grade: 'major',
        storedStatus: 'rectifying',
        deadline: '2025-11-30',
      },
      灭火器过期: {
        enterpriseName: '青禾金盛五金店',
        storedStatus: 'awaiting_review',
        deadline: '2025-09-22',
      },
    },
    mustNotContain: ['青禾镇安监所', '县应急管理局', 'YH-2025'],
  },
  build: () =>
    book([
      {
        name: '隐患台账',
        merges: ['A1:K1'],
        rows: [
          ['2025年第三季度隐患排查治理台账'],
          [
            '检查单位',
            '隐患编码',
            '隐患图片',
            '责任单位',
            '不合格项描述',
            '隐患等级',
            '整改截止时间',
            '销号情况',
            '整改完成日期',
            '验收单位',
            '检查日期',
          ],
          [
            '青禾镇安监所',
            'YH-2025-001',
            '见附件',
            '青禾恒达机械有限公司',
            '配电箱未接地',
            '3级',
            d(2025, 10, 15),
            '已销号',
            '2025-10-10',
            '青禾镇安监所',
            d(2025, 9, 20),
          ],
          [
            '青禾镇安监所',
            'YH-2025-002',
            null,
            '青禾宏远纺织厂',
            '消防通道堆放杂物',
            '4级',
            '2025.10.20',
            '未销号',
            '-',
            null,
            '2025.9.20',
          ],
          [
            '县应急管理局',
            'YH-2025-003',
            null,
            '青禾顺发建材有限公司',
            '粉尘涉爆除尘系统未设泄爆装置',
            '1级',
            20251130,
            '整改中',
            null,
            null,
            '2025年9月21日',
          ],
          [
            '青禾镇安监所',
            'YH-2025-004',
            null,
            '青禾金盛五金店',
            '灭火器过期',
            '三级',
            '立即整改',
            '已整改',
            d(2025, 9, 22),
            null,
            d(2025, 9, 22),
          ],
          [
            '青禾镇安监所',
            'YH-2025-005',
            null,
            '-',
            '楼梯扶手松动',
            '4级',
            null,
            '未销号',
            null,
            null,
            d(2025, 9, 23),
          ],
        ],
      },
    ]),
}

const SUB_HEADER_1 = [
  '序号',
  '问题项目',
  '整改责任单位',
  null,
  null,
  null,
  '计划完成时间',
  '整改完成情况',
  '检查单位',
]
const SUB_HEADER_2 = [null, null, '建设', '设计', '施工', '监理', null, null, null]
const hazardsSubColumns: Pattern = {
  expected: {
    file: 'hazards-subcolumns.xlsx',
    ledger: 'hazards',
    pattern:
      'construction-site hazard list: 整改责任单位 over 建设/设计/施工/监理, 问题项目 as the description, 计划完成时间, 整改完成情况, a repeated two-row header and a 填表说明 note',
    seedVillages: [],
    headerRows: [2, 3],
    records: 3,
    errorRows: [],
    warningRows: [],
    skipped: [
      { row: 6, reason: '重复的表头行' },
      { row: 7, reason: '重复的表头行' },
    ],
    mapping: {
      序号: '_ignore',
      问题项目: 'description',
      '整改责任单位/建设': null,
      '整改责任单位/设计': null,
      '整改责任单位/施工': 'enterpriseName',
      '整改责任单位/监理': null,
      计划完成时间: 'deadline',
      整改完成情况: 'state',
      检查单位: 'inspectingBody',
    },
    needsConfirmation: ['整改责任单位/施工'],
    notices: ['说明文字', '没有“检查日期”列', '重复的表头'],
    sheetsIgnored: [],
    stored: {
      临边防护栏杆缺失: { enterpriseName: '青禾第一建筑工程有限公司', storedStatus: 'pending' },
      脚手架连墙件不足: { enterpriseName: '青禾第一建筑工程有限公司', storedStatus: 'awaiting_review' },
      配电箱未做重复接地: { enterpriseName: '青禾安装工程有限公司', storedStatus: 'rectifying' },
    },
    mustNotContain: ['青禾城投', '设计院', '监理', '镇建设办'],
  },
  build: () =>
    book([
      {
        name: '在建工程隐患',
        merges: ['A1:I1', 'C2:F2', 'A9:I9'],
        rows: [
          ['青禾镇在建工程安全隐患整改清单'],
          SUB_HEADER_1,
          SUB_HEADER_2,
          [
            1,
            '临边防护栏杆缺失',
            '青禾城投公司',
            '青禾建筑设计院',
            '青禾第一建筑工程有限公司',
            '青禾监理公司',
            '2025-10-30',
            '未整改',
            '镇建设办',
          ],
          [
            2,
            '脚手架连墙件不足',
            '青禾城投公司',
            '青禾建筑设计院',
            '青禾第一建筑工程有限公司',
            '青禾监理公司',
            '2025-11-05',
            '已整改',
            '镇建设办',
          ],
          SUB_HEADER_1,
          SUB_HEADER_2,
          [
            3,
            '配电箱未做重复接地',
            '青禾城投公司',
            '青禾建筑设计院',
            '青禾安装工程有限公司',
            '青禾监理公司',
            '2025-11-10',
            '整改中',
            '镇建设办',
          ],
          [
            '填表说明：整改责任单位按合同分别填写建设、设计、施工、监理单位，整改完成情况填写已整改、整改中或未整改。',
          ],
        ],
      },
    ]),
}

const headerOnly: Pattern = {
  expected: {
    file: 'header-only.xlsx',
    ledger: 'enterprises',
    pattern: 'a template with a header and no data rows',
    seedVillages: [],
    headerRows: [2],
    records: 0,
    errorRows: [],
    warningRows: [],
    skipped: [],
    mapping: { 企业名称: 'name', 所属村: 'villageId', 统一社会信用代码: 'creditCode' },
    needsConfirmation: [],
    notices: ['表头下没有数据行'],
    sheetsIgnored: [],
    stored: {},
    mustNotContain: [],
  },
  build: () =>
    book([
      {
        name: 'Sheet1',
        merges: ['A1:D1'],
        rows: [['企业基础信息导入模板'], ['序号', '企业名称', '所属村', '统一社会信用代码']],
      },
    ]),
}

const TWO_HEADER = ['序号', '企业名称', '所属村（社区）', '主要负责人', '联系电话']
const twoSheets: Pattern = {
  expected: {
    file: 'two-sheets.xlsx',
    ledger: 'enterprises',
    pattern:
      'a small roster split over two sheets: the second one is named in the summary, not ignored silently',
    seedVillages: [],
    headerRows: [1],
    records: 3,
    errorRows: [],
    warningRows: [],
    skipped: [],
    mapping: {
      企业名称: 'name',
      '所属村（社区）': 'villageId',
      主要负责人: 'principal',
      联系电话: 'principalPhone',
    },
    needsConfirmation: [],
    notices: [],
    sheetsIgnored: [{ name: '西片', reason: '也像企业台账' }],
    stored: { 青禾东片一号厂: { villageName: '东湖村', principal: '周一' } },
    mustNotContain: ['青禾西片一号厂'],
  },
  build: () =>
    book([
      {
        name: '东片',
        rows: [
          TWO_HEADER,
          [1, '青禾东片一号厂', '东湖村', '周一', '13900000001'],
          [2, '青禾东片二号厂', '东湖村', '周二', '13900000002'],
          [3, '青禾东片三号厂', '南山村', '周三', '13900000003'],
        ],
      },
      {
        name: '西片',
        rows: [TWO_HEADER, [1, '青禾西片一号厂', '西岭村', '吴一', '13900000011']],
      },
    ]),
}

const GROUPED_HEADER = ['序号', '企业名称', '所属村', '成立日期', '负责人', '手机', '规上/规下']
const rosterGrouped: Pattern = {
  expected: {
    file: 'roster-grouped.xlsx',
    ledger: 'enterprises',
    pattern:
      'roster with merged group headings (一、工贸企业) between records, villages written with the town or as 村委会, dates with a time, 规上/规下 words',
    seedVillages: ['东湖村'],
    headerRows: [1],
    records: 3,
    errorRows: [],
    warningRows: [3, 4],
    skipped: [
      { row: 2, reason: '分组标题行“一、工贸企业”' },
      { row: 5, reason: '分组标题行“二、商贸企业”' },
    ],
    mapping: {
      企业名称: 'name',
      所属村: 'villageId',
      成立日期: 'establishedDate',
      负责人: 'principal',
      手机: 'principalPhone',
      '规上/规下': 'aboveThreshold',
    },
    needsConfirmation: [],
    notices: [],
    sheetsIgnored: [],
    stored: {
      青禾甲厂: { villageName: '东湖村', establishedDate: '2019-03-05', aboveThreshold: true },
      青禾乙厂: { villageName: '东湖村', establishedDate: '2020-01-02', aboveThreshold: false },
      青禾丙店: { villageName: '南山村', establishedDate: '2021-03-05' },
    },
    mustNotContain: ['工贸企业', '商贸企业', '青禾镇东湖村'],
  },
  build: () =>
    book([
      {
        name: '企业名录',
        merges: ['A2:G2', 'A5:G5'],
        rows: [
          GROUPED_HEADER,
          ['一、工贸企业'],
          [1, '青禾甲厂', '青禾镇东湖村', '2019/3/5 0:00:00', '周一', '13900000001', '规上'],
          [2, '青禾乙厂', '东湖村村委会', '2020-01-02 08:30', '周二', '13900000002', '规下'],
          ['二、商贸企业'],
          [3, '青禾丙店', '南山村', 20210305, '周三', '13900000003', null],
        ],
      },
    ]),
}

const hazardsOneEnterprise: Pattern = {
  expected: {
    file: 'hazards-one-enterprise.xlsx',
    ledger: 'hazards',
    pattern:
      'an enterprise’s own hazard list: no enterprise column, the name only in the title; 隐患内容, 整改时限 with dates and times',
    seedVillages: [],
    headerRows: [3],
    records: 2,
    errorRows: [],
    warningRows: [],
    skipped: [],
    mapping: {
      序号: '_ignore',
      检查时间: 'foundOn',
      隐患内容: 'description',
      整改时限: 'deadline',
      整改责任人: 'responsiblePerson',
    },
    needsConfirmation: [],
    notices: ['按标题记为“青禾恒达机械有限公司”'],
    sheetsIgnored: [],
    stored: {
      车间配电箱门未关闭: {
        enterpriseName: '青禾恒达机械有限公司',
        foundOn: '2025-08-01',
        deadline: '2025-08-05',
      },
      叉车未年检: { enterpriseName: '青禾恒达机械有限公司', responsiblePerson: '王五' },
    },
    mustNotContain: ['隐患排查治理台账'],
  },
  build: () =>
    book([
      {
        name: '隐患台账',
        merges: ['A1:E1', 'A2:E2'],
        rows: [
          ['青禾恒达机械有限公司隐患排查治理台账'],
          ['填报日期：2025年8月'],
          ['序号', '检查时间', '隐患内容', '整改时限', '整改责任人'],
          [1, '2025/8/1 9:30', '车间配电箱门未关闭', '2025/8/5 17:00', '张三'],
          [2, '2025-08-02', '叉车未年检', '2025-08-30', '王五'],
        ],
      },
    ]),
}

const PER_VILLAGE_HEADER = ['序号', '企业名称', '负责人', '联系电话', '从业人员数']
const rosterPerVillage: Pattern = {
  expected: {
    file: 'roster-per-village.xlsx',
    ledger: 'enterprises',
    pattern:
      'a roster kept one sheet per village: no village column, the village only in the sheet name and title (a village the database does not know yet)',
    seedVillages: ['东湖村'],
    headerRows: [2],
    records: 2,
    errorRows: [],
    warningRows: [],
    skipped: [],
    mapping: { 企业名称: 'name', 负责人: 'principal', 联系电话: 'principalPhone', 从业人员数: 'employees' },
    needsConfirmation: [],
    notices: ['按工作表名称“西山村”记在“西山村”下'],
    sheetsIgnored: [{ name: '东湖村', reason: '也像企业台账' }],
    stored: {
      西山石料场: { villageName: '西山村', villageGuessed: true, employees: 30 },
      西山加油站: { villageName: '西山村', villageGuessed: true },
    },
    mustNotContain: ['待补充'],
  },
  build: () =>
    book([
      {
        name: '西山村',
        merges: ['A1:E1'],
        rows: [
          ['西山村企业名单'],
          PER_VILLAGE_HEADER,
          [1, '西山石料场', '李一', '139 1234 5678', '约30人'],
          [2, '西山加油站', '李二', '13912345670', 6],
        ],
      },
      {
        name: '东湖村',
        merges: ['A1:E1'],
        rows: [['东湖村企业名单'], PER_VILLAGE_HEADER, [1, '东湖饭店', '王二', '13608865163', 8]],
      },
    ]),
}

const rosterVillageSections: Pattern = {
  expected: {
    file: 'roster-village-sections.xlsx',
    ledger: 'enterprises',
    pattern:
      'a roster grouped by village under merged headings (一、东湖村（2家）) and no village column: each heading gives the rows under it their village',
    seedVillages: ['东湖村'],
    headerRows: [2],
    records: 3,
    errorRows: [],
    warningRows: [],
    skipped: [
      { row: 3, reason: '分组标题行“一、东湖村（2家）”' },
      { row: 6, reason: '分组标题行“二、西山村（1家）”' },
    ],
    mapping: { 企业名称: 'name', 负责人: 'principal', 联系电话: 'principalPhone' },
    needsConfirmation: [],
    notices: ['按分组标题“一、东湖村（2家）”记在“东湖村”下', '按分组标题“二、西山村（1家）”记在“西山村”下'],
    sheetsIgnored: [],
    stored: {
      东湖五金厂: { villageName: '东湖村', villageGuessed: true },
      东湖饭店: { villageName: '东湖村' },
      西山石料场: { villageName: '西山村', villageGuessed: true },
    },
    mustNotContain: ['待补充', '2家'],
  },
  build: () =>
    book([
      {
        name: '企业台账',
        merges: ['A1:D1', 'A3:D3', 'A6:D6'],
        rows: [
          ['青禾镇生产经营单位安全生产台账'],
          ['序号', '企业名称', '负责人', '联系电话'],
          ['一、东湖村（2家）'],
          [1, '东湖五金厂', '王一', '13608865162'],
          [2, '东湖饭店', '王二', '13608865163'],
          ['二、西山村（1家）'],
          [3, '西山石料场', '李一', '13912345678'],
        ],
      },
    ]),
}

const hazardsGroupedByUnit: Pattern = {
  expected: {
    file: 'hazards-grouped-by-unit.xlsx',
    ledger: 'hazards',
    pattern:
      'an inspection’s problem list grouped under one merged heading per audited unit (一、某某有限公司（2处）) with no enterprise column',
    seedVillages: [],
    headerRows: [2],
    records: 3,
    errorRows: [],
    warningRows: [],
    skipped: [
      { row: 3, reason: '分组标题行“一、青禾县宏达五金制品有限公司（2处）”' },
      { row: 6, reason: '分组标题行“二、青禾县利民塑料厂（1处）”' },
    ],
    mapping: {
      序号: '_ignore',
      存在问题: 'description',
      整改措施: 'measures',
      整改期限: 'deadline',
      整改情况: 'state',
    },
    needsConfirmation: [],
    notices: ['分组标题“一、青禾县宏达五金制品有限公司（2处）”下的隐患记在“青禾县宏达五金制品有限公司”名下'],
    sheetsIgnored: [],
    stored: {
      冲床无防护罩: { enterpriseName: '青禾县宏达五金制品有限公司', deadline: '2025-09-30' },
      安全通道堵塞: { enterpriseName: '青禾县宏达五金制品有限公司' },
      灭火器过期: { enterpriseName: '青禾县利民塑料厂', storedStatus: 'pending' },
    },
    mustNotContain: ['（2处）', '二、'],
  },
  build: () =>
    book([
      {
        name: '检查情况',
        merges: ['A1:E1', 'A3:E3', 'A6:E6'],
        rows: [
          ['2025年第三季度安全生产检查发现问题清单'],
          ['序号', '存在问题', '整改措施', '整改期限', '整改情况'],
          ['一、青禾县宏达五金制品有限公司（2处）'],
          [1, '冲床无防护罩', '加装防护罩', '2025-09-30', '已整改'],
          [2, '安全通道堵塞', '清理通道', '立即', '已整改'],
          ['二、青禾县利民塑料厂（1处）'],
          [1, '灭火器过期', '更换', '2025-10-10', '未整改'],
        ],
      },
    ]),
}

export const PATTERNS: Pattern[] = [
  rosterNoVillage,
  hazardsAuditedUnit,
  hazardsSubColumns,
  headerOnly,
  twoSheets,
  rosterGrouped,
  hazardsOneEnterprise,
  rosterPerVillage,
  rosterVillageSections,
  hazardsGroupedByUnit,
]
