// The sales inbox: the rep's leads by view (open, new, accepted, won, lost, all) with a count on each, why
// each is hot (the event that tipped it over first), how to reach them (email, phone), logging a call,
// meeting or note, and feedback (won with the deal's value). New hot leads appear as they are assigned
// (pushed by GET /api/sales/stream, no reload).
import { api, query } from '../api.js'
import { h, select, field, toast } from '../dom.js'
import * as format from '../format.js'
import { follow } from '../stream.js'
import { feedbackButtons } from '../feedback.js'
import { contactLinks, activityLogger } from '../contact.js'
import { kindWords, outcomeWords, money, tippingWords, who } from '../sales-words.js'
import { can, SALES } from '../roles.js'
import { downloadButtons } from '../download.js'

/** The views, as GET /api/sales/inbox?view= names them, and what the tabs say. */
const VIEWS = [['open', 'Open'], ['new', 'New'], ['accepted', 'Accepted'], ['won', 'Won'], ['lost', 'Lost'], ['all', 'All mine']]
// Lower case, like the stage beside it (and unlike the feedback's own "Accepted" message under the buttons).
const STATUS_WORDS = { new: 'new', accepted: 'accepted', rejected: 'rejected', won: 'won', lost: 'lost' }
/** Whether a lead of this status shows in the view (the API's InboxView.Holds). */
const holds = (view, status) => view === 'all' || view === status || (view === 'open' && (status === 'new' || status === 'accepted'))
/** Where a fresh assignment belongs. */
const LIVE_VIEWS = new Set(['open', 'new', 'all'])

export async function render(main, ctx) {
  const { me, signal } = ctx
  let rep = me.role === SALES ? me.repId : ctx.query.get('rep')
  const view = VIEWS.some(([v]) => v === ctx.query.get('view')) ? ctx.query.get('view') : 'open'
  const head = h('div', { class: 'page-head' }, h('h1', {}, 'Sales inbox'))
  const live = h('p', { class: 'live-status', 'aria-live': 'polite' })
  const tabs = h('ul', {})
  const list = h('ol', { class: 'inbox', 'aria-label': `${VIEWS.find(([v]) => v === view)[1]} leads` })
  main.append(head)

  if (can(me.role, 'chooseRep')) {
    const reps = await api('/api/reps', { signal })
    rep ||= reps[0]?.id
    const chooser = select(reps.map((r) => [r.id, `${r.name} (${r.id})`]), rep, { name: 'rep' })
    chooser.addEventListener('change', () => ctx.navigate('#/inbox' + query({ rep: chooser.value, view })))
    head.append(h('div', { class: 'rep-chooser' }, field('Rep', chooser)))
    if (!reps.length) return main.append(h('p', { class: 'empty' }, 'There are no reps yet: an admin adds them on ', h('a', { href: '#/reps' }, 'the Reps page'), '.'))
  }
  if (!rep) return main.append(h('p', { class: 'empty' }, 'Your user is not linked to a sales rep, so there is no inbox. Ask an admin to set your rep.'))
  const repParam = me.role === SALES ? '' : rep
  const truncated = h('p', { class: 'hint', hidden: true })
  main.append(h('nav', { class: 'view-tabs', 'aria-label': 'Inbox views' }, tabs), live, list, truncated,
    downloadButtons('/api/sales/inbox', { rep: repParam, view }, { what: `the ${VIEWS.find(([v]) => v === view)[1]} view` }))

  const showCounts = (counts) => tabs.replaceChildren(...VIEWS.map(([v, label]) => {
    const n = counts?.[v] ?? 0
    const words = me.role === SALES || v !== 'all' ? label : 'All'
    return h('li', {}, h('a', {
      href: '#/inbox' + query({ rep: repParam, view: v === 'open' ? '' : v }), 'aria-current': v === view ? 'page' : false,
      'aria-label': `${words}: ${n} lead${n === 1 ? '' : 's'}`, dataset: { view: v },
    }, words, ' ', h('span', { class: 'count-chip' }, format.number(n))))
  }))
  const refreshCounts = async () => showCounts((await api('/api/sales/inbox' + query({ rep: repParam, view }), { signal })).counts)

  const shown = new Map() // leadId → its card
  const add = (item, fresh) => {
    if (shown.has(item.leadId)) return
    const card = leadCard(item, ctx, view, () => refreshCounts().catch(() => {}))
    if (fresh) card.classList.add('fresh')
    shown.set(item.leadId, card)
    list.querySelector('.empty')?.remove()
    if (fresh) list.prepend(card)
    else list.append(card)
  }
  const reload = async () => {
    const inbox = await api('/api/sales/inbox' + query({ rep: repParam, view }), { signal })
    showCounts(inbox.counts)
    for (const item of inbox.leads) add(item, false)
    if (!shown.size) list.replaceChildren(emptyNote(view))
    truncated.textContent = inbox.truncated ? `The newest ${inbox.leads.length} are shown; the count on the view is all of them.` : ''
    truncated.hidden = !inbox.truncated
  }

  follow('/api/sales/stream' + query({ rep: repParam }), {
    signal,
    onOpen: async () => {
      live.textContent = 'Live: new hot leads appear here as they are assigned.'
      live.className = 'live-status on'
      await reload()
    },
    onEvent: (type, item) => {
      if (type !== 'assigned' || shown.has(item.leadId)) return
      refreshCounts().catch(() => {})
      if (!LIVE_VIEWS.has(view)) return
      add(item, true)
      toast(`New hot lead: ${item.name || item.email || 'a lead'}`)
    },
    onError: () => {
      live.textContent = 'Reconnecting…'
      live.className = 'live-status off'
    },
  })
}

const EMPTY = {
  open: 'No open hot leads. New ones will appear here.', new: 'No new leads: every lead has an answer.',
  accepted: 'No accepted leads.', won: 'No won deals yet.', lost: 'No lost leads.', all: 'No leads assigned yet.',
}
const emptyNote = (view) => h('li', { class: 'empty' }, EMPTY[view])

/** Why the lead is in the inbox: the event that tipped it over or the flow's hand-off first, then what weighs most. */
function whyHot(item) {
  const why = item.why || []
  const first = []
  if (item.flowHandoff) {
    first.push(h('li', { class: 'handoff-note' },
      item.stage === 'hot' ? 'Handed over by a flow: ' : `Handed over by a flow step, not hot (stage ${item.stage}): `, h('strong', {}, item.note || '')))
  } else if (item.tipping) {
    const t = item.tipping
    first.push(h('li', { class: 'tipping' }, 'Tipped over by: ', h('strong', {}, tippingWords(t)),
      t.points ? ` (+${format.number(t.points, 1)}${t.ruleId ? ', ' + t.ruleId : ''})` : '', t.at ? `, ${format.ago(t.at)}` : ''))
  } else if (item.note) {
    first.push(h('li', { class: 'handoff-note' }, 'Handed over: ', h('strong', {}, item.note)))
  }
  return h('div', { class: 'why' }, h('h3', {}, item.flowHandoff && item.stage !== 'hot' ? 'Why handed over' : 'Why hot'),
    h('ul', {},
      first,
      item.topInterests?.length ? h('li', {}, 'Most interested in ', h('strong', {}, item.topInterests.join(', '))) : null,
      why.length ? h('li', {}, 'Weighs most now: ', h('ul', {}, why.map((c) =>
        h('li', {}, `${c.ruleId}: +${format.number(c.points, 1)}${c.url ? ' on ' + format.path(c.url) : ''} (${format.ago(c.at)})`)))) : null))
}

/** "Won, 1,200,000, closed 2026-12-01": where the lead stands. */
function statusWords(item) {
  if (item.status === 'won' && item.dealValue !== null && item.dealValue !== undefined) return `won: ${money(item.dealValue)}, closed ${item.closedOn}`
  return STATUS_WORDS[item.status] || item.status
}

function lastActivityWords(a) {
  if (!a) return null
  return `Last ${kindWords(a.kind).toLowerCase()}${a.outcome ? ': ' + outcomeWords(a.outcome).toLowerCase() : ''}, by ${who(a.actor)}, ${format.ago(a.at)}`
}

function leadCard(item, ctx, view, onChanged) {
  const label = item.name || item.email || 'Anonymous lead'
  const status = h('span', { class: 'status status-' + item.status }, statusWords(item))
  const activity = h('p', { class: 'sub last-activity' }, lastActivityWords(item.lastActivity))
  const moved = h('p', { class: 'moved', 'aria-live': 'polite' })
  const canAct = can(ctx.me.role, 'feedback')
  return h('li', { class: 'card lead-card', dataset: { lead: item.leadId } },
    h('div', { class: 'lead-card-head' },
      h('h2', {}, h('a', { href: '#/leads/' + item.leadId }, label)),
      h('span', { class: 'badges' }, h('span', { class: 'stage stage-' + item.stage }, item.stage), ' ', status)),
    h('p', { class: 'sub' }, [item.company, item.name && item.email ? item.email : null].filter(Boolean).join(' · ')),
    h('p', {}, `Engagement ${format.number(item.engagement, 1)} · Grade ${item.grade} · Fit ${format.number(item.fit, 1)}`),
    whyHot(item),
    h('p', { class: 'sub' }, `From ${format.touch(item.firstTouch)}; last ${format.touch(item.lastTouch)}, seen ${format.ago(item.lastSeen)}`),
    h('p', { class: 'sub' }, `Assigned ${format.ago(item.assignedAt)} (${item.reason})`),
    activity,
    contactLinks({ email: item.email, phone: item.phone, label }),
    can(ctx.me.role, 'activity')
      ? activityLogger(item.leadId, label, (logged) => {
          activity.textContent = lastActivityWords({ kind: logged.kind, outcome: logged.outcome, actor: logged.user, at: logged.at })
          onChanged()
        })
      : null,
    canAct
      ? feedbackButtons(item.leadId, label, (outcome, answer) => {
          // The card stays where it is, saying where the lead went; the counts follow at once.
          item.status = outcome
          item.dealValue = answer.dealValue
          item.closedOn = answer.closedOn
          status.className = 'status status-' + outcome
          status.textContent = statusWords(item)
          const target = VIEWS.find(([v]) => v === outcome) || VIEWS.find(([v]) => v === 'all')
          moved.replaceChildren(...(holds(view, outcome) ? [] : [
            'Now in ', h('a', { href: '#/inbox' + query({ rep: ctx.me.role === SALES ? '' : ctx.query.get('rep'), view: target[0] }) }, `the ${target[1]} view`), '.']))
          onChanged()
        })
      : null,
    moved)
}
