// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { setTransport, type Transport } from '../../api/client'
import type { Result } from '../../api/types'
import { makePreview } from './preview-fixture'
import { useImportWizard } from './use-import-wizard'

vi.mock('../../api/platform', () => ({
  openFile: vi.fn(() => Promise.resolve({ name: '企业台账.xlsx', bytes: new Uint8Array([80, 75, 3, 4]) })),
  saveFile: vi.fn(() => Promise.resolve('企业台账-错误行.xlsx')),
}))

type Reply = (input: Record<string, unknown>) => unknown

/** A stand-in core: data replies by handler name; job.get answers from `jobStates`. */
function fakeCore(replies: Record<string, Reply>) {
  const calls: { name: string; input: Record<string, unknown> }[] = []
  const transport: Transport = {
    async invoke(name, input): Promise<Result> {
      const i = (input ?? {}) as Record<string, unknown>
      calls.push({ name, input: i })
      const reply = replies[name]
      if (!reply) throw new Error(`unexpected call ${name}`)
      const out = reply(i)
      return (out && typeof out === 'object' && 'ok' in out ? out : { ok: true, data: out }) as Result
    },
  }
  setTransport(transport)
  return { calls, names: () => calls.map((c) => c.name) }
}

const job = (state: string, extra: Record<string, unknown> = {}) => ({
  id: 'j',
  kind: 'preview',
  state,
  phase: '正在读取文件',
  done: 0,
  total: 0,
  ...extra,
})

function startWizard() {
  const scope = effectScope()
  const w = scope.run(() => useImportWizard(() => 'enterprises'))
  if (!w) throw new Error('no wizard')
  return { w, scope }
}

const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 100; i++) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`timed out: ${what}`)
}

afterEach(() => setTransport(null))

describe('import wizard', () => {
  it('a file that is not a ledger is refused with the core’s message and nothing is written', async () => {
    const refusal = '“签到表.xlsx”看起来不是企业台账：没有找到“企业名称”等表头。'
    const core = fakeCore({
      'excel.startPreview': () => ({ jobId: 'j' }),
      'job.get': () => job('failed', { error: { code: 'EXCEL_FORMAT', message: refusal } }),
    })
    const { w, scope } = startWizard()
    await w.chooseFile()
    expect(w.step.value).toBe('file')
    expect(w.fileError.value).toBe(refusal)
    expect(w.busy.value).toBeNull()
    expect(core.names()).not.toContain('excel.commitImport')
    expect(core.names()).not.toContain('excel.updateImport')
    scope.stop()
  })

  it('取消 while reading cancels the job and returns to the start', async () => {
    const core = fakeCore({
      'excel.startPreview': () => ({ jobId: 'j' }),
      'job.get': () => job('running', { done: 1200 }),
      'job.cancel': () => ({ cancelled: true }),
    })
    const { w, scope } = startWizard()
    const reading = w.chooseFile()
    await until(() => w.progress.value.done === 1200, 'progress')
    expect(w.busy.value).toBe('reading')
    await w.cancelReading()
    await reading
    expect(core.calls.find((c) => c.name === 'job.cancel')?.input).toEqual({ jobId: 'j' })
    expect(w.step.value).toBe('file')
    expect(w.cancelledNotice.value).toBe(true)
    expect(w.file.value).toBeNull()
    const gets = core.names().filter((n) => n === 'job.get').length
    await new Promise((r) => setTimeout(r, 400))
    expect(core.names().filter((n) => n === 'job.get').length).toBe(gets)
    scope.stop()
  })

  it('maps, previews, fixes a cell inline and commits', async () => {
    const fixed = makePreview({
      summary: { inserted: 53, updated: 0, unchanged: 0, duplicates: 1, skipped: 1, errorRows: 1, total: 55 },
    })
    let commitJob = false
    const core = fakeCore({
      'excel.startPreview': (i) => {
        expect(i).toMatchObject({ ledger: 'enterprises', fileName: '企业台账.xlsx', base64: 'UEsDBA==' })
        return { jobId: 'j' }
      },
      'job.get': () =>
        commitJob
          ? job('done', {
              result: {
                batchId: 1,
                inserted: 53,
                updated: 0,
                skipped: 1,
                errors: [{ sheet: '企业台账', row: 19, column: 'C', field: 'creditCode', message: 'x' }],
                errorCount: 1,
                newVillages: ['大溪村'],
                newIndustries: [],
                backup: '/data/backups/before-import.sqlite',
              },
            })
          : job('done', { result: makePreview() }),
      'excel.updateImport': (i) => (i.fixes ? fixed : makePreview()),
      'excel.previewRows': () => ({ total: 0, rows: [] }),
      'excel.errorReport': () => ({ fileName: '企业台账-错误行.xlsx', base64: 'UEsDBA==' }),
      'excel.commitImport': () => {
        commitJob = true
        return { jobId: 'c' }
      },
    })
    const { w, scope } = startWizard()
    await w.chooseFile()
    expect(w.step.value).toBe('mapping')

    await w.setMapping(5, 'safetyOfficerPhone')
    expect(core.calls.find((c) => c.name === 'excel.updateImport')?.input.mapping).toEqual({
      '5': 'safetyOfficerPhone',
    })
    expect([...w.changedColumns.value]).toEqual([5])

    await w.goToPreview()
    expect(w.step.value).toBe('preview')
    expect(core.calls.find((c) => c.name === 'excel.previewRows')?.input).toMatchObject({
      page: 1,
      pageSize: 50,
      onlyErrors: false,
    })
    await w.setOnlyErrors(true)
    expect(core.calls.filter((c) => c.name === 'excel.previewRows').at(-1)?.input.onlyErrors).toBe(true)

    expect(await w.applyFix(12, 'creditCode', ' 913611713927426352 ')).toBe(true)
    expect(core.calls.filter((c) => c.name === 'excel.updateImport').at(-1)?.input.fixes).toEqual([
      { row: 12, field: 'creditCode', value: '913611713927426352' },
    ])
    expect(w.preview.value?.summary.errorRows).toBe(1)

    await w.commit()
    expect(core.calls.find((c) => c.name === 'excel.commitImport')?.input.policy).toBe('valid-only')
    expect(w.step.value).toBe('done')
    expect(w.outcome.value?.inserted).toBe(53)
    expect(w.errorFile.value?.fileName).toBe('企业台账-错误行.xlsx')
    scope.stop()
  })

  it('整个文件全部正确才导入 with errors left does not commit', async () => {
    const core = fakeCore({
      'excel.startPreview': () => ({ jobId: 'j' }),
      'job.get': () => job('done', { result: makePreview() }),
      'excel.previewRows': () => ({ total: 0, rows: [] }),
    })
    const { w, scope } = startWizard()
    await w.chooseFile()
    await w.goToPreview()
    w.policy.value = 'all-or-nothing'
    expect(w.canCommit.value).toBe(false)
    await w.commit()
    expect(core.names()).not.toContain('excel.commitImport')
    scope.stop()
  })
})
