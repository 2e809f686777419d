// Console users (admin): who may sign in with which role; a new user; a role, rep or name changed,
// a user disabled or enabled, a password set for someone who forgot theirs.
import { api, ApiError } from '../api.js'
import { h, field, select, replace, toast } from '../dom.js'
import { showProblem } from '../errors.js'
import * as format from '../format.js'

const ROLES = [['marketer', 'Marketer: the marketing side'], ['sales', 'Sales: their rep\'s leads and inbox'], ['admin', 'Admin: everything']]

export async function render(main, ctx) {
  const [users, reps] = await Promise.all([api('/api/users', { signal: ctx.signal }), api('/api/reps', { signal: ctx.signal })])
  const repOptions = [['', 'no rep'], ...reps.map((r) => [r.id, `${r.name} (${r.id})`])]
  const list = h('div', { class: 'table-wrap' })
  const detail = h('section', { class: 'card', 'aria-labelledby': 'user-h', hidden: true })

  main.append(
    h('h1', {}, 'Users'),
    h('p', { class: 'lede' }, 'Who may sign in to the console, and as what. A sales user sees only the leads of the rep they are linked to.'),
    list, detail, newUser())
  showList()

  function showList() {
    replace(list, h('table', {},
      h('thead', {}, h('tr', {}, ['User', 'Role', 'Rep', 'Weekly digest', 'Created', 'Status', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, users.map((u) => h('tr', {},
        h('th', { scope: 'row' }, u.displayName, h('span', { class: 'sub' }, u.email)),
        h('td', {}, u.role), h('td', {}, u.repId || '—'), h('td', {}, u.weeklyDigest ? 'yes' : 'no'), h('td', {}, format.day(u.createdAt)),
        h('td', {}, u.disabledAt ? h('span', { class: 'status status-paused' }, 'disabled') : h('span', { class: 'status status-active' }, 'active')),
        h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => edit(u) }, `Change ${u.email}`)))))))
  }

  /** One user's role, rep, name and status, and a new password. */
  function edit(user) {
    const name = field('Name', h('input', { type: 'text', value: user.displayName, maxlength: 200 }))
    const role = field('Role', select(ROLES, user.role))
    const rep = field('Rep (for sales users)', select(repOptions, user.repId || ''))
    const digestBox = h('input', { type: 'checkbox', checked: !!user.weeklyDigest, id: 'user-digest' })
    const digest = h('div', { class: 'checkbox-field' }, h('label', { for: digestBox.id }, 'Sends the weekly digest to this user'), digestBox)
    digest.control = digestBox
    digest.error = h('p', { class: 'field-error', hidden: true })
    digest.append(digest.error)
    const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
    const form = h('form', { class: 'stack', novalidate: true }, name, role, rep, digest, summary, h('button', { type: 'submit', class: 'primary' }, 'Save user'))
    form.addEventListener('submit', async (e) => {
      e.preventDefault()
      try {
        const saved = await api('/api/users/' + user.id, {
          method: 'PUT', json: { displayName: name.control.value.trim(), role: role.control.value, repId: rep.control.value || null, weeklyDigest: digestBox.checked },
        })
        Object.assign(user, saved)
        showList()
        toast(`${saved.email} saved.`)
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        showProblem(error, { '$.displayName': name, '$.role': role, '$.repId': rep, '$.weeklyDigest': digest }, summary)
      }
    })
    const toggle = h('button', { type: 'button', class: user.disabledAt ? '' : 'danger' }, user.disabledAt ? 'Enable this user' : 'Disable this user')
    toggle.addEventListener('click', async () => {
      const saved = await api('/api/users/' + user.id, { method: 'PUT', json: { disabled: !user.disabledAt } })
      Object.assign(user, saved)
      showList()
      edit(user)
      toast(saved.disabledAt ? `${saved.email} is disabled: their sessions ended.` : `${saved.email} may sign in again.`)
    })
    const password = field('New password', h('input', { type: 'password', autocomplete: 'new-password', minlength: 10 }), 'At least 10 characters. Their sessions end; tell them the new password another way.')
    const passwordSummary = h('p', { class: 'form-error', role: 'alert', hidden: true })
    const passwordForm = h('form', { class: 'stack', novalidate: true }, password, passwordSummary, h('button', { type: 'submit' }, 'Set password'))
    passwordForm.addEventListener('submit', async (e) => {
      e.preventDefault()
      try {
        await api(`/api/users/${user.id}/password`, { method: 'POST', json: { password: password.control.value } })
        password.control.value = ''
        showProblem(null, { '$.password': password }, passwordSummary)
        toast(`A new password is set for ${user.email}.`)
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        showProblem(error, { '$.password': password }, passwordSummary)
      }
    })
    replace(detail, h('h2', { id: 'user-h' }, user.email), form, h('h3', {}, 'Access'), h('p', {}, toggle), h('h3', {}, 'Password'), passwordForm)
    detail.hidden = false
    name.control.focus()
  }

  function newUser() {
    const email = field('Email', h('input', { type: 'email', autocomplete: 'off', required: true }))
    const name = field('Name', h('input', { type: 'text', maxlength: 200 }))
    const role = field('Role', select(ROLES, 'marketer'))
    const rep = field('Rep (for sales users)', select(repOptions, ''))
    const password = field('Password', h('input', { type: 'password', autocomplete: 'new-password', minlength: 10, required: true }), 'At least 10 characters; they can change it on their account page.')
    const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
    const form = h('form', { class: 'stack', novalidate: true }, email, name, role, rep, password, summary, h('button', { type: 'submit', class: 'primary' }, 'Create user'))
    form.addEventListener('submit', async (e) => {
      e.preventDefault()
      try {
        const user = await api('/api/users', {
          method: 'POST',
          json: { email: email.control.value.trim(), displayName: name.control.value.trim() || null, role: role.control.value, repId: rep.control.value || null, password: password.control.value },
        })
        users.push(user)
        showList()
        form.reset()
        showProblem(null, { '$.email': email, '$.role': role, '$.repId': rep, '$.password': password, '$.displayName': name }, summary)
        toast(`${user.email} can sign in now.`)
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        showProblem(error, { '$.email': email, '$.role': role, '$.repId': rep, '$.password': password, '$.displayName': name }, summary)
      }
    })
    return h('section', { class: 'card', 'aria-labelledby': 'new-user-h' }, h('h2', { id: 'new-user-h' }, 'New user'), form)
  }
}
