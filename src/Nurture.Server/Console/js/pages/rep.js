// One rep: the same form as a new rep, filled in (admins save it; marketers see it), with where the rep
// stands now.
import { api } from '../api.js'
import { h, append, replace, toast } from '../dom.js'
import { can } from '../roles.js'
import { repForm } from '../rep-form.js'
import { nowBadge } from './reps.js'

export async function render(main, ctx) {
  const id = ctx.params.id
  const [rep, standing] = await Promise.all([
    api('/api/reps/' + encodeURIComponent(id), { signal: ctx.signal }),
    api('/api/routing/reps', { signal: ctx.signal }),
  ])
  const editable = can(ctx.me.role, 'repEdit')
  const status = h('p', { class: 'rep-now', 'aria-live': 'polite' })
  const showStatus = (r, s) => replace(status, nowBadge(r, s), ' ', s?.status || '')
  showStatus(rep, standing.reps.find((s) => s.repId === id))

  append(main, [
    h('p', { class: 'crumbs' }, h('a', { href: '#/reps' }, 'Reps')),
    h('h1', {}, rep.name),
    status,
    editable ? null : h('p', { class: 'note' }, 'Only admins change reps.'),
    h('section', { class: 'card', 'aria-label': 'Rep details' }, repForm(rep, {
      editable,
      onSaved: async (saved) => {
        main.querySelector('h1').textContent = saved.name
        toast(`${saved.name} saved.`)
        const now = await api('/api/routing/reps')
        showStatus(saved, now.reps.find((s) => s.repId === id))
      },
    }))])
}
