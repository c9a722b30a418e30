import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../core'
import { tempDir } from '../core/test/helpers'
import { parseArgs, runCli } from './commands'
import { printDocument, type LaunchBrowser } from './documents'

const FAKE_PDF = Buffer.from('%PDF-1.7\n% fake rendering\n%%EOF\n')

function io() {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err }
}

async function run(argv: string[]) {
  const r = io()
  const code = await runCli(argv, r.io, { staticDir: '/nonexistent' })
  return { code, out: r.out.join('\n'), err: r.err.join('\n') }
}

/** A stand-in for Chromium that records what it was asked to open. */
function fakeLaunch(urls: string[], bytes = FAKE_PDF, font: string | null = null): LaunchBrowser {
  return async () => ({
    async renderPdf(url) {
      urls.push(url)
      // The print view is served by the in-process browser-mode server over the same data.
      const res = await fetch(url.replace(/#.*$/, ''))
      expect(res.status).toBe(200)
      return { bytes: new Uint8Array(bytes), font }
    },
    async close() {},
  })
}

interface Doc {
  number: string
  type: string
  typeLabel: string
  enterprise: string
  date: string
  voided: boolean
  pdfArchived: boolean
}

describe('cli documents and print', () => {
  let dir: string
  let staticDir: string
  let docs: Doc[]

  beforeAll(async () => {
    dir = tempDir()
    staticDir = tempDir('ledger-static-')
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
    expect((await run(['demo', '--data-dir', dir])).code).toBe(0)
    const r = await run(['documents', '--json', '--data-dir', dir])
    expect(r.code).toBe(0)
    docs = JSON.parse(r.out) as Doc[]
  })

  it('lists every issued document with number, type, enterprise, date and the void mark', async () => {
    const core = await createCore({ dataDir: dir })
    const total = (
      (await core.dispatch('document.list', { pageSize: 1 })) as { ok: true; data: { total: number } }
    ).data.total
    core.close()
    expect(docs.length).toBe(total)
    expect(docs.length).toBeGreaterThan(0)
    expect(docs[0]).toMatchObject({
      number: expect.stringMatching(/^（青）应急.+〔\d{4}〕\d+号$/),
      enterprise: expect.any(String),
    })
    expect(new Set(docs.map((d) => d.number)).size).toBe(docs.length)
    const text = await run(['documents', '--data-dir', dir])
    expect(text.out).toContain(
      `${docs[0]?.number}\t${docs[0]?.typeLabel}\t${docs[0]?.enterprise}\t${docs[0]?.date}`,
    )
    expect(text.out).toMatch(new RegExp(`共 ${docs.length} 份$`))
  })

  it('renders the print route to a PDF file, archives it, and reprints the archive without rendering', async () => {
    const doc = docs.find((d) => !d.voided && !d.pdfArchived && d.type === 'rectification_opinion') as Doc
    const urls: string[] = []
    const file = path.join(dir, '整改.pdf')
    const r = io()
    const code = await printDocument(parseArgs(['--pdf', file, '--data-dir', dir]), doc.number, r.io, {
      staticDir,
      launch: fakeLaunch(urls),
    })
    expect(r.err).toEqual([])
    expect(code).toBe(0)
    expect(urls).toHaveLength(1)
    expect(urls[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+#\/print\/document\/\d+$/)
    expect(fs.readFileSync(file)).toEqual(FAKE_PDF)
    expect(r.out.join('\n')).toContain('并存档')
    const after = JSON.parse((await run(['documents', '--json', '--data-dir', dir])).out) as Doc[]
    expect(after.find((d) => d.number === doc.number)?.pdfArchived).toBe(true)

    // A second print is the archived file itself (a new rendering would differ in its timestamps).
    const again = path.join(dir, '重印.pdf')
    const r2 = io()
    const urls2: string[] = []
    expect(
      await printDocument(parseArgs(['--pdf', again, '--data-dir', dir]), doc.number, r2.io, {
        staticDir,
        launch: fakeLaunch(urls2, Buffer.from('%PDF-other')),
      }),
    ).toBe(0)
    expect(urls2).toEqual([])
    expect(fs.readFileSync(again)).toEqual(FAKE_PDF)
    expect(r2.out.join('\n')).toContain('已有存档PDF')
  })

  it('says which font replaced 仿宋 when it is missing, and the archive records that font with the PDF', async () => {
    // The last unarchived record (the test below takes the first).
    const doc = docs.findLast((d) => !d.voided && !d.pdfArchived && d.type === 'check_record') as Doc
    const file = path.join(dir, '检记.pdf')
    const r = io()
    const code = await printDocument(parseArgs(['--pdf', file, '--data-dir', dir]), doc.number, r.io, {
      staticDir,
      launch: fakeLaunch([], FAKE_PDF, 'Noto Serif CJK SC'),
    })
    expect(code).toBe(0)
    const out = r.out.join('\n')
    expect(out).toContain('本机没有安装仿宋字体')
    expect(out).toContain('正文用 Noto Serif CJK SC 代替')
    expect(out).toContain('正文字体 Noto Serif CJK SC')
    const core = await createCore({ dataDir: dir })
    const got = (await core.dispatch('document.get', { number: doc.number })) as {
      ok: true
      data: { pdfFont: string | null; hasPdf: boolean }
    }
    core.close()
    expect(got.data).toMatchObject({ hasPdf: true, pdfFont: 'Noto Serif CJK SC' })

    // A reprint of the archive names the font it was set in.
    const r2 = io()
    await printDocument(
      parseArgs(['--pdf', path.join(dir, '检记2.pdf'), '--data-dir', dir]),
      doc.number,
      r2.io,
      {
        staticDir,
        launch: fakeLaunch([]),
      },
    )
    expect(r2.out.join('\n')).toContain('正文字体 Noto Serif CJK SC')
  })

  it('renders a voided document with its mark but never archives it', async () => {
    const doc = docs.find((d) => d.voided)
    if (!doc) return expect(docs.some((d) => d.voided)).toBe(false)
    const r = io()
    const urls: string[] = []
    expect(
      await printDocument(
        parseArgs(['--pdf', path.join(dir, 'void.pdf'), '--data-dir', dir]),
        doc.number,
        r.io,
        { staticDir, launch: fakeLaunch(urls) },
      ),
    ).toBe(0)
    expect(r.out.join('\n')).toContain('已作废')
    const after = JSON.parse((await run(['documents', '--json', '--data-dir', dir])).out) as Doc[]
    expect(after.find((d) => d.number === doc.number)?.pdfArchived).toBe(false)
  })

  it('says in Chinese what is missing: the file argument, the document, Chromium', async () => {
    const usage = await run(['print', docs[0]?.number ?? 'x', '--data-dir', dir])
    expect(usage.code).toBe(2)
    expect(usage.err).toContain('用法：safety-ledger print <文书编号> --pdf <文件.pdf>')

    const unknown = await run([
      'print',
      '（青）应急责改〔1999〕9号',
      '--pdf',
      path.join(dir, 'x.pdf'),
      '--data-dir',
      dir,
    ])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('文书 （青）应急责改〔1999〕9号 不存在')

    const doc = docs.find((d) => !d.voided && !d.pdfArchived && d.type === 'check_record') as Doc
    const r = io()
    const code = await printDocument(
      parseArgs(['--pdf', path.join(dir, 'y.pdf'), '--data-dir', dir]),
      doc.number,
      r.io,
      {
        staticDir,
        env: { CHROMIUM_PATH: path.join(dir, 'no-such-chromium') },
      },
    )
    expect(code).toBe(1)
    expect(r.err.join('\n')).toMatch(
      /^找不到 Chromium 浏览器（.*no-such-chromium），无法生成PDF。.*CHROMIUM_PATH/,
    )
    expect(fs.existsSync(path.join(dir, 'y.pdf'))).toBe(false)
  })
})
