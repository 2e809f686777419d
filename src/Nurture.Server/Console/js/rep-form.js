// The rep form: who the rep is and how many open hot leads they hold, their working hours in their own
// time zone, the days they are out of office, their territory, and how alerts reach them. Plain controls
// only; the API checks everything (internal webhook addresses too) and its errors appear at their fields.
import { api, ApiError } from './api.js'
import { h, field, select, nextId } from './dom.js'
import { showProblem } from './errors.js'

export const DAYS = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']]
const SIZES = [['1-49', '1–49 people'], ['50-249', '50–249'], ['250-999', '250–999'], ['1000+', '1,000 or more']]
const CHANNELS = [['email', 'Email alerts'], ['slack', 'Slack alerts'], ['webhook', 'Webhook alerts']]
const DEFAULT_ZONE = 'Asia/Tokyo'

/** The IANA time zones this browser knows, UTC first, with the rep's own zone kept even if it does not know it. */
export function timeZones(current) {
  let zones = []
  try {
    zones = Intl.supportedValuesOf('timeZone')
  } catch {
    zones = [DEFAULT_ZONE]
  }
  zones = ['UTC', ...zones.filter((z) => z !== 'UTC')]
  if (current && !zones.includes(current)) zones.unshift(current)
  return zones
}

/** 'Tokyo, 東京都' or 'JP; Kanto' → ['Tokyo', '東京都']: commas (also Japanese ones), semicolons and new lines separate values. */
export const splitList = (text) => text.split(/[,、，;；\n]/).map((v) => v.trim()).filter(Boolean)

/** A time input shows 00:00 for an end at midnight; the API writes that end as 24:00. */
const toInput = (time) => (time === '24:00' ? '00:00' : time)
const fromEndInput = (time) => (time === '00:00' ? '24:00' : time)

/** An error slot for controls that field() did not make (a row's time, a group of checkboxes). */
function slot(control, where) {
  const error = h('p', { class: 'field-error', id: nextId('err'), hidden: true })
  control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), error.id].filter(Boolean).join(' '))
  where?.append(error)
  return { control, error }
}

/**
 * The form for a new rep (rep null) or an existing one. editable false shows the same controls disabled
 * (marketers may look, not change). onSaved(rep) runs after the API accepted the rep.
 */
export function repForm(rep, { editable, onSaved }) {
  const creating = !rep
  rep ||= { active: true, capacity: 10, timeZone: DEFAULT_ZONE, workingHours: [], countries: [], regions: [], industries: [], companySizes: [], channels: [] }
  const text = (value, props = {}) => h('input', { type: 'text', value: value ?? '', ...props })

  const name = field('Name', text(rep.name, { maxlength: 200, autocomplete: 'off' }))
  const email = field('Email', h('input', { type: 'email', value: rep.email ?? '', autocomplete: 'off' }), 'Alerts by email go here.')
  const id = creating ? field('Rep id (optional)', text('', { maxlength: 64, autocomplete: 'off' }), 'Letters, digits, - and _. Left empty, one is made. Sales users are linked to a rep by it.') : null
  const capacity = field('Capacity', h('input', { type: 'number', min: 0, max: 100000, step: 1, inputmode: 'numeric', value: rep.capacity ?? '' }),
    'The most open hot leads the rep holds at once. At capacity, new leads go to someone else.')
  const active = h('input', { type: 'checkbox', checked: rep.active !== false, id: nextId('active') })
  const activeField = h('div', { class: 'field checkbox-field' }, h('label', { for: active.id }, 'Active: takes new leads'), active)

  // Working hours: one row a weekday, in the rep's time zone.
  const zone = field('Time zone', select(timeZones(rep.timeZone), rep.timeZone || DEFAULT_ZONE), 'Working hours and out-of-office days are in this zone.')
  const hoursBox = h('fieldset', { class: 'hours' }, h('legend', {}, 'Working hours'), zone)
  const hoursError = slot(hoursBox)
  const rows = DAYS.map(([day, label]) => {
    const span = (rep.workingHours || []).find((d) => d.day === day)
    const works = h('input', { type: 'checkbox', checked: !!span, id: nextId('day') })
    const start = h('input', { type: 'time', value: toInput(span?.start || '09:00'), 'aria-label': `${label} from`, disabled: !span })
    const end = h('input', { type: 'time', value: toInput(span?.end || '18:00'), 'aria-label': `${label} until`, disabled: !span })
    works.addEventListener('change', () => {
      start.disabled = end.disabled = !works.checked
    })
    const errors = h('div', { class: 'hours-errors' })
    const row = h('div', { class: 'hours-row' },
      h('span', { class: 'checkbox-field' }, h('label', { for: works.id }, label), works),
      h('span', { class: 'hours-times' }, start, h('span', { 'aria-hidden': 'true' }, '–'), end), errors)
    return { day, label, works, start, end, row, dayError: slot(works, errors), startError: slot(start, errors), endError: slot(end, errors) }
  })
  const setHours = (days, from, to) => {
    for (const r of rows) {
      r.works.checked = days.includes(r.day)
      r.start.value = from
      r.end.value = to
      r.start.disabled = r.end.disabled = !r.works.checked
    }
  }
  hoursBox.append(
    h('p', { class: 'hint' }, 'Tick the days the rep works. A rep without hours takes leads at any time; an end of 00:00 is midnight.'),
    ...rows.map((r) => r.row),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => setHours(['mon', 'tue', 'wed', 'thu', 'fri'], '09:00', '18:00') }, 'Weekdays 09:00–18:00'),
      h('button', { type: 'button', onclick: () => setHours([], '09:00', '18:00') }, 'No set hours')),
    hoursError.error)

  // Out of office: both days included.
  const awayFrom = field('Away from', h('input', { type: 'date', value: rep.awayFrom ?? '' }))
  const awayUntil = field('Back after', h('input', { type: 'date', value: rep.awayUntil ?? '' }), 'The last day away.')
  const awayBox = h('fieldset', { class: 'away' }, h('legend', {}, 'Out of office'),
    h('p', { class: 'hint' }, 'On these days (in the rep\'s time zone) the rep gets no new leads, not even their own leads\' next alerts.'),
    h('div', { class: 'inline-fields' }, awayFrom, awayUntil),
    h('button', { type: 'button', onclick: () => { awayFrom.control.value = ''; awayUntil.control.value = '' } }, 'Not away'))

  // Territory.
  const countries = field('Countries', text((rep.countries || []).join(', ')), 'Country codes as your leads have them, e.g. JP, US.')
  const regions = field('Regions or prefectures', text((rep.regions || []).join(', ')), 'e.g. Kanto, 東京都, Osaka.')
  const industries = field('Industries', text((rep.industries || []).join(', ')))
  const sizeBoxes = SIZES.map(([value, label]) => {
    const box = h('input', { type: 'checkbox', value, checked: (rep.companySizes || []).includes(value), id: nextId('size') })
    return h('span', { class: 'checkbox-field' }, h('label', { for: box.id }, label), box)
  })
  const sizes = h('fieldset', { class: 'inline' }, h('legend', {}, 'Company sizes'), sizeBoxes)
  const sizesError = slot(sizes, sizes)
  const territoryBox = h('fieldset', { class: 'wide' }, h('legend', {}, 'Territory'),
    h('p', { class: 'hint' }, 'A lead is this rep\'s by territory when every list filled in here holds the lead\'s value (its country, region, industry and company size traits). Separate values with commas. Leave it all empty for a rep who takes leads in turn.'),
    h('div', { class: 'territory-grid' }, countries, regions, industries), sizes)

  // Alerts: which channels, and where.
  const slack = field('Slack webhook URL', h('input', { type: 'url', value: rep.slackWebhookUrl ?? '', autocomplete: 'off', placeholder: 'https://hooks.slack.com/services/…' }))
  const webhook = field('Webhook URL', h('input', { type: 'url', value: rep.webhookUrl ?? '', autocomplete: 'off', placeholder: 'https://…' }),
    'Receives the alert as signed JSON. Internal addresses are refused.')
  // Empty channels means every one set up: shown as those ticked.
  const wanted = rep.channels?.length ? rep.channels : ['email', ...(rep.slackWebhookUrl ? ['slack'] : []), ...(rep.webhookUrl ? ['webhook'] : [])]
  const channelBoxes = CHANNELS.map(([value, label]) => {
    const box = h('input', { type: 'checkbox', value, checked: wanted.includes(value), id: nextId('channel') })
    return h('span', { class: 'checkbox-field' }, h('label', { for: box.id }, label), box)
  })
  const channels = h('fieldset', { class: 'inline' }, h('legend', {}, 'Send alerts by'), channelBoxes)
  const channelsError = slot(channels, channels)
  const alertsBox = h('fieldset', {}, h('legend', {}, 'Alerts'), channels, slack, webhook)

  const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const save = h('button', { type: 'submit', class: 'primary' }, creating ? 'Create rep' : 'Save rep')
  const form = h('form', { class: 'rep-form', novalidate: true, 'aria-label': creating ? 'New rep' : `Rep ${rep.name}` },
    h('div', { class: 'rep-form-grid' },
      h('fieldset', {}, h('legend', {}, 'Rep'), name, email, id, capacity, activeField),
      hoursBox, awayBox, alertsBox, territoryBox),
    summary, editable ? h('div', { class: 'actions' }, save) : null)

  if (!editable) {
    for (const control of form.querySelectorAll('input, select, button')) control.disabled = true
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    if (!editable) return
    const sent = rows.filter((r) => r.works.checked)
    const body = {
      ...(creating && id.control.value.trim() ? { id: id.control.value.trim() } : {}),
      name: name.control.value.trim(),
      email: email.control.value.trim(),
      active: active.checked,
      capacity: capacity.control.value === '' ? null : Number(capacity.control.value),
      timeZone: zone.control.value,
      workingHours: sent.map((r) => ({ day: r.day, start: r.start.value, end: fromEndInput(r.end.value) })),
      awayFrom: awayFrom.control.value || null,
      awayUntil: awayUntil.control.value || null,
      countries: splitList(countries.control.value),
      regions: splitList(regions.control.value),
      industries: splitList(industries.control.value),
      companySizes: [...sizes.querySelectorAll('input:checked')].map((b) => b.value),
      channels: [...channels.querySelectorAll('input:checked')].map((b) => b.value),
      slackWebhookUrl: slack.control.value.trim() || null,
      webhookUrl: webhook.control.value.trim() || null,
    }
    // The API names a day's problem by its place in what was sent: the ticked days, in week order.
    const fields = {
      '$.id': id, '$.name': name, '$.email': email, '$.capacity': capacity, '$.timeZone': zone, '$.workingHours': hoursError,
      '$.awayFrom': awayFrom, '$.awayUntil': awayUntil, '$.countries': countries, '$.regions': regions, '$.industries': industries,
      '$.companySizes': sizesError, '$.channels': channelsError, '$.slackWebhookUrl': slack, '$.webhookUrl': webhook,
    }
    for (const [i, r] of sent.entries()) {
      fields[`$.workingHours[${i}]`] = r.dayError
      fields[`$.workingHours[${i}].day`] = r.dayError
      fields[`$.workingHours[${i}].start`] = r.startError
      fields[`$.workingHours[${i}].end`] = r.endError
    }
    // Every row's slots too (under keys the API never uses), so errors from an earlier try are cleared.
    for (const r of rows) Object.assign(fields, { [`row:${r.day}:day`]: r.dayError, [`row:${r.day}:start`]: r.startError, [`row:${r.day}:end`]: r.endError })
    save.disabled = true
    try {
      const saved = await api(creating ? '/api/reps' : '/api/reps/' + encodeURIComponent(rep.id), { method: creating ? 'POST' : 'PUT', json: body })
      showProblem(null, fields, summary)
      onSaved(saved)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      showProblem(error, fields, summary)
      // Take the person to the first problem.
      form.querySelector('input[aria-invalid="true"], select[aria-invalid="true"]')?.focus()
    } finally {
      save.disabled = false
    }
  })
  return form
}
