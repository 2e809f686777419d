// Charts drawn as inline SVG (no library, nothing from outside). Each scales to its container's width
// through its viewBox, carries a text description for screen readers, and comes with its numbers as
// a table behind a disclosure.
import { h, svg } from './dom.js'
import * as format from './format.js'

const W = 640
const PAD = { top: 12, right: 12, bottom: 28, left: 44 }

/** Round numbers for an axis from min to at least max; whole steps only for counts. */
function ticks(min, max, { count = 4, whole = false } = {}) {
  if (max === min) max = min + 1
  const raw = (max - min) / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = Math.max(whole ? 1 : 0, [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw && (!whole || Number.isInteger(s))) ?? 10 * magnitude)
  const start = Math.floor(min / step) * step
  const out = []
  for (let v = start; v <= max + step * 0.001; v += step) out.push(Number(v.toFixed(6)))
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step)
  return out
}

function frame(label, height, width = W) {
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': label, preserveAspectRatio: 'xMidYMid meet' },
    svg('title', {}, label))
}

function yAxis(chart, values, y, height) {
  for (const v of values) {
    chart.append(
      svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'gridline' }),
      svg('text', { x: PAD.left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, format.number(v, 1)))
  }
  chart.append(svg('line', { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: height - PAD.bottom, class: 'axis-line' }))
}

function dataTable(caption, head, rows) {
  return h('details', { class: 'chart-data' }, h('summary', {}, 'Show the numbers'),
    h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, head.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', { class: 'num' }, c)))))))))
}

function legend(names) {
  if (names.length < 2) return null
  return h('ul', { class: 'legend' }, names.map((n, i) => h('li', {}, h('span', { class: 'swatch series-' + (i % 8), 'aria-hidden': 'true' }), n)))
}

/**
 * Lines over time. series: [{name, points: [{at: ISO or Date, value}]}]; steps: draw as steps (a
 * value holds until the next change, as a score does between events).
 */
/**
 * Labels for the ticks of a time axis that differ from tick to tick: seconds within ten minutes, the time
 * within two days (the first tick also says the day), the date beyond. → (time, first) → text.
 */
export function timeAxisLabel(x0, x1) {
  const span = x1 - x0
  if (span >= 2 * 86400e3) return (t) => format.day(new Date(t))
  const time = span < 10 * 60e3 ? format.clockSeconds : format.clock
  const sameDay = format.day(new Date(x0)) === format.day(new Date(x1))
  return (t, first) => (first || !sameDay ? `${format.day(new Date(t))} ${time(new Date(t))}` : time(new Date(t)))
}

export function timeChart({ label, series, height = 220, steps = false, markers = [] }) {
  const all = series.flatMap((s) => s.points)
  if (!all.length) return h('p', { class: 'empty' }, `${label}: no data yet.`)
  const xs = all.map((p) => +new Date(p.at))
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)]
  // At least two minutes wide, so changes within seconds of each other still get ticks that read differently.
  if (x1 - x0 < 120e3) [x0, x1] = [(x0 + x1) / 2 - 60e3, (x0 + x1) / 2 + 60e3]
  const values = all.map((p) => p.value)
  const yTicks = ticks(Math.min(0, ...values), Math.max(...values))
  const [y0, y1] = [yTicks[0], yTicks[yTicks.length - 1]]
  const x = (t) => PAD.left + ((+new Date(t) - x0) / (x1 - x0)) * (W - PAD.left - PAD.right)
  const y = (v) => height - PAD.bottom - ((v - y0) / (y1 - y0)) * (height - PAD.top - PAD.bottom)

  const chart = frame(label, height)
  yAxis(chart, yTicks, y, height)
  const axisLabel = timeAxisLabel(x0, x1)
  for (const t of [x0, (x0 + x1) / 2, x1]) {
    chart.append(svg('text', { x: x(t), y: height - 8, class: 'axis', 'text-anchor': t === x0 ? 'start' : t === x1 ? 'end' : 'middle' }, axisLabel(t, t === x0)))
  }
  for (const m of markers) {
    chart.append(svg('line', { x1: x(m.at), x2: x(m.at), y1: PAD.top, y2: height - PAD.bottom, class: 'marker' }, svg('title', {}, m.label)))
  }
  series.forEach((s, i) => {
    const pts = s.points.map((p) => [x(p.at), y(p.value)])
    if (!pts.length) return
    let d = `M${pts[0][0].toFixed(1)},${pts[0][1].toFixed(1)}`
    for (let k = 1; k < pts.length; k++) {
      if (steps) d += ` H${pts[k][0].toFixed(1)}`
      d += ` ${steps ? 'V' + pts[k][1].toFixed(1) : 'L' + pts[k][0].toFixed(1) + ',' + pts[k][1].toFixed(1)}`
    }
    chart.append(svg('path', { d, class: 'line series-' + (i % 8) }))
    for (const [px, py] of pts.length <= 60 ? pts : []) chart.append(svg('circle', { cx: px, cy: py, r: 2.5, class: 'dot series-' + (i % 8) }))
  })
  const rows = series.flatMap((s) => s.points.map((p) => [format.when(p.at), ...(series.length > 1 ? [s.name] : []), format.number(p.value, 1)]))
  return h('figure', { class: 'chart-figure' }, chart, legend(series.map((s) => s.name)),
    dataTable(label, ['Time', ...(series.length > 1 ? ['Series'] : []), 'Value'], rows.slice(-200)))
}

/** Grouped bars: categories along x (periods), one bar per series in each. */
export function barChart({ label, categories, series, height = 240 }) {
  if (!categories.length) return h('p', { class: 'empty' }, `${label}: no data in this range.`)
  const max = Math.max(1, ...series.flatMap((s) => s.values))
  const yTicks = ticks(0, max, { whole: true })
  const top = yTicks[yTicks.length - 1]
  const y = (v) => height - PAD.bottom - (v / top) * (height - PAD.top - PAD.bottom)
  const band = (W - PAD.left - PAD.right) / categories.length
  const bar = Math.max(1, (band * 0.8) / Math.max(1, series.length))

  const chart = frame(label, height)
  yAxis(chart, yTicks, y, height)
  const every = Math.ceil(categories.length / 8)
  categories.forEach((c, ci) => {
    const left = PAD.left + ci * band + band * 0.1
    series.forEach((s, si) => {
      const v = s.values[ci] || 0
      chart.append(svg('rect', { x: left + si * bar, y: y(v), width: Math.max(0.5, bar - 1), height: Math.max(0, y(0) - y(v)), class: 'bar series-' + (si % 8) },
        svg('title', {}, `${c} · ${s.name}: ${format.number(v)}`)))
    })
    if (ci % every === 0) chart.append(svg('text', { x: PAD.left + ci * band + band / 2, y: height - 8, class: 'axis', 'text-anchor': 'middle' }, c))
  })
  const rows = categories.map((c, ci) => [c, ...series.map((s) => format.number(s.values[ci] || 0))])
  return h('figure', { class: 'chart-figure' }, chart, legend(series.map((s) => s.name)), dataTable(label, ['Period', ...series.map((s) => s.name)], rows))
}

/**
 * Horizontal bars with a label and value each: a funnel, segment sizes, interests. A narrower width
 * (the viewBox's) keeps the text readable where the chart is drawn small, on a phone; valueRoom is what the value
 * and its note need on the right; valueText writes a value.
 */
export function hbarChart({ label, items, note = () => '', width = W, labelWidth = 130, valueRoom = 180, valueText = (v) => format.number(v, 1) }) {
  if (!items.length) return h('p', { class: 'empty' }, `${label}: nothing to show.`)
  const max = Math.max(1, ...items.map((i) => Math.abs(i.value)))
  const rowH = 30
  const height = items.length * rowH + 8
  const chart = frame(label, height, width)
  items.forEach((item, i) => {
    const yTop = 4 + i * rowH
    const barWidth = (Math.abs(item.value) / max) * (width - labelWidth - valueRoom) // room on the right for the value and its note
    chart.append(
      svg('text', { x: labelWidth - 8, y: yTop + rowH / 2 + 4, class: 'axis', 'text-anchor': 'end' }, item.label),
      svg('rect', { x: labelWidth, y: yTop + 4, width: Math.max(1, barWidth), height: rowH - 10, class: 'bar series-' + (item.series ?? 0) + (item.value < 0 ? ' negative' : '') },
        svg('title', {}, `${item.title || item.label}: ${valueText(item.value)}`)),
      svg('text', { x: labelWidth + barWidth + 6, y: yTop + rowH / 2 + 4, class: 'value' }, `${valueText(item.value)} ${note(item, i)}`.trim()))
  })
  return h('figure', { class: 'chart-figure' }, chart,
    dataTable(label, ['', 'Value'], items.map((item, i) => [item.title || item.label, `${valueText(item.value)} ${note(item, i)}`.trim()])))
}

/**
 * Lines and dots on two axes that both run from 0% to 100%: a ROC curve, predicted against observed. A
 * square chart with a dashed diagonal (what chance, or a perfect match, would draw) named by diagonal.
 * series: [{name, points: [{x, y, size?, title?}], line: true|false}]; a point's size (a count) scales its dot.
 * table: {head, rows} for the numbers behind the disclosure.
 */
export function shareChart({ label, xLabel, yLabel, series, diagonal, table }) {
  if (!series.some((s) => s.points.length)) return h('p', { class: 'empty' }, `${label}: nothing to show.`)
  const size = 360
  const pad = { top: 12, right: 14, bottom: 44, left: 52 }
  const inner = size - pad.left - pad.right
  const innerH = size - pad.top - pad.bottom
  const x = (v) => pad.left + v * inner
  const y = (v) => pad.top + (1 - v) * innerH
  const chart = frame(label, size, size)
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    chart.append(
      svg('line', { x1: x(0), x2: x(1), y1: y(v), y2: y(v), class: 'gridline' }),
      svg('line', { x1: x(v), x2: x(v), y1: y(0), y2: y(1), class: 'gridline' }),
      svg('text', { x: pad.left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, `${v * 100}%`),
      svg('text', { x: x(v), y: y(0) + 16, class: 'axis', 'text-anchor': v === 0 ? 'start' : v === 1 ? 'end' : 'middle' }, `${v * 100}%`))
  }
  chart.append(
    svg('line', { x1: x(0), x2: x(0), y1: y(0), y2: y(1), class: 'axis-line' }),
    svg('line', { x1: x(0), x2: x(1), y1: y(0), y2: y(0), class: 'axis-line' }),
    svg('text', { x: x(0.5), y: size - 6, class: 'axis-title', 'text-anchor': 'middle' }, xLabel),
    svg('text', { x: 0, y: 0, class: 'axis-title', 'text-anchor': 'middle', transform: `translate(14 ${y(0.5)}) rotate(-90)` }, yLabel))
  if (diagonal) chart.append(svg('line', { x1: x(0), y1: y(0), x2: x(1), y2: y(1), class: 'diagonal' }, svg('title', {}, diagonal)))
  const biggest = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.size || 0)))
  series.forEach((s, i) => {
    const pts = s.points.map((p) => [x(p.x), y(p.y), p])
    if (s.line !== false && pts.length > 1) {
      chart.append(svg('path', { d: 'M' + pts.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' L'), class: `line series-${i % 8}` + (i % 2 ? ' dashed' : '') }))
    }
    if (s.line === false) {
      for (const [px, py, p] of pts) {
        const r = p.size ? 3 + 7 * Math.sqrt(p.size / biggest) : 4
        chart.append(svg('circle', { cx: px, cy: py, r, class: 'dot series-' + (i % 8) }, p.title ? svg('title', {}, p.title) : null))
      }
    }
  })
  const names = series.map((s) => s.name)
  return h('figure', { class: 'chart-figure share-chart' }, chart,
    diagonal || names.length > 1
      ? h('ul', { class: 'legend' },
        names.length > 1 ? names.map((n, i) => h('li', {}, h('span', { class: 'swatch series-' + (i % 8), 'aria-hidden': 'true' }), n)) : null,
        diagonal ? h('li', {}, h('span', { class: 'swatch diagonal-swatch', 'aria-hidden': 'true' }), diagonal) : null)
      : null,
    table ? dataTable(label, table.head, table.rows) : null)
}
