// The signed-in person's own account: who they are, the weekly digest email, and a new password (given the current one).
import { api, ApiError, session } from '../api.js'
import { h, field, toast } from '../dom.js'
import { showProblem } from '../errors.js'

export async function render(main, ctx) {
  const me = ctx.me
  const user = me.user
  main.append(h('h1', {}, 'My account'))
  if (!user) {
    main.append(h('p', {}, `You are signed in with a key (${me.actor}), not as a user: there is no password to change here.`))
    return
  }
  main.append(h('dl', { class: 'facts' },
    h('dt', {}, 'Email'), h('dd', {}, user.email),
    h('dt', {}, 'Name'), h('dd', {}, user.displayName),
    h('dt', {}, 'Role'), h('dd', {}, me.role),
    me.repId ? [h('dt', {}, 'Rep'), h('dd', {}, me.repId)] : null))
  main.append(digestSection(user))

  const current = field('Current password', h('input', { type: 'password', autocomplete: 'current-password', required: true }))
  const next = field('New password', h('input', { type: 'password', autocomplete: 'new-password', minlength: 10, required: true }), 'At least 10 characters.')
  const again = field('New password again', h('input', { type: 'password', autocomplete: 'new-password', required: true }))
  const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const fields = { '$.currentPassword': current, '$.newPassword': next, again }
  const form = h('form', { class: 'stack', novalidate: true }, current, next, again, summary, h('button', { type: 'submit', class: 'primary' }, 'Change password'))
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    if (next.control.value !== again.control.value) {
      showProblem({ errors: [{ key: 'again', reason: 'is not the same as the new password' }] }, fields, summary)
      return
    }
    try {
      await api('/api/auth/password', { method: 'POST', json: { currentPassword: current.control.value, newPassword: next.control.value } })
      // Every session of the user ended, this one too: sign in again with the new password.
      session.clear()
      location.hash = '#/signin'
      location.reload()
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      showProblem(error, fields, summary)
    }
  })
  main.append(h('section', { class: 'card', 'aria-labelledby': 'password-h' },
    h('h2', { id: 'password-h' }, 'Password'),
    h('p', { class: 'hint' }, 'Changing it signs you out everywhere, here too; sign in again with the new one.'),
    form))
}

/** The weekly digest: opt-in, saved as soon as the box changes. */
function digestSection(user) {
  const box = h('input', { type: 'checkbox', id: 'weekly-digest', checked: !!user.weeklyDigest })
  const problem = h('p', { class: 'form-error', role: 'alert', hidden: true })
  box.addEventListener('change', async () => {
    box.disabled = true
    try {
      const saved = await api('/api/auth/me', { method: 'PATCH', json: { weeklyDigest: box.checked } })
      user.weeklyDigest = saved.weeklyDigest
      showProblem(null, {}, problem)
      toast(saved.weeklyDigest ? 'You will get the weekly digest.' : 'No more weekly digest.')
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      box.checked = !box.checked
      showProblem(error, {}, problem)
    } finally {
      box.disabled = false
    }
  })
  return h('section', { class: 'card', 'aria-labelledby': 'digest-h' },
    h('h2', { id: 'digest-h' }, 'Weekly digest'),
    h('p', { class: 'hint', id: 'weekly-digest-hint' }, 'Once a week (Monday morning unless your admin set another time), last week\'s numbers against the week before: new leads, MQLs, hot leads, won, emails, top pages and campaigns, with links to the lists.'),
    h('p', { class: 'checkbox-field' }, h('label', { for: box.id }, 'Email me the weekly digest'), box),
    problem)
}
