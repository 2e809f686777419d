// The browser tests' world: a fresh PostgreSQL database and ClickHouse database, the real Nurture
// server built from this checkout and started as a child process, a site, a small page server on
// another loopback port (so every request to Nurture is cross-origin), and Chromium.
// Nothing runs on import: the test runner may load this file on its own.
import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'

export const TRACKER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const REPO = resolve(TRACKER_DIR, '..')
export const DIST = join(TRACKER_DIR, 'dist', 'nurture.js')
const SERVER_PROJECT = join(REPO, 'src', 'Nurture.Server')
const SERVER_DLL = join(SERVER_PROJECT, 'bin', 'Release', 'net10.0', 'Nurture.Server.dll')

/** A normal desktop Chrome: HeadlessChrome counts as a bot, and bots never reach leads. */
export const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'

export const missingEnvironment = () =>
  ['NURTURE_TEST_PG', 'NURTURE_TEST_CLICKHOUSE'].filter((n) => !process.env[n]).map((n) => n + ' is not set (deploy/local.sh test sets it)')[0]

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Polls until fn() returns something truthy; throws with the last value after the timeout. */
export async function waitFor(what, fn, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs
  let last
  for (;;) {
    try {
      last = await fn()
      if (last) return last
    } catch (e) {
      last = e
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.stack : JSON.stringify(last)}`)
    await sleep(250)
  }
}

/** An Npgsql connection string as a map with lower-case keys. */
export function parseConnectionString(text) {
  const out = {}
  for (const part of text.split(';')) {
    const i = part.indexOf('=')
    if (i > 0) out[part.slice(0, i).trim().toLowerCase()] = part.slice(i + 1).trim()
  }
  return out
}

/** psql from PATH, else the newest under /usr/lib/postgresql (Debian's server packages put it there). */
function psqlPath() {
  if (spawnSync('psql', ['--version']).status === 0) return 'psql'
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'psql'))) : []
  versions.sort((a, b) => Number(b) - Number(a))
  if (!versions.length) throw new Error('psql is not installed')
  return join(root, versions[0], 'bin', 'psql')
}

function psql(pg, sql) {
  const r = spawnSync(psqlPath(), ['-h', pg.host, '-p', pg.port || '5432', '-U', pg.username || pg['user id'] || 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qtA', '-c', sql], {
    env: { ...process.env, PGPASSWORD: pg.password || '' },
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr || r.error}`)
}

const freePort = () =>
  new Promise((res, rej) => {
    const s = createNetServer()
    s.on('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })

/** Newest modification time of the server's inputs: its sources and the tracker it embeds. */
function newestInput() {
  let newest = existsSync(DIST) ? statSync(DIST).mtimeMs : 0
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'bin' || entry.name === 'obj' || entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.(cs|csproj|sql|props|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs)
    }
  }
  walk(join(REPO, 'src'))
  return newest
}

/** Builds the server when it is missing or older than its inputs (dotnet test has usually built it). */
function buildServerIfNeeded(log) {
  if (existsSync(SERVER_DLL) && statSync(SERVER_DLL).mtimeMs >= newestInput()) return
  log('building src/Nurture.Server (Release)')
  const r = spawnSync('dotnet', ['build', SERVER_PROJECT, '-c', 'Release', '--nologo', '-v', 'q'], { cwd: REPO, encoding: 'utf8', timeout: 600_000 })
  if (r.status === 0) return
  // A build broken by someone's unfinished file need not stop the tracker tests: the test of
  // /nurture.js compares what the server serves with dist/, so a stale server cannot pass unnoticed.
  if (existsSync(SERVER_DLL)) log(`dotnet build failed; using the existing server build:\n${(r.stdout + r.stderr).slice(-3000)}`)
  else throw new Error(`dotnet build failed:\n${r.stdout}\n${r.stderr}`)
}

/** Everything the tests need; call stop() when done (it is safe to call after a failed start). */
export async function startWorld(log = (m) => console.log('[harness] ' + m)) {
  const env = process.env
  const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
  const world = { run, cleanups: [] }
  world.stop = async () => {
    for (const f of world.cleanups.reverse()) {
      try {
        await f()
      } catch (e) {
        log('cleanup: ' + e.message)
      }
    }
  }
  try {
    // ---- databases
    const pg = parseConnectionString(env.NURTURE_TEST_PG)
    const pgDatabase = `nurture_tracker_${run}`
    psql(pg, `CREATE DATABASE ${pgDatabase}`)
    world.cleanups.push(() => psql(pg, `DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`))
    world.clickHouseUrl = env.NURTURE_TEST_CLICKHOUSE.replace(/\/$/, '')
    world.clickHouseDb = `tracker_${run}`
    world.cleanups.push(() => fetch(world.clickHouseUrl + '/', { method: 'POST', body: `DROP DATABASE IF EXISTS ${world.clickHouseDb}` }))

    // ---- server
    buildServerIfNeeded(log)
    const [httpPort, siloPort, gatewayPort] = [await freePort(), await freePort(), await freePort()]
    world.server = `http://127.0.0.1:${httpPort}`
    world.apiKey = 'tracker_test_' + randomBytes(12).toString('hex')
    const temp = mkdtempSync(join(tmpdir(), 'nurture-tracker-'))
    world.cleanups.push(() => rmSync(temp, { recursive: true, force: true }))
    const logFile = join(temp, 'server.log')
    const out = openSync(logFile, 'a')
    const pgConnection = `Host=${pg.host};Port=${pg.port || 5432};Username=${pg.username || pg['user id'] || 'postgres'};Password=${pg.password || ''};Database=${pgDatabase}`
    const child = spawn('dotnet', [SERVER_DLL], {
      cwd: SERVER_PROJECT,
      stdio: ['ignore', out, out],
      env: {
        ...env,
        ASPNETCORE_URLS: world.server,
        ConnectionStrings__Postgres: pgConnection,
        Nurture__ApiKeys__0: world.apiKey,
        Nurture__ClickHouse__Url: world.clickHouseUrl,
        Nurture__ClickHouse__Database: world.clickHouseDb,
        Nurture__Spool__Directory: join(temp, 'spool'),
        Nurture__Cluster__ClusterId: 'tracker-' + run,
        Nurture__Cluster__SiloPort: String(siloPort),
        Nurture__Cluster__GatewayPort: String(gatewayPort),
        Nurture__Email__PublicUrl: world.server,
        // Every request comes from 127.0.0.1: the abuse limits have tests of their own.
        Nurture__Limits__ClientRequestsPerMinute: '0',
        Nurture__Limits__SiteRequestsPerMinute: '0',
        Nurture__Limits__EmailLinkRequestsPerMinute: '0',
        Nurture__Limits__SignInAttemptsPerMinute: '0',
        Nurture__Limits__EmailsPerVisitor: '0',
        Nurture__Limits__EmailsPerClient: '0',
        ...(env.NURTURE_TEST_SMTP_PORT ? { Nurture__Smtp__Host: '127.0.0.1', Nurture__Smtp__Port: env.NURTURE_TEST_SMTP_PORT } : {}),
      },
    })
    let exited = null
    child.on('exit', (code, signal) => (exited = code ?? signal))
    const kill = () => exited === null && child.kill('SIGKILL')
    process.on('exit', kill) // a crashed test run must not leave the server behind
    world.cleanups.push(async () => {
      if (exited !== null) return
      child.kill('SIGTERM')
      for (let i = 0; i < 100 && exited === null; i++) await sleep(100)
      kill()
    })
    const tail = () => readFileSync(logFile, 'utf8').slice(-4000)
    await waitFor('GET /readyz 200', async () => {
      if (exited !== null) throw new Error(`the server exited (${exited}) during start-up:\n${tail()}`)
      const r = await fetch(world.server + '/readyz').catch(() => null)
      return r && r.status === 200
    }, 90_000).catch((e) => {
      throw new Error(`${e.message}\n--- server log ---\n${tail()}`)
    })
    log(`server ready at ${world.server} (PostgreSQL ${pgDatabase}, ClickHouse ${world.clickHouseDb})`)

    world.api = async (path, init = {}) => {
      const r = await fetch(world.server + path, { ...init, headers: { Authorization: 'Bearer ' + world.apiKey, 'Content-Type': 'application/json', ...(init.headers || {}) } })
      return { status: r.status, body: r.status === 204 ? null : await r.json().catch(() => null) }
    }
    const site = await world.api('/api/sites', { method: 'POST', body: JSON.stringify({ name: 'tracker tests', allowedOrigins: [] }) })
    if (site.status !== 201) throw new Error(`POST /api/sites answered ${site.status}: ${JSON.stringify(site.body)}`)
    world.siteKey = site.body.siteKey
    world.siteId = site.body.id

    // ---- page server: test pages with the snippet, cross-origin to Nurture
    world.pages = new Map() // path -> { title, options, body, head }
    const snippet = readFileSync(join(TRACKER_DIR, 'src', 'snippet.html'), 'utf8')
    const render = (spec) => {
      const tag = snippet
        .replaceAll('https://nurture.example.com', world.server)
        .replaceAll('sk_YOUR_SITE_KEY', world.siteKey)
        .replace('nurture("init", "' + world.siteKey + '", {})', `nurture("init", "${world.siteKey}", ${JSON.stringify(spec.options || {})})`)
      return `<!doctype html><html><head><meta charset="utf-8"><title>${spec.title || 'Test page'}</title>${spec.head || ''}${spec.noSnippet ? '' : tag}</head><body>${spec.body || ''}</body></html>`
    }
    const pageServer = createServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname
      const spec = world.pages.get(path)
      req.resume()
      if (!spec) return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such test page')
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(render(spec))
    })
    await new Promise((r) => pageServer.listen(0, '127.0.0.1', r))
    world.cleanups.push(() => new Promise((r) => pageServer.close(r)))
    world.origin = `http://127.0.0.1:${pageServer.address().port}`

    // ---- browser
    const { chromium } = await import('playwright-core')
    world.browser = await chromium.launch({
      executablePath: env.NURTURE_TEST_CHROMIUM || '/usr/bin/chromium',
      // The user agent for the whole browser too: a beacon sent while a page unloads does not get the
      // context's override, and with HeadlessChrome's own agent its event would count as a bot's.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--user-agent=' + USER_AGENT],
    })
    world.cleanups.push(() => world.browser.close())

    /** Rows of a ClickHouse query (FORMAT JSONEachRow is added). */
    world.clickHouse = async (sql) => {
      const r = await fetch(`${world.clickHouseUrl}/?database=${world.clickHouseDb}`, { method: 'POST', body: sql + ' FORMAT JSONEachRow' })
      const text = await r.text()
      if (!r.ok) throw new Error(`ClickHouse ${r.status}: ${text}`)
      return text.split('\n').filter(Boolean).map((line) => JSON.parse(line))
    }
    return world
  } catch (e) {
    await world.stop()
    throw e
  }
}
