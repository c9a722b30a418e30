/** Who the audit trail names for a command: 命令行, or 命令行（张三） with --operator 张三. */
export function cliOperator(a: { flags: Record<string, string | true> }): string {
  const v = a.flags.operator
  const name = typeof v === 'string' ? v.trim().slice(0, 20) : ''
  return name ? `命令行（${name}）` : '命令行'
}
