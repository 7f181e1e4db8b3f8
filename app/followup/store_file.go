package followup

import (
	"context"

	"liaison/app/apperr"
	"liaison/app/db"
)

// fileRow is FeedbackFile with its bytes, for insert and download.
type fileRow struct {
	FeedbackFile
	Data []byte
}

func (fileRow) TableName() string { return "action_feedback_files" }

// fileColumns are the metadata columns: lists never load the bytes.
const fileColumns = "id, feedback_id, action_item_id, filename, content_type, size, sha256, created_by, created_at"

// AddFile inserts f with its bytes.
func (s *store) AddFile(ctx context.Context, f *FeedbackFile, data []byte) error {
	row := fileRow{FeedbackFile: *f, Data: data}
	if err := s.db.Conn(ctx).Create(&row).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	*f = row.FeedbackFile
	return nil
}

// Files returns the attachments of an item's feedback, without bytes.
func (s *store) Files(ctx context.Context, itemID int64) ([]FeedbackFile, error) {
	var out []FeedbackFile
	err := s.db.Conn(ctx).Select(fileColumns).Where("action_item_id = ?", itemID).Order("id").Find(&out).Error
	return out, apperr.Wrap(err, "db")
}

// File returns one attachment of item itemID with its bytes, or NotFound.
func (s *store) File(ctx context.Context, itemID, fileID int64) (FeedbackFile, []byte, error) {
	var row fileRow
	err := s.db.Conn(ctx).Where("id = ? AND action_item_id = ?", fileID, itemID).Take(&row).Error
	if db.IsNotFound(err) {
		return FeedbackFile{}, nil, apperr.NotFoundErr("file")
	}
	if err != nil {
		return FeedbackFile{}, nil, apperr.Wrap(err, "db")
	}
	return row.FeedbackFile, row.Data, nil
}
