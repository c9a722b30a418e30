import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { enterpriseRepo } from '../enterprises/ledger'
import { TO_COMPLETE } from '../kit/excel'
import type { ListQuery } from '../kit/repo'
import { chinaYear, handler, type Ctx, writeTx } from '../context'
import { SCHEMA_VERSION } from '../db/migrations'
import { backupDir, createBackup } from './backups'

export const SETTING_KEYS = {
  townshipName: '乡镇名称',
  officeName: '安监机构名称',
} as const
type SettingKey = keyof typeof SETTING_KEYS

export function getSettings(ctx: Ctx): Record<SettingKey, string> {
  const rows = ctx.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]
  const map = new Map(rows.map((r) => [r.key, r.value]))
  return { townshipName: map.get('townshipName') ?? '', officeName: map.get('officeName') ?? '' }
}

function lastBackup(ctx: Ctx): { file: string; at: string; size: number } | null {
  const dir = backupDir(ctx)
  if (!dir || !fs.existsSync(dir)) return null
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sqlite'))
    .map((f) => ({ file: path.join(dir, f), stat: fs.statSync(path.join(dir, f)) }))
    .sort((a, b) => b.stat.mtimeMs - a.stat.mtimeMs)
  const top = files[0]
  return top ? { file: top.file, at: top.stat.mtime.toISOString(), size: top.stat.size } : null
}

export function checkIntegrity(ctx: Ctx): { ok: boolean; problems: string[] } {
  const integrity = (ctx.db.pragma('integrity_check') as { integrity_check: string }[]).map(
    (r) => r.integrity_check,
  )
  const fk = ctx.db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
  const problems = [
    ...integrity.filter((r) => r !== 'ok'),
    ...fk.map((r) => `表 ${r.table} 第 ${r.rowid} 行引用的 ${r.parent} 记录不存在`),
  ]
  return { ok: problems.length === 0, problems }
}

export const systemHandlers = {
  'system.info': handler(z.object({}).optional(), (ctx) => ({
    appVersion: ctx.appVersion,
    schemaVersion: SCHEMA_VERSION,
    dataDir: ctx.dataDir,
    dbFile: ctx.dbFile,
    logFile: ctx.log.file,
    lastBackup: lastBackup(ctx),
    sqliteVersion: (ctx.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
  })),
  'system.check': handler(z.object({}).optional(), (ctx) => checkIntegrity(ctx)),
  'system.backup': handler(z.object({}).optional(), async (ctx) => {
    const e = await createBackup(ctx, 'manual')
    return { file: e.file, size: e.size }
  }),
  'settings.get': handler(z.object({}).optional(), (ctx) => getSettings(ctx)),
  'settings.update': handler(
    z.object({
      townshipName: z.string().trim().max(40, '乡镇名称不能超过40个字').optional(),
      officeName: z.string().trim().max(60, '机构名称不能超过60个字').optional(),
    }),
    (ctx, input) => {
      const stmt = ctx.db.prepare(
        'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      writeTx(ctx, () => {
        for (const [k, v] of Object.entries(input)) if (v !== undefined) stmt.run(k, v)
      })
      return getSettings(ctx)
    },
  ),
  'dashboard.summary': handler(z.object({}).optional(), (ctx) => {
    // Each count is the size of one list query, and the card links to that same query: the
    // number on 工作台 and the list it opens cannot disagree.
    const year = chinaYear(ctx)
    const toCompleteVillage =
      (ctx.db.prepare('SELECT id FROM villages WHERE name = ?').pluck().get(TO_COMPLETE) as
        number | undefined) ?? 0
    const queries = {
      enterprises: {},
      operating: { filters: { status: { in: ['operating'] } } },
      majorRisk: { filters: { riskLevel: { in: ['major'] } } },
      hazchem: { filters: { flags: { in: ['hazchem'] } } },
      fireworks: { filters: { flags: { in: ['fireworks'] } } },
      letterThisYear: { filters: { responsibilityLetterYear: { in: [year] } } },
      noLetterThisYear: { filters: { responsibilityLetterYear: { notIn: [year] } } },
      recycleBin: { deleted: true },
      // 待补充: records imported without a village (the 待补充 entry), and villages guessed from
      // the address that no clerk has confirmed yet.
      toComplete: { filters: { villageId: { in: [toCompleteVillage] } } },
      villageGuessed: { filters: { villageGuessed: { in: [true] } } },
    } satisfies Record<string, Omit<ListQuery, 'page' | 'pageSize'>>
    const counts = Object.fromEntries(
      Object.entries(queries).map(([k, q]) => [k, enterpriseRepo.count(ctx, q)]),
    ) as Record<keyof typeof queries, number>
    return {
      ...counts,
      villages: (ctx.db.prepare('SELECT count(*) AS n FROM villages').get() as { n: number }).n,
      year,
      queries: queries as Record<keyof typeof queries, Omit<ListQuery, 'page' | 'pageSize'>>,
    }
  }),
}
