// Where leads come from and what becomes of them: leads, MQLs, hot leads and wins by channel, source
// or campaign over time; the stage funnel with conversion rates; segment sizes.
import { api, query, ApiError } from '../api.js'
import { h, field, select, replace, toast } from '../dom.js'
import * as format from '../format.js'
import { barChart, hbarChart } from '../charts.js'
import { downloadButtons } from '../download.js'

const METRICS = [['leads', 'New leads'], ['mqls', 'MQLs'], ['hot', 'Hot leads'], ['won', 'Won']]
const TOP_KEYS = 6 // series per chart; the rest are summed as "other"

const isoDay = (d) => d.toISOString().slice(0, 10)

export async function render(main, ctx) {
  const q = ctx.query
  const today = new Date()
  const monthAgo = new Date(today.getTime() - 30 * 86400e3)
  const inputs = {
    from: h('input', { type: 'date', value: q.get('from') || isoDay(monthAgo) }),
    to: h('input', { type: 'date', value: q.get('to') || isoDay(new Date(today.getTime() + 86400e3)) }),
    interval: select([['day', 'Day'], ['week', 'Week'], ['month', 'Month']], q.get('interval') || 'day'),
    by: select([['channel', 'Channel'], ['source', 'Source'], ['campaign', 'Campaign']], q.get('by') || 'channel'),
    touch: select([['first', 'First touch'], ['last', 'Last touch']], q.get('touch') || 'first'),
  }
  const form = h('form', { class: 'filters filter-grid', 'aria-label': 'Range and grouping' },
    field('From', inputs.from), field('To', inputs.to), field('Per', inputs.interval), field('By', inputs.by), field('Credit', inputs.touch),
    h('button', { type: 'submit', class: 'primary' }, 'Show'))
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    ctx.navigate('#/sources' + query(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value]))))
  })
  const sourcesBox = h('section', { class: 'card wide', 'aria-labelledby': 'by-source-h' }, h('h2', { id: 'by-source-h' }, 'By source over time'), h('p', {}, 'Loading…'))
  const funnelBox = h('section', { class: 'card', 'aria-labelledby': 'funnel-h' }, h('h2', { id: 'funnel-h' }, 'Stage funnel'), h('p', {}, 'Loading…'))
  const segmentsBox = h('section', { class: 'card', 'aria-labelledby': 'segments-h' }, h('h2', { id: 'segments-h' }, 'Segments'), h('p', {}, 'Loading…'))
  main.append(h('h1', {}, 'Sources and segments'), form, h('div', { class: 'grid' }, sourcesBox, funnelBox, segmentsBox))

  const range = { from: inputs.from.value, to: inputs.to.value }
  const params = { ...range, interval: inputs.interval.value, by: inputs.by.value, touch: inputs.touch.value }
  const fail = (box, title, id) => (e) => {
    if (e.name === 'AbortError') return
    replace(box, h('h2', { id }, title), h('p', { class: 'form-error' }, e instanceof ApiError ? e.summary : String(e)))
  }
  api('/api/analysis/sources' + query(params), { signal: ctx.signal })
    .then((r) => replace(sourcesBox, h('h2', { id: 'by-source-h' }, `By ${params.by} over time (${params.touch} touch)`), sourcesView(r.rows),
      r.rows.length ? downloadButtons('/api/analysis/sources', params, { what: 'the sources table' }) : null))
    .catch(fail(sourcesBox, 'By source over time', 'by-source-h'))
  api('/api/analysis/funnel' + query(range), { signal: ctx.signal })
    .then((f) => replace(funnelBox, h('h2', { id: 'funnel-h' }, 'Stage funnel'), funnelView(f), downloadButtons('/api/analysis/funnel', range, { what: 'the funnel' })))
    .catch(fail(funnelBox, 'Stage funnel', 'funnel-h'))
  loadSegments(segmentsBox, ctx)
}

function sourcesView(rows) {
  if (!rows.length) return h('p', { class: 'empty' }, 'No leads in this range.')
  const periods = [...new Set(rows.map((r) => r.period))].sort()
  const totals = new Map()
  for (const r of rows) totals.set(r.key, (totals.get(r.key) || 0) + r.leads + r.mqls + r.hot + r.won)
  const ranked = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a))
  const keys = ranked.slice(0, TOP_KEYS)
  const other = ranked.length > TOP_KEYS
  const label = (k) => k || '(none)'
  const charts = METRICS.map(([metric, title]) => {
    const series = keys.map((k) => ({ name: label(k), values: periods.map((p) => rows.filter((r) => r.period === p && r.key === k).reduce((s, r) => s + r[metric], 0)) }))
    if (other) series.push({ name: 'other', values: periods.map((p) => rows.filter((r) => r.period === p && !keys.includes(r.key)).reduce((s, r) => s + r[metric], 0)) })
    return h('div', { class: 'small-chart' }, h('h3', {}, title), barChart({ label: title, categories: periods, series }))
  })
  const sum = (k, metric) => rows.filter((r) => r.key === k).reduce((s, r) => s + r[metric], 0)
  return h('div', {},
    h('div', { class: 'chart-grid' }, charts),
    h('div', { class: 'table-wrap' }, h('table', { class: 'compact' }, h('caption', {}, 'Totals in the range'),
      h('thead', {}, h('tr', {}, ['', 'Leads', 'Known', 'MQLs', 'Hot', 'Won', 'Lead → MQL'].map((t, i) => h('th', { scope: 'col', class: i ? 'num' : '' }, t)))),
      h('tbody', {}, ranked.map((k) => h('tr', {}, h('th', { scope: 'row' }, label(k)),
        ['leads', 'known', 'mqls', 'hot', 'won'].map((m) => h('td', { class: 'num' }, format.number(sum(k, m)))),
        h('td', { class: 'num' }, sum(k, 'leads') ? format.percent(sum(k, 'mqls') / sum(k, 'leads')) : '—')))))))
}

function funnelView(f) {
  const steps = [['leads', 'Leads'], ['known', 'Known'], ['engaged', 'Engaged'], ['mql', 'MQL'], ['hot', 'Hot'], ['won', 'Won']]
  return h('div', {}, hbarChart({
    label: 'Leads reaching each stage in the range',
    items: steps.map(([k, label]) => ({ label, value: f[k], key: k })),
    note: (item) => (item.key !== 'leads' && f.conversion?.[item.key] !== undefined && f.conversion[item.key] !== null ? `(${format.percent(f.conversion[item.key])})` : ''),
  }), h('p', { class: 'hint' }, 'In brackets: the share of the stage before that reached this one.'))
}

async function loadSegments(box, ctx) {
  const draw = async () => {
    const segments = await api('/api/analysis/segments', { signal: ctx.signal })
    replace(box, h('h2', { id: 'segments-h' }, 'Segments'),
      segments.length ? [
        hbarChart({ label: 'Leads in each segment', items: segments.map((s) => ({ label: s.name, value: s.size })) }),
        h('ul', { class: 'segment-list' }, segments.map((s) => h('li', {},
          h('a', { href: '#/leads' + query({ segment: s.id }) }, s.name), ` · ${format.number(s.size)} leads · refreshed ${format.ago(s.refreshedAt)} `,
          h('button', {
            type: 'button', class: 'link',
            onclick: async (e) => {
              e.currentTarget.disabled = true
              try {
                const r = await api(`/api/segments/${s.id}/refresh`, { method: 'POST', signal: ctx.signal })
                toast(`${s.name}: ${r.size} leads (${r.joined} joined, ${r.left} left).`)
                await draw()
              } catch (err) {
                toast(err.summary || String(err), 'error')
              }
            },
          }, `Refresh ${s.name}`)))),
      ] : h('p', { class: 'empty' }, 'No segments yet: ', h('a', { href: '#/segments' }, 'build one on the Segments page'), '.'))
  }
  await draw().catch((e) => e.name !== 'AbortError' && replace(box, h('h2', { id: 'segments-h' }, 'Segments'), h('p', { class: 'form-error' }, e.summary || String(e))))
}
