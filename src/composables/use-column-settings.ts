import { computed, ref, watch } from 'vue'

export interface ChoosableColumn {
  key: string
  label: string
  defaultVisible: boolean
}

interface Stored {
  visible: string[]
  widths: Record<string, number>
}

function readStored(key: string): Stored | null {
  try {
    const raw = localStorage.getItem(key)
    if (!raw) return null
    const v = JSON.parse(raw) as Partial<Stored>
    return {
      visible: Array.isArray(v.visible) ? v.visible.filter((s): s is string => typeof s === 'string') : [],
      widths: typeof v.widths === 'object' && v.widths !== null ? v.widths : {},
    }
  } catch {
    return null
  }
}

/** Which columns a clerk shows and how wide, remembered in localStorage on this PC. */
export function useColumnSettings<C extends ChoosableColumn>(storageKey: string, columns: readonly C[]) {
  const stored = readStored(storageKey)
  const known = new Set(columns.map((c) => c.key))
  const visibleKeys = ref<string[]>(
    stored
      ? stored.visible.filter((k) => known.has(k))
      : columns.filter((c) => c.defaultVisible).map((c) => c.key),
  )
  const widths = ref<Record<string, number>>(stored?.widths ?? {})

  const visibleColumns = computed(() => columns.filter((c) => visibleKeys.value.includes(c.key)))

  watch(
    [visibleKeys, widths],
    () => {
      try {
        localStorage.setItem(storageKey, JSON.stringify({ visible: visibleKeys.value, widths: widths.value }))
      } catch {
        // A full or disabled storage only means the choice is not remembered.
      }
    },
    { deep: true },
  )

  function setWidth(key: string, width: number): void {
    widths.value = { ...widths.value, [key]: Math.round(width) }
  }

  function reset(): void {
    visibleKeys.value = columns.filter((c) => c.defaultVisible).map((c) => c.key)
    widths.value = {}
  }

  return { visibleKeys, visibleColumns, widths, setWidth, reset }
}
