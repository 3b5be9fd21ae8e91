// The waitlist's page in a real browser: a customer waiting for a slot
// gets, when a cancellation frees it, an email (here the development
// mailbox) whose link opens /waitlist and books the slot in one click.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, chromiumPath, chromiumArgs, watch, axe, workday } from './harness.mjs';

const exe = chromiumPath();
const skip = exe ? false : 'Chromium not found (set CHROMIUM or install Debian\'s chromium): browser tests skipped';

/** @type {{url: string, stop: () => Promise<void>, logs: () => string}} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  if (skip) return;
  // Offer emails carry a link only with a public URL to build it on (the
  // port is not known before the server starts: the test takes the token
  // from the link and opens it on the server's own address).
  server = await startServer({ RENDEZVOUS_JOB_POLL_INTERVAL: '100ms', RENDEZVOUS_PUBLIC_URL: 'http://rdv.test' });
  browser = await chromium.launch({ executablePath: exe || undefined, args: chromiumArgs });
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await server?.stop();
});

/**
 * @param {string} method @param {string} path @param {{token?: string, body?: unknown}} [o]
 * @returns {Promise<{status: number, data: any, text: string}>}
 */
async function api(method, path, o = {}) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (o.token) headers.Authorization = 'Bearer ' + o.token;
  if (o.body) headers['Content-Type'] = 'application/json';
  const r = await fetch(server.url + path, { method, headers, body: o.body ? JSON.stringify(o.body) : undefined });
  const text = await r.text();
  let data = null;
  try {
    data = JSON.parse(text);
  } catch {
    data = null;
  }
  return { status: r.status, data, text };
}

/**
 * Waits for a message to addr in the development mailbox whose raw text
 * matches re, and returns the match.
 * @param {string} addr @param {RegExp} re
 */
async function mail(addr, re) {
  for (let i = 0; i < 200; i++) {
    const box = await api('GET', '/dev/mail?limit=50');
    for (const m of box.data.messages) {
      if (!m.to.includes(addr)) continue;
      const raw = (await api('GET', '/dev/mail/' + m.id)).text.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const found = re.exec(raw) || re.exec(m.subject);
      if (found) return found;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no message to ' + addr + ' matching ' + re);
}

test('the waitlist page: a freed slot booked in one click, in French', { skip }, async () => {
  const day = workday();
  const slots = await api('GET', `/v1/availability?kind=dentist&city=Lyon&after=${day.date}&limit=1`);
  const slot = slots.data.slots[0];
  const taken = await api('POST', '/v1/bookings', {
    body: { provider_id: slot.provider_id, service_id: slot.service_id, start: slot.start, customer: { name: 'Hugo Pris', email: 'hugo@example.fr', phone: '06 11 22 33 44' } },
  });
  assert.equal(taken.status, 201);
  // Wanda proves her address and waits for that very slot.
  const v = await api('POST', '/v1/email-verifications', { body: { email: 'wanda@example.fr', language: 'fr' } });
  const [code] = await mail('wanda@example.fr', /\b\d{6}\b/);
  const proof = await api('POST', `/v1/email-verifications/${v.data.id}/confirm`, { body: { code } });
  const at = slot.start.slice(11, 16);
  const next = String(Number(at.slice(3)) + 1).padStart(2, '0');
  const joined = await api('POST', '/v1/waitlist', {
    token: proof.data.email_token,
    body: { provider_id: slot.provider_id, from: slot.start.slice(0, 10), to: slot.start.slice(0, 10), time_from: at, time_to: at.slice(0, 3) + next,
      language: 'fr', customer: { name: 'Wanda Attente', phone: '06 22 33 44 55' } },
  });
  assert.equal(joined.status, 201, joined.text);
  assert.equal((await api('POST', `/v1/bookings/${taken.data.id}/cancel`, { token: taken.data.manage_token })).status, 200);
  const [, token] = await mail('wanda@example.fr', /#offer=([A-Za-z0-9_.-]+)/);

  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  const errors = watch(page);
  /** @type {string[]} */
  const seen = [];
  page.on('request', (r) => seen.push(r.url()));
  await page.goto(`${server.url}/waitlist#offer=${token}&lang=fr`);
  const book = page.getByRole('button', { name: 'Réserver ce créneau' });
  await book.waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr', 'the language of the link');
  assert.ok(!page.url().includes(token), 'the token is taken out of the address bar');
  assert.deepEqual(await axe(page), [], 'axe-core violations (offer)');
  await book.click();
  await page.locator('.card.booking.booked').waitFor();
  assert.deepEqual(await axe(page), [], 'axe-core violations (booked)');
  const mine = await api('GET', '/v1/me/waitlist', { token: proof.data.email_token });
  assert.equal(mine.data.entries[0].status, 'booked');
  const made = await api('GET', '/v1/bookings/' + mine.data.entries[0].booking_id, {
    token: (await api('GET', '/v1/me/bookings', { token: proof.data.email_token })).data.bookings.find((/** @type {any} */ b) => b.status === 'booked').manage_token,
  });
  assert.equal(made.data.start, slot.start);
  assert.equal(made.data.customer.name, 'Wanda Attente');
  // The link again: it has booked, and says so.
  await page.goto('about:blank');
  await page.goto(`${server.url}/waitlist#offer=${token}&lang=fr`);
  await page.getByText('Ce lien a déjà réservé son créneau').waitFor();
  assert.ok(seen.every((u) => !u.includes('#offer')), 'the fragment is never sent');
  assert.deepEqual(errors, [], 'console errors');
  await ctx.close();
});
