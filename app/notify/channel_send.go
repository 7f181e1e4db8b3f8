package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// errRateLimited is the robot's errcode 45009: try again after the window.
var errRateLimited = errors.New("rate limited by the robot (errcode 45009)")

// newWebClient posts to unit channels: a hard deadline, and redirects
// followed only within the configured host (an admin configured that host;
// a redirect elsewhere is not theirs to vouch for).
func newWebClient(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 3 || req.URL.Host != via[0].URL.Host {
			return errors.New("redirect to another host refused")
		}
		return nil
	}}
}

// deliverChannel sends o, a robot or webhook row, together with the
// channel's other due rows as one message. The channel sends at most one
// message per window across all instances: a worker first wins the window
// (reserveWindow), and only then claims the rows, so two workers never
// split a batch; the loser looks again when the window ends. It returns
// that time, or zero when there is nothing more to do.
func (s *Service) deliverChannel(ctx context.Context, o Outbox) (time.Time, error) {
	now := s.now()
	staleBefore := now.Add(-s.opts.StaleAfter)
	due := (o.Status == Queued || o.Status == Failed) && o.NextAttemptAt != nil
	stale := o.Status == Sending && o.ClaimedAt != nil && o.ClaimedAt.Before(staleBefore)
	switch {
	case due && o.NextAttemptAt.After(now):
		return *o.NextAttemptAt, nil // our clock is behind the relay's: look again then
	case !due && !stale:
		return time.Time{}, nil // sent, given up, or being sent
	}
	c, found, err := s.st.channel(ctx, *o.UnitID, o.Channel)
	if err != nil {
		return time.Time{}, err
	}
	if found && c.Enabled && o.Kind != KindChannelTest {
		ok, next, err := s.st.reserveWindow(ctx, c.ID, now, s.opts.ChannelWindow)
		if err != nil || !ok {
			return next, err
		}
	}
	if ok, err := s.st.claim(ctx, o.ID, s.worker, now, staleBefore); err != nil || !ok {
		return time.Time{}, err
	}
	rows, err := s.st.claimBatch(ctx, o, s.worker, now, staleBefore, maxBatch-1)
	if err != nil {
		return time.Time{}, err
	}
	var todo []Outbox
	for _, r := range rows {
		// A batch whose commit was lost once (see the package doc) is in
		// the sent-log already.
		done, err := s.st.alreadySent(ctx, r)
		if err != nil {
			return time.Time{}, err
		}
		if done {
			if err := s.st.markSent(ctx, r, s.worker, now); err != nil {
				return time.Time{}, err
			}
			continue
		}
		todo = append(todo, r)
	}
	if len(todo) == 0 {
		return time.Time{}, nil
	}
	if !found || !c.Enabled {
		ids := make([]int64, len(todo))
		for i, r := range todo {
			ids[i] = r.ID
		}
		return time.Time{}, s.st.markBatchNotSent(ctx, ids, s.worker, "channel removed or disabled by an administrator")
	}
	sendErr := s.postChannel(ctx, c, todo)
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if sendErr == nil {
		return time.Time{}, s.db.WithTx(rctx, func(ctx context.Context) error {
			for _, r := range todo {
				if err := s.st.markSent(ctx, r, s.worker, s.now()); err != nil {
					return err
				}
			}
			return nil
		})
	}
	s.log.Warn("channel message not sent", "channel", c.Kind, "unit_id", c.UnitID, "rows", len(todo), "err", sendErr)
	for _, r := range todo {
		var next *time.Time
		switch {
		case errors.Is(sendErr, errRateLimited):
			t := s.now().Add(s.opts.ChannelWindow)
			next = &t
		case !errors.Is(sendErr, errPermanent) && r.Attempts-r.RetryBase < s.opts.MaxAttempts:
			t := s.now().Add(s.opts.Backoff(r.Attempts - r.RetryBase))
			next = &t
		}
		if err := s.st.markFailed(rctx, r.ID, s.worker, truncate(sendErr.Error(), 1000), next); err != nil {
			return time.Time{}, err
		}
	}
	return time.Time{}, nil
}

// postChannel renders rows for c and posts them. Errors never quote the URL:
// a robot's URL carries its key.
func (s *Service) postChannel(ctx context.Context, c unitChannel, rows []Outbox) error {
	sl, err := s.sealerFor()
	if err != nil {
		return err
	}
	target, err := sl.open(c.UnitID, c.Kind, "url", c.URLSealed)
	if err != nil {
		return fmt.Errorf("%w: %v", errPermanent, err)
	}
	items := make([]channelItem, 0, len(rows))
	for _, r := range rows {
		var it channelItem
		if err := json.Unmarshal(r.Message, &it); err != nil {
			return fmt.Errorf("%w: stored message: %v", errPermanent, err)
		}
		items = append(items, it)
	}
	var body []byte
	hdr := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	switch c.Kind {
	case ChannelRobot:
		if c.MsgType == RobotText {
			body, err = robotTextBody(items)
		} else {
			body, err = robotBody(items)
		}
	default:
		secret, oerr := sl.open(c.UnitID, c.Kind, "secret", c.SecretSealed)
		if oerr != nil {
			return fmt.Errorf("%w: %v", errPermanent, oerr)
		}
		now := s.now()
		body, err = json.Marshal(webhookPayload{UnitID: c.UnitID, SentAt: now, Messages: items})
		ts := now.Unix()
		hdr.Set("X-Liaison-Timestamp", strconv.FormatInt(ts, 10))
		hdr.Set("X-Liaison-Signature", Sign(secret, ts, body))
		hdr.Set("X-Liaison-Delivery", items[0].ID)
	}
	if err != nil {
		return err
	}
	return s.post(ctx, c.Kind, target, hdr, body)
}

// post sends one request and judges the answer: for the robot, HTTP 200 is
// not enough, the body's errcode must be 0.
func (s *Service) post(ctx context.Context, kind Channel, target string, hdr http.Header, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%w: bad channel URL", errPermanent)
	}
	req.Header = hdr
	resp, err := s.web.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL
		}
		return fmt.Errorf("post: %v", err)
	}
	defer func() { _ = resp.Body.Close() }()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode >= 500:
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return fmt.Errorf("%w: HTTP %d", errPermanent, resp.StatusCode)
	case kind != ChannelRobot:
		return nil
	}
	var r struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(answer, &r); err != nil || r.ErrCode == nil {
		return errors.New("robot answered without an errcode")
	}
	switch *r.ErrCode {
	case 0:
		return nil
	case 45009:
		return errRateLimited
	case -1: // system busy
		return fmt.Errorf("robot errcode -1: %s", truncate(r.ErrMsg, 200))
	default:
		return fmt.Errorf("%w: robot errcode %d: %s", errPermanent, *r.ErrCode, truncate(r.ErrMsg, 200))
	}
}
