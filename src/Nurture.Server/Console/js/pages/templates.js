// Email templates: the list (with how each is made and who it is from), and a new template by id (opens the editor).
import { api } from '../api.js'
import { h, field, setFieldError } from '../dom.js'
import * as format from '../format.js'

const ID = /^[a-z0-9][a-z0-9_-]{0,99}$/

export async function render(main, ctx) {
  const templates = await api('/api/templates', { signal: ctx.signal })
  const id = field('Template id', h('input', { type: 'text', name: 'id', required: true, spellcheck: false }), 'Lower-case letters, digits, - and _.')
  const form = h('form', { class: 'inline-form' }, id, h('button', { type: 'submit', class: 'primary' }, 'Create and edit'))
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    const value = id.control.value.trim()
    if (!ID.test(value)) return setFieldError(id, 'must be 1 to 100 lower-case letters, digits, - or _')
    ctx.navigate('#/templates/' + value)
  })
  main.append(
    h('h1', {}, 'Email templates'),
    templates.length ? h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Template', 'Subject', 'Made with', 'From', 'Version', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, templates.map((t) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: '#/templates/' + t.id }, t.name), h('span', { class: 'sub' }, t.id)),
        h('td', {}, t.subject, t.preheader ? h('span', { class: 'sub' }, t.preheader) : null),
        h('td', {}, t.editor === 'blocks' ? 'Blocks' : 'HTML'),
        h('td', {}, t.fromName || t.fromAddress ? [t.fromName, t.fromAddress].filter(Boolean).join(' · ') : h('span', { class: 'muted' }, 'Default sender')),
        h('td', { class: 'num' }, String(t.version)), h('td', {}, format.when(t.updatedAt))))))) : h('p', { class: 'empty' }, 'No templates yet.'),
    h('section', { class: 'card', 'aria-labelledby': 'new-template-h' }, h('h2', { id: 'new-template-h' }, 'New template'), form))
}
