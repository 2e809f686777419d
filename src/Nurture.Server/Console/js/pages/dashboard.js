// The home page for marketers and admins: today and this week against yesterday and last week, each
// number with a sparkline of the last 14 days and a link to the list behind it; the top pages and
// campaigns; open hand-off SLA breaches.
import { api, query } from '../api.js'
import { h, svg } from '../dom.js'
import * as format from '../format.js'
import { downloadButtons } from '../download.js'

/** The tiles: metric, title, where its link goes (a console route), and the link's words. */
const TILES = [
  ['leads', 'New leads', (r) => '#/leads' + query({ createdFrom: r.starts.week, sort: 'created' }), 'New leads this week'],
  ['mqls', 'MQLs', () => '#/leads?stage=mql', 'Leads at MQL'],
  ['hot', 'Hot leads', () => '#/leads?stage=hot', 'Hot leads'],
  ['won', 'Won', () => '#/inbox', 'The sales inbox'],
  ['sent', 'Emails sent', () => '#/templates', 'Email templates'],
  ['opened', 'Opened by people', () => '#/templates', 'Email templates'],
  ['clicked', 'Clicked by people', () => '#/templates', 'Email templates'],
  ['slaBreaches', 'SLA breaches', () => '#/inbox', 'Leads waiting in the inbox'],
]

export async function render(main, ctx) {
  const r = await api('/api/dashboard', { signal: ctx.signal })
  main.append(
    h('h1', {}, 'Dashboard'),
    h('p', { class: 'lede' }, `Today and this week (from Monday ${r.weekStart}) against yesterday and last week, in ${r.timeZone} days. Each line shows the last 14 days.`),
    downloadButtons('/api/dashboard', {}, { what: 'the dashboard\'s numbers' }),
    h('div', { class: 'tiles' }, TILES.map(([metric, title, link, linkText]) => tile(r, metric, title, link(r), linkText))),
    h('div', { class: 'grid' },
      ranked('top-pages', 'Top pages', 'Page views by people', r.topPages, () => null, '#/sources', 'Sources and segments', r.metrics.pageViews, r.days),
      ranked('top-campaigns', 'Top campaigns', 'New leads by first-touch campaign (utm_campaign)', r.topCampaigns,
        (key) => '#/leads' + query({ campaign: key, createdFrom: r.starts.lastWeek }), '#/sources?by=campaign', 'Leads by campaign', null, r.days)))
}

function tile(r, metric, title, href, linkText) {
  const f = r.metrics[metric]
  const id = 'tile-' + metric
  const sla = metric === 'slaBreaches'
  const big = sla ? r.sla.openBreaches : f.today
  return h('section', { class: 'card tile', 'aria-labelledby': id, dataset: { metric } },
    h('h2', { id }, title),
    h('p', { class: 'tile-now' },
      h('span', { class: 'tile-number' }, big === null ? '—' : format.number(big)),
      h('span', { class: 'tile-when' }, sla ? (r.sla.openBreaches === null ? 'no SLA is set' : 'waiting past the SLA now') : 'today'),
      sla ? null : h('span', { class: 'tile-then' }, `yesterday ${format.number(f.yesterday)}`)),
    h('p', { class: 'tile-week' }, sla ? 'Began this week ' : 'This week ', h('strong', {}, format.number(f.thisWeek)),
      ` · last week ${format.number(f.lastWeek)} `, change(f.thisWeek, f.lastWeek, metric === 'slaBreaches')),
    sparkline(`${title} per day, last 14 days`, r.days, f.days),
    metric === 'opened' || metric === 'clicked' ? machines(r, metric) : null,
    h('a', { href, class: 'tile-link' }, linkText, h('span', { 'aria-hidden': 'true' }, ' →')))
}

/** Opens by privacy proxies and clicks by link scanners: counted apart, never as people's. */
function machines(r, metric) {
  const m = r.metrics[metric === 'opened' ? 'machineOpened' : 'machineClicked']
  return h('p', { class: 'hint' }, `Not counted: ${format.number(m.thisWeek)} this week by ${metric === 'opened' ? 'privacy proxies and prefetch' : 'link scanners'}.`)
}

/** "+20%", "−3", "same": green when up is good (red for SLA breaches going up). */
function change(now, before, upIsBad = false) {
  const delta = now - before
  if (delta === 0) return h('span', { class: 'change same' }, 'same')
  const text = (delta > 0 ? '+' : '−') + (before > 0 ? `${Math.round(Math.abs(delta) * 100 / before)}%` : format.number(Math.abs(delta)))
  const good = (delta > 0) !== upIsBad
  return h('span', { class: 'change ' + (good ? 'up' : 'down') }, text, h('span', { class: 'sr-only' }, delta > 0 ? ' more than last week' : ' fewer than last week'))
}

/** A line of the daily values; its text alternative lists every day's number. */
export function sparkline(label, days, values) {
  const W = 280, H = 48, pad = 3
  const max = Math.max(1, ...values)
  const x = (i) => pad + (i * (W - 2 * pad)) / Math.max(1, values.length - 1)
  const y = (v) => H - pad - (v * (H - 2 * pad)) / max
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
  const text = `${label}: ` + values.map((v, i) => `${days[i]} ${v}`).join(', ')
  return svg('svg', { class: 'sparkline', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': text },
    svg('title', {}, text),
    svg('polyline', { points, fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linejoin': 'round' }),
    svg('circle', { cx: x(values.length - 1), cy: y(values[values.length - 1]), r: 3.5, fill: 'currentColor' }))
}

function ranked(id, title, what, items, itemLink, href, linkText, figures, days) {
  return h('section', { class: 'card', 'aria-labelledby': id + '-h', dataset: { metric: id } },
    h('h2', { id: id + '-h' }, title),
    h('p', { class: 'hint' }, what + ', this week against last week.'),
    figures ? sparkline(`${title}: page views per day, last 14 days`, days, figures.days) : null,
    items.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'compact' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, title === 'Top pages' ? 'Page' : 'Campaign'),
          h('th', { scope: 'col', class: 'num' }, 'This week'), h('th', { scope: 'col', class: 'num' }, 'Last week'))),
        h('tbody', {}, items.map((item) => h('tr', {},
          h('th', { scope: 'row', class: 'ranked-key' }, itemLink(item.key) ? h('a', { href: itemLink(item.key) }, item.key) : item.key),
          h('td', { class: 'num' }, format.number(item.thisWeek)), h('td', { class: 'num' }, format.number(item.lastWeek)))))))
      : h('p', { class: 'empty' }, 'Nothing in these two weeks yet.'),
    h('a', { href, class: 'tile-link' }, linkText, h('span', { 'aria-hidden': 'true' }, ' →')))
}
