// The pure parts of the tracker: limits, URL handling, form filtering, retry bounds, batching.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cut, rid, cleanMap, takeToken, linkKind, formFields, bounded, batches, DOWNLOADS, STORE_MAX } from '../../src/nurture.js'
import { element, link } from './fake-window.mjs'

test('cut keeps short text and never leaves half a surrogate pair', () => {
  assert.equal(cut('abc', 5), 'abc')
  assert.equal(cut('abcdef', 3), 'abc')
  assert.equal(cut('ab😀', 3), 'ab') // the emoji's high surrogate would have been char 3
  assert.equal(cut(42, 10), '42')
})

test('rid makes distinct decimal ids', () => {
  const ids = new Set(Array.from({ length: 1000 }, () => rid()))
  assert.equal(ids.size, 1000)
  for (const id of ids) assert.match(id, /^\d{4,40}$/)
  assert.ok(rid(2).length <= 20)
})

test('cleanMap follows the server rules for props and traits', () => {
  const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => ['k' + i, i]))
  assert.equal(Object.keys(cleanMap(many)).length, 50)
  assert.deepEqual(cleanMap({ s: 'x', n: 1.5, b: false, nil: null, undef: undefined, nan: NaN, inf: Infinity, o: { a: 1 } }), {
    s: 'x', n: 1.5, b: false, nan: 'NaN', inf: 'Infinity', o: '[object Object]',
  })
  assert.deepEqual(cleanMap({ ['k'.repeat(101)]: 1, ok: 'y'.repeat(5000) }), { ok: 'y'.repeat(1000) })
  assert.deepEqual(cleanMap(undefined), {})
})

test('takeToken removes nt and keeps every other parameter byte for byte', () => {
  assert.deepEqual(takeToken('https://a.example/p?nt=T1&utm_source=news#top'), ['https://a.example/p?utm_source=news#top', 'T1'])
  assert.deepEqual(takeToken('https://a.example/p?x=a%20b&nt=T2&y=2'), ['https://a.example/p?x=a%20b&y=2', 'T2'])
  assert.deepEqual(takeToken('https://a.example/p?x=1&nt=T3'), ['https://a.example/p?x=1', 'T3'])
  assert.deepEqual(takeToken('https://a.example/p?nt=T4'), ['https://a.example/p', 'T4'])
  assert.deepEqual(takeToken('https://a.example/p?nt=T5#h'), ['https://a.example/p#h', 'T5'])
  assert.deepEqual(takeToken('https://a.example/p?ant=1&x=2'), ['https://a.example/p?ant=1&x=2'])
  assert.deepEqual(takeToken('https://a.example/p'), ['https://a.example/p'])
})

test('linkKind tells outbound links and downloads apart from the rest', () => {
  const host = 'shop.example'
  assert.equal(linkKind(link('https://other.example/x'), host, DOWNLOADS), 'outbound')
  assert.equal(linkKind(link('https://shop.example/guide.pdf'), host, DOWNLOADS), 'download')
  assert.equal(linkKind(link('https://cdn.example/setup.EXE'), host, DOWNLOADS), 'download')
  assert.equal(linkKind(link('https://shop.example/export', { download: '' }), host, DOWNLOADS), 'download')
  assert.equal(linkKind(link('https://shop.example/pricing'), host, DOWNLOADS), undefined)
  assert.equal(linkKind(link('mailto:ann@example.com'), host, DOWNLOADS), undefined)
  assert.equal(linkKind(link('https://shop.example/guide.pdf'), host, 0), undefined, 'downloads off')
  assert.equal(linkKind(link('https://other.example/guide.pdf'), host, 0), 'outbound')
})

function form(fields, attrs = {}) {
  const f = element('form', { attrs })
  f.elements = fields.map(([type, name, value, extra = {}]) =>
    element(type === 'textarea' ? 'textarea' : type.startsWith('select') ? 'select' : 'input', { type, name, value, id: '', autocomplete: '', ...extra }, extra.parent || f))
  return f
}

test('formFields keeps the email and safe fields, nothing secret', () => {
  const f = form([
    ['email', 'work_email', ' Ann@Example.com '],
    ['text', 'name', 'Ann'],
    ['text', 'company', 'ACME'],
    ['select-one', 'size', '50-200'],
    ['checkbox', 'newsletter', 'yes', { checked: true }],
    ['checkbox', 'terms', 'yes', { checked: false }],
    ['password', 'password', 'hunter2'],
    ['text', 'pwd_confirm', 'hunter2'],
    ['hidden', 'csrf', 'abc'],
    ['file', 'cv', 'C:\\fakepath\\cv.pdf'],
    ['textarea', 'message', 'long private text'],
    ['text', 'cc-number', '4111 1111 1111 1111'],
    ['text', 'anything', '4111-1111-1111-1111'],
    ['tel', 'phone', '+33 6 12 34 56 78'],
    ['text', 'cvc', '123'],
    ['text', 'x', 'y', { autocomplete: 'cc-exp' }],
    ['text', 'iban', 'FR76 3000 6000 0112 3456 7890 189'],
    ['text', 'promo', 'SPRING', { attrs: { 'data-nurture-ignore': '' } }],
    ['text', '', 'no name'],
    ['submit', 'go', 'Send'],
  ])
  const [email, traits] = formFields(f)
  assert.equal(email, 'Ann@Example.com')
  assert.deepEqual(traits, { name: 'Ann', company: 'ACME', size: '50-200', newsletter: 'yes', phone: '+33 6 12 34 56 78' })
})

test('formFields skips fields inside a data-nurture-ignore container', () => {
  const f = element('form')
  const box = element('div', { attrs: { 'data-nurture-ignore': '' } }, f)
  f.elements = [
    element('input', { type: 'email', name: 'email', value: 'ann@example.com', id: '', autocomplete: '' }, f),
    element('input', { type: 'text', name: 'secretish', value: 'v', id: '', autocomplete: '' }, box),
  ]
  assert.deepEqual(formFields(f), ['ann@example.com', {}])
})

test('formFields finds an email in a text field named like one, and none in a form without', () => {
  assert.equal(formFields(form([['text', 'e-mail', 'bob@example.org']]))[0], 'bob@example.org')
  assert.equal(formFields(form([['text', 'name', 'bob@example.org']]))[0], undefined, 'only fields that are about email')
  assert.equal(formFields(form([['email', 'email', 'not an email']]))[0], undefined)
})

test('bounded drops what is older than a day and keeps the newest STORE_MAX', () => {
  const now = 1_700_000_000_000
  const old = { ts: now - 86_400_001, eventId: 'old' }
  const fresh = Array.from({ length: STORE_MAX + 10 }, (_, i) => ({ ts: now - 1000 + i, eventId: 'e' + i }))
  const kept = bounded([old, ...fresh], now)
  assert.equal(kept.length, STORE_MAX)
  assert.equal(kept[0].eventId, 'e10')
  assert.equal(kept.at(-1).eventId, 'e' + (STORE_MAX + 9))
})

test('batches respect 500 events and 60 KB of UTF-8', () => {
  const small = Array.from({ length: 1201 }, (_, i) => ({ i }))
  assert.deepEqual(batches(small).map((b) => b.length), [500, 500, 201])
  const wide = Array.from({ length: 10 }, () => ({ t: 'é'.repeat(10_000) })) // 20 KB each in UTF-8
  const out = batches(wide)
  assert.deepEqual(out.map((b) => b.length), [2, 2, 2, 2, 2])
  for (const b of out) assert.ok(Buffer.byteLength(JSON.stringify(b)) <= 64 * 1024)
  assert.deepEqual(batches([]), [])
})
