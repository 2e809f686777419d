// Server-sent events read with fetch: EventSource cannot send the Authorization header every /api
// route needs (and a key in the URL would end up in logs). Reconnects with back-off until aborted.
import { authHeaders } from './api.js'

/**
 * follow('/api/sales/stream?rep=x', { onOpen, onEvent(type, data), onError, signal }): onOpen runs on
 * every (re)connection (reload what may have been missed then); onEvent gets each event's type and
 * parsed JSON data.
 */
export async function follow(path, { onOpen, onEvent, onError, signal }) {
  let delay = 1000
  while (!signal.aborted) {
    try {
      const response = await fetch(path, { headers: { Accept: 'text/event-stream', ...authHeaders() }, signal })
      if (!response.ok) throw new Error(`the stream answered ${response.status}`)
      delay = 1000
      await onOpen?.()
      await read(response.body, onEvent)
    } catch (e) {
      if (signal.aborted) return
      onError?.(e)
    }
    await new Promise((resolve) => setTimeout(resolve, delay))
    delay = Math.min(delay * 2, 15000)
  }
}

async function read(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += value
    let end
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      let type = 'message'
      const data = []
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue // a comment: connected, or a keep-alive ping
        const colon = line.indexOf(':')
        const name = colon < 0 ? line : line.slice(0, colon)
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
        if (name === 'event') type = text
        else if (name === 'data') data.push(text)
      }
      if (data.length) onEvent(type, JSON.parse(data.join('\n')))
    }
  }
}
