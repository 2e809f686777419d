// The template editor: the message's envelope (subject, preheader, who it is from, where replies go), its
// content built from blocks or written as HTML and text in Liquid, a live preview (the server renders the
// draft for a sample lead or a lead of your choice, as a computer or a phone shows it), errors under the
// field they are about, and a test send to an address you type.
import { api, ApiError } from '../api.js'
import { h, field, replace, select, setFieldError, toast } from '../dom.js'
import { showProblem } from '../errors.js'
import { createBlockEditor, starterDesign } from '../block-editor.js'

const RAW_STARTER = {
  html: '<p>Hi {{ lead.traits.name | default: "there" }},</p>\n<p>…</p>\n<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
  text: 'Hi {{ lead.traits.name | default: "there" }},\n\n…\n\nUnsubscribe: {{ unsubscribe_url }}',
}

export async function render(main, ctx) {
  const id = ctx.params.id
  const signal = ctx.signal
  const [saved, senders, me] = await Promise.all([
    api('/api/templates/' + id, { signal }).catch((e) => {
      if (e instanceof ApiError && e.status === 404) return null
      throw e
    }),
    api('/api/email/senders', { signal }),
    api('/api/auth/me', { signal }).catch(() => null),
  ])
  // A new template starts from blocks; one saved before blocks existed is HTML.
  const t = saved || { name: id, subject: 'Hello {{ lead.traits.name | default: "there" }}', preheader: '', editor: 'blocks', design: starterDesign(), ...RAW_STARTER }
  let editor = t.editor || 'html'
  let design = t.design || null
  let lastSource = null // the HTML and text the server made from the blocks, for a switch to HTML

  // ---- the envelope
  const fromOptions = [['', `Default: ${senders.defaultName} <${senders.defaultAddress}>`], ...senders.allowed.map((a) => [a, a])]
  if (t.fromAddress && !senders.allowed.some((a) => a.toLowerCase() === t.fromAddress.toLowerCase())) fromOptions.push([t.fromAddress, `${t.fromAddress} (no longer allowed: the default is used)`])
  const parts = {
    name: field('Name', h('input', { type: 'text', value: t.name })),
    subject: field('Subject', h('input', { type: 'text', value: t.subject, spellcheck: false })),
    preheader: field('Preheader', h('input', { type: 'text', value: t.preheader || '', spellcheck: false }), 'The line inboxes show after the subject. Liquid works here too.'),
    fromName: field('From name', h('input', { type: 'text', value: t.fromName || '', placeholder: senders.defaultName, autocomplete: 'off' }), 'Leave empty for the default name.'),
    fromAddress: field('From address', select(fromOptions, t.fromAddress || ''), 'Only addresses your mail server may send as are offered.'),
    replyTo: field('Reply-to address', h('input', { type: 'email', value: t.replyTo || '', placeholder: 'replies go to the from address', autocomplete: 'off' }), 'Optional: where answers to this email go.'),
    html: field('HTML', h('textarea', { class: 'code', rows: 16, spellcheck: false }, t.html || '')),
    text: field('Plain text', h('textarea', { class: 'code', rows: 8, spellcheck: false }, t.text || ''), 'Links here are tracked like the HTML ones. Empty: made from the HTML.'),
  }

  // ---- the content: blocks, or HTML and text
  const blocks = createBlockEditor({ design: design || starterDesign(), onChange: schedule })
  const useBlocks = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Blocks')
  const useHtml = h('button', { type: 'button', 'aria-pressed': 'false' }, 'HTML')
  const modeNote = h('p', { class: 'mode-note', role: 'note' })
  const confirmRow = h('div', { class: 'confirm-row', hidden: true })
  const blocksTitle = h('h3', { class: 'blocks-title' }, 'The blocks it came from (read-only)')
  const blocksPanel = h('div', { class: 'blocks-panel' }, blocksTitle, blocks.element)
  const htmlPanel = h('div', { class: 'html-panel' }, parts.html, parts.text,
    h('p', { class: 'hint' }, 'Liquid: lead.email, lead.traits.<name>, lead.stage, lead.grade, lead.top_interest, lead.first_touch.channel, unsubscribe_url.'))

  function showMode() {
    useBlocks.setAttribute('aria-pressed', String(editor === 'blocks'))
    useHtml.setAttribute('aria-pressed', String(editor === 'html'))
    htmlPanel.hidden = editor !== 'html'
    // In HTML mode the blocks stay on screen, read-only, when the HTML came from them.
    blocksPanel.hidden = editor === 'html' && !design
    blocks.setReadOnly(editor === 'html')
    blocksTitle.hidden = editor !== 'html'
    confirmRow.hidden = true
    modeNote.textContent = editor === 'blocks'
      ? 'The email is made from these blocks: responsive, with its styles inlined for every mail app. To write HTML yourself, switch to HTML.'
      : design
        ? 'The HTML below was edited by hand, so the blocks it came from are read-only. Switch back to blocks to edit them again (that replaces the HTML).'
        : 'This email is written in HTML. Switch to blocks to build it from blocks instead (that replaces the HTML).'
  }

  useHtml.addEventListener('click', () => {
    if (editor === 'html') return
    // The HTML starts as what the blocks made, so nothing changes until it is edited.
    design = blocks.design()
    if (lastSource) {
      parts.html.control.value = lastSource.html
      parts.text.control.value = lastSource.text
    }
    editor = 'html'
    showMode()
    parts.html.control.focus()
    toast('Switched to HTML: the blocks are read-only now.')
    schedule()
  })
  useBlocks.addEventListener('click', () => {
    if (editor === 'blocks') return
    replace(confirmRow,
      h('p', {}, design ? 'Edit the blocks again? The hand-edited HTML and text will be replaced by what the blocks make.' : 'Build this email from blocks? The HTML and text will be replaced.'),
      h('div', { class: 'button-row' },
        h('button', { type: 'button', class: 'primary', onclick: switchToBlocks }, 'Replace the HTML with blocks'),
        h('button', { type: 'button', onclick: () => { confirmRow.hidden = true; useBlocks.focus() } }, 'Keep the HTML')))
    confirmRow.hidden = false
    confirmRow.querySelector('button').focus()
  })
  function switchToBlocks() {
    if (!design) {
      design = starterDesign()
      blocks.setDesign(design)
    }
    editor = 'blocks'
    showMode()
    blocksPanel.querySelector('input, textarea')?.focus()
    schedule()
  }

  // ---- preview and errors
  const leadId = field('Preview for lead (id, optional)', h('input', { type: 'text', spellcheck: false, placeholder: 'a sample lead' }))
  const status = h('p', { class: 'save-status', 'aria-live': 'polite' }, saved ? `Version ${saved.version}.` : 'New template, not saved yet.')
  const inbox = h('div', { class: 'inbox-line', 'aria-label': 'As the inbox shows it' },
    h('span', { class: 'inbox-from' }), h('span', { class: 'inbox-subject preview-subject' }), h('span', { class: 'inbox-preheader' }))
  // sandbox without allow-scripts: the email's HTML is shown, never run, and cannot reach the console.
  const frame = h('iframe', { class: 'preview-frame', sandbox: '', title: 'The email as it will look', referrerpolicy: 'no-referrer' })
  // Focusable: at 600 px the email may be wider than the card, and keyboard users scroll it too.
  const frameBox = h('div', { class: 'preview-box width-desktop', tabindex: '0', role: 'region', 'aria-label': 'Email preview' }, frame)
  const widths = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Preview width' },
    [['desktop', 'Computer (600 px)'], ['phone', 'Phone (375 px)']].map(([w, label]) =>
      h('button', { type: 'button', 'aria-pressed': String(w === 'desktop'), dataset: { width: w }, onclick: (e) => setWidth(w, e.currentTarget) }, label)))
  // On a phone the email is previewed as a phone shows it.
  if (window.matchMedia('(max-width: 760px)').matches) queueMicrotask(() => setWidth('phone', widths.querySelector('[data-width=phone]')))
  function setWidth(w, button) {
    frameBox.className = 'preview-box width-' + w
    for (const b of widths.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === button))
  }
  const previewText = h('pre', { class: 'preview-text' })
  const previewNote = h('p', { class: 'hint', 'aria-live': 'polite' })
  const problems = h('p', { class: 'form-error', role: 'alert', hidden: true })
  // The API names each field by its JSON path in the body ($.html, $.design.blocks[2].url).
  const fields = () => ({
    '$.name': parts.name, '$.subject': parts.subject, '$.preheader': parts.preheader, '$.fromName': parts.fromName, '$.fromAddress': parts.fromAddress,
    '$.replyTo': parts.replyTo, '$.html': parts.html, '$.text': parts.text, '$.leadId': leadId, '$.design': blocksError, ...blocks.fields(),
  })
  const blocksError = { error: h('p', { class: 'field-error', hidden: true }), control: { setAttribute() {}, removeAttribute() {} } }

  const draft = () => {
    const d = {
      name: parts.name.control.value, subject: parts.subject.control.value, preheader: parts.preheader.control.value,
      fromName: parts.fromName.control.value, fromAddress: parts.fromAddress.control.value, replyTo: parts.replyTo.control.value, editor,
    }
    if (editor === 'blocks') d.design = blocks.design()
    else {
      d.html = parts.html.control.value
      d.text = parts.text.control.value
      if (design) d.design = design
    }
    return d
  }

  /** Each error under its field ("line 3, column 5: …"), the rest above the editor; null clears them. */
  const showErrors = (error) => showProblem(error, fields(), problems)

  /** After a refused save: the caret goes to the first place the server pointed at (its `locations`), or the first field in error. */
  function markFirst(error) {
    const all = fields()
    const at = (error.problem.locations || []).find((l) => all[l.path]?.control?.setSelectionRange)
    if (at) {
      const control = all[at.path].control
      const lines = control.value.split('\n')
      const offset = lines.slice(0, at.line - 1).reduce((n, line) => n + line.length + 1, 0) + Math.max(0, at.column - 1)
      control.focus()
      control.setSelectionRange(offset, offset)
      return
    }
    main.querySelector('[aria-invalid="true"]')?.focus()
  }

  const fromLine = () => {
    const name = parts.fromName.control.value.trim() || senders.defaultName
    return `${name} <${parts.fromAddress.control.value || senders.defaultAddress}>`
  }

  let timer = null
  let sequence = 0
  async function preview() {
    const mine = ++sequence
    const lead = leadId.control.value.trim()
    try {
      const r = await api(`/api/templates/${id}/preview`, { method: 'POST', json: { ...draft(), leadId: lead || undefined }, signal })
      if (mine !== sequence) return // a newer keystroke's preview is on its way
      showErrors(null)
      inbox.children[0].textContent = fromLine()
      inbox.children[1].textContent = r.subject
      inbox.children[2].textContent = r.preheader ? ' — ' + r.preheader : ''
      frame.srcdoc = r.html
      previewText.textContent = r.text
      if (r.source) lastSource = r.source
      previewNote.textContent = lead ? 'Rendered for that lead.' : 'Rendered for a sample lead.'
    } catch (e) {
      if (mine !== sequence || e.name === 'AbortError') return
      if (e instanceof ApiError && e.status === 400) {
        showErrors(e)
        previewNote.textContent = 'The preview shows the last version without errors.'
      } else if (e instanceof ApiError && e.status === 404 && lead) setFieldError(leadId, 'no lead has this id')
      else previewNote.textContent = e.summary || String(e)
    }
  }
  function schedule() {
    clearTimeout(timer)
    timer = setTimeout(preview, 300)
  }
  for (const wrapper of [...Object.values(parts), leadId]) wrapper.control.addEventListener('input', schedule)
  parts.fromAddress.control.addEventListener('change', schedule)

  // ---- save
  const save = h('button', { type: 'button', class: 'primary' }, 'Save')
  save.addEventListener('click', async () => {
    save.disabled = true
    try {
      const result = await api('/api/templates/' + id, { method: 'PUT', json: draft(), signal })
      showErrors(null)
      status.textContent = `Saved as version ${result.version}.`
      toast(`Template ${id} saved.`)
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        showErrors(e)
        markFirst(e)
        status.textContent = 'Not saved: fix the problems shown.'
      } else toast(e.summary || String(e), 'error')
    } finally {
      save.disabled = false
    }
  })

  // ---- send a test
  const testTo = field('Send a test to', h('input', { type: 'email', value: me?.user?.email || '', autocomplete: 'email', spellcheck: false }))
  const testButton = h('button', { type: 'submit' }, 'Send test')
  const testResult = h('p', { class: 'test-result', role: 'status', 'aria-live': 'polite' })
  const testForm = h('form', { class: 'test-send', novalidate: true }, testTo, testButton, testResult)
  testForm.addEventListener('submit', async (e) => {
    e.preventDefault()
    testButton.disabled = true
    setFieldError(testTo, null)
    testResult.textContent = 'Sending…'
    const lead = leadId.control.value.trim()
    try {
      const r = await api(`/api/templates/${id}/test`, { method: 'POST', json: { ...draft(), to: testTo.control.value, leadId: lead || undefined }, signal })
      testResult.textContent = `Sent “${r.subject}” to ${r.to}.`
      testResult.className = 'test-result ok'
    } catch (err) {
      testResult.className = 'test-result'
      if (err instanceof ApiError && err.at('$.to').length) {
        setFieldError(testTo, err.at('$.to').join('; '))
        testResult.textContent = ''
        testTo.control.focus()
      } else if (err instanceof ApiError && err.status === 400) {
        showErrors(err)
        testResult.textContent = 'Not sent: fix the problems shown.'
      } else testResult.textContent = err.summary || String(err)
    } finally {
      testButton.disabled = false
    }
  })

  main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'crumbs' }, h('a', { href: '#/templates' }, 'Templates')), h('h1', {}, `Template: ${id}`)),
      h('div', { class: 'actions' }, save)),
    status, problems,
    h('div', { class: 'editor-split' },
      h('div', { class: 'editor-main' },
        h('section', { class: 'card', 'aria-labelledby': 'envelope-h' }, h('h2', { id: 'envelope-h' }, 'Message'),
          parts.name, parts.subject, parts.preheader,
          h('div', { class: 'two' }, parts.fromName, parts.fromAddress), parts.replyTo),
        h('section', { class: 'card', 'aria-labelledby': 'content-h' },
          h('div', { class: 'content-head' }, h('h2', { id: 'content-h' }, 'Content'),
            h('div', { class: 'segmented', role: 'group', 'aria-label': 'Edit the content as' }, useBlocks, useHtml)),
          modeNote, confirmRow, blocksError.error, htmlPanel, blocksPanel)),
      h('section', { class: 'card preview-card', 'aria-labelledby': 'preview-h' }, h('h2', { id: 'preview-h' }, 'Live preview'), leadId, previewNote,
        inbox, widths, frameBox, h('h3', {}, 'Plain text'), previewText,
        h('h3', {}, 'Send a test'),
        h('p', { class: 'hint' }, 'Sends what is on screen, saved or not, rendered for the lead above, with “[Test]” before the subject. Its opens, clicks and unsubscribes count nowhere.'),
        testForm)))
  showMode()
  preview()
}
