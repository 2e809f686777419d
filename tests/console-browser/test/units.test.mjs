// The console's pure modules, without a browser: visits from events, the flow graph, JSON paths.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { groupSessions, describe as describeEvent, emailThreads, duration } from '../../../src/Nurture.Server/Console/js/timeline.js'
import { timeAxisLabel } from '../../../src/Nurture.Server/Console/js/charts.js'
import { layout, edgesOf, renameStep, removeStep, newStepId, blankFlow } from '../../../src/Nurture.Server/Console/js/flow-graph.js'
import { ancestors, pathString, pathLabel, isPath, setAt, getAt } from '../../../src/Nurture.Server/Console/js/json-path.js'
import { ApiError } from '../../../src/Nurture.Server/Console/js/api.js'
import { showProblem } from '../../../src/Nurture.Server/Console/js/errors.js'

const at = (minutes) => new Date(Date.UTC(2026, 10, 23, 9, 0) + minutes * 60e3).toISOString()
const event = (minutes, type, extra = {}) => ({ eventId: `${minutes}-${type}`, visitorId: 'v1', type, at: at(minutes), channel: 'direct', url: 'https://x.example/p' + minutes, ...extra })

test('groupSessions: a 30-minute pause starts a new visit; what came before the identify is marked; email activity is its own kind', () => {
  // Newest first, as the API answers.
  const events = [
    event(200, 'email_open', { visitorId: 'email:abc', channel: 'email' }),
    event(95, 'page_view'),
    event(70, 'page_view'),
    event(12, 'identify'),
    event(10, 'page_view'),
    event(0, 'page_view'),
  ]
  const sessions = groupSessions(events)
  assert.deepEqual(sessions.map((s) => [s.kind, s.events.length]), [['email', 1], ['web', 2], ['web', 3]])
  const first = sessions[2]
  assert.deepEqual(first.events.map((e) => e.beforeIdentify), [true, true, false])
  assert.equal(first.anonymous, false)
  assert.equal(sessions[1].anonymous, false)
  // Without an identify in the history, nothing is marked (it may simply be on an older page).
  assert.ok(groupSessions([event(0, 'page_view')])[0].events.every((e) => !e.beforeIdentify))
  assert.equal(describeEvent(event(0, 'page_view', { title: 'Pricing', url: 'https://x.example/pricing?a=1' })), 'Viewed Pricing (/pricing?a=1)')
})

test('the story: engagement folds into its page view; emails are threads named by subject; machines are said to be machines', () => {
  const view = event(0, 'page_view', { eventId: 'pv1', title: 'Pricing', url: 'https://x.example/pricing' })
  const events = [
    event(9, 'custom', { name: 'engagement', url: 'https://x.example/blog', props: { visible_ms: '5000', pv: 'elsewhere' } }),
    event(3, 'custom', { name: 'engagement', url: 'https://x.example/pricing', props: { visible_ms: '50000', scroll_pct: '80', pv: 'pv1' } }),
    event(1, 'custom', { name: 'engagement', url: 'https://x.example/pricing', props: { visible_ms: '30000', scroll_pct: '40', pv: 'pv1' } }),
    view,
  ]
  const [visit] = groupSessions(events)
  assert.deepEqual(visit.events.map((e) => describeEvent(e)), ['Viewed Pricing (/pricing) · read 1 min 20 s, scrolled 80%', 'Read /blog for 5 s'])
  assert.equal(duration(59_400), '59 s')
  assert.equal(duration(120_000), '2 min')

  const emails = { s1: { subject: 'Spring offer', templateId: 'spring' } }
  const mail = (minutes, type, props) => event(minutes, type, { visitorId: 'email:l1', channel: 'email', props })
  const sent = [mail(0, 'email_sent', { send_id: 's1', template_id: 'spring' }), mail(1, 'email_open', { send_id: 's1', machine: 'proxy' }),
    mail(5, 'email_open', { send_id: 's1' }), mail(6, 'email_click', { send_id: 's1' }), mail(7, 'email_open', { send_id: 's2', template_id: 'welcome' })]
  const threads = emailThreads(sent, emails)
  assert.deepEqual(threads.map((t) => [t.subject, t.events.length]), [['Spring offer', 4], ['welcome', 1]])
  assert.deepEqual(threads[0].events.map((e) => describeEvent(e, emails, { inThread: true })),
    ['Sent', 'Opened (by a mail privacy proxy, not counted)', 'Opened', 'Clicked /p6'])
  assert.equal(describeEvent(sent[3], emails), 'Clicked /p6 in “Spring offer”')
})

test('time axis: ticks a few seconds apart read differently; a long span shows dates', () => {
  const t0 = Date.UTC(2026, 11, 7, 21, 13, 5)
  const seconds = timeAxisLabel(t0, t0 + 20e3)
  assert.notEqual(seconds(t0 + 10e3, false), seconds(t0 + 20e3, false))
  assert.ok(seconds(t0, true).length > seconds(t0 + 10e3, false).length, 'the first tick says the day too')
  const days = timeAxisLabel(t0, t0 + 10 * 86400e3)
  assert.notEqual(days(t0, true), days(t0 + 5 * 86400e3, false))
})

test('flow graph: layers by distance from the start, unreachable steps last; renaming and removing keep references right', () => {
  const flow = {
    start: 'a',
    steps: [
      { id: 'a', type: 'send_email', template: 't', next: 'b' },
      { id: 'b', type: 'branch', condition: {}, then: 'c', else: 'd' },
      { id: 'c', type: 'wait', duration: '1d', next: 'a' },
      { id: 'd', type: 'end' },
      { id: 'lost', type: 'end' },
    ],
  }
  const place = layout(flow)
  assert.deepEqual(['a', 'b', 'c', 'd', 'lost'].map((id) => place.get(id).depth), [0, 1, 2, 2, 3])
  assert.deepEqual(edgesOf(flow).map((e) => `${e.from}.${e.port}>${e.to}`), ['a.next>b', 'b.then>c', 'b.else>d', 'c.next>a'])
  renameStep(flow, 'a', 'hello')
  assert.equal(flow.start, 'hello')
  assert.equal(flow.steps[2].next, 'hello')
  removeStep(flow, 'd')
  assert.equal(flow.steps[1].else, undefined)
  assert.equal(newStepId(blankFlow('x'), 'send_email'), 'send-email-1')
})

test('json paths: the API\'s paths, their ancestors, and setting through them', () => {
  assert.equal(pathString(['rules', 3, 'points']), '$.rules[3].points')
  assert.deepEqual(ancestors('$.rules[3].match.path'), ['$.rules[3].match.path', '$.rules[3].match', '$.rules[3]', '$.rules', '$'])
  const doc = {}
  setAt(doc, ['stages', 'mql', 'enter'], 40)
  setAt(doc, ['rules', 0, 'id'], 'r')
  assert.deepEqual(doc, { stages: { mql: { enter: 40 } }, rules: [{ id: 'r' }] })
  setAt(doc, ['stages', 'mql', 'enter'], undefined)
  assert.equal(getAt(doc, ['stages', 'mql', 'enter']), undefined)
})

test('json paths: names that are not identifiers go in brackets, as the server writes them, and read back', () => {
  assert.equal(pathString(['traits', 'Company Name']), "$.traits['Company Name']")
  assert.equal(pathString(['traits', "it's", 'a\\b']), "$.traits['it\\'s']['a\\\\b']")
  assert.equal(pathString(['x', 'line\nbreak', '\u0001']), "$.x['line\\nbreak']['\\u0001']")
  assert.deepEqual(ancestors("$.traits['a.b'].x[2]"), ["$.traits['a.b'].x[2]", "$.traits['a.b'].x", "$.traits['a.b']", '$.traits', '$'])
  assert.deepEqual(ancestors("$.traits['it\\'s']"), ["$.traits['it\\'s']", '$.traits', '$'])
  assert.equal(pathLabel('$.rules[1].points'), 'rules[1].points')
  assert.equal(pathLabel('limit'), 'limit')
  assert.ok(isPath('$[0].visitorId') && isPath('$') && !isPath('Content-Type') && !isPath('file'))
})

/** A field() wrapper's surface, enough for setFieldError. */
const fakeField = () => ({ error: { hidden: true, textContent: '' }, control: { attrs: {}, setAttribute(k, v) { this.attrs[k] = v }, removeAttribute(k) { delete this.attrs[k] } } })

test('problem details: errors keyed by where; a field takes its own and its children\'s, the summary the rest', () => {
  const error = new ApiError(400, {
    type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1', title: 'Bad Request', status: 400, detail: 'The request is invalid.',
    errors: { '$.traits.company': ['must not be empty'], '$.owner': ['must be a rep id', 'is too long'], $: ['must be a JSON object'], limit: ['must be a whole number'] },
  })
  assert.equal(error.message, 'The request is invalid.')
  assert.deepEqual(error.at('$.owner'), ['must be a rep id', 'is too long'])
  assert.equal(error.errors.length, 5)
  assert.match(error.summary, /^The request is invalid\. traits\.company: must not be empty owner: must be a rep id/)

  const fields = { '$.traits': fakeField(), '$.owner': fakeField(), limit: fakeField() }
  const summary = { hidden: true, textContent: '' }
  const rest = showProblem(error, fields, summary)
  assert.equal(fields['$.traits'].error.textContent, 'company must not be empty')
  assert.equal(fields['$.owner'].error.textContent, 'must be a rep id; is too long')
  assert.equal(fields['$.owner'].control.attrs['aria-invalid'], 'true')
  assert.equal(fields.limit.error.textContent, 'must be a whole number')
  assert.deepEqual(rest.map((e) => e.key), ['$'])
  assert.equal(summary.textContent, 'Must be a JSON object')
  assert.equal(summary.hidden, false)

  // Nothing to place: the problem's detail says what happened. Null clears everything.
  showProblem(new ApiError(429, { title: 'Too Many Requests', status: 429, detail: 'Retry after the time in Retry-After.', errors: {} }), fields, summary)
  assert.equal(summary.textContent, 'Retry after the time in Retry-After.')
  showProblem(null, fields, summary)
  assert.ok(summary.hidden && fields['$.owner'].error.hidden && !fields['$.owner'].control.attrs['aria-invalid'])
})

test('rule words: a behaviour rule, its cap and a fit rule in plain words', async () => {
  const { matchWords, capWords, fitWords, fitTestOf } = await import('../../../src/Nurture.Server/Console/js/rule-words.js')
  assert.equal(matchWords({ type: 'page_view', path: '*/pricing*', channel: 'paid_search' }), 'a page view, on a page matching */pricing*, from paid search')
  assert.equal(matchWords({ type: 'form_submit', name: 'contact', props: { plan: 'pro' } }), 'a form submitted, named contact, plan = pro')
  assert.equal(matchWords({}), 'any event')
  assert.equal(capWords({ perDay: 3, oncePerSession: true }), 'at most 3 a day, once per visit')
  assert.equal(capWords(undefined), 'every time')
  assert.equal(fitWords({ trait: 'job_title', in: ['CEO', 'CTO'], points: 20 }), 'job_title is one of CEO, CTO → +20')
  assert.equal(fitWords({ emailDomain: 'free', points: -10 }), 'email at a free mail domain → -10')
  assert.equal(fitTestOf({ trait: 'company_size', atLeast: 100 }), 'atLeast')
})

test('conditions: the builder reads what it writes, old flow conditions open as its groups, and a condition reads in words', async () => {
  const { modelOf, conditionsOf, conditionWords } = await import('../../../src/Nurture.Server/Console/js/conditions.js')
  const { leadOf } = await import('../../../src/Nurture.Server/Console/js/flow-settings.js')
  const saved = { any: [
    { all: [{ did: 'page_view', path: '/pricing*', atLeast: 2, withinDays: 14 }, { did: 'form_submit', name: 'contact', atLeast: 1, withinDays: 30 }] },
    { all: [{ trait: 'job_title', op: 'contains', value: 'director' }, { segment: 'customers', member: false }, { score: 'fit', below: 10 }] },
  ] }
  assert.deepEqual(conditionsOf(modelOf(saved)), saved)
  // A flat group, and a single test, become one group; nesting deeper than two levels is left to the JSON.
  assert.deepEqual(conditionsOf(modelOf({ any: [{ field: 'stage', op: 'is', value: 'mql' }] })), { all: [{ any: [{ field: 'stage', op: 'is', value: 'mql' }] }] })
  assert.equal(modelOf({ all: [{ all: [{ any: [{ segment: 'x' }] }] }] }), null)
  assert.deepEqual(leadOf({ stage: ['mql', 'hot'], clickedLastEmail: true }),
    { all: [{ any: [{ field: 'stage', op: 'is', value: 'mql' }, { field: 'stage', op: 'is', value: 'hot' }] }, { all: [{ lastEmail: 'clicked' }] }] })
  assert.equal(conditionWords(saved),
    '(visited a page /pricing* at least 2 times in 14 days and submitted a form contact at least 1 time in 30 days) or ' +
    '(job_title contains "director" and not in segment customers and fit score below 10)')
  assert.equal(conditionWords({ all: [{ all: [] }] }), 'always')
})
