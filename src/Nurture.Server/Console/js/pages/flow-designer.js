// The flow designer: the steps of a flow as a graph (drag from a step's port to another step to
// connect them, or use the port's button and then pick the step, or the inspector's selects), the
// server's validation errors on the steps they name, and the same JSON as GET/PUT /api/flows/{id}.
import { api, ApiError } from '../api.js'
import { h, svg, replace, toast } from '../dom.js'
import { DocumentForm } from '../model-form.js'
import { eventControls } from '../conditions.js'
import { conditionControls, goalControls, reentryControls, triggerControls } from '../flow-settings.js'
import { ancestors, pathLabel } from '../json-path.js'
import { STEP_TYPES, PORT_LABELS, portsOf, edgesOf, blankFlow, newStepId, summary, layout, renameStep, removeStep } from '../flow-graph.js'
import * as format from '../format.js'
import { stepBadge, performanceView } from '../flow-performance.js'
import { downloadButtons } from '../download.js'

const COLUMN = 220 // horizontal distance between steps of one layer
const LAYER = 140 // vertical distance between layers
const NODE_WIDTH = 190
const MARGIN = 16
const STEP_ID = /^[A-Za-z0-9_-]{1,64}$/
const KEY_STEP = 20 // how far Alt + an arrow key moves a step
const GAP = 8 // the space kept between two steps' boxes
const EDGE = 40 // how near the canvas's edge a drag scrolls it

export async function render(main, ctx) {
  const flowId = ctx.params.id
  const signal = ctx.signal
  const [stored, templates, segments, model] = await Promise.all([
    api('/api/flows/' + flowId, { signal }).catch((e) => {
      if (e instanceof ApiError && e.status === 404) return null
      throw e
    }),
    api('/api/templates', { signal }),
    api('/api/segments', { signal }).catch(() => []),
    api('/api/scoring/model', { signal }).catch(() => null),
  ])
  /** What the condition controls offer: segments, emails and the scoring model's interest categories. */
  const choices = {
    segments: segments.map((s) => ({ id: s.id, name: s.name })),
    templates,
    categories: Object.keys(model?.model?.categories || {}),
  }
  let flow = stored ? structuredClone(stored.definition) : blankFlow(flowId.replace(/[-_]/g, ' '))
  const meta = { status: stored?.status || 'new', version: stored?.version || 0 }
  let selected = null // the step id in the inspector; null: the flow's own settings
  let errors = [] // from the last save: [{key, reason}], keyed by JSON path
  let dirty = !stored
  let connecting = null // {from, port} while the next step pressed becomes that port's target
  let stats = null
  // Step id → {x, y} where the user put it (dragged, or moved by keyboard), saved with the flow as its layout.
  const moved = new Map(Object.entries(flow.layout || {}))

  const form = new DocumentForm(flow, () => changed(false))
  const title = h('h1', {}, '')
  const statusLine = h('p', { class: 'save-status', 'aria-live': 'polite' })
  const summaryBox = h('div', { class: 'error-summary', role: 'alert', tabindex: -1, hidden: true })
  const banner = h('p', { class: 'connect-banner', role: 'status', hidden: true })
  const edges = svg('svg', { class: 'edges', 'aria-hidden': 'true' })
  const canvas = h('div', { class: 'canvas', role: 'group', 'aria-label': 'Flow steps' }, edges)
  const inspector = h('aside', { class: 'inspector card', 'aria-label': 'Inspector' })
  const jsonText = h('textarea', { class: 'code', rows: 16, spellcheck: false, id: 'flow-json' })
  const saveButton = h('button', { type: 'button', class: 'primary', onclick: save }, 'Save')
  const activateButton = h('button', { type: 'button', onclick: activate }, 'Activate')
  const pauseButton = h('button', { type: 'button', onclick: () => setStatus('pause') }, 'Pause')
  const performanceBox = h('section', { class: 'card', 'aria-labelledby': 'flow-perf-h', hidden: true })

  jsonText.addEventListener('input', () => {
    try {
      flow = JSON.parse(jsonText.value)
      if (!Array.isArray(flow.steps)) flow.steps = []
      changed(true, { keepJson: true })
    } catch {
      statusLine.textContent = 'The JSON is not valid yet; the graph shows the last valid version.'
    }
  })

  const palette = h('aside', { class: 'palette card', 'aria-label': 'Add a step' },
    h('h2', {}, 'Add a step'),
    h('ul', {}, Object.entries(STEP_TYPES).map(([type, t]) => h('li', {}, h('button', { type: 'button', onclick: () => addStep(type) }, t.label)))))

  main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'crumbs' }, h('a', { href: '#/flows' }, 'Flows')), title),
      h('div', { class: 'actions' }, saveButton, activateButton, pauseButton)),
    statusLine, summaryBox, banner,
    h('div', { class: 'designer' }, palette, h('div', { class: 'canvas-wrap' }, canvas), inspector),
    performanceBox,
    h('details', { class: 'card' }, h('summary', {}, 'The flow as JSON'),
      h('label', { for: 'flow-json', class: 'sr-only' }, 'Flow JSON'), jsonText))

  document.addEventListener('keydown', onKey, { signal })
  window.addEventListener('resize', drawEdges, { signal })
  refreshStats()
  changed(true)
  dirty = !stored

  // ---- state changes
  /** After any edit: redraw the graph (and the inspector when the shape changed). */
  function changed(structural, { keepJson = false } = {}) {
    dirty = true
    if (structural) {
      errors = []
      form.reset(flow)
    }
    draw()
    if (structural) inspect()
    if (!keepJson && document.activeElement !== jsonText) jsonText.value = JSON.stringify(flow, null, 2)
    header()
  }

  function header() {
    replace(title, `Flow: ${flow.name || flowId}`)
    statusLine.replaceChildren(
      h('span', { class: 'status status-' + meta.status }, meta.status), ' ',
      meta.version ? `version ${meta.version}` : 'not saved yet',
      dirty ? ' · unsaved changes' : ' · saved',
      stats ? ` · entered ${format.number(stats.entered)}, completed ${format.number(stats.completed)}, goal reached ${format.number(stats.goalReached)}, exited ${format.number(stats.exited)}` : '')
    activateButton.disabled = meta.status === 'active' && !dirty
    pauseButton.disabled = meta.status !== 'active'
    activateButton.textContent = dirty ? 'Save and activate' : 'Activate'
  }

  function stepIndex(id) {
    return flow.steps.findIndex((s) => s.id === id)
  }

  function errorsOf(index) {
    const p = `$.steps[${index}]`
    return errors.filter((e) => ancestors(e.key).includes(p))
  }

  function addStep(type) {
    const id = newStepId(flow, type)
    flow.steps.push({ id, type, ...STEP_TYPES[type].make() })
    // Added after the selected step, when that step's first way out is still free.
    const from = flow.steps.find((s) => s.id === selected)
    const port = from && portsOf(from).find((p) => !from[p])
    if (port) from[port] = id
    if (!flow.start || stepIndex(flow.start) < 0) flow.start = id
    selected = id
    changed(true)
    focusNode(id)
  }

  function connect(from, port, to) {
    const step = flow.steps[stepIndex(from)]
    if (!step) return
    step[port] = to
    connecting = null
    banner.hidden = true
    changed(true)
    toast(`${from} ${PORT_LABELS[port]} → ${to}`)
    focusNode(from)
  }

  function startConnecting(from, port) {
    connecting = { from, port }
    banner.textContent = `Choose the step "${from}" goes to (${PORT_LABELS[port]}): press that step. Escape cancels.`
    banner.hidden = false
    canvas.classList.add('connecting')
  }

  function onKey(e) {
    if (e.key === 'Escape' && connecting) {
      connecting = null
      banner.hidden = true
      canvas.classList.remove('connecting')
    }
  }

  // ---- the graph
  function positions() {
    const place = layout(flow)
    const at = new Map()
    for (const [id, { depth, order }] of place) at.set(id, moved.get(id) || { x: MARGIN + order * COLUMN, y: MARGIN + depth * LAYER })
    return at
  }

  function draw() {
    canvas.classList.toggle('connecting', !!connecting)
    const at = positions()
    const nodes = flow.steps.map((step, i) => node(step, i, at.get(step.id)))
    canvas.replaceChildren(edges, ...nodes)
    canvas.style.width = canvas.style.height = ''
    spread(nodes)
    let width = 0
    let height = 0
    for (const el of nodes) {
      width = Math.max(width, el.offsetLeft + el.offsetWidth + MARGIN)
      height = Math.max(height, el.offsetTop + el.offsetHeight + MARGIN)
    }
    canvas.style.width = width + 'px'
    canvas.style.height = height + 'px'
    drawEdges()
  }

  /** Boxes taller than a layer (a long summary, an error) push the ones they would cover down, so no box hides another's ports. */
  function spread(nodes) {
    const placed = []
    const overlap = (a, top, b) => a.offsetLeft < b.offsetLeft + b.offsetWidth + GAP && b.offsetLeft < a.offsetLeft + a.offsetWidth + GAP &&
      top < b.offsetTop + b.offsetHeight + GAP && b.offsetTop < top + a.offsetHeight + GAP
    for (const el of [...nodes].sort((a, b) => a.offsetTop - b.offsetTop || a.offsetLeft - b.offsetLeft)) {
      let top = el.offsetTop
      for (let again = true; again;) {
        const blocker = placed.find((other) => overlap(el, top, other))
        again = !!blocker
        if (blocker) top = blocker.offsetTop + blocker.offsetHeight + GAP
      }
      if (top !== el.offsetTop) el.style.top = top + 'px'
      placed.push(el)
    }
  }

  function node(step, index, { x, y }) {
    const problems = errorsOf(index)
    const main = h('button', { type: 'button', class: 'node-main', 'aria-pressed': String(selected === step.id) },
      h('span', { class: 'node-type' }, STEP_TYPES[step.type]?.label || step.type, flow.start === step.id ? ' · start' : ''),
      h('strong', { class: 'node-id' }, step.id),
      h('span', { class: 'node-summary' }, summary(step)),
      stepBadge(stats, step.id),
      problems.length ? h('span', { class: 'node-problem' }, problems.map((p) => p.reason).join('; ')) : null)
    const el = h('div', {
      class: `node type-${step.type}${selected === step.id ? ' selected' : ''}${problems.length ? ' invalid' : ''}${flow.start === step.id ? ' start' : ''}`,
      dataset: { step: step.id },
    }, main, h('div', { class: 'ports' }, portsOf(step).map((port) => portButton(step, port))))
    el.style.left = x + 'px'
    el.style.top = y + 'px'
    el.style.width = NODE_WIDTH + 'px'
    dragToMove(el, main, step.id)
    return el
  }

  function portButton(step, port) {
    const b = h('button', {
      type: 'button', class: 'port' + (step[port] ? ' linked' : ''), dataset: { port },
      // The name starts with what the button shows, so speech users can say what they see.
      'aria-label': `${PORT_LABELS[port]}: connect ${step.id}${step[port] ? ', now to ' + step[port] : ' to a step'}`,
    }, PORT_LABELS[port], h('span', { 'aria-hidden': 'true' }, ' ▾'))
    let drag = null
    b.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return
      drag = { x: e.clientX, y: e.clientY, moved: false, line: svg('path', { class: 'edge pending' }) }
      b.setPointerCapture(e.pointerId)
    })
    b.addEventListener('pointermove', (e) => {
      if (!drag) return
      if (!drag.moved && Math.hypot(e.clientX - drag.x, e.clientY - drag.y) > 5) {
        drag.moved = true
        edges.append(drag.line)
      }
      if (drag.moved) {
        const from = portPoint(b)
        const to = canvasPoint(e)
        drag.line.setAttribute('d', curve(from, to))
      }
    })
    b.addEventListener('pointerup', (e) => {
      if (!drag) return
      const wasDrag = drag.moved
      drag.line.remove()
      drag = null
      if (!wasDrag) return // a click: handled below, as the keyboard's Enter is
      b.dataset.dragged = '1'
      const target = document.elementFromPoint(e.clientX, e.clientY)?.closest('.node')
      if (target && canvas.contains(target)) connect(step.id, port, target.dataset.step)
    })
    b.addEventListener('click', () => {
      if (b.dataset.dragged) {
        delete b.dataset.dragged
        return
      }
      startConnecting(step.id, port)
    })
    return b
  }

  /** Dragging a step's box moves it; pressing it selects it (or, while connecting, makes it the target). */
  function dragToMove(el, handle, id) {
    let drag = null
    handle.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return
      drag = { x: e.clientX, y: e.clientY, left: el.offsetLeft, top: el.offsetTop, moved: false }
      handle.setPointerCapture(e.pointerId)
    })
    handle.addEventListener('pointermove', (e) => {
      if (!drag) return
      const dx = e.clientX - drag.x
      const dy = e.clientY - drag.y
      if (!drag.moved && Math.hypot(dx, dy) < 6) return
      drag.moved = true
      scrollNearEdge(e)
      place(el, id, { x: drag.left + dx, y: drag.top + dy })
    })
    handle.addEventListener('pointerup', () => {
      if (drag?.moved) {
        handle.dataset.dragged = '1'
        settle(el, id)
      }
      drag = null
    })
    // Alt + an arrow key moves the step by keyboard, as dragging does.
    handle.addEventListener('keydown', (e) => {
      const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key]
      if (!step || !e.altKey) return
      e.preventDefault()
      place(el, id, { x: el.offsetLeft + step[0] * KEY_STEP, y: el.offsetTop + step[1] * KEY_STEP })
      settle(el, id, step[1] < 0 ? -1 : 1)
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' })
    })
    handle.addEventListener('click', () => {
      if (handle.dataset.dragged) {
        delete handle.dataset.dragged
        return
      }
      if (connecting) return connect(connecting.from, connecting.port, id)
      selected = id
      form.reset(flow)
      draw()
      inspect()
      focusNode(id)
    })
  }

  /** Puts a step's box at pos (never above or left of the canvas) and redraws its edges. */
  function place(el, id, pos) {
    const at = { x: Math.max(0, Math.round(pos.x)), y: Math.max(0, Math.round(pos.y)) }
    moved.set(id, at)
    el.style.left = at.x + 'px'
    el.style.top = at.y + 'px'
    drawEdges()
  }

  /**
   * After a move: a box that landed on another (its ports included) slides on, in the direction it was going,
   * until it is clear; then the layout is part of the flow (saved with it) and the canvas grows to hold it.
   */
  function settle(el, id, direction = 1) {
    const others = [...canvas.querySelectorAll('.node')].filter((n) => n !== el)
    const overlaps = () => others.some((n) => el.offsetLeft < n.offsetLeft + n.offsetWidth + GAP && n.offsetLeft < el.offsetLeft + el.offsetWidth + GAP &&
      el.offsetTop < n.offsetTop + n.offsetHeight + GAP && n.offsetTop < el.offsetTop + el.offsetHeight + GAP)
    for (let tries = 0; overlaps() && tries < 200; tries++) {
      const y = el.offsetTop + direction * KEY_STEP
      place(el, id, { x: el.offsetLeft, y: y < 0 ? el.offsetTop + KEY_STEP : y })
      if (y < 0) direction = 1
    }
    syncLayout()
    dirty = true
    header()
    canvas.style.width = Math.max(canvas.offsetWidth, el.offsetLeft + el.offsetWidth + MARGIN) + 'px'
    canvas.style.height = Math.max(canvas.offsetHeight, el.offsetTop + el.offsetHeight + MARGIN) + 'px'
    drawEdges()
  }

  /** The places of the steps the user moved, as the flow's layout (steps deleted since are left out). */
  function syncLayout() {
    const ids = new Set(flow.steps.map((s) => s.id))
    const layout = Object.fromEntries([...moved].filter(([id]) => ids.has(id)))
    if (Object.keys(layout).length) flow.layout = layout
    else delete flow.layout
    if (document.activeElement !== jsonText) jsonText.value = JSON.stringify(flow, null, 2)
  }

  /** While a box is dragged near the edge of the visible canvas, the canvas scrolls that way. */
  function scrollNearEdge(e) {
    const wrap = canvas.parentElement
    const r = wrap.getBoundingClientRect()
    if (e.clientX > r.right - EDGE) wrap.scrollLeft += EDGE / 2
    else if (e.clientX < r.left + EDGE) wrap.scrollLeft -= EDGE / 2
    if (e.clientY > r.bottom - EDGE) wrap.scrollTop += EDGE / 2
    else if (e.clientY < r.top + EDGE) wrap.scrollTop -= EDGE / 2
  }

  function focusNode(id) {
    canvas.querySelector(`.node[data-step="${CSS.escape(id)}"] .node-main`)?.focus()
  }

  function canvasPoint(e) {
    const r = canvas.getBoundingClientRect()
    return { x: e.clientX - r.left, y: e.clientY - r.top }
  }

  function portPoint(port) {
    const r = port.getBoundingClientRect()
    const c = canvas.getBoundingClientRect()
    return { x: r.left + r.width / 2 - c.left, y: r.bottom - c.top }
  }

  function curve(a, b) {
    // Downward: a gentle S. Back up (a loop in the flow): swing out to the side.
    const dy = b.y > a.y ? Math.max(30, (b.y - a.y) / 2) : 90
    const side = b.y > a.y ? 0 : 120
    return `M${a.x},${a.y} C${a.x + side},${a.y + dy} ${b.x + side},${b.y - dy} ${b.x},${b.y}`
  }

  function drawEdges() {
    const c = canvas.getBoundingClientRect()
    edges.setAttribute('width', canvas.offsetWidth)
    edges.setAttribute('height', canvas.offsetHeight)
    const children = [svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' })))]
    for (const edge of edgesOf(flow)) {
      const fromNode = canvas.querySelector(`.node[data-step="${CSS.escape(edge.from)}"]`)
      const toNode = canvas.querySelector(`.node[data-step="${CSS.escape(edge.to)}"]`)
      const port = fromNode?.querySelector(`.port[data-port="${edge.port}"]`)
      if (!port || !toNode) continue
      const a = portPoint(port)
      const r = toNode.getBoundingClientRect()
      const b = { x: r.left + r.width / 2 - c.left, y: r.top - c.top }
      children.push(svg('path', { d: curve(a, b), class: 'edge port-' + edge.port, 'marker-end': 'url(#arrow)' }))
      if (edge.port !== 'next') children.push(svg('text', { x: (a.x + b.x) / 2 + 4, y: (a.y + b.y) / 2, class: 'edge-label' }, PORT_LABELS[edge.port]))
    }
    edges.replaceChildren(...children)
  }

  // ---- the inspector
  function inspect() {
    form.reset(flow)
    const index = stepIndex(selected)
    if (index < 0) {
      selected = null
      const settingsChanged = () => changed(false)
      const trigger = triggerControls(flow, { ...choices, onChange: settingsChanged })
      const reentry = reentryControls(flow, settingsChanged)
      form.adopt({ '$.trigger': trigger, '$.reentry': reentry })
      replace(inspector, h('h2', {}, 'Flow settings'),
        form.text(['name'], 'Name'),
        form.choice(['start'], 'Start step', flow.steps.map((s) => s.id)),
        trigger, reentry,
        goalControls(flow, { ...choices, form, onChange: settingsChanged }))
      placeErrors(errors.filter((e) => !ancestors(e.key).includes('$.steps')))
      return
    }
    const step = flow.steps[index]
    const at = (key) => ['steps', index, key]
    const targets = ['', ...flow.steps.filter((s) => s.id !== step.id).map((s) => s.id)].map((id) => [id, id || '(nowhere yet)'])
    const idInput = h('input', { type: 'text', value: step.id, spellcheck: false, id: 'step-id' })
    const idError = h('p', { class: 'field-error', id: 'step-id-error', hidden: true })
    idInput.setAttribute('aria-describedby', 'step-id-error')
    idInput.addEventListener('change', () => {
      const value = idInput.value.trim()
      const problem = !STEP_ID.test(value) ? 'must be 1 to 64 letters, digits, - or _' : value !== step.id && stepIndex(value) >= 0 ? `"${value}" is used by another step` : null
      idError.hidden = !problem
      idError.textContent = problem || ''
      if (problem || value === step.id) return
      renameStep(flow, step.id, value)
      moved.set(value, moved.get(step.id))
      selected = value
      changed(true)
    })
    const fields = {
      send_email: () => [form.choice(at('template'), 'Template', ['', ...templates.map((t) => [t.id, `${t.name} (${t.id})`])])],
      choose_email: () => [form.json(at('candidates'), 'Candidates (JSON)', { rows: 4, hint: '[{"template": "id", "category": "pricing"}, …]: the variant for the lead’s top interest, then the best by clicks' })],
      wait: () => [form.text(at('duration'), 'Duration', { hint: '90s, 15m, 2h, 3d, 1w or ISO 8601 such as P2D' })],
      wait_until: () => [form.text(at('at'), 'Time of day', { hint: '"09:00" in the lead’s time zone' }), form.json(at('weekdays'), 'Weekdays (JSON, optional)', { hint: '["mon", "tue"]' })],
      wait_for_event: () => [
        h('div', { class: 'field' }, h('span', { class: 'label' }, 'Waits until'),
          eventControls({ match: step.event, templates, label: 'the lead', onChange: (m) => { step.event = m; changed(false) } })),
        form.text(at('timeout'), 'Or at most', { hint: 'A time such as 3d; then the run goes the "timeout" way' })],
      branch: () => [h('div', { class: 'field' }, h('span', { class: 'label' }, 'Goes the "yes" way when'),
        conditionControls(step, 'condition', `$.steps[${index}].condition`, { ...choices, form, onChange: () => changed(false) }))],
      set_trait: () => [form.text(at('trait'), 'Trait'), form.text(at('value'), 'Value')],
      notify_sales: () => [form.text(at('note'), 'Note for the rep (optional)', { hint: 'Hands the lead to sales through the hot-lead alert' })],
      end: () => [],
    }[step.type] || (() => [])
    replace(inspector,
      h('h2', {}, `Step ${step.id}`),
      h('p', { class: 'sub' }, STEP_TYPES[step.type]?.label || step.type),
      h('div', { class: 'field' }, h('label', { for: 'step-id' }, 'Step id'), idInput, idError),
      fields(),
      portsOf(step).map((port) => form.choice(at(port), `Then go to (${PORT_LABELS[port]})`, targets)),
      h('div', { class: 'actions' },
        h('button', { type: 'button', disabled: flow.start === step.id, onclick: () => { flow.start = step.id; changed(true) } }, 'Make this the start'),
        h('button', { type: 'button', class: 'danger', onclick: () => { removeStep(flow, step.id); selected = null; changed(true) } }, 'Delete step'),
        h('button', { type: 'button', class: 'link', onclick: () => { selected = null; changed(true) } }, 'Flow settings')))
    placeErrors(errorsOf(index))
  }

  /** Errors beside their fields in the inspector; the rest of this part's errors as a list above them. */
  function placeErrors(list) {
    const { unplaced } = form.showErrors(list)
    if (unplaced.length) inspector.insertBefore(h('ul', { class: 'inspector-errors' }, unplaced.map((e) => h('li', {}, e.reason))), inspector.children[1] || null)
  }

  function showSummary() {
    if (!errors.length) {
      summaryBox.hidden = true
      return
    }
    replace(summaryBox, h('h2', {}, `The flow has ${errors.length} problem${errors.length > 1 ? 's' : ''}`),
      h('ul', {}, errors.map((e) => {
        const m = e.key.match(/^\$\.steps\[(\d+)\]/)
        const step = m ? flow.steps[Number(m[1])]?.id : null
        return h('li', {}, h('a', {
          href: '#', onclick: (ev) => {
            ev.preventDefault()
            selected = step
            draw()
            inspect()
            const control = form.control(e.key) || inspector.querySelector('input, select, textarea')
            control?.focus()
          },
        }, step ? `Step ${step}` : pathLabel(e.key)), ': ', e.reason)
      })))
    summaryBox.hidden = false
    summaryBox.focus()
  }

  // ---- the server
  async function save() {
    saveButton.disabled = true
    try {
      syncLayout()
      const saved = await api('/api/flows/' + flowId, { method: 'PUT', json: flow, signal })
      meta.status = saved.status
      meta.version = saved.version
      dirty = false
      errors = []
      draw()
      inspect()
      showSummary()
      header()
      toast(`Flow saved as version ${saved.version}.`)
      return true
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 400) {
        toast(e.summary || String(e), 'error')
        return false
      }
      errors = e.errors
      draw()
      inspect()
      showSummary()
      statusLine.append(' · not saved: fix the problems shown')
      return false
    } finally {
      saveButton.disabled = false
    }
  }

  async function activate() {
    if (dirty && !(await save())) return
    await setStatus('activate')
  }

  async function setStatus(action) {
    try {
      const flowNow = await api(`/api/flows/${flowId}/${action}`, { method: 'POST', signal })
      meta.status = flowNow.status
      header()
      toast(`Flow ${flowNow.status}.`)
      refreshStats()
    } catch (e) {
      toast(e.summary || String(e), 'error')
    }
  }

  async function refreshStats() {
    if (meta.status === 'new') return
    try {
      stats = await api(`/api/flows/${flowId}/stats`, { signal })
      draw()
      header()
      performanceBox.hidden = false
      replace(performanceBox, h('h2', { id: 'flow-perf-h' }, 'Performance'), performanceView(stats, flow.steps.map((s) => s.id)),
        stats.entered ? downloadButtons(`/api/flows/${flowId}/stats`, {}, { what: 'the flow\'s performance per step' }) : null)
    } catch {
      // Counts are a bonus: without ClickHouse the designer still works.
    }
  }
}
