// The console tests' world: fresh PostgreSQL and ClickHouse databases, the real Nurture server built
// from this checkout and started as a child process (it serves the console at /console/), a rep with
// an admin, a marketer and a sales user, some leads, and headless Chromium.
// Nothing runs on import: the test runner may load this file on its own.
import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
// The generic helpers (environment check, polling, a browser's user agent) are the tracker tests' own.
import { USER_AGENT, missingEnvironment, parseConnectionString, sleep, waitFor } from '../../../tracker-js/test/browser/harness.mjs'

export { USER_AGENT, missingEnvironment, sleep, waitFor }

const HERE = dirname(fileURLToPath(import.meta.url))
export const REPO = resolve(HERE, '..', '..', '..')
const SERVER_PROJECT = join(REPO, 'src', 'Nurture.Server')
const SERVER_DLL = join(SERVER_PROJECT, 'bin', 'Release', 'net10.0', 'Nurture.Server.dll')
/** Where the run leaves its screenshots for a reviewer (git-ignored). */
export const SCREENSHOTS = resolve(HERE, '..', 'screenshots')

export const PASSWORD = 'console-test-password-1'
export const USERS = {
  admin: { email: 'admin@console.test', role: 'admin', displayName: 'Ada Admin' },
  marketer: { email: 'marketer@console.test', role: 'marketer', displayName: 'Mia Marketer' },
  sales: { email: 'sales@console.test', role: 'sales', displayName: 'Sam Sales', repId: 'rep-sam' },
}

function psql(pg, sql) {
  let bin = 'psql'
  if (spawnSync(bin, ['--version']).status !== 0) {
    const root = '/usr/lib/postgresql'
    const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'psql'))).sort((a, b) => b - a) : []
    if (!versions.length) throw new Error('psql is not installed')
    bin = join(root, versions[0], 'bin', 'psql')
  }
  const r = spawnSync(bin, ['-h', pg.host, '-p', pg.port || '5432', '-U', pg.username || 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qtA', '-c', sql], {
    env: { ...process.env, PGPASSWORD: pg.password || '' },
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr || r.error}`)
}

const freePort = () =>
  new Promise((res, rej) => {
    const s = createServer()
    s.on('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })

/** The newest change among the server's inputs, the console's files included. */
function newestInput(dir = join(REPO, 'src'), newest = 0) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'bin' || entry.name === 'obj' || entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = newestInput(path, newest)
    else if (/\.(cs|csproj|sql|props|json|js|css|html)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

function buildServerIfNeeded(log) {
  if (existsSync(SERVER_DLL) && statSync(SERVER_DLL).mtimeMs >= newestInput()) return
  log('building src/Nurture.Server (Release)')
  const r = spawnSync('dotnet', ['build', SERVER_PROJECT, '-c', 'Release', '--nologo', '-v', 'q'], { cwd: REPO, encoding: 'utf8', timeout: 900_000 })
  // Unlike the tracker's tests these test the server's own files: a stale build would test old code.
  if (r.status !== 0) throw new Error(`dotnet build failed:\n${r.stdout}\n${r.stderr}`)
}

/** Everything the tests need; call stop() when done (safe after a failed start too). */
/**
 * seed: false starts from nothing but the admin user (as deploy/local.sh run leaves a fresh install):
 * no site, rep or other user, for the from-zero journey.
 */
export async function startWorld({ seed = true, log = (m) => console.log('[console harness] ' + m) } = {}) {
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
    const pg = parseConnectionString(env.NURTURE_TEST_PG)
    const pgDatabase = `nurture_console_${run}`
    psql(pg, `CREATE DATABASE ${pgDatabase}`)
    world.cleanups.push(() => psql(pg, `DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`))
    const clickHouseUrl = env.NURTURE_TEST_CLICKHOUSE.replace(/\/$/, '')
    const clickHouseDb = `console_${run}`
    world.cleanups.push(() => fetch(clickHouseUrl + '/', { method: 'POST', body: `DROP DATABASE IF EXISTS ${clickHouseDb}` }))

    buildServerIfNeeded(log)
    const [httpPort, siloPort, gatewayPort] = [await freePort(), await freePort(), await freePort()]
    world.server = `http://127.0.0.1:${httpPort}`
    world.apiKey = 'console_test_' + randomBytes(12).toString('hex')
    const temp = mkdtempSync(join(tmpdir(), 'nurture-console-'))
    world.temp = temp
    world.cleanups.push(() => rmSync(temp, { recursive: true, force: true }))
    const logFile = join(temp, 'server.log')
    const out = openSync(logFile, 'a')
    const child = spawn('dotnet', [SERVER_DLL], {
      cwd: SERVER_PROJECT,
      stdio: ['ignore', out, out],
      env: {
        ...env,
        ASPNETCORE_URLS: world.server,
        ConnectionStrings__Postgres: `Host=${pg.host};Port=${pg.port || 5432};Username=${pg.username || 'postgres'};Password=${pg.password || ''};Database=${pgDatabase}`,
        Nurture__ApiKeys__0: world.apiKey,
        Nurture__ClickHouse__Url: clickHouseUrl,
        Nurture__ClickHouse__Database: clickHouseDb,
        Nurture__Spool__Directory: join(temp, 'spool'),
        Nurture__Cluster__ClusterId: 'console-' + run,
        Nurture__Cluster__SiloPort: String(siloPort),
        Nurture__Cluster__GatewayPort: String(gatewayPort),
        Nurture__Email__PublicUrl: world.server,
        Nurture__Email__QuietHoursStart: '0',
        Nurture__Email__QuietHoursEnd: '0',
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
    world.serverLog = tail
    await waitFor('GET /readyz 200', async () => {
      if (exited !== null) throw new Error(`the server exited (${exited}) during start-up:\n${tail()}`)
      const r = await fetch(world.server + '/readyz').catch(() => null)
      return r && r.status === 200
    }, 120_000).catch((e) => {
      throw new Error(`${e.message}\n--- server log ---\n${tail()}`)
    })
    log(`server ready at ${world.server} (PostgreSQL ${pgDatabase}, ClickHouse ${clickHouseDb})`)

    /** Calls the API with the bootstrap key (acts as admin); answers {status, body}. */
    world.api = async (path, { method = 'GET', json, key = world.apiKey } = {}) => {
      const r = await fetch(world.server + path, {
        method,
        headers: { Authorization: 'Bearer ' + key, ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        body: json === undefined ? undefined : JSON.stringify(json),
      })
      return { status: r.status, body: r.status === 204 ? null : await r.json().catch(() => null) }
    }
    const must = async (path, options, ok = [200, 201]) => {
      const r = await world.api(path, options)
      if (!ok.includes(r.status)) throw new Error(`${options?.method || 'GET'} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`)
      return r.body
    }
    world.must = must

    if (seed) {
      const site = await must('/api/sites', { method: 'POST', json: { name: 'console tests', allowedOrigins: [] } })
      world.siteKey = site.siteKey
      await must('/api/reps', { method: 'POST', json: { id: 'rep-sam', name: 'Sam Sales', email: 'sam@sales.console.test', capacity: 50 } })
      for (const user of Object.values(USERS)) await must('/api/users', { method: 'POST', json: { ...user, password: PASSWORD } })
    } else {
      await must('/api/users', { method: 'POST', json: { ...USERS.admin, password: PASSWORD } })
    }

    /** Events to /collect as a browser would send them; each event gets the site key and an id. */
    world.collect = async (visitorId, events) => {
      const batch = events.map((e) => ({ siteKey: world.siteKey, visitorId, eventId: randomBytes(8).toString('hex'), ...e }))
      const r = await fetch(world.server + '/collect', { method: 'POST', headers: { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT }, body: JSON.stringify(batch) })
      if (r.status !== 202) throw new Error(`/collect answered ${r.status}: ${await r.text()}`)
    }
    /** The lead that owns the email, once it exists and satisfies until(lead). */
    world.leadByEmail = (email, until = () => true) =>
      waitFor(`the lead ${email}`, async () => {
        const r = await world.api('/api/leads?email=' + encodeURIComponent(email))
        return r.status === 200 && until(r.body) ? r.body : null
      })

    const { chromium } = await import('playwright-core')
    world.browser = await chromium.launch({
      executablePath: env.NURTURE_TEST_CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    world.cleanups.push(() => world.browser.close())
    mkdirSync(SCREENSHOTS, { recursive: true })
    return world
  } catch (e) {
    await world.stop()
    throw e
  }
}
