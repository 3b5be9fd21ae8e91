// The card of a booking made, moved or cancelled: its reference, when and
// with whom, an "add to calendar" download and the link that manages it.
import { t, currentLang } from './i18n.js';
import { formatWhen, h } from './format.js';
import { icsOf, tokenVersion } from './ics.js';

/** @typedef {import('./api.js').Booking} Booking */

/**
 * The manage page's link for a booking. The token travels in the
 * fragment, which browsers never send to a server nor put in a Referer.
 * @param {string} id
 * @param {string} token
 */
export function manageLink(id, token) {
  const p = new URLSearchParams({ ref: id, token, lang: currentLang() });
  return '/manage#' + p.toString();
}

/**
 * A download link for the booking's .ics file.
 * @param {Booking} b
 */
export function icsLink(b) {
  const summary = (b.service_name ? b.service_name + ' — ' : '') + b.provider_name;
  const text = icsOf(b, {
    summary,
    description: t('card.reference') + ': ' + b.id,
    sequence: tokenVersion(b.manage_token),
  });
  const a = h('a', { class: 'button secondary', download: b.id + '.ics' }, t('card.ics'));
  a.href = 'data:text/calendar;charset=utf-8,' + encodeURIComponent(text);
  return a;
}

/**
 * @param {Booking} b
 * @param {'booked' | 'rescheduled' | 'cancelled'} what
 * @param {{newTab?: boolean}} [opts] open the manage page in a new tab
 *   (from the widget's frame)
 */
export function bookingCard(b, what, opts = {}) {
  const titleKey = what === 'cancelled' ? 'card.cancelled' : what === 'rescheduled' ? 'card.rescheduled' : 'card.booked';
  const dl = h('dl', {},
    h('dt', {}, t('card.reference')), h('dd', { class: 'ref' }, b.id),
    h('dt', {}, t('card.when')), h('dd', {}, formatWhen(b.start)),
    h('dt', {}, t('card.with')), h('dd', {}, b.provider_name),
    b.service_name ? h('dt', {}, t('card.service')) : null, b.service_name ? h('dd', {}, b.service_name) : null,
  );
  const actions = h('p', { class: 'actions' });
  if (b.status === 'booked') actions.append(icsLink(b));
  if (b.manage_token) {
    const link = h('a', { class: 'button secondary', href: manageLink(b.id, b.manage_token) }, t('card.manage'));
    if (opts.newTab) {
      link.target = '_blank';
      link.rel = 'noopener';
    }
    actions.append(link);
  }
  return h('section', { class: 'card booking ' + what, 'aria-label': t(titleKey) + ' ' + b.id, lang: currentLang() },
    h('h2', {}, t(titleKey)), dl, actions,
    b.status === 'booked' ? h('p', { class: 'hint' }, t('card.keep')) : null);
}
