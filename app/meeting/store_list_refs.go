package meeting

import (
	"context"
	"database/sql"

	"liaison/app/account"
	"liaison/app/apperr"
)

// listRefsSQL reads, for the meetings of a list page, their co-organising
// and inspected units and their attendees' user, unit and answer: what the
// view policy and the caller's own answer need, nothing more, in one
// statement (src 0: a meeting unit, 1: an attendee).
const listRefsSQL = `SELECT 0 AS src, meeting_id, role, unit_id, NULL AS user_id, '' AS answer, 0 AS id
	FROM meeting_units WHERE meeting_id IN ?
	UNION ALL SELECT 1, meeting_id, '', unit_id, user_id, answer, id
	FROM meeting_attendees WHERE meeting_id IN ?
	ORDER BY 2, 1, 3, 4, 7`

// attendeeRef is what a list needs of one attendee: who (a user or a
// unit; 0 for none) for the view policy, and the answer.
type attendeeRef struct {
	UserID, UnitID int64
	Answer         Answer
}

// refScope is Scope over attendee refs.
func (m Meeting) refScope(refs []attendeeRef) account.Scope {
	s := account.Scope{OwnerUnits: m.Owners(), MemberUnits: append([]int64(nil), m.InspectedUnitIDs...), Sensitivity: m.Sensitivity}
	for _, r := range refs {
		if r.UserID != 0 {
			s.MemberUsers = append(s.MemberUsers, r.UserID)
		}
		if r.UnitID != 0 {
			s.MemberUnits = append(s.MemberUnits, r.UnitID)
		}
	}
	return s
}

// fillListRefs sets the units of each meeting of ms (and converts their
// times to Asia/Shanghai, as fillUnits does) and returns their attendees'
// refs by meeting.
func (s *store) fillListRefs(ctx context.Context, ms []Meeting) (map[int64][]attendeeRef, error) {
	idx := make(map[int64]int, len(ms))
	ids := make([]int64, len(ms))
	for i := range ms {
		ids[i], idx[ms[i].ID] = ms[i].ID, i
		ms[i].CoUnitIDs, ms[i].InspectedUnitIDs = nil, nil
	}
	refs := make(map[int64][]attendeeRef, len(ms))
	if len(ms) > 0 {
		rows, err := s.conn(ctx).Raw(listRefsSQL, ids, ids).Rows()
		if err != nil {
			return nil, apperr.Wrap(err, "db")
		}
		defer rows.Close()
		var (
			src, meetingID, id int64
			role, answer       string
			unitID, userID     sql.NullInt64
		)
		for rows.Next() {
			if err := rows.Scan(&src, &meetingID, &role, &unitID, &userID, &answer, &id); err != nil {
				return nil, apperr.Wrap(err, "db")
			}
			i, ok := idx[meetingID]
			switch {
			case !ok:
			case src == 1:
				refs[meetingID] = append(refs[meetingID], attendeeRef{UserID: userID.Int64, UnitID: unitID.Int64, Answer: Answer(answer)})
			default:
				ms[i].addUnit(role, unitID.Int64)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, apperr.Wrap(err, "db")
		}
	}
	for i := range ms {
		ms[i].local()
	}
	return refs, nil
}

// Names are the units and rooms a list page names.
type Names struct {
	Units []account.Unit // by id, at most 200 (ID, Name, ShortName, Kind, Active set)
	Rooms []Room         // by name, at most 500 (ID, Name, Active set)
}

// namesSQL reads Names in one statement.
const namesSQL = `SELECT * FROM (SELECT 0 AS src, id, name, short_name, kind, active, '' AS sk FROM units ORDER BY id LIMIT 200) u
	UNION ALL SELECT * FROM (SELECT 1, id, name, '', '', active, name FROM rooms ORDER BY name, id LIMIT 500) r
	ORDER BY 1, 7, 2`

// Names returns every unit (the first 200 by id) and room, for naming
// them on a list page and offering them as filters.
func (s *store) Names(ctx context.Context) (Names, error) {
	var n Names
	rows, err := s.conn(ctx).Raw(namesSQL).Rows()
	if err != nil {
		return n, apperr.Wrap(err, "db")
	}
	defer rows.Close()
	for rows.Next() {
		var (
			src, id               int64
			name, short, kind, sk string
			active                bool
		)
		if err := rows.Scan(&src, &id, &name, &short, &kind, &active, &sk); err != nil {
			return n, apperr.Wrap(err, "db")
		}
		if src == 0 {
			n.Units = append(n.Units, account.Unit{ID: id, Name: name, ShortName: short, Kind: account.UnitKind(kind), Active: active})
		} else {
			n.Rooms = append(n.Rooms, Room{ID: id, Name: name, Active: active})
		}
	}
	return n, apperr.Wrap(rows.Err(), "db")
}
