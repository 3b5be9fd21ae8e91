// Dates and times as the API gives them (RFC 3339 with the provider's
// offset), shown at the provider's wall-clock time, in the page's
// language. The offset already says the provider's time, so no time-zone
// database is needed: the wall time is read from the string itself.
import { currentLang } from './i18n.js';

/**
 * The wall-clock date and time written in an RFC 3339 string, as a Date
 * whose UTC fields are those of the wall clock (format it with
 * timeZone: 'UTC').
 * @param {string} iso
 */
export function wall(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return new Date(NaN);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
}

/** @param {string} iso the calendar day, YYYY-MM-DD, of the wall clock */
export function dayOf(iso) {
  return iso.slice(0, 10);
}

/** @returns {string} */
function locale() {
  return currentLang() === 'fr' ? 'fr-FR' : 'en-GB';
}

/** "Monday 7 December" @param {string} iso */
export function formatDay(iso) {
  return new Intl.DateTimeFormat(locale(), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(wall(iso));
}

/** "08:30" @param {string} iso */
export function formatTime(iso) {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(wall(iso));
}

/** "Monday 7 December at 08:30" / "lundi 7 décembre à 08:30" @param {string} iso */
export function formatWhen(iso) {
  return formatDay(iso) + (currentLang() === 'fr' ? ' à ' : ' at ') + formatTime(iso);
}

/** Mon 7 Dec, 08:30 @param {string} iso */
export function formatShort(iso) {
  const d = new Intl.DateTimeFormat(locale(), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(wall(iso));
  return d + ', ' + formatTime(iso);
}

/**
 * A calendar day as YYYY-MM-DD, plus n days.
 * @param {string} day
 * @param {number} n
 */
export function addDays(day, n) {
  const d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Today in this browser, YYYY-MM-DD. */
export function today() {
  const d = new Date();
  return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, '0'), String(d.getDate()).padStart(2, '0')].join('-');
}

/**
 * Creates an element with attributes and children (text or nodes): the
 * pages build their DOM node by node (their policy refuses HTML strings).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | boolean | undefined>} [attrs]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c);
  }
  return el;
}
