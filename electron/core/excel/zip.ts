import zlib from 'node:zlib'
import { excelError } from './errors'

// A small reader of the zip central directory: it learns every entry's declared sizes before
// inflating anything, so zip bombs are refused up front, and inflation is counted while it runs.

export interface ZipEntry {
  name: string
  method: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
}

export interface ZipLimits {
  maxInflatedBytes: number
  maxRatio: number
}

const NOT_XLSX =
  '文件不是有效的 .xlsx 工作簿（可能已损坏，或只是把扩展名改成了 .xlsx）。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。'

export function readZipDirectory(buf: Buffer, limits: ZipLimits): Map<string, ZipEntry> {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw excelError(NOT_XLSX)
  const count = buf.readUInt16LE(eocd + 10)
  const cdOffset = buf.readUInt32LE(eocd + 16)
  if (count === 0xffff || cdOffset === 0xffffffff)
    throw excelError('工作簿过大（ZIP64 格式），请拆分后再导入')
  const entries = new Map<string, ZipEntry>()
  let p = cdOffset
  let declaredTotal = 0
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw excelError(NOT_XLSX)
    const method = buf.readUInt16LE(p + 10)
    const compressedSize = buf.readUInt32LE(p + 20)
    const uncompressedSize = buf.readUInt32LE(p + 24)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const localHeaderOffset = buf.readUInt32LE(p + 42)
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen)
    p += 46 + nameLen + extraLen + commentLen
    declaredTotal += uncompressedSize
    if (
      uncompressedSize > 1024 * 1024 &&
      compressedSize > 0 &&
      uncompressedSize / compressedSize > limits.maxRatio
    )
      throw excelError(
        `文件中的“${name}”压缩比异常（${Math.round(uncompressedSize / compressedSize)} 倍），疑似恶意构造的文件，已拒绝导入`,
      )
    entries.set(name, { name, method, compressedSize, uncompressedSize, localHeaderOffset })
  }
  if (declaredTotal > limits.maxInflatedBytes)
    throw excelError(
      `工作簿解压后超过 ${Math.round(limits.maxInflatedBytes / 1024 / 1024)} MB，请拆分为几个较小的文件再导入`,
    )
  return entries
}

function entryData(buf: Buffer, e: ZipEntry): Buffer {
  const p = e.localHeaderOffset
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw excelError(NOT_XLSX)
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28)
  return buf.subarray(start, start + e.compressedSize)
}

/**
 * Inflates an entry chunk by chunk, counting the bytes actually produced (declared sizes can lie).
 * The caller decodes the chunks with a streaming UTF-8 decoder.
 */
export async function* inflateEntry(
  buf: Buffer,
  e: ZipEntry,
  budget: { left: number },
): AsyncGenerator<Buffer> {
  const data = entryData(buf, e)
  if (e.method === 0) {
    budget.left -= data.length
    if (budget.left < 0) throw excelError('工作簿解压后过大，请拆分后再导入')
    yield data
    return
  }
  if (e.method !== 8)
    throw excelError(`工作簿使用了不支持的压缩方式（${e.method}），请用 Excel/WPS 另存为 .xlsx`)
  const inflater = zlib.createInflateRaw({ chunkSize: 256 * 1024 })
  inflater.end(data)
  // The central directory's size is what the ratio check above judged; an entry that inflates to
  // more than it declared is lying (a zip bomb hiding behind a small declared size).
  let produced = 0
  for await (const chunk of inflater as AsyncIterable<Buffer>) {
    budget.left -= chunk.length
    produced += chunk.length
    if (budget.left < 0 || produced > e.uncompressedSize) {
      inflater.destroy()
      throw excelError(
        `工作簿中的“${e.name}”解压后的数据量大于声明的大小，疑似恶意构造的文件（压缩炸弹），已拒绝导入`,
      )
    }
    yield chunk
  }
}

export async function inflateText(buf: Buffer, e: ZipEntry, budget: { left: number }): Promise<string> {
  const decoder = new TextDecoder('utf-8')
  let s = ''
  for await (const chunk of inflateEntry(buf, e, budget)) s += decoder.decode(chunk, { stream: true })
  return s + decoder.decode()
}
