// Sales feedback on a lead (POST /api/leads/{id}/feedback): accept, reject with a reason, won with the
// deal's value and close date, lost. Errors appear at their fields.
import { api, ApiError } from './api.js'
import { h, field, nextId, select, toast } from './dom.js'
import { showProblem } from './errors.js'
import { money } from './sales-words.js'

const REASONS = [['not_a_fit', 'Not a fit'], ['bad_timing', 'Bad timing'], ['spam', 'Spam'], ['duplicate', 'Duplicate'], ['other', 'Other']]

/** Today as yyyy-MM-dd in the browser's own time zone (a date input's value). */
const today = () => {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/**
 * The four buttons for one lead. onDone(outcome, answer) runs after the server took it. Reject shows its
 * reason and Won the deal's value and close date before anything is sent.
 */
export function feedbackButtons(leadId, label, onDone) {
  const status = h('span', { class: 'feedback-status', 'aria-live': 'polite' })
  const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const reason = select(REASONS, 'not_a_fit', { name: 'reason' })
  const value = h('input', { type: 'text', name: 'dealValue', inputmode: 'decimal', autocomplete: 'off', size: 14, placeholder: '1,200,000' })
  const closedOn = h('input', { type: 'date', name: 'closedOn', value: today() })
  const fields = {
    '$.reason': field(`Reason for rejecting ${label}`, reason),
    '$.dealValue': field('Deal value', value),
    '$.closedOn': field('Closed on', closedOn),
  }
  const rejectForm = h('div', { class: 'reject-form', id: nextId('reject'), hidden: true }, fields['$.reason'],
    h('button', { type: 'button', class: 'danger', onclick: () => send('rejected', { reason: reason.value }) }, 'Confirm reject'),
    h('button', { type: 'button', class: 'link', onclick: () => show(null) }, 'Cancel'))
  const wonForm = h('form', { class: 'won-form', id: nextId('won'), hidden: true, 'aria-label': `The deal won with ${label}` },
    fields['$.dealValue'], fields['$.closedOn'],
    h('button', { type: 'submit', class: 'primary' }, 'Mark won'),
    h('button', { type: 'button', class: 'link', onclick: () => show(null) }, 'Cancel'))
  wonForm.addEventListener('submit', (e) => {
    e.preventDefault()
    send('won', { dealValue: value.value.trim(), closedOn: closedOn.value })
  })

  const rejectButton = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': rejectForm.id, onclick: () => show(rejectForm.hidden ? rejectForm : null) }, 'Reject…')
  const wonButton = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': wonForm.id, onclick: () => show(wonForm.hidden ? wonForm : null) }, 'Won…')
  /** Shows one of the two forms (or neither), with its first control focused. */
  function show(form) {
    rejectForm.hidden = form !== rejectForm
    wonForm.hidden = form !== wonForm
    rejectButton.setAttribute('aria-expanded', String(form === rejectForm))
    wonButton.setAttribute('aria-expanded', String(form === wonForm))
    showProblem(null, fields, summary)
    form?.querySelector('select, input')?.focus()
  }

  async function send(outcome, extra = {}) {
    for (const b of box.querySelectorAll('button')) b.disabled = true
    showProblem(null, fields, summary)
    try {
      const answer = await api(`/api/leads/${leadId}/feedback`, { method: 'POST', json: { outcome, ...extra } })
      status.textContent = {
        accepted: 'Accepted', rejected: 'Rejected', lost: 'Marked lost',
        won: `Marked won (${money(answer.dealValue)}, closed ${answer.closedOn})`,
      }[outcome]
      toast(`${label}: ${status.textContent.charAt(0).toLowerCase() + status.textContent.slice(1)}.`)
      show(null)
      onDone?.(outcome, answer)
    } catch (e) {
      if (e instanceof ApiError) showProblem(e, fields, summary)
      else toast(String(e), 'error')
    } finally {
      for (const b of box.querySelectorAll('button')) b.disabled = false
    }
  }

  const box = h('div', { class: 'feedback', role: 'group', 'aria-label': `Feedback on ${label}` },
    h('div', { class: 'feedback-buttons' },
      h('button', { type: 'button', class: 'primary', onclick: () => send('accepted') }, 'Accept'),
      rejectButton, wonButton,
      h('button', { type: 'button', onclick: () => send('lost') }, 'Lost'),
      status),
    rejectForm, wonForm, summary)
  return box
}
