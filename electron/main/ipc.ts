import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  app,
  dialog,
  ipcMain,
  type BrowserWindow,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron'
import { z } from 'zod'
import { API_NAMES } from '../core/contract'
import type { Result } from '../core/dispatch'
import type { ErrorCode } from '../core/errors'
import { CHANNEL_LIST, CHANNELS, MAX_FILE_BYTES } from './channels'
import { registerPrint } from './print'
import { hasControlChar, originOf } from './protocol'

// The IPC transport: a thin adapter over core.dispatch plus the two native file dialogs.
// Every channel checks the sender first (security checklist item 17); nothing here throws.

const FORBIDDEN: Result = { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } }

function fail(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } }
}

/**
 * Pure sender rule: the request must come from a main frame whose origin is one of ours.
 * Subframes, file://, other schemes, look-alike hosts (app://local.evil) and missing frames fail.
 */
export function isTrustedSender(
  frameUrl: string | null | undefined,
  isMainFrame: boolean,
  allowedOrigins: readonly string[],
): boolean {
  if (!isMainFrame) return false
  const origin = originOf(frameUrl)
  return origin !== null && allowedOrigins.includes(origin)
}

/** Applies isTrustedSender to a live IPC event: the frame must be the main frame of our window. */
export function checkSender(
  event: IpcMainInvokeEvent,
  win: BrowserWindow | null,
  allowedOrigins: readonly string[],
): boolean {
  try {
    const frame = event.senderFrame
    if (!frame || !win || win.isDestroyed()) return false
    const contents = win.webContents
    if (event.sender !== contents) return false
    const main = contents.mainFrame
    const isMain =
      frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId
    return isTrustedSender(frame.url, isMain, allowedOrigins)
  } catch {
    // A disposed frame throws on access: treat it as untrusted.
    return false
  }
}

const fileFilter = z
  .object({
    name: z.string().min(1).max(100),
    extensions: z
      .array(z.string().regex(/^(\*|[A-Za-z0-9]{1,10})$/, '文件类型格式不正确'))
      .min(1)
      .max(20),
  })
  .strict()

const openFileInput = z
  .object({
    title: z.string().max(200).optional(),
    filters: z.array(fileFilter).max(10).optional(),
  })
  .strict()
  .optional()

function saveFileInput(maxBytes: number) {
  return z
    .object({
      suggestedName: z.string().min(1, '缺少文件名').max(200, '文件名过长'),
      bytes: z
        .instanceof(Uint8Array, { message: '文件内容格式不正确' })
        .refine(
          (b) => b.byteLength <= maxBytes,
          `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，无法保存`,
        ),
      title: z.string().max(200).optional(),
      filters: z.array(fileFilter).max(10).optional(),
    })
    .strict()
}

export type OpenFileInput = z.infer<typeof openFileInput>
export interface OpenedFile {
  name: string
  bytes: Uint8Array
}

function validationFailure(error: z.ZodError): Result<never> {
  const issues = error.issues.map((i) => ({ field: i.path.map(String).join('.') || '_', message: i.message }))
  return {
    ok: false,
    error: { code: 'VALIDATION', message: issues[0]?.message ?? '输入有误', details: { issues } },
  }
}

/** Removes path separators, reserved Windows characters and control characters from a suggested name. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/'))
  const cleaned = Array.from(base, (ch) => (hasControlChar(ch) || '<>:"/\\|?*'.includes(ch) ? '_' : ch))
    .join('')
    .replace(/^[.\s]+|[.\s]+$/g, '')
  return cleaned === '' ? '导出文件' : cleaned
}

function documentsDir(): string {
  try {
    return app.getPath('documents')
  } catch {
    return os.homedir()
  }
}

function writeFailure(err: unknown, target: string): Result<never> {
  const code = (err as NodeJS.ErrnoException | null)?.code
  if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
    return fail(
      'CONFLICT',
      `无法写入 ${target}：文件正被其他程序占用（例如已在 Excel 中打开）或没有写入权限。请关闭该文件或换一个位置后重试。`,
    )
  }
  if (code === 'ENOSPC') return fail('INTERNAL', `磁盘空间不足，未能保存 ${target}。`)
  return fail('INTERNAL', `保存文件失败：${target}。`)
}

/** Writes next to the target and renames, so a failed save never leaves a half-written file. */
async function writeAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${target}.${process.pid}.partial`
  try {
    await fs.promises.writeFile(tmp, bytes)
    await fs.promises.rename(tmp, target)
  } catch (err) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined)
    throw err
  }
}

export interface IpcDeps {
  dispatch: (name: string, input: unknown) => Promise<Result>
  /** The main window; requests from anything else are refused. */
  getWindow: () => BrowserWindow | null
  allowedOrigins: readonly string[]
  /** Size cap for both dialogs (tests lower it). */
  maxFileBytes?: number
}

/** Registers every channel; returns a function that removes them again. */
export function registerIpc(deps: IpcDeps): () => void {
  const maxBytes = deps.maxFileBytes ?? MAX_FILE_BYTES
  const saveSchema = saveFileInput(maxBytes)
  const apiNames = new Set<string>(API_NAMES)

  const handle = (channel: string, run: (...args: unknown[]) => Promise<Result>): void => {
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!checkSender(event, deps.getWindow(), deps.allowedOrigins)) {
        console.warn(`[security] refused ${channel} from ${safeUrl(event)}`)
        return FORBIDDEN
      }
      try {
        return await run(...args)
      } catch (err) {
        console.error(`[ipc] ${channel} failed`, err)
        return fail('INTERNAL', '程序内部错误，操作未完成。详细信息已写入日志文件。')
      }
    })
  }

  handle(CHANNELS.invoke, async (name, input) => {
    if (typeof name !== 'string' || !apiNames.has(name)) {
      return fail('UNKNOWN_HANDLER', '程序调用了不存在的功能，请升级或重新安装本程序')
    }
    return deps.dispatch(name, input)
  })

  handle(CHANNELS.openFile, async (raw) => {
    const parsed = openFileInput.safeParse(raw)
    if (!parsed.success) return validationFailure(parsed.error)
    const opts = parsed.data ?? {}
    const win = deps.getWindow()
    const dialogOptions: OpenDialogOptions = {
      title: opts.title ?? '选择文件',
      properties: ['openFile'],
      filters: opts.filters,
    }
    const picked = win
      ? await dialog.showOpenDialog(win, dialogOptions)
      : await dialog.showOpenDialog(dialogOptions)
    const file = picked.filePaths[0]
    if (picked.canceled || !file) return { ok: true, data: null }
    const stat = await fs.promises.stat(file).catch(() => null)
    if (!stat || !stat.isFile()) return fail('NOT_FOUND', `找不到文件：${file}`)
    if (stat.size > maxBytes) {
      return fail(
        'VALIDATION',
        `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，无法打开：${path.basename(file)}`,
      )
    }
    let buf: Buffer
    try {
      buf = await fs.promises.readFile(file)
    } catch {
      return fail('CONFLICT', `无法读取 ${file}：文件可能正被其他程序占用或没有读取权限。`)
    }
    const data: OpenedFile = {
      name: path.basename(file),
      bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
    }
    return { ok: true, data }
  })

  handle(CHANNELS.saveFile, async (raw) => {
    const parsed = saveSchema.safeParse(raw)
    if (!parsed.success) return validationFailure(parsed.error)
    const { suggestedName, bytes, title, filters } = parsed.data
    const win = deps.getWindow()
    const dialogOptions: SaveDialogOptions = {
      title: title ?? '保存文件',
      defaultPath: path.join(documentsDir(), safeFileName(suggestedName)),
      filters,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    }
    const picked = win
      ? await dialog.showSaveDialog(win, dialogOptions)
      : await dialog.showSaveDialog(dialogOptions)
    if (picked.canceled || !picked.filePath) return { ok: true, data: null }
    const target = picked.filePath
    try {
      await writeAtomically(target, bytes)
    } catch (err) {
      console.error('[ipc] save failed', err)
      return writeFailure(err, target)
    }
    return { ok: true, data: target }
  })

  registerPrint(handle, () => {
    const win = deps.getWindow()
    return win && !win.isDestroyed() ? win.webContents : null
  })

  return () => {
    for (const ch of CHANNEL_LIST) ipcMain.removeHandler(ch)
  }
}

function safeUrl(event: IpcMainInvokeEvent): string {
  try {
    return String(event.senderFrame?.url ?? '(no frame)').slice(0, 200)
  } catch {
    return '(disposed frame)'
  }
}
