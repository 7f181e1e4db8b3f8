// Reads one iCalendar body on stdin with ical.js (Mozilla's parser, the one
// web calendars and Thunderbird's successor use) and prints what a client
// would hold, one line each, as JSON:
//   {"method": "...", "events": [{"uid", "rid", "start", "status"}],
//    "occurrences": ["YYYYMMDDTHHMM", ...]}
// Times are wall-clock in the event's own zone (Liaison writes
// Asia/Shanghai). occurrences is the expansion of the master event (RRULE
// less EXDATE, RECURRENCE-ID overrides applied, cancelled ones dropped);
// empty when the body has no master. The package's Go code runs it; the
// ical.js module is found through NODE_PATH.
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
const ICAL = require('ical.js');

const wall = (t) => t.toString().replace(/[-:]/g, '').slice(0, 13);

const comp = new ICAL.Component(ICAL.parse(fs.readFileSync(0, 'utf8')));
for (const tz of comp.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(tz);
}
const vevents = comp.getAllSubcomponents('vevent');
const out = { method: comp.getFirstPropertyValue('method') || '', events: [], occurrences: [] };
for (const v of vevents) {
  const rid = v.getFirstPropertyValue('recurrence-id');
  out.events.push({
    uid: v.getFirstPropertyValue('uid'),
    rid: rid ? wall(rid) : '',
    start: wall(v.getFirstPropertyValue('dtstart')),
    status: v.getFirstPropertyValue('status') || '',
  });
}
const master = vevents.find((v) => !v.hasProperty('recurrence-id') && v.hasProperty('rrule'));
if (master) {
  const ev = new ICAL.Event(master);
  for (const v of vevents) {
    if (v.hasProperty('recurrence-id')) ev.relateException(v);
  }
  const it = ev.iterator();
  for (let next, n = 0; (next = it.next()) && n < 1000; n++) {
    const d = ev.getOccurrenceDetails(next);
    if (d.item.component.getFirstPropertyValue('status') === 'CANCELLED') continue;
    out.occurrences.push(wall(d.startDate));
  }
  out.occurrences.sort();
}
process.stdout.write(JSON.stringify(out) + '\n');
