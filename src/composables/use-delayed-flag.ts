import { onScopeDispose, ref, watch, type Ref } from 'vue'

/**
 * Follows `source`, but turns true only after it has stayed true for `ms`: progress for long work
 * appears only when the work takes a moment, so a quick one does not flash a dialog.
 */
export function useDelayedFlag(source: () => boolean, ms: number): Ref<boolean> {
  const flag = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(source, (on) => {
    clearTimeout(timer)
    if (on) timer = setTimeout(() => (flag.value = true), ms)
    else flag.value = false
  })
  onScopeDispose(() => clearTimeout(timer))
  return flag
}
