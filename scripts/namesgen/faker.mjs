// Prints the English and French given names and surnames of
// @faker-js/faker as JSON: {"given": [...], "last": [...]}. Run by
// scripts/names with the package unpacked by npm pack.
import * as faker from 'FAKER_DIST';

const flat = (x) => (x == null ? [] : Array.isArray(x) ? x : Object.values(x).flat());
const given = new Set();
const last = new Set();
for (const locale of ['en', 'en_AU', 'fr', 'fr_BE', 'fr_CH']) {
  const p = faker[locale].person;
  flat(p.first_name).forEach((n) => given.add(n));
  flat(p.middle_name).forEach((n) => given.add(n));
  flat(p.last_name).forEach((n) => last.add(n));
}
console.log(JSON.stringify({ given: [...given].sort(), last: [...last].sort() }));
