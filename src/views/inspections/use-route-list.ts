// A list page whose filters live in the route query (the 企业台账 pattern, generic over the filters).
import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'
import { errorMessage } from '../../api/client'

export interface RouteListSpec<F extends { page: number; pageSize: number }, R> {
  routeName: string
  parse: (q: LocationQuery) => F
  toQuery: (f: F) => LocationQueryRaw
  load: (f: F) => Promise<{ rows: R[]; total: number }>
}

export function useRouteList<F extends { page: number; pageSize: number }, R>(spec: RouteListSpec<F, R>) {
  const route = useRoute()
  const router = useRouter()
  const routeFilters = computed(() => spec.parse(route.query))
  const pending = shallowRef<F | null>(null)
  const filters = computed(() => pending.value ?? routeFilters.value)
  const rows = ref([]) as Ref<R[]>
  const total = ref(0)
  const loading = ref(false)
  const error = ref('')

  let seq = 0
  async function fetch(): Promise<void> {
    const mine = ++seq
    const f = routeFilters.value
    loading.value = true
    try {
      const r = await spec.load(f)
      if (mine !== seq) return
      const lastPage = Math.max(1, Math.ceil(r.total / f.pageSize))
      if (r.rows.length === 0 && f.page > lastPage) {
        await update({ page: lastPage } as Partial<F>)
        return
      }
      rows.value = r.rows
      total.value = r.total
      error.value = ''
    } catch (err) {
      if (mine === seq) error.value = errorMessage(err)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  watch(
    () => (route.name === spec.routeName ? JSON.stringify(spec.toQuery(routeFilters.value)) : null),
    (key) => {
      if (key !== null) void fetch()
    },
    { immediate: true },
  )

  async function update(patch: Partial<F>): Promise<void> {
    const keepsPage = 'page' in patch
    const next = { ...filters.value, ...patch, page: keepsPage ? (patch.page ?? 1) : 1 } as F
    pending.value = next
    try {
      await router.replace({ name: spec.routeName, query: spec.toQuery(next) })
    } finally {
      if (pending.value === next) pending.value = null
    }
  }

  return { filters, rows, total, loading, error, fetch, update }
}
