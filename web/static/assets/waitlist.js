// <rdv-offer>: a slot freed for a waitlisted customer, reached with the
// link of the offer's email: /waitlist#offer=…&lang=…. The token leaves
// the address bar and the history at once (kept in this tab for a
// reload). One click books the slot with the details kept with the
// waitlist entry; when someone was quicker, the page says so and offers
// the next free slot that fits, with a link of its own.
import { t, safeSession, startPage } from './i18n.js';
import { call, describe } from './api.js';
import { formatWhen, h } from './format.js';
import { bookingCard } from './card.js';

/**
 * @typedef {{start: string, end: string, provider_id: number, provider_name: string, address: string,
 *   service_id: number, service_name: string, expires_at: string, status: string, token?: string}} Offer
 */

const keptKey = 'rdv.offer';

/** The offer's token: the link's, else the one kept in this tab. */
export function offerFromLink() {
  const p = new URLSearchParams(location.hash.slice(1));
  return (p.get('offer') || '').trim() || safeSession()?.getItem(keptKey) || '';
}

export class OfferPage extends HTMLElement {
  constructor() {
    super();
    this.token = '';
    /** @type {Offer | null} */
    this.offer = null;
  }

  /** @template {Element} E @param {string} sel @returns {E} */
  need(sel) {
    const el = this.querySelector(sel);
    if (!el) throw new Error('rdv-offer: missing ' + sel);
    return /** @type {E} */ (/** @type {unknown} */ (el));
  }

  /** @returns {HTMLElement} */ get view() { return this.need('.view'); }
  /** @returns {HTMLElement} */ get alert() { return this.need('#offer-alert'); }
  /** @returns {HTMLElement} */ get status() { return this.need('#offer-status'); }

  connectedCallback() {
    this.token = offerFromLink();
    const lang = new URLSearchParams(location.hash.slice(1)).get('lang');
    history.replaceState(null, '', location.pathname + (lang ? '#' + new URLSearchParams({ lang }).toString() : ''));
    if (!this.token) {
      this.view.replaceChildren(h('p', {}, t('waitlist.noLink')), h('p', {}, h('a', { href: '/' }, t('nav.chat'))));
      return;
    }
    safeSession()?.setItem(keptKey, this.token);
    this.load();
  }

  async load() {
    this.status.textContent = t('waitlist.loading');
    const r = await call('GET', '/v1/waitlist/offers/' + encodeURIComponent(this.token));
    this.status.textContent = '';
    if (!r.ok) {
      this.failed(r);
      return;
    }
    this.offer = r.data;
    this.draw();
  }

  draw() {
    const o = this.offer;
    if (!o) return;
    const dl = h('dl', {},
      h('dt', {}, t('card.when')), h('dd', {}, formatWhen(o.start)),
      h('dt', {}, t('card.with')), h('dd', {}, o.provider_name),
      o.service_name ? h('dt', {}, t('card.service')) : null, o.service_name ? h('dd', {}, o.service_name) : null,
      o.address ? h('dt', {}, t('card.where')) : null, o.address ? h('dd', {}, o.address) : null,
    );
    const actions = h('p', { class: 'actions' });
    let note = null;
    if (o.status === 'open') {
      const book = h('button', { type: 'button', class: 'button' }, t('waitlist.book'));
      book.addEventListener('click', () => this.book(book));
      actions.append(book);
      note = h('p', { class: 'hint' }, t('waitlist.race'));
    } else {
      note = h('p', {}, t(o.status === 'used' ? 'waitlist.used' : 'waitlist.expired'));
    }
    this.view.replaceChildren(h('section', { class: 'card', 'aria-labelledby': 'offer-title' },
      h('h2', { id: 'offer-title', tabindex: '-1' }, o.provider_name), dl, actions, note));
  }

  /** @param {HTMLButtonElement} button */
  async book(button) {
    button.disabled = true;
    this.alert.textContent = '';
    this.status.textContent = t('waitlist.booking');
    const r = await call('POST', '/v1/waitlist/offers/' + encodeURIComponent(this.token) + '/book');
    this.status.textContent = '';
    if (r.ok) {
      safeSession()?.removeItem(keptKey);
      const card = bookingCard(r.data, 'booked');
      this.view.replaceChildren(card);
      card.querySelector('h2')?.setAttribute('tabindex', '-1');
      /** @type {HTMLElement | null} */ (card.querySelector('h2'))?.focus();
      return;
    }
    button.disabled = false;
    if (r.problem.code === 'slot_taken') {
      /** @type {Offer | undefined} */
      const next = /** @type {any} */ (r.problem).next_offer;
      if (next && next.token) {
        this.token = next.token;
        safeSession()?.setItem(keptKey, next.token);
        this.offer = next;
        this.draw();
        this.alert.textContent = t('waitlist.takenNext');
      } else {
        this.offer = null;
        this.view.replaceChildren(h('p', {}, t('waitlist.takenNone')), h('p', {}, h('a', { href: '/' }, t('nav.chat'))));
      }
      return;
    }
    this.failed(r);
  }

  /** @param {{status: number, problem: import('./api.js').Problem, retryAfter: number | null}} r */
  failed(r) {
    const code = r.problem.code;
    if (r.status === 401) {
      this.view.replaceChildren(h('p', {}, t('waitlist.badLink')), h('p', {}, h('a', { href: '/' }, t('nav.chat'))));
    } else if (code === 'offer_used' || code === 'offer_expired') {
      this.view.replaceChildren(h('p', {}, t(code === 'offer_used' ? 'waitlist.used' : 'waitlist.expired')));
    } else {
      this.alert.textContent = describe(r);
    }
  }
}

startPage();
if (!customElements.get('rdv-offer')) customElements.define('rdv-offer', OfferPage);
