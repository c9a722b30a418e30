// Keyboard habits of Excel users in a form: Enter moves to the next field, Ctrl+S saves.
// Attach `onKeydown` with @keydown.capture so an open select still gets Enter to pick its option.
import { onBeforeUnmount, onMounted, ref } from 'vue'

const FIELD_SELECTOR = [
  'input.el-input__inner:not([disabled])',
  'input.el-select__input:not([disabled])',
  'textarea:not([disabled])',
].join(',')

function isOpenSelect(el: HTMLElement): boolean {
  return el.getAttribute('aria-expanded') === 'true'
}

export function focusNextField(container: HTMLElement, from: HTMLElement): boolean {
  const fields = [...container.querySelectorAll<HTMLElement>(FIELD_SELECTOR)].filter(
    (el) => el.offsetParent !== null || el === from,
  )
  const i = fields.indexOf(from)
  const next = i >= 0 ? fields[i + 1] : undefined
  if (!next) return false
  next.focus()
  return true
}

export function useFormKeyboard(opts: { onSave?: () => void } = {}) {
  /** The element holding the form's fields (bind with ref="container"). */
  const container = ref<HTMLElement | null>(null)

  function onKeydown(e: KeyboardEvent): void {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
      e.preventDefault()
      opts.onSave?.()
      return
    }
    if (e.key !== 'Enter' || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey) return
    // Chinese input methods use Enter to commit the typed letters: never steal it.
    if (e.isComposing || e.keyCode === 229) return
    const target = e.target
    if (!(target instanceof HTMLInputElement) || isOpenSelect(target)) return
    if (container.value && focusNextField(container.value, target)) {
      e.preventDefault()
      e.stopPropagation()
    }
  }

  /** Focuses the input of a field marked data-field="<name>" and scrolls it into view. */
  function focusField(name: string): void {
    const item = container.value?.querySelector<HTMLElement>(`[data-field="${name}"]`)
    item?.querySelector<HTMLElement>('input, textarea')?.focus()
    item?.scrollIntoView({ block: 'nearest' })
  }

  return { container, onKeydown, focusField }
}

/**
 * Browser mode: closing the tab or pressing F5 with unsaved input asks first. Not in the desktop
 * app, where a renderer beforeunload would silently block closing the window; the main process
 * owns that decision there.
 */
export function useUnloadGuard(isDirty: () => boolean, isDesktop: boolean): void {
  const onBeforeUnload = (e: BeforeUnloadEvent): void => {
    if (isDirty()) e.preventDefault()
  }
  onMounted(() => {
    if (!isDesktop) window.addEventListener('beforeunload', onBeforeUnload)
  })
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))
}
