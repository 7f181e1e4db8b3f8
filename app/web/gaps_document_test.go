package web_test

import (
	"context"
	"testing"

	"liaison/app/casefile"
	"liaison/app/db/dbtest"
	"liaison/app/web/webtest"
)

// TestGaps_CreateDocumentAnswerInTx: the answer to a document creation is
// read inside its transaction. Every statement, the reads for the answer
// included, is interrupted in turn and each time nothing is saved; nothing
// runs after the commit, so an error can never mean "saved after all", and
// the client's retry over HTTP is a 201, not a 409 on its own number.
func TestGaps_CreateDocumentAnswerInTx(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	k := proc.CreateCase(t, cfCase(d, "G-case"))
	issued := webtest.DaysFromToday(-10).String()
	in := func(number string) casefile.DocumentInput {
		// Received on paper the day of issue: the action item is created
		// in the same transaction.
		return casefile.DocumentInput{Type: casefile.ProcuratorialSuggestion, Number: number,
			IssuingUnitID: d.Procuratorate.ID, AddresseeUnitID: d.AgencyA.ID, CCUnitIDs: []int64{d.Justice.ID},
			IssuedOn: issued, ReceivedOn: &issued, CaseIDs: []int64{k.ID}}
	}
	var got casefile.DocumentDetail
	r := interruptEach(t, e, func(ctx context.Context) error {
		var err error
		got, err = e.Deps.Cases.CreateDocument(ctx, e.Actor(d.ProcSec), in("检建〔2026〕81号"))
		return err
	})
	t.Logf("create document: %d injection points %v; after the commit %v", r.points, r.statements, r.after)
	if len(r.after) != 0 {
		t.Fatalf("statements after the commit %v: a failure there would report an error for a saved document", r.after)
	}
	last := r.statements[len(r.statements)-1]
	if !last.InTx {
		t.Fatalf("last statement %v ran outside the transaction", last)
	}
	if got.ID == 0 || len(got.ActionItems) != 1 || len(got.Cases) != 1 || len(got.CCUnitIDs) != 1 {
		t.Fatalf("answer %+v", got)
	}

	// An interruption at the answer's last read, then the client's retry
	// over HTTP: nothing was saved, so the number is still free.
	read := 0
	for i, st := range r.statements {
		if st.What == "query document_files" {
			read = i + 1
		}
	}
	if read == 0 {
		t.Fatalf("no read of the answer's files in %v", r.statements)
	}
	f := injectAt(t, e, read)
	if _, err := e.Deps.Cases.CreateDocument(f, e.Actor(d.ProcSec), in("检建〔2026〕82号")); err == nil {
		t.Fatal("the interrupted read reported success")
	}
	doc := proc.CreateDocument(t, cfWith(cfWith(cfDoc(d, "检建〔2026〕82号"), "case_ids", []int64{k.ID}), "received_on", issued))
	if doc.ID == 0 || len(doc.ActionItems) != 1 {
		t.Fatalf("retry answer %+v", doc)
	}
}

// injectAt returns a context whose n-th SQL statement fails.
func injectAt(t *testing.T, e *webtest.Env, n int) context.Context {
	t.Helper()
	f := dbtest.InjectFaults(t, e.DB)
	f.Arm(n)
	return f.Ctx(context.Background())
}
