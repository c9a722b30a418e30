// Opening and saving files: native dialogs in the desktop app, <input type=file> and a download
// in the browser. Callers get the same shapes either way.
import type { Result } from './types'
import { ApiError, getBridge } from './client'

/** The desktop dialogs answer with the same envelope as the core; failures become ApiError. */
async function unwrap<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p
  if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.details)
  return r.data
}

export interface FileFilter {
  name: string
  extensions: string[]
}

export interface OpenedFile {
  name: string
  bytes: Uint8Array
}

function acceptOf(filters: readonly FileFilter[] | undefined): string {
  return (filters ?? [])
    .flatMap((f) => f.extensions)
    .filter((e) => e !== '*')
    .map((e) => `.${e.replace(/^\./, '')}`)
    .join(',')
}

/** Lets the clerk pick one file; null when cancelled. */
export function openFile(opts: { filters?: FileFilter[] } = {}): Promise<OpenedFile | null> {
  const bridge = getBridge()
  if (bridge) return unwrap(bridge.openFile(opts))
  return new Promise((resolve, reject) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = acceptOf(opts.filters)
    input.style.display = 'none'
    let settled = false
    const finish = (v: OpenedFile | null): void => {
      if (settled) return
      settled = true
      input.remove()
      resolve(v)
    }
    input.addEventListener('change', () => {
      const file = input.files?.[0]
      if (!file) return finish(null)
      file.arrayBuffer().then(
        (buf) => finish({ name: file.name, bytes: new Uint8Array(buf) }),
        () => {
          settled = true
          input.remove()
          reject(new Error(`无法读取文件“${file.name}”，请确认文件没有被其他程序占用`))
        },
      )
    })
    input.addEventListener('cancel', () => finish(null))
    document.body.appendChild(input)
    input.click()
  })
}

/**
 * Saves bytes under a suggested name. Desktop: the system save dialog, resolving to the chosen
 * path or null. Browser: a download into the browser's download folder, resolving to the name.
 */
export async function saveFile(opts: {
  suggestedName: string
  bytes: Uint8Array
  mimeType?: string
}): Promise<string | null> {
  const bridge = getBridge()
  if (bridge) return unwrap(bridge.saveFile({ suggestedName: opts.suggestedName, bytes: opts.bytes }))
  const copy = new Uint8Array(opts.bytes)
  const blob = new Blob([copy.buffer], { type: opts.mimeType ?? 'application/octet-stream' })
  const url = URL.createObjectURL(blob)
  try {
    const a = document.createElement('a')
    a.href = url
    a.download = opts.suggestedName
    a.style.display = 'none'
    document.body.appendChild(a)
    a.click()
    a.remove()
  } finally {
    // Revoke after the click has been handled; revoking at once can cancel the download.
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
  return opts.suggestedName
}
