// The sales reps (admins add and change them; marketers look): each rep's load, whether they can take a
// lead now and why not, their hours, territory and alert channels; and a new rep.
import { api } from '../api.js'
import { h, append, replace, toast } from '../dom.js'
import { can } from '../roles.js'
import { repForm } from '../rep-form.js'
import { hoursWords, territoryWords, channelWords, awayWords, repsNav } from '../rep-words.js'

export async function render(main, ctx) {
  const [reps, standing] = await Promise.all([api('/api/reps', { signal: ctx.signal }), api('/api/routing/reps', { signal: ctx.signal })])
  const byId = new Map(standing.reps.map((s) => [s.repId, s]))
  const editable = can(ctx.me.role, 'repEdit')
  const newCard = h('section', { class: 'card', 'aria-labelledby': 'new-rep-h', hidden: true })
  const addButton = editable ? h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false', 'aria-controls': 'new-rep' }, 'New rep') : null
  newCard.id = 'new-rep'

  append(main, [
    h('div', { class: 'page-head' }, h('h1', {}, 'Reps'), addButton),
    repsNav(h, '#/reps'),
    h('p', { class: 'lede' }, 'The sales reps who get hot leads. A rep who is inactive, out of office or at capacity gets no new leads; ',
      h('a', { href: '#/routing' }, 'the routing rules'), ' decide among the others, and ', h('a', { href: '#/alerts' }, 'the alert log'), ' shows how each alert reached them.'),
    editable ? null : h('p', { class: 'note' }, 'Only admins add or change reps.'),
    newCard, list()])

  addButton?.addEventListener('click', () => {
    const open = newCard.hidden
    newCard.hidden = !open
    addButton.setAttribute('aria-expanded', String(open))
    if (!open) return
    replace(newCard, h('h2', { id: 'new-rep-h' }, 'New rep'), repForm(null, {
      editable,
      onSaved: (rep) => {
        toast(`${rep.name} is a rep now.`)
        ctx.navigate('#/reps/' + encodeURIComponent(rep.id))
      },
    }))
    newCard.querySelector('input')?.focus()
  })

  function list() {
    if (!reps.length) return h('p', { class: 'empty' }, editable ? 'There are no reps yet: add the first with New rep.' : 'There are no reps yet.')
    return h('div', { class: 'table-wrap' }, h('table', { class: 'reps-table' },
      h('caption', { class: 'sr-only' }, 'Reps'),
      h('thead', {}, h('tr', {}, ['Rep', 'Now', 'Open hot leads', 'Working hours', 'Territory', 'Alerts by'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, reps.map((rep) => {
        const s = byId.get(rep.id)
        const away = awayWords(rep)
        return h('tr', {},
          h('th', { scope: 'row' }, h('a', { href: '#/reps/' + encodeURIComponent(rep.id) }, rep.name), h('span', { class: 'sub' }, rep.email)),
          h('td', { dataset: { label: 'Now' } }, nowBadge(rep, s), away ? h('span', { class: 'sub' }, away) : null),
          h('td', { dataset: { label: 'Open hot leads' }, class: 'num' }, s ? `${s.openLeads} of ${rep.capacity}` : `— of ${rep.capacity}`),
          h('td', { dataset: { label: 'Working hours' } }, hoursWords(rep)),
          h('td', { dataset: { label: 'Territory' } }, territoryWords(rep)),
          h('td', { dataset: { label: 'Alerts by' } }, channelWords(rep)))
      }))))
  }
}

/** Whether the rep takes a lead now, in one badge: the reason when not. */
export function nowBadge(rep, standing) {
  if (!rep.active) return h('span', { class: 'status status-paused' }, 'Inactive')
  if (standing?.outOfOffice) return h('span', { class: 'status status-paused' }, 'Out of office')
  if (standing && standing.openLeads >= rep.capacity) return h('span', { class: 'status status-failed' }, 'At capacity')
  if (standing && !standing.atWork) return h('span', { class: 'status status-idle' }, `Off until ${standing.nextWorkStart}`)
  return h('span', { class: 'status status-active' }, 'Takes leads')
}
