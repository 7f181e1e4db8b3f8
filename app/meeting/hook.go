package meeting

import "context"

// ChangeHook hears, inside the change's own transaction, that a meeting
// changed in a way its calendar invitations must follow: scheduled, moved,
// cancelled, an occurrence moved or cancelled, an attendee added or removed.
// An error rolls the change back, so whatever the hook records (a job)
// exists if and only if the change commits. The meeting package knows
// nothing of mail; package subscribe makes it (subscribe.InvitationHook),
// and app/wire hands it to NewService.
type ChangeHook interface {
	MeetingChanged(ctx context.Context, meetingID int64) error
}

// changed calls the hook, if one is set; ctx carries the transaction.
func (s *Service) changed(ctx context.Context, id int64) error {
	if s.hook == nil {
		return nil
	}
	if draft, err := s.isDraft(ctx, id); err != nil || draft {
		return err // a draft's invitations wait for 发布 (drafts.go)
	}
	return s.hook.MeetingChanged(ctx, id)
}
