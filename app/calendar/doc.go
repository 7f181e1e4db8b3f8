// Package calendar turns meetings into iCalendar bytes: invitations (iTIP
// REQUEST and CANCEL, sent by email) and subscription feeds. Every function is
// pure: the same input always gives the same bytes, which is what lets a feed
// carry a strong ETag. It depends on no other liaison package but apperr, so
// the meeting package maps its records onto the types below.
//
// # The rules of correct calendar output
//
// Users sit in Outlook, Foxmail, WPS, Apple Calendar, Google Calendar and
// phone calendars, and everything written is Chinese text in Asia/Shanghai.
// These are the rules real clients enforce and generators often get wrong;
// comments elsewhere cite them as "calendar rule N", and package icstest
// checks them independently.
//
//  1. UTF-8, no BOM; CRLF everywhere; lines of at most 75 octets; folds never
//     split a character; unfolding gives back the exact text.
//  2. TEXT escaping right (会议，议程;A,B → 会议，议程\;A\,B); no invalid escapes.
//  3. Every TZID has its VTIMEZONE (Asia/Shanghai, +0800); DTSTAMP, CREATED and
//     LAST-MODIFIED in UTC (Z); all-day items VALUE=DATE with exclusive end.
//  4. One UID per meeting, stable forever and identical in invitations, feeds
//     and email; no personal data in it.
//  5. SEQUENCE starts at 0, grows with every change of time, place or status
//     that is sent out, never goes back; a CANCEL carries the next value.
//     DTSTAMP grows with each message.
//  6. Invitations: METHOD:REQUEST with one ORGANIZER (mailto), ATTENDEEs with
//     CN, ROLE, PARTSTAT, RSVP; cancellations METHOD:CANCEL and
//     STATUS:CANCELLED with the same UID; a removed attendee receives a
//     CANCEL; one occurrence of a series is cancelled or moved with
//     RECURRENCE-ID; EXDATE and RECURRENCE-ID match the series' value type,
//     its TZID and real occurrences.
//  7. Feeds: no METHOD (or PUBLISH), no RSVP, cancelled meetings removed;
//     X-WR-CALNAME, NAME, X-WR-TIMEZONE, REFRESH-INTERVAL;VALUE=DURATION,
//     X-PUBLISHED-TTL; Content-Type text/calendar; charset=utf-8; the same
//     bytes while nothing changed (DTSTAMP = LAST-MODIFIED), a strong ETag,
//     304 on a matching If-None-Match, HEAD works, a changed calendar is
//     always served fresh; Cache-Control: private.
//  8. Feed tokens: at least 128 random bits, stored hashed, compared in
//     constant time, rotatable (the old address then answers 404); an unknown
//     token is 404; the webcal:// link is the https link with the scheme
//     changed.
//  9. Confidentiality: classified meetings appear in feeds only as busy time
//     (CLASS:CONFIDENTIAL, a neutral SUMMARY such as 忙碌, no description,
//     place or attendees' names); sensitive ones carry no description.
//  10. VALARM has ACTION and TRIGGER (and DESCRIPTION for DISPLAY).
//  11. Email (iMIP): multipart/mixed → multipart/alternative (text/plain,
//     text/html, text/calendar; charset=UTF-8; method=REQUEST|CANCEL, base64)
//     plus the same bytes as an invite.ics attachment; the MIME method equals
//     METHOD; Subject and sender name RFC 2047-encoded; From equals ORGANIZER,
//     or ORGANIZER carries SENT-BY.
//
// What github.com/emersion/go-ical does not do, and this package does: it
// never folds lines (fold.go folds after encoding, at character
// boundaries); Prop.SetText escapes newlines but not CR (form input is
// normalised to \n first) and a value set on Prop.Value is not escaped at
// all; it never writes a VTIMEZONE (timezone.go adds Asia/Shanghai's, and
// times use time.LoadLocation with time/tzdata, never time.Local or a fixed
// zone); SetText/SetDuration can add or drop VALUE= wrongly (SEQUENCE and
// REFRESH-INTERVAL are built directly); and a calendar with no component
// fails to encode (an empty feed still carries the VTIMEZONE).
package calendar
