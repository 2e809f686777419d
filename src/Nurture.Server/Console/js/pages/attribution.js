// Which channels, sources and campaigns bring new leads, MQLs, hot leads and won deals, under a chosen model
// (first touch, last touch, linear, position-based), with what each cost; and the campaign costs behind it,
// uploaded as a spreadsheet (campaign, period, cost) with every problem shown at its row and column.
import { api, query, ApiError } from '../api.js'
import { h, field, select, replace, toast } from '../dom.js'
import { showProblem } from '../errors.js'
import * as format from '../format.js'
import { hbarChart } from '../charts.js'
import { downloadButtons } from '../download.js'

const OUTCOMES = [['new', 'New leads'], ['mql', 'MQLs'], ['hot', 'Hot leads'], ['won', 'Won deals']]
const PER = { new: 'lead', mql: 'MQL', hot: 'hot lead', won: 'won deal' }
const MODELS = [['first', 'First touch'], ['last', 'Last touch'], ['linear', 'Linear'], ['position', 'Position-based']]
const MODEL_WORDS = {
  first: 'all the credit goes to the first touch',
  last: 'all the credit goes to the last touch that was not a direct visit',
  linear: 'each touch before the outcome gets an equal share',
  position: '40/20/40: 40% to the first touch, 40% to the last, 20% shared by those between (one touch: all; two: half each)',
}
const BY = [['channel', 'Channel'], ['source', 'Source'], ['campaign', 'Campaign']]
const TOP = 12 // bars in the chart; the table has every row

const isoDay = (d) => d.toISOString().slice(0, 10)
const label = (key) => key || '(none)'
const money = (amount, currency) => {
  if (amount === null || amount === undefined) return '—'
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: currency === 'JPY' ? 0 : 2 }).format(amount)
  } catch {
    return `${format.number(amount, 2)} ${currency}`
  }
}

export async function render(main, ctx) {
  const q = ctx.query
  const today = new Date()
  const inputs = {
    from: h('input', { type: 'date', value: q.get('from') || isoDay(new Date(today.getTime() - 30 * 86400e3)), required: true }),
    to: h('input', { type: 'date', value: q.get('to') || isoDay(new Date(today.getTime() + 86400e3)), required: true }),
    outcome: select(OUTCOMES, q.get('outcome') || 'new'),
    model: select(MODELS, q.get('model') || 'position'),
    by: select(BY, q.get('by') || 'channel'),
    currency: select([q.get('currency') || 'JPY'], q.get('currency') || 'JPY'),
  }
  const fields = {
    from: field('From', inputs.from), to: field('To (not included)', inputs.to), outcome: field('Outcome', inputs.outcome),
    model: field('Model', inputs.model), by: field('Group by', inputs.by), currency: field('Cost currency', inputs.currency),
  }
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const form = h('form', { class: 'filters filter-grid', 'aria-label': 'Report settings' },
    Object.values(fields), h('button', { type: 'submit', class: 'primary' }, 'Show'), formError)
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    ctx.navigate('#/attribution' + query(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value]))))
  })
  const reportBox = h('section', { class: 'card wide', 'aria-labelledby': 'attribution-h' }, h('h2', { id: 'attribution-h' }, 'Credit'), h('p', {}, 'Loading…'))
  const costsBox = h('section', { class: 'card wide', id: 'costs', 'aria-labelledby': 'costs-h' }, h('h2', { id: 'costs-h' }, 'Campaign costs'))
  main.append(h('h1', {}, 'Attribution'),
    h('p', { class: 'hint' }, 'Which channels, sources and campaigns brought the outcomes of a period, shared among each person’s touches before the outcome, and what each cost.'),
    form, h('div', { class: 'grid' }, reportBox, costsBox))

  const params = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value]))
  const loadReport = async () => {
    try {
      const report = await api('/api/analysis/attribution' + query(params), { signal: ctx.signal })
      replace(inputs.currency, ...report.currencies.map((c) => h('option', { value: c, selected: c === report.currency }, c)))
      replace(reportBox, ...reportView(report, params))
      showProblem(null, fields, formError)
    } catch (e) {
      if (e.name === 'AbortError') return
      if (e instanceof ApiError) showProblem(e, fields, formError)
      replace(reportBox, h('h2', { id: 'attribution-h' }, 'Credit'), h('p', { class: 'form-error' }, e instanceof ApiError ? e.summary : String(e)))
    }
  }
  costsSection(costsBox, ctx, loadReport)
  await loadReport()
}

function reportView(r, params) {
  const outcomeName = OUTCOMES.find(([k]) => k === r.outcome)[1]
  const byName = BY.find(([k]) => k === r.by)[1]
  const won = r.outcome === 'won'
  const heading = h('h2', { id: 'attribution-h' }, `${outcomeName} by ${byName.toLowerCase()}`)
  const summary = h('p', { class: 'attribution-summary' },
    // The period's end is not included: name its last day.
    `${format.number(r.outcomes, 1)} ${outcomeName.toLowerCase()} from ${format.day(r.from)} to ${format.day(new Date(new Date(r.to).getTime() - 1).toISOString())}`,
    won ? ` · deal value ${money(r.value, 'JPY')}` : '',
    ` · cost ${money(r.cost, r.currency)}`,
    r.cost > 0 && r.outcomes > 0 ? ` · ${money(r.cost / r.outcomes, r.currency)} per ${PER[r.outcome]}` : '')
  const model = h('p', { class: 'hint' }, `${MODELS.find(([k]) => k === r.model)[1]}: ${MODEL_WORDS[r.model]}.`)
  if (!r.rows.length) return [heading, summary, h('p', { class: 'empty' }, `No ${outcomeName.toLowerCase()} and no campaign costs in this period.`)]
  const chart = hbarChart({
    label: `${outcomeName} credited to each ${byName.toLowerCase()} (${MODELS.find(([k]) => k === r.model)[1].toLowerCase()})`,
    items: r.rows.filter((row) => row.credit > 0).slice(0, TOP).map((row) => ({ label: short(label(row.key)), title: label(row.key), value: row.credit })),
    valueText: (v) => format.number(v, 2),
    // A narrower drawing on a phone, so its text stays readable when scaled to the screen.
    ...(window.innerWidth < 600 ? { width: 360, labelWidth: 110, valueRoom: 50 } : { labelWidth: 150 }),
  })
  const head = [byName, outcomeName, 'Share', ...(won ? ['Deal value'] : []), 'Cost', `Cost per ${PER[r.outcome]}`]
  // A table wider than a phone scrolls in its box, which keyboard users can reach.
  const table = h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': `${outcomeName} by ${byName.toLowerCase()}: table` }, h('table', { class: 'compact attribution-table' },
    h('caption', { class: 'sr-only' }, `${outcomeName} by ${byName.toLowerCase()}, with cost`),
    h('thead', {}, h('tr', {}, head.map((t, i) => h('th', { scope: 'col', class: i ? 'num' : '' }, t)))),
    h('tbody', {}, r.rows.map((row) => h('tr', {},
      h('th', { scope: 'row', class: 'key' }, label(row.key)),
      h('td', { class: 'num' }, format.number(row.credit, 2)),
      h('td', { class: 'num' }, format.percent(row.share)),
      won ? h('td', { class: 'num' }, money(row.value, 'JPY')) : null,
      h('td', { class: 'num' }, money(row.cost, r.currency)),
      h('td', { class: 'num' }, money(row.costPerOutcome, r.currency)))))))
  const unplaced = r.unplacedCost > 0
    ? h('p', { class: 'hint' }, `${money(r.unplacedCost, r.currency)} was spent on campaigns with no touch in this period (${r.unplacedCampaigns.join(', ')}); it is in the total, not in a row.`)
    : null
  const downloads = downloadButtons('/api/analysis/attribution/export', params, { what: 'the attribution table' })
  return [heading, summary, model, chart, table, unplaced, downloads]
}

const short = (text) => (text.length > 22 ? text.slice(0, 21) + '…' : text)

/** The costs: upload (errors at their rows), the list with delete, and the download. */
function costsSection(box, ctx, onChange) {
  const file = field('Cost spreadsheet (CSV or XLSX)', h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx,text/csv', required: true }),
    'Columns: campaign (as in utm_campaign), period (a month: 2026-11), cost (yen unless a currency column says otherwise). A campaign and month uploaded again replaces the earlier cost.')
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Upload costs')
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const rowErrors = h('div', { class: 'row-errors' })
  const listBox = h('div', {}, h('p', {}, 'Loading…'))
  const form = h('form', { class: 'upload-form', 'aria-label': 'Upload campaign costs' }, file, submit, formError, rowErrors)
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const body = new FormData()
    if (file.control.files[0]) body.append('file', file.control.files[0])
    submit.disabled = true
    replace(rowErrors)
    try {
      const answer = await api('/api/analysis/attribution/costs', { method: 'POST', body, signal: ctx.signal })
      showProblem(null, { file }, formError)
      toast(`Costs stored: ${answer.added} new, ${answer.replaced} replaced.`)
      form.reset()
      await drawList()
      await onChange()
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      const listed = err.problem.rowErrors || []
      showProblem(err, { file }, formError)
      // Row errors are listed in a table of their own, not in the one-line summary.
      if (listed.length) {
        formError.textContent = err.message
        formError.hidden = false
        replace(rowErrors, h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Problems in the file: table' }, h('table', { class: 'compact' },
          h('caption', {}, 'Problems in the file (nothing was stored)'),
          h('thead', {}, h('tr', {}, ['Row', 'Column', 'Problem'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, listed.map((x) => h('tr', {}, h('td', {}, x.row ?? '—'), h('td', {}, x.column ?? '—'), h('td', {}, x.reason))))))) 
      }
    } finally {
      submit.disabled = false
    }
  })

  const drawList = async () => {
    const costs = await api('/api/analysis/attribution/costs', { signal: ctx.signal })
    if (!costs.length) {
      replace(listBox, h('p', { class: 'empty' }, 'No campaign costs yet.'))
      return
    }
    replace(listBox,
      h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Stored costs: table' }, h('table', { class: 'compact' }, h('caption', {}, 'Stored costs'),
        h('thead', {}, h('tr', {}, ['Campaign', 'Month', 'Cost', 'Uploaded', ''].map((t, i) => h('th', { scope: 'col', class: i === 2 ? 'num' : '' }, t)))),
        h('tbody', {}, costs.map((c) => h('tr', {},
          h('th', { scope: 'row', class: 'key' }, c.campaign),
          h('td', {}, c.month.slice(0, 7)),
          h('td', { class: 'num' }, money(c.amount, c.currency)),
          h('td', {}, `${format.day(c.uploadedAt)} · ${c.uploadedBy.replace(/^user:/, '')}`),
          h('td', {}, h('button', {
            type: 'button', class: 'link', 'aria-label': `Delete the cost of ${c.campaign} for ${c.month.slice(0, 7)} (${c.currency})`,
            onclick: async () => {
              if (!window.confirm(`Delete the cost of ${c.campaign} for ${c.month.slice(0, 7)}?`)) return
              try {
                await api(`/api/analysis/attribution/costs/${c.id}`, { method: 'DELETE', signal: ctx.signal })
                toast('Cost deleted.')
                await drawList()
                await onChange()
              } catch (err) {
                toast(err.summary || String(err), 'error')
              }
            },
          }, 'Delete'))))))),
      downloadButtons('/api/analysis/attribution/costs/export', {}, { what: 'the campaign costs' }))
  }
  box.append(form, listBox)
  drawList().catch((e) => e.name !== 'AbortError' && replace(listBox, h('p', { class: 'form-error' }, e.summary || String(e))))
}
