// State of the 企业台账 list: the route query is the single source of the filters.
import { ElMessage, ElMessageBox } from 'element-plus'
import { computed, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { call, errorMessage } from '../../api/client'
import type { EnterpriseRow } from '../../api/types'
import { hasFilters, parseListQuery, toListInput, toRouteQuery, type ListFilters } from './list-query'

export const LIST_ROUTE_NAME = 'enterprises'

export function useEnterpriseList() {
  const route = useRoute()
  const router = useRouter()

  const routeFilters = computed(() => parseListQuery(route.query))
  // Two quick clicks in a multi-select must not lose the first one while the route catches up:
  // the controls show (and build on) the filters most recently asked for.
  const pending = shallowRef<ListFilters | null>(null)
  const filters = computed(() => pending.value ?? routeFilters.value)
  const filtered = computed(() => hasFilters(filters.value))
  const rows = ref<EnterpriseRow[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref('')
  const selection = ref<EnterpriseRow[]>([])
  const loadedOnce = ref(false)

  let seq = 0
  async function fetch(): Promise<void> {
    const mine = ++seq
    const f = routeFilters.value
    loading.value = true
    try {
      const r = await call('enterprise.list', toListInput(f))
      if (mine !== seq) return
      // Records removed elsewhere can leave the clerk on a page past the end: go to the last page.
      const lastPage = Math.max(1, Math.ceil(r.total / f.pageSize))
      if (r.rows.length === 0 && f.page > lastPage) {
        await update({ page: lastPage })
        return
      }
      rows.value = r.rows
      total.value = r.total
      error.value = ''
      loadedOnce.value = true
    } catch (err) {
      if (mine !== seq) return
      error.value = errorMessage(err)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  watch(
    () => (route.name === LIST_ROUTE_NAME ? JSON.stringify(toRouteQuery(routeFilters.value)) : null),
    (key) => {
      if (key !== null) void fetch()
    },
    { immediate: true },
  )

  /** Changes filters; any change other than paging starts again at page 1. */
  async function update(patch: Partial<ListFilters>): Promise<void> {
    const keepsPage = 'page' in patch
    const next: ListFilters = { ...filters.value, ...patch, page: keepsPage ? (patch.page ?? 1) : 1 }
    pending.value = next
    try {
      await router.replace({ name: LIST_ROUTE_NAME, query: toRouteQuery(next) })
    } finally {
      if (pending.value === next) pending.value = null
    }
  }

  async function clearFilters(): Promise<void> {
    const f = filters.value
    await update({
      query: '',
      villageIds: [],
      industryIds: [],
      scales: [],
      statuses: [],
      riskLevels: [],
      flags: [],
      deleted: f.deleted,
    })
  }

  async function removeSelected(): Promise<void> {
    const chosen = selection.value
    if (chosen.length === 0) return
    const what = chosen.length === 1 ? `“${chosen[0]?.name ?? ''}”` : `选中的 ${chosen.length} 家企业`
    try {
      await ElMessageBox.confirm(`确定将${what}移入回收站吗？移入后可在回收站中恢复。`, '移入回收站', {
        confirmButtonText: '移入回收站',
        cancelButtonText: '取消',
        type: 'warning',
      })
    } catch {
      return
    }
    try {
      const r = await call('enterprise.remove', { ids: chosen.map((e) => e.id) })
      ElMessage.success(`已将 ${r.changed} 家企业移入回收站`)
      await fetch()
    } catch (err) {
      ElMessage.error(errorMessage(err))
    }
  }

  async function restore(list: readonly EnterpriseRow[]): Promise<void> {
    if (list.length === 0) return
    try {
      const r = await call('enterprise.restore', { ids: list.map((e) => e.id) })
      ElMessage.success(`已恢复 ${r.changed} 家企业`)
      await fetch()
    } catch (err) {
      ElMessage.error(errorMessage(err))
    }
  }

  return {
    filters,
    filtered,
    rows,
    total,
    loading,
    error,
    selection,
    loadedOnce,
    fetch,
    update,
    clearFilters,
    removeSelected,
    restore,
  }
}
