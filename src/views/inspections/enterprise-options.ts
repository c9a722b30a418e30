// The roster's names for pickers, loaded once per session (a township has hundreds, not tens of
// thousands, of enterprises) and matched locally by name or 拼音首字母.
import { ref } from 'vue'
import { call } from '../../api/client'

export interface EnterpriseOption {
  id: number
  name: string
  villageName: string
  place: string | null
}

const options = ref<EnterpriseOption[]>([])
let loading: Promise<void> | null = null

export function useEnterpriseOptions() {
  async function load(force = false): Promise<void> {
    if (loading && !force) return loading
    loading = (async () => {
      const all: EnterpriseOption[] = []
      for (let page = 1; page <= 20; page++) {
        const r = await call('enterprise.list', {
          page,
          pageSize: 500,
          sort: { field: 'name', order: 'asc' },
        })
        all.push(
          ...r.rows.map((e) => ({
            id: e.id,
            name: e.name,
            villageName: e.villageName,
            place: e.address ?? null,
          })),
        )
        if (all.length >= r.total || r.rows.length === 0) break
      }
      options.value = all
    })()
    try {
      await loading
    } catch (err) {
      loading = null
      throw err
    }
  }
  return { options, load }
}
