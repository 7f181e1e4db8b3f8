package meeting

import (
	"context"

	"gorm.io/gorm"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/workday"
)

// fileRow is File with its bytes, for insert and download.
type fileRow struct {
	File
	Data []byte
}

func (fileRow) TableName() string { return "meeting_files" }

// fileColumns are the metadata columns: lists never load the bytes.
const fileColumns = "id, meeting_id, agenda_item_id, name, content_type, size, sha256, version, uploaded_by, uploaded_at"

// lockFiles serialises uploads to meeting id until the transaction ends
// (a no-op UPDATE of its row, as lockExclusiveRoom), so two uploads of one
// name get versions one after the other instead of a conflict.
func (s *store) lockFiles(ctx context.Context, id int64) error {
	err := s.conn(ctx).Model(&Meeting{}).Where("id = ?", id).UpdateColumn("version", gorm.Expr("version")).Error
	return apperr.Wrap(err, "db")
}

// nextFileVersion is the version a new upload of name under the meeting
// (item nil) or agenda item gets.
func (s *store) nextFileVersion(ctx context.Context, id int64, item *int64, name string) (int, error) {
	q := s.conn(ctx).Model(&File{}).Where("meeting_id = ? AND name = ?", id, name)
	if item == nil {
		q = q.Where("agenda_item_id IS NULL")
	} else {
		q = q.Where("agenda_item_id = ?", *item)
	}
	var v int
	if err := q.Select("COALESCE(MAX(version), 0)").Scan(&v).Error; err != nil {
		return 0, apperr.Wrap(err, "db")
	}
	return v + 1, nil
}

// addFile inserts f with its bytes; two uploads of one name racing for
// the same version: the second is a conflict.
func (s *store) addFile(ctx context.Context, f *File, data []byte) error {
	f.UploadedAt = f.UploadedAt.UTC()
	row := fileRow{File: *f, Data: data}
	if err := s.conn(ctx).Create(&row).Error; err != nil {
		if db.IsUnique(err) {
			return apperr.ConflictVersion()
		}
		return dbErr(err)
	}
	*f = row.File
	f.local()
	return nil
}

func (f *File) local() { f.UploadedAt = f.UploadedAt.In(workday.Shanghai()) }

// files returns every version of meeting id's materials without bytes,
// newest first.
func (s *store) files(ctx context.Context, id int64) ([]File, error) {
	out := []File{}
	err := s.conn(ctx).Select(fileColumns).Where("meeting_id = ?", id).Order("version DESC, id DESC").Find(&out).Error
	for i := range out {
		out[i].local()
	}
	return out, apperr.Wrap(err, "db")
}

// file returns one material of meeting id with its bytes, or NotFound.
func (s *store) file(ctx context.Context, id, fileID int64) (File, []byte, error) {
	var row fileRow
	err := s.conn(ctx).Where("id = ? AND meeting_id = ?", fileID, id).Take(&row).Error
	if db.IsNotFound(err) {
		return File{}, nil, apperr.NotFoundErr("file")
	}
	if err != nil {
		return File{}, nil, apperr.Wrap(err, "db")
	}
	row.File.local()
	return row.File, row.Data, nil
}

// deleteFile removes one material of meeting id, or NotFound.
func (s *store) deleteFile(ctx context.Context, id, fileID int64) error {
	res := s.conn(ctx).Where("id = ? AND meeting_id = ?", fileID, id).Delete(&File{})
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundErr("file")
	}
	return nil
}

// fileCount is how many material versions meeting id holds.
func (s *store) fileCount(ctx context.Context, id int64) (int64, error) {
	var n int64
	err := s.conn(ctx).Model(&File{}).Where("meeting_id = ?", id).Count(&n).Error
	return n, apperr.Wrap(err, "db")
}

// StoredBytes is the size of every meeting material version kept, for the
// storage figures.
func (s *Service) StoredBytes(ctx context.Context) (int64, error) { return s.store.fileBytes(ctx) }

func (s *store) fileBytes(ctx context.Context) (int64, error) {
	var n int64
	err := s.conn(ctx).Model(&File{}).Select("COALESCE(SUM(size), 0)").Scan(&n).Error
	return n, apperr.Wrap(err, "db")
}
