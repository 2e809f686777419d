// A failed delivery in words: the hand-off stores an HTTP status or a fixed phrase (never what the
// receiver said); the alert log says what that status means.
const HTTP_WORDS = {
  400: 'the receiver refused the request as malformed',
  401: 'the receiver asked for authentication',
  403: 'the receiver refused access',
  404: 'nothing is at that address',
  408: 'the receiver timed out',
  410: 'that address is gone',
  413: 'the receiver found the alert too large',
  429: 'the receiver asked us to slow down',
  500: 'the receiver had an internal error',
  502: 'a gateway in front of the receiver failed',
  503: 'the receiver is unavailable',
  504: 'a gateway in front of the receiver timed out',
}

/** A delivery error in words: 'HTTP 500' becomes 'HTTP 500: the receiver had an internal error'. */
export function errorWords(error) {
  if (!error) return ''
  const m = /^HTTP (\d{3})$/.exec(error)
  if (!m) return error.charAt(0).toUpperCase() + error.slice(1)
  const code = Number(m[1])
  const words = HTTP_WORDS[code] || (code >= 500 ? 'the receiver failed' : 'the receiver refused the alert')
  return `HTTP ${code}: ${words}`
}
