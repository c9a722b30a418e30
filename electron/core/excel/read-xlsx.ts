import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { excelError } from './errors'
import { parseRef, type CellValue, type GridBook, type GridSheet, type MergeRange, type ReadLimits } from './grid'
import { inflateEntry, inflateText, readZipDirectory, type ZipEntry } from './zip'

// A streaming .xlsx reader on saxes. exceljs 4.4.0's streaming reader decodes each zip chunk on its
// own, so a Chinese character split across two chunks turns into U+FFFD (upstream #2063/#2084/
// #2316), and it ignores merged ranges and hidden rows/columns. Here one stateful TextDecoder per
// entry keeps every character intact, and merges and hidden flags are read.

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
    failure ??= excelError('文件中含有 DOCTYPE 声明，这不是 Excel 正常保存的文件，为安全起见已拒绝导入')
  })
  if (on.open) {
    const open = on.open
    // Some generators (OpenXML SDK) write prefixed elements such as <x:row>: use local names.
    // (saxes matches close tags against its own tag objects, so they are copied, never renamed)
    parser.on('opentag', (t) =>
      open((t.name.includes(':') ? { ...t, name: t.name.slice(t.name.indexOf(':') + 1) } : t) as SaxesTagPlain),
    )
  }
  if (on.text) parser.on('text', on.text)
  if (on.close) parser.on('closetag', (t) => on.close?.(t.name.includes(':') ? t.name.slice(t.name.indexOf(':') + 1) : t.name))
  return (async () => {
    const decoder = new TextDecoder('utf-8')
    for await (const chunk of source) {
      parser.write(decoder.decode(chunk, { stream: true }))
      if (failure) throw failure
    }
    parser.write(decoder.decode())
    parser.close()
    if (failure) throw failure
  })().catch((e: unknown) => {
    if (e instanceof Error && e.name === 'AppError') throw e
    throw excelError('工作簿内部的 XML 已损坏，无法读取。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。', {
      cause: e instanceof Error ? e.message.slice(0, 200) : String(e),
    })
  })
}

async function* once(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text, 'utf8')
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58])

export function isDateFormat(code: string): boolean {
  const cleaned = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
  if (/^general$/i.test(cleaned.trim())) return false
  return /[ymdhs年月日]/i.test(cleaned) && !/[0#?]/.test(cleaned.replace(/[ymdhs]/gi, ''))
}

/** Excel serial day → a floating date (UTC fields hold the calendar values). */
export function serialToDate(serial: number, date1904 = false): Date {
  const days = date1904 ? serial + 1462 : serial
  const ms = Math.round((days - 25569) * 86400 * 1000)
  return new Date(ms)
}

export async function readXlsx(buf: Buffer, limits: ReadLimits, onProgress?: (rows: number) => void): Promise<GridBook> {
  const dir = readZipDirectory(buf, limits)
  const budget = { left: limits.maxInflatedBytes }
  const get = (name: string): ZipEntry | undefined => dir.get(name) ?? dir.get(name.replace(/^\//, ''))
  const wbEntry = get('xl/workbook.xml')
  if (!wbEntry) throw excelError('文件不是 Excel 工作簿（缺少 workbook.xml）。如果是 WPS 的 .et 文件，请另存为 .xlsx 再导入。')

  // workbook.xml: sheet names, states and the 1904 date system flag
  const sheetsMeta: { name: string; rid: string; hidden: boolean }[] = []
  let date1904 = false
  await parseXml(once(await inflateText(buf, wbEntry, budget)), {
    open(tag) {
      const a = tag.attributes as Attrs
      if (tag.name === 'sheet')
        sheetsMeta.push({ name: a.name ?? '', rid: a['r:id'] ?? '', hidden: a.state === 'hidden' || a.state === 'veryHidden' })
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
        if (inT && cur !== null) cur += t
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
    sheets.push(await readSheet(buf, entry, meta, { shared, dateStyles, date1904, limits, budget, onProgress }))
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
  const rows: CellValue[][] = []
  const merges: MergeRange[] = []
  const hiddenRows = new Set<number>()
  const hiddenCols = new Set<number>()
  let row: CellValue[] | null = null
  let rowNum = 0
  let col = 0
  let type = ''
  let style = 0
  let text: string | null = null
  let inIs = false
  let isText = ''
  let value: CellValue = null
  let hasValue = false
  const { limits } = c

  await parseXml(inflateEntry(buf, entry, c.budget), {
    open(tag) {
      const a = tag.attributes as Attrs
      switch (tag.name) {
        case 'row': {
          rowNum = a.r ? Number(a.r) : rowNum + 1
          if (rowNum > limits.maxRows)
            throw excelError(`工作表“${meta.name}”超过 ${limits.maxRows} 行，请拆分为几个文件再导入`)
          if (a.hidden === '1' || a.hidden === 'true') hiddenRows.add(rowNum)
          row = []
          rows[rowNum - 1] = row
          if (rowNum % 5000 === 0) c.onProgress?.(rowNum)
          col = 0
          break
        }
        case 'c': {
          const ref = a.r ? parseRef(a.r) : null
          col = ref ? ref.col : col + 1
          type = a.t ?? 'n'
          style = a.s ? Number(a.s) : 0
          value = null
          hasValue = false
          break
        }
        case 'v':
          text = ''
          break
        case 'is':
          inIs = true
          isText = ''
          break
        case 't':
          if (inIs) text = ''
          break
        case 'col': {
          if (a.hidden === '1' || a.hidden === 'true') {
            const max = Math.min(Number(a.max ?? a.min), limits.maxCols)
            for (let i = Number(a.min); i <= max; i++) hiddenCols.add(i)
          }
          break
        }
        case 'mergeCell': {
          if (merges.length >= limits.maxMerges)
            throw excelError(`工作表“${meta.name}”的合并单元格超过 ${limits.maxMerges} 处，请取消合并后再导入`)
          const [from, to] = (a.ref ?? '').split(':')
          const f = from ? parseRef(from) : null
          const t = to ? parseRef(to) : f
          if (f && t) merges.push({ top: f.row, left: f.col, bottom: t.row, right: t.col })
          break
        }
      }
    },
    text(t) {
      if (text !== null) text += t
    },
    close(name) {
      switch (name) {
        case 'v': {
          const raw = text ?? ''
          text = null
          hasValue = true
          if (type === 's') value = c.shared[Number(raw)] ?? ''
          else if (type === 'str' || type === 'inlineStr') value = raw
          else if (type === 'b') value = raw === '1' || raw === 'true'
          else if (type === 'e') value = null
          else if (type === 'd') value = new Date(raw)
          else {
            const n = Number(raw)
            value = raw === '' || Number.isNaN(n) ? raw : c.dateStyles.has(style) ? serialToDate(n, c.date1904) : n
          }
          break
        }
        case 't':
          if (inIs && text !== null) {
            isText += text
            text = null
          }
          break
        case 'is':
          inIs = false
          value = isText
          hasValue = true
          break
        case 'c':
          if (hasValue && row && value !== null && value !== '') {
            if (col > limits.maxCols)
              throw excelError(`工作表“${meta.name}”第 ${rowNum} 行有数据超出第 ${limits.maxCols} 列，请删除多余的列后再导入`)
            row[col - 1] = value
          }
          break
        case 'row':
          row = null
          break
      }
    },
  })
  // Fill holes so every row is a dense array (sparse arrays confuse later stages).
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]
    if (!r) rows[i] = []
    else for (let j = 0; j < r.length; j++) if (r[j] === undefined) r[j] = null
  }
  return { name: meta.name, rows, merges, hiddenRows, hiddenCols, hidden: meta.hidden }
}
