// The alert log: each hot-lead alert with who got it, and every delivery per channel (the rep's email,
// Slack, webhooks) with each attempt: when, what came of it in words, the retry it scheduled. A delivery
// that failed every attempt is a dead letter; admins replay it and watch it go out again.
import { api, query, ApiError } from '../api.js'
import { h, field, select, replace, toast } from '../dom.js'
import { can } from '../roles.js'
import * as format from '../format.js'
import { errorWords } from '../delivery-words.js'
import { downloadButtons } from '../download.js'

const FILTERS = [['', 'All alerts'], ['dead', 'Dead letters'], ['sending', 'Sending or retrying'], ['delivered', 'Delivered'], ['pending', 'Waiting to be assigned']]
const ALERT_STATUS = {
  dead: ['Dead letter', 'status-failed'],
  sending: ['Sending', 'status-paused'],
  delivered: ['Delivered', 'status-active'],
  pending: ['Waiting to be assigned', 'status-idle'],
}
const moment = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
/** Attempts can be a second apart: their times keep the seconds. */
const at = (iso) => (iso ? moment.format(new Date(iso)) : '—')

const DELIVERY_STATUS = {
  dead: ['Dead letter', 'status-failed'],
  pending: ['Retrying', 'status-paused'],
  delivered: ['Delivered', 'status-active'],
}
const EMAIL_STATUS = {
  queued: ['Queued', 'status-paused'],
  sending: ['Sending', 'status-paused'],
  sent: ['Sent', 'status-active'],
  failed: ['Failed', 'status-failed'],
  suppressed: ['Not sent: address suppressed', 'status-failed'],
  capped: ['Not sent: capped', 'status-failed'],
}
const ATTEMPT = {
  delivered: 'Delivered',
  retry: 'Failed, retry scheduled',
  dead: 'Failed: gave up (dead letter)',
  replayed: 'Replayed',
}
/** Which channel a delivery is: the rep's webhook or Slack, or the workspace's webhook. */
function channelOf(d) {
  if (d.target === 'workspace') return 'Workspace webhook'
  if (d.kind === 'slack') return 'Slack'
  return 'Webhook'
}

/** Where it goes, without the path: a Slack webhook's path is its secret. */
function hostOf(url) {
  try {
    return new URL(url).host
  } catch {
    return '—'
  }
}

export async function render(main, ctx) {
  const status = ctx.query.get('status') || ''
  const canReplay = can(ctx.me.role, 'alertReplay')
  const filter = select(FILTERS, status, { name: 'status' })
  filter.addEventListener('change', () => ctx.navigate('#/alerts' + query({ status: filter.value })))
  const list = h('ol', { class: 'alert-list', 'aria-label': 'Alerts' })

  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Alerts'), h('div', { class: 'rep-chooser' }, field('Show', filter))),
    h('p', { class: 'lede' }, 'Each hot-lead alert, who got it and why, and every delivery: the rep\'s email, Slack and webhooks, each attempt with what came of it. ',
      'A delivery that failed every attempt is a dead letter', canReplay ? '; replay it once the receiver is fixed.' : '; an admin can replay it.'),
    list)

  const { alerts } = await api('/api/alerts' + query({ status, limit: 100 }), { signal: ctx.signal })
  if (!alerts.length) {
    list.replaceWith(h('p', { class: 'empty' }, status ? 'No alerts with this status.' : 'No alerts yet: they appear when a lead turns hot or a flow hands one to sales.'))
    return
  }
  replace(list, alerts.map((alert) => alertCard(alert, canReplay, ctx.signal)))
  list.after(downloadButtons('/api/alerts', { status, limit: 1000 }, { what: 'the alert log' }))
}

function alertCard(alert, canReplay, signal) {
  const card = h('li', { class: 'card alert-card', dataset: { alert: alert.id } })
  const result = h('p', { class: 'replay-result', 'aria-live': 'polite' })
  draw(alert)
  return card

  function draw(a) {
    const [word, css] = ALERT_STATUS[a.status] || [a.status, 'status-idle']
    const who = a.leadName || a.leadEmail || 'A lead'
    const headingId = 'alert-' + a.id
    const to = a.repId
      ? [`To ${a.repName || a.repId}`, a.reason ? ` (${a.reason})` : '']
      : a.reason ? ['To nobody: ', a.reason] : ['Not assigned yet']
    const dead = a.deliveries.some((d) => d.status === 'dead')
    const replay = canReplay && dead ? h('button', { type: 'button', class: 'primary', onclick: () => doReplay(a, replay) }, 'Replay dead deliveries') : null
    card.setAttribute('aria-labelledby', headingId)
    card.classList.toggle('dead', a.status === 'dead')
    replace(card,
      h('div', { class: 'alert-head' },
        h('h2', { id: headingId }, h('a', { href: '#/leads/' + a.leadId }, who), ' ', h('span', { class: 'status ' + css }, word)),
        replay),
      h('p', { class: 'sub' }, `Hot ${format.when(a.triggeredAt)} · `, to, a.note ? ` · “${a.note}”` : ''),
      deliveries(a),
      result)
  }

  async function doReplay(a, button) {
    button.disabled = true
    try {
      const replayed = await api(`/api/alerts/${a.id}/replay`, { method: 'POST' })
      draw(replayed)
      const again = replayed.deliveries.filter((d) => d.status === 'pending').length
      result.textContent = `Replayed: ${again} deliver${again === 1 ? 'y is' : 'ies are'} being sent again.`
      toast('Replaying the dead deliveries.')
      await follow(a.id)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      button.disabled = false
      result.textContent = error.summary
    }
  }

  /** After a replay: the alert again every second until no delivery is pending (or half a minute passed). */
  async function follow(id) {
    for (let i = 0; i < 30 && !signal.aborted; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const { alerts } = await api('/api/alerts' + query({ id }), { signal })
      const now = alerts[0]
      if (!now) return
      if (now.deliveries.some((d) => d.status === 'pending')) continue
      draw(now)
      result.textContent = now.status === 'delivered' ? 'Replay delivered.' : 'The replay failed again: see the attempts.'
      return
    }
  }
}

function deliveries(a) {
  const rows = [
    ...a.emails.map((e) => {
      const [word, css] = EMAIL_STATUS[e.status] || [e.status, 'status-idle']
      return h('tr', {},
        h('th', { scope: 'row' }, e.kind === 'handoff-reminder' ? 'Email (reminder)' : 'Email'),
        h('td', { dataset: { label: 'To' } }, e.to),
        h('td', { dataset: { label: 'Outcome' } }, h('span', { class: 'status ' + css }, word), e.lastError ? h('span', { class: 'sub' }, errorWords(e.lastError)) : null),
        h('td', { dataset: { label: 'Attempts' }, class: 'num' }, String(e.attempts)),
        h('td', { dataset: { label: 'When' } }, e.sentAt ? `Sent ${format.when(e.sentAt)}` : '—'))
    }),
    ...a.deliveries.map((d) => {
      const [word, css] = DELIVERY_STATUS[d.status] || [d.status, 'status-idle']
      const when = d.status === 'delivered' ? `Delivered ${format.when(d.deliveredAt)}`
        : d.status === 'pending' && d.nextAttemptAt ? `Next try ${at(d.nextAttemptAt)}`
          : d.status === 'dead' ? 'No more tries' : '—'
      return h('tr', { class: 'delivery-' + d.status },
        h('th', { scope: 'row' }, channelOf(d)),
        h('td', { dataset: { label: 'To' } }, hostOf(d.url)),
        h('td', { dataset: { label: 'Outcome' } }, h('span', { class: 'status ' + css }, word),
          d.lastError && d.status !== 'delivered' ? h('span', { class: 'sub' }, errorWords(d.lastError)) : null,
          history(d)),
        h('td', { dataset: { label: 'Attempts' }, class: 'num' }, String(d.attempts)),
        h('td', { dataset: { label: 'When' } }, when))
    }),
  ]
  if (!rows.length) return h('p', { class: 'empty' }, a.status === 'pending' ? 'Not sent yet: the alert is being assigned.' : 'Nothing to deliver: no rep, and no workspace webhook.')
  return h('div', { class: 'table-wrap' }, h('table', { class: 'deliveries' },
    h('caption', { class: 'sr-only' }, 'Deliveries'),
    h('thead', {}, h('tr', {}, ['Channel', 'To', 'Outcome', 'Attempts', 'When'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)))
}

/** Each attempt and replay of a delivery, oldest first, folded away. */
function history(d) {
  if (!d.history?.length) return null
  return h('details', { class: 'attempts' },
    h('summary', {}, `Attempt history (${d.history.length})`),
    h('ul', {}, d.history.map((x) => h('li', { class: 'attempt-' + x.outcome },
      h('span', { class: 'attempt-head' }, x.outcome === 'replayed' ? 'Replay' : `Attempt ${x.attempt}`, ' · ', at(x.at)), ' — ',
      ATTEMPT[x.outcome] || x.outcome,
      x.outcome === 'replayed' ? (x.actor ? ` by ${x.actor.replace(/^user:/, '')}` : '') : x.error ? `: ${errorWords(x.error)}` : '',
      x.nextAttemptAt ? ` (next try ${at(x.nextAttemptAt)})` : ''))))
}
