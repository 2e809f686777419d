// Spreadsheet imports: upload with a column mapping, the dry run's table with each row's errors,
// then start, follow the progress, and undo.
import { api, ApiError } from '../api.js'
import { h, field, select, replace, toast } from '../dom.js'
import { showProblem } from '../errors.js'
import * as format from '../format.js'

const TRAITS = ['email', 'name', 'name_kana', 'company', 'phone', 'job_title', 'country', 'industry', 'company_size', 'city', 'website']
const GUESSES = [[/e-?mail|メール/i, 'email'], [/kana|カナ|フリガナ/i, 'name_kana'], [/company|会社|organi[sz]ation/i, 'company'], [/phone|tel|電話/i, 'phone'],
  [/title|役職/i, 'job_title'], [/country|国/i, 'country'], [/industry|業種/i, 'industry'], [/size|employees|従業員/i, 'company_size'], [/name|氏名|名前/i, 'name']]

export async function render(main, ctx) {
  const detail = h('section', { class: 'card wide', 'aria-labelledby': 'import-h', hidden: true })
  const history = h('section', { class: 'card wide', 'aria-labelledby': 'history-h' })
  const uploaded = (imp) => {
    showImport(detail, imp, ctx, refreshHistory)
    refreshHistory()
  }
  main.append(h('h1', {}, 'Imports'), uploadForm(ctx, uploaded), detail, history)

  async function refreshHistory() {
    const imports = await api('/api/imports', { signal: ctx.signal })
    replace(history, h('h2', { id: 'history-h' }, 'Earlier imports'),
      imports.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'compact' },
        h('thead', {}, h('tr', {}, ['File', 'Source', 'Status', 'Rows', 'By', 'When', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, imports.map((i) => h('tr', {},
          h('th', { scope: 'row' }, i.fileName), h('td', {}, i.source), h('td', {}, h('span', { class: 'status status-' + i.status }, i.status)),
          h('td', { class: 'num' }, `${format.number(i.processedRows)} / ${format.number(i.totalRows)}`), h('td', {}, i.createdBy), h('td', {}, format.when(i.createdAt)),
          h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => showImport(detail, i, ctx, refreshHistory) }, `Open ${i.fileName}`))))))) : h('p', { class: 'empty' }, 'No imports yet.'))
  }
  await refreshHistory()
}

function uploadForm(ctx, onUploaded) {
  const file = field('Spreadsheet (CSV or XLSX)', h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx,text/csv', required: true }))
  const source = field('Where these people came from', h('input', { type: 'text', name: 'source', required: true, placeholder: 'trade show 2026-10' }))
  const mode = field('Mode', select([['upsert', 'Create new and update known'], ['create', 'Only create new'], ['update', 'Only update known']], 'upsert', { name: 'mode' }))
  const country = field('Country for phone numbers without one', h('input', { type: 'text', name: 'defaultCountry', value: 'JP', maxlength: 2, size: 3 }))
  const dateOrder = field('Dates such as 5/10/2026 are', select([['dayFirst', 'day first'], ['monthFirst', 'month first']], 'dayFirst', { name: 'dateOrder' }))
  const mappingJson = field('Column mapping (JSON: column header → trait)', h('textarea', { class: 'code', rows: 3, name: 'mapping', spellcheck: false }, '{"Email": "email"}'))
  const mappingTable = h('div', { class: 'mapping' })
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Upload and check (dry run)')
  const list = h('datalist', { id: 'trait-names' }, TRAITS.map((t) => h('option', { value: t })))
  let headers = null

  // A CSV's header row is read here, so the mapping is a table of its columns rather than typed JSON.
  file.control.addEventListener('change', async () => {
    headers = null
    mappingTable.replaceChildren()
    mappingJson.hidden = false
    const f = file.control.files[0]
    if (!f || !/\.csv$/i.test(f.name)) return
    const firstLine = (await f.slice(0, 64 * 1024).text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0]
    const separator = [',', ';', '\t'].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]
    headers = firstLine.split(separator).map((x) => x.trim().replace(/^"|"$/g, '')).filter(Boolean)
    if (!headers.length || headers.some((x) => x.includes('\uFFFD'))) {
      headers = null // not UTF-8 (Shift_JIS, say): the JSON box stays
      return
    }
    mappingJson.hidden = true
    replace(mappingTable, h('table', { class: 'compact' }, h('caption', {}, 'Which trait each column fills (empty: not imported)'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, 'Trait'))),
      h('tbody', {}, headers.map((column) => {
        const guess = GUESSES.find(([re]) => re.test(column))?.[1] || ''
        return h('tr', {}, h('th', { scope: 'row' }, column),
          h('td', {}, h('input', { type: 'text', list: 'trait-names', value: guess, 'aria-label': `Trait for column ${column}`, dataset: { column } })))
      }))))
  })

  const form = h('form', { class: 'card upload', 'aria-labelledby': 'upload-h' },
    h('h2', { id: 'upload-h' }, 'Upload'), list,
    h('div', { class: 'filter-grid' }, file, source, mode, country, dateOrder), mappingTable, mappingJson, formError, submit)
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    // Form fields are named by their names; a mapping error names its column in the reason.
    const fields = { file, source, mode, defaultCountry: country, dateOrder, mapping: mappingJson }
    showProblem(null, fields, formError)
    let mapping = mappingJson.control.value
    if (headers) {
      const map = {}
      for (const input of mappingTable.querySelectorAll('input[data-column]')) if (input.value.trim()) map[input.dataset.column] = input.value.trim()
      mapping = JSON.stringify(map)
    }
    const body = new FormData()
    if (file.control.files[0]) body.append('file', file.control.files[0])
    body.append('source', source.control.value)
    body.append('mode', mode.control.value)
    body.append('defaultCountry', country.control.value)
    body.append('dateOrder', dateOrder.control.value)
    body.append('mapping', mapping)
    submit.disabled = true
    try {
      const answer = await api('/api/imports', { method: 'POST', body, signal: ctx.signal })
      if (answer.existing) toast('This file was uploaded with these settings before: showing that import.')
      onUploaded(answer.import)
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      // With a CSV's columns as a table the JSON box is hidden: its errors go to the summary.
      if (headers) delete fields.mapping
      showProblem(err, fields, formError)
    } finally {
      submit.disabled = false
    }
  })
  return form
}

/** An import: its dry run (counts, file errors, rows), and start / progress / undo. */
function showImport(box, imp, ctx, onChange) {
  box.hidden = false
  const preview = imp.preview || {}
  const progress = h('div', { class: 'progress-box', 'aria-live': 'polite' })
  const onlyErrors = h('input', { type: 'checkbox', id: 'only-errors' })
  const rowsBox = h('div', {})
  const drawRows = () => replace(rowsBox, rowsTable((preview.rows || []).filter((r) => !onlyErrors.checked || r.errors.length || r.outcome === 'error'), preview.rowsTruncated))
  onlyErrors.addEventListener('change', drawRows)

  let polling = false
  const drawProgress = (i) => {
    const running = ['queued', 'running', 'undoing'].includes(i.status)
    replace(progress,
      h('p', {}, 'Status: ', h('strong', { class: 'status status-' + i.status }, i.status), i.lastError ? ` (${i.lastError})` : ''),
      h('label', { for: 'import-progress' }, `${format.number(i.processedRows)} of ${format.number(i.totalRows)} rows`),
      h('progress', { id: 'import-progress', max: Math.max(1, i.totalRows), value: i.processedRows }),
      h('div', { class: 'actions' },
        ['previewed', 'undone'].includes(i.status) ? h('button', { type: 'button', class: 'primary', disabled: preview.canRun === false, onclick: () => act(i, 'start') }, 'Start import') : null,
        ['done', 'failed'].includes(i.status) ? h('button', { type: 'button', class: 'danger', onclick: () => act(i, 'undo') }, 'Undo import') : null))
    if (running && !polling) poll(i.id)
  }
  const act = async (i, action) => {
    try {
      drawProgress(await api(`/api/imports/${i.id}/${action}`, { method: 'POST', signal: ctx.signal }))
      onChange()
    } catch (e) {
      toast(e.summary || String(e), 'error')
    }
  }
  const poll = async (id) => {
    polling = true
    try {
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000))
        if (ctx.signal.aborted) return
        const now = await api('/api/imports/' + id, { signal: ctx.signal })
        polling = ['queued', 'running', 'undoing'].includes(now.status)
        drawProgress(now)
        if (!polling) {
          toast(`Import ${now.fileName}: ${now.status}.`)
          onChange()
          return
        }
      }
    } catch {
      polling = false
    }
  }

  const counts = preview.counts || {}
  replace(box,
    h('h2', { id: 'import-h', tabindex: -1 }, `${imp.fileName} · ${imp.source}`),
    h('p', {}, `Mode ${imp.mode}, ${format.number(preview.totalRows)} rows. The dry run says: `,
      ['created', 'updated', 'merged', 'skipped', 'error'].map((k) => h('span', { class: 'count-chip outcome-' + k }, `${k} ${format.number(counts[k] || 0)}`))),
    preview.fileErrors?.length ? h('div', { class: 'form-error', role: 'alert' }, h('p', {}, 'Problems with the file itself (nothing can be imported until they are fixed):'),
      h('ul', {}, preview.fileErrors.map((e) => h('li', {}, [e.row ? `row ${e.row}` : null, e.column, e.reason].filter(Boolean).join(': '))))) : null,
    progress,
    h('p', {}, onlyErrors, ' ', h('label', { for: 'only-errors' }, 'Only rows with errors')),
    rowsBox)
  drawRows()
  drawProgress(imp)
  box.querySelector('h2').focus()
}

function rowsTable(rows, truncated) {
  if (!rows.length) return h('p', { class: 'empty' }, 'No rows to show.')
  return h('div', {}, h('div', { class: 'table-wrap' }, h('table', { class: 'compact import-rows' },
    h('thead', {}, h('tr', {}, ['Row', 'Outcome', 'Detail', 'Errors'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.slice(0, 500).map((r) => h('tr', { class: r.errors.length ? 'has-errors' : '' },
      h('th', { scope: 'row' }, String(r.row)), h('td', {}, h('span', { class: 'outcome-' + r.outcome }, r.outcome)),
      h('td', {}, r.leadId ? h('a', { href: '#/leads/' + r.leadId }, r.detail || 'lead') : r.detail || ''),
      h('td', {}, r.errors.map((e) => h('div', {}, [e.column, e.reason].filter(Boolean).join(': '))))))))),
    truncated || rows.length > 500 ? h('p', { class: 'hint' }, 'Only the first rows are shown.') : null)
}
