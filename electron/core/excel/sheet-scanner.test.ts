import { SaxesParser } from 'saxes'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { parseRef, type CellValue, type MergeRange } from './grid'
import {
  MAX_MARKUP,
  SheetScanner,
  XML_BROKEN,
  XML_DOCTYPE,
  decodeEntities,
  refCol,
  serialToDate,
  type ScannedSheet,
  type SheetScanContext,
} from './sheet-scanner'

const LIMITS = { maxRows: 200_000, maxCols: 200, maxMerges: 20_000 }
const SHARED = ['企业名称', '华兴机械有限公司', 'a&b', '']

function ctx(over: Partial<SheetScanContext> = {}): SheetScanContext {
  return { name: '台账', shared: SHARED, dateStyles: new Set([2]), date1904: false, limits: LIMITS, ...over }
}

/** Scans text fed in the given pieces. */
function scan(pieces: string[], c: SheetScanContext = ctx()): ScannedSheet {
  const s = new SheetScanner(c)
  for (const p of pieces) s.write(p)
  return s.end()
}

function chunked(text: string, size: number): string[] {
  const out: string[] = []
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size))
  return out
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const sheet = (body: string, after = '') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}"><sheetData>${body}</sheetData>${after}</worksheet>`

/**
 * The worksheet reader this scanner replaced: saxes with the same handlers, kept here as the
 * reference for differential tests.
 */
function reference(text: string, c: SheetScanContext = ctx()): ScannedSheet {
  const rows: CellValue[][] = []
  const merges: MergeRange[] = []
  const hiddenRows = new Set<number>()
  const hiddenCols = new Set<number>()
  let row: CellValue[] | null = null
  let rowNum = 0
  let col = 0
  let type = ''
  let style = 0
  let txt: string | null = null
  let inIs = false
  let isText = ''
  let value: CellValue = null
  let hasValue = false
  const local = (n: string) => (n.includes(':') ? n.slice(n.indexOf(':') + 1) : n)
  const formulaCells = new Set<string>()
  let hasFormula = false
  const parser = new SaxesParser({ position: false })
  let failure: unknown = null
  parser.on('error', (e) => (failure ??= e))
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>
    switch (local(tag.name)) {
      case 'row':
        rowNum = a.r ? Number(a.r) : rowNum + 1
        if (a.hidden === '1' || a.hidden === 'true') hiddenRows.add(rowNum)
        row = []
        rows[rowNum - 1] = row
        col = 0
        break
      case 'c': {
        const ref = a.r ? parseRef(a.r) : null
        col = ref ? ref.col : col + 1
        type = a.t ?? 'n'
        style = a.s ? Number(a.s) : 0
        value = null
        hasValue = false
        hasFormula = false
        break
      }
      case 'f':
        hasFormula = true
        break
      case 'v':
        txt = ''
        break
      case 'is':
        inIs = true
        isText = ''
        break
      case 't':
        if (inIs) txt = ''
        break
      case 'col':
        if (a.hidden === '1' || a.hidden === 'true') {
          const max = Math.min(Number(a.max ?? a.min), c.limits.maxCols)
          for (let i = Number(a.min); i <= max; i++) hiddenCols.add(i)
        }
        break
      case 'mergeCell': {
        const [from, to] = (a.ref ?? '').split(':')
        const f = from ? parseRef(from) : null
        const t = to ? parseRef(to) : f
        if (f && t) merges.push({ top: f.row, left: f.col, bottom: t.row, right: t.col })
        break
      }
    }
  })
  parser.on('text', (t) => {
    if (txt !== null) txt += t
  })
  parser.on('closetag', (tag) => {
    switch (local(tag.name)) {
      case 'v': {
        const raw = txt ?? ''
        txt = null
        hasValue = true
        if (type === 's') value = c.shared[Number(raw)] ?? ''
        else if (type === 'str' || type === 'inlineStr') value = raw
        else if (type === 'b') value = raw === '1' || raw === 'true'
        else if (type === 'e') value = null
        else if (type === 'd') value = new Date(raw)
        else {
          const n = Number(raw)
          value =
            raw === '' || Number.isNaN(n) ? raw : c.dateStyles.has(style) ? serialToDate(n, c.date1904) : n
        }
        break
      }
      case 't':
        if (inIs && txt !== null) {
          isText += txt
          txt = null
        }
        break
      case 'is':
        inIs = false
        value = isText
        hasValue = true
        break
      case 'c':
        if (hasFormula && row && (!hasValue || value === null || value === ''))
          formulaCells.add(`${rowNum}:${col}`)
        if (hasValue && row && value !== null && value !== '') row[col - 1] = value
        break
      case 'row':
        row = null
        break
    }
  })
  parser.write(text).close()
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure))
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]
    if (!r) rows[i] = []
    else for (let j = 0; j < r.length; j++) if (r[j] === undefined) r[j] = null
  }
  return { rows, merges, hiddenRows, hiddenCols, formulaCells }
}

/** A small worksheet with every construct the scanner reads or must skip. */
const KITCHEN_SINK =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
  `<worksheet xmlns="${NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
  '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:B2"/>' + // wrong on purpose: never trusted
  '<sheetViews><sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView></sheetViews>' +
  '<!-- a comment with <tags> & ampersands -->' +
  '<cols><col min="2" max="3" width="9" hidden="1" customWidth="1"/><col min="5" max="5" hidden="0"/></cols>' +
  '<sheetData>\n  ' +
  '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s" s="0"><v>1</v></c><c r="C1" t="s"><v>2</v></c>' +
  "<c r='D1' t='inlineStr'><is><t>A&amp;B &lt;有限&gt; &quot;公司&quot; &apos;&#20013;&#x6587;&#x1F600;</t></is></c></row>\n  " +
  '<row r="2" hidden="1"><c r="A2"><v>72</v></c><c r="B2" s="2"><v>45292</v></c><c r="C2"><v>3.25</v></c><c r="D2"><v>-1.5E-3</v></c>' +
  '<c r="E2" t="b"><v>1</v></c><c r="F2" t="b"><v>0</v></c></row>\n' +
  '<row r="3"/>' +
  '<row r="4"><c r="A4" t="e"><v>#DIV/0!</v></c><c r="B4" t="str"><f>A1&amp;"x"</f><v>企业名称x</v></c>' +
  '<c r="C4"><f>SUM(A2:C2)</f><v>75.25</v></c><c r="D4" t="d"><v>2024-03-01T00:00:00Z</v></c><c r="E4"/><c r="F4" s="1"/></row>' +
  '<row r="5"><c r="B5" t="inlineStr"><is><r><rPr><b/><sz val="11"/></rPr><t>华兴</t></r><r><t xml:space="preserve"> 机械 </t></r></is></c>' +
  '<c t="inlineStr"><is><t>no ref: C5</t></is></c><c><v>4</v></c><c r="$G$5"><v>7</v></c></row>' +
  '<row><c r="A6" t="inlineStr"><is><t>line1\r\nline2&#13;&#10;line3</t></is></c><c r="B6" t="s"><v>99</v></c><c r="C6" t="s"><v>3</v></c><c r="D6"><v></v></c></row>' +
  '<row r="8"><c r="A8" t="inlineStr"><is><t/></is></c><c r="B8"><v>  12  </v></c><c r="C8"><v>abc</v></c><c r="D8"><v>007</v></c><c r="E8" s="2"><v>0</v></c>' +
  '<c r="F8"><is><t>0123</t></is></c><c r="G8" t="s"><is><t>5</t></is></c></row>' +
  '</sheetData>' +
  '<conditionalFormatting sqref="A1:A9"><cfRule type="expression" priority="1"><formula>A1&gt;5</formula></cfRule></conditionalFormatting>' +
  '<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C3"/></mergeCells>' +
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
  '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings/></ext></extLst>' +
  '</worksheet>\n'

const PREFIXED =
  `<x:worksheet xmlns:x="${NS}"><x:cols><x:col min="1" max="1" hidden="true"/></x:cols><x:sheetData>` +
  '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>企业名称</x:t></x:is></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>' +
  '<x:row r="2" hidden="true"><x:c r="A2" t="inlineStr"><x:is><x:r><x:t>华兴</x:t></x:r><x:r><x:t>机械</x:t></x:r></x:is></x:c><x:c r="B2"><x:v>72</x:v></x:c></x:row>' +
  '</x:sheetData><x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>'

function expectBroken(pieces: string[] | string, c?: SheetScanContext, message = XML_BROKEN): void {
  let err: unknown = null
  try {
    scan(typeof pieces === 'string' ? [pieces] : pieces, c)
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe('EXCEL_FORMAT')
  expect((err as AppError).message).toBe(message)
}

describe('SheetScanner', () => {
  it('reads a worksheet with every construct the way the saxes reader did', () => {
    const got = scan([KITCHEN_SINK])
    expect(got).toEqual(reference(KITCHEN_SINK))
    expect(got.rows).toEqual([
      ['企业名称', '华兴机械有限公司', 'a&b', 'A&B <有限> "公司" \'中文😀'],
      [72, serialToDate(45292), 3.25, -0.0015, true, false],
      [],
      [null, '企业名称x', 75.25, new Date('2024-03-01T00:00:00Z')],
      [null, '华兴 机械 ', 'no ref: C5', 4, null, null, 7],
      ['line1\nline2\r\nline3'],
      [],
      [null, 12, 'abc', 7, serialToDate(0), '0123', '5'],
    ])
    expect(got.merges).toEqual([
      { top: 1, left: 1, bottom: 1, right: 2 },
      { top: 3, left: 3, bottom: 3, right: 3 },
    ])
    expect([...got.hiddenRows]).toEqual([2])
    expect([...got.hiddenCols]).toEqual([2, 3])
  })

  it('reads namespace-prefixed elements by their local names', () => {
    const got = scan([PREFIXED])
    expect(got).toEqual(reference(PREFIXED))
    expect(got.rows).toEqual([
      ['企业名称', '华兴机械有限公司'],
      ['华兴机械', 72],
    ])
    expect([...got.hiddenRows]).toEqual([2])
    expect([...got.hiddenCols]).toEqual([1])
    expect(got.merges).toHaveLength(1)
  })

  it('gives the same result however the text is cut into chunks', () => {
    for (const doc of [KITCHEN_SINK, PREFIXED]) {
      const whole = scan([doc])
      // every chunk size from 1 character up
      for (let size = 1; size <= doc.length; size++)
        expect(scan(chunked(doc, size)), `chunks of ${size}`).toEqual(whole)
      // a single cut at every offset, and empty chunks in between
      for (let at = 0; at <= doc.length; at++)
        expect(scan([doc.slice(0, at), '', doc.slice(at)]), `cut at ${at}`).toEqual(whole)
    }
  })

  it('agrees with the saxes reader on generated sheets cut at random', () => {
    let seed = 7
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    const texts = ['企业', 'a&amp;b', '&lt;x&gt;', '&#20013;&#x6587;', '  空格  ', 'x\r\ny', '"q"', "'", '']
    for (let round = 0; round < 40; round++) {
      let body = ''
      let r = 0
      const rowCount = 1 + rnd(30)
      for (let i = 0; i < rowCount; i++) {
        r += 1 + rnd(3)
        const p = rnd(4) === 0 ? 'x:' : ''
        if (rnd(8) === 0) {
          body += `<${p}row r="${r}"${rnd(2) ? ' hidden="1"' : ''}/>`
          continue
        }
        body +=
          rnd(6) === 0 ? `<${p}row>` : `<${p}row r="${r}" spans="1:9"${rnd(5) === 0 ? ' hidden="true"' : ''}>`
        let c = 0
        const cells = rnd(9)
        for (let j = 0; j < cells; j++) {
          c += 1 + rnd(2)
          const ref = rnd(7) === 0 ? '' : ` r="${String.fromCharCode(64 + c)}${r}"`
          const s = rnd(3) === 0 ? ` s="${rnd(4)}"` : ''
          switch (rnd(9)) {
            case 0:
              body += `<${p}c${ref}${s}/>`
              break
            case 1:
              body += `<${p}c${ref} t="s"><${p}v>${rnd(6)}</${p}v></${p}c>`
              break
            case 2:
              body += `<${p}c${ref} t="inlineStr"><${p}is><${p}t>${texts[rnd(texts.length)]}</${p}t></${p}is></${p}c>`
              break
            case 3:
              body += `<${p}c${ref} t="inlineStr"><${p}is><${p}r><${p}t xml:space="preserve">${texts[rnd(texts.length)]}</${p}t></${p}r><${p}r><${p}rPr><${p}b/></${p}rPr><${p}t>${texts[rnd(texts.length)]}</${p}t></${p}r></${p}is></${p}c>`
              break
            case 4:
              body += `<${p}c${ref}${s}><${p}f>SUM(A1:B1)&amp;""</${p}f><${p}v>${rnd(100000)}</${p}v></${p}c>`
              break
            case 5:
              body += `<${p}c${ref} t="str"><${p}v>${texts[rnd(texts.length)]}</${p}v></${p}c>`
              break
            case 6:
              body += `<${p}c${ref} t="b"><${p}v>${rnd(2)}</${p}v></${p}c>`
              break
            case 7:
              body += `<${p}c${ref}${s}><${p}v>${(rnd(200000) - 100000) / 64}</${p}v></${p}c>`
              break
            default:
              body += `<${p}c${ref}${s}><${p}v>${rnd(99999999)}</${p}v></${p}c>`
          }
          if (rnd(10) === 0) body += '<!-- c -->\n'
        }
        body += `</${p}row>\n`
      }
      const doc = sheet(body, '<mergeCells><mergeCell ref="A1:C2"/></mergeCells>')
      const c = ctx({ dateStyles: new Set([3]) })
      const want = reference(doc, c)
      expect(scan([doc], c)).toEqual(want)
      const pieces: string[] = []
      for (let i = 0; i < doc.length;) {
        const n = 1 + rnd(rnd(2) ? 8 : 200)
        pieces.push(doc.slice(i, i + n))
        i += n
      }
      expect(scan(pieces, c)).toEqual(want)
    }
  })

  it('decodes entities in text and attribute values', () => {
    expect(decodeEntities('&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#x4e2D;&#128512;')).toBe('&<>"\'AB中😀')
    expect(decodeEntities('no entities')).toBe('no entities')
    const doc = sheet(
      '<row r="&#49;"><c r="&#x42;1" t="&#115;" s="&#50;"><v>&#49;</v></c><c t="inlineStr"><is><t>&amp;amp;</t></is></c></row>',
      '<mergeCells><mergeCell ref="A1&#58;B2"/></mergeCells>',
    )
    const got = scan([doc])
    expect(got).toEqual(reference(doc))
    expect(got.rows).toEqual([[null, '华兴机械有限公司', '&amp;']])
    expect(got.merges).toEqual([{ top: 1, left: 1, bottom: 2, right: 2 }])
    for (const bad of ['&bogus;', '&amp', '&#xZZ;', '&#0;', '&#;', '& amp;', '&#x110000;'])
      expectBroken(sheet(`<row><c t="inlineStr"><is><t>a${bad}b</t></is></c></row>`))
  })

  it('keeps an entity or a CRLF split across chunks intact', () => {
    const doc = sheet('<row><c t="inlineStr"><is><t>甲&amp;乙&#x4e2d;\r\n丙</t></is></c></row>')
    const at = doc.indexOf('&amp;')
    for (let k = at - 1; k <= at + 16; k++)
      expect(scan([doc.slice(0, k), doc.slice(k)]).rows).toEqual([['甲&乙中\n丙']])
  })

  it('reads CDATA sections as text', () => {
    expect(
      scan([
        sheet(
          '<row><c t="inlineStr"><is><t><![CDATA[<a & b>]]></t></is></c><c><v><![CDATA[12]]></v></c></row>',
        ),
      ]).rows,
    ).toEqual([['<a & b>', 12]])
  })

  it('reads self-closing cells and rows, and keeps rows dense', () => {
    const doc = sheet(
      '<row r="2"/><row r="4"><c r="A4"/><c r="C4" s="1"/><c r="E4"><v>5</v></c></row><row r="5" hidden="1"/>',
    )
    const got = scan([doc])
    expect(got).toEqual(reference(doc))
    expect(got.rows).toEqual([[], [], [], [null, null, null, null, 5], []])
    expect([...got.hiddenRows]).toEqual([5])
  })

  it('skips a byte order mark at the start, and only there', () => {
    const doc = sheet('<row><c><v>1</v></c></row>')
    expect(scan([`\uFEFF${doc}`]).rows).toEqual([[1]])
    expect(scan(['', '\uFEFF', doc]).rows).toEqual([[1]])
    expectBroken(`\uFEFF\uFEFF${doc}`)
    expectBroken(`${doc}\uFEFF`)
  })

  it('accepts a self-closing root and whitespace, comments and PIs outside it', () => {
    expect(scan(['\n<?xml version="1.0"?>\n<!-- c -->\n<worksheet/>\n<!-- after -->\n']).rows).toEqual([])
    for (const end of ['\r', '\r\n', '\r\n\r', ' \t\r\n']) {
      const doc = `${sheet('<row><c><v>1</v></c></row>')}${end}`
      for (let size = 1; size <= doc.length; size += 7) expect(scan(chunked(doc, size)).rows).toEqual([[1]])
      expect(scan([doc.slice(0, -1), doc.slice(-1)]).rows).toEqual([[1]])
    }
  })

  it('accepts entities where the values are not read, as long as they are entities', () => {
    const doc = sheet('<row spans="1&amp;2" x:a="&#x41;&lt;">\n  &amp; &#20013; <c r="A1"><v>1</v></c></row>')
    expect(scan([doc])).toEqual(reference(doc))
    expect(scan(chunked(doc, 1)).rows).toEqual([[1]])
  })

  it('refuses a DOCTYPE, however it is cut', () => {
    const doc = `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x "y">]>${sheet('')}`
    for (let size = 1; size <= 12; size++) expectBroken(chunked(doc, size), undefined, XML_DOCTYPE)
  })

  it('refuses malformed XML with the Chinese message', () => {
    const cases = [
      '',
      '   ',
      'not xml at all',
      '\u0000\u0001\u0002garbage\uFFFD\uFFFD',
      sheet('<row><c r="A1"><v>1</v></row>'), // mismatched
      sheet('<row><c r="A1"><v>1</v></c>'), // unclosed
      sheet('').slice(0, -3), // truncated close tag
      sheet('<row r="1>'), // unterminated attribute value containing <
      sheet('<row r=1>'), // unquoted
      sheet('<row r>'),
      sheet('<row r="1"hidden="1">'),
      sheet('<row/ >'),
      sheet('<1row>'),
      sheet('< row>'),
      `${sheet('')}<worksheet/>`, // second root
      `${sheet('')}text after`,
      `text before${sheet('')}`,
      sheet('</c>'),
      sheet('<row></rows>'),
      sheet('<!ELEMENT x>'),
      sheet('<c><v>1</v></c><c>') + '</sheetData>',
      '<worksheet><sheetData><row><c><v>1',
      '<worksheet><!-- unterminated comment',
      '<worksheet><![CDATA[ unterminated',
      '<?xml unterminated',
      sheet('<row spans="1&amp2"/>'), // a bare '&' where the value is not read
      sheet('<row><c r="A1"><v>1</v></c>&<c r="B1"/></row>'), // and in text that is not read
      sheet('<row>&#xZZ;</row>'),
      `${sheet('')}&`,
    ]
    for (const doc of cases) {
      expectBroken(doc)
      expectBroken(chunked(doc, 3))
    }
  })

  it('never hangs on garbage and bounds what it carries over', () => {
    let seed = 1
    const t0 = Date.now()
    for (let k = 0; k < 200; k++) {
      let g = ''
      for (let i = 0; i < 2000; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff
        const alphabet = '<>/="\'&;!?-[] ax:\n\u4e2d'
        g += alphabet[seed % alphabet.length]
      }
      let err: unknown = null
      try {
        scan(chunked(g, 1 + (k % 64)))
      } catch (e) {
        err = e
      }
      expect((err as AppError).code).toBe('EXCEL_FORMAT')
    }
    // a tag longer than MAX_MARKUP characters is refused while it is still being read
    const s = new SheetScanner(ctx())
    s.write('<worksheet><sheetData><row r="1" x="')
    const filler = 'a'.repeat(64 * 1024)
    let err: unknown = null
    try {
      for (let i = 0; i * filler.length <= MAX_MARKUP + filler.length; i++) s.write(filler)
    } catch (e) {
      err = e
    }
    expect((err as AppError).message).toBe(XML_BROKEN)
    expect(Date.now() - t0).toBeLessThan(20_000)
  })

  it('keeps the row, column and merge limits and their messages', () => {
    const rows = sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="6"><c r="A6"><v>1</v></c></row>')
    expect(() => scan([rows], ctx({ limits: { ...LIMITS, maxRows: 5 } }))).toThrow(
      '工作表“台账”超过 5 行，请拆分为几个文件再导入',
    )
    // a formatted, empty row far below a 3-row sheet is no reason to ask for a split
    const styled = sheet(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c></row><row r="1048576"><c r="A1048576" s="3"/></row>',
    )
    expect(scan([styled], ctx({ limits: { ...LIMITS, maxRows: 5 } })).rows).toEqual([['企业名称']])
    const cols = sheet('<row r="3"><c r="C3"><v>1</v></c><c r="D3"><v>1</v></c></row>')
    expect(() => scan([cols], ctx({ limits: { ...LIMITS, maxCols: 3 } }))).toThrow(
      '工作表“台账”第 3 行有数据超出第 3 列，请删除多余的列后再导入',
    )
    // an empty cell beyond the limit is fine
    expect(
      scan(
        [sheet('<row r="3"><c r="C3"><v>1</v></c><c r="D3"/></row>')],
        ctx({ limits: { ...LIMITS, maxCols: 3 } }),
      ).rows[2],
    ).toEqual([null, null, 1])
    const merges = sheet(
      '',
      '<mergeCells><mergeCell ref="A1:B1"/><mergeCell ref="A2:B2"/><mergeCell ref="A3:B3"/></mergeCells>',
    )
    expect(() => scan([merges], ctx({ limits: { ...LIMITS, maxMerges: 2 } }))).toThrow(
      '工作表“台账”的合并单元格超过 2 处，请取消合并后再导入',
    )
    // hidden column ranges are capped at maxCols
    expect(
      scan(
        [sheet('', '<cols><col min="2" max="16384" hidden="1"/></cols>')],
        ctx({ limits: { ...LIMITS, maxCols: 4 } }),
      ).hiddenCols,
    ).toEqual(new Set([2, 3, 4]))
  })

  it('reports progress every 5000 rows', () => {
    let body = ''
    for (let r = 1; r <= 12_000; r++) body += `<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`
    const seen: number[] = []
    const got = scan(chunked(sheet(body), 4096), ctx({ onProgress: (n) => seen.push(n) }))
    expect(seen).toEqual([5000, 10000])
    expect(got.rows).toHaveLength(12_000)
    expect(got.rows[11_999]).toEqual([12_000])
  })

  it('uses the 1904 date system when the workbook does', () => {
    expect(
      scan([sheet('<row><c s="2"><v>0</v></c><c s="2"><v>1.5</v></c></row>')], ctx({ date1904: true }))
        .rows[0],
    ).toEqual([serialToDate(0, true), serialToDate(1.5, true)])
  })

  it('reads cell references the way parseRef does', () => {
    for (const ref of [
      'A1',
      'Z9',
      'AA10',
      'XFD1048576',
      '$B$2',
      'B$2',
      '$B2',
      'a1',
      'A',
      '1',
      'ABCD1',
      'A12345678',
      'A1B',
      '',
      '$',
      'A-1',
      'A 1',
    ])
      expect(refCol(ref, 0, ref.length), ref).toBe(parseRef(ref)?.col ?? 0)
  })
})
