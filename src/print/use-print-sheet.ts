// The life of an A4 sheet print view (值班表, 值班日报, 执法检查计划, 送达回执): load the data, name the
// window, wait for the fonts, then tell the printer the page is ready (or why it cannot be); the
// marks are cleared when the view closes.
import { nextTick, onBeforeUnmount, ref } from 'vue'
import { errorMessage } from '../api/client'
import { markPrintError, markPrintReady, setWindowTitle } from './print-dom'

export function usePrintSheet() {
  const error = ref('')

  /** Runs `load` (which returns the window title) and marks the page ready, or shows its error. */
  async function render(load: () => Promise<string>): Promise<void> {
    markPrintReady(false)
    error.value = ''
    try {
      setWindowTitle(await load())
      await nextTick()
      await document.fonts.ready
      markPrintReady(true)
    } catch (err) {
      error.value = errorMessage(err)
      markPrintError(error.value)
    }
  }

  onBeforeUnmount(() => {
    markPrintReady(false)
    markPrintError(null)
  })

  return { error, render }
}

/** 制表日期 as printed under a sheet: 2026年12月6日. */
export function madeOnText(d = new Date()): string {
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
}
