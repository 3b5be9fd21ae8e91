// An appointment as an iCalendar file (RFC 5545), made in the browser:
// the booking is already there, and a download link cannot carry the
// manage token in a header, so no endpoint is needed or wanted. The UID
// is the booking id, so that a moved appointment imported again replaces
// the first (with a higher SEQUENCE) instead of adding a second.

/**
 * @typedef {{id: string, start: string, end: string, provider_name: string, service_name?: string, status?: string}} IcsBooking
 * @typedef {{summary: string, description: string, location?: string, sequence?: number, now?: Date}} IcsText
 */

/**
 * The .ics text of a booking.
 * @param {IcsBooking} b
 * @param {IcsText} text
 */
export function icsOf(b, text) {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Rendezvous//Rendezvous booking//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    'UID:' + escapeText(b.id),
    'DTSTAMP:' + utc(text.now || new Date()),
    'SEQUENCE:' + String(text.sequence || 0),
    'DTSTART:' + utc(new Date(b.start)),
    'DTEND:' + utc(new Date(b.end)),
    'SUMMARY:' + escapeText(text.summary),
    'DESCRIPTION:' + escapeText(text.description),
  ];
  if (text.location) lines.push('LOCATION:' + escapeText(text.location));
  lines.push('STATUS:' + (b.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'), 'END:VEVENT', 'END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** A UTC date-time, 20261207T073000Z. @param {Date} d */
export function utc(d) {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** TEXT values escape backslash, semicolon, comma and line breaks (3.3.11). @param {string} s */
export function escapeText(s) {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (3.1), never inside a UTF-8
 * character: continuation lines start with a space.
 * @param {string} line
 */
export function fold(line) {
  const enc = new TextEncoder();
  const out = [];
  let cur = '';
  let size = 0;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74; // the leading space counts
    if (size + n > limit) {
      out.push(cur);
      cur = '';
      size = 0;
    }
    cur += ch;
    size += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

/**
 * The version of a manage token (its "ver" claim, raised by each change
 * of the booking), used as the event's SEQUENCE; 0 when it cannot be read.
 * @param {string | undefined} token
 */
export function tokenVersion(token) {
  try {
    const part = (token || '').split('.')[1] || '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const ver = JSON.parse(json).ver;
    return Number.isInteger(ver) && ver > 0 ? ver : 0;
  } catch {
    return 0;
  }
}
