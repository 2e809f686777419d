// The block editor: an email as a list of blocks (heading, text, image, button, divider, two columns, footer),
// each edited with labelled controls, added from a row of buttons, moved and removed with buttons or, while
// focus is inside a block, Alt+↑ / Alt+↓. The server makes the email's HTML from
// the design (tables, inlined styles); this module only edits the design. Read-only when the template's HTML has
// been edited by hand since.
import { h, field, replace } from './dom.js'
import { pathString } from './json-path.js'

const column = () => ({ imageUrl: '', imageAlt: '', text: '' })

/** The kinds of block, in the order the add buttons show them, each with what a new one holds. */
export const BLOCK_TYPES = [
  { type: 'heading', label: 'Heading', make: () => ({ type: 'heading', text: '' }) },
  { type: 'text', label: 'Text', make: () => ({ type: 'text', text: '' }) },
  { type: 'image', label: 'Image', make: () => ({ type: 'image', url: '', alt: '', link: '' }) },
  { type: 'button', label: 'Button', make: () => ({ type: 'button', label: '', url: 'https://' }) },
  { type: 'divider', label: 'Divider', make: () => ({ type: 'divider' }) },
  { type: 'columns', label: 'Two columns', make: () => ({ type: 'columns', left: column(), right: column() }) },
  { type: 'footer', label: 'Footer', make: () => ({ type: 'footer', text: '', label: 'Unsubscribe' }) },
]
const LABELS = Object.fromEntries(BLOCK_TYPES.map((t) => [t.type, t.label]))

export const DEFAULT_ACCENT = '#1d5fd1'

/** What a new template starts with: a greeting, a paragraph, a button and the footer with the unsubscribe link. */
export function starterDesign() {
  return {
    accentColor: DEFAULT_ACCENT,
    blocks: [
      { type: 'heading', text: 'Hello {{ lead.traits.name | default: "there" }}' },
      { type: 'text', text: 'Thank you for your interest.\n\nHere is what is new this month.' },
      { type: 'button', label: 'Read more', url: 'https://' },
      { type: 'footer', text: '', label: 'Unsubscribe' },
    ],
  }
}

/** A design as the API sends it, with every field the controls edit present (older or partial designs). */
function normalise(design) {
  const blocks = (design?.blocks || []).map((b) => {
    const fresh = BLOCK_TYPES.find((t) => t.type === b.type)?.make() || { type: b.type }
    const merged = { ...fresh, ...b }
    if (b.type === 'columns') {
      merged.left = { ...column(), ...(b.left || {}) }
      merged.right = { ...column(), ...(b.right || {}) }
    }
    return merged
  })
  return { accentColor: design?.accentColor || DEFAULT_ACCENT, blocks }
}

/**
 * createBlockEditor({ design, onChange }) → { element, design(), setReadOnly(bool), setDesign(design), fields() }.
 * onChange() is called after every edit. fields() maps the API's JSON paths ($.design.blocks[2].url) to the
 * field wrappers on screen, so the server's errors land under the control they name.
 */
export function createBlockEditor({ design, onChange }) {
  let model = normalise(design)
  let readOnly = false
  let registry = {}
  const list = h('ol', { class: 'block-list', 'aria-label': 'Blocks, top to bottom' })
  const status = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' })
  const accent = field('Button colour', h('input', { type: 'color', value: model.accentColor }), 'Buttons use it, with white words: pick a dark enough colour.')
  accent.control.addEventListener('input', () => {
    model.accentColor = accent.control.value
    onChange()
  })
  const adders = h('div', { class: 'block-adders', role: 'group', 'aria-label': 'Add a block' },
    h('span', { class: 'adders-label', 'aria-hidden': 'true' }, 'Add:'),
    BLOCK_TYPES.map((t) => h('button', { type: 'button', dataset: { add: t.type }, onclick: () => add(t) }, '+ ' + t.label)))
  const hint = h('p', { class: 'hint' },
    'Liquid works in any text, e.g. {{ lead.traits.name | default: "there" }}. Inside a block, Alt+↑ and Alt+↓ move it.')
  const element = h('div', { class: 'block-editor' }, accent, list, adders, hint, status)

  const footerIndex = () => model.blocks.findIndex((b) => b.type === 'footer')

  function add(kind) {
    const block = kind.make()
    // New blocks go above the footer, which stays last; there is one footer at most.
    const at = kind.type === 'footer' || footerIndex() < 0 ? model.blocks.length : footerIndex()
    model.blocks.splice(at, 0, block)
    render()
    focusBlock(at)
    announce(`${kind.label} block added as block ${at + 1}.`)
    onChange()
  }

  function move(index, by, focusField) {
    const to = index + by
    if (!canMove(index, by)) return
    const [block] = model.blocks.splice(index, 1)
    model.blocks.splice(to, 0, block)
    render()
    focusBlock(to, focusField)
    announce(`${LABELS[block.type]} block moved to position ${to + 1} of ${model.blocks.length}.`)
    onChange()
  }

  function remove(index) {
    const [block] = model.blocks.splice(index, 1)
    render()
    if (model.blocks.length) focusBlock(Math.min(index, model.blocks.length - 1))
    else adders.querySelector('button').focus()
    announce(`${LABELS[block.type]} block removed.`)
    onChange()
  }

  /** A footer stays last: it never moves, and nothing moves below it. */
  function canMove(index, by) {
    const to = index + by
    if (to < 0 || to >= model.blocks.length) return false
    return model.blocks[index].type !== 'footer' && model.blocks[to].type !== 'footer'
  }

  function announce(text) {
    status.textContent = text
  }

  /** Focus into block <index>: the field named fieldName ('text', 'left.imageUrl') when given, else its first control. */
  function focusBlock(index, fieldName) {
    const item = list.children[index]
    if (!item) return
    const target = (fieldName && item.querySelector(`[data-field="${index}.${fieldName}"]`)) || item.querySelector('input, textarea') || item.querySelector('button:not(:disabled)')
    target?.focus()
  }

  /** A labelled control bound to model[...path]; registered under its JSON path for the server's errors. */
  function control(label, parts, { multiline = false, hint: help, url = false } = {}) {
    const owner = parts.slice(0, -1).reduce((o, p) => o[p], model.blocks)
    const name = parts[parts.length - 1]
    const props = { value: owner[name] ?? '', readOnly, spellcheck: url ? 'false' : null, dataset: { field: parts.join('.') } }
    const input = multiline
      ? h('textarea', { ...props, rows: 4 }, owner[name] ?? '')
      : h('input', { ...props, type: 'text', ...(url ? { inputmode: 'url', autocomplete: 'off' } : {}) })
    input.addEventListener('input', () => {
      owner[name] = input.value
      onChange()
    })
    const wrapper = field(label, input, help)
    registry[pathString(['design', 'blocks', ...parts])] = wrapper
    return wrapper
  }

  function columnFields(index, side, title) {
    return h('fieldset', { class: 'block-column' }, h('legend', {}, title),
      control('Picture address (optional)', [index, side, 'imageUrl'], { url: true }),
      control('Picture description (alt text)', [index, side, 'imageAlt']),
      control('Text', [index, side, 'text'], { multiline: true }))
  }

  function blockFields(block, index) {
    switch (block.type) {
      case 'heading':
        return [control('Heading text', [index, 'text'])]
      case 'text':
        return [control('Text', [index, 'text'], { multiline: true, hint: 'A blank line starts a new paragraph.' })]
      case 'image':
        return [
          control('Picture address', [index, 'url'], { url: true, hint: 'https://…, a picture on a public web server (about 1100 px wide looks sharp).' }),
          control('Picture description (alt text)', [index, 'alt'], { hint: 'Read aloud to people who cannot see it, and shown when mail apps block pictures.' }),
          control('Link when clicked (optional)', [index, 'link'], { url: true }),
        ]
      case 'button':
        return [control('Button words', [index, 'label']), control('Button link', [index, 'url'], { url: true })]
      case 'divider':
        return [h('p', { class: 'hint' }, 'A thin line across the email.')]
      case 'columns':
        return [h('div', { class: 'block-columns' }, columnFields(index, 'left', 'Left column'), columnFields(index, 'right', 'Right column')),
          h('p', { class: 'hint' }, 'Side by side on computers, one above the other on phones.')]
      case 'footer':
        return [
          control('Footer text', [index, 'text'], { multiline: true, hint: 'Your company name and address (the law asks for them in marketing email).' }),
          control('Unsubscribe link words', [index, 'label'], { hint: 'The link itself is added for you and is never tracked.' }),
        ]
      default:
        return [h('p', { class: 'hint' }, `A ${block.type} block.`)]
    }
  }

  function render() {
    registry = {}
    replace(list, model.blocks.map((block, index) => {
      const title = `${index + 1}. ${LABELS[block.type] || block.type}`
      const legendId = `block-${index}-legend`
      // A block's own problems (a footer that is not last) show under its title.
      const blockError = h('p', { class: 'field-error', hidden: true })
      registry[pathString(['design', 'blocks', index])] = { error: blockError, control: { setAttribute() {}, removeAttribute() {} } }
      const tools = readOnly ? null : h('div', { class: 'block-tools', role: 'group', 'aria-label': `Block ${index + 1} actions` },
        h('button', { type: 'button', class: 'icon', 'aria-label': `Move block ${index + 1} (${LABELS[block.type]}) up`, disabled: !canMove(index, -1), onclick: () => move(index, -1) }, '↑'),
        h('button', { type: 'button', class: 'icon', 'aria-label': `Move block ${index + 1} (${LABELS[block.type]}) down`, disabled: !canMove(index, 1), onclick: () => move(index, 1) }, '↓'),
        h('button', { type: 'button', class: 'link danger', 'aria-label': `Remove block ${index + 1} (${LABELS[block.type]})`, onclick: () => remove(index) }, 'Remove'))
      const set = h('fieldset', { class: `block-item type-${block.type}`, 'aria-labelledby': legendId, dataset: { index: String(index) } },
        h('div', { class: 'block-head' }, h('legend', { id: legendId }, title), tools), blockError, blockFields(block, index))
      set.addEventListener('keydown', (e) => {
        if (readOnly || !e.altKey) return
        const fieldName = e.target.dataset?.field
        // Removing stays a button press: a key chord is too easy to hit while editing text.
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault()
          move(index, e.key === 'ArrowUp' ? -1 : 1, fieldName && fieldName.replace(/^\d+\./, ''))
        }
      })
      return h('li', {}, set)
    }))
    accent.control.disabled = readOnly
    adders.hidden = readOnly
    hint.hidden = readOnly
    for (const button of adders.querySelectorAll('button')) button.disabled = button.dataset.add === 'footer' && footerIndex() >= 0
  }

  render()
  return {
    element,
    design: () => ({ accentColor: model.accentColor, blocks: model.blocks.map((b) => structuredClone(b)) }),
    setReadOnly(value) {
      readOnly = value
      render()
    },
    setDesign(value) {
      model = normalise(value)
      accent.control.value = model.accentColor
      render()
    },
    fields: () => registry,
  }
}
