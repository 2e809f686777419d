// The sales inbox: the rep's open hot leads with why each is hot, feedback buttons, and new hot
// leads appearing as they are assigned (pushed by GET /api/sales/stream, no reload).
import { api, query } from '../api.js'
import { h, select, field, toast } from '../dom.js'
import * as format from '../format.js'
import { follow } from '../stream.js'
import { feedbackButtons } from '../feedback.js'
import { can, SALES } from '../roles.js'

export async function render(main, ctx) {
  const { me, signal } = ctx
  let rep = me.role === SALES ? me.repId : ctx.query.get('rep')
  const head = h('div', { class: 'page-head' }, h('h1', {}, 'Sales inbox'))
  const live = h('p', { class: 'live-status', 'aria-live': 'polite' })
  const list = h('ol', { class: 'inbox', 'aria-label': 'Hot leads' })
  main.append(head)

  if (can(me.role, 'chooseRep')) {
    const reps = await api('/api/reps', { signal })
    rep ||= reps[0]?.id
    const chooser = select(reps.map((r) => [r.id, `${r.name} (${r.id})`]), rep, { name: 'rep' })
    chooser.addEventListener('change', () => ctx.navigate('#/inbox' + query({ rep: chooser.value })))
    head.append(h('div', { class: 'rep-chooser' }, field('Rep', chooser)))
    if (!reps.length) return main.append(h('p', { class: 'empty' }, 'There are no reps yet: an admin adds them on ', h('a', { href: '#/reps' }, 'the Reps page'), '.'))
  }
  if (!rep) return main.append(h('p', { class: 'empty' }, 'Your user is not linked to a sales rep, so there is no inbox. Ask an admin to set your rep.'))
  main.append(live, list)

  const shown = new Map() // leadId → its card
  const add = (item, fresh) => {
    if (shown.has(item.leadId)) return
    const card = leadCard(item, ctx, () => {
      card.remove()
      shown.delete(item.leadId)
      if (!shown.size) list.replaceChildren(emptyNote())
    })
    if (fresh) card.classList.add('fresh')
    shown.set(item.leadId, card)
    list.querySelector('.empty')?.remove()
    if (fresh) list.prepend(card)
    else list.append(card)
  }
  const reload = async () => {
    const inbox = await api('/api/sales/inbox' + query({ rep: me.role === SALES ? '' : rep }), { signal })
    for (const item of inbox.leads) add(item, false)
    if (!shown.size) list.replaceChildren(emptyNote())
  }

  follow('/api/sales/stream' + query({ rep: me.role === SALES ? '' : rep }), {
    signal,
    onOpen: async () => {
      live.textContent = 'Live: new hot leads appear here as they are assigned.'
      live.className = 'live-status on'
      await reload()
    },
    onEvent: (type, item) => {
      if (type !== 'assigned' || shown.has(item.leadId)) return
      add(item, true)
      toast(`New hot lead: ${item.name || item.email || 'a lead'}`)
    },
    onError: () => {
      live.textContent = 'Reconnecting…'
      live.className = 'live-status off'
    },
  })
}

const emptyNote = () => h('li', { class: 'empty' }, 'No open hot leads. New ones will appear here.')

function leadCard(item, ctx, onClosed) {
  const label = item.name || item.email || 'Anonymous lead'
  const why = item.why || []
  return h('li', { class: 'card lead-card', dataset: { lead: item.leadId } },
    h('div', { class: 'lead-card-head' },
      h('h2', {}, h('a', { href: '#/leads/' + item.leadId }, label)),
      h('span', { class: 'stage stage-' + item.stage }, item.stage)),
    h('p', { class: 'sub' }, [item.company, item.name && item.email ? item.email : null].filter(Boolean).join(' · ')),
    h('p', {}, `Engagement ${format.number(item.engagement, 1)} · Grade ${item.grade} · Fit ${format.number(item.fit, 1)}`),
    h('div', { class: 'why' }, h('h3', {}, 'Why hot'),
      h('ul', {},
        item.note ? h('li', { class: 'handoff-note' }, 'Handed over: ', h('strong', {}, item.note)) : null,
        item.topInterests?.length ? h('li', {}, 'Most interested in ', h('strong', {}, item.topInterests.join(', '))) : null,
        why.map((c) => h('li', {}, `${c.ruleId}: +${format.number(c.points, 1)}${c.url ? ' on ' + format.path(c.url) : ''} (${format.ago(c.at)})`)))),
    h('p', { class: 'sub' }, `From ${format.touch(item.firstTouch)}; last ${format.touch(item.lastTouch)}, seen ${format.ago(item.lastSeen)}`),
    h('p', { class: 'sub' }, `Assigned ${format.ago(item.assignedAt)} (${item.reason})${item.lastOutcome ? ' · ' + item.lastOutcome : ''}`),
    can(ctx.me.role, 'feedback')
      ? feedbackButtons(item.leadId, label, (outcome) => {
          if (outcome !== 'accepted') onClosed()
        })
      : null)
}
