package followup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/scan"
)

// FeedbackFile is a scan attached to feedback; its bytes load only to
// download it.
type FeedbackFile struct {
	ID           int64     `json:"id"`
	FeedbackID   int64     `json:"feedback_id"`
	ActionItemID int64     `json:"action_item_id"`
	Filename     string    `json:"filename"`
	ContentType  string    `json:"content_type"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256" gorm:"column:sha256"`
	CreatedBy    *int64    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// TableName maps FeedbackFile to its table.
func (FeedbackFile) TableName() string { return "action_feedback_files" }

// Upload is a file sent with feedback.
type Upload struct {
	Name string
	Data []byte
}

// DefaultFileLimit bounds one attachment unless the service is told otherwise.
const DefaultFileLimit = 10 << 20

// maxFiles bounds the attachments of one feedback.
const maxFiles = 10

// checkUploads validates attachments for item it: ordinary items only, at
// most maxFiles, each a PDF, PNG or JPEG by content within limit bytes.
func checkUploads(it ActionItem, files []Upload, limit int64) ([]FeedbackFile, error) {
	if len(files) == 0 {
		return nil, nil
	}
	switch {
	case !it.Sensitivity.HoldsContent():
		return nil, account.ContentError(it.Sensitivity, "file", true)
	case len(files) > maxFiles:
		return nil, fieldErr("file", "action.too_many_files")
	}
	out := make([]FeedbackFile, 0, len(files))
	for _, f := range files {
		ct := scan.Sniff(f.Data)
		switch {
		case int64(len(f.Data)) > limit:
			return nil, &apperr.Error{Kind: apperr.Invalid, Code: "invalid", Fields: map[string]string{"file": "action.file_too_large"}, Args: map[string]any{"MB": limit >> 20}}
		case len(f.Data) == 0 || ct == "":
			return nil, fieldErr("file", "action.file_type")
		}
		sum := sha256.Sum256(f.Data)
		out = append(out, FeedbackFile{ActionItemID: it.ID, Filename: scan.CleanName(f.Name), ContentType: ct, Size: int64(len(f.Data)), SHA256: hex.EncodeToString(sum[:])})
	}
	return out, nil
}

// File returns an attachment with its bytes, for an actor who may see the
// item; otherwise NotFound.
func (s *Service) File(ctx context.Context, a account.Actor, itemID, fileID int64) (FeedbackFile, []byte, error) {
	if _, err := s.Get(ctx, a, itemID); err != nil {
		return FeedbackFile{}, nil, err
	}
	return s.store.File(ctx, itemID, fileID)
}
