// Sign-in: email and password give a session key (POST /api/auth/sign-in), kept until sign-out.
import { api, session, ApiError } from '../api.js'
import { h, field } from '../dom.js'
import { showProblem } from '../errors.js'

export async function render(main, ctx) {
  const email = field('Email', h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true }))
  const password = field('Password', h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true }))
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in')

  const form = h('form', { class: 'signin card', novalidate: true }, h('h1', {}, 'Sign in to Nurture'), email, password, error, submit)
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    showProblem(null, { '$.email': email, '$.password': password }, error)
    submit.disabled = true
    try {
      const answer = await api('/api/auth/sign-in', { method: 'POST', json: { email: email.control.value, password: password.control.value } })
      session.set({ key: answer.key, expiresAt: answer.expiresAt, user: answer.user })
      await ctx.signedIn()
    } catch (err) {
      if (err instanceof ApiError) showProblem(err, { '$.email': email, '$.password': password }, error)
      else {
        error.textContent = String(err)
        error.hidden = false
      }
      password.control.select()
    } finally {
      submit.disabled = false
    }
  })
  main.append(h('div', { class: 'signin-page' }, form,
    h('p', { class: 'hint' }, 'A local install has the user admin@localhost; deploy/local.sh run prints its password.')))
  email.control.focus()
}
