package notify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"liaison/app/clock"
	"liaison/app/db/dbtest"
	"liaison/app/notify"
)

// TestChannels_TwoInstances runs two workers on one database (PostgreSQL in
// CI) while messages keep arriving for several units, one of whose rows was
// left mid-send by a worker that died: every message reaches its webhook
// exactly once, the dead worker's only after Options.StaleAfter.
func TestChannels_TwoInstances(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	r := newReceiver(t)
	o := channelOpts(time.Second)
	o.StaleAfter = 6 * time.Second
	a := newService(t, d, "", 0, o)
	b := newService(t, d, "", 0, o)
	ctx := context.Background()
	const units, rounds = 5, 4
	var ids []int64
	for i := range units {
		u := newUnit(t, d, fmt.Sprintf("执法单位%d", i))
		configure(t, a, u, notify.ChannelWebhook, r.URL, "webhook-secret-0123456789")
		ids = append(ids, u)
	}
	// The dead worker's row: claimed, its POST maybe under way, never committed.
	send(t, d, a, ids[:1], msg("dead", "死去的发送", ""))
	dead := channelKey(notify.ChannelWebhook, ids[0], "dead")
	claimed := d.Now()
	if err := d.Conn(ctx).Exec("UPDATE outbox SET status = ?, claimed_by = ?, claimed_at = ?, attempts = 1 WHERE dedupe_key = ?",
		notify.Sending, "dead-worker", claimed, dead).Error; err != nil {
		t.Fatal(err)
	}
	for i := range units {
		send(t, d, a, ids[i:i+1], msg("round0", "第0轮", ""))
	}
	start(t, a)
	start(t, b)
	for round := 1; round < rounds; round++ {
		time.Sleep(700 * time.Millisecond)
		send(t, d, b, ids, msg(fmt.Sprintf("round%d", round), fmt.Sprintf("第%d轮", round), ""))
	}
	want := units*rounds + 1
	// Wait until every row is sent, then count what the receiver got.
	for sw := clock.StartStopwatch(); ; time.Sleep(100 * time.Millisecond) {
		if n := len(outbox(t, a, notify.Sent)); n == want {
			break
		} else if sw.Elapsed() > 30*time.Second {
			t.Fatalf("%d of %d rows sent", n, want)
		}
	}
	time.Sleep(500 * time.Millisecond) // let any duplicate arrive
	seen := map[string]int{}
	perUnit := map[int64]int{}
	for _, req := range r.all() {
		var body webhookBody
		if err := json.Unmarshal(req.Body, &body); err != nil {
			t.Fatal(err)
		}
		perUnit[body.UnitID]++
		for _, m := range body.Messages {
			seen[m.ID]++
		}
	}
	if len(seen) != want {
		t.Errorf("%d distinct messages received, want %d", len(seen), want)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("message %s received %d times", id, n)
		}
	}
	// Batching held across instances: a unit gets at most one request per
	// window (rounds arrive faster than that).
	for u, n := range perUnit {
		if n > rounds+1 {
			t.Errorf("unit %d got %d requests for %d rounds", u, n, rounds)
		}
	}
	row := waitStatus(t, a, dead, notify.Sent)
	if row.SentAt.Sub(claimed) < o.StaleAfter {
		t.Errorf("the dead worker's row was re-sent %v after its claim, before StaleAfter", row.SentAt.Sub(claimed))
	}
}
