package casefile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/scan"
)

// File is an uploaded scan of a document (its bytes are loaded only to
// download it).
type File struct {
	ID          int64     `json:"id"`
	DocumentID  int64     `json:"document_id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256" gorm:"column:sha256"`
	CreatedBy   *int64    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	Data        []byte    `json:"-" gorm:"->:false;<-:create"`
}

// TableName maps File to its table.
func (File) TableName() string { return "document_files" }

// Upload stores a scan of document docID for an actor who may edit it.
// Sensitive and classified documents travel on paper: no scans. The bytes
// must be a PDF, PNG or JPEG by content and at most limit bytes.
func (s *Service) Upload(ctx context.Context, a account.Actor, docID int64, filename string, data []byte, limit int64) (File, error) {
	d, canEdit, err := s.documentFor(ctx, a, docID)
	if err != nil {
		return File{}, err
	}
	if !canEdit {
		return File{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	f := apperr.Fields{}
	ct := scan.Sniff(data)
	switch {
	case account.RefuseContent(f, d.Sensitivity, "file", true):
	case len(data) == 0:
		f.Add("file", "required")
	case int64(len(data)) > limit:
		return File{}, FileTooLarge(limit)
	case ct == "":
		f.Add("file", "document.file_type")
	}
	if err := f.Err(); err != nil {
		return File{}, err
	}
	sum := sha256.Sum256(data)
	file := File{DocumentID: d.ID, Filename: scan.CleanName(filename), ContentType: ct, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]),
		CreatedAt: s.Now(), Data: data}
	if a.UserID > 0 {
		uid := a.UserID
		file.CreatedBy = &uid
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateFile(ctx, &file); err != nil {
			return err
		}
		return s.Accounts.Audit(ctx, a, "document.upload", "document", d.ID, map[string]any{"file_id": file.ID, "size": file.Size, "content_type": ct})
	})
	file.Data = nil
	return file, err
}

// FileTooLarge is the error for a scan over the upload limit.
func FileTooLarge(limit int64) error {
	return &apperr.Error{Kind: apperr.Invalid, Code: "document.file_too_large", Fields: map[string]string{"file": "document.file_too_large"},
		Args: map[string]any{"MB": limit >> 20}}
}

// Download returns a scan with its bytes for an actor who may see the document.
func (s *Service) Download(ctx context.Context, a account.Actor, docID, fileID int64) (File, error) {
	if _, _, err := s.documentFor(ctx, a, docID); err != nil {
		return File{}, err
	}
	return s.store.File(ctx, docID, fileID)
}
