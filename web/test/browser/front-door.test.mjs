// The web front door in a real browser: Debian's Chromium driven by
// playwright-core, against a Rendezvous server of the test's own. Every
// test fails on a console error or an uncaught exception, and scans its
// pages with axe-core. Without Chromium the tests skip and say so.
//
// RDV_SCREENSHOTS=1 writes the screenshots to docs/ (for the README);
// otherwise they go to a temporary folder, taken all the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, chromiumPath, chromiumArgs, watch, axe, workday, repo } from './harness.mjs';

const exe = chromiumPath();
const skip = exe ? false : 'Chromium not found (set CHROMIUM or install Debian\'s chromium): browser tests skipped';
if (skip) console.log('# ' + skip);

/** @type {{url: string, stop: () => Promise<void>, logs: () => string}} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('node:http').Server} */
let host;
/** @type {import('node:http').Server} */
let other;
let hostOrigin = '';
let otherOrigin = '';
const day = workday();
const shots = process.env.RDV_SCREENSHOTS ? join(repo, 'docs') : mkdtempSync(join(tmpdir(), 'rdv-shots-'));
/** @type {Record<string, number[]>} */
const figures = { fcp: [], turn: [] };

before(async () => {
  if (skip) return;
  // The clinic's site: another origin (another port), whose page carries a
  // strict policy of its own and the widget's one line.
  // Its /frame?path=… page frames one of our pages directly, as would a
  // site that is not listed (the same handler on a third origin).
  const site = (/** @type {import('node:http').IncomingMessage} */ req, /** @type {import('node:http').ServerResponse} */ res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    const u = new URL(req.url || '/', 'http://x');
    if (u.pathname === '/frame') {
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Framing</title></head>
        <body><iframe title="framed" src="${server.url}${u.searchParams.get('path')}"></iframe></body></html>`);
      return;
    }
    res.setHeader('Content-Security-Policy', `default-src 'self'; script-src ${server.url}; frame-src ${server.url}; style-src 'self'`);
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Clinique du Parc</title>
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <script src="${server.url}/widget.js" defer></script></head>
      <body><main><h1>Clinique du Parc</h1><p>Our opening hours and services.</p></main></body></html>`);
  };
  host = createServer(site);
  other = createServer(site);
  hostOrigin = await listen(host);
  otherOrigin = await listen(other);
  server = await startServer({ RENDEZVOUS_CORS_ORIGINS: hostOrigin });
  browser = await chromium.launch({ executablePath: exe || undefined, args: chromiumArgs });
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await server?.stop();
  host?.close();
  other?.close();
  if (!process.env.RDV_SCREENSHOTS) rmSync(shots, { recursive: true, force: true });
  const avg = (/** @type {number[]} */ xs) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : NaN);
  console.log(`# figures: first contentful paint ${JSON.stringify(figures.fcp)} ms (mean ${avg(figures.fcp)}); ` +
    `chat turn shown ${JSON.stringify(figures.turn.map(Math.round))} ms (mean ${avg(figures.turn)})`);
});

/** @param {import('node:http').Server} srv @returns {Promise<string>} its origin */
async function listen(srv) {
  await new Promise((r) => srv.listen(0, '127.0.0.1', () => r(undefined)));
  return `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (srv.address()).port}`;
}

/**
 * A fresh browser context and page, watched for console errors.
 * @param {{locale?: string, width?: number}} [o]
 */
async function open(o = {}) {
  const ctx = await browser.newContext({
    viewport: { width: o.width || 1280, height: o.width && o.width < 600 ? 780 : 900 },
    locale: o.locale || 'en-GB',
    acceptDownloads: true,
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  const errors = watch(page);
  return { ctx, page, errors };
}

/**
 * Ends a test: no console error, no axe violation on the page as it is.
 * @param {{ctx: import('playwright-core').BrowserContext, page: import('playwright-core').Page, errors: string[]}} o
 * @param {string[]} [allowed] console errors a test provokes on purpose
 */
async function close(o, allowed = []) {
  const left = o.errors.filter((e) => !allowed.some((a) => e.includes(a)));
  assert.deepEqual(left, [], 'console errors');
  await o.ctx.close();
}

/** @param {import('playwright-core').Page | import('playwright-core').Frame} page @param {string} state */
async function noViolations(page, state) {
  const v = await axe(page);
  assert.deepEqual(v, [], 'axe-core violations (' + state + ')');
}

/** @param {import('playwright-core').Page} page @param {string} name */
async function shot(page, name) {
  await page.screenshot({ path: join(shots, `screenshot-${name}.png`), fullPage: false });
}

/** @param {import('playwright-core').Page} page */
async function fcp(page) {
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  const v = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime);
  figures.fcp.push(Math.round(v));
  return v;
}

/**
 * Sends a message in the chat with the keyboard and waits for its answer.
 * @param {import('playwright-core').Page | import('playwright-core').Frame} page
 * @param {string} text
 */
async function say(page, text) {
  const n = await turns(page);
  await page.locator('#rdv-message').fill(text);
  await page.locator('#rdv-message').press('Enter');
  await answered(page, n);
}

/** @param {import('playwright-core').Page | import('playwright-core').Frame} page */
function turns(page) {
  return page.evaluate(() => performance.getEntriesByName('rdv:turn').length);
}

/** @param {import('playwright-core').Page | import('playwright-core').Frame} page @param {number} n */
async function answered(page, n) {
  await page.waitForFunction((n) => performance.getEntriesByName('rdv:turn').length > n, n);
  const d = await page.evaluate(() => performance.getEntriesByName('rdv:turn').at(-1)?.duration ?? -1);
  figures.turn.push(d);
}

/** @param {import('playwright-core').Page | import('playwright-core').Frame} page @param {string} label */
async function click(page, label) {
  const n = await turns(page);
  await page.getByRole('button', { name: label, exact: true }).click();
  await answered(page, n);
}

/**
 * The API, as a test checks what the pages did.
 * @param {string} method @param {string} path @param {{token?: string, body?: unknown}} [o]
 */
async function api(method, path, o = {}) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (o.token) headers.Authorization = 'Bearer ' + o.token;
  if (o.body) headers['Content-Type'] = 'application/json';
  const r = await fetch(server.url + path, { method, headers, body: o.body ? JSON.stringify(o.body) : undefined });
  return { status: r.status, data: await r.json().catch(() => null) };
}

/** The reference and token of the booking card's manage link. @param {import('playwright-core').Page | import('playwright-core').Frame} page */
async function manageLink(page) {
  const href = await page.locator('.card.booking a[href^="/manage#"]').last().getAttribute('href');
  const p = new URLSearchParams((href || '').split('#')[1]);
  return { ref: p.get('ref') || '', token: p.get('token') || '', lang: p.get('lang') };
}

/**
 * Downloads the card's .ics and checks it names the booking.
 * @param {import('playwright-core').Page} page @param {string} ref
 */
async function checkICS(page, ref) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('a[download$=".ics"]').last().click()]);
  const path = await dl.path();
  const { readFileSync } = await import('node:fs');
  const ics = readFileSync(path, 'utf8');
  assert.match(ics, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
  assert.match(ics, new RegExp(`\r\nUID:${ref}\r\n`));
  assert.match(ics, /\r\nDTSTART:\d{8}T\d{6}Z\r\n/);
  assert.equal(dl.suggestedFilename(), ref + '.ics');
}

test('a booking by chat in French, at 360 px', { skip }, async () => {
  const o = await open({ locale: 'fr-FR', width: 360 });
  const { page } = o;
  await page.goto(server.url + '/');
  assert.ok((await fcp(page)) > 0);
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  await page.getByRole('heading', { level: 1, name: 'Prenez rendez-vous en discutant' }).waitFor();
  await say(page, `Je cherche un dentiste à Lyon ${day.fr}`);
  const choices = page.locator('.controls button.choice');
  assert.ok((await choices.count()) >= 1, 'proposals as buttons');
  await noViolations(page, 'proposals');
  await shot(page, 'chat-360');
  await click(page, (await choices.first().textContent()) || '');
  await say(page, 'Jeanne Martin');
  await say(page, 'jeanne.martin@example.fr');
  await say(page, '06 12 34 56 78');
  const summary = page.locator('.controls .card.summary');
  await summary.waitFor();
  assert.match((await summary.textContent()) || '', /Jeanne Martin/);
  await noViolations(page, 'summary');
  await click(page, 'Confirmer');
  const card = page.locator('.log .card.booking.booked');
  await card.waitFor();
  const { ref, token, lang } = await manageLink(page);
  assert.match(ref, /^RDV-/);
  assert.equal(lang, 'fr');
  assert.match((await card.textContent()) || '', new RegExp(ref));
  await checkICS(page, ref);
  await noViolations(page, 'booked');
  const b = await api('GET', '/v1/bookings/' + ref, { token });
  assert.equal(b.status, 200);
  assert.equal(b.data.status, 'booked');
  assert.equal(b.data.customer.name, 'Jeanne Martin');
  await close(o);
});

test('a booking by chat in English, reloaded mid-conversation', { skip }, async () => {
  const o = await open({ locale: 'en-US' });
  const { page } = o;
  await page.goto(server.url + '/');
  await fcp(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await say(page, `I need a dentist in Lyon on ${day.en}, I am John Smith, john.smith@example.com, 06 98 76 54 32`);
  await page.locator('.controls button.choice').first().waitFor();
  const lines = await page.locator('.log .msg').count();
  await page.reload();
  await page.getByRole('status').filter({ hasText: 'Conversation restored.' }).waitFor();
  assert.equal(await page.locator('.log .msg').count(), lines, 'the history is back');
  const choices = page.locator('.controls button.choice');
  assert.ok((await choices.count()) >= 2, 'the proposals are back');
  const second = (await choices.nth(1).textContent()) || '';
  await click(page, second);
  await page.locator('.controls .card.summary').waitFor();
  await shot(page, 'chat-1280');
  await click(page, 'Confirm');
  await page.locator('.log .card.booking.booked').waitFor();
  const { ref, token } = await manageLink(page);
  // A reload keeps the booking's card, with its manage link.
  await page.reload();
  await page.locator('.log .card.booking.booked').waitFor();
  assert.equal((await manageLink(page)).ref, ref);
  const b = await api('GET', '/v1/bookings/' + ref, { token });
  assert.equal(b.data.status, 'booked');
  assert.equal(b.data.customer.email, 'john.smith@example.com');
  assert.ok(second.includes(b.data.provider_name), 'the second proposal was booked');
  // The switch turns the page to French; the agent's words stay as said.
  await page.getByRole('button', { name: 'Français' }).click();
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  await page.getByRole('button', { name: 'Envoyer' }).waitFor();
  await close(o);
});

test('the booking page: earliest slots, the API\'s field messages, a booking', { skip }, async () => {
  const o = await open({ locale: 'en-GB' });
  const { page } = o;
  /** @type {string[]} */
  const keys = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/v1/bookings')) keys.push(r.headers()['idempotency-key'] || '');
  });
  await page.goto(server.url + '/book');
  await fcp(page);
  await page.getByLabel('Kind of appointment').selectOption('dentist');
  await page.getByLabel('City').fill('Lyon');
  await page.getByRole('button', { name: 'Show free slots' }).click();
  const slots = page.locator('.results button.choice');
  await slots.first().waitFor();
  assert.equal(await slots.count(), 12, 'the earliest twelve');
  await page.getByRole('button', { name: 'Later slots' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.results button.choice').length > 12);
  const all = await page.$$eval('.results .slot-days > li', (lis) =>
    lis.flatMap((li) => [...li.querySelectorAll('button.choice')].map((b) => li.querySelector('h3')?.textContent + ' ' + b.textContent)));
  assert.equal(new Set(all).size, all.length, 'no slot shown twice');
  // Then one day.
  await page.getByLabel('Day (optional)').fill(day.date);
  await page.getByRole('button', { name: 'Show free slots' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.results h3').length === 1);
  // Narrowed to one practitioner of those shown.
  const provider = ((await slots.first().textContent()) || '').split(' — ')[1];
  await page.getByLabel('Practitioner (optional)').selectOption({ label: provider });
  await page.getByRole('button', { name: 'Show free slots' }).click();
  await page.waitForFunction((p) => [...document.querySelectorAll('.results button.choice')].every((b) => b.textContent?.endsWith(p)), provider);
  await slots.first().click();
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@');
  await page.getByLabel('Phone').fill('06 11 22 33 44');
  await page.getByRole('button', { name: 'Confirm the booking' }).click();
  const emailError = page.locator('#email-error');
  await emailError.filter({ hasText: 'must be an email address such as name@example.com' }).waitFor();
  assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'the first field at fault has the focus');
  await noViolations(page, 'field errors');
  await shot(page, 'book-1280');
  await page.getByLabel('Email').fill('ada.lovelace@example.com');
  await page.getByRole('button', { name: 'Confirm the booking' }).click();
  await page.locator('.done .card.booking.booked').waitFor();
  const { ref, token } = await manageLink(page);
  const b = await api('GET', '/v1/bookings/' + ref, { token });
  assert.equal(b.data.status, 'booked');
  assert.equal(b.data.customer.phone, '+33611223344');
  assert.equal(b.data.provider_name, provider);
  assert.equal(keys.length, 2);
  assert.ok(keys.every((k) => /^[0-9a-f-]{36}$/.test(k)) && keys[0] !== keys[1], 'each request its own Idempotency-Key');
  await noViolations(page, 'booked');
  await page.setViewportSize({ width: 360, height: 780 });
  await shot(page, 'book-360');
  await noViolations(page, 'booked, 360 px');
  // The browser logs the API's 422 that this test asked for; nothing else.
  await close(o, ['status of 422']);
});

/** A booking made through the API, as another channel would. @param {string} email */
async function bookDirectly(email) {
  const s = await api('GET', `/v1/availability?kind=dentist&city=Lyon&after=${day.date}&limit=1`);
  const slot = s.data.slots[0];
  const b = await api('POST', '/v1/bookings', {
    body: { provider_id: slot.provider_id, service_id: slot.service_id, start: slot.start, customer: { name: 'Camille Roux', email, phone: '06 55 44 33 22' } },
  });
  assert.equal(b.status, 201);
  return b.data;
}

test('the manage page: move, then cancel, in French', { skip }, async () => {
  const made = await bookDirectly('camille.roux@example.fr');
  const o = await open({ locale: 'en-GB', width: 360 });
  const { page } = o;
  /** @type {string[]} */
  const seen = [];
  page.on('request', (r) => seen.push(r.url()));
  await page.goto(`${server.url}/manage#ref=${made.id}&token=${made.manage_token}&lang=fr`);
  await page.locator('.card.booking.booked').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr', 'the language of the link');
  assert.ok(!page.url().includes('token='), 'the token is taken out of the address bar');
  assert.ok(seen.every((u) => !u.includes(made.manage_token)), 'the token is never in a URL sent');
  await shot(page, 'manage-360');
  await page.getByRole('button', { name: 'Déplacer à un autre créneau' }).click();
  const slots = page.locator('#move button.choice');
  await slots.first().waitFor();
  await noViolations(page, 'move');
  const target = (await slots.nth(1).textContent()) || '';
  await slots.nth(1).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await noViolations(page, 'dialog');
  await dialog.getByRole('button', { name: 'Oui, le déplacer' }).click();
  await page.getByRole('status').filter({ hasText: 'Votre rendez-vous est déplacé' }).waitFor();
  const token = await page.evaluate((ref) => sessionStorage.getItem('rdv.manage.' + ref), made.id);
  assert.ok(token && token !== made.manage_token, 'the fresh token is kept');
  assert.equal((await api('GET', '/v1/bookings/' + made.id, { token: made.manage_token })).status, 401, 'the old token is revoked');
  const moved = await api('GET', '/v1/bookings/' + made.id, { token: token || '' });
  assert.notEqual(moved.data.start, made.start);
  assert.equal(moved.data.provider_id, made.provider_id);
  assert.equal(moved.data.service_id, made.service_id);
  assert.ok(target.length > 0 && (await page.locator('.card.booking').textContent())?.includes(target), 'the card shows the new time');
  // A reload (the link's token now revoked) uses the kept one.
  await page.reload();
  await page.locator('.card.booking.booked').waitFor();
  const cancel = page.getByRole('button', { name: 'Annuler le rendez-vous' });
  await cancel.click();
  await dialog.getByRole('button', { name: 'Non, le garder' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Annuler le rendez-vous', 'the focus goes back');
  assert.equal((await api('GET', '/v1/bookings/' + made.id, { token: token || '' })).data.status, 'booked');
  await cancel.click();
  await dialog.getByRole('button', { name: 'Oui, l’annuler' }).click();
  await page.locator('.card.booking.cancelled').waitFor();
  const latest = await page.evaluate((ref) => sessionStorage.getItem('rdv.manage.' + ref), made.id);
  const cancelled = await api('GET', '/v1/bookings/' + made.id, { token: latest || '' });
  assert.equal(cancelled.data.status, 'cancelled');
  await noViolations(page, 'cancelled');
  await close(o);
});

test('keyboard only: the booking page from the skip link to the booking, then the chat', { skip }, async () => {
  const o = await open({ locale: 'en-GB' });
  const { page } = o;
  await page.goto(server.url + '/book');
  const kb = page.keyboard;
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return { id: el?.id || '', text: el?.textContent?.trim() || '', outline: el ? getComputedStyle(el).outlineStyle : '' };
  });
  await kb.press('Tab');
  assert.equal((await focused()).text, 'Skip to content');
  await kb.press('Enter');
  assert.equal((await focused()).id, 'main');
  await kb.press('Tab');
  assert.equal((await focused()).id, 'kind');
  await kb.press('ArrowDown');
  await kb.press('ArrowDown');
  assert.equal(await page.locator('#kind').inputValue(), 'dentist');
  await kb.press('Tab');
  assert.equal((await focused()).id, 'city');
  await kb.type('Lyon');
  await kb.press('Enter'); // submits the search form
  await page.locator('.results button.choice').first().waitFor();
  // From the search button's form, Tab reaches the day, the practitioner,
  // the search button, then the first slot.
  for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.classList.contains('choice'))); i++) await kb.press('Tab');
  const f = await focused();
  assert.match(f.text, / — /, 'a slot has the focus');
  assert.notEqual(f.outline, 'none', 'the focus is visible');
  await kb.press('Enter');
  assert.equal((await focused()).id, 'name');
  await kb.type('Grace Hopper');
  await kb.press('Tab');
  await kb.type('grace.hopper@example.com');
  await kb.press('Tab');
  assert.equal((await focused()).id, 'phone');
  await kb.type('06 22 33 44 55');
  await kb.press('Enter');
  await page.locator('.done .card.booking.booked').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('booking')), true, 'the card has the focus');
  const { ref, token } = await manageLink(page);
  assert.equal((await api('GET', '/v1/bookings/' + ref, { token })).data.customer.name, 'Grace Hopper');

  // The chat: Tab to the message box, send with Enter, Shift+Tab back to
  // the proposals (they come just before it), choose with Enter.
  await page.goto(server.url + '/');
  for (let i = 0; i < 12 && (await focused()).id !== 'rdv-message'; i++) await kb.press('Tab');
  assert.equal((await focused()).id, 'rdv-message');
  let n = await turns(page);
  await kb.type(`a dentist in Lyon on ${day.en}`);
  await kb.press('Enter');
  await answered(page, n);
  await kb.press('Shift+Tab');
  const choice = await focused();
  assert.match(choice.text, / — /, 'a proposal has the focus');
  assert.notEqual(choice.outline, 'none', 'the focus is visible');
  n = await turns(page);
  await kb.press('Enter');
  await answered(page, n);
  assert.match((await page.locator('.log .msg.agent').last().textContent()) || '', /name/i, 'the agent asks for a name');
  await close(o);
});

test('the widget on a clinic\'s site (another origin)', { skip }, async () => {
  const o = await open({ locale: 'fr-FR' });
  const { page } = o;
  await page.goto(hostOrigin + '/');
  const launcher = page.getByRole('button', { name: 'Prendre rendez-vous' });
  await launcher.focus();
  await page.keyboard.press('Enter');
  assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
  const frame = page.frameLocator('iframe[title^="Prendre rendez-vous"]');
  await frame.locator('.log .msg.agent').first().waitFor();
  const inner = page.frames().find((f) => f.url().startsWith(server.url + '/embed'));
  assert.ok(inner, 'the chat is framed from Rendezvous');
  await say(inner, `un kiné à Nantes ${day.fr}`);
  await inner.locator('.controls button.choice').first().waitFor();
  await noViolations(inner, 'widget frame');
  // The host page cannot read the conversation.
  const readable = await page.evaluate(() => {
    const f = document.querySelector('[data-rendezvous-widget]')?.shadowRoot?.querySelector('iframe');
    try {
      return f?.contentDocument?.body?.textContent ?? null;
    } catch {
      return null;
    }
  });
  assert.equal(readable, null);
  await page.screenshot({ path: join(shots, 'screenshot-widget-1280.png') });
  // Escape in the frame closes the widget and gives the focus back.
  await inner.locator('#rdv-message').press('Escape');
  await page.waitForFunction(() => document.querySelector('[data-rendezvous-widget]')?.shadowRoot?.querySelector('.launcher')?.getAttribute('aria-expanded') === 'false');
  await noViolations(page, 'host page with the widget');
  await close(o);
});

test('nothing else may be framed: another site, or another page', { skip }, async () => {
  const o = await open();
  const { page } = o;
  /** @param {string} origin @param {string} path */
  const framed = async (origin, path) => {
    await page.goto(`${origin}/frame?path=${encodeURIComponent(path)}`);
    await page.waitForTimeout(300);
    const f = page.frames().find((x) => x !== page.mainFrame());
    if (!f || !f.url().startsWith(server.url)) return false;
    return f.evaluate(() => document.querySelector('main') !== null).catch(() => false);
  };
  assert.equal(await framed(hostOrigin, '/embed'), true, 'the configured site frames the chat');
  assert.equal(await framed(otherOrigin, '/embed'), false, 'another site may not');
  assert.equal(await framed(hostOrigin, '/'), false, 'the chat page itself may not be framed');
  assert.equal(await framed(hostOrigin, '/manage'), false, 'nor the manage page');
  // The browser says, as it should, that it refused those three.
  assert.equal(o.errors.filter((e) => e.includes('directive: "frame-ancestors')).length, 3);
  await close(o, ['directive: "frame-ancestors']);
});

test('a conversation that has ended gives way to a new one', { skip }, async () => {
  const o = await open();
  const { page } = o;
  await page.goto(server.url + '/');
  await say(page, `a hairdresser in Nantes on ${day.en}`);
  const first = await page.evaluate(() => JSON.parse(sessionStorage.getItem('rdv.chat') || '{}'));
  // Ended elsewhere (another tab, or its expiry).
  assert.equal((await api('DELETE', '/v1/sessions/' + first.id, { token: first.token })).status, 204);
  await page.locator('#rdv-message').fill('the first one');
  await page.locator('#rdv-message').press('Enter');
  await page.getByRole('alert').filter({ hasText: 'That conversation has ended' }).waitFor();
  const n = await turns(page);
  await page.getByRole('button', { name: 'Send again' }).click();
  await answered(page, n);
  const second = await page.evaluate(() => JSON.parse(sessionStorage.getItem('rdv.chat') || '{}'));
  assert.ok(second.id && second.id !== first.id, 'a new session');
  // The same after a reload: the page says so and starts afresh.
  assert.equal((await api('DELETE', '/v1/sessions/' + second.id, { token: second.token })).status, 204);
  await page.reload();
  await page.getByRole('status').filter({ hasText: 'Your previous conversation has ended' }).waitFor();
  assert.equal(await page.locator('.log .msg').count(), 1, 'the greeting alone');
  await close(o, ['status of 401', 'status of 404']);
});

test('errors are said plainly and the message can be sent again', { skip }, async () => {
  const o = await open({ locale: 'en-GB' });
  const { page } = o;
  await page.goto(server.url + '/');
  /** @type {(route: import('playwright-core').Route) => Promise<void>} */
  let fail = (r) => r.fulfill({ status: 429, headers: { 'Retry-After': '7', 'Content-Type': 'application/problem+json' },
    body: JSON.stringify({ type: 'urn:rendezvous:problem:rate_limited', title: 'Too Many Requests', status: 429, code: 'rate_limited', detail: 'too many requests' }) });
  await page.route('**/v1/chat/stream', (r) => fail(r));
  const input = page.locator('#rdv-message');
  await input.fill(`a dentist in Lyon on ${day.en}`);
  await input.press('Enter');
  const alert = page.getByRole('alert');
  await alert.filter({ hasText: 'Please wait 7 seconds' }).waitFor();
  assert.equal(await input.inputValue(), `a dentist in Lyon on ${day.en}`, 'the message is kept');
  await noViolations(page, '429');
  fail = (r) => r.fulfill({ status: 503, headers: { 'Content-Type': 'application/problem+json' },
    body: JSON.stringify({ status: 503, code: 'unavailable', detail: 'database unavailable' }) });
  await page.getByRole('button', { name: 'Send again' }).click();
  await alert.filter({ hasText: 'briefly unavailable' }).waitFor();
  fail = (r) => r.abort('internetdisconnected');
  await page.getByRole('button', { name: 'Send again' }).click();
  await alert.filter({ hasText: 'No connection to the server' }).waitFor();
  assert.equal(await page.locator('.log .msg.user.failed').count(), 1, 'one line, marked not sent');
  await page.unroute('**/v1/chat/stream');
  const n = await turns(page);
  await page.getByRole('button', { name: 'Send again' }).click();
  await answered(page, n);
  await page.locator('.controls button.choice').first().waitFor();
  assert.equal(await page.locator('.log .msg.user').count(), 1);
  assert.equal(await page.locator('.log .msg.failed').count(), 0);
  // The browser itself logs the failures this test made up; nothing else.
  await close(o, ['status of 429', 'status of 503', 'net::ERR_INTERNET_DISCONNECTED']);
});
