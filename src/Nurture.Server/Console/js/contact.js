// Reaching a lead and saying what happened: mailto and tel links from the lead's email and phone, and
// "Log a call, meeting or note" with an outcome and free text (POST /api/leads/{id}/activities), recorded
// on the lead's timeline and change history. Errors appear under their fields.
import { api, ApiError } from './api.js'
import { h, field, nextId, select, toast } from './dom.js'
import { showProblem } from './errors.js'
import { KINDS, OUTCOMES, kindWords, outcomeWords } from './sales-words.js'

/** A tel: address from what people type ("03-1234-5678", "+81 3 1234 5678"); null when it has too few digits to dial. */
export function telHref(phone) {
  if (typeof phone !== 'string') return null
  const dial = phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '')
  return dial.replace(/\D/g, '').length >= 5 ? 'tel:' + dial : null
}

/** The email and phone as links (nothing when neither is known). */
export function contactLinks({ email, phone, label = 'them' }) {
  const tel = telHref(phone)
  if (!email && !tel) return null
  return h('p', { class: 'contact-links' },
    email ? h('a', { class: 'button', href: 'mailto:' + encodeURI(email), title: `Email ${label}` }, 'Email ', h('span', { class: 'contact-value' }, email)) : null,
    tel ? h('a', { class: 'button', href: tel, title: `Call ${label}` }, 'Call ', h('span', { class: 'contact-value' }, phone)) : null)
}

/**
 * The "Log a call, meeting or note" button and its form, for one lead. onLogged(activity) runs after the
 * server took it (the API's answer: kind, outcome, note, user, at).
 */
export function activityLogger(leadId, label, onLogged) {
  const id = nextId('log')
  const kind = select(KINDS, 'call', { name: 'kind' })
  const outcome = select([['', '(none)'], ...OUTCOMES], 'reached', { name: 'outcome' })
  const note = h('textarea', { name: 'note', rows: 3, maxlength: 2000 })
  const fields = {
    '$.kind': field('What', kind),
    '$.outcome': field('Outcome', outcome),
    '$.note': field('Note', note, 'What was said, what comes next (optional for calls and meetings).'),
  }
  const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save')
  const open = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': id }, 'Log a call, meeting or note…')
  const form = h('form', { class: 'activity-form', id, hidden: true, 'aria-label': `Log an activity with ${label}` },
    h('div', { class: 'activity-fields' }, fields['$.kind'], fields['$.outcome']), fields['$.note'], summary,
    h('div', { class: 'actions' }, save, h('button', { type: 'button', class: 'link', onclick: () => toggle(false) }, 'Cancel')))
  const toggle = (show) => {
    form.hidden = !show
    open.setAttribute('aria-expanded', String(show))
    if (show) kind.focus()
    else open.focus()
  }
  open.addEventListener('click', () => toggle(form.hidden))
  // A note needs no outcome; a call or meeting starts from "Reached them".
  kind.addEventListener('change', () => {
    showProblem(null, fields, summary)
    if (kind.value === 'note' && outcome.value === 'reached') outcome.value = ''
    if (kind.value !== 'note' && !outcome.value) outcome.value = 'reached'
  })
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    save.disabled = true
    showProblem(null, fields, summary)
    try {
      const logged = await api(`/api/leads/${leadId}/activities`, {
        method: 'POST', json: { kind: kind.value, outcome: outcome.value || undefined, note: note.value.trim() || undefined },
      })
      toast(`${label}: ${kindWords(logged.kind).toLowerCase()} logged${logged.outcome ? ' (' + outcomeWords(logged.outcome).toLowerCase() + ')' : ''}.`)
      note.value = ''
      toggle(false)
      onLogged?.(logged)
    } catch (e) {
      if (e instanceof ApiError) showProblem(e, fields, summary)
      else toast(String(e), 'error')
    } finally {
      save.disabled = false
    }
  })
  return h('div', { class: 'activity-log' }, open, form)
}
