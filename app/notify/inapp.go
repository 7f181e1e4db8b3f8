package notify

import (
	"context"
	"slices"
	"strings"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/page"
)

// Notify adds an in-app notification for each user, inside the transaction
// carried by ctx. link is a path inside Liaison ("/meetings/12"). The same
// contract as Mail holds: no sensitive or classified content in title or body.
func (s *Service) Notify(ctx context.Context, userIDs []int64, title, body, link string) error {
	f := apperr.Fields{}
	title, body = strings.TrimSpace(title), strings.TrimSpace(body)
	if title == "" || len([]rune(title)) > 200 {
		f.Add("title", "notify.title_invalid")
	}
	if len([]rune(body)) > 2000 {
		f.Add("body", "notify.body_too_long")
	}
	// Only local paths: a notification must not link users elsewhere.
	if link != "" && !localLink(link) {
		f.Add("link", "notify.link_invalid")
	}
	if err := f.Err(); err != nil {
		return err
	}
	ids := slices.Clone(userIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	now := s.now()
	rows := make([]Notification, 0, len(ids))
	for _, id := range ids {
		if id > 0 {
			rows = append(rows, Notification{UserID: id, Title: title, Body: body, Link: link, CreatedAt: now})
		}
	}
	return s.st.insertNotifications(ctx, rows)
}

// localLink reports whether link is a path inside Liaison: a notification
// must not link users elsewhere.
func localLink(link string) bool {
	return strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") && !strings.ContainsAny(link, "\\\r\n")
}

// Notifications pages the actor's own notifications, newest first.
func (s *Service) Notifications(ctx context.Context, a account.Actor, unreadOnly bool, pr page.Request) (page.Page[Notification], error) {
	return s.st.listNotifications(ctx, a.UserID, unreadOnly, pr)
}

// UnreadCount is the number on the bell.
func (s *Service) UnreadCount(ctx context.Context, a account.Actor) (int64, error) {
	return s.st.unreadCount(ctx, a.UserID)
}

// MarkRead marks one of the actor's notifications read; marking it again
// changes nothing. Someone else's notification is not found.
func (s *Service) MarkRead(ctx context.Context, a account.Actor, id int64) (Notification, error) {
	return s.st.markRead(ctx, a.UserID, id, s.now())
}

// MarkAllRead marks all the actor's notifications read.
func (s *Service) MarkAllRead(ctx context.Context, a account.Actor) error {
	return s.st.markAllRead(ctx, a.UserID, s.now())
}
