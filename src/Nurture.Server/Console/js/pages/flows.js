// The flows: their status and version, and a new flow by id (opens the designer).
import { api } from '../api.js'
import { h, field, setFieldError } from '../dom.js'
import * as format from '../format.js'

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/

export async function render(main, ctx) {
  const flows = await api('/api/flows', { signal: ctx.signal })
  const id = field('Flow id', h('input', { type: 'text', name: 'id', required: true, spellcheck: false }), 'Lower-case letters, digits, - and _; it cannot change later.')
  const form = h('form', { class: 'inline-form' }, id, h('button', { type: 'submit', class: 'primary' }, 'Create and design'))
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    const value = id.control.value.trim()
    if (!ID.test(value)) return setFieldError(id, 'must be 1 to 64 lower-case letters, digits, - or _, starting with a letter or digit')
    if (flows.some((f) => f.id === value)) return setFieldError(id, 'is taken by an existing flow')
    ctx.navigate('#/flows/' + value)
  })
  main.append(
    h('h1', {}, 'Flows'),
    flows.length ? h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Flow', 'Status', 'Version', 'Trigger', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, flows.map((f) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: '#/flows/' + f.id }, f.definition.name || f.id), h('span', { class: 'sub' }, f.id)),
        h('td', {}, h('span', { class: 'status status-' + f.status }, f.status)),
        h('td', { class: 'num' }, String(f.version)),
        h('td', {}, h('code', {}, JSON.stringify(f.definition.trigger))),
        h('td', {}, format.when(f.updatedAt))))))) : h('p', { class: 'empty' }, 'No flows yet.'),
    h('section', { class: 'card', 'aria-labelledby': 'new-flow-h' }, h('h2', { id: 'new-flow-h' }, 'New flow'), form))
}
