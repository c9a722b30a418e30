import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCore, type Core } from '../core'
import { listBackups, readManifest, type BackupEntry } from '../core/db/backups'
import { SCHEMA_VERSION } from '../core/db/migrations'
import { checkCandidate, removeWithCompanions, stage } from '../core/db/restore'
import { backupDir, createBackup, exportCopyTo, findBackup, restoreDatabase } from '../core/system/backups'
import { defaultDataDir } from '../core/paths'
import { cliOperator } from './operator'

// backup, backups and restore from a terminal. Registered in commands.ts; the same core functions
// as the 备份与恢复 page.

interface Io {
  out: (line: string) => void
  err: (line: string) => void
}

interface Args {
  positionals: string[]
  flags: Record<string, string | true>
}

export const BACKUP_HELP = `  backup [--to 文件夹] [--json]              立即备份到数据目录的 backups（经过校验，记录 sha256）；
                                            --to 导出单个文件的数据副本到指定文件夹（如U盘）
  backups [--json]                          列出备份（时间、种类、大小、是否已校验）
  restore <文件或备份名> [--json]            从备份恢复：先校验，再把现有数据另存为“恢复前”备份，然后替换
`

function str(a: Args, name: string): string | undefined {
  const v = a.flags[name]
  return typeof v === 'string' ? v : undefined
}

function size(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`
}

const STATUS: Record<BackupEntry['status'], string> = {
  verified: '已校验',
  unknown: '未登记',
  mismatch: '文件已变动',
}

async function withCore<T>(a: Args, fn: (core: Core) => Promise<T>, quarantineDamaged = false): Promise<T> {
  const core = await createCore({
    dataDir: str(a, 'data-dir') ?? defaultDataDir(),
    quarantineDamaged,
    operator: cliOperator(a),
  })
  try {
    return await fn(core)
  } finally {
    core.close()
  }
}

/** Runs `backup`, `backups` or `restore`; returns the exit code (failures the clerk can act on are thrown as AppErrors). */
export async function runBackupCommand(cmd: string, a: Args, rest: string[], io: Io): Promise<number> {
  const json = a.flags.json === true
  if (cmd === 'backups') {
    const dir = path.join(path.resolve(str(a, 'data-dir') ?? defaultDataDir()), 'backups')
    const list = listBackups(dir)
    if (json) io.out(JSON.stringify(list, null, 2))
    else {
      for (const b of list) io.out([b.at, b.kindLabel, size(b.size), STATUS[b.status], b.name].join('\t'))
      io.out(list.length ? `共 ${list.length} 份备份，位于 ${dir}` : `还没有备份（${dir}）`)
    }
    return 0
  }
  if (cmd === 'backup') {
    const to = a.flags.to
    if (to === true) {
      io.err('请在 --to 后写上文件夹，如：safety-ledger backup --to E:\\')
      return 2
    }
    return withCore(a, async (core) => {
      if (to) {
        const r = await exportCopyTo(core.ctx, path.resolve(to))
        if (json) io.out(JSON.stringify(r, null, 2))
        else {
          io.out(`已导出数据副本（已读回校验）：${r.file}（${size(r.size)}）\nsha256：${r.sha256}`)
          if (r.files.count)
            io.out(
              `照片、存档PDF和附件（${r.files.count} 个文件，${size(r.files.bytes)}）不在副本内，保存在 ${r.files.dir}；换电脑时请把这个 attachments 文件夹一并复制到新电脑的数据文件夹中。`,
            )
        }
      } else {
        const e = await createBackup(core.ctx, 'manual')
        if (json) io.out(JSON.stringify(e, null, 2))
        else io.out(`备份完成（已校验）：${e.file}（${size(e.size)}）\nsha256：${e.sha256 ?? ''}`)
      }
      return 0
    })
  }
  // restore
  const target = rest[0]
  if (!target) {
    io.err(
      '请指定要恢复的文件或备份名，如：safety-ledger restore manual-20261128-093000.sqlite（用 backups 查看备份名）',
    )
    return 2
  }
  const dataDir = path.resolve(str(a, 'data-dir') ?? defaultDataDir())
  const listed =
    !fs.existsSync(target) && listBackups(path.join(dataDir, 'backups')).some((b) => b.name === target)
  if (!listed && !fs.existsSync(target)) {
    io.err(`找不到文件“${target}”，也没有叫这个名字的备份。请检查路径，或用 backups 查看备份名。`)
    return 1
  }
  // The chosen file is checked before anything else, so a bad choice changes nothing even when the
  // current database is damaged (which is then moved to quarantine/ for the restore).
  if (!listed) {
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-restore-'))
    try {
      const staged = stage(path.join(tmpDir, 'candidate.sqlite'), { file: target })
      try {
        checkCandidate(staged, SCHEMA_VERSION, path.basename(target))
      } finally {
        removeWithCompanions(staged)
      }
    } finally {
      fs.rmSync(tmpDir, { recursive: true, force: true })
    }
  }
  return withCore(
    a,
    async (core) => {
      const source = listed
        ? (() => {
            const e = findBackup(core.ctx, target)
            return {
              file: e.file,
              label: `${e.kindLabel} ${e.at}`,
              sha256: readManifest(e.file)?.sha256 ?? null,
            }
          })()
        : { file: path.resolve(target), label: path.basename(target) }
      const r = await restoreDatabase(core.ctx, source)
      if (json) io.out(JSON.stringify(r, null, 2))
      else {
        io.out(`已从“${r.restoredFrom}”恢复（${r.enterprises} 家企业）。`)
        if (r.before) io.out(`恢复前的数据已另存为备份：${r.before}`)
        if (r.quarantined) io.out(`原数据文件已损坏，已原样移到：${r.quarantined}`)
        io.out(`备份目录：${backupDir(core.ctx) ?? ''}`)
      }
      return 0
    },
    true,
  )
}
