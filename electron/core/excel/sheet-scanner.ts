import { excelError } from './errors'
import { normalizeMerge, parseRef, type CellValue, type MergeRange, type ReadLimits } from './grid'

// A hand-written streaming scanner for the one big part of an .xlsx: xl/worksheets/sheetN.xml.
// A full XML parser (saxes) spends most of its time on per-character state transitions and on
// building attribute objects for every <c>; this scanner jumps from '<' to '<' with indexOf,
// reads only the attributes the grid needs, and keeps a tag stack so that malformed XML is still
// refused. It is fed the decoded text chunk by chunk; an unfinished tag (or entity) at the end of
// a chunk is carried over to the next one, up to MAX_MARKUP characters.
//
// What it reads is what the saxes-based reader read: <row r hidden>, <c r s t> with <v> (the
// <f> formula text is ignored, the cached <v> used), inline strings <is><t>…</t></is> with rich
// text runs joined, self-closing <c/> and <row/>, <col min max hidden>, <mergeCell ref>, element
// names with a namespace prefix (<x:row>) by their local names. Everything else is skipped.
// Entities (the five predefined ones and character references) are decoded in text and attribute
// values and any other '&' is an error, line ends are normalised as XML says, a CDATA section in a
// value is read as text (the saxes reader dropped it), a byte order mark at the start is skipped,
// and a DOCTYPE is refused. Deliberately not checked (a full parser would refuse them, this scanner
// lets them through): control characters, duplicate attributes, the contents of the XML
// declaration, "--" inside comments, "]]>" in text.

export const XML_BROKEN = '工作簿内部的 XML 已损坏，无法读取。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。'
export const XML_DOCTYPE = '文件中含有 DOCTYPE 声明，这不是 Excel 正常保存的文件，为安全起见已拒绝导入'

/** The longest piece of markup (a tag, comment, CDATA section …) carried across chunks. */
export const MAX_MARKUP = 1024 * 1024

/** Excel serial day → a floating date (UTC fields hold the calendar values). */
export function serialToDate(serial: number, date1904 = false): Date {
  const days = date1904 ? serial + 1462 : serial
  const ms = Math.round((days - 25569) * 86400 * 1000)
  return new Date(ms)
}

export interface SheetScanContext {
  /** The sheet's name, for the messages. */
  name: string
  shared: readonly string[]
  dateStyles: ReadonlySet<number>
  date1904: boolean
  limits: Pick<ReadLimits, 'maxRows' | 'maxCols' | 'maxMerges'> & Partial<Pick<ReadLimits, 'maxCellChars'>>
  onProgress?: (rows: number) => void
}

export interface ScannedSheet {
  /** Dense: rows[i] is sheet row i + 1, holes are [] and empty cells null. */
  rows: CellValue[][]
  merges: MergeRange[]
  hiddenRows: Set<number>
  hiddenCols: Set<number>
  /** "row:col" of formula cells saved without a result (the file was never calculated). */
  formulaCells: Set<string>
}

function broken(detail: string): Error {
  return excelError(XML_BROKEN, { cause: detail.slice(0, 200) })
}

// element ids: the local names the sheet reader cares about
const E_OTHER = 0
const E_ROW = 1
const E_C = 2
const E_V = 3
const E_IS = 4
const E_T = 5
const E_COL = 6
const E_MERGE = 7
const E_F = 8

// cell types: the branches of the <v> conversion
const T_NUM = 0
const T_SHARED = 1
const T_STR = 2
const T_BOOL = 3
const T_ERROR = 4
const T_DATE = 5

const LT = 60 // <
const AMP = 38 // &
const GT = 62 // >
const SLASH = 47
const EQ = 61
const DQ = 34
const SQ = 39
const BANG = 33
const QMARK = 63
const COLON = 58

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13
}

/** XML NameStartChar (a lenient superset above U+007F). */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === COLON || c >= 0xc0
}

function isNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === COLON ||
    c === 45 ||
    c === 46 ||
    c === 0xb7 ||
    c >= 0xc0
  )
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 9 ||
    cp === 10 ||
    cp === 13 ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  )
}

/** Replaces the five predefined entities and character references; anything else is an error. */
export function decodeEntities(raw: string): string {
  let amp = raw.indexOf('&')
  if (amp < 0) return raw
  let out = ''
  let last = 0
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp + 1)
    if (semi < 0) throw broken(`unterminated entity "${raw.slice(amp, amp + 12)}"`)
    const name = raw.slice(amp + 1, semi)
    let ch: string
    switch (name) {
      case 'amp':
        ch = '&'
        break
      case 'lt':
        ch = '<'
        break
      case 'gt':
        ch = '>'
        break
      case 'quot':
        ch = '"'
        break
      case 'apos':
        ch = "'"
        break
      default: {
        let cp = NaN
        if (/^#[0-9]{1,10}$/.test(name)) cp = Number(name.slice(1))
        else if (/^#x[0-9a-fA-F]{1,8}$/.test(name)) cp = parseInt(name.slice(2), 16)
        if (!isXmlChar(cp)) throw broken(`unknown or invalid entity "&${name.slice(0, 12)};"`)
        ch = String.fromCodePoint(cp)
      }
    }
    out += raw.slice(last, amp) + ch
    last = semi + 1
    amp = raw.indexOf('&', last)
  }
  return out + raw.slice(last)
}

/** Text content s[from, to): line ends normalised (\r\n and \r → \n), then entities decoded. */
function textOf(s: string, from: number, to: number): string {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c === 38 || c === 13) {
      let raw = s.slice(from, to)
      if (raw.indexOf('\r') >= 0) raw = raw.replace(/\r\n?/g, '\n')
      return decodeEntities(raw)
    }
  }
  return s.slice(from, to)
}

/** Attribute value s[from, to): tabs and line ends become spaces, then entities decoded. */
function attrOf(s: string, from: number, to: number): string {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c === 38 || c === 13 || c === 10 || c === 9)
      return decodeEntities(s.slice(from, to).replace(/\r\n?|[\t\n]/g, ' '))
  }
  return s.slice(from, to)
}

function isBlank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isWs(s.charCodeAt(i))) return false
  return true
}

export class SheetScanner {
  // --- tokenizer state
  private carry = ''
  /** Characters of the document before the text not yet scanned (for error messages). */
  private base = 0
  /** The document offset of index 0 of the string being scanned. */
  private at = 0
  /** The open elements: names[0 .. depth) (raw names, for matching close tags) and their ids. */
  private readonly names: string[] = []
  private readonly ids: number[] = []
  private depth = 0
  private rootSeen = false
  private ended = false
  // attributes of the open tag being read (undefined: absent)
  private aR: string | undefined
  /** <c>: column from r (0: absent or not a reference), type from t, style from s. */
  private cCol = 0
  private cType = T_NUM
  private cStyle = 0
  private aHidden: string | undefined
  private aMin: string | undefined
  private aMax: string | undefined
  private aRef: string | undefined
  // --- sheet state
  private readonly rows: CellValue[][] = []
  private readonly merges: MergeRange[] = []
  private readonly hiddenRows = new Set<number>()
  private readonly hiddenCols = new Set<number>()
  private row: CellValue[] | null = null
  private rowNum = 0
  private col = 0
  private type = T_NUM
  private style = 0
  /** Text being collected (inside <v>, or <t> within <is>); null: text is ignored. */
  private text: string | null = null
  /** The text being collected is a <v>'s. */
  private inV = false
  /**
   * ≥ 0: the <v> text so far is one run of plain digits, vSrc[vFrom, vTo), worth vNum; this.text is
   * still '' (a cell reference or a number is then read without making a string).
   */
  private vNum = -1
  private vSrc = ''
  private vFrom = 0
  private vTo = 0
  private inIs = false
  private isText = ''
  private value: CellValue = null
  private hasValue = false
  /** The current cell has a formula (<f>). */
  private hasFormula = false
  private readonly formulaCells = new Set<string>()

  private readonly maxChars: number

  constructor(private readonly ctx: SheetScanContext) {
    this.maxChars = ctx.limits.maxCellChars ?? 32_767
  }

  /** Feeds the next piece of decoded text. */
  write(chunk: string): void {
    if (this.ended) throw new Error('SheetScanner: write after end')
    if (this.carry === '') return this.scan(chunk, 0)
    // Finish the carried-over tail on a small string: carry + chunk would be a cons string, and
    // reading a cons string char by char is markedly slower than reading the flat chunk.
    const k = chunk.indexOf('<')
    const carry = this.carry
    this.carry = ''
    if (k < 0) return this.scan(carry + chunk, 0)
    this.scan(carry + chunk.slice(0, k), 0)
    if (this.carry === '') return this.scan(chunk, k)
    // (a comment, CDATA section or processing instruction can hold '<': it goes on as one string)
    const rest = this.carry
    this.carry = ''
    this.scan(rest + chunk.slice(k), 0)
  }

  /** Scans s from start; an unfinished tail is left in this.carry. */
  private scan(s: string, start: number): void {
    const n = s.length
    // this.base: where s[start] is in the document; `at` turns an index of s into a document offset
    this.at = this.base - start
    let i = start
    if (this.base === 0 && i < n && s.charCodeAt(i) === 0xfeff) i++ // a byte order mark
    while (i < n) {
      const lt = s.charCodeAt(i) === LT ? i : s.indexOf('<', i)
      if (lt < 0) {
        this.tailText(s, i, n)
        break
      }
      if (lt > i) this.textRun(s, i, lt)
      const next = this.markup(s, lt, n)
      if (next < 0) {
        if (n - lt > MAX_MARKUP)
          throw broken(`markup longer than ${MAX_MARKUP} characters at ${this.at + lt}`)
        this.carry = s.slice(lt)
        break
      }
      i = next
    }
    this.base += n - this.carry.length - start
  }

  /** Ends the document and returns the sheet. */
  end(): ScannedSheet {
    if (!this.ended) {
      const carry = this.carry
      if (carry.startsWith('<')) throw broken(`unexpected end of document in "${carry.slice(0, 40)}"`)
      this.carry = ''
      if (carry !== '') this.textRun(carry, 0, carry.length) // a trailing \r, or an '&' that is not an entity
      if (!this.rootSeen) throw broken('no root element')
      if (this.depth > 0)
        throw broken(`unexpected end of document: <${this.names[this.depth - 1]}> is not closed`)
      this.ended = true
      // Fill holes so every row is a dense array (sparse arrays confuse later stages).
      const rows = this.rows
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]
        if (!r) rows[i] = []
        else for (let j = 0; j < r.length; j++) if (r[j] === undefined) r[j] = null
      }
    }
    return {
      rows: this.rows,
      merges: this.merges,
      hiddenRows: this.hiddenRows,
      hiddenCols: this.hiddenCols,
      formulaCells: this.formulaCells,
    }
  }

  // ---------------------------------------------------------------- tokenizer

  /** Refuses the document: what is wrong, where, and the text there. */
  private fail(what: string, s: string, at: number): never {
    throw broken(`${what} at ${this.at + at}: "${s.slice(at, at + 40)}"`)
  }

  /** A complete run of text (it ends at a '<'). */
  private textRun(s: string, from: number, to: number): void {
    if (this.text !== null) {
      if (this.text === '' && this.inV) {
        if (this.vNum < 0 && (this.type === T_SHARED || this.type === T_NUM)) {
          const v = digits(s, from, to)
          if (v >= 0) {
            this.vNum = v
            this.vSrc = s
            this.vFrom = from
            this.vTo = to
            return
          }
        } else this.flushV()
      }
      this.text += textOf(s, from, to)
      if (this.text.length > this.maxChars) this.tooLong()
    } else this.skipText(s, from, to)
  }

  /** One cell's text is longer than any spreadsheet program writes: refused before it grows on. */
  private tooLong(): never {
    throw excelError(
      `工作表“${this.ctx.name}”第 ${this.rowNum} 行第 ${this.col} 列的文字超过 ${this.maxChars.toLocaleString('en-US')} 个字符（Excel 单元格的上限），疑似异常或恶意构造的文件，已拒绝导入`,
    )
  }

  /** Text that is not read: outside the root only whitespace, inside it no bare '&'. */
  private skipText(s: string, from: number, to: number): void {
    if (this.depth === 0) {
      if (!isBlank(s, from, to)) this.fail('text outside the root element', s, from)
    } else
      for (let i = from; i < to; i++)
        if (s.charCodeAt(i) === AMP) {
          decodeEntities(s.slice(i, to))
          break
        }
  }

  /** Text at the end of a chunk: a partial entity or a lone \r waits for the next chunk. */
  private tailText(s: string, from: number, n: number): void {
    let cut = n
    const amp = s.lastIndexOf('&', n - 1)
    if (amp >= from && s.indexOf(';', amp) < 0) {
      if (n - amp > 40) this.fail('unterminated entity', s, amp)
      cut = amp
    } else if (this.text !== null && s.charCodeAt(n - 1) === 13) cut = n - 1
    if (this.text === null) this.skipText(s, from, cut)
    else {
      this.flushV()
      if (cut > from) this.text += textOf(s, from, cut)
      if (this.text.length > this.maxChars) this.tooLong()
    }
    this.carry = s.slice(cut)
  }

  /** Reads the markup at s[lt] === '<'; returns the index after it, or -1 if it is not complete. */
  private markup(s: string, lt: number, n: number): number {
    if (lt + 1 >= n) return -1
    const c = s.charCodeAt(lt + 1)
    if (c === SLASH) return this.closeTag(s, lt, n)
    if (c === BANG) return this.bang(s, lt, n)
    if (c === QMARK) {
      const end = s.indexOf('?>', lt + 2)
      return end < 0 ? -1 : end + 2
    }
    return this.openTag(s, lt, n)
  }

  private bang(s: string, lt: number, n: number): number {
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4)
      return end < 0 ? -1 : end + 3
    }
    if (s.startsWith('<![CDATA[', lt)) {
      const end = s.indexOf(']]>', lt + 9)
      if (end < 0) return -1
      if (this.text !== null) {
        this.flushV()
        const raw = s.slice(lt + 9, end)
        this.text += raw.indexOf('\r') >= 0 ? raw.replace(/\r\n?/g, '\n') : raw
        if (this.text.length > this.maxChars) this.tooLong()
      } else if (this.depth === 0) this.fail('CDATA outside the root element', s, lt)
      return end + 3
    }
    if (s.startsWith('<!DOCTYPE', lt)) throw excelError(XML_DOCTYPE)
    const avail = s.slice(lt, Math.min(n, lt + 9))
    if ('<!--'.startsWith(avail) || '<![CDATA['.startsWith(avail) || '<!DOCTYPE'.startsWith(avail)) return -1
    this.fail('unexpected', s, lt)
  }

  private closeTag(s: string, lt: number, n: number): number {
    const d = this.depth
    if (d === 0) this.fail('unexpected close tag', s, lt)
    const name = this.names[d - 1] as string
    const len = name.length
    let p = lt + 2
    if (p + len >= n) return -1
    for (let k = 0; k < len; k++)
      if (s.charCodeAt(p + k) !== name.charCodeAt(k)) this.fail(`it does not close <${name}>`, s, lt)
    p += len
    let c = s.charCodeAt(p)
    while (isWs(c)) {
      if (++p >= n) return -1
      c = s.charCodeAt(p)
    }
    if (c !== GT) this.fail(`it does not close <${name}>`, s, lt)
    this.depth = d - 1
    const id = this.ids[d - 1] as number
    if (id !== E_OTHER) this.close(id)
    return p + 1
  }

  private openTag(s: string, lt: number, n: number): number {
    let p = lt + 1
    let c = s.charCodeAt(p)
    if (!isNameStart(c)) this.fail('unexpected', s, lt)
    const ns = p
    let local = p
    for (;;) {
      if (++p >= n) return -1
      c = s.charCodeAt(p)
      if (c === COLON) local = p + 1
      else if (!isNameChar(c)) break
    }
    const ne = p
    const id = classify(s, local, ne)
    if (id === E_C) {
      this.cCol = 0
      this.cType = T_NUM
      this.cStyle = 0
    } else if (id !== E_OTHER) this.aR = this.aHidden = this.aMin = this.aMax = this.aRef = undefined
    // attributes; c is s[p]. A '<' anywhere in a tag is an error, so an unfinished tag at the end of
    // a chunk (return -1: carried over) cannot hide one.
    let selfClosing = false
    for (;;) {
      const ws = p
      while (isWs(c)) {
        if (++p >= n) return -1
        c = s.charCodeAt(p)
      }
      if (c === GT) {
        p++
        break
      }
      if (c === SLASH) {
        if (p + 1 >= n) return -1
        if (s.charCodeAt(p + 1) !== GT) this.fail('unexpected "/" in a tag', s, p)
        p += 2
        selfClosing = true
        break
      }
      if (p === ws || !isNameStart(c)) this.fail('unexpected in a tag', s, p)
      const an = p
      do {
        if (++p >= n) return -1
        c = s.charCodeAt(p)
      } while (isNameChar(c))
      const ae = p
      while (isWs(c)) {
        if (++p >= n) return -1
        c = s.charCodeAt(p)
      }
      if (c !== EQ) this.fail('attribute without a value', s, an)
      do {
        if (++p >= n) return -1
        c = s.charCodeAt(p)
      } while (isWs(c))
      if (c !== DQ && c !== SQ) this.fail('attribute value without quotes', s, p)
      const q = c
      const vs = p + 1
      let amp = false
      do {
        if (++p >= n) return -1
        c = s.charCodeAt(p)
        if (c === LT) this.fail('"<" in an attribute value', s, p)
        else if (c === AMP) amp = true
      } while (c !== q)
      if (amp) decodeEntities(s.slice(vs, p)) // a bare '&' is an error even where the value is not read
      if (id === E_C) this.cellAttribute(s, an, ae, vs, p)
      else if (id !== E_OTHER) this.attribute(s, an, ae, vs, p)
      if (++p >= n) return -1
      c = s.charCodeAt(p)
    }
    // the tag is complete
    if (this.depth === 0) {
      if (this.rootSeen) this.fail('a second root element', s, lt)
      this.rootSeen = true
    }
    if (!selfClosing) {
      const d = this.depth
      this.names[d] = local === ns ? nameOf(id, s, ns, ne) : s.slice(ns, ne)
      this.ids[d] = id
      this.depth = d + 1
    }
    if (id !== E_OTHER) {
      this.open(id)
      if (selfClosing) this.close(id)
    }
    return p
  }

  /** r, s and t of a <c>, read in place (the hot path: one call per attribute of every cell). */
  private cellAttribute(s: string, an: number, ae: number, vs: number, ve: number): void {
    if (ae - an !== 1) return
    const c = s.charCodeAt(an)
    if (c === 114) {
      // r: as parseRef reads it; only the column is used
      const col = refCol(s, vs, ve)
      if (col > 0 || plain(s, vs, ve)) this.cCol = col
      else {
        const v = attrOf(s, vs, ve)
        this.cCol = refCol(v, 0, v.length)
      }
    } else if (c === 115) {
      // s: a.s ? Number(a.s) : 0
      if (vs === ve) this.cStyle = 0
      else {
        const v = digits(s, vs, ve)
        this.cStyle = v >= 0 ? v : Number(attrOf(s, vs, ve))
      }
    } else if (c === 116) {
      // t
      const len = ve - vs
      if (len === 1) {
        const t = s.charCodeAt(vs)
        this.cType =
          t === 115 ? T_SHARED : t === 98 ? T_BOOL : t === 101 ? T_ERROR : t === 100 ? T_DATE : T_NUM // s b e d
      } else this.cType = cellType(attrOf(s, vs, ve))
    }
  }

  private attribute(s: string, an: number, ae: number, vs: number, ve: number): void {
    const len = ae - an
    const c = s.charCodeAt(an)
    if (len === 1) {
      if (c === 114) this.aR = attrOf(s, vs, ve) // r
    } else if (len === 3) {
      if (s.startsWith('ref', an)) this.aRef = attrOf(s, vs, ve)
      else if (s.startsWith('min', an)) this.aMin = attrOf(s, vs, ve)
      else if (s.startsWith('max', an)) this.aMax = attrOf(s, vs, ve)
    } else if (len === 6 && s.startsWith('hidden', an)) this.aHidden = attrOf(s, vs, ve)
  }

  /** Turns a pending run of digits (vNum) into text, before more text is added. */
  private flushV(): void {
    if (this.vNum >= 0) {
      this.text = this.vSrc.slice(this.vFrom, this.vTo)
      this.vNum = -1
      this.vSrc = ''
    }
  }

  // ---------------------------------------------------------------- the sheet

  private open(id: number): void {
    const { limits } = this.ctx
    switch (id) {
      case E_ROW: {
        this.rowNum = this.aR ? Number(this.aR) : this.rowNum + 1
        if (this.rowNum > limits.maxRows) {
          // A formatted but empty row far below the data (WPS/Excel write one at row 1048576) is
          // no reason to refuse a small sheet; a value there is (see E_C).
          this.row = null
          this.col = 0
          break
        }
        if (this.aHidden === '1' || this.aHidden === 'true') this.hiddenRows.add(this.rowNum)
        this.row = []
        this.rows[this.rowNum - 1] = this.row
        if (this.rowNum % 5000 === 0) this.ctx.onProgress?.(this.rowNum)
        this.col = 0
        break
      }
      case E_C: {
        this.col = this.cCol > 0 ? this.cCol : this.col + 1
        this.type = this.cType
        this.style = this.cStyle
        this.value = null
        this.hasValue = false
        this.hasFormula = false
        break
      }
      case E_F:
        this.hasFormula = true
        break
      case E_V:
        this.text = ''
        this.inV = true
        this.vNum = -1
        break
      case E_IS:
        this.inIs = true
        this.isText = ''
        break
      case E_T:
        if (this.inIs) {
          this.text = ''
          this.inV = false
          this.vNum = -1
        }
        break
      case E_COL: {
        if (this.aHidden === '1' || this.aHidden === 'true') {
          const max = Math.min(Number(this.aMax ?? this.aMin), limits.maxCols)
          for (let i = Number(this.aMin); i <= max; i++) this.hiddenCols.add(i)
        }
        break
      }
      case E_MERGE: {
        if (this.merges.length >= limits.maxMerges)
          throw excelError(
            `工作表“${this.ctx.name}”的合并单元格超过 ${limits.maxMerges} 处，请取消合并后再导入`,
          )
        const [from, to] = (this.aRef ?? '').split(':')
        const f = from ? parseRef(from) : null
        const t = to ? parseRef(to) : f
        // corners in either order (N2:A200000 is A2:N200000)
        if (f && t) this.merges.push(normalizeMerge(f, t))
        break
      }
    }
  }

  private close(id: number): void {
    switch (id) {
      case E_V: {
        const num = this.vNum
        const raw = this.text ?? ''
        this.text = null
        this.inV = false
        this.hasValue = true
        if (num >= 0) {
          // plain digits: what Number(raw) gives, without making the string
          this.vNum = -1
          this.vSrc = ''
          if (this.type === T_SHARED) this.value = this.ctx.shared[num] ?? ''
          else this.value = this.ctx.dateStyles.has(this.style) ? serialToDate(num, this.ctx.date1904) : num
          break
        }
        switch (this.type) {
          case T_SHARED:
            this.value = this.ctx.shared[Number(raw)] ?? ''
            break
          case T_STR:
            this.value = raw
            break
          case T_BOOL:
            this.value = raw === '1' || raw === 'true'
            break
          case T_ERROR:
            this.value = null
            break
          case T_DATE:
            this.value = new Date(raw)
            break
          default: {
            const n = Number(raw)
            this.value =
              raw === '' || Number.isNaN(n)
                ? raw
                : this.ctx.dateStyles.has(this.style)
                  ? serialToDate(n, this.ctx.date1904)
                  : n
          }
        }
        break
      }
      case E_T:
        if (this.inIs && this.text !== null) {
          this.isText += this.text
          if (this.isText.length > this.maxChars) this.tooLong()
          this.text = null
          this.inV = false
        }
        break
      case E_IS:
        this.inIs = false
        this.value = this.isText
        this.hasValue = true
        break
      case E_C: {
        const value = this.value
        if (this.hasFormula && this.row && (!this.hasValue || value === null || value === ''))
          this.formulaCells.add(`${this.rowNum}:${this.col}`)
        if (this.hasValue && value !== null && value !== '' && this.rowNum > this.ctx.limits.maxRows)
          throw excelError(
            `工作表“${this.ctx.name}”超过 ${this.ctx.limits.maxRows} 行，请拆分为几个文件再导入`,
          )
        if (this.hasValue && this.row && value !== null && value !== '') {
          if (this.col > this.ctx.limits.maxCols)
            throw excelError(
              `工作表“${this.ctx.name}”第 ${this.rowNum} 行有数据超出第 ${this.ctx.limits.maxCols} 列，请删除多余的列后再导入`,
            )
          this.row[this.col - 1] = value
        }
        break
      }
      case E_ROW:
        this.row = null
        break
    }
  }
}

/** The element id of the local name s[from, to). */
function classify(s: string, from: number, to: number): number {
  const len = to - from
  const c = s.charCodeAt(from)
  if (len === 1) return c === 99 ? E_C : c === 118 ? E_V : c === 116 ? E_T : c === 102 ? E_F : E_OTHER // c v t f
  if (len === 3) {
    if (c === 114 && s.startsWith('row', from)) return E_ROW
    if (c === 99 && s.startsWith('col', from)) return E_COL
    return E_OTHER
  }
  if (len === 2) return c === 105 && s.charCodeAt(from + 1) === 115 ? E_IS : E_OTHER // is
  if (len === 9 && s.startsWith('mergeCell', from)) return E_MERGE
  return E_OTHER
}

/** The (unprefixed) element name, without allocating for the frequent ones. */
function nameOf(id: number, s: string, from: number, to: number): string {
  switch (id) {
    case E_ROW:
      return 'row'
    case E_C:
      return 'c'
    case E_V:
      return 'v'
    case E_IS:
      return 'is'
    case E_T:
      return 't'
    case E_F:
      return 'f'
    default:
      return s.slice(from, to)
  }
}

function cellType(t: string | undefined): number {
  switch (t) {
    case 's':
      return T_SHARED
    case 'str':
    case 'inlineStr':
      return T_STR
    case 'b':
      return T_BOOL
    case 'e':
      return T_ERROR
    case 'd':
      return T_DATE
    default:
      return T_NUM
  }
}

/** The value of s[from, to) if it is 1 to 15 plain digits, else -1. */
function digits(s: string, from: number, to: number): number {
  if (to - from > 15) return -1
  let v = 0
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
  }
  return v
}

/** s[from, to) has no character that an attribute value would decode or normalise. */
function plain(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c === 38 || c === 13 || c === 10 || c === 9) return false
  }
  return true
}

/** The column of the cell reference ref[from, to) as parseRef reads it ("$AB$12" → 28), 0 if it is not one. */
export function refCol(ref: string, from: number, to: number): number {
  let i = from
  let c = i < to ? ref.charCodeAt(i) : 0
  if (c === 36) c = ++i < to ? ref.charCodeAt(i) : 0 // $
  if (c < 65 || c > 90) return 0
  let col = c - 64
  c = ++i < to ? ref.charCodeAt(i) : 0
  if (c >= 65 && c <= 90) {
    col = col * 26 + (c - 64)
    c = ++i < to ? ref.charCodeAt(i) : 0
    if (c >= 65 && c <= 90) {
      col = col * 26 + (c - 64)
      c = ++i < to ? ref.charCodeAt(i) : 0
    }
  }
  if (c === 36) i++
  const digits = to - i
  if (digits < 1 || digits > 7) return 0
  for (; i < to; i++) {
    c = ref.charCodeAt(i)
    if (c < 48 || c > 57) return 0
  }
  return col
}
