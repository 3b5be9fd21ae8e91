// <rdv-manage>: one booking, reached with the link given when it was
// made: /manage#ref=RDV-…&token=…. The token stays in the fragment, which
// no server and no Referer ever sees; it is then moved to sessionStorage
// and taken out of the address bar and the history. Cancelling or moving
// returns a fresh token and revokes the old one: the fresh one replaces
// it, so a reload keeps working.
import { t, safeSession, startPage } from './i18n.js';
import { call, describe, newKey } from './api.js';
import { addDays, dayOf, formatDay, formatTime, formatWhen, h, today } from './format.js';
import { icsLink } from './card.js';

/** @typedef {import('./api.js').Booking} Booking */
/** @typedef {import('./api.js').Slot} Slot */

/** @param {string} ref */
const tokenKey = (ref) => 'rdv.manage.' + ref;

/**
 * The reference and token of the link, and the tokens to try: the
 * link's, then the one kept in this tab (newer after a change made here).
 * @returns {{ref: string, tokens: string[]}}
 */
export function fromLink() {
  const p = new URLSearchParams(location.hash.slice(1));
  const ref = (p.get('ref') || '').trim();
  const tokens = [];
  const inLink = p.get('token');
  const kept = ref ? safeSession()?.getItem(tokenKey(ref)) : null;
  if (kept) tokens.push(kept);
  if (inLink && inLink !== kept) tokens.push(inLink);
  return { ref, tokens };
}

export class Manage extends HTMLElement {
  constructor() {
    super();
    /** @type {Booking | null} */
    this.booking = null;
    this.token = '';
    this.ref = '';
  }

  /** @template {Element} E @param {string} sel @returns {E} */
  need(sel) {
    const el = this.querySelector(sel);
    if (!el) throw new Error('rdv-manage: missing ' + sel);
    return /** @type {E} */ (/** @type {unknown} */ (el));
  }

  /** @returns {HTMLElement} */ get view() { return this.need('.view'); }
  /** @returns {HTMLElement} */ get alert() { return this.need('#manage-alert'); }
  /** @returns {HTMLElement} */ get status() { return this.need('#manage-status'); }
  /** @returns {HTMLDialogElement} */ get dialog() { return this.need('dialog'); }

  connectedCallback() {
    document.addEventListener('rdv:lang', () => this.draw());
    this.load();
  }

  async load() {
    const { ref, tokens } = fromLink();
    this.ref = ref;
    if (!ref || tokens.length === 0) {
      this.view.replaceChildren(h('p', {}, t('manage.noLink')), h('p', {}, h('a', { href: '/' }, t('nav.chat'))));
      return;
    }
    // Out of the address bar and the history: the reference (and the
    // language) stay, so a reload finds the token kept in this tab.
    const keep = new URLSearchParams({ ref });
    const lang = new URLSearchParams(location.hash.slice(1)).get('lang');
    if (lang) keep.set('lang', lang);
    history.replaceState(null, '', location.pathname + '#' + keep.toString());
    this.status.textContent = t('manage.loading');
    let last = null;
    for (const token of tokens) {
      const r = await call('GET', '/v1/bookings/' + encodeURIComponent(ref), { token });
      if (r.ok) {
        this.keep(token);
        this.booking = r.data;
        this.status.textContent = '';
        this.draw();
        return;
      }
      last = r;
      if (r.status !== 401 && r.status !== 404) break;
    }
    this.status.textContent = '';
    if (last && (last.status === 401 || last.status === 404)) {
      this.view.replaceChildren(h('p', {}, t('manage.badLink')), h('p', {}, h('a', { href: '/' }, t('nav.chat'))));
    } else if (last) {
      this.alert.textContent = describe(last);
      const again = h('button', { type: 'button', class: 'button' }, t('chat.again'));
      again.addEventListener('click', () => {
        this.alert.textContent = '';
        this.load();
      });
      this.view.replaceChildren(again);
    }
  }

  /** @param {string} token */
  keep(token) {
    this.token = token;
    safeSession()?.setItem(tokenKey(this.ref), token);
  }

  draw() {
    const b = this.booking;
    if (!b) return;
    const past = new Date(b.start).getTime() < Date.now();
    const dl = h('dl', {},
      h('dt', {}, t('card.reference')), h('dd', { class: 'ref' }, b.id),
      h('dt', {}, t('manage.status')), h('dd', { class: 'status-' + b.status }, t('manage.status.' + b.status)),
      h('dt', {}, t('card.when')), h('dd', {}, formatWhen(b.start)),
      h('dt', {}, t('card.with')), h('dd', {}, b.provider_name),
      b.service_name ? h('dt', {}, t('card.service')) : null, b.service_name ? h('dd', {}, b.service_name) : null,
      h('dt', {}, t('sum.for')), h('dd', {}, b.customer.name),
    );
    const actions = h('p', { class: 'actions' });
    if (b.status === 'booked' && !past) {
      const move = h('button', { type: 'button', class: 'button', 'aria-expanded': 'false', 'aria-controls': 'move' }, t('manage.move'));
      move.addEventListener('click', () => this.openMove(move));
      const cancel = h('button', { type: 'button', class: 'button danger' }, t('manage.cancel'));
      cancel.addEventListener('click', () => this.askCancel(cancel));
      actions.append(move, cancel, icsLink({ ...b, manage_token: this.token }));
    }
    this.view.replaceChildren(
      h('section', { class: 'card booking ' + b.status, 'aria-labelledby': 'booking-title' },
        h('h2', { id: 'booking-title', tabindex: '-1' }, b.provider_name), dl, past ? h('p', {}, t('manage.past')) : null, actions),
      h('section', { id: 'move', class: 'card', hidden: true, 'aria-labelledby': 'move-title' }),
    );
  }

  /**
   * Asks in a modal dialog, which holds the focus until answered and
   * gives it back to the button that opened it.
   * @param {string} question
   * @param {string} yes
   * @param {HTMLElement} opener
   * @returns {Promise<boolean>}
   */
  ask(question, yes, opener) {
    const d = this.dialog;
    const yesB = h('button', { type: 'button', class: 'button danger' }, yes);
    const noB = h('button', { type: 'button', class: 'button secondary' }, t('manage.keep'));
    d.replaceChildren(h('h2', { id: 'dialog-title' }, question), h('p', { class: 'actions' }, yesB, noB));
    d.setAttribute('aria-labelledby', 'dialog-title');
    return new Promise((resolve) => {
      /** @param {boolean} v */
      const answer = (v) => {
        d.close();
        opener.focus();
        resolve(v);
      };
      yesB.addEventListener('click', () => answer(true));
      noB.addEventListener('click', () => answer(false));
      d.addEventListener('cancel', (e) => {
        e.preventDefault();
        answer(false);
      }, { once: true });
      d.showModal();
      noB.focus(); // the safe answer first
    });
  }

  /** @param {HTMLElement} opener */
  async askCancel(opener) {
    const b = this.booking;
    if (!b || !(await this.ask(t('manage.cancelAsk'), t('manage.cancelYes'), opener))) return;
    const key = newKey();
    for (;;) {
      const r = await call('POST', '/v1/bookings/' + encodeURIComponent(b.id) + '/cancel', { token: this.token, idempotencyKey: key });
      if (r.ok) {
        this.keep(r.data.manage_token);
        this.booking = r.data;
        this.draw();
        this.status.textContent = t('manage.cancelled');
        /** @type {HTMLElement} */ (this.querySelector('#booking-title')).focus();
        return;
      }
      this.alert.textContent = describe(r);
      // The same key makes a retry safe: it cannot cancel twice.
      if (!(await this.retryAsked())) return;
    }
  }

  /** Offers "try again" after a failure. @returns {Promise<boolean>} */
  retryAsked() {
    return new Promise((resolve) => {
      const again = h('button', { type: 'button', class: 'button' }, t('chat.again'));
      again.addEventListener('click', () => {
        this.alert.textContent = '';
        again.remove();
        resolve(true);
      });
      this.alert.append(' ', again);
      again.focus();
    });
  }

  /** @param {HTMLElement} opener */
  openMove(opener) {
    const b = this.booking;
    const box = /** @type {HTMLElement} */ (this.querySelector('#move'));
    if (!b) return;
    opener.setAttribute('aria-expanded', 'true');
    const from = h('input', { id: 'move-from', type: 'date', min: today(), value: dayOf(b.start) < today() ? today() : dayOf(b.start) });
    const form = h('form', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: 'move-from' }, t('manage.from')), from),
      h('button', { type: 'submit', class: 'button' }, t('manage.show')));
    const list = h('ul', { class: 'slot-days' });
    const note = h('p', { role: 'status' });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.showSlots(from.value || today(), list, note);
    });
    box.replaceChildren(h('h2', { id: 'move-title', tabindex: '-1' }, t('manage.moveTitle')), form, note, list);
    box.hidden = false;
    /** @type {HTMLElement} */ (box.querySelector('#move-title')).focus();
    this.showSlots(from.value, list, note);
  }

  /**
   * The free slots of the booking's provider and service for a week.
   * @param {string} from
   * @param {HTMLElement} list
   * @param {HTMLElement} note
   */
  async showSlots(from, list, note) {
    const b = this.booking;
    if (!b) return;
    note.textContent = t('book.searching');
    const q = new URLSearchParams({ from, to: addDays(from, 6), service_id: String(b.service_id) });
    const r = await call('GET', `/v1/providers/${b.provider_id}/availability?` + q);
    if (!r.ok) {
      note.textContent = describe(r);
      return;
    }
    /** @type {Slot[]} */
    const slots = r.data.slots.filter((/** @type {Slot} */ s) => s.start !== b.start);
    list.replaceChildren();
    /** @type {Map<string, HTMLElement>} */
    const days = new Map();
    for (const s of slots) {
      let ul = days.get(dayOf(s.start));
      if (!ul) {
        ul = h('ul', { class: 'choices' });
        days.set(dayOf(s.start), ul);
        list.append(h('li', {}, h('h3', {}, formatDay(s.start)), ul));
      }
      const button = h('button', { type: 'button', class: 'choice' }, formatTime(s.start));
      button.addEventListener('click', () => this.move(s, button, list, note));
      ul.append(h('li', {}, button));
    }
    note.textContent = slots.length ? t('book.found', { n: slots.length }) : t('book.none');
  }

  /**
   * @param {Slot} s
   * @param {HTMLElement} opener
   * @param {HTMLElement} list
   * @param {HTMLElement} note
   */
  async move(s, opener, list, note) {
    const b = this.booking;
    if (!b) return;
    const when = formatWhen(s.start);
    if (!(await this.ask(t('manage.moveAsk', { when }), t('manage.moveYes'), opener))) return;
    const key = newKey();
    for (;;) {
      const r = await call('POST', '/v1/bookings/' + encodeURIComponent(b.id) + '/reschedule', {
        token: this.token, idempotencyKey: key, body: { start: s.start },
      });
      if (r.ok) {
        this.keep(r.data.manage_token);
        this.booking = r.data;
        this.draw();
        this.status.textContent = t('manage.moved', { when });
        /** @type {HTMLElement} */ (this.querySelector('#booking-title')).focus();
        return;
      }
      if (r.problem.code === 'slot_taken' || r.problem.code === 'slot_unavailable') {
        this.alert.textContent = t('book.taken');
        await this.showSlots(dayOf(s.start), list, note);
        return;
      }
      this.alert.textContent = describe(r);
      if (!(await this.retryAsked())) return;
    }
  }
}

startPage();
if (!customElements.get('rdv-manage')) customElements.define('rdv-manage', Manage);
