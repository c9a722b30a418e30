#!/usr/bin/env node
// Draws build/icon.png (512×512): the app's mark — a white shield with a check on a blue rounded
// square, the same shapes as the favicon in src/index.html. Built-in modules only; electron-builder
// turns this PNG into the Windows .ico and the Linux icon set.
//   node scripts/make-icon.mjs [output.png]
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { projectRoot } from './lib/runtime.mjs'

const SIZE = 512
const UNIT = SIZE / 32 // the favicon's viewBox is 32×32
const SAMPLES = 4 // 4×4 supersampling for smooth edges
const BLUE = [0x1f, 0x5f, 0xbf]
const WHITE = [0xff, 0xff, 0xff]

function cubic(p0, p1, p2, p3, steps = 24) {
  const pts = []
  for (let i = 1; i <= steps; i++) {
    const t = i / steps
    const u = 1 - t
    pts.push([
      u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
      u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1],
    ])
  }
  return pts
}

// M16 5 l9 4 v7 c0 5.5 -3.8 9.6 -9 11 c-5.2 -1.4 -9 -5.5 -9 -11 V9 z
const shield = [
  [16, 5],
  [25, 9],
  [25, 16],
  ...cubic([25, 16], [25, 21.5], [21.2, 25.6], [16, 27]),
  ...cubic([16, 27], [10.8, 25.6], [7, 21.5], [7, 16]),
  [7, 9],
]
const check = [
  [12, 16],
  [15, 19],
  [21, 13],
]
const CHECK_HALF_WIDTH = 1.25

function inRoundedSquare(x, y) {
  const r = 6
  const cx = Math.min(Math.max(x, r), 32 - r)
  const cy = Math.min(Math.max(y, r), 32 - r)
  return x >= 0 && x <= 32 && y >= 0 && y <= 32 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r
}

function inPolygon(x, y, poly) {
  let inside = false
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]
    const [xj, yj] = poly[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

function nearPolyline(x, y, line, halfWidth) {
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = line[i]
    const [bx, by] = line[i + 1]
    const t = Math.max(
      0,
      Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
    )
    if ((x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= halfWidth * halfWidth) return true
  }
  return false
}

/** Colour at a point of the 32×32 design, or null outside the icon. */
function shade(x, y) {
  if (!inRoundedSquare(x, y)) return null
  if (nearPolyline(x, y, check, CHECK_HALF_WIDTH)) return BLUE
  if (inPolygon(x, y, shield)) return WHITE
  return BLUE
}

function render() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4)
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = shade((px + (sx + 0.5) / SAMPLES) / UNIT, (py + (sy + 0.5) / SAMPLES) / UNIT)
          if (!c) continue
          r += c[0]
          g += c[1]
          b += c[2]
          a++
        }
      }
      const o = (py * SIZE + px) * 4
      if (a > 0) {
        rgba[o] = Math.round(r / a)
        rgba[o + 1] = Math.round(g / a)
        rgba[o + 2] = Math.round(b / a)
        rgba[o + 3] = Math.round((255 * a) / (SAMPLES * SAMPLES))
      }
    }
  }
  return rgba
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

function encodePng(rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1))
  for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4) // filter 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const out = path.resolve(process.argv[2] ?? path.join(projectRoot, 'build', 'icon.png'))
fs.mkdirSync(path.dirname(out), { recursive: true })
fs.writeFileSync(out, encodePng(render()))
console.log(`图标已生成 icon written: ${path.relative(process.cwd(), out)}`)
