// The lead list: search and filters (stage, grade, score, owner, source, segment), sorting and paging,
// all kept in the address (#/leads?q=…) so a filtered list can be bookmarked and shared.
import { api, query, ApiError } from '../api.js'
import { downloadButtons } from '../download.js'
import { h, field, select, replace } from '../dom.js'
import * as format from '../format.js'
import { showProblem } from '../errors.js'

const STAGES = ['anonymous', 'known', 'engaged', 'mql', 'hot']
const GRADES = ['A', 'B', 'C', 'D']
const SORTS = [['lastSeen', 'Last seen'], ['engagement', 'Engagement'], ['fit', 'Fit'], ['created', 'Created'], ['email', 'Email']]
const PAGE = 50
const FILTERS = ['q', 'stage', 'grade', 'minEngagement', 'owner', 'channel', 'source', 'campaign', 'segment', 'sort']
// Filters that arrive in links (the dashboard's "new leads this week"), kept while the others change.
const KEPT = ['createdFrom', 'createdTo']

export async function render(main, ctx) {
  const q = ctx.query
  const segments = await api('/api/segments', { signal: ctx.signal }).catch(() => [])

  const inputs = {
    q: h('input', { type: 'search', name: 'q', value: q.get('q') || '', placeholder: 'Name, email or company' }),
    stage: select([['', 'Any stage'], ...STAGES], q.get('stage'), { name: 'stage' }),
    grade: select([['', 'Any grade'], ...GRADES], q.get('grade'), { name: 'grade' }),
    minEngagement: h('input', { type: 'number', name: 'minEngagement', min: 0, step: 1, value: q.get('minEngagement') || '', inputmode: 'numeric' }),
    owner: h('input', { type: 'text', name: 'owner', value: q.get('owner') || '' }),
    channel: h('input', { type: 'text', name: 'channel', value: q.get('channel') || '', placeholder: 'email, organic_search…' }),
    source: h('input', { type: 'text', name: 'source', value: q.get('source') || '' }),
    campaign: h('input', { type: 'text', name: 'campaign', value: q.get('campaign') || '' }),
    segment: select([['', 'Any segment'], ...segments.map((s) => [s.id, s.name])], q.get('segment'), { name: 'segment' }),
    sort: select(SORTS, q.get('sort') || 'lastSeen', { name: 'sort' }),
  }
  // Keyed by query parameter, as the API names a refused filter.
  const fields = {
    q: field('Search', inputs.q), stage: field('Stage', inputs.stage), grade: field('Grade', inputs.grade),
    minEngagement: field('Engagement at least', inputs.minEngagement), owner: field('Owner (rep id)', inputs.owner),
    channel: field('Channel', inputs.channel), source: field('Source (utm_source)', inputs.source), campaign: field('Campaign', inputs.campaign),
    segment: field('Segment', inputs.segment), sort: field('Sort by', inputs.sort),
  }
  const more = h('details', { class: 'filter-more', open: FILTERS.slice(1, -1).some((f) => q.get(f)) },
    h('summary', {}, 'More filters'),
    h('div', { class: 'filter-grid' }, FILTERS.slice(1).map((f) => fields[f])))
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter leads' },
    h('div', { class: 'filter-main' }, fields.q, h('button', { type: 'submit', class: 'primary' }, 'Search')), more)
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    const params = Object.fromEntries(FILTERS.map((f) => [f, inputs[f].value.trim()]))
    if (params.sort === 'lastSeen') params.sort = ''
    for (const k of KEPT) params[k] = q.get(k) || ''
    ctx.navigate('#/leads' + query(params))
  })
  for (const name of ['stage', 'grade', 'segment', 'sort']) inputs[name].addEventListener('change', () => form.requestSubmit())

  const results = h('div', { class: 'results', 'aria-live': 'polite' })
  const created = q.get('createdFrom') || q.get('createdTo')
    ? h('p', { class: 'hint' }, 'Created ', q.get('createdFrom') ? `from ${format.when(q.get('createdFrom'))} ` : '', q.get('createdTo') ? `until ${format.when(q.get('createdTo'))} ` : '',
      h('a', { href: '#/leads' + query(Object.fromEntries(FILTERS.map((f) => [f, q.get(f)]))) }, 'Show leads created at any time'))
    : null
  main.append(h('h1', {}, 'Leads'), form, created, results)

  const offset = Math.max(0, Number(q.get('offset')) || 0)
  const params = Object.fromEntries([...FILTERS, ...KEPT].map((f) => [f, q.get(f)]))
  let page
  try {
    page = await api('/api/leads' + query({ ...params, limit: PAGE, offset }), { signal: ctx.signal })
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 400) throw e
    // A filter from the address the server refused: shown at its field, the rest above the results.
    const problem = h('p', { class: 'form-error', role: 'alert' })
    showProblem(e, fields, problem)
    more.open ||= e.errors.some((x) => fields[x.key] && x.key !== 'q')
    return replace(results, problem)
  }
  replace(results, summary(page, offset), table(page.leads), pager(ctx, page.total, offset),
    page.total ? downloadButtons('/api/leads/export', params, { what: 'every lead that matches' }) : null)
}

function summary(page, offset) {
  if (page.total === 0) return h('p', { class: 'empty' }, 'No leads match.')
  const last = Math.min(offset + page.leads.length, page.total)
  return h('p', { class: 'count' }, `${format.number(offset + 1)}–${format.number(last)} of ${format.number(page.total)} leads`)
}

function table(leads) {
  if (!leads.length) return null
  return h('div', { class: 'table-wrap' }, h('table', { class: 'leads-table' },
    h('thead', {}, h('tr', {}, ['Lead', 'Stage', 'Grade', 'Engagement', 'Fit', 'First touch', 'Owner', 'Last seen'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, leads.map((lead) => h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: '#/leads/' + lead.id }, format.leadName(lead)),
        lead.company ? h('span', { class: 'sub' }, lead.company) : null,
        lead.name && lead.email ? h('span', { class: 'sub' }, lead.email) : null),
      h('td', { 'data-label': 'Stage' }, h('span', { class: 'stage stage-' + lead.stage }, lead.stage)),
      h('td', { 'data-label': 'Grade' }, lead.grade),
      h('td', { 'data-label': 'Engagement', class: 'num' }, format.number(lead.engagement, 1)),
      h('td', { 'data-label': 'Fit', class: 'num' }, format.number(lead.fit, 1)),
      h('td', { 'data-label': 'First touch' }, [lead.firstChannel, lead.firstSource, lead.firstCampaign].filter(Boolean).join(' · ') || '—'),
      h('td', { 'data-label': 'Owner' }, lead.owner || '—'),
      h('td', { 'data-label': 'Last seen' }, format.ago(lead.lastSeen)))))))
}

function pager(ctx, total, offset) {
  if (total <= PAGE) return null
  const go = (to) => {
    const params = new URLSearchParams(ctx.query)
    params.set('offset', String(to))
    ctx.navigate('#/leads?' + params.toString())
  }
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', disabled: offset === 0, onclick: () => go(Math.max(0, offset - PAGE)) }, '← Previous'),
    h('button', { type: 'button', disabled: offset + PAGE >= total, onclick: () => go(offset + PAGE) }, 'Next →'))
}
