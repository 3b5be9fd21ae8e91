// <rdv-book>: booking by clicking. Pick a kind and a city, see the
// earliest free slots (GET /v1/availability), narrow them by a day or a
// practitioner (GET /v1/providers/{id}/availability), give name, email
// and phone, confirm (POST /v1/bookings with an Idempotency-Key). The
// API checks every field; its messages are shown beside the fields.
import { t, startPage } from './i18n.js';
import { call, describe, fieldMessage, newKey } from './api.js';
import { addDays, dayOf, formatDay, formatTime, formatWhen, h, today } from './format.js';
import { bookingCard } from './card.js';

/** @typedef {import('./api.js').Slot} Slot */
/** @typedef {import('./api.js').Result} Result */

const pageSize = 12;

/** @param {Slot} s */
const slotKey = (s) => s.provider_id + '|' + s.service_id + '|' + s.start;

export class Book extends HTMLElement {
  constructor() {
    super();
    /** @type {Slot[]} */
    this.slots = [];
    /** @type {Slot | null} */
    this.chosen = null;
    /** @type {{key: string, sig: string} | null} a booking request sent, kept for its retry */
    this.pending = null;
    /** @type {Map<number, string>} provider names by id */
    this.names = new Map();
    this.providersFor = '';
  }

  /** @template {Element} E @param {string} sel @returns {E} */
  need(sel) {
    const el = this.querySelector(sel);
    if (!el) throw new Error('rdv-book: missing ' + sel);
    return /** @type {E} */ (/** @type {unknown} */ (el));
  }

  /** @returns {HTMLFormElement} */ get search() { return this.need('form.search'); }
  /** @returns {HTMLFormElement} */ get details() { return this.need('form.details'); }
  /** @returns {HTMLElement} */ get results() { return this.need('.results'); }
  /** @returns {HTMLElement} */ get done() { return this.need('.done'); }
  /** @returns {HTMLSelectElement} */ get kind() { return this.need('#kind'); }
  /** @returns {HTMLInputElement} */ get city() { return this.need('#city'); }
  /** @returns {HTMLInputElement} */ get day() { return this.need('#day'); }
  /** @returns {HTMLSelectElement} */ get provider() { return this.need('#provider'); }

  connectedCallback() {
    this.day.min = today();
    this.search.addEventListener('submit', (e) => {
      e.preventDefault();
      this.find(false);
    });
    this.details.addEventListener('submit', (e) => {
      e.preventDefault();
      this.book();
    });
    for (const el of [this.kind, this.city]) {
      el.addEventListener('change', () => {
        this.resetProviders();
        if (this.kind.value && this.city.value.trim()) this.loadProviders(this.kind.value, this.city.value.trim());
      });
    }
    document.addEventListener('rdv:lang', () => this.redraw());
  }

  /** The practitioners' menu belongs to one kind and city. */
  resetProviders() {
    this.providersFor = '';
    this.provider.replaceChildren(h('option', { value: '' }, t('book.anyProvider')));
  }

  /** @param {string} id @param {string} text */
  fieldError(id, text) {
    const input = /** @type {HTMLInputElement} */ (this.querySelector('#' + id));
    const out = /** @type {HTMLElement} */ (this.querySelector('#' + id + '-error'));
    out.textContent = text;
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  /** @param {HTMLElement} where @param {string} text */
  say(where, text) {
    where.textContent = text;
  }

  /**
   * Finds free slots: the earliest for the kind and city, or one
   * practitioner's, from the day asked or today.
   * @param {boolean} more the next page, after the last slot shown
   */
  async find(more) {
    const alert = /** @type {HTMLElement} */ (this.querySelector('#search-alert'));
    const status = /** @type {HTMLElement} */ (this.querySelector('#search-status'));
    this.say(alert, '');
    this.fieldError('kind', this.kind.value ? '' : t('book.needKind'));
    this.fieldError('city', this.city.value.trim() ? '' : t('book.needCity'));
    if (!this.kind.value) return this.kind.focus();
    if (!this.city.value.trim()) return this.city.focus();
    this.say(status, t('book.searching'));
    const kind = this.kind.value;
    const city = this.city.value.trim();
    const provider = Number(this.provider.value) || 0;
    const day = this.day.value;
    const last = more ? this.slots[this.slots.length - 1] : null;
    /** @type {Result} */
    let r;
    if (provider) {
      const from = last ? dayOf(last.start) : day || today();
      r = await call('GET', `/v1/providers/${provider}/availability?` + new URLSearchParams({ from, to: day && !last ? day : addDays(from, 6) }));
      if (r.ok && last) r.data.slots = r.data.slots.filter((/** @type {Slot} */ s) => s.start > last.start);
      if (r.ok) r.data.slots = r.data.slots.slice(0, pageSize);
    } else {
      /** @type {Record<string, string>} */
      const q = { kind, city, limit: String(pageSize) };
      if (last) {
        // `after` includes its instant, where other practices may have
        // slots not shown yet: ask for those again, and drop the ones
        // already on the page.
        const same = this.slots.filter((s) => s.start === last.start).length;
        q.after = last.start;
        q.limit = String(Math.min(50, same + pageSize));
      } else if (day) q.after = day;
      if (day) q.before = addDays(day, 1);
      r = await call('GET', '/v1/availability?' + new URLSearchParams(q));
      if (r.ok && last) {
        const shown = new Set(this.slots.map(slotKey));
        r.data.slots = r.data.slots.filter((/** @type {Slot} */ s) => !shown.has(slotKey(s))).slice(0, pageSize);
      }
    }
    this.say(status, '');
    if (!r.ok) {
      if (r.problem.errors?.length) {
        for (const e of r.problem.errors) {
          if (e.field === 'city' || e.field === 'kind') this.fieldError(e.field, fieldMessage(e.message));
        }
      }
      this.say(alert, describe(r));
      return;
    }
    /** @type {Slot[]} */
    const slots = r.data.slots;
    for (const s of slots) if (provider && !s.provider_name) s.provider_name = this.names.get(provider) || '';
    this.slots = more ? [...this.slots, ...slots] : slots;
    if (!more) this.chosen = null;
    this.drawSlots(slots.length === pageSize);
    this.say(status, this.slots.length ? t('book.found', { n: this.slots.length }) : t('book.none'));
    if (!provider) this.loadProviders(kind, city);
  }

  /** Fills the practitioners' menu once per kind and city. @param {string} kind @param {string} city */
  async loadProviders(kind, city) {
    const key = kind + '|' + city.toLowerCase();
    if (this.providersFor === key) return;
    const r = await call('GET', '/v1/providers?' + new URLSearchParams({ kind, city, limit: '100' }));
    if (!r.ok) return;
    this.providersFor = key;
    const opts = [h('option', { value: '' }, t('book.anyProvider'))];
    for (const p of r.data.providers) {
      this.names.set(p.id, p.name);
      opts.push(h('option', { value: String(p.id) }, p.name));
    }
    this.provider.replaceChildren(...opts);
  }

  /** @param {boolean} hasMore */
  drawSlots(hasMore) {
    this.results.hidden = this.slots.length === 0;
    const list = /** @type {HTMLElement} */ (this.results.querySelector('.slot-days'));
    list.replaceChildren();
    /** @type {Map<string, HTMLElement>} */
    const days = new Map();
    for (const s of this.slots) {
      const d = dayOf(s.start);
      let ul = days.get(d);
      if (!ul) {
        ul = h('ul', { class: 'choices' });
        days.set(d, ul);
        list.append(h('li', {}, h('h3', {}, formatDay(s.start)), ul));
      }
      const pressed = this.chosen === s;
      const b = h('button', { type: 'button', class: 'choice', 'aria-pressed': String(pressed) },
        formatTime(s.start) + ' — ' + (s.provider_name || ''));
      b.addEventListener('click', () => this.choose(s));
      ul.append(h('li', {}, b));
    }
    const more = /** @type {HTMLButtonElement} */ (this.results.querySelector('.more'));
    more.hidden = !hasMore;
    more.onclick = () => this.find(true);
  }

  /** @param {Slot} s */
  choose(s) {
    this.chosen = s;
    this.drawSlots(!/** @type {HTMLElement} */ (this.results.querySelector('.more')).hidden);
    this.details.hidden = false;
    this.say(/** @type {HTMLElement} */ (this.querySelector('#chosen')), formatWhen(s.start) + ' — ' + (s.provider_name || ''));
    /** @type {HTMLElement} */ (this.querySelector('#name')).focus();
  }

  redraw() {
    if (this.slots.length) {
      this.drawSlots(!/** @type {HTMLElement} */ (this.results.querySelector('.more')).hidden);
      this.say(/** @type {HTMLElement} */ (this.querySelector('#search-status')), t('book.found', { n: this.slots.length }));
    }
    if (this.chosen) this.say(/** @type {HTMLElement} */ (this.querySelector('#chosen')), formatWhen(this.chosen.start) + ' — ' + (this.chosen.provider_name || ''));
    const any = this.provider.querySelector('option[value=""]');
    if (any) any.textContent = t('book.anyProvider');
  }

  async book() {
    const s = this.chosen;
    if (!s) return;
    const alert = /** @type {HTMLElement} */ (this.querySelector('#book-alert'));
    const button = /** @type {HTMLButtonElement} */ (this.details.querySelector('button[type=submit]'));
    if (button.getAttribute('aria-disabled') === 'true') return;
    const customer = {
      name: /** @type {HTMLInputElement} */ (this.querySelector('#name')).value,
      email: /** @type {HTMLInputElement} */ (this.querySelector('#email')).value,
      phone: /** @type {HTMLInputElement} */ (this.querySelector('#phone')).value,
    };
    const body = { provider_id: s.provider_id, service_id: s.service_id, start: s.start, customer };
    // A retry of the same request (after a network cut or a 503) keeps
    // its key, so that it cannot book twice; any change makes a new one.
    const sig = JSON.stringify(body);
    if (!this.pending || this.pending.sig !== sig) this.pending = { key: newKey(), sig };
    for (const f of ['name', 'email', 'phone']) this.fieldError(f, '');
    this.say(alert, '');
    button.setAttribute('aria-disabled', 'true');
    const label = button.textContent;
    button.textContent = t('book.booking');
    const r = await call('POST', '/v1/bookings', { body, idempotencyKey: this.pending.key });
    button.removeAttribute('aria-disabled');
    button.textContent = label;
    if (r.ok) {
      this.pending = null;
      this.showBooked(r.data);
      return;
    }
    const fields = (r.problem.errors || []).filter((e) => e.field.startsWith('customer.'));
    if (fields.length) {
      for (const e of fields) this.fieldError(e.field.slice('customer.'.length), fieldMessage(e.message));
      this.say(alert, t('book.fix'));
      /** @type {HTMLElement} */ (this.querySelector('[aria-invalid=true]'))?.focus();
      return;
    }
    if (r.problem.code === 'slot_taken' || r.problem.code === 'slot_unavailable') {
      this.pending = null;
      this.say(alert, t('book.taken'));
      this.chosen = null;
      this.details.hidden = true;
      await this.find(false);
      /** @type {HTMLElement | null} */ (this.results.querySelector('button.choice'))?.focus();
      return;
    }
    this.say(alert, describe(r));
  }

  /** @param {import('./api.js').Booking} b */
  showBooked(b) {
    this.search.hidden = true;
    this.results.hidden = true;
    this.details.hidden = true;
    const again = h('button', { type: 'button', class: 'link' }, t('book.another'));
    again.addEventListener('click', () => location.reload());
    const card = bookingCard(b, 'booked');
    card.tabIndex = -1;
    this.done.replaceChildren(card, h('p', {}, again));
    this.done.hidden = false;
    card.focus();
  }
}

startPage();
if (!customElements.get('rdv-book')) customElements.define('rdv-book', Book);
