package demo_test

import (
	"testing"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/page"
)

// TestLoadActivity_Documents: the demo district's documents are received
// (signed for in the app, or on paper) and have their action items, and
// one still awaits receipt, so both states show in the demo.
func TestLoadActivity_Documents(t *testing.T) {
	t.Parallel()
	_, deps := activityDistrict(t)
	ctx := t.Context()
	leader, err := deps.Accounts.UserByUsername(ctx, "zhao.lei")
	if err != nil {
		t.Fatal(err)
	}
	a := account.ActorFor(leader, account.KindRuleOfLawOffice)
	docs, err := deps.Cases.ListDocuments(ctx, a, casefile.DocumentFilter{Page: page.Request{Limit: page.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	received, awaiting, signed := 0, 0, 0
	for _, doc := range docs.Items {
		det, err := deps.Cases.GetDocument(ctx, a, doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case doc.IsReceived():
			received++
			if len(det.ActionItems) != 1 || det.ReplyDueOn.IsZero() || !det.ActionItems[0].ReceivedOn.Equal(doc.ReceivedOn) ||
				!det.ActionItems[0].DueOn.Equal(doc.ReplyDueOn) {
				t.Errorf("%s: received %s, due %s, items %+v", doc.Number, doc.ReceivedOn, doc.ReplyDueOn, det.ActionItems)
			}
			if doc.ReceivedBy != nil {
				signed++
			}
		default:
			awaiting++
			if len(det.ActionItems) != 0 || !doc.ReplyDueOn.IsZero() || doc.Waiting == nil {
				t.Errorf("%s awaits receipt with items %+v, due %s, waiting %v", doc.Number, det.ActionItems, doc.ReplyDueOn, doc.Waiting)
			}
		}
	}
	if received < 3 || awaiting != 1 || signed != 1 {
		t.Errorf("demo documents: %d received (%d signed for in the app), %d awaiting receipt", received, signed, awaiting)
	}
}
