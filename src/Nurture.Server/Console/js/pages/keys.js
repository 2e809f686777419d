// API keys (admin): a new key for a script or another system, shown once; the keys by prefix with their
// last use; revoking one. Console sessions are listed too, so a lost laptop's session can be ended.
import { api, ApiError } from '../api.js'
import { h, field, select, replace, toast } from '../dom.js'
import { showProblem } from '../errors.js'
import * as format from '../format.js'

const ROLES = [['marketer', 'Marketer'], ['sales', 'Sales (must belong to a sales user)'], ['admin', 'Admin']]

export async function render(main, ctx) {
  const [keys, users] = await Promise.all([api('/api/keys', { signal: ctx.signal }), api('/api/users', { signal: ctx.signal })])
  const userName = (id) => users.find((u) => u.id === id)?.email || '—'
  const list = h('div', { class: 'table-wrap' })
  const created = h('div', { role: 'status', 'aria-live': 'polite' })

  main.append(
    h('h1', {}, 'API keys'),
    h('p', { class: 'lede' }, 'Keys let scripts and other systems call the API with a role. A key is shown once, when it is made; only its prefix is kept visible.'),
    created, newKey(), h('section', { 'aria-labelledby': 'in-use-h' }, h('h2', { id: 'in-use-h' }, 'In use'), list))
  showList()

  function showList() {
    const live = keys.filter((k) => !k.revokedAt).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
    const apiKeys = live.filter((k) => k.kind !== 'session')
    const sessions = live.filter((k) => k.kind === 'session')
    const ended = keys.length - live.length
    const table = (rows, head, cells) => h('table', {},
      h('thead', {}, h('tr', {}, head.map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows.map(cells)))
    replace(list,
      h('h3', {}, 'Keys'),
      apiKeys.length ? table(apiKeys, ['Key', 'Role', 'User', 'Created', 'Expires', 'Last used', ''], (k) => h('tr', {},
        h('th', { scope: 'row' }, k.name, h('span', { class: 'sub' }, h('code', {}, `${k.prefix}…`))),
        h('td', {}, k.role), h('td', {}, userName(k.userId)), h('td', {}, format.day(k.createdAt)),
        h('td', {}, k.expiresAt ? format.when(k.expiresAt) : 'never'), h('td', {}, k.lastUsedAt ? format.ago(k.lastUsedAt) : 'not yet'),
        h('td', {}, h('button', { type: 'button', class: 'link danger', onclick: () => revoke(k, `${k.name} is revoked`) }, `Revoke ${k.name}`))))
        : h('p', { class: 'empty' }, 'No API keys in use.'),
      h('h3', {}, 'Console sessions'),
      sessions.length ? table(sessions, ['User', 'Role', 'Signed in', 'Ends', 'Last used', ''], (k) => h('tr', {},
        h('th', { scope: 'row' }, userName(k.userId), h('span', { class: 'sub' }, h('code', {}, `${k.prefix}…`))),
        h('td', {}, k.role), h('td', {}, format.when(k.createdAt)), h('td', {}, format.when(k.expiresAt)),
        h('td', {}, k.lastUsedAt ? format.ago(k.lastUsedAt) : 'not yet'),
        h('td', {}, h('button', { type: 'button', class: 'link danger', onclick: () => revoke(k, `The session of ${userName(k.userId)} is ended`) },
          `End session ${k.prefix}… of ${userName(k.userId)}`))))
        : h('p', { class: 'empty' }, 'Nobody is signed in.'),
      ended ? h('p', { class: 'hint' }, `${ended} revoked or ended ${ended === 1 ? 'key is' : 'keys are'} not shown.`) : null)
  }

  async function revoke(key, said) {
    await api('/api/keys/' + key.id, { method: 'DELETE' })
    key.revokedAt = new Date().toISOString()
    showList()
    toast(`${said}: it stops working at once here and within seconds on the other nodes.`)
  }

  function newKey() {
    const name = field('What it is for', h('input', { type: 'text', maxlength: 200, required: true, placeholder: 'CRM sync' }))
    const role = field('Role', select(ROLES, 'marketer'))
    const user = field('Belongs to (optional)', select([['', 'nobody: acts as its role'], ...users.filter((u) => !u.disabledAt).map((u) => [u.id, `${u.email} (${u.role})`])], ''),
      'A key of a user never does more than that user may, and stops while they are disabled.')
    const expires = field('Expires (optional)', h('input', { type: 'date' }))
    const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
    const fields = { '$.name': name, '$.role': role, '$.userId': user, '$.expiresAt': expires }
    const form = h('form', { class: 'stack', novalidate: true }, name, role, user, expires, summary, h('button', { type: 'submit', class: 'primary' }, 'Create key'))
    form.addEventListener('submit', async (e) => {
      e.preventDefault()
      try {
        const answer = await api('/api/keys', {
          method: 'POST',
          json: {
            name: name.control.value.trim(), role: role.control.value, userId: user.control.value || null,
            expiresAt: expires.control.value ? new Date(expires.control.value + 'T23:59:59').toISOString() : null,
          },
        })
        keys.push(answer.apiKey ?? answer)
        showList()
        form.reset()
        showProblem(null, fields, summary)
        showCreated(answer.key, name.control.value)
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        showProblem(error, fields, summary)
      }
    })
    return h('section', { class: 'card', 'aria-labelledby': 'new-key-h' }, h('h2', { id: 'new-key-h' }, 'New key'), form)
  }

  function showCreated(secret, label) {
    const copy = h('button', { type: 'button' }, 'Copy key')
    copy.addEventListener('click', async () => {
      await navigator.clipboard.writeText(secret).then(() => toast('Copied.'), () => toast('Select the key and press Ctrl+C.'))
    })
    replace(created, h('section', { class: 'card key-once', 'aria-labelledby': 'key-once-h' },
      h('h2', { id: 'key-once-h' }, 'Your new key'),
      h('p', {}, 'Copy it now: it is not shown again. Send it as ', h('code', {}, 'Authorization: Bearer <key>'), '.'),
      h('pre', { class: 'copy-text', tabindex: 0, 'aria-label': 'The new key' }, h('code', {}, secret)), copy))
  }
}
