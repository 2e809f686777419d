// One site: its snippet to copy (with the <noscript> pixel and a form that identifies), a live install
// check (the newest event, today's count, origins refused), and its settings.
import { api, ApiError } from '../api.js'
import { h, field, replace, toast } from '../dom.js'
import { showProblem } from '../errors.js'
import * as format from '../format.js'
import { lines } from './sites.js'

/** How often the install check asks again while the page is open. */
const CHECK_EVERY_MS = 5000

/** The two lines to paste before </head>: a queue that keeps early calls, the script, and init. */
export function snippet(server, key) {
  return '<script>\n' +
    '!function(w,d,u){w.nurture=w.nurture||function(){(w.nurture.q=w.nurture.q||[]).push(arguments)};var s=d.createElement("script");' +
    `s.async=1;s.src=u;(d.head||d.documentElement).appendChild(s)}(window,document,"${server}/nurture.js");\n` +
    `nurture("init", "${key}", {});\n</script>`
}

/** A page view from browsers without JavaScript (they share one visitor id). */
export const noscriptPixel = (server, key) =>
  `<noscript><img src="${server}/t.gif?siteKey=${key}&amp;visitorId=noscript&amp;type=page_view" width="1" height="1" alt="" ` +
  'style="position:absolute;left:-9999px" referrerpolicy="no-referrer-when-downgrade"></noscript>'

/** A form the snippet turns into an identify: an email field, and the fields that become traits. */
export const formMarkup = () =>
  '<form action="/thanks" method="post">\n' +
  '  <label>Work email <input type="email" name="email" required></label>\n' +
  '  <label>Name <input type="text" name="name"></label>\n' +
  '  <label>Company <input type="text" name="company"></label>\n' +
  '  <label>Job title <input type="text" name="job_title"></label>\n' +
  '  <button>Send</button>\n' +
  '</form>'

export async function render(main, ctx) {
  const id = ctx.params.id
  let site = await api('/api/sites/' + id, { signal: ctx.signal })
  const server = location.origin
  const heading = h('h1', {}, site.name)
  const status = h('div', { class: 'install-check', role: 'status', 'aria-live': 'polite' }, 'Checking…')

  main.append(
    heading,
    h('p', { class: 'lede' }, 'Site key ', h('code', {}, site.siteKey), '. Paste the snippet into every page of the site, open one in a browser, and the check below turns green.'),
    h('section', { class: 'card', 'aria-labelledby': 'install-h' }, h('h2', { id: 'install-h' }, 'Install check'), status),
    h('section', { class: 'card', 'aria-labelledby': 'snippet-h' },
      h('h2', { id: 'snippet-h' }, 'Snippet'),
      copyBlock('Before </head> on every page', snippet(server, site.siteKey), 'snippet'),
      copyBlock('Optional: counts visitors without JavaScript (after <body>)', noscriptPixel(server, site.siteKey), 'noscript'),
      copyBlock('A form that tells you who the visitor is: an email field, and fields that become traits', formMarkup(), 'form'),
      h('p', { class: 'hint' }, 'Field names become traits (jobTitle or "Job title" become job_title). A visitor can never set the owner, sales results, consent, scores or the email of another person.')),
    settings())

  check()

  /** Asks for the site's activity, shows it, and asks again in a few seconds while the page is open. */
  async function check() {
    if (ctx.signal.aborted) return
    const midnight = new Date()
    midnight.setHours(0, 0, 0, 0)
    try {
      const activity = await api(`/api/sites/${id}/activity?since=${encodeURIComponent(midnight.toISOString())}`, { signal: ctx.signal })
      showActivity(activity)
    } catch (error) {
      if (error.name === 'AbortError' || ctx.signal.aborted) return
      replace(status, h('p', { class: 'check-warn' }, error instanceof ApiError ? error.summary : 'The check could not run; trying again.'))
    }
    setTimeout(check, CHECK_EVERY_MS)
  }

  function showActivity(activity) {
    const parts = []
    if (activity.lastEventAt) {
      parts.push(h('p', { class: 'check-ok' },
        h('strong', {}, 'Installed: events are arriving. '),
        `Last event ${format.ago(activity.lastEventAt)} (${format.when(activity.lastEventAt)}) from ${activity.lastEventOrigin || 'a page'}`,
        activity.lastEventUrl ? [' ', h('span', { class: 'sub' }, format.path(activity.lastEventUrl))] : null,
        `. ${format.number(activity.eventsSince)} ${activity.eventsSince === 1 ? 'event' : 'events'} today.`))
    } else {
      parts.push(h('p', { class: 'check-waiting' }, h('strong', {}, 'No event yet. '),
        'Paste the snippet into a page of the site and open it in a browser; this updates by itself.'))
    }
    for (const refused of activity.refusedOrigins) {
      parts.push(h('p', { class: 'check-warn' },
        `Events from ${refused.origin} were refused (last ${format.ago(refused.lastAt)}): it is not among the site's allowed origins. `,
        h('button', { type: 'button', class: 'link', onclick: () => allow(refused.origin) }, `Allow ${refused.origin}`)))
    }
    if (!site.allowedOrigins.length) {
      parts.push(h('p', { class: 'hint' }, 'Any origin is accepted for now. Once the snippet is on the site, list its origins below so that copies on other sites are refused.'))
    }
    replace(status, parts)
  }

  async function allow(origin) {
    site = await api('/api/sites/' + id, { method: 'PATCH', json: { allowedOrigins: [...site.allowedOrigins, origin] } })
    toast(`${origin} is allowed now.`)
    replace(main.querySelector('#site-settings'), ...settingsContent())
  }

  function settings() {
    return h('section', { class: 'card', id: 'site-settings', 'aria-labelledby': 'settings-h' }, ...settingsContent())
  }

  function settingsContent() {
    const name = field('Name', h('input', { type: 'text', name: 'name', required: true, maxlength: 200, value: site.name }))
    const origins = field('Allowed origins', h('textarea', { name: 'origins', rows: 3, spellcheck: false }, site.allowedOrigins.join('\n')),
      'One per line, such as https://www.example.com. Empty: any origin.')
    const traits = field('Traits visitors may set', h('textarea', { name: 'traits', rows: 2, spellcheck: false }, site.publicTraits.join('\n')),
      'One per line, such as company or job_title. Empty: any trait that is not reserved for sales or the system.')
    const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
    const form = h('form', { class: 'stack', novalidate: true }, name, origins, traits, summary, h('button', { type: 'submit', class: 'primary' }, 'Save settings'))
    form.addEventListener('submit', async (e) => {
      e.preventDefault()
      try {
        site = await api('/api/sites/' + id, {
          method: 'PATCH',
          json: { name: name.control.value.trim(), allowedOrigins: lines(origins.control.value), publicTraits: lines(traits.control.value) },
        })
        heading.textContent = site.name
        showProblem(null, { '$.name': name, '$.allowedOrigins': origins, '$.publicTraits': traits }, summary)
        toast('Site saved.')
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        showProblem(error, { '$.name': name, '$.allowedOrigins': origins, '$.publicTraits': traits }, summary)
      }
    })
    return [h('h2', { id: 'settings-h' }, 'Settings'), form]
  }
}

/** A block of code to copy, with its label and a button that copies it (and says so). */
function copyBlock(label, text, name) {
  const labelId = 'copy-' + name
  const code = h('pre', { class: 'copy-text', id: labelId + '-text', tabindex: 0, 'aria-labelledby': labelId }, h('code', {}, text))
  const button = h('button', { type: 'button', class: 'secondary', 'aria-describedby': labelId }, 'Copy')
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text)
      toast('Copied.')
    } catch {
      // No clipboard (an insecure page, a denied permission): select it for the person to copy.
      const range = document.createRange()
      range.selectNodeContents(code)
      getSelection().removeAllRanges()
      getSelection().addRange(range)
      toast('Selected: press Ctrl+C to copy.')
    }
  })
  return h('div', { class: 'copy-block' }, h('p', { id: labelId, class: 'copy-label' }, label), code, button)
}
