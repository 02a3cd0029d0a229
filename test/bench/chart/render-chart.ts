// Requests per window against a rate limit, as plain SVG text: one line per policy, the limit as a
// dashed line, and a red cross with the count wherever a window had 429s. Pure and deterministic:
// the same data gives the same bytes (coordinates rounded to 0.1 px).
import type { WindowCount } from './bucket-requests.js'

/** One policy's windows, e.g. `bucketRequests(...)` of one bench run. */
export type ChartSeries = {
  readonly label: string
  readonly windows: readonly WindowCount[]
}

/** One plot: its series share a y axis and a limit. */
export type ChartPanel = {
  /** Above the plot on the left, in bold. */
  readonly title?: string | undefined
  /** Above the plot on the right, in lighter text: the panel's numbers, say. */
  readonly note?: string | undefined
  /** Requests allowed per window: the dashed line. */
  readonly limit: number
  /** The limit line's label, right of the plot; `\n` starts a line below. @default `limit ${limit}` */
  readonly limitLabel?: string | undefined
  readonly series: readonly ChartSeries[]
}

export type Chart = {
  readonly title: string
  /** Lines under the title: what was run, what came of it. */
  readonly subtitle?: string | readonly string[] | undefined
  readonly windowMs: number
  /** Stacked top to bottom on one time axis. */
  readonly panels: readonly ChartPanel[]
  /** @default 720 */
  readonly width?: number | undefined
  /** @default 240 for a single panel, 170 each for several */
  readonly plotHeight?: number | undefined
}

/** Okabe–Ito colours, told apart with the common colour blindnesses; a label keeps its colour. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9'] as const
/** Okabe–Ito vermillion, on a cross: a shape of its own, not only a colour. */
export const REFUSED_COLOUR = '#D55E00'

const INK = '#1f2328'
const MUTED = '#59636e'

// dark text on the white background the chart brings, so GitHub's dark theme does not matter;
// a white edge under a 429 count keeps it readable where a line runs through it
const STYLE = `<style>
text{font-family:'DejaVu Sans',Verdana,Helvetica,Arial,sans-serif;font-size:11px;fill:${MUTED}}
.title{font-size:16px;font-weight:bold;fill:${INK}}
.sub{font-size:12px}
.panel{font-size:13px;font-weight:bold;fill:${INK}}
.note{font-size:12px;text-anchor:end}
.key{font-size:12px;fill:${INK}}
.side{fill:${INK}}
.end{text-anchor:end}
.mid{text-anchor:middle}
.halo{stroke:#fff;stroke-width:3px;stroke-linejoin:round;paint-order:stroke}
.count{font-weight:bold;fill:${REFUSED_COLOUR}}
.grid{stroke:#e6e8eb}
.axis{stroke:${MUTED}}
.limit{stroke:${MUTED};stroke-width:1.5;stroke-dasharray:5 3}
.series{fill:none;stroke-width:2.5;stroke-linejoin:round}
</style>`

// drawn once, placed with <use>: a white-edged cross reads on any line it sits on
const CROSS_PATH = 'M-4.5,-4.5L4.5,4.5M-4.5,4.5L4.5,-4.5'
const DEFS = `<defs><g id="x" stroke-linecap="round"><path d="${CROSS_PATH}" stroke="#fff" stroke-width="5"/><path d="${CROSS_PATH}" stroke="${REFUSED_COLOUR}" stroke-width="2.5"/></g></defs>`

// the right margin holds the limit's label, clear of every point and count in the plot
const MARGIN = { left: 58, right: 100 }
/** The right edge of text that may run past the plot: the title's notes. */
const EDGE = 20
/** Pixels kept free above the highest point, for its 429 count. */
const LABEL_ROOM = 22

/** Text for an SVG text node or attribute value. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
}

/** A coordinate to one decimal, never `-0`. */
const n = (value: number): string => {
  const rounded = Math.round(value * 10) / 10
  return String(rounded === 0 ? 0 : rounded)
}

/** The smallest whole step of 1, 2 or 5 times a power of 10 reaching `atLeast` in `count` steps. */
function tickStep(atLeast: number, count: number): number {
  const raw = Math.max(atLeast, 1) / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power
  return Math.max(1, step)
}

/** A y axis from 0 to a multiple of a round step at or above `atLeast`, in at most 7 steps. */
function yScale(atLeast: number): { step: number; max: number } {
  const step = tickStep(atLeast, 7)
  return { step, max: Math.max(step, Math.ceil(atLeast / step) * step) }
}

const text = (x: number, y: number, content: string, className: string, extra = '') =>
  `<text x="${n(x)}" y="${n(y)}" class="${className}"${extra}>${escapeXml(content)}</text>`

const line = (x1: number, y1: number, x2: number, y2: number, attributes: string) =>
  `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" ${attributes}/>`

const cross = (x: number, y: number) => `<use href="#x" x="${n(x)}" y="${n(y)}"/>`

export function renderChart(chart: Chart): string {
  const width = chart.width ?? 720
  const plotHeight = chart.plotHeight ?? (chart.panels.length === 1 ? 240 : 170)
  const left = MARGIN.left
  const right = width - MARGIN.right
  const plotWidth = right - left
  // time runs left to right in whole windows, to the end of the last window of any series
  const { windowMs } = chart
  const ends = chart.panels.flatMap((p) =>
    p.series.map((s) => (s.windows.at(-1)?.startMs ?? 0) + windowMs),
  )
  const windows = Math.max(1, Math.ceil(Math.max(0, ...ends) / windowMs))
  // a window's point sits at its middle
  const xOf = (w: WindowCount) =>
    left + ((w.startMs + windowMs / 2) / (windows * windowMs)) * plotWidth
  const xStep = tickStep(windows, 16)

  const colours = new Map<string, string>()
  for (const series of chart.panels.flatMap((p) => p.series)) {
    if (!colours.has(series.label)) {
      colours.set(series.label, PALETTE[colours.size % PALETTE.length] ?? PALETTE[0])
    }
  }

  const out: string[] = []
  let y = 28
  out.push(text(left, y, chart.title, 'title'))
  const subtitle = typeof chart.subtitle === 'string' ? [chart.subtitle] : (chart.subtitle ?? [])
  subtitle.forEach((sub, i) => {
    y += i === 0 ? 20 : 16
    out.push(text(left, y, sub, 'sub'))
  })

  // legend: each series, the limit, the 429 marker
  y += 24
  let x = left
  const key = (advance: number, swatch: string, label: string) => {
    out.push(`<g transform="translate(${n(x)},${n(y)})">${swatch}${text(26, 4, label, 'key')}</g>`)
    x += advance
  }
  for (const [label, colour] of colours) {
    key(40 + label.length * 7.6, `<path d="M0,0H20" class="series" stroke="${colour}"/>`, label)
  }
  key(82, '<path d="M0,0H20" class="limit"/>', 'limit')
  key(0, cross(10, 0), '429s in the window (count)')
  y += 18

  const last = chart.panels.at(-1)
  chart.panels.forEach((panel, index) => {
    // clear of the x ticks of the panel above
    if (index > 0) y += 22
    if (panel.title || panel.note) {
      y += 18
      if (panel.title) out.push(text(left, y, panel.title, 'panel'))
      if (panel.note) out.push(text(width - EDGE, y, panel.note, 'note'))
    }
    y += 10
    const top = y
    const bottom = top + plotHeight
    const highest = Math.max(
      panel.limit,
      ...panel.series.flatMap((s) => s.windows.map((w) => w.sent)),
    )
    const { step: yStep, max: yMax } = yScale(highest / (1 - LABEL_ROOM / plotHeight))
    const yOf = (count: number) => bottom - (count / yMax) * plotHeight

    // grid with the y ticks, then the time axis with a tick every window's length (or every few)
    for (let tick = 0; tick <= yMax; tick += yStep) {
      out.push(line(left, yOf(tick), right, yOf(tick), 'class="grid"'))
      out.push(text(left - 6, yOf(tick) + 4, String(tick), 'end'))
    }
    out.push(line(left, bottom, right, bottom, 'class="axis"'))
    for (let edge = 0; edge <= windows; edge += xStep) {
      const tx = left + (edge / windows) * plotWidth
      out.push(line(tx, bottom, tx, bottom + 4, 'class="axis"'))
      // seconds, under the last panel only
      if (panel === last) out.push(text(tx, bottom + 17, `${(edge * windowMs) / 1000}`, 'mid'))
    }
    const mid = (top + bottom) / 2
    out.push(text(16, mid, 'requests / window', 'mid', ` transform="rotate(-90 16 ${n(mid)})"`))

    // the limit, labelled past its right end
    const limitY = yOf(panel.limit)
    out.push(line(left, limitY, right, limitY, 'class="limit"'))
    const [first = '', ...more] = (panel.limitLabel ?? `limit ${panel.limit}`).split('\n')
    const lineX = n(right + 6)
    const tspans = more.map((l) => `<tspan x="${lineX}" dy="13">${escapeXml(l)}</tspan>`).join('')
    out.push(
      `<text x="${lineX}" y="${n(limitY + 4)}" class="side">${escapeXml(first)}${tspans}</text>`,
    )

    // the series, a dot per window without 429s; then every 429 marker, on top of all lines
    const markers: string[] = []
    for (const series of panel.series) {
      const colour = colours.get(series.label) ?? PALETTE[0]
      const points = series.windows.map((w) => `${n(xOf(w))},${n(yOf(w.sent))}`).join(' ')
      out.push(
        `<polyline points="${points}" class="series" stroke="${colour}"><title>${escapeXml(series.label)}</title></polyline>`,
      )
      const dots: string[] = []
      for (const w of series.windows) {
        const [cx, cy] = [xOf(w), yOf(w.sent)]
        if (w.refused === 0) dots.push(`<circle cx="${n(cx)}" cy="${n(cy)}" r="2.5"/>`)
        else {
          const count = text(cx + 7, cy - 6, String(w.refused), 'count halo')
          markers.push(`<g class="refused">${cross(cx, cy)}${count}</g>`)
        }
      }
      if (dots.length > 0) out.push(`<g fill="${colour}">${dots.join('')}</g>`)
    }
    out.push(...markers)
    y = bottom
  })

  y += 34
  const caption = `seconds since the first request (windows of ${windowMs} ms)`
  out.push(text(left + plotWidth / 2, y, caption, 'mid'))
  const height = n(y + 14)

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(chart.title)}">`,
    `<title>${escapeXml(chart.title)}</title>`,
    STYLE,
    DEFS,
    '<rect width="100%" height="100%" fill="#fff"/>',
    ...out,
    '</svg>',
    '',
  ].join('\n')
}
