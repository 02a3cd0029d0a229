import { describe, expect, test } from 'vitest'
import { bucketRequests, type WindowCount } from '../bench/chart/bucket-requests.js'
import { type Chart, escapeXml, renderChart } from '../bench/chart/render-chart.js'

/** Windows with these many requests sent, the ones above `limit` refused. */
const windowsOf = (sent: readonly number[], limit: number): WindowCount[] =>
  sent.map((count, index) => ({
    index,
    startMs: index * 1000,
    sent: count,
    ok: Math.min(count, limit),
    refused: Math.max(0, count - limit),
  }))

const chart = (overrides: Partial<Chart> = {}): Chart => ({
  title: 'Requests per window',
  windowMs: 1000,
  panels: [
    {
      limit: 20,
      series: [
        { label: 'paced', windows: windowsOf([20, 20, 20, 20], 20) },
        { label: 'naive', windows: windowsOf([80, 60, 20, 5], 20) },
      ],
    },
  ],
  ...overrides,
})

/** The problems that keep an SVG from parsing: unbalanced tags, stray `<` or `&` in text. */
function xmlProblems(svg: string): string[] {
  const problems: string[] = []
  const open: string[] = []
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g
  let last = 0
  for (let match = tag.exec(svg); match; match = tag.exec(svg)) {
    const between = svg.slice(last, match.index)
    if (between.includes('<') || between.includes('>')) problems.push(`stray bracket: ${between}`)
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(between)) problems.push(`raw &: ${between}`)
    last = tag.lastIndex
    const [, closing, name = '', attributes = '', selfClosing] = match
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(attributes)) problems.push(`raw & in <${name}>`)
    if (closing) {
      const expected = open.pop()
      if (expected !== name) problems.push(`</${name}> closes <${expected}>`)
    } else if (!selfClosing) open.push(name)
  }
  if (svg.slice(last).trim()) problems.push(`text after the last tag: ${svg.slice(last)}`)
  if (open.length) problems.push(`never closed: ${open.join(', ')}`)
  return problems
}

const count = (svg: string, pattern: RegExp) => svg.match(pattern)?.length ?? 0

describe('renderChart', () => {
  test('is one well-formed svg element on a white background', () => {
    const svg = renderChart(chart())
    expect(xmlProblems(svg)).toEqual([])
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg).toContain('<rect width="100%" height="100%" fill="#fff"/>')
  })

  test('titles, labels and notes are escaped, so any text keeps the file valid', () => {
    const title = 'A <b> & "quoted" \'title\''
    const svg = renderChart(
      chart({
        title,
        subtitle: ['1 < 2 & 3 > 2'],
        panels: [
          {
            title: 'panel <one>',
            note: 'R&D',
            limit: 10,
            limitLabel: 'limit <10>',
            series: [{ label: 'x < y', windows: windowsOf([12], 10) }],
          },
        ],
      }),
    )
    expect(xmlProblems(svg)).toEqual([])
    expect(svg).toContain(`<title>${escapeXml(title)}</title>`)
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;quoted&quot; &apos;title&apos;')
    expect(svg).not.toContain('<b>')
    for (const escaped of ['1 &lt; 2 &amp; 3 &gt; 2', 'panel &lt;one&gt;', 'R&amp;D', 'x &lt; y'])
      expect(svg).toContain(escaped)
  })

  test('draws one line per series in every panel, and a legend entry per distinct label', () => {
    const svg = renderChart(
      chart({
        panels: [
          { limit: 10, series: [{ label: 'with', windows: windowsOf([10, 10], 10) }] },
          {
            limit: 40,
            series: [
              { label: 'with', windows: windowsOf([40, 40], 40) },
              { label: 'without', windows: windowsOf([90, 10], 40) },
            ],
          },
        ],
      }),
    )
    expect(count(svg, /<polyline /g)).toBe(3)
    // the legend names each label once; each line carries its label as a tooltip
    expect(count(svg, />with<\/text>/g)).toBe(1)
    expect(count(svg, />without<\/text>/g)).toBe(1)
    expect(count(svg, /<title>with<\/title>/g)).toBe(2)
    // one dashed limit line per panel
    expect(count(svg, /<line [^>]*class="limit"\/>/g)).toBe(2)
  })

  test('marks every window with 429s once, labelled with how many', () => {
    const svg = renderChart(chart())
    // naive: 60 refused in window 0, 40 in window 1, none after; paced: none
    expect(count(svg, /<g class="refused">/g)).toBe(2)
    expect(svg).toMatch(/<g class="refused">.*>60<\/text><\/g>/)
    expect(svg).toMatch(/<g class="refused">.*>40<\/text><\/g>/)
  })

  test('a series at the limit is drawn on the limit line, one above it higher up', () => {
    const svg = renderChart(chart())
    const y = svg.match(/<line x1="[\d.]+" y1="([\d.]+)"[^>]*class="limit"\/>/)?.[1]
    expect(y).toBeDefined()
    const paced = svg.match(/<polyline points="([^"]+)"/)?.[1]
    expect(paced?.split(' ').map((point) => point.split(',')[1])).toEqual([y, y, y, y])
    const naive = [...svg.matchAll(/<polyline points="([^"]+)"/g)][1]?.[1]
    const firstY = Number(naive?.split(' ')[0]?.split(',')[1])
    expect(firstY).toBeLessThan(Number(y))
  })

  test('the same data gives the same bytes, with coordinates to one decimal', () => {
    const data = chart({ width: 713, plotHeight: 187 })
    const svg = renderChart(data)
    expect(renderChart(data)).toBe(svg)
    const numbers = [...svg.matchAll(/(?:x|y|x1|y1|x2|y2|cx|cy)="(-?[\d.]+)"/g)].map((m) => m[1])
    expect(numbers.length).toBeGreaterThan(20)
    for (const value of numbers) expect(value).toMatch(/^-?\d+(\.\d)?$/)
  })

  test('a bench-sized chart stays small: three panels of long, refused runs under 30 KB', () => {
    const noisy = Array.from({ length: 30 }, (_, i) => 100 + ((i * 37) % 200))
    const panel = {
      limit: 40,
      series: [
        { label: 'with trutoLimits', windows: windowsOf(Array(30).fill(40), 40) },
        { label: 'without trutoLimits', windows: windowsOf(noisy, 40) },
      ],
    }
    const svg = renderChart(chart({ panels: [panel, panel, panel] }))
    expect(xmlProblems(svg)).toEqual([])
    expect(count(svg, /<g class="refused">/g)).toBe(90)
    expect(new TextEncoder().encode(svg).length).toBeLessThan(30_000)
  })

  test('places each window by its time: a later window further right, a restarted one in between', () => {
    const windows = bucketRequests(
      [0, 1500, 2600].map((at) => ({ at, status: 200 })),
      { windowMs: 1000, windows: 'restart' },
    )
    const svg = renderChart(chart({ panels: [{ limit: 5, series: [{ label: 'run', windows }] }] }))
    const xs = svg
      .match(/<polyline points="([^"]+)"/)?.[1]
      ?.split(' ')
      .map((point) => Number(point.split(',')[0]))
    // windows open at 0, 1.5 and 2.6 s; the axis runs to 4 s, the end of the last window
    const [a = 0, b = 0, c = 0] = xs ?? []
    expect(b - a).toBeCloseTo(1.5 * ((c - a) / 2.6), 0)
    // seconds along the x axis, centred under their ticks
    expect(svg).toContain('class="mid">4</text>')
    expect(svg).not.toContain('class="mid">5</text>')
  })

  test('draws what bucketRequests counts, empty windows included', () => {
    const windows = bucketRequests(
      [
        { at: 0, status: 200 },
        { at: 10, status: 429 },
        { at: 2100, status: 200 },
      ],
      { windowMs: 1000 },
    )
    const svg = renderChart(chart({ panels: [{ limit: 1, series: [{ label: 'run', windows }] }] }))
    const points = svg.match(/<polyline points="([^"]+)"/)?.[1]?.split(' ')
    expect(points).toHaveLength(3)
    expect(count(svg, /<g class="refused">/g)).toBe(1)
  })
})
