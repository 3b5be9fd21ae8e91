// The JSON API as the pages use it: same origin, bearer tokens, problems
// (RFC 9457) read into one shape, and their plain words for people.
import { t, currentLang, fieldMessagesFr } from './i18n.js';

/**
 * @typedef {{field: string, message: string}} FieldError
 * @typedef {{status: number, code: string, detail?: string, errors?: FieldError[]}} Problem
 * @typedef {{ok: true, status: number, data: any} | {ok: false, status: number, problem: Problem, retryAfter: number | null}} Result
 * @typedef {{provider_id: number, provider_name?: string, service_id: number, start: string, end: string}} Slot
 * @typedef {{name: string, email: string, phone: string}} Customer
 * @typedef {{id: string, status: string, provider_id: number, provider_name: string, service_id: number,
 *   service_name: string, start: string, end: string, customer: Customer, manage_token?: string}} Booking
 */

/**
 * Sends one request. Never throws: a network failure is status 0 with the
 * code "network".
 * @param {string} method
 * @param {string} path
 * @param {{body?: unknown, token?: string, idempotencyKey?: string, signal?: AbortSignal}} [opts]
 * @returns {Promise<Result>}
 */
export async function call(method, path, opts = {}) {
  let resp;
  try {
    resp = await fetch(path, { method, headers: headers(opts), body: bodyOf(opts), signal: opts.signal, cache: 'no-store' });
  } catch {
    return { ok: false, status: 0, problem: { status: 0, code: 'network' }, retryAfter: null };
  }
  return read(resp);
}

/** @param {{body?: unknown, token?: string, idempotencyKey?: string}} opts */
export function headers(opts) {
  /** @type {Record<string, string>} */
  const h = { Accept: 'application/json' };
  if (opts.body !== undefined) h['Content-Type'] = 'application/json';
  if (opts.token) h.Authorization = 'Bearer ' + opts.token;
  if (opts.idempotencyKey) h['Idempotency-Key'] = opts.idempotencyKey;
  return h;
}

/** @param {{body?: unknown}} opts */
function bodyOf(opts) {
  return opts.body === undefined ? undefined : JSON.stringify(opts.body);
}

/**
 * Reads an answer: JSON on success, a problem otherwise.
 * @param {Response} resp
 * @returns {Promise<Result>}
 */
export async function read(resp) {
  let data = null;
  try {
    const text = await resp.text();
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (resp.ok) return { ok: true, status: resp.status, data };
  const problem = data && typeof data.code === 'string' ? data : { status: resp.status, code: 'http_' + resp.status };
  return { ok: false, status: resp.status, problem, retryAfter: retryAfter(resp.headers.get('Retry-After')) };
}

/** @param {string | null} v @returns {number | null} seconds */
function retryAfter(v) {
  if (!v) return null;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * What a failed request means for the person, in plain words. Field
 * errors are shown beside their fields (fieldMessage), not here.
 * @param {{status: number, problem: Problem, retryAfter: number | null}} r
 */
export function describe(r) {
  const code = r.problem.code;
  if (code === 'network') return t('err.network');
  if (r.status === 429 && code === 'too_many_sessions') return t('err.session');
  if (r.status === 429) return r.retryAfter ? t('err.rate', { s: r.retryAfter }) : t('err.rateSoon');
  if (code === 'outcome_unknown') return t('err.outcome');
  if (code === 'timeout') return t('err.timeout');
  if (code === 'too_many_bookings') return t('err.tooManyBookings');
  if (r.status === 503 || r.status === 502 || r.status === 504) return t('err.unavailable');
  if (r.problem.detail && currentLang() === 'en') return r.problem.detail;
  return t('err.generic', { code: code || String(r.status) });
}

/**
 * A field's message as the API wrote it, in French when the page is.
 * @param {string} message
 */
export function fieldMessage(message) {
  if (currentLang() === 'fr') return fieldMessagesFr[message] ?? message;
  return message;
}

/** A fresh Idempotency-Key: random, as the API asks. */
export function newKey() {
  return crypto.randomUUID();
}
