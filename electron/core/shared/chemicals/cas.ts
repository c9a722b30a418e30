// CAS registry numbers: 2–7 digits, 2 digits, 1 check digit. The check digit is the sum of each
// digit times its position counted from the right (the check digit excluded), modulo 10:
// 7732-18-5 → 8×1 + 1×2 + 2×3 + 3×4 + 7×5 + 7×6 = 105 → 5.

export type CasResult = { ok: true; value: string | null } | { ok: false; message: string }

/** A cell or field value → a checked CAS number; blank, "/" and "—" mean none (柴油 has none). */
export function cleanCas(raw: unknown): CasResult {
  if (raw === null || raw === undefined) return { ok: true, value: null }
  const text = String(raw)
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .replace(/[‐‑‒–—―－]/g, (ch) => (ch === '—' || ch === '―' ? ch : '-'))
  if (text === '' || /^[/\\—―\-无]+$/.test(text)) return { ok: true, value: null }
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(text)
  if (!m) return { ok: false, message: `CAS号“${text}”格式不对，应为如 7664-41-7 的三段数字` }
  if (casCheckDigit(`${m[1]}${m[2]}`) !== Number(m[3]))
    return {
      ok: false,
      message: `CAS号校验位错误：“${text}”的最后一位应为 ${casCheckDigit(`${m[1]}${m[2]}`)}，请核对`,
    }
  return { ok: true, value: text }
}

export function casCheckDigit(digits: string): number {
  let sum = 0
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i + 1)
  return sum % 10
}
