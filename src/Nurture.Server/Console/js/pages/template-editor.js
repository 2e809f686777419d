// The template editor: subject, HTML and text in Liquid, a live preview (the server renders the draft
// for a sample lead, or a lead of your choice) as you type, and errors by part, line and column.
import { api, ApiError } from '../api.js'
import { h, field, setFieldError, toast } from '../dom.js'
import { showProblem } from '../errors.js'

const STARTER = {
  name: '',
  subject: 'Hello {{ lead.traits.name | default: "there" }}',
  html: '<p>Hi {{ lead.traits.name | default: "there" }},</p>\n<p>…</p>\n<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
  text: 'Hi {{ lead.traits.name | default: "there" }},\n\n…\n\nUnsubscribe: {{ unsubscribe_url }}',
}

export async function render(main, ctx) {
  const id = ctx.params.id
  const signal = ctx.signal
  const saved = await api('/api/templates/' + id, { signal }).catch((e) => {
    if (e instanceof ApiError && e.status === 404) return null
    throw e
  })
  const t = saved || { ...STARTER, name: id }
  const parts = {
    name: field('Name', h('input', { type: 'text', value: t.name })),
    subject: field('Subject', h('input', { type: 'text', value: t.subject, spellcheck: false })),
    html: field('HTML', h('textarea', { class: 'code', rows: 14, spellcheck: false }, t.html)),
    text: field('Plain text', h('textarea', { class: 'code', rows: 8, spellcheck: false }, t.text)),
  }
  const leadId = field('Preview for lead (id, optional)', h('input', { type: 'text', spellcheck: false, placeholder: 'a sample lead' }))
  const status = h('p', { class: 'save-status', 'aria-live': 'polite' }, saved ? `Version ${saved.version}.` : 'New template, not saved yet.')
  const previewSubject = h('p', { class: 'preview-subject' })
  // sandbox without allow-scripts: the email's HTML is shown, never run, and cannot reach the console.
  const frame = h('iframe', { class: 'preview-frame', sandbox: '', title: 'HTML preview', referrerpolicy: 'no-referrer' })
  const previewText = h('pre', { class: 'preview-text' })
  const previewNote = h('p', { class: 'hint', 'aria-live': 'polite' })
  const problems = h('p', { class: 'form-error', role: 'alert', hidden: true })
  // The API names each part by its JSON path in the body ($.html); its reasons say the line and column.
  const fields = { '$.name': parts.name, '$.subject': parts.subject, '$.html': parts.html, '$.text': parts.text, '$.leadId': leadId }

  const draft = () => ({ name: parts.name.control.value, subject: parts.subject.control.value, html: parts.html.control.value, text: parts.text.control.value })

  /** Each error under its part ("line 3, column 5: …"), the rest above the editor; null clears them. */
  const showErrors = (error) => showProblem(error, fields, problems)

  /** After a refused save: the caret goes to the first place the server pointed at (its `locations`). */
  function markFirst(error) {
    const at = (error.problem.locations || []).find((l) => fields[l.path])
    if (!at) return
    const control = fields[at.path].control
    const lines = control.value.split('\n')
    const offset = lines.slice(0, at.line - 1).reduce((n, line) => n + line.length + 1, 0) + Math.max(0, at.column - 1)
    control.focus()
    control.setSelectionRange(offset, offset)
  }

  let timer = null
  let sequence = 0
  async function preview() {
    const mine = ++sequence
    const lead = leadId.control.value.trim()
    try {
      const r = await api(`/api/templates/${id}/preview`, { method: 'POST', json: { ...draft(), leadId: lead || undefined }, signal })
      if (mine !== sequence) return // a newer keystroke's preview is on its way
      showErrors(null)
      previewSubject.textContent = r.subject
      frame.srcdoc = r.html
      previewText.textContent = r.text
      previewNote.textContent = lead ? 'Rendered for that lead.' : 'Rendered for a sample lead.'
    } catch (e) {
      if (mine !== sequence || e.name === 'AbortError') return
      if (e instanceof ApiError && e.status === 400) {
        showErrors(e)
        previewNote.textContent = 'The preview shows the last version without errors.'
      } else if (e instanceof ApiError && e.status === 404 && lead) setFieldError(leadId, 'no lead has this id')
      else previewNote.textContent = e.summary || String(e)
    }
  }
  const schedule = () => {
    clearTimeout(timer)
    timer = setTimeout(preview, 300)
  }
  for (const wrapper of [...Object.values(parts), leadId]) wrapper.control.addEventListener('input', schedule)

  const save = h('button', { type: 'button', class: 'primary' }, 'Save')
  save.addEventListener('click', async () => {
    save.disabled = true
    try {
      const result = await api('/api/templates/' + id, { method: 'PUT', json: draft(), signal })
      showErrors(null)
      status.textContent = `Saved as version ${result.version}.`
      toast(`Template ${id} saved.`)
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        showErrors(e)
        markFirst(e)
        status.textContent = 'Not saved: fix the problems shown.'
      } else toast(e.summary || String(e), 'error')
    } finally {
      save.disabled = false
    }
  })

  main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'crumbs' }, h('a', { href: '#/templates' }, 'Templates')), h('h1', {}, `Template: ${id}`)),
      h('div', { class: 'actions' }, save)),
    status, problems,
    h('div', { class: 'editor-split' },
      h('section', { class: 'card', 'aria-label': 'Template' }, parts.name, parts.subject, parts.html, parts.text,
        h('p', { class: 'hint' }, 'Liquid: lead.email, lead.traits.<name>, lead.stage, lead.grade, lead.top_interest, lead.first_touch.channel, unsubscribe_url.')),
      h('section', { class: 'card', 'aria-labelledby': 'preview-h' }, h('h2', { id: 'preview-h' }, 'Live preview'), leadId, previewNote,
        h('p', {}, h('span', { class: 'sub' }, 'Subject: '), previewSubject), frame, h('h3', {}, 'Plain text'), previewText)))
  preview()
}
