import { onBeforeUnmount } from 'vue'

/** A debounced function that is cancelled when the component unmounts. */
export function useDebounced<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | null = null
  const cancel = (): void => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
  onBeforeUnmount(cancel)
  const run = (...args: A): void => {
    cancel()
    timer = setTimeout(() => {
      timer = null
      fn(...args)
    }, ms)
  }
  return Object.assign(run, { cancel })
}
