package notify

import "time"

// Status is where an outbox row stands.
type Status string

// The outbox statuses. failed with a NextAttemptAt is waiting for an
// automatic retry; failed without one has given up until an admin retries.
const (
	Queued  Status = "queued"
	Sending Status = "sending"
	Sent    Status = "sent"
	Failed  Status = "failed"
	NotSent Status = "not_sent" // recorded while no SMTP server is configured
)

// Statuses lists the statuses in display order.
var Statuses = []Status{Queued, Sending, Sent, Failed, NotSent}

// Outbox is one recorded mail; Message holds its exact bytes.
type Outbox struct {
	ID            int64      `json:"id"`
	Kind          string     `json:"kind"`
	Channel       Channel    `json:"channel" gorm:"default:mail"`
	UnitID        *int64     `json:"unit_id"` // whose channel, for robot and webhook rows
	Link          string     `json:"link"`    // the record a channel message is about
	DedupeKey     string     `json:"dedupe_key"`
	MeetingID     *int64     `json:"meeting_id"`
	Sequence      *int       `json:"sequence"`
	Recipient     string     `json:"recipient"`
	Subject       string     `json:"subject"`
	MessageID     string     `json:"message_id"`
	Message       []byte     `json:"-"`
	Status        Status     `json:"status"`
	Attempts      int        `json:"attempts"`
	RetryBase     int        `json:"-"` // Attempts when an admin last retried
	LastError     string     `json:"last_error"`
	ClaimedBy     string     `json:"-"`
	ClaimedAt     *time.Time `json:"-"`
	NextAttemptAt *time.Time `json:"next_attempt_at"`
	CreatedAt     time.Time  `json:"created_at"`
	SentAt        *time.Time `json:"sent_at"`
}

// TableName is the outbox table.
func (Outbox) TableName() string { return "outbox" }

// sentLog is the proof that a mail went out; see the migration.
type sentLog struct {
	ID        int64
	OutboxID  int64
	DedupeKey string
	MeetingID *int64
	Recipient string
	Kind      string
	Sequence  *int
	SentAt    time.Time
}

func (sentLog) TableName() string { return "sent_log" }

// Notification is one in-app message for one user.
type Notification struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	Kind      string     `json:"kind"` // the event kind; "" for older rows
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	Link      string     `json:"link"`
	ReadAt    *time.Time `json:"read_at"`
	CreatedAt time.Time  `json:"created_at"`
}

// TableName is the notifications table.
func (Notification) TableName() string { return "notifications" }
