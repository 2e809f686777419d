// One lead's story: who they are, where they came from, their scores and why, the score over time,
// every visit (including those before they identified), its nurture flows, and what changed on the record.
import { api, ApiError } from '../api.js'
import { h, replace } from '../dom.js'
import * as format from '../format.js'
import { timeChart, hbarChart } from '../charts.js'
import { groupSessions, describe, kindOf, emailThreads } from '../timeline.js'
import { feedbackButtons } from '../feedback.js'
import { can } from '../roles.js'
import { leadActions } from '../lead-actions.js'

export async function render(main, ctx) {
  const id = ctx.params.id
  const signal = ctx.signal
  const [lead, score, history] = await Promise.all([
    api(`/api/leads/${id}`, { signal }),
    api(`/api/leads/${id}/score`, { signal }),
    api(`/api/leads/${id}/history`, { signal }).catch(() => ({ changes: [] })),
  ])
  const s = score.score
  const label = lead.traits.name?.value || lead.emails[0] || 'Anonymous visitor'

  const timelineSection = h('section', { class: 'card wide', 'aria-labelledby': 'timeline-h' }, h('h2', { id: 'timeline-h' }, 'Behaviour'), h('p', {}, 'Loading…'))
  const chartSection = h('section', { class: 'card wide', 'aria-labelledby': 'chart-h' }, h('h2', { id: 'chart-h' }, 'Score over time'), h('p', {}, 'Loading…'))

  const actions = await leadActions(lead, ctx, {
    changed: async () => {
      main.replaceChildren()
      await render(main, ctx)
    },
    gone: () => ctx.navigate('#/leads'),
  })

  main.append(
    h('div', { class: 'page-head' },
      h('div', {},
        h('p', { class: 'crumbs' }, can(ctx.me.role, 'leadList') ? h('a', { href: '#/leads' }, 'Leads') : h('a', { href: '#/inbox' }, 'Inbox')),
        h('h1', {}, label),
        h('p', { class: 'badges' },
          h('span', { class: 'stage stage-' + s.stage }, s.stage), ' ',
          h('span', { class: 'grade' }, 'Grade ' + s.grade), ' ',
          h('span', {}, `Engagement ${format.number(s.engagement, 1)} · Fit ${format.number(s.fit, 1)}`),
          lead.resolvedFrom ? h('span', { class: 'note' }, ` (merged from ${lead.resolvedFrom})`) : null)),
      can(ctx.me.role, 'feedback') ? feedbackButtons(lead.id, label) : null),
    h('div', { class: 'grid' },
      identity(lead),
      actions,
      sources(lead),
      scores(score),
      flowRuns(lead.flows),
      chartSection,
      timelineSection,
      changes(history.changes, history.repNames || {})))

  // The two ClickHouse reads come last and fill in their sections; the rest of the page is already usable.
  api(`/api/leads/${id}/score/history?limit=1000`, { signal })
    .then((h2) => replace(chartSection, h('h2', { id: 'chart-h' }, 'Score over time'), scoreChart(h2.points)))
    .catch((e) => e.name !== 'AbortError' && replace(chartSection, h('h2', { id: 'chart-h' }, 'Score over time'), unavailable(e)))
  loadTimeline(timelineSection, id, signal)
}

function unavailable(e) {
  return h('p', { class: 'empty' }, e instanceof ApiError && e.status === 503 ? 'The event history is unavailable right now; try again shortly.' : e.message)
}

function definitionList(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]))
}

function identity(lead) {
  const traits = Object.entries(lead.traits).sort(([a], [b]) => a.localeCompare(b))
  return h('section', { class: 'card', 'aria-labelledby': 'identity-h' },
    h('h2', { id: 'identity-h' }, 'Identity'),
    definitionList([
      ['Email', lead.emails.join(', ') || 'not identified yet'],
      ['Owner', lead.owner ? (lead.ownerName ? `${lead.ownerName} (${lead.owner})` : lead.owner) : 'nobody yet'],
      ['Consent', lead.consent ? `${lead.consent.status} (${lead.consent.source}, ${format.day(lead.consent.at)})` : 'not recorded'],
      ['Segments', lead.segments?.length ? lead.segments.join(', ') : 'none'],
      ['Time zone', lead.timeZone], ['Language', lead.language],
      ['Sessions', format.number(lead.counters.sessions)], ['Page views', format.number(lead.counters.pageViews)],
      ['First seen', format.when(lead.counters.firstSeen)], ['Last seen', format.when(lead.counters.lastSeen)],
      ['Devices', String(lead.visitors.length)],
      lead.mergedIds.length ? ['Merged records', String(lead.mergedIds.length)] : [null, undefined],
    ]),
    traits.length ? h('table', { class: 'compact' }, h('caption', {}, 'Traits'),
      h('thead', {}, h('tr', {}, ['Trait', 'Value', 'From'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, traits.map(([name, t]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, t.value), h('td', { class: 'sub' }, t.source))))) : null)
}

function touchFacts(title, t) {
  if (!t) return h('div', {}, h('h3', {}, title), h('p', {}, '—'))
  const src = t.source || {}
  return h('div', {}, h('h3', {}, title), definitionList([
    ['Channel', src.channel], ['Source', src.utmSource || undefined], ['Medium', src.utmMedium || undefined],
    ['Campaign', src.utmCampaign || undefined], ['Click id', src.clickIdName ? `${src.clickIdName}` : undefined],
    ['Referrer', t.referrer || undefined], ['Landing page', t.landingPage ? format.path(t.landingPage, { bare: true }) : undefined], ['When', format.when(t.at)],
  ]))
}

function sources(lead) {
  return h('section', { class: 'card', 'aria-labelledby': 'sources-h' },
    h('h2', { id: 'sources-h' }, 'Where they came from'),
    h('div', { class: 'two' }, touchFacts('First touch', lead.firstTouch), touchFacts('Last touch', lead.lastTouch)))
}

function scores(score) {
  const s = score.score
  const interests = Object.entries(s.interest).map(([k, v]) => ({ label: k, value: v })).sort((a, b) => b.value - a.value)
  return h('section', { class: 'card', 'aria-labelledby': 'scores-h' },
    h('h2', { id: 'scores-h' }, 'Scores and why'),
    definitionList([
      ['Engagement', format.number(s.engagement, 1)], ['Fit', `${format.number(s.fit, 1)} (grade ${s.grade})`],
      ['Fit rules matched', s.fitRules.join(', ') || 'none'], ['Stage', s.stage], ['Model version', String(s.modelVersion)],
      score.predictive ? ['Will convert', format.percent(score.predictive.prediction?.likelihood)] : [null, undefined],
    ]),
    h('h3', {}, 'Interest by category'),
    hbarChart({ label: 'Interest by category, decayed to now', items: interests }),
    h('h3', {}, 'What weighs most now'),
    s.topContributions.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'compact' },
      h('thead', {}, h('tr', {}, ['Rule', 'Points', 'Now', 'Page', 'When'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, s.topContributions.map((c) => h('tr', {},
        h('th', { scope: 'row' }, c.ruleId, h('span', { class: 'sub' }, c.category)),
        h('td', { class: 'num' }, format.number(c.points, 1)), h('td', { class: 'num' }, format.number(c.pointsNow, 1)),
        h('td', {}, format.path(c.url, { bare: true }) || '—'), h('td', {}, format.when(c.at))))))) : h('p', { class: 'empty' }, 'No rule has fired yet.'),
    s.stageHistory.length ? h('div', {}, h('h3', {}, 'Stage changes'), h('ol', { class: 'stage-history' },
      [...s.stageHistory].reverse().map((c) => h('li', {}, h('strong', {}, `${c.from} → ${c.to}`), ` ${format.when(c.at)}: ${c.reason}`)))) : null)
}

function flowRuns(runs) {
  const where = (r) => r.status === 'active'
    ? (r.waitUntil ? `at ${r.step}, waiting until ${format.when(r.waitUntil)}` : `at ${r.step}`)
    : `${r.status === 'goal' ? 'reached the goal' : r.status} ${format.when(r.finishedAt)}`
  return h('section', { class: 'card', 'aria-labelledby': 'flows-h' },
    h('h2', { id: 'flows-h' }, 'Nurture flows'),
    runs.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'compact' },
      h('thead', {}, h('tr', {}, ['Flow', 'Entered', 'Where', 'Steps taken'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, [...runs].reverse().map((r) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: '#/flows/' + r.flowId }, r.flowName || r.flowId)),
        h('td', {}, format.when(r.enteredAt)), h('td', {}, where(r)),
        h('td', { class: 'sub' }, r.path.map((v) => stepWords(v.stepId)).join(' → '),
          r.path.some((v) => v.note) ? h('details', { class: 'run-steps' }, h('summary', {}, 'What happened at each step'),
            h('ol', {}, r.path.map((v) => h('li', {}, h('strong', {}, stepWords(v.stepId)), ` ${format.clock(v.at)}`, v.note ? ` · ${v.note}` : '')))) : null))))))
      : h('p', { class: 'empty' }, 'Not in any flow.'))
}

/** A step of a run's path: its id as the marketer named it, and the run's endings in words. */
const stepWords = (stepId) => ({ '#entered': 'entered', '#completed': 'completed', '#goal': 'reached the goal', '#exited': 'left' })[stepId] || stepId

function scoreChart(points) {
  if (!points.length) return h('p', { class: 'empty' }, 'No score changes recorded yet.')
  const markers = points.filter((p) => p.kind === 'stage').map((p) => ({ at: p.at, label: `entered ${p.key}` }))
  return h('div', {},
    timeChart({
      label: 'Engagement and fit over time', steps: true, markers,
      series: [
        { name: 'Engagement', points: points.map((p) => ({ at: p.at, value: p.engagement })) },
        { name: 'Fit', points: points.map((p) => ({ at: p.at, value: p.fit })) },
      ],
    }),
    markers.length ? h('p', { class: 'hint' }, 'Vertical lines: stage changes (', markers.map((m) => m.label).join(', '), ').') : null)
}

async function loadTimeline(section, id, signal) {
  const events = []
  const emails = {}
  let cursor = null
  const list = h('div', { class: 'timeline' })
  const more = h('button', { type: 'button', hidden: true }, 'Load older visits')
  const load = async () => {
    more.disabled = true
    try {
      const page = await api(`/api/leads/${id}/timeline?limit=200${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`, { signal })
      events.push(...page.events)
      Object.assign(emails, page.emails)
      cursor = page.nextCursor
      replace(list, sessionsView(groupSessions(events), emails))
      more.hidden = !cursor
    } catch (e) {
      if (e.name !== 'AbortError') replace(list, unavailable(e))
    } finally {
      more.disabled = false
    }
  }
  more.addEventListener('click', load)
  replace(section, h('h2', { id: 'timeline-h' }, 'Behaviour'), list, more)
  await load()
}

function sessionsView(sessions, emails) {
  if (!sessions.length) return h('p', { class: 'empty' }, 'No events recorded yet.')
  const item = (e, s, options) => h('li', { class: 'event kind-' + kindOf(e) + (e.beforeIdentify ? ' before-identify' : '') },
    h('time', { datetime: e.at }, format.clock(e.at)), ' ', describe(e, emails, options),
    e.beforeIdentify && !s.anonymous ? h('span', { class: 'tag' }, 'anonymous') : null)
  return sessions.map((s) => h('section', { class: 'session' + (s.anonymous ? ' anonymous' : ''), 'aria-label': `${s.kind === 'email' ? 'Email activity' : 'Visit'} on ${format.when(s.start)}` },
    h('h3', {},
      s.kind === 'email' ? 'Email activity' : 'Visit', ' · ', format.when(s.start),
      h('span', { class: 'sub' }, ` ${s.channel}${s.device ? ' · ' + s.device : ''} · ${s.events.length} event${s.events.length > 1 ? 's' : ''}`),
      s.anonymous ? h('span', { class: 'tag' }, 'before they identified') : null),
    s.kind === 'email'
      // Each email by its subject, with what happened to it underneath.
      ? h('ol', { class: 'events' }, emailThreads(s.events, emails).map((t) => h('li', { class: 'event kind-email email-thread' },
        h('strong', {}, `“${t.subject}”`),
        h('ol', { class: 'events' }, t.events.map((e) => item(e, s, { inThread: true }))))))
      : h('ol', { class: 'events' }, s.events.map((e) => item(e, s)))))
}

function changes(list, repNames) {
  // Owners are rep ids: shown by the rep's name.
  const value = (c, v) => (v && c.field === 'owner' && repNames[v] ? `${repNames[v]} (${v})` : v ?? '—')
  return h('section', { class: 'card wide', 'aria-labelledby': 'changes-h' },
    h('h2', { id: 'changes-h' }, 'Change history'),
    list.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'compact' },
      h('thead', {}, h('tr', {}, ['When', 'Field', 'From', 'To', 'By'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, list.map((c) => h('tr', {},
        h('td', {}, format.when(c.at)), h('th', { scope: 'row' }, c.field), h('td', {}, value(c, c.oldValue)), h('td', {}, value(c, c.newValue)), h('td', { class: 'sub' }, c.actor))))))
      : h('p', { class: 'empty' }, 'Nothing changed by hand, import or flow yet.'))
}
