// Predictive models: train a version from a spreadsheet (upload, see its columns, choose the outcome and what to
// learn from) or from sales' won/lost verdicts; read its report as charts and plain sentences; list the versions,
// compare two side by side, and activate one after a confirmation.
import { api, ApiError } from '../api.js'
import { h, field, select, replace, toast, nextId } from '../dom.js'
import { showProblem } from '../errors.js'
import * as format from '../format.js'
import { hbarChart, shareChart } from '../charts.js'
import * as words from '../model-words.js'

const BASE = '/api/scoring/predictive'

const KINDS = {
  number: 'Number', category: 'Category', yesNo: 'Yes/no', date: 'Date', text: 'Free text', idLike: 'ID-like', empty: 'Empty',
}

const MEANINGS = [['positive', 'Became a customer'], ['negative', 'Did not'], ['skip', 'Leave these rows out']]

export async function render(main, ctx) {
  const state = { models: [], activeVersion: null, problem: null }
  const activeBox = h('div', { class: 'active-model', 'aria-live': 'polite' })
  const reportBox = h('section', { class: 'card model-report', 'aria-labelledby': 'report-h', hidden: true })
  const versionsBox = h('section', { class: 'card', 'aria-labelledby': 'versions-h' })
  const compareBox = h('section', { class: 'card', 'aria-labelledby': 'compare-h', hidden: true })

  const showReport = (version, { focus = true } = {}) => {
    const model = state.models.find((m) => m.version === version)
    if (!model) return
    drawReport(reportBox, model, state, { activate: confirmActivate })
    reportBox.hidden = false
    if (focus) reportBox.querySelector('h2').focus()
  }
  const compare = (a, b) => {
    const [x, y] = [a, b].map((v) => state.models.find((m) => m.version === v))
    if (!x || !y) return
    drawComparison(compareBox, x, y, state)
    compareBox.hidden = false
    compareBox.querySelector('h2').focus()
  }
  const refresh = async () => {
    const listed = await api(BASE + '/models', { signal: ctx.signal })
    state.models = listed.models
    state.activeVersion = listed.activeVersion
    state.problem = listed.activeModelProblem
    drawActive(activeBox, state, showReport)
    drawVersions(versionsBox, state, { show: showReport, compare, activate: confirmActivate })
  }
  const trained = async (answer) => {
    await refresh()
    toast(`Version ${answer.version} is trained. Read its report, then activate it if it is good enough.`)
    showReport(answer.version)
  }
  async function confirmActivate(version) {
    if (await confirmActivation(version, state)) {
      await refresh()
      toast(`Version ${version} is active: every lead's likelihood to convert comes from it within a few seconds.`)
      if (!reportBox.hidden) showReport(Number(reportBox.dataset.version), { focus: false })
    }
  }

  main.append(
    h('h1', {}, 'Predictive models'),
    h('p', { class: 'lede' }, 'A model learns from past leads which ones became customers, and gives every lead a likelihood to convert. ',
      'Train a version from a spreadsheet or from what sales reported, read its report, then activate it.'),
    activeBox,
    trainCard(ctx, trained),
    reportBox, versionsBox, compareBox)
  await refresh()
  const latest = state.models.find((m) => m.version === state.activeVersion) || state.models[0]
  if (latest) showReport(latest.version, { focus: false })
}

/** Which version is active, or that none is (and why, when the stored one does not load). */
function drawActive(box, state, show) {
  const active = state.models.find((m) => m.version === state.activeVersion)
  replace(box,
    state.problem ? h('p', { class: 'form-error', role: 'alert' }, state.problem) : null,
    active
      ? h('p', {}, h('span', { class: 'status status-active' }, 'Active'), ` Version ${active.version}, trained ${format.when(active.createdAt)}: `,
        words.aucGrade(active.report?.auc), ' at ranking leads. ',
        h('button', { type: 'button', class: 'link', onclick: () => show(active.version) }, `Read the report of version ${active.version}`))
      : h('p', { class: 'note' }, 'No model is active: leads have no likelihood to convert yet. Train a version below and activate it.'))
}

// ---- training

function trainCard(ctx, onTrained) {
  const id = nextId('source')
  const fromFile = h('input', { type: 'radio', name: id, id: id + '-file', value: 'file', checked: true })
  const fromOutcomes = h('input', { type: 'radio', name: id, id: id + '-outcomes', value: 'outcomes' })
  const filePanel = h('div', { class: 'train-panel' })
  const outcomesPanel = h('div', { class: 'train-panel', hidden: true })
  const choose = () => {
    filePanel.hidden = !fromFile.checked
    outcomesPanel.hidden = !fromOutcomes.checked
    if (fromOutcomes.checked && !outcomesPanel.dataset.loaded) loadOutcomes(outcomesPanel, ctx, onTrained)
  }
  fromFile.addEventListener('change', choose)
  fromOutcomes.addEventListener('change', choose)
  fileTraining(filePanel, ctx, onTrained)
  return h('section', { class: 'card', 'aria-labelledby': 'train-h' },
    h('h2', { id: 'train-h' }, 'Train a new version'),
    h('fieldset', { class: 'inline' }, h('legend', {}, 'Learn from'),
      h('span', { class: 'choice' }, fromFile, ' ', h('label', { for: fromFile.id }, 'A spreadsheet of past leads')),
      h('span', { class: 'choice' }, fromOutcomes, ' ', h('label', { for: fromOutcomes.id }, 'What sales reported (won or lost)'))),
    filePanel, outcomesPanel)
}

/** Step one: the file, read by the server, which answers its columns. Step two: the choice, then training. */
function fileTraining(panel, ctx, onTrained) {
  const file = field('Spreadsheet (CSV or XLSX)', h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx,.txt,text/csv' }),
    'A header row, one past lead per row, and a column that says whether they became a customer. CSV (UTF-8 or Shift_JIS) or XLSX, up to 10 MB.')
  const read = h('button', { type: 'submit', class: 'primary' }, 'Read the file')
  const readError = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const choiceBox = h('div', { class: 'choice-box' })
  const form = h('form', { class: 'stack upload-form', novalidate: true }, file, readError, h('p', { class: 'button-row' }, read))
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    showProblem(null, { file }, readError)
    const chosen = file.control.files[0]
    if (!chosen) {
      showProblem({ errors: [{ key: 'file', reason: 'choose a CSV or XLSX file first' }] }, { file }, readError)
      file.control.focus()
      return
    }
    const body = new FormData()
    body.append('file', chosen)
    read.disabled = true
    read.textContent = 'Reading…'
    try {
      const upload = await api(BASE + '/uploads', { method: 'POST', body, signal: ctx.signal })
      choiceForm(choiceBox, upload, ctx, onTrained)
      choiceBox.querySelector('h3').focus()
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      replace(choiceBox)
      showProblem(err, { file }, readError)
      file.control.focus()
    } finally {
      read.disabled = false
      read.textContent = 'Read the file'
    }
  })
  replace(panel, form, choiceBox)
}

/** The file's columns: the outcome column, what its values mean, and the columns to learn from. */
function choiceForm(box, upload, ctx, onTrained) {
  const ins = upload.inspection
  const usable = ins.columns.filter((c) => c.kind !== 'empty')
  const labelSelect = select(usable.map((c) => [c.name, `${c.name} (${KINDS[c.kind]})`]), ins.suggestedLabel || '', { name: 'label' })
  if (!ins.suggestedLabel) labelSelect.prepend(h('option', { value: '', selected: true, disabled: true }, 'Choose the column…'))
  const label = field('Which column says whether the lead became a customer?', labelSelect,
    'Won or lost, yes or no, 1 or 0, or a status such as "Closed won". The model learns to predict this column from the others.')
  const valuesSlot = h('div', {})
  const values = group('What each value means', valuesSlot)
  const columnsSlot = h('div', {})
  const columns = group('Columns to learn from', columnsSlot,
    'Untick a column that gives the answer away (a "won date", a contract number) or that a live lead will never have.')
  const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const status = h('p', { class: 'note', 'aria-live': 'polite' })
  const train = h('button', { type: 'submit', class: 'primary' }, 'Train a new version')

  const checks = new Map() // column name → its checkbox
  const meanings = new Map() // value → its select
  const drawValues = () => {
    meanings.clear()
    const column = ins.columns.find((c) => c.name === labelSelect.value)
    if (!column) return replace(valuesSlot, h('p', { class: 'hint' }, 'Choose the outcome column first.'))
    if (!column.values) {
      return replace(valuesSlot, h('p', { class: 'hint' }, `"${column.name}" has more than 30 different values; an outcome column has a few, such as won and lost. `,
        'Its values are read as yes or no (1/0, true/false, won/lost); rows with any other value are left out.'))
    }
    replace(valuesSlot, h('div', { class: 'table-wrap' }, h('table', { class: 'compact outcome-values' },
      h('caption', { class: 'sr-only' }, `What each value of ${column.name} means`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col', class: 'num' }, 'Leads'), h('th', { scope: 'col' }, 'Means'))),
      h('tbody', {}, column.values.map((v) => {
        // A value read as won/yes/1 means a customer; any other value, until someone says otherwise, that they did not.
        const control = select(MEANINGS, v.outcome === true ? 'positive' : 'negative', { 'aria-label': `What "${v.value}" in ${column.name} means` })
        meanings.set(v.value, control)
        return h('tr', {}, h('th', { scope: 'row' }, v.value), h('td', { class: 'num' }, format.number(v.count)), h('td', {}, control))
      })))),
    h('p', { class: 'hint' }, 'Deals still open? Choose "Leave these rows out": they have not ended either way. Blank cells are always left out.'))
  }
  const drawColumns = () => {
    const previous = new Map([...checks].map(([name, box]) => [name, box.checked]))
    checks.clear()
    replace(columnsSlot, h('div', { class: 'table-wrap' }, h('table', { class: 'compact columns-table' },
      h('caption', { class: 'sr-only' }, 'The columns of the file'),
      h('thead', {}, h('tr', {}, ['Use', 'Column', 'Kind', 'Filled', 'Examples'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ins.columns.map((c) => {
        const isLabel = c.name === labelSelect.value
        const box = h('input', {
          type: 'checkbox', 'aria-label': `Use ${c.name}`, disabled: isLabel || c.kind === 'empty',
          // A column keeps its tick when another outcome is chosen; the former outcome column gets its default again.
          checked: !isLabel && c.kind !== 'empty' && (previous.has(c.name) ? previous.get(c.name) : c.usedByDefault),
        })
        if (!isLabel) checks.set(c.name, box)
        return h('tr', { class: isLabel ? 'is-label' : '' },
          h('td', { class: 'use' }, box),
          h('th', { scope: 'row' }, c.name, isLabel ? h('span', { class: 'sub' }, 'the outcome') : c.note ? h('span', { class: 'sub' }, c.note) : null),
          h('td', { 'data-label': 'Kind' }, h('span', { class: 'tag kind-' + c.kind }, KINDS[c.kind] || c.kind)),
          h('td', { class: 'num', 'data-label': 'Filled' }, `${format.number(c.filled)} of ${format.number(ins.rows)}`),
          h('td', { class: 'samples', 'data-label': 'Examples' }, c.samples.join(' · ') || '—'))
      })))))
  }
  labelSelect.addEventListener('change', () => {
    drawValues()
    drawColumns()
  })

  const form = h('form', { class: 'choice-form', novalidate: true },
    h('h3', { tabindex: -1 }, `${upload.fileName}: ${format.number(ins.rows)} rows`),
    h('p', { class: 'hint' }, ins.source, '. ',
      ins.raggedRows ? `${format.number(ins.raggedRows)} rows have another number of cells than the header and are left out. ` : '',
      `The file is kept until ${format.clock(upload.expiresAt)}, so you can train more than one version from it.`),
    label, values, columns, summary, status, h('p', { class: 'button-row' }, train))
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const fields = { '$.label': label, '$.positive': values, '$.negative': values, '$.exclude': columns }
    showProblem(null, fields, summary)
    const choice = { label: labelSelect.value }
    if (meanings.size) {
      const chosen = (meaning) => [...meanings].filter(([, control]) => control.value === meaning).map(([value]) => value)
      choice.positive = chosen('positive')
      if (chosen('skip').length) choice.negative = chosen('negative')
    }
    choice.exclude = [...checks].filter(([, box]) => !box.checked && !box.disabled).map(([name]) => name)
    train.disabled = true
    status.textContent = 'Training… this takes a few seconds.'
    try {
      const answer = await api(`${BASE}/uploads/${upload.id}/train`, { method: 'POST', json: choice, signal: ctx.signal })
      status.textContent = `Version ${answer.version} is trained.`
      await onTrained(answer)
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      status.textContent = ''
      if (err.status === 404) {
        summary.textContent = 'The file is no longer kept (uploads are kept for an hour): read it again above.'
        summary.hidden = false
        return
      }
      showProblem(err, fields, summary)
      // Errors under the tables are not announced by the summary: the live status says where to look.
      if (summary.hidden) status.textContent = 'Training was refused: the reasons are shown above, at what they concern.'
      form.querySelector('.field-error:not([hidden]), .form-error:not([hidden])')?.scrollIntoView({ block: 'center' })
    } finally {
      train.disabled = false
    }
  })
  replace(box, form)
  drawValues()
  drawColumns()
}

/** A group of controls that takes errors like a field does (see errors.js), for tables of choices. */
function group(legend, content, hint) {
  const error = h('p', { class: 'field-error', id: nextId('group') + '-error', hidden: true })
  const wrapper = h('fieldset', { class: 'group', 'aria-describedby': error.id }, h('legend', {}, legend), hint ? h('p', { class: 'hint' }, hint) : null, error, content)
  wrapper.error = error
  // The error is announced through the fieldset's description; no single control is the invalid one.
  wrapper.control = { setAttribute() {}, removeAttribute() {} }
  return wrapper
}

/** Training from sales' verdicts: how many there are, what is missing, and the button. */
async function loadOutcomes(panel, ctx, onTrained) {
  panel.dataset.loaded = 'true'
  replace(panel, h('p', { class: 'loading' }, 'Counting what sales reported…'))
  let counts
  try {
    counts = await api(BASE + '/outcomes', { signal: ctx.signal })
  } catch (err) {
    delete panel.dataset.loaded
    replace(panel, h('p', { class: 'form-error' }, err instanceof ApiError ? err.summary : String(err)))
    return
  }
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const status = h('p', { class: 'note', 'aria-live': 'polite' })
  const train = h('button', { type: 'button', class: 'primary', disabled: !!counts.shortfall }, 'Train from sales outcomes')
  train.addEventListener('click', async () => {
    train.disabled = true
    error.hidden = true
    status.textContent = 'Training… this takes a few seconds.'
    try {
      const answer = await api(BASE + '/train', { method: 'POST', json: { source: 'outcomes' }, signal: ctx.signal })
      status.textContent = `Version ${answer.version} is trained.`
      await onTrained(answer)
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      status.textContent = ''
      showProblem(err, {}, error)
    } finally {
      train.disabled = !!counts.shortfall
    }
  })
  replace(panel,
    h('p', {}, `Sales have marked ${format.number(counts.won)} lead${counts.won === 1 ? '' : 's'} won and ${format.number(counts.lost)} lost. `,
      'The model learns from what each of those leads did on your sites and the traits they had when sales decided.'),
    counts.shortfall
      ? h('p', { class: 'check-warn' }, `Not enough yet: at least ${counts.minPerClass} won, ${counts.minPerClass} lost and ${counts.minRows} in all are needed. `,
        'Sales mark leads won or lost in their inbox or on a lead\'s page.')
      : null,
    error, status, h('p', { class: 'button-row' }, train))
}

// ---- a version's report

const reportOf = (model) => model.report || {}

function drawReport(box, model, state, { activate }) {
  const r = reportOf(model)
  const active = model.version === state.activeVersion
  const verdict = words.verdict(r)
  box.dataset.version = String(model.version)
  replace(box,
    h('div', { class: 'page-head' },
      h('div', {},
        h('h2', { id: 'report-h', tabindex: -1 }, `Version ${model.version}`),
        h('p', { class: 'badges' }, active ? h('span', { class: 'status status-active' }, 'Active') : h('span', { class: 'status' }, 'Not active'),
          h('span', { class: 'note' }, `trained ${format.when(model.createdAt)} from ${describeSource(r)}`))),
      active ? null : h('button', { type: 'button', class: 'primary', onclick: () => activate(model.version) }, `Activate version ${model.version}…`)),
    h('p', { class: `verdict verdict-${verdict.kind}` }, verdict.text),
    h('div', { class: 'figures' },
      figure('Ranking (AUC)', fixed(r.auc, 2), words.aucGrade(r.auc), words.aucSentence(r)),
      figure('Top 10% (precision)', format.percent(r.precisionAtTop10Percent), `against ${format.percent(r.baseRate)} overall`, words.topSentence(r)),
      figure('Accuracy (Brier score)', fixed(r.brierScore, 3), Number.isFinite(words.brierBaseline(r)) ? `a flat guess scores ${fixed(words.brierBaseline(r), 3)}` : '', words.brierSentence(r))),
    h('div', { class: 'chart-grid' },
      h('div', {}, h('h3', {}, 'Finding customers (ROC curve)'), h('p', { class: 'hint' }, words.rocSentence()), rocChart([model])),
      h('div', {}, h('h3', {}, 'Are its likelihoods right? (calibration)'), h('p', { class: 'hint' }, words.calibrationSentence(r)), calibrationChart(r))),
    h('h3', {}, 'What the model looks at most'),
    h('p', { class: 'hint' }, 'Each column\'s share of the model\'s decisions. A column far ahead of the rest is worth a look: does it give the answer away?'),
    featuresChart(r),
    details(r))
}

const fixed = (n, digits) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : '—')

function figure(title, value, sub, sentence) {
  return h('div', { class: 'figure-tile' }, h('h3', {}, title), h('p', { class: 'figure-value' }, value, sub ? h('span', { class: 'sub' }, sub) : null), h('p', {}, sentence))
}

function describeSource(r) {
  if (!r.source) return 'an unknown source'
  return r.source.startsWith('sales outcomes') ? 'sales outcomes (won or lost)' : r.source
}

function rocChart(models) {
  const series = models.map((m) => ({
    name: `Version ${m.version}`,
    points: (reportOf(m).rocCurve || []).map((p) => ({ x: p.falsePositiveRate, y: p.truePositiveRate })),
  }))
  if (!series.some((s) => s.points.length)) return h('p', { class: 'empty' }, 'This version was trained before ROC curves were kept.')
  const rows = models.flatMap((m) => (reportOf(m).rocCurve || []).filter((_, i, all) => all.length <= 21 || i % Math.ceil(all.length / 20) === 0 || i === all.length - 1)
    .map((p) => [...(models.length > 1 ? [`Version ${m.version}`] : []), format.percent(p.threshold), format.percent(p.truePositiveRate), format.percent(p.falsePositiveRate)]))
  return shareChart({
    label: models.length > 1 ? `ROC curves of versions ${models.map((m) => m.version).join(' and ')}` : `ROC curve of version ${models[0].version}`,
    xLabel: 'Others reached', yLabel: 'Customers reached', series, diagonal: 'Guessing',
    table: { head: [...(models.length > 1 ? ['Version'] : []), 'Likelihood at least', 'Customers reached', 'Others reached'], rows },
  })
}

function calibrationChart(r) {
  const bins = (r.calibration || []).filter((b) => b.count > 0 && b.meanPredicted !== null && b.observedRate !== null)
  if (!bins.length) return h('p', { class: 'empty' }, 'No calibration figures for this version.')
  return shareChart({
    label: 'Likelihood given against the share that became customers',
    xLabel: 'Likelihood the model gave', yLabel: 'Became customers',
    series: [{ name: 'Leads', line: false, points: bins.map((b) => ({ x: b.meanPredicted, y: b.observedRate, size: b.count, title: `${b.count} leads given ${format.percent(b.meanPredicted)} on average: ${format.percent(b.observedRate)} became customers` })) }],
    diagonal: 'Exactly right',
    table: {
      head: ['Likelihood given', 'Leads', 'On average', 'Became customers'],
      rows: bins.map((b) => [`${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`, format.number(b.count), format.percent(b.meanPredicted), format.percent(b.observedRate)]),
    },
  })
}

function featuresChart(r) {
  const items = (r.featureImportance || []).filter((f) => f.importance > 0).slice(0, 10)
    .map((f) => ({ label: shorten(f.feature, 22), title: f.feature, value: f.importance * 100 }))
  if (!items.length) return h('p', { class: 'empty' }, 'No column shares were recorded for this version.')
  return h('div', { class: 'features-chart' },
    hbarChart({ label: 'Share of the model\'s decisions per column', items, width: 380, labelWidth: 150, valueRoom: 56, valueText: (v) => `${format.number(v, 1)}%` }))
}

const shorten = (text, n) => (text.length <= n ? text : text.slice(0, n - 1) + '…')

/** What went into the version: rows, columns, the outcome's values, where live leads' values come from. */
function details(r) {
  const rows = r.rows || {}
  const skipped = r.skipped || []
  return h('details', { class: 'model-details' }, h('summary', {}, 'How this version was trained'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'From'), h('dd', {}, describeSource(r)),
      h('dt', {}, 'Outcome'), h('dd', {}, r.labelColumn || '—',
        r.positiveValues ? ` — customers: ${r.positiveValues.join(', ')}; not: ${r.negativeValues ? r.negativeValues.join(', ') : 'every other value'}` : ' (read as yes or no)'),
      h('dt', {}, 'Rows'), h('dd', {}, `${format.number(rows.train)} learnt from, ${format.number(rows.test)} kept aside to measure it (never seen while learning), `,
        `${format.number(rows.skipped)} left out; ${format.number(rows.positive)} became customers, ${format.number(rows.negative)} did not.`),
      skipped.length ? [h('dt', {}, 'Left out'), h('dd', {}, h('ul', { class: 'plain' }, skipped.map((s) => h('li', {}, `${format.number(s.count)} because ${s.reason} (e.g. ${s.examples.slice(0, 3).join('; ')})`))))] : null,
      r.excludedColumns?.length ? [h('dt', {}, 'Columns you left out'), h('dd', {}, r.excludedColumns.join(', '))] : null,
      r.ignoredColumns?.length ? [h('dt', {}, 'Empty columns'), h('dd', {}, r.ignoredColumns.join(', '))] : null,
      h('dt', {}, 'Method'), h('dd', {}, `${r.algorithm || '—'}, ${fixed(r.trainingSeconds, 1)} s`)),
    r.features?.length
      ? [h('div', { class: 'table-wrap' }, h('table', { class: 'compact' }, h('caption', {}, 'On live leads, each column is read from'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, 'Read from'))),
        h('tbody', {}, r.features.map((f) => h('tr', {}, h('th', { scope: 'row' }, f.name), h('td', {}, words.liveSourceWords(f.liveSource))))))),
      h('p', { class: 'hint' }, 'A column no live lead has is unknown for every lead. Columns named as the console names a lead\'s numbers ',
        '("Page views", "Sessions", "Pricing interest", "Fit") or traits ("Job title") are fed from them.')]
      : null)
}

// ---- versions, comparison, activation

function drawVersions(box, state, { show, compare, activate }) {
  if (!state.models.length) {
    replace(box, h('h2', { id: 'versions-h' }, 'Versions'), h('p', { class: 'empty' }, 'No version trained yet.'))
    return
  }
  const options = state.models.map((m) => [m.version, `Version ${m.version}${m.version === state.activeVersion ? ' (active)' : ''}`])
  const first = state.models.find((m) => m.version === state.activeVersion) || state.models[0]
  const second = state.models.find((m) => m !== first)
  const a = field('Compare version', select(options, first.version, { name: 'a' }))
  const b = field('with version', select(options, second?.version ?? first.version, { name: 'b' }))
  const compareForm = h('form', { class: 'inline-form compare-form' }, a, b, h('button', { type: 'submit' }, 'Compare'))
  compareForm.addEventListener('submit', (e) => {
    e.preventDefault()
    compare(Number(a.control.value), Number(b.control.value))
  })
  replace(box,
    h('h2', { id: 'versions-h' }, 'Versions'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'compact versions-table' },
      h('thead', {}, h('tr', {}, ['Version', 'Trained', 'From', 'Ranking (AUC)', 'Top 10%', 'Brier', 'Status', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, state.models.map((m) => {
        const r = reportOf(m)
        const active = m.version === state.activeVersion
        return h('tr', { class: active ? 'is-active' : '' },
          h('th', { scope: 'row' }, `Version ${m.version}`),
          h('td', { 'data-label': 'Trained' }, format.when(m.createdAt)),
          h('td', { 'data-label': 'From' }, describeSource(r), r.labelColumn ? h('span', { class: 'sub' }, `outcome: ${r.labelColumn}`) : null),
          h('td', { class: 'num', 'data-label': 'Ranking' }, fixed(r.auc, 2), h('span', { class: 'sub' }, words.aucGrade(r.auc))),
          h('td', { class: 'num', 'data-label': 'Top 10%' }, format.percent(r.precisionAtTop10Percent)),
          h('td', { class: 'num', 'data-label': 'Brier' }, fixed(r.brierScore, 3)),
          h('td', { 'data-label': 'Status' }, active ? h('span', { class: 'status status-active' }, 'Active') : '—'),
          h('td', { class: 'row-actions' },
            h('button', { type: 'button', class: 'link', onclick: () => show(m.version) }, `Report of version ${m.version}`),
            active ? null : h('button', { type: 'button', class: 'link', onclick: () => activate(m.version) }, `Activate version ${m.version}…`)))
      })))),
    state.models.length > 1 ? compareForm : null)
}

function drawComparison(box, x, y, state) {
  const rows = [
    ['Ranking (AUC)', (r) => fixed(r.auc, 2), 'higher is better'],
    ['Top 10% became customers', (r) => format.percent(r.precisionAtTop10Percent), 'higher is better'],
    ['Overall became customers', (r) => format.percent(r.baseRate), ''],
    ['Accuracy (Brier score)', (r) => fixed(r.brierScore, 3), 'lower is better'],
    ['Rows learnt from / kept aside', (r) => `${format.number(r.rows?.train)} / ${format.number(r.rows?.test)}`, ''],
    ['Columns', (r) => format.number(r.features?.length), ''],
    ['Looks at most', (r) => (r.featureImportance || []).slice(0, 3).map((f) => f.feature).join(', ') || '—', ''],
    ['Outcome', (r) => r.labelColumn || '—', ''],
    ['Left out', (r) => r.excludedColumns?.join(', ') || '—', ''],
  ]
  const name = (m) => `Version ${m.version}${m.version === state.activeVersion ? ' (active)' : ''}`
  replace(box,
    h('h2', { id: 'compare-h', tabindex: -1 }, x === y ? `Version ${x.version} with itself` : `Version ${x.version} and version ${y.version}`),
    x === y ? h('p', { class: 'note' }, 'Choose two different versions to compare.') : h('ul', { class: 'compare-words' }, words.compareSentences(x, y).map((s) => h('li', {}, s))),
    h('div', { class: 'table-wrap' }, h('table', { class: 'compact compare-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Figure'), h('th', { scope: 'col' }, name(x)), h('th', { scope: 'col' }, name(y)))),
      h('tbody', {}, rows.map(([title, value, hint]) => h('tr', {},
        h('th', { scope: 'row' }, title, hint ? h('span', { class: 'sub' }, hint) : null),
        h('td', {}, value(reportOf(x))), h('td', {}, value(reportOf(y)))))))),
    h('h3', {}, 'Both ROC curves'),
    h('p', { class: 'hint' }, 'The curve that bows higher finds more customers for the same number of calls.'),
    rocChart(x === y ? [x] : [x, y]))
}

/** The confirmation before a version replaces the active one; resolves true once it is active. */
function confirmActivation(version, state) {
  return new Promise((resolve) => {
    const current = state.activeVersion
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true })
    const go = h('button', { type: 'submit', class: 'primary' }, `Activate version ${version}`)
    const cancel = h('button', { type: 'button' }, 'Cancel')
    const form = h('form', { method: 'dialog', class: 'stack', novalidate: true },
      h('h2', { id: 'activate-h' }, `Activate version ${version}?`),
      h('p', {}, `Every lead's likelihood to convert will come from version ${version}, on every server within a few seconds. `,
        current ? `Version ${current} stops being used; you can activate it again at any time.` : 'No version is active now.'),
      error, h('p', { class: 'button-row' }, go, cancel))
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'activate-h' }, form)
    let done = false
    cancel.addEventListener('click', () => dialog.close())
    dialog.addEventListener('close', () => {
      dialog.remove()
      resolve(done)
    })
    form.addEventListener('submit', async (e) => {
      e.preventDefault()
      go.disabled = true
      try {
        await api(`${BASE}/models/${version}/activate`, { method: 'POST' })
        done = true
        dialog.close()
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        showProblem(err, {}, error)
        go.disabled = false
      }
    })
    document.body.append(dialog)
    dialog.showModal()
    go.focus()
  })
}
