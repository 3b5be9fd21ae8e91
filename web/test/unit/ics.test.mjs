// The .ics file of a booking, checked against RFC 5545 without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { icsOf, fold, escapeText, utc, tokenVersion } from '../../static/assets/ics.js';

const booking = {
  id: 'RDV-KAJ0806YRV', status: 'booked', provider_name: 'Dr Karim Morel', service_name: 'Consultation',
  start: '2026-12-07T08:30:00+01:00', end: '2026-12-07T09:00:00+01:00',
};

test('an event named by the booking id, in UTC, with CRLF lines', () => {
  const ics = icsOf(booking, { summary: 'Consultation — Dr Karim Morel', description: 'Reference: RDV-KAJ0806YRV', sequence: 2, now: new Date('2026-12-04T23:00:00Z') });
  const lines = ics.split('\r\n');
  assert.equal(lines.at(-1), '', 'ends with CRLF');
  assert.deepEqual(lines.slice(0, 2), ['BEGIN:VCALENDAR', 'VERSION:2.0']);
  for (const want of ['UID:RDV-KAJ0806YRV', 'DTSTART:20261207T073000Z', 'DTEND:20261207T080000Z', 'DTSTAMP:20261204T230000Z',
    'SEQUENCE:2', 'STATUS:CONFIRMED', 'BEGIN:VEVENT', 'END:VEVENT', 'END:VCALENDAR', 'METHOD:PUBLISH']) {
    assert.ok(lines.includes(want), want);
  }
  assert.ok(lines.some((l) => l.startsWith('PRODID:')), 'PRODID is required');
  assert.ok(!/[^\r]\n/.test(ics), 'no bare LF');
});

test('a cancelled booking is a cancelled event', () => {
  const ics = icsOf({ ...booking, status: 'cancelled' }, { summary: 's', description: 'd' });
  assert.match(ics, /\r\nSTATUS:CANCELLED\r\n/);
});

test('text is escaped', () => {
  assert.equal(escapeText('a,b;c\\d\ne'), 'a\\,b\\;c\\\\d\\ne');
});

test('lines fold at 75 octets, never inside a character', () => {
  const line = 'SUMMARY:' + 'é'.repeat(100);
  const folded = fold(line).split('\r\n');
  const enc = new TextEncoder();
  assert.ok(folded.length > 1);
  for (const [i, part] of folded.entries()) {
    assert.ok(enc.encode(part).length <= 75, `line ${i} is ${enc.encode(part).length} octets`);
    if (i > 0) assert.ok(part.startsWith(' '));
  }
  assert.equal(folded.map((p, i) => (i ? p.slice(1) : p)).join(''), line, 'unfolds to the same line');
  assert.equal(fold('SHORT:x'), 'SHORT:x');
});

test('UTC date-times', () => {
  assert.equal(utc(new Date('2026-03-29T01:30:00+01:00')), '20260329T003000Z');
});

test('the SEQUENCE follows the manage token\'s version', () => {
  const payload = Buffer.from(JSON.stringify({ sub: 'RDV-X', ver: 3 })).toString('base64url');
  assert.equal(tokenVersion('h.' + payload + '.s'), 3);
  assert.equal(tokenVersion(undefined), 0);
  assert.equal(tokenVersion('not a token'), 0);
});
