package meeting

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/scan"
)

// File is one version of a meeting's material (会议材料): of the meeting,
// or of one of its agenda items. Its bytes load only to download it.
type File struct {
	ID           int64     `json:"id"`
	MeetingID    int64     `json:"meeting_id"`
	AgendaItemID *int64    `json:"agenda_item_id"`
	Name         string    `json:"name"`
	ContentType  string    `json:"content_type"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256" gorm:"column:sha256"`
	Version      int       `json:"version"`
	UploadedBy   *int64    `json:"uploaded_by"`
	UploadedAt   time.Time `json:"uploaded_at"`
	// UploaderName and AgendaTitle name the ids for display (filled by
	// the service); Previous are a listed file's older versions, newest
	// first.
	UploaderName string `json:"uploader_name" gorm:"-"`
	AgendaTitle  string `json:"agenda_item_title,omitempty" gorm:"-"`
	Previous     []File `json:"previous_versions,omitempty" gorm:"-"`
}

// TableName maps File to its table.
func (File) TableName() string { return "meeting_files" }

// FileUpload is a material as sent: its client-side name, bytes and the
// agenda item it belongs to (nil: the meeting as a whole).
type FileUpload struct {
	AgendaItemID *int64
	Name         string
	Data         []byte
}

// FilesOffline is the refusal of materials on a sensitive or classified
// meeting: those travel offline.
func FilesOffline() error {
	return &apperr.Error{Kind: apperr.Invalid, Code: "meeting.files_offline", Fields: map[string]string{"file": "meeting.files_offline"}}
}

// FileTooLarge is the refusal of a material over the upload limit.
func FileTooLarge(limit int64) error {
	return &apperr.Error{Kind: apperr.Invalid, Code: "meeting.file_too_large", Fields: map[string]string{"file": "meeting.file_too_large"},
		Args: map[string]any{"MB": limit >> 20}}
}

// MayUploadFiles reports whether a may add materials to the meeting d
// shows: its organisers anywhere, an agenda item's presenter to that item.
// Sensitive and classified meetings take none.
func MayUploadFiles(a account.Actor, d Detail) bool {
	if !d.Sensitivity.HoldsContent() || d.Status == Cancelled {
		return false
	}
	return d.CanEdit || slices.ContainsFunc(d.Agenda, func(it AgendaItem) bool { return presents(a, it) })
}

func presents(a account.Actor, it AgendaItem) bool {
	return a.UserID > 0 && it.PresenterUserID != nil && *it.PresenterUserID == a.UserID
}

// AddFile stores a material of meeting id, judged by its content (PDF,
// Office documents, PNG, JPEG) within limit bytes. The same name under the
// same meeting or agenda item makes the next version. Organisers may add
// anywhere, a presenter to their own item; others get Forbidden, those who
// may not see the meeting NotFound. A sensitive or classified meeting
// refuses (422 meeting.files_offline) and nothing is stored.
func (s *Service) AddFile(ctx context.Context, a account.Actor, id int64, up FileUpload, limit int64) (File, error) {
	var out File
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.view(ctx, a, id)
		if err != nil {
			return err
		}
		if !m.Sensitivity.HoldsContent() {
			return FilesOffline()
		}
		if m.Status == Cancelled {
			return apperr.E(apperr.Conflict, "meeting.cancelled")
		}
		organiser := a.Can(account.ActEdit, m.Scope(att))
		var item *AgendaItem
		if up.AgendaItemID != nil {
			items, err := s.store.Agenda(ctx, id)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(items, func(x AgendaItem) bool { return x.ID == *up.AgendaItemID })
			if i < 0 {
				return fieldErr("agenda_item_id", "meeting.files_agenda_unknown")
			}
			item = &items[i]
		}
		if !organiser && (item == nil || !presents(a, *item)) {
			return apperr.E(apperr.Forbidden, "forbidden")
		}
		ct := scan.SniffDocument(up.Data, up.Name)
		switch {
		case len(up.Data) == 0:
			return fieldErr("file", "required")
		case int64(len(up.Data)) > limit:
			return FileTooLarge(limit)
		case ct == "":
			return fieldErr("file", "meeting.file_type")
		}
		sum := sha256.Sum256(up.Data)
		out = File{MeetingID: id, AgendaItemID: up.AgendaItemID, Name: scan.CleanName(up.Name), ContentType: ct, Size: int64(len(up.Data)),
			SHA256: hex.EncodeToString(sum[:]), UploadedAt: s.Now()}
		if a.UserID > 0 {
			uid := a.UserID
			out.UploadedBy = &uid
		}
		// take turns with other uploads and with changes of the meeting,
		// then look again: it may have been made sensitive meanwhile
		if err := s.store.lockFiles(ctx, id); err != nil {
			return err
		}
		if now, err := s.store.Get(ctx, id); err != nil {
			return err
		} else if !now.Sensitivity.HoldsContent() {
			return FilesOffline()
		} else if now.Status == Cancelled {
			return apperr.E(apperr.Conflict, "meeting.cancelled")
		}
		if out.Version, err = s.store.nextFileVersion(ctx, id, up.AgendaItemID, out.Name); err != nil {
			return err
		}
		if err := s.store.addFile(ctx, &out, up.Data); err != nil {
			return err
		}
		if item != nil {
			out.AgendaTitle = item.Title
		}
		out.UploaderName = a.Name
		return s.Accounts.AuditChange(ctx, a, "meeting.file.add", "meeting", id, nil, fileAudit(out),
			map[string]any{"file_id": out.ID, "size": out.Size, "content_type": ct})
	})
	return out, err
}

// fileAudit is what the audit log keeps of a material: never its bytes.
func fileAudit(f File) map[string]any {
	return map[string]any{"file_id": f.ID, "agenda_item_id": f.AgendaItemID, "name": f.Name, "version": f.Version,
		"size": f.Size, "sha256": f.SHA256}
}

// Files lists the materials of meeting id, each name's latest version with
// the older ones under Previous, the meeting's own first, then by agenda
// order; empty for a sensitive or classified meeting. NotFound when the
// actor may not see the meeting.
func (s *Service) Files(ctx context.Context, a account.Actor, id int64) ([]File, error) {
	m, _, err := s.view(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !m.Sensitivity.HoldsContent() {
		return []File{}, nil
	}
	all, err := s.store.files(ctx, id)
	if err != nil {
		return nil, err
	}
	items, err := s.store.Agenda(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.groupFiles(ctx, all, items)
}

// groupFiles names uploaders and items and folds older versions under
// the latest one; a removed item's files count as the meeting's.
func (s *Service) groupFiles(ctx context.Context, all []File, items []AgendaItem) ([]File, error) {
	var uids []int64
	for _, f := range all {
		if f.UploadedBy != nil {
			uids = append(uids, *f.UploadedBy)
		}
	}
	users, err := s.Accounts.UsersByIDs(ctx, uids)
	if err != nil {
		return nil, err
	}
	pos := map[int64]int{}
	title := map[int64]string{}
	for _, it := range items {
		pos[it.ID], title[it.ID] = it.Position, it.Title
	}
	type key struct {
		item int64
		name string
	}
	latest := map[key]int{}
	out := []File{}
	// all is ordered newest first: the first of a name is its latest
	for _, f := range all {
		if f.UploadedBy != nil {
			f.UploaderName = users[*f.UploadedBy].DisplayName
		}
		k := key{name: f.Name}
		if f.AgendaItemID != nil {
			if _, ok := pos[*f.AgendaItemID]; ok {
				k.item = *f.AgendaItemID
				f.AgendaTitle = title[k.item]
			}
		}
		if i, ok := latest[k]; ok {
			out[i].Previous = append(out[i].Previous, f)
			continue
		}
		latest[k] = len(out)
		out = append(out, f)
	}
	order := func(f File) int {
		if f.AgendaItemID == nil {
			return 0
		}
		return pos[*f.AgendaItemID] // 0 too for a removed item
	}
	slices.SortStableFunc(out, func(x, y File) int { return order(x) - order(y) })
	return out, nil
}

// File returns one version of a material with its bytes, for an actor who
// may see the meeting; NotFound otherwise, and on a sensitive or
// classified meeting.
func (s *Service) File(ctx context.Context, a account.Actor, id, fileID int64) (File, []byte, error) {
	m, _, err := s.view(ctx, a, id)
	if err != nil {
		return File{}, nil, err
	}
	if !m.Sensitivity.HoldsContent() {
		return File{}, nil, apperr.NotFoundErr("file")
	}
	return s.store.file(ctx, id, fileID)
}

// DeleteFile removes one version of a material: its uploader or an
// organiser may. NotFound for those who may not see the meeting or the
// file.
func (s *Service) DeleteFile(ctx context.Context, a account.Actor, id, fileID int64) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.view(ctx, a, id)
		if err != nil {
			return err
		}
		f, _, err := s.store.file(ctx, id, fileID)
		if err != nil {
			return err
		}
		mine := f.UploadedBy != nil && a.UserID > 0 && *f.UploadedBy == a.UserID
		if !mine && !a.Can(account.ActEdit, m.Scope(att)) {
			return apperr.E(apperr.Forbidden, "forbidden")
		}
		if err := s.store.deleteFile(ctx, id, fileID); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "meeting.file.remove", "meeting", id, fileAudit(f), nil, map[string]any{"file_id": f.ID})
	})
}

// heldFiles reports whether meeting id holds materials (a meeting with
// them cannot become sensitive or classified).
func (s *Service) heldFiles(ctx context.Context, id int64) (bool, error) {
	n, err := s.store.fileCount(ctx, id)
	return n > 0, err
}
