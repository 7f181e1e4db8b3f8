package casefile

import (
	"context"

	"liaison/app/apperr"
	"liaison/app/db"
)

// CreateFile inserts a scan with its bytes.
func (s *store) CreateFile(ctx context.Context, f *File) error {
	return apperr.Wrap(s.db.Conn(ctx).Create(f).Error, "db")
}

// fileMeta are the columns of a scan without its bytes.
const fileMeta = "id, document_id, filename, content_type, size, sha256, created_by, created_at"

// Files lists a document's scans without their bytes.
func (s *store) Files(ctx context.Context, docID int64) ([]File, error) {
	out := []File{}
	err := s.db.Conn(ctx).Select(fileMeta).Where("document_id = ?", docID).Order("id").Limit(maxTimeline).Find(&out).Error
	return out, apperr.Wrap(err, "db")
}

// File returns one scan of document docID with its bytes, or NotFound.
func (s *store) File(ctx context.Context, docID, id int64) (File, error) {
	var f File
	err := s.db.Conn(ctx).Select(fileMeta).Where("id = ? AND document_id = ?", id, docID).Take(&f).Error
	if db.IsNotFound(err) {
		return f, apperr.NotFoundErr("file")
	}
	if err != nil {
		return f, apperr.Wrap(err, "db")
	}
	var data []byte
	err = s.db.Conn(ctx).Model(&File{}).Select("data").Where("id = ?", id).Row().Scan(&data)
	f.Data = data
	return f, apperr.Wrap(err, "db")
}
