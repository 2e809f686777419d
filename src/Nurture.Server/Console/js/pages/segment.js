// One segment: its name and conditions built from controls, the live count and a few members while
// editing, save, count now, delete; the definition as JSON under "Advanced" for those who want it.
import { api, ApiError } from '../api.js'
import { h, field, replace, toast } from '../dom.js'
import { showProblem } from '../errors.js'
import { conditionBuilder, modelOf } from '../conditions.js'
import * as format from '../format.js'

/** How long typing pauses before the count is asked for again. */
const PREVIEW_AFTER_MS = 400

export async function render(main, ctx) {
  const id = ctx.params.id
  const [saved, segments, templates, model] = await Promise.all([
    api('/api/segments/' + id, { signal: ctx.signal }).catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))),
    api('/api/segments', { signal: ctx.signal }),
    api('/api/templates', { signal: ctx.signal }).catch(() => []),
    api('/api/scoring/model', { signal: ctx.signal }).catch(() => null),
  ])
  const definition = saved?.definition || { name: ctx.query.get('name') || id, conditions: null }
  const name = field('Name', h('input', { type: 'text', required: true, maxlength: 200, autocomplete: 'off', value: definition.name }))
  const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const count = h('p', { class: 'segment-count' }, 'Counting…')
  const sample = h('ul', { class: 'segment-sample' })
  const previewProblem = h('p', { class: 'form-error', hidden: true })
  const advanced = h('textarea', { rows: 10, spellcheck: false, class: 'code', 'aria-label': 'The segment as JSON' })

  // A segment written as JSON (the older flat filter, or deeper nesting) stays editable under Advanced.
  const buildable = !definition.filter && modelOf(definition.conditions) !== null
  const builder = conditionBuilder({
    conditions: buildable ? definition.conditions : null,
    segments: segments.map((s) => ({ id: s.id, name: s.name })),
    templates,
    categories: Object.keys(model?.model?.categories || {}),
    exclude: id,
    onChange: () => schedulePreview(),
  })
  const current = () => (buildable ? { name: name.control.value.trim(), conditions: builder.value() } : JSON.parse(advanced.value))
  advanced.value = JSON.stringify(buildable ? current() : definition, null, 2)

  const save = h('button', { type: 'button', class: 'primary', onclick: saveSegment }, saved ? 'Save' : 'Save segment')
  const remove = saved ? h('button', { type: 'button', class: 'danger', onclick: deleteSegment }, 'Delete') : null
  const recount = saved ? h('button', { type: 'button', onclick: refresh }, 'Count members now') : null

  main.append(
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/segments' }, 'Segments')),
    h('h1', {}, saved ? saved.name : 'New segment'),
    h('section', { class: 'card', 'aria-labelledby': 'who-h' },
      h('h2', { id: 'who-h' }, 'Who is in it'),
      name,
      buildable
        ? builder.element
        : h('p', { class: 'notice' }, 'This segment was written as JSON with conditions the builder cannot show; edit it under Advanced below.'),
      summary,
      h('div', { class: 'actions' }, save, recount, remove)),
    h('section', { class: 'card', 'aria-labelledby': 'now-h', 'aria-live': 'polite' },
      h('h2', { id: 'now-h' }, 'Right now'), count, previewProblem, sample,
      saved ? h('p', {}, h('a', { href: `#/leads?segment=${encodeURIComponent(id)}` }, 'Show every member in the lead list')) : null,
      h('p', { class: 'hint' }, 'Flows can start when a lead joins this segment: choose it as a flow\'s trigger.')),
    h('details', { class: 'card advanced' },
      h('summary', {}, 'Advanced: the segment as JSON'),
      h('p', { class: 'hint' }, 'For people who know the API (PUT /api/segments/' + id + '). The builder above writes the same.'),
      advanced,
      h('div', { class: 'actions' }, h('button', { type: 'button', onclick: saveJson }, 'Save the JSON'))))

  name.control.addEventListener('input', () => schedulePreview())
  preview()

  let timer = null
  function schedulePreview() {
    clearTimeout(timer)
    timer = setTimeout(preview, PREVIEW_AFTER_MS)
  }

  async function preview() {
    if (ctx.signal.aborted) return
    if (buildable) advanced.value = JSON.stringify(current(), null, 2)
    let body
    try {
      body = current()
    } catch {
      return
    }
    try {
      const result = await api('/api/segments/preview', { method: 'POST', json: { ...body, name: body.name || 'preview' }, signal: ctx.signal })
      previewProblem.hidden = true
      showProblem(null, builder.fields(), null)
      replace(count, h('strong', {}, format.number(result.size)), result.size === 1 ? ' lead matches now' : ' leads match now')
      replace(sample, result.sample.map((l) => h('li', {}, h('a', { href: '#/leads/' + l.id }, format.leadName(l)), l.company ? ` · ${l.company}` : '', ` · ${l.stage}`)))
    } catch (error) {
      if (!(error instanceof ApiError) || ctx.signal.aborted) return
      replace(count, 'Not counted yet: finish the tests marked above.')
      replace(sample)
      showProblem(error, builder.fields(), previewProblem)
    }
  }

  async function saveSegment() {
    await put(current())
  }

  async function saveJson() {
    let body
    try {
      body = JSON.parse(advanced.value)
    } catch (e) {
      summary.hidden = false
      summary.textContent = 'The JSON is not valid: ' + e.message
      return
    }
    await put(body)
  }

  async function put(body) {
    try {
      await api('/api/segments/' + id, { method: 'PUT', json: body })
      toast(`Segment "${body.name}" saved.`)
      if (!saved) ctx.navigate('#/segments/' + id)
      else ctx.reload()
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      showProblem(error, { '$.name': name, ...builder.fields() }, summary)
    }
  }

  async function refresh() {
    const result = await api(`/api/segments/${id}/refresh`, { method: 'POST' })
    toast(`${format.number(result.size)} members now: ${result.joined} joined, ${result.left} left.`)
    preview()
  }

  async function deleteSegment() {
    if (!window.confirm(`Delete the segment "${saved.name}"? Its members stay; flows it starts no longer start.`)) return
    await api('/api/segments/' + id, { method: 'DELETE' })
    toast(`Segment "${saved.name}" deleted.`)
    ctx.navigate('#/segments')
  }
}
