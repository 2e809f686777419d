// How emails perform: per template, flow step or variant, over a chosen period: sends, bounces, the people's
// opens, clicks, unsubscribes and complaints, goal conversions; machines' opens and clicks counted apart and
// said how many; a chart over time; the clicks per link of one email; the tables as CSV and XLSX.
import { api, query, ApiError } from '../api.js'
import { h, field, select, replace } from '../dom.js'
import * as format from '../format.js'
import { barChart } from '../charts.js'
import { downloadButtons } from '../download.js'

const isoDay = (d) => d.toISOString().slice(0, 10)
const GROUPS = [['template', 'Template'], ['step', 'Flow step'], ['variant', 'Variant']]

export async function render(main, ctx) {
  const q = ctx.query
  const today = new Date()
  const inputs = {
    from: h('input', { type: 'date', value: q.get('from') || isoDay(new Date(today.getTime() - 30 * 86400e3)) }),
    to: h('input', { type: 'date', value: q.get('to') || isoDay(new Date(today.getTime() + 86400e3)) }),
    by: select(GROUPS, q.get('by') || 'template'),
    interval: select([['day', 'Day'], ['week', 'Week'], ['month', 'Month']], q.get('interval') || 'day'),
  }
  const form = h('form', { class: 'filters filter-grid', 'aria-label': 'Period and grouping' },
    field('From', inputs.from), field('To', inputs.to), field('Group by', inputs.by), field('Chart per', inputs.interval),
    h('button', { type: 'submit', class: 'primary' }, 'Show'))
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    ctx.navigate('#/email-performance' + query(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value]))))
  })
  const params = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value]))
  const range = { from: params.from, to: params.to }
  const summary = h('p', { class: 'count', 'aria-live': 'polite' }, 'Loading…')
  const chartBox = h('section', { class: 'card wide report-card', 'aria-labelledby': 'ep-chart-h' }, h('h2', { id: 'ep-chart-h' }, 'Over time'), h('p', {}, 'Loading…'))
  const tableBox = h('section', { class: 'card wide report-card', 'aria-labelledby': 'ep-table-h' }, h('h2', { id: 'ep-table-h' }, 'Per email'), h('p', {}, 'Loading…'))
  const linksBox = h('section', { class: 'card wide report-card', 'aria-labelledby': 'ep-links-h', hidden: true })
  main.append(h('h1', {}, 'Email performance'), form, summary, h('div', { class: 'grid' }, tableBox, linksBox, chartBox))

  const fail = (box, title, id) => (e) => {
    if (e.name === 'AbortError') return
    replace(box, h('h2', { id }, title), h('p', { class: 'form-error' }, e instanceof ApiError ? e.summary : String(e)))
  }
  api('/api/analysis/emails' + query({ ...range, by: params.by }), { signal: ctx.signal })
    .then((r) => {
      replace(summary, summaryText(r.total))
      replace(tableBox, h('h2', { id: 'ep-table-h' }, `Per ${GROUPS.find(([k]) => k === params.by)[1].toLowerCase()}`),
        downloadButtons('/api/analysis/emails', { ...range, by: params.by }, { what: 'the email performance table' }),
        tableView(r.rows, params.by, (row) => showLinks(linksBox, row, range, ctx)))
    })
    .catch((e) => {
      replace(summary, '')
      fail(tableBox, 'Per email', 'ep-table-h')(e)
    })
  api('/api/analysis/emails/series' + query({ ...range, interval: params.interval }), { signal: ctx.signal })
    .then((r) => replace(chartBox, h('h2', { id: 'ep-chart-h' }, 'Over time'), seriesView(r.points)))
    .catch(fail(chartBox, 'Over time', 'ep-chart-h'))
}

function summaryText(t) {
  if (!t.sent) return 'No emails were sent in this period.'
  return `${format.number(t.sent)} sent, ${format.number(t.delivered)} delivered; opened by ${format.percent(t.openRate)}, clicked by ${format.percent(t.clickRate)}, ` +
    `unsubscribed ${format.percent(t.unsubscribeRate)}. Counted apart, never as people: ${format.number(t.proxyOpens)} opened by machines ` +
    `(mail-privacy proxies, prefetch) and ${format.number(t.scannerClicks)} with links followed by link scanners.`
}

/** What a row is: the template's name, or the flow and step, and the variant. */
function rowName(r, by) {
  const template = r.templateName ? `${r.templateName} (${r.template})` : r.template
  if (by === 'template') return template || '(unknown template)'
  const step = `${r.flowName || r.flow} · step ${r.step}`
  return by === 'variant' ? `${step} · ${template}` : step
}

/** A number cell that names its column, for the phone's one-card-per-row layout. */
const cell = (label, text) => h('td', { class: 'num', dataset: { label } }, text)

function tableView(rows, by, onLinks) {
  if (!rows.length) return h('p', { class: 'empty' }, 'No emails were sent in this period.')
  const rate = (n, r) => `${format.number(n)} (${format.percent(r)})`
  const head = ['Email', 'Sent', 'Delivered', 'Bounced (hard / soft)', 'Opened', 'Clicked', 'Unsubscribed', 'Complaints', 'Goal conversions',
    'Machine opens / scanner clicks (not counted)', ...(by === 'variant' ? ['Bandit: expected click rate, chance picked'] : []), 'Links']
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Email performance table (scrolls sideways)' }, h('table', { class: 'compact report-table' },
    h('caption', { class: 'sr-only' }, 'Email performance in the period'),
    h('thead', {}, h('tr', {}, head.map((t, i) => h('th', { scope: 'col', class: i && i < head.length - 1 ? 'num' : '' }, t)))),
    h('tbody', {}, rows.map((r) => h('tr', {},
      h('th', { scope: 'row' }, rowName(r, by)),
      cell(head[1], format.number(r.sent)),
      cell(head[2], format.number(r.delivered)),
      cell(head[3], `${format.number(r.hardBounced)} / ${format.number(r.softBounced)} (${format.percent(r.bounceRate)})`),
      cell(head[4], rate(r.opened, r.openRate)),
      cell(head[5], rate(r.clicked, r.clickRate)),
      cell(head[6], rate(r.unsubscribed, r.unsubscribeRate)),
      cell(head[7], rate(r.complained, r.complaintRate)),
      cell(head[8], r.flow ? rate(r.goals, r.goalRate) : '—'),
      cell(head[9], `${format.number(r.proxyOpens)} / ${format.number(r.scannerClicks)}`),
      by === 'variant' ? cell(head[10], r.belief ? `${format.percent(r.belief.expectedClickRate)}, ${format.percent(r.belief.chancePicked)}` : '—') : null,
      h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => onLinks(r) }, h('span', { class: 'sr-only' }, `${rowName(r, by)}: `), 'Clicks per link')))))))
}

async function showLinks(box, row, range, ctx) {
  const filter = { ...range, template: row.template || undefined, flow: row.flow || undefined, step: row.step || undefined, variant: row.variant || undefined }
  box.hidden = false
  const title = `Clicks per link: ${row.templateName || row.template || `${row.flowName || row.flow} · step ${row.step}`}`
  replace(box, h('h2', { id: 'ep-links-h', tabindex: '-1' }, title), h('p', {}, 'Loading…'))
  box.querySelector('h2').focus()
  try {
    const r = await api('/api/analysis/emails/links' + query(filter), { signal: ctx.signal })
    replace(box, h('h2', { id: 'ep-links-h', tabindex: '-1' }, title),
      downloadButtons('/api/analysis/emails/links', filter, { what: 'the clicks per link' }),
      r.links.length ? h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Links table (scrolls sideways)' }, h('table', { class: 'compact report-table' },
        h('caption', { class: 'sr-only' }, title),
        h('thead', {}, h('tr', {}, ['Link', 'People who clicked', 'Clicks', 'Scanner clicks (not counted)'].map((t, i) => h('th', { scope: 'col', class: i ? 'num' : '' }, t)))),
        h('tbody', {}, r.links.map((l) => h('tr', {}, h('th', { scope: 'row', class: 'url' }, l.url),
          cell('People who clicked', format.number(l.people)), cell('Clicks', format.number(l.clicks)), cell('Scanner clicks (not counted)', format.number(l.scannerClicks)))))))
        : h('p', { class: 'empty' }, 'Nobody clicked a link of this email in the period.'))
  } catch (e) {
    if (e.name !== 'AbortError') replace(box, h('h2', { id: 'ep-links-h' }, title), h('p', { class: 'form-error' }, e.summary || String(e)))
  }
}

function seriesView(points) {
  const categories = points.map((p) => p.period)
  return h('div', {},
    barChart({
      label: 'Emails sent, and the people who opened and clicked, per period',
      categories,
      series: [
        { name: 'Sent', values: points.map((p) => p.sent) },
        { name: 'Opened', values: points.map((p) => p.opened) },
        { name: 'Clicked', values: points.map((p) => p.clicked) },
        { name: 'Machine opens', values: points.map((p) => p.proxyOpens) },
      ],
    }),
    h('p', { class: 'hint' }, 'Opened and clicked count each email once per period. Machine opens (mail-privacy proxies, prefetch) are shown apart and are not in Opened.'))
}
