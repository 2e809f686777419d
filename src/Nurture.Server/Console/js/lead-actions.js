// What a marketer or admin can do to one lead from its page: change a trait, the owner or the consent,
// put them into a flow, send them one email, and (admin) re-score, export or erase them.
import { api, ApiError, authHeaders } from './api.js'
import { h, field, select, toast } from './dom.js'
import { showProblem } from './errors.js'
import { can } from './roles.js'

const CONSENT = [['granted', 'granted'], ['denied', 'denied'], ['unknown', 'unknown']]

/** A random key so that pressing a button twice queues or enrols once. */
const onceKey = () => crypto.randomUUID()

/**
 * The actions section, for the roles that may use any of them. `changed()` re-draws the page after a
 * change; `gone()` leaves it after an erasure.
 */
export async function leadActions(lead, ctx, { changed, gone }) {
  const role = ctx.me.role
  if (!can(role, 'leadEdit')) return null
  const [reps, flows, templates] = await Promise.all([
    api('/api/reps', { signal: ctx.signal }).catch(() => []),
    api('/api/flows', { signal: ctx.signal }).catch(() => []),
    api('/api/templates', { signal: ctx.signal }).catch(() => []),
  ])
  const email = lead.emails[0]
  const parts = [
    traitForm(lead, changed),
    ownerForm(lead, reps, changed),
    consentForm(lead, changed),
    enrolForm(lead, flows.filter((f) => f.status === 'active')),
    email ? emailForm(lead, templates) : h('p', { class: 'hint' }, 'One-off emails need a lead known by an email.'),
  ]
  if (can(role, 'leadAdmin')) parts.push(adminButtons(lead, changed, gone))
  return h('section', { class: 'card wide', 'aria-labelledby': 'actions-h' }, h('h2', { id: 'actions-h' }, 'Actions'), h('div', { class: 'actions-grid' }, parts))
}

/** A small form whose errors show at its fields; `send()` does the call, `done()` says what happened. */
function actionForm(title, fields, button, send, done) {
  const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': title }, h('h3', {}, title), Object.values(fields), summary, h('button', { type: 'submit' }, button))
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    try {
      const answer = await send()
      showProblem(null, fields, summary)
      await done(answer)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      showProblem(error, fields, summary)
    }
  })
  return form
}

function traitForm(lead, changed) {
  const names = Object.keys(lead.traits).filter((n) => n !== 'email').sort()
  const name = field('Trait', h('input', { type: 'text', list: 'trait-names', spellcheck: false, autocomplete: 'off' }), 'An existing or a new trait, such as company or job_title.')
  const list = h('datalist', { id: 'trait-names' }, names.map((n) => h('option', { value: n })))
  const value = field('Value', h('input', { type: 'text', autocomplete: 'off' }), 'Empty removes the trait.')
  name.control.addEventListener('change', () => {
    if (lead.traits[name.control.value]) value.control.value = lead.traits[name.control.value].value
  })
  const fields = { trait: name, value }
  const form = actionForm('Change a trait', fields, 'Save trait', async () => {
    const trait = name.control.value.trim()
    const key = `$.traits.${trait}`
    fields[key] = value
    return api(`/api/leads/${lead.id}`, { method: 'PATCH', json: { traits: { [trait]: value.control.value === '' ? null : value.control.value } } })
  }, async () => {
    toast('Trait saved.')
    await changed()
  })
  form.append(list)
  return form
}

function ownerForm(lead, reps, changed) {
  const owner = field('Owner', select([['', 'nobody'], ...reps.map((r) => [r.id, `${r.name} (${r.id})`])], lead.owner || ''))
  return actionForm('Owner', { '$.owner': owner }, 'Set owner',
    () => api(`/api/leads/${lead.id}`, { method: 'PATCH', json: { owner: owner.control.value || null } }),
    async () => {
      toast(owner.control.value ? `Owner is ${owner.control.value}.` : 'Nobody owns the lead now.')
      await changed()
    })
}

function consentForm(lead, changed) {
  const status = field('Consent', select(CONSENT, lead.consent?.status || 'unknown'))
  const source = field('Where they said so', h('input', { type: 'text', maxlength: 200, placeholder: 'phone call on 3 Dec' }))
  return actionForm('Consent', { '$.consent.status': status, '$.consent.source': source }, 'Record consent',
    () => api(`/api/leads/${lead.id}`, { method: 'PATCH', json: { consent: { status: status.control.value, source: source.control.value } } }),
    async () => {
      toast(`Consent recorded: ${status.control.value}.`)
      await changed()
    })
}

function enrolForm(lead, flows) {
  if (!flows.length) return h('p', { class: 'hint' }, 'No active flow to put the lead into.')
  const flow = field('Flow', select(flows.map((f) => [f.id, f.definition?.name || f.id]), flows[0].id))
  return actionForm('Put into a flow', { '$.flowId': flow }, 'Enrol',
    () => api(`/api/flows/${flow.control.value}/enrolments`, { method: 'POST', json: { leadId: lead.id, key: onceKey() } }),
    () => toast(`Enrolled in ${flow.control.selectedOptions[0].textContent}.`))
}

function emailForm(lead, templates) {
  if (!templates.length) return h('p', { class: 'hint' }, 'No email template yet.')
  const template = field('Template', select(templates.map((t) => [t.id, `${t.name} (${t.subject})`]), templates[0].id))
  return actionForm('Send one email', { '$.templateId': template }, 'Send email',
    () => api(`/api/leads/${lead.id}/emails`, { method: 'POST', json: { templateId: template.control.value, key: onceKey() } }),
    (answer) => toast(answer?.queued === false ? 'Not queued: the lead cannot be mailed now (consent, caps or suppression).' : `Queued for ${lead.emails[0]}.`))
}

function adminButtons(lead, changed, gone) {
  const rescore = h('button', { type: 'button' }, 'Re-score now')
  rescore.addEventListener('click', async () => {
    try {
      await api(`/api/leads/${lead.id}/rescore`, { method: 'POST' })
      toast('Scored again from its whole history with the current model.')
      await changed()
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      toast(error.summary, 'warn')
    }
  })
  const exportButton = h('button', { type: 'button' }, 'Export their data')
  exportButton.addEventListener('click', async () => {
    const response = await fetch(`/api/leads/${lead.id}/export`, { headers: authHeaders() })
    if (!response.ok) return toast('The export failed; try again.', 'warn')
    const link = h('a', { href: URL.createObjectURL(await response.blob()), download: `lead-${lead.id}.json` })
    link.click()
    URL.revokeObjectURL(link.href)
  })
  const erase = h('button', { type: 'button', class: 'danger' }, 'Erase this person…')
  erase.addEventListener('click', () => confirmErase(lead, gone))
  return h('div', { class: 'stack', role: 'group', 'aria-label': 'Admin' }, h('h3', {}, 'Admin'), rescore, exportButton, erase)
}

/** The erasure, confirmed by typing the email (or "erase" for an anonymous lead) after reading what goes. */
function confirmErase(lead, gone) {
  const word = lead.emails[0] || 'erase'
  const typed = field(`Type ${word} to confirm`, h('input', { type: 'text', autocomplete: 'off', spellcheck: false }))
  const go = h('button', { type: 'submit', class: 'danger' }, 'Erase for good')
  const cancel = h('button', { type: 'button' }, 'Keep them')
  const form = h('form', { method: 'dialog', class: 'stack', novalidate: true },
    h('h2', { id: 'erase-h' }, `Erase ${lead.traits.name?.value || word}?`),
    h('p', {}, 'This deletes the person everywhere: this record and every record merged into it, their visits, emails and scores in the history, ',
      'their alerts, assignments and sales feedback, their rows in imports, and the files that name them. ',
      'Only a hash of their email is kept, so they are never mailed again. It cannot be undone.'),
    typed, h('p', { class: 'button-row' }, go, cancel))
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'erase-h' }, form)
  cancel.addEventListener('click', () => dialog.close())
  dialog.addEventListener('close', () => dialog.remove())
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    if (typed.control.value.trim().toLowerCase() !== word.toLowerCase()) {
      typed.error.hidden = false
      typed.error.textContent = `type ${word} exactly`
      return
    }
    await api(`/api/leads/${lead.id}`, { method: 'DELETE' })
    dialog.close()
    toast(`${word === 'erase' ? 'The lead' : word} is erased.`)
    gone()
  })
  document.body.append(dialog)
  dialog.showModal()
  typed.control.focus()
}
