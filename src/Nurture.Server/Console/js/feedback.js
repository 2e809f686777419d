// Sales feedback on a lead (POST /api/leads/{id}/feedback): accept, reject with a reason, won, lost.
import { api, ApiError } from './api.js'
import { h, select, toast } from './dom.js'

const REASONS = [['not_a_fit', 'Not a fit'], ['bad_timing', 'Bad timing'], ['spam', 'Spam'], ['duplicate', 'Duplicate'], ['other', 'Other']]

/**
 * The four buttons for one lead. onDone(outcome) runs after the server took it. The reject reason is a
 * select shown when Reject is pressed, so the choice is made before anything is sent.
 */
export function feedbackButtons(leadId, label, onDone) {
  const status = h('span', { class: 'feedback-status', 'aria-live': 'polite' })
  const reasonError = h('span', { class: 'field-error', id: `reject-reason-${leadId}-error`, role: 'alert', hidden: true })
  /** The reason the server refused sits beside the reason's select; anything else is a toast; null clears. */
  const refused = (e) => {
    const why = e instanceof ApiError ? e.at('$.reason') : []
    reasonError.textContent = why.join('; ')
    reasonError.hidden = !why.length
    if (why.length) reason.setAttribute('aria-invalid', 'true')
    else reason.removeAttribute('aria-invalid')
    if (e && (!why.length || e.errors.length > why.length)) toast(e.summary || String(e), 'error')
  }
  const send = async (outcome, reason) => {
    for (const b of box.querySelectorAll('button')) b.disabled = true
    refused(null)
    try {
      await api(`/api/leads/${leadId}/feedback`, { method: 'POST', json: { outcome, reason } })
      status.textContent = { accepted: 'Accepted', rejected: 'Rejected', won: 'Marked won', lost: 'Marked lost' }[outcome]
      toast(`${label}: ${status.textContent.toLowerCase()}.`)
      onDone?.(outcome)
    } catch (e) {
      refused(e)
    } finally {
      for (const b of box.querySelectorAll('button')) b.disabled = false
    }
  }
  const reason = select(REASONS, 'not_a_fit', { 'aria-label': `Reason for rejecting ${label}`, 'aria-describedby': reasonError.id })
  const rejectForm = h('span', { class: 'reject-form', hidden: true }, reason, reasonError,
    h('button', { type: 'button', class: 'danger', onclick: () => send('rejected', reason.value) }, 'Confirm reject'),
    h('button', { type: 'button', class: 'link', onclick: () => (rejectForm.hidden = true) }, 'Cancel'))
  const box = h('div', { class: 'feedback', role: 'group', 'aria-label': `Feedback on ${label}` },
    h('button', { type: 'button', class: 'primary', onclick: () => send('accepted') }, 'Accept'),
    h('button', { type: 'button', onclick: () => { rejectForm.hidden = false; reason.focus() } }, 'Reject…'),
    rejectForm,
    h('button', { type: 'button', onclick: () => send('won') }, 'Won'),
    h('button', { type: 'button', onclick: () => send('lost') }, 'Lost'),
    status)
  return box
}
