package casefile

import (
	"context"
	"time"

	"liaison/app/account"
	"liaison/app/workday"
)

// What the 工作台 asks of the case register: documents addressed to my
// unit awaiting 签收, and case notifications to my unit not read yet. Each
// is a count and its first rows, from the records, one statement a list.

// TodoDocument is a document awaiting receipt. Title is empty unless the
// document is ordinary: its register entry (type, 文号) names it.
type TodoDocument struct {
	ID            int64               `json:"id"`
	Type          DocumentType        `json:"type"`
	Number        string              `json:"number"`
	Title         string              `json:"title"`
	Sensitivity   account.Sensitivity `json:"sensitivity"`
	IssuingUnitID int64               `json:"issuing_unit_id"`
	IssuedOn      workday.Date        `json:"issued_on"`
}

// TodoNote is a case notification not read yet, named by the case's 案号;
// its summary is never shown here.
type TodoNote struct {
	ID          int64               `json:"id"`
	CaseID      int64               `json:"case_id"`
	CaseNumber  string              `json:"case_number"`
	Sensitivity account.Sensitivity `json:"sensitivity"`
	Stage       NoteStage           `json:"stage"`
	FromUnitID  int64               `json:"from_unit_id"`
	CreatedAt   time.Time           `json:"created_at"`
}

// Todo is the register's part of one person's 工作台.
type Todo struct {
	Receipts      []TodoDocument
	ReceiptsCount int
	Notes         []TodoNote
	NotesCount    int
}

// Todo gathers the lists of a's unit, limit rows each, oldest first. Any
// person of the addressee unit signs for a document (MayReceive) and reads
// its notifications (MarkRead), so every role of the unit sees them.
func (s *Service) Todo(ctx context.Context, a account.Actor, limit int) (Todo, error) {
	var t Todo
	if a.IsAnonymous() || a.UnitID == 0 {
		return t, nil
	}
	var err error
	if t.Receipts, t.ReceiptsCount, err = s.store.todoReceipts(ctx, a.UnitID, limit); err != nil {
		return t, err
	}
	if t.Notes, t.NotesCount, err = s.store.todoNotes(ctx, a.UnitID, limit); err != nil {
		return t, err
	}
	for i := range t.Receipts {
		if t.Receipts[i].Sensitivity != account.Ordinary {
			t.Receipts[i].Title = ""
		}
	}
	for i := range t.Notes {
		t.Notes[i].CreatedAt = t.Notes[i].CreatedAt.In(workday.Shanghai())
	}
	return t, nil
}
