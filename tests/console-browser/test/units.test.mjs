// The console's pure modules, without a browser: visits from events, the flow graph, JSON paths.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { groupSessions, describe as describeEvent } from '../../../src/Nurture.Server/Console/js/timeline.js'
import { layout, edgesOf, renameStep, removeStep, newStepId, blankFlow } from '../../../src/Nurture.Server/Console/js/flow-graph.js'
import { ancestors, pathString, setAt, getAt } from '../../../src/Nurture.Server/Console/js/json-path.js'

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
