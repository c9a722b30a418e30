/** "重大风险" or "重大风险 等2项": a multi-select filter stays one line, like Excel's "(多项)". */
export function selectionSummary(labels: readonly string[]): string {
  if (labels.length === 0) return ''
  if (labels.length === 1) return labels[0] ?? ''
  return `${labels[0] ?? ''} 等${labels.length}项`
}

/** Labels of the selected options as Element Plus hands them to a select's #tag slot. */
export function selectedLabels(data: readonly { currentLabel?: unknown }[]): string[] {
  return data.map((d) => String(d.currentLabel ?? ''))
}
