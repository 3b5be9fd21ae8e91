// What the browser tests share: a Rendezvous server of their own (the
// binary in RENDEZVOUS_BIN, else built here) on a fresh SQLite file with a
// small seeded directory, Debian's Chromium driven by playwright-core, and
// pages that fail their test on any console error.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = join(here, '..', '..', '..');

/**
 * The Chromium to drive: $CHROMIUM when set, else Debian's; null when it
 * is not there (the tests then skip and say why).
 */
export function chromiumPath() {
  const candidates = process.env.CHROMIUM ? [process.env.CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => existsSync(p)) || null;
}

export const chromiumArgs = [
  '--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/**
 * Starts `rendezvous serve` on a free port with its own database.
 * @param {Record<string, string>} env
 * @returns {Promise<{url: string, stop: () => Promise<void>, logs: () => string}>}
 */
export async function startServer(env = {}) {
  const bin = binary();
  const dir = mkdtempSync(join(tmpdir(), 'rdv-web-'));
  const base = {
    ...process.env,
    RENDEZVOUS_DATABASE_URL: join(dir, 'rendezvous.db'),
    RENDEZVOUS_SEED_DEMO: 'false',
    RENDEZVOUS_LOG_LEVEL: 'warn',
    // One test client makes many sessions and bookings from one address:
    // generous budgets, limits still on.
    RENDEZVOUS_SESSIONS_PER_IP: '1000',
    RENDEZVOUS_RATE_LIMIT_SESSION: '6000/min', RENDEZVOUS_RATE_LIMIT_SESSION_BURST: '1000',
    RENDEZVOUS_RATE_LIMIT_CHAT: '6000/min', RENDEZVOUS_RATE_LIMIT_CHAT_BURST: '1000',
    RENDEZVOUS_RATE_LIMIT_CHAT_SESSION: '6000/min', RENDEZVOUS_RATE_LIMIT_CHAT_SESSION_BURST: '1000',
    RENDEZVOUS_RATE_LIMIT_BOOKING: '6000/min', RENDEZVOUS_RATE_LIMIT_BOOKING_BURST: '1000',
    RENDEZVOUS_RATE_LIMIT_READ: '6000/min', RENDEZVOUS_RATE_LIMIT_READ_BURST: '1000',
    RENDEZVOUS_RATE_LIMIT_WEB: '6000/min', RENDEZVOUS_RATE_LIMIT_WEB_BURST: '1000',
    ...env,
  };
  execFileSync(bin, ['seed', '--providers', '300'], { env: base, stdio: 'pipe' });
  const proc = spawn(bin, ['serve', '--addr', '127.0.0.1:0'], { env: base, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stderr.on('data', (d) => (out += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + out)), 60_000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => reject(new Error('server exited ' + code + ':\n' + out)));
  });
  return {
    url,
    logs: () => out,
    stop: async () => {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let built = '';
function binary() {
  if (process.env.RENDEZVOUS_BIN) return process.env.RENDEZVOUS_BIN;
  if (!built) {
    built = join(mkdtempSync(join(tmpdir(), 'rdv-bin-')), 'rendezvous');
    execFileSync('go', ['build', '-o', built, './cmd/rendezvous'], { cwd: repo, stdio: 'inherit' });
  }
  return built;
}

/**
 * Watches a page: every console error and uncaught exception is kept, to
 * be checked by noConsoleErrors at the end of the test.
 * @param {import('playwright-core').Page} page
 */
export function watch(page) {
  /** @type {string[]} */
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push('uncaught: ' + e.message));
  return errors;
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page (injected through the debugging protocol,
 * which the pages' policy does not govern) and returns its violations
 * of WCAG 2.1 A and AA and of its best practices.
 * @param {import('playwright-core').Page | import('playwright-core').Frame} page
 */
export async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // @ts-ignore axe is the injected global
    const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return r.violations.map((/** @type {any} */ v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((/** @type {any} */ n) => n.target.join(' ')) }));
  });
}

/**
 * The next weekday after today in Paris (the demo's providers are closed
 * on weekends), as a date and as its names.
 */
export function workday() {
  const now = new Date();
  for (let i = 1; i < 8; i++) {
    const d = new Date(now.getTime() + i * 86400_000);
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'long' }).formatToParts(d);
    /** @param {string} t */
    const get = (t) => parts.find((p) => p.type === t)?.value || '';
    const en = get('weekday');
    if (en === 'Saturday' || en === 'Sunday') continue;
    const fr = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long' }).format(d);
    return { date: `${get('year')}-${get('month')}-${get('day')}`, en, fr };
  }
  throw new Error('no weekday in a week');
}
