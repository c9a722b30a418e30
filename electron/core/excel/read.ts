import path from 'node:path'
import { excelError } from './errors'
import { DEFAULT_LIMITS, enforceSheetLimits, type GridBook, type ReadLimits } from './grid'
import { readCsv, readXls } from './read-other'
import { readXlsx } from './read-xlsx'

/**
 * Reads any supported file into the grid model, by content (not by the file name's extension), and
 * enforces the structural limits on the result (in the worker, where this runs for untrusted files).
 */
export async function readBook(
  bytes: Buffer,
  fileName: string,
  limits: ReadLimits = DEFAULT_LIMITS,
  onProgress?: (rows: number) => void,
): Promise<GridBook> {
  let book: GridBook
  try {
    book = await readAny(bytes, fileName, limits, onProgress)
  } catch (err) {
    // V8's string and array ceilings: a file built to blow up one string or array
    if (err instanceof RangeError)
      throw excelError(
        `文件“${fileName}”中的数据量超出程序能处理的上限（${err.message}），疑似异常或恶意构造的文件，已拒绝导入。请在 Excel/WPS 中打开后另存为 .xlsx，或拆分后再导入。`,
      )
    throw err
  }
  for (const sheet of book.sheets) enforceSheetLimits(sheet, limits)
  return book
}

async function readAny(
  bytes: Buffer,
  fileName: string,
  limits: ReadLimits = DEFAULT_LIMITS,
  onProgress?: (rows: number) => void,
): Promise<GridBook> {
  if (bytes.length === 0) throw excelError(`文件“${fileName}”是空的`)
  if (bytes.length > limits.maxFileBytes)
    throw excelError(
      `文件“${fileName}”超过 ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB，请拆分为几个较小的文件再导入`,
    )
  const ext = path.extname(fileName).toLowerCase()
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readXlsx(bytes, limits, onProgress)
  if (bytes.readUInt32BE(0) === 0xd0cf11e0) return readXls(bytes, limits)
  const head = bytes.subarray(0, 512).toString('latin1').trimStart().toLowerCase()
  if (
    head.startsWith('<!doctype') ||
    head.startsWith('<html') ||
    head.startsWith('<?xml') ||
    head.startsWith('<table')
  )
    throw excelError(
      `文件“${fileName}”实际是网页/XML 格式，不是真正的 Excel 文件。请在 Excel/WPS 中打开后“另存为” .xlsx 再导入。`,
    )
  if (ext === '.csv' || ext === '.txt' || ext === '') return readCsv(bytes, limits)
  throw excelError(`无法识别文件“${fileName}”的格式。支持 .xlsx、.xls、.csv 文件。`)
}
