// <rdv-chat>: the conversation with the booking agent over the chat API.
// Replies stream in (POST /v1/chat/stream); proposals are buttons, the
// summary a card to confirm, a booking a card with its reference. The
// session id and token live in sessionStorage (this tab only, never a
// cookie), so a reload picks the conversation up from GET
// /v1/sessions/{id}.
import { t, currentLang, safeSession, asLang } from './i18n.js';
import { call, read, describe, headers } from './api.js';
import { formatShort, formatWhen, h } from './format.js';
import { bookingCard } from './card.js';

/**
 * @typedef {import('./api.js').Booking} Booking
 * @typedef {import('./api.js').Slot} Slot
 * @typedef {import('./api.js').Result} Result
 * @typedef {{intent: string, awaiting: string, slots: Record<string, string>, proposals: Slot[]}} State
 * @typedef {{session_id: string, session_token?: string, reply: string, language: string, state: State,
 *   actions: string[], booking?: Booking}} Turn
 * @typedef {{booking: Booking, what: 'booked' | 'rescheduled' | 'cancelled'}} Card
 * @typedef {{id: string, token: string, lang: string, cards: Card[]}} Stored
 */

const storageKey = 'rdv.chat';

/** @returns {Stored | null} */
function loadStored() {
  try {
    const v = JSON.parse(safeSession()?.getItem(storageKey) || 'null');
    return v && typeof v.id === 'string' && typeof v.token === 'string' ? { cards: [], lang: 'en', ...v } : null;
  } catch {
    return null;
  }
}

/** @param {Stored | null} v */
function saveStored(v) {
  const s = safeSession();
  if (!s) return;
  if (v) s.setItem(storageKey, JSON.stringify(v));
  else s.removeItem(storageKey);
}

/**
 * Reads server-sent events from a fetch answer, calling onEvent for each.
 * @param {ReadableStream<Uint8Array>} body
 * @param {(event: string, data: any) => void} onEvent
 */
export async function readEvents(body, onEvent) {
  const reader = body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    let cut;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      try {
        onEvent(event, data ? JSON.parse(data) : null);
      } catch (e) {
        if (!(e instanceof SyntaxError)) throw e;
      }
    }
  }
}

export class Chat extends HTMLElement {
  constructor() {
    super();
    /** @type {Stored | null} */
    this.stored = null;
    this.busy = false;
    /** @type {Turn | null} the last answer, whose controls are shown */
    this.last = null;
    // One scrolling area holds the messages and, below them, the buttons
    // of the last answer; only the messages are a live region, so that a
    // reply is read once, without its buttons.
    this.log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite' });
    this.scroller = h('div', { class: 'scroller', role: 'region', tabindex: '0' });
    this.status = h('p', { class: 'status', role: 'status' });
    this.controls = h('div', { class: 'controls' });
    this.alert = h('div', { class: 'alert', role: 'alert' });
    this.input = h('input', { id: 'rdv-message', type: 'text', name: 'message', autocomplete: 'off', maxlength: '1000', enterkeyhint: 'send' });
    this.sendButton = h('button', { type: 'submit', class: 'button' });
    this.newButton = h('button', { type: 'button', class: 'link' });
    this.label = h('label', { for: 'rdv-message' });
  }

  connectedCallback() {
    if (this.log.isConnected) return;
    const form = h('form', { class: 'composer' }, this.label, h('div', { class: 'row' }, this.input, this.sendButton));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (text) this.send(text);
    });
    this.newButton.addEventListener('click', () => this.restart());
    this.scroller.append(this.log, this.controls);
    this.append(this.scroller, this.status, this.alert, form, h('p', { class: 'new' }, this.newButton));
    this.relabel();
    document.addEventListener('rdv:lang', () => this.relabel());
    this.stored = loadStored();
    if (this.stored) this.restore(this.stored);
    else this.greet();
  }

  relabel() {
    this.scroller.setAttribute('aria-label', t('chat.log'));
    this.log.setAttribute('aria-label', t('chat.messages'));
    this.label.textContent = t('chat.input');
    this.input.placeholder = t('chat.placeholder');
    this.sendButton.textContent = t('chat.send');
    this.newButton.textContent = t('chat.new');
    const greeting = this.log.querySelector('.msg.greeting p');
    if (greeting && !this.stored) greeting.textContent = this.greeting();
    if (this.last) this.showControls(this.last);
  }

  greeting() {
    return this.getAttribute('data-greeting-' + currentLang()) || '';
  }

  greet() {
    this.log.replaceChildren();
    this.bubble('agent', this.greeting()).classList.add('greeting');
  }

  /**
   * Adds a line of the conversation.
   * @param {'user' | 'agent'} role
   * @param {string} text
   */
  bubble(role, text) {
    const p = h('p', {}, text);
    const div = h('div', { class: 'msg ' + role }, h('span', { class: 'sr-only' }, t(role === 'user' ? 'chat.you' : 'chat.agent') + ' '), p);
    this.log.append(div);
    this.toBottom();
    return div;
  }

  /** @param {Stored} st */
  async restore(st) {
    this.status.textContent = '';
    const r = await call('GET', '/v1/sessions/' + encodeURIComponent(st.id), { token: st.token });
    if (!r.ok) {
      if (r.status === 401 || r.status === 404) {
        this.stored = null;
        saveStored(null);
        this.greet();
        this.status.textContent = t('chat.ended');
      } else {
        this.greet();
        this.showError(r, () => {
          this.alert.replaceChildren();
          this.restore(st);
        });
      }
      return;
    }
    /** @type {{messages: {role: string, text: string}[], state: State}} */
    const data = r.data;
    this.log.replaceChildren();
    const cards = [...st.cards];
    for (const m of data.messages) {
      this.bubble(m.role === 'user' ? 'user' : 'agent', m.text);
      for (let i = 0; i < cards.length; i++) {
        if (m.role !== 'user' && m.text.includes(cards[i].booking.id)) {
          this.card(cards[i]);
          cards.splice(i--, 1);
        }
      }
    }
    cards.forEach((c) => this.card(c));
    const turn = { session_id: st.id, reply: '', language: st.lang, state: data.state, actions: [] };
    this.showControls(turn);
    this.status.textContent = t('chat.restored');
  }

  /** @param {Card} c */
  card(c) {
    const el = bookingCard(c.booking, c.what, { newTab: this.hasAttribute('embedded') });
    this.log.append(el);
    this.toBottom();
  }

  /** Shows the latest: scrolls the conversation, never the page around it (nor a clinic's page around the widget). */
  toBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  async restart() {
    const st = this.stored;
    this.stored = null;
    this.last = null;
    saveStored(null);
    this.controls.replaceChildren();
    this.alert.replaceChildren();
    this.status.textContent = '';
    this.greet();
    this.input.focus();
    if (st) await call('DELETE', '/v1/sessions/' + encodeURIComponent(st.id), { token: st.token });
  }

  /**
   * Sends one message and shows the answer as it streams in.
   * @param {string} text
   */
  async send(text) {
    if (this.busy) return;
    this.busy = true;
    this.sendButton.setAttribute('aria-disabled', 'true');
    this.alert.replaceChildren();
    this.controls.replaceChildren();
    this.last = null;
    performance.clearMarks('rdv:sent');
    performance.mark('rdv:sent');
    const mine = this.bubble('user', text);
    this.input.value = '';
    this.status.textContent = t('chat.typing');
    /** @type {{el: HTMLElement | null}} the bubble the reply streams into */
    const reply = { el: null };
    /** @type {Turn | null} */
    let done = null;
    /** @type {Result | null} */
    let failed = null;
    const st = this.stored;
    try {
      const body = { message: text, locale: currentLang(), ...(st ? { session_id: st.id } : {}) };
      const resp = await fetch('/v1/chat/stream', {
        method: 'POST', headers: headers({ body, token: st?.token }), body: JSON.stringify(body), cache: 'no-store',
      });
      if (!resp.ok || !resp.body) {
        failed = await read(resp);
      } else {
        this.log.setAttribute('aria-busy', 'true');
        await readEvents(resp.body, (event, data) => {
          if (event === 'reply' && data && typeof data.delta === 'string') {
            if (!reply.el) reply.el = this.bubble('agent', '');
            const p = /** @type {HTMLElement} */ (reply.el.querySelector('p'));
            p.textContent += data.delta;
            this.toBottom();
          } else if (event === 'done') {
            done = data;
          } else if (event === 'error') {
            failed = { ok: false, status: data?.status || 500, problem: data || { status: 500, code: 'internal' }, retryAfter: null };
          }
        });
      }
    } catch {
      failed = { ok: false, status: 0, problem: { status: 0, code: 'network' }, retryAfter: null };
    }
    this.log.removeAttribute('aria-busy');
    this.status.textContent = '';
    this.busy = false;
    this.sendButton.removeAttribute('aria-disabled');
    /** @type {Turn | null} */
    const turn = done;
    if (turn && !failed) {
      this.finish(turn, reply.el);
      return;
    }
    reply.el?.remove();
    mine.classList.add('failed');
    mine.append(h('span', { class: 'note' }, ' ' + t('chat.notSent')));
    const r = failed || { ok: false, status: 0, problem: { status: 0, code: 'network' }, retryAfter: null };
    let message = '';
    if (st && !r.ok && (r.status === 401 || r.status === 404)) {
      // The session has ended (expired, or ended elsewhere): the message
      // sent again opens a new one.
      this.stored = null;
      saveStored(null);
      message = t('chat.expired');
    }
    if (!this.input.value) this.input.value = text;
    this.showError(r, () => {
      mine.remove();
      this.input.value = '';
      this.send(text);
    }, message);
  }

  /**
   * @param {Turn} turn
   * @param {HTMLElement | null} reply the bubble the reply streamed into
   */
  finish(turn, reply) {
    if (!reply) reply = this.bubble('agent', turn.reply);
    /** @type {HTMLElement} */ (reply.querySelector('p')).textContent = turn.reply;
    const lang = asLang(turn.language) || currentLang();
    if (turn.session_token) {
      this.stored = { id: turn.session_id, token: turn.session_token, lang, cards: [] };
    }
    if (this.stored) {
      this.stored.lang = lang;
      if (turn.booking) {
        const what = turn.actions.includes('cancelled') ? 'cancelled' : turn.actions.includes('rescheduled') ? 'rescheduled' : 'booked';
        /** @type {Card} */
        const c = { booking: turn.booking, what };
        // The session gives the booking back to no one: the card (and its
        // manage token) is kept in this tab for a reload.
        this.stored.cards = [...this.stored.cards.filter((x) => x.booking.id !== c.booking.id), c];
        this.card(c);
      }
      saveStored(this.stored);
    }
    this.showControls(turn);
    performance.measure('rdv:turn', 'rdv:sent');
  }

  /**
   * Proposals as buttons, a summary as a card to confirm.
   * @param {Turn} turn
   */
  showControls(turn) {
    this.last = turn;
    this.controls.replaceChildren();
    const st = turn.state;
    const lang = asLang(turn.language) || currentLang();
    if (st.awaiting === 'slot_choice' && st.proposals.length > 0) {
      const list = h('ul', { class: 'choices' });
      st.proposals.forEach((p, i) => {
        const b = h('button', { type: 'button', class: 'choice' }, formatShort(p.start) + (p.provider_name ? ' — ' + p.provider_name : ''));
        // The agent reads a proposal's number as the choice.
        b.addEventListener('click', () => this.send(String(i + 1)));
        list.append(h('li', {}, b));
      });
      this.controls.append(h('section', { class: 'card proposals', 'aria-labelledby': 'rdv-proposals' },
        h('h2', { id: 'rdv-proposals' }, t('chat.proposals')), list));
    } else if (st.awaiting === 'confirmation') {
      const s = st.slots || {};
      const dl = h('dl', {});
      if (s.chosen_provider) dl.append(h('dt', {}, t('sum.with')), h('dd', {}, s.chosen_provider));
      if (s.chosen_start) dl.append(h('dt', {}, t('sum.when')), h('dd', {}, formatWhen(s.chosen_start)));
      if (s.name) {
        const contact = [s.email, s.phone].filter(Boolean).join(', ');
        dl.append(h('dt', {}, t('sum.for')), h('dd', {}, s.name + (contact ? ' (' + contact + ')' : '')));
      }
      // Only a plain yes books: the agent acts on nothing less.
      const yes = h('button', { type: 'button', class: 'button' }, t('chat.confirm'));
      yes.addEventListener('click', () => this.send(lang === 'fr' ? 'oui' : 'yes'));
      const no = h('button', { type: 'button', class: 'button secondary' }, t('chat.change'));
      no.addEventListener('click', () => this.send(lang === 'fr' ? 'non' : 'no'));
      this.controls.append(h('section', { class: 'card summary', 'aria-labelledby': 'rdv-summary' },
        h('h2', { id: 'rdv-summary' }, t('chat.summary')), dl.childElementCount ? dl : null, h('p', { class: 'actions' }, yes, no)));
    }
    this.toBottom();
  }

  /**
   * Shows a failure plainly, with a button to try again.
   * @param {Result} r
   * @param {(() => void) | null} retry
   * @param {string} [message] instead of what the failure says
   */
  showError(r, retry, message) {
    if (r.ok) return;
    const msg = h('p', {}, message || describe(r));
    const again = retry ? h('button', { type: 'button', class: 'button' }, t('chat.again')) : null;
    again?.addEventListener('click', retry || (() => {}));
    this.alert.replaceChildren(msg, again || '');
  }
}

if (!customElements.get('rdv-chat')) customElements.define('rdv-chat', Chat);
