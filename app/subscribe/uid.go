package subscribe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
)

// Action items get calendar UIDs derived from their id. The first form,
// action-5@liaison, is the same in every installation, so a person
// subscribed to two (a district's and a city's) saw one item replace the
// other. Items now carry the installation id, generated once and kept in
// settings so that every instance uses the same one. Items that existed
// when it was generated keep their old UID (the cut-over, the largest id
// then, is stored with it): a changed UID would make every subscribed
// client show the item twice.
const (
	settingInstallationID = "installation_id"
	settingActionCutover  = "action_uid_cutover"
)

// uidRule is the installation id and the action-item cut-over.
type uidRule struct {
	inst    string
	cutover int64
}

// actionUID is the UID of action item id under the rule.
func (u uidRule) actionUID(id int64) string {
	if id <= u.cutover {
		return fmt.Sprintf("action-%d@liaison", id)
	}
	return fmt.Sprintf("action-%d.%s@liaison", id, u.inst)
}

// uidRule loads the rule, creating it on first use; it is kept once read.
// The cut-over is stored first: an item created between the two writes is
// above it, so it gets the new form, which is what it had never been given.
func (s *Service) uidRule(ctx context.Context) (uidRule, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.uids.inst != "" {
		return s.uids, nil
	}
	now := s.Now()
	if err := s.store.actionCutoverOnce(ctx, settingActionCutover, now); err != nil {
		return uidRule{}, err
	}
	cut, err := s.store.setting(ctx, settingActionCutover)
	if err != nil {
		return uidRule{}, err
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	inst, err := s.store.settingOnce(ctx, settingInstallationID, hex.EncodeToString(b), now)
	if err != nil {
		return uidRule{}, err
	}
	n, err := strconv.ParseInt(cut, 10, 64)
	if err != nil || inst == "" {
		return uidRule{}, fmt.Errorf("settings %s=%q %s=%q: %w", settingActionCutover, cut, settingInstallationID, inst, err)
	}
	s.uids = uidRule{inst: inst, cutover: n}
	return s.uids, nil
}
