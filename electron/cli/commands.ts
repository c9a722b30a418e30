import path from 'node:path'
import { createCore, type Core } from '../core'
import { defaultDataDir } from '../core/paths'
import { startBrowserServer } from '../server'

// The same core from a terminal. Every command accepts --data-dir.

export interface Io {
  out: (line: string) => void
  err: (line: string) => void
}

export interface ParsedArgs {
  positionals: string[]
  flags: Record<string, string | true>
}

export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = []
  const flags: Record<string, string | true> = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1)
      else if (i + 1 < argv.length && !(argv[i + 1] as string).startsWith('--') && !BOOLEAN_FLAGS.has(a.slice(2)))
        flags[a.slice(2)] = argv[++i] as string
      else flags[a.slice(2)] = true
    } else positionals.push(a)
  }
  return { positionals, flags }
}

const BOOLEAN_FLAGS = new Set(['json', 'deleted', 'help'])

export const LEDGERS = {
  enterprises: '企业台账',
  chemicals: '危化品台账',
  fireworks: '烟花爆竹经营户台账',
  duty: '值班表',
  hazards: '隐患整改台账',
} as const
const BUILT_LEDGERS = new Set(['enterprises'])

export const HELP = `乡镇安全生产台账 命令行工具

用法: safety-ledger <命令> [选项]

命令:
  serve [--port 端口] [--host 127.0.0.1]   启动浏览器模式（仅本机访问，地址含访问令牌）
  demo                                      向空数据库载入示例数据（虚构的青禾镇）
  list enterprises [--json] [--query 关键字] [--deleted]
                                            列出企业（--deleted 列出回收站）
  check                                     检查数据库完整性
  help                                      显示本帮助

通用选项:
  --data-dir 目录                           数据目录（默认与桌面程序相同: ${defaultDataDir()}）
`

function flagString(a: ParsedArgs, name: string): string | undefined {
  const v = a.flags[name]
  return typeof v === 'string' ? v : undefined
}

async function withCore<T>(a: ParsedArgs, fn: (core: Core) => Promise<T>): Promise<T> {
  const dataDir = flagString(a, 'data-dir') ?? defaultDataDir()
  const core = await createCore({ dataDir })
  try {
    return await fn(core)
  } finally {
    core.close()
  }
}

async function call<T>(core: Core, name: string, input: unknown): Promise<T> {
  const r = await core.dispatch(name, input)
  if (!r.ok) throw new CliError(r.error.message)
  return r.data as T
}

export class CliError extends Error {}

/** Returns the process exit code. */
export async function runCli(argv: string[], io: Io, opts: { staticDir: string }): Promise<number> {
  const a = parseArgs(argv)
  const [cmd, ...rest] = a.positionals
  try {
    switch (cmd) {
      case undefined:
      case 'help':
        io.out(HELP)
        return 0
      case 'serve':
        return await serve(a, io, opts.staticDir)
      case 'demo':
        return await withCore(a, async (core) => {
          const r = await call<{ villages: number; enterprises: number }>(core, 'demo.load', {})
          io.out(`已载入示例数据：${r.villages} 个村（社区），${r.enterprises} 家企业。`)
          return 0
        })
      case 'list':
        return await list(a, rest[0], io)
      case 'check':
        return await withCore(a, async (core) => {
          const r = await call<{ ok: boolean; problems: string[] }>(core, 'system.check', {})
          if (r.ok) io.out('数据库完整性检查通过。')
          else {
            io.err('数据库完整性检查发现问题：')
            r.problems.forEach((p) => io.err(`  ${p}`))
          }
          return r.ok ? 0 : 1
        })
      default:
        io.err(`未知命令“${cmd}”。运行 safety-ledger help 查看可用命令。`)
        return 2
    }
  } catch (err) {
    if (err instanceof CliError || (err instanceof Error && err.name === 'AppError')) {
      io.err(err.message)
      return 1
    }
    throw err
  }
}

async function list(a: ParsedArgs, ledger: string | undefined, io: Io): Promise<number> {
  if (!ledger || !(ledger in LEDGERS)) {
    io.err(`请指定台账：${Object.keys(LEDGERS).join('、')}`)
    return 2
  }
  if (!BUILT_LEDGERS.has(ledger)) {
    io.err(`${LEDGERS[ledger as keyof typeof LEDGERS]}（${ledger}）尚未启用。`)
    return 2
  }
  return withCore(a, async (core) => {
    const rows: Record<string, unknown>[] = []
    for (let page = 1; ; page++) {
      const r = await call<{ rows: Record<string, unknown>[]; total: number }>(core, 'enterprise.list', {
        page,
        pageSize: 500,
        query: flagString(a, 'query'),
        deleted: a.flags.deleted === true,
      })
      rows.push(...r.rows)
      if (rows.length >= r.total || r.rows.length === 0) break
    }
    if (a.flags.json === true) io.out(JSON.stringify(rows, null, 2))
    else {
      for (const r of rows)
        io.out([r.name, r.creditCode ?? '', r.villageName, r.principal ?? '', r.principalPhone ?? ''].join('\t'))
      io.out(`共 ${rows.length} 家`)
    }
    return 0
  })
}

async function serve(a: ParsedArgs, io: Io, staticDir: string): Promise<number> {
  const dataDir = path.resolve(flagString(a, 'data-dir') ?? defaultDataDir())
  const portText = flagString(a, 'port') ?? '5780'
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`端口“${portText}”无效，请填写 0–65535 之间的整数`)
    return 2
  }
  const host = flagString(a, 'host') ?? '127.0.0.1'
  const core = await createCore({ dataDir })
  let server
  try {
    server = await startBrowserServer({ dispatch: core.dispatch, staticDir, port, host })
  } catch (err) {
    core.close()
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      io.err(`端口 ${port} 已被占用，请用 --port 指定其他端口（或 --port 0 自动选择）`)
      return 1
    }
    if (err instanceof Error && /refusing to listen/.test(err.message)) {
      io.err(`为保护数据，浏览器模式只监听本机地址 127.0.0.1，不能监听 ${host}`)
      return 2
    }
    throw err
  }
  io.out(`浏览器模式已启动，请在浏览器中打开：${server.url}`)
  io.out(`数据目录：${dataDir}`)
  io.out('按 Ctrl+C 停止。')
  const srv = server
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      void srv.close().then(() => {
        core.close()
        resolve()
      })
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  return 0
}
