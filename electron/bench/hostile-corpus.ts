import zlib from 'node:zlib'

// The hostile-file corpus (issue 10), generated on demand so no hostile binary is committed. Each
// case says what the worker's readers must do with it: refuse it naming the limit that stopped
// it, or import it within the limits. Used by the unit tests (electron/core/excel/hostile.test.ts),
// the fault suite through the browser mode and the CLI (tests/faults/hostile.faults.ts) and
// `npm run bench:hostile` (time and peak RSS per file).

/** One zip entry: plain data (deflated here), or data deflated beforehand (bombs built from pieces). */
export type ZipInput =
  | string
  | Buffer
  | { data: string | Buffer; declared?: number }
  | { deflated: Buffer; size: number; declared?: number }

/**
 * A minimal zip writer. `declared` puts another uncompressed size into the headers than the true
 * one: a lying zip bomb.
 */
export function zip(files: Record<string, ZipInput>): Buffer {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [n, f] of Object.entries(files)) {
    const entry = typeof f === 'string' || Buffer.isBuffer(f) ? { data: f } : f
    const name = Buffer.from(n)
    let data: Buffer
    let size: number
    let crc = 0
    if ('deflated' in entry) {
      data = entry.deflated
      size = entry.size
    } else {
      const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data)
      data = zlib.deflateRawSync(raw)
      size = raw.length
      crc = zlib.crc32(raw)
    }
    const declared = Math.min(entry.declared ?? size, 0xfffffffe)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(declared, 22)
    local.writeUInt16LE(name.length, 26)
    parts.push(local, name, data)
    const c = Buffer.alloc(46)
    c.writeUInt32LE(0x02014b50, 0)
    c.writeUInt16LE(20, 4)
    c.writeUInt16LE(20, 6)
    c.writeUInt16LE(8, 10)
    c.writeUInt32LE(crc, 16)
    c.writeUInt32LE(data.length, 20)
    c.writeUInt32LE(declared, 24)
    c.writeUInt16LE(name.length, 28)
    c.writeUInt32LE(offset, 42)
    central.push(c, name)
    offset += 30 + name.length + data.length
  }
  const cd = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(files).length, 8)
  end.writeUInt16LE(Object.keys(files).length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...parts, cd, end])
}

/**
 * Raw deflate of a long text given as pieces, without ever holding the whole text: every piece
 * is compressed on its own and ends on a sync flush, so the outputs concatenate into one valid
 * stream. A piece repeated `times` is compressed once (how a 1 GB bomb stays cheap to build).
 */
export function deflatePieces(pieces: Iterable<{ text: string | Buffer; times?: number }>): {
  deflated: Buffer
  size: number
} {
  const out: Buffer[] = []
  let size = 0
  for (const p of pieces) {
    const raw = Buffer.isBuffer(p.text) ? p.text : Buffer.from(p.text)
    const z = zlib.deflateRawSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH })
    for (let i = 0; i < (p.times ?? 1); i++) out.push(z)
    size += raw.length * (p.times ?? 1)
  }
  out.push(zlib.deflateRawSync(Buffer.alloc(0))) // the final (empty) block
  return { deflated: Buffer.concat(out), size }
}

export const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

/** A workbook with one sheet 台账 holding `sheetXml`, plus any other parts. */
export function book(sheetXml: ZipInput, extra: Record<string, ZipInput> = {}): Buffer {
  return zip({
    '[Content_Types].xml':
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    'xl/workbook.xml': `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': sheetXml,
    ...extra,
  })
}

export const sheet = (rows: string, merges = ''): string =>
  `<worksheet xmlns="${NS}"><sheetData>${rows}</sheetData>${merges ? `<mergeCells>${merges}</mergeCells>` : ''}</worksheet>`
export const cell = (ref: string, text: string): string =>
  `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const HEADER = ['企业名称', '所属村（社区）', '企业地址', '备注']
const LETTERS = ['A', 'B', 'C', 'D']

/** A plain enterprise roster of `rows` records as sheet XML (names 企业1…). */
export function rosterXml(rows: number, name = (i: number) => `青禾镇测试企业${i}有限公司`): string {
  const line = (r: number, values: string[]): string =>
    `<row r="${r}">${values.map((v, j) => cell(`${LETTERS[j]}${r}`, esc(v))).join('')}</row>`
  let body = line(1, HEADER)
  for (let i = 1; i <= rows; i++) body += line(i + 1, [name(i), '东湖村', `东湖村${i}号`, ''])
  return sheet(body)
}

const MB = 1024 * 1024

/** A deterministic byte stream (mulberry32), so every run builds the same garbage. */
function noise(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n)
  let a = seed >>> 0
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    b[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff
  }
  return b
}

function csv(lines: string[][]): string {
  return `${lines.map((l) => l.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n')}\r\n`
}

/** GBK bytes of the few characters the BOM-mismatch case uses (no encoder in Node). */
const GBK: Record<string, number[]> = {
  企: [0xc6, 0xf3],
  业: [0xd2, 0xb5],
  名: [0xc3, 0xfb],
  称: [0xb3, 0xc6],
  所: [0xcb, 0xf9],
  属: [0xca, 0xf4],
  村: [0xb4, 0xe5],
  东: [0xb6, 0xab],
  湖: [0xba, 0xfe],
  厂: [0xb3, 0xa7],
  地: [0xb5, 0xd8],
  址: [0xd6, 0xb7],
  号: [0xba, 0xc5],
}
function gbk(text: string): Buffer {
  const out: number[] = []
  for (const ch of text) {
    const code = GBK[ch]
    if (code) out.push(...code)
    else if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0))
    else throw new Error(`no GBK bytes for ${ch}`)
  }
  return Buffer.from(out)
}

export type Outcome =
  /** Refused by the reader: `limit` names the limit (ReadLimits key or check), `message` its text. */
  | { refused: string; message: RegExp }
  /** Imported: these enterprise names (exactly as text) are stored. */
  | { imported: string[] }

export interface HostileCase {
  name: string
  /** What the file is, in a few words. */
  what: string
  build: () => Buffer
  outcome: Outcome
}

/** Text that spreadsheet programs would run as a formula if it were written back as one. */
export const FORMULA_NAMES = [
  '=HYPERLINK("http://example.invalid/x","点我")有限公司',
  "=cmd|' /C calc'!A0",
  '+SUM(1,2)加工厂',
  '-2+3五金厂',
  '@SUM(A1)商行',
]

export const HOSTILE_CASES: HostileCase[] = [
  {
    name: 'reversed-merge-bomb.xlsx',
    what: '19,999 merges written N2:A200000 on 200,000 rows',
    build: () =>
      book(
        sheet(
          `<row r="1">${cell('A1', '企业名称')}${cell('N1', '备注')}</row><row r="200000">${cell('A200000', '末行')}</row>`,
          '<mergeCell ref="N2:A200000"/>'.repeat(19_999),
        ),
      ),
    outcome: {
      refused: 'maxMergeCells',
      message: /合并单元格共覆盖 [\d,]+ 个单元格，超过上限 2,000,000 个/,
    },
  },
  {
    name: 'zip-bomb-sheet.xlsx',
    what: 'worksheet declares 4 KB, inflates to 1 GB of blanks',
    build: () =>
      book({
        ...deflatePieces([
          { text: `<worksheet xmlns="${NS}"><sheetData>` },
          { text: Buffer.alloc(MB, 0x20), times: 1024 },
          { text: '</sheetData></worksheet>' },
        ]),
        declared: 4096,
      }),
    outcome: {
      refused: 'declared size',
      message: /“xl\/worksheets\/sheet1\.xml”解压后的数据量大于声明的大小.*压缩炸弹/,
    },
  },
  {
    name: 'zip-bomb-shared-strings.xlsx',
    what: 'shared strings declare 4 KB, inflate to 1 GB of one string',
    build: () =>
      book(sheet(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`), {
        'xl/sharedStrings.xml': {
          ...deflatePieces([
            { text: `<sst xmlns="${NS}"><si><t>` },
            { text: Buffer.alloc(MB, 0x41), times: 1024 },
            { text: '</t></si></sst>' },
          ]),
          declared: 4096,
        },
      }),
    outcome: {
      refused: 'declared size',
      message: /“xl\/sharedStrings\.xml”解压后的数据量大于声明的大小.*压缩炸弹/,
    },
  },
  {
    name: 'zip-bomb-honest.xlsx',
    what: 'worksheet declares its true 1 GB (ratio ~1000:1)',
    build: () =>
      book(
        deflatePieces([
          { text: `<worksheet xmlns="${NS}"><sheetData>` },
          { text: Buffer.alloc(MB, 0x20), times: 1024 },
          { text: '</sheetData></worksheet>' },
        ]),
      ),
    outcome: { refused: 'maxRatio', message: /“xl\/worksheets\/sheet1\.xml”压缩比异常（\d+ 倍）/ },
  },
  {
    name: 'xxe-sheet.xlsx',
    what: 'worksheet with an external entity (file:///etc/passwd)',
    build: () =>
      book(
        `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet xmlns="${NS}"><sheetData><row r="1">${cell('A1', '企业名称')}</row><row r="2">${cell('A2', '&xxe;')}</row></sheetData></worksheet>`,
      ),
    outcome: { refused: 'DOCTYPE', message: /含有 DOCTYPE 声明.*已拒绝导入/ },
  },
  {
    name: 'xxe-shared-strings.xlsx',
    what: 'shared strings with an external entity and a billion-laughs entity',
    build: () =>
      book(
        sheet(`<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>`),
        {
          'xl/sharedStrings.xml': `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><sst xmlns="${NS}"><si><t>企业名称</t></si><si><t>&xxe;&c;</t></si></sst>`,
        },
      ),
    outcome: { refused: 'DOCTYPE', message: /含有 DOCTYPE 声明.*已拒绝导入/ },
  },
  {
    name: 'rows-1048576.xlsx',
    what: '1,048,576 rows (every row Excel can hold), one name each',
    build: () =>
      book(
        deflatePieces(
          (function* () {
            yield { text: `<worksheet xmlns="${NS}"><sheetData><row r="1">${cell('A1', '企业名称')}</row>` }
            for (let start = 2; start <= 1_048_576; start += 16_384) {
              let s = ''
              for (let r = start; r < Math.min(start + 16_384, 1_048_577); r++)
                s += `<row r="${r}">${cell(`A${r}`, `企业${r}`)}</row>`
              yield { text: s }
            }
            yield { text: '</sheetData></worksheet>' }
          })(),
        ),
      ),
    outcome: { refused: 'maxRows', message: /工作表“台账”超过 200000 行，请拆分为几个文件再导入/ },
  },
  {
    name: 'cols-100000.xlsx',
    what: 'one row of 100,000 numbers (cells without references)',
    build: () =>
      book(
        sheet(
          `<row r="1">${Array.from({ length: 100_000 }, (_, i) => `<c><v>${(i * 7919) % 1_000_003}</v></c>`).join('')}</row>`,
        ),
      ),
    outcome: {
      refused: 'maxCols',
      message: /工作表“台账”第 1 行有数据超出第 200 列，请删除多余的列后再导入/,
    },
  },
  {
    name: 'truncated.xlsx',
    what: 'a good 2,000-row workbook cut off at 60 %',
    build: () => {
      const whole = book(rosterXml(2000))
      return whole.subarray(0, Math.floor(whole.length * 0.6))
    },
    outcome: { refused: 'zip directory', message: /文件不是有效的 \.xlsx 工作簿（可能已损坏/ },
  },
  {
    name: 'garbage.xls',
    what: 'the .xls (OLE) signature followed by 1 MB of noise',
    build: () =>
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), noise(MB, 10)]),
    outcome: { refused: 'xls reader', message: /无法读取这个 \.xls 文件（可能已损坏或有密码保护）/ },
  },
  {
    name: 'utf16le.csv',
    what: 'CSV as Excel’s “Unicode 文本”: UTF-16LE with a BOM',
    build: () =>
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(
          csv([
            ['企业名称', '所属村', '企业地址'],
            ['东湖纺织有限公司', '东湖村', '东湖村3组'],
            ['东湖五金厂', '东湖村', '东湖村5组'],
          ]),
          'utf16le',
        ),
      ]),
    outcome: { imported: ['东湖纺织有限公司', '东湖五金厂'] },
  },
  {
    name: 'utf16be-nobom.csv',
    what: 'CSV in UTF-16BE without a BOM (phone numbers make it recognisable)',
    build: () =>
      Buffer.from(
        csv([
          ['企业名称', '所属村', '联系电话'],
          ['西岭建材厂', '东湖村', '13800000001'],
          ['西岭砖瓦厂', '东湖村', '13800000002'],
        ]),
        'utf16le',
      ).swap16(),
    outcome: { imported: ['西岭建材厂', '西岭砖瓦厂'] },
  },
  {
    name: 'bom-mismatch.csv',
    what: 'GBK text behind a UTF-8 BOM',
    build: () =>
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        gbk('企业名称,所属村,地址\r\n东湖厂,东湖村,东湖村1号\r\n'),
      ]),
    outcome: { imported: ['东湖厂'] },
  },
  {
    name: 'formula-text.csv',
    what: 'names and notes that look like formulas (=, +, -, @, DDE)',
    build: () =>
      Buffer.from(
        csv([
          ['企业名称', '所属村（社区）', '备注'],
          ...FORMULA_NAMES.map((n) => [n, '东湖村', `=1+1 ${n}`]),
        ]),
      ),
    outcome: { imported: FORMULA_NAMES },
  },
]
