// The signed-in person's own account: who they are, and a new password (given the current one).
import { api, ApiError, session } from '../api.js'
import { h, field } from '../dom.js'
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
