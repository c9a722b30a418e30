import { StringDecoder } from 'node:string_decoder'
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { excelError } from './errors'
import { type GridBook, type GridSheet, type ReadLimits } from './grid'
import { SheetScanner, XML_BROKEN, XML_DOCTYPE, serialToDate } from './sheet-scanner'
import { inflateEntry, inflateText, readZipDirectory, type ZipEntry } from './zip'

export { serialToDate }

// A streaming .xlsx reader. exceljs 4.4.0's streaming reader decodes each zip chunk on its own, so
// a Chinese character split across two chunks turns into U+FFFD (upstream #2063/#2084/#2316), and
// it ignores merged ranges and hidden rows/columns. Here one stateful decoder per entry keeps
// every character intact, and merges and hidden flags are read. The small parts (workbook, rels,
// styles, shared strings) go through saxes; the worksheets, which hold nearly all of the bytes,
// through the hand-written SheetScanner (sheet-scanner.ts).

type Attrs = Record<string, string>

function parseXml(
  source: AsyncIterable<Buffer>,
  on: { open?: (tag: SaxesTagPlain) => void; text?: (t: string) => void; close?: (name: string) => void },
): Promise<void> {
  const parser = new SaxesParser({ position: false })
  let failure: unknown = null
  parser.on('error', (e) => {
    failure ??= e
  })
  parser.on('doctype', () => {
    failure ??= excelError(XML_DOCTYPE)
  })
  if (on.open) {
    const open = on.open
    // Some generators (OpenXML SDK) write prefixed elements such as <x:row>: use local names.
    // (saxes matches close tags against its own tag objects, so they are copied, never renamed)
    parser.on('opentag', (t) =>
      open(
        (t.name.includes(':') ? { ...t, name: t.name.slice(t.name.indexOf(':') + 1) } : t) as SaxesTagPlain,
      ),
    )
  }
  if (on.text) parser.on('text', on.text)
  if (on.close)
    parser.on('closetag', (t) =>
      on.close?.(t.name.includes(':') ? t.name.slice(t.name.indexOf(':') + 1) : t.name),
    )
  return (async () => {
    const decoder = new TextDecoder('utf-8')
    for await (const chunk of source) {
      parser.write(decoder.decode(chunk, { stream: true }))
      if (failure) throw failure
    }
    parser.write(decoder.decode())
    parser.close()
    if (failure) throw failure
  })().catch(rethrowAsExcelError)
}

function rethrowAsExcelError(e: unknown): never {
  if (e instanceof Error && e.name === 'AppError') throw e
  throw excelError(XML_BROKEN, { cause: e instanceof Error ? e.message.slice(0, 200) : String(e) })
}

async function* once(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text, 'utf8')
}

const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
])

export function isDateFormat(code: string): boolean {
  const cleaned = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
  if (/^general$/i.test(cleaned.trim())) return false
  return /[ymdhs年月日]/i.test(cleaned) && !/[0#?]/.test(cleaned.replace(/[ymdhs]/gi, ''))
}

export async function readXlsx(
  buf: Buffer,
  limits: ReadLimits,
  onProgress?: (rows: number) => void,
): Promise<GridBook> {
  const dir = readZipDirectory(buf, limits)
  const budget = { left: limits.maxInflatedBytes }
  const get = (name: string): ZipEntry | undefined => dir.get(name) ?? dir.get(name.replace(/^\//, ''))
  const wbEntry = get('xl/workbook.xml')
  if (!wbEntry)
    throw excelError(
      '文件不是 Excel 工作簿（缺少 workbook.xml）。如果是 WPS 的 .et 文件，请另存为 .xlsx 再导入。',
    )

  // workbook.xml: sheet names, states and the 1904 date system flag
  const sheetsMeta: { name: string; rid: string; hidden: boolean }[] = []
  let date1904 = false
  await parseXml(once(await inflateText(buf, wbEntry, budget)), {
    open(tag) {
      const a = tag.attributes as Attrs
      if (tag.name === 'sheet')
        sheetsMeta.push({
          name: a.name ?? '',
          rid: a['r:id'] ?? '',
          hidden: a.state === 'hidden' || a.state === 'veryHidden',
        })
      else if (tag.name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true'
    },
  })

  const rels = new Map<string, string>()
  const relsEntry = get('xl/_rels/workbook.xml.rels')
  if (relsEntry)
    await parseXml(once(await inflateText(buf, relsEntry, budget)), {
      open(tag) {
        const a = tag.attributes as Attrs
        if (tag.name === 'Relationship' && a.Id && a.Target) rels.set(a.Id, a.Target)
      },
    })

  // styles: which cell formats are dates
  const dateStyles = new Set<number>()
  const stylesEntry = get('xl/styles.xml')
  if (stylesEntry) {
    const custom = new Map<number, string>()
    let inCellXfs = false
    let xfIndex = 0
    await parseXml(once(await inflateText(buf, stylesEntry, budget)), {
      open(tag) {
        const a = tag.attributes as Attrs
        if (tag.name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '')
        else if (tag.name === 'cellXfs') inCellXfs = true
        else if (tag.name === 'xf' && inCellXfs) {
          const id = Number(a.numFmtId ?? 0)
          const code = custom.get(id)
          if (code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id)) dateStyles.add(xfIndex)
          xfIndex++
        }
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false
      },
    })
  }

  // shared strings: rich text runs joined, phonetic runs (rPh) left out
  const shared: string[] = []
  const ssEntry = get('xl/sharedStrings.xml')
  if (ssEntry) {
    let cur: string | null = null
    let inT = false
    let inRph = false
    await parseXml(inflateEntry(buf, ssEntry, budget), {
      open(tag) {
        if (tag.name === 'si') cur = ''
        else if (tag.name === 'rPh') inRph = true
        else if (tag.name === 't' && !inRph) inT = true
      },
      text(t) {
        if (inT && cur !== null) {
          cur += t
          if (cur.length > limits.maxCellChars)
            throw excelError(
              `工作簿的共享字符串第 ${shared.length + 1} 条超过 ${limits.maxCellChars.toLocaleString('en-US')} 个字符（Excel 单元格的上限），疑似异常或恶意构造的文件，已拒绝导入`,
            )
        }
      },
      close(name) {
        if (name === 't') inT = false
        else if (name === 'rPh') inRph = false
        else if (name === 'si') {
          shared.push(cur ?? '')
          cur = null
        }
      },
    })
  }

  const sheets: GridSheet[] = []
  for (const meta of sheetsMeta) {
    const target = rels.get(meta.rid)
    if (!target) continue
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`
    const entry = get(path)
    if (!entry) continue
    sheets.push(
      await readSheet(buf, entry, meta, { shared, dateStyles, date1904, limits, budget, onProgress }),
    )
  }
  return { format: 'xlsx', sheets }
}

interface SheetCtx {
  shared: string[]
  dateStyles: Set<number>
  date1904: boolean
  limits: ReadLimits
  budget: { left: number }
  onProgress?: (rows: number) => void
}

async function readSheet(
  buf: Buffer,
  entry: ZipEntry,
  meta: { name: string; hidden: boolean },
  c: SheetCtx,
): Promise<GridSheet> {
  const scanner = new SheetScanner({
    name: meta.name,
    shared: c.shared,
    dateStyles: c.dateStyles,
    date1904: c.date1904,
    limits: c.limits,
    onProgress: c.onProgress,
  })
  try {
    // node's StringDecoder is stateful like TextDecoder (a character split between two chunks
    // comes out whole) and decodes about twice as fast; the scanner skips a byte order mark.
    const decoder = new StringDecoder('utf8')
    for await (const chunk of inflateEntry(buf, entry, c.budget)) scanner.write(decoder.write(chunk))
    scanner.write(decoder.end())
    const { rows, merges, hiddenRows, hiddenCols, formulaCells } = scanner.end()
    return { name: meta.name, rows, merges, hiddenRows, hiddenCols, formulaCells, hidden: meta.hidden }
  } catch (e) {
    return rethrowAsExcelError(e)
  }
}
