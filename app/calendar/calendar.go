package calendar

import "time"

// ContentType is the media type of every body this package produces.
const ContentType = "text/calendar; charset=utf-8"

// Sensitivity is a record's 密级; it decides what may leave the system.
type Sensitivity string

// The three levels. An empty or unknown level is an error, never "ordinary":
// redaction must not depend on a field someone forgot to map.
const (
	Ordinary   Sensitivity = "ordinary"   // 普通: published in full
	Sensitive  Sensitivity = "sensitive"  // 敏感: never a description
	Classified Sensitivity = "classified" // 涉密: busy time only
)

// Status values of an Event or an Override.
const (
	StatusConfirmed = "confirmed"
	StatusCancelled = "cancelled"
)

// Attendee roles (Attendee.Role); empty means RoleRequired.
const (
	RoleChair    = "chair"    // 主持
	RoleRequired = "required" // 参会
	RoleOptional = "optional" // 列席
	RoleExpert   = "expert"   // 特邀专家
	RoleRecorder = "recorder" // 记录
)

// Attendee answers (Attendee.Answer); empty means AnswerPending.
const (
	AnswerPending   = "pending"
	AnswerAccepted  = "accepted"
	AnswerDeclined  = "declined"
	AnswerTentative = "tentative"
	AnswerDelegated = "delegated" // 委托他人参会
)

// Method is the iTIP method of an invitation.
type Method string

// The methods an invitation can carry.
const (
	Request Method = "REQUEST"
	Cancel  Method = "CANCEL"
	// Publish is a download for someone not invited: the meeting as it
	// stands, with no ATTENDEE, so no client offers to answer for them.
	Publish Method = "PUBLISH"
)

// Person is someone a calendar entry names; Email may be empty.
type Person struct {
	Name  string
	Email string
}

// Attendee is a person invited to a meeting, with role and answer.
type Attendee struct {
	Person
	Role   string // RoleChair … RoleRecorder
	Answer string // AnswerPending … AnswerDelegated
	// A delegation names both sides (RFC 5545 DELEGATED-TO/-FROM): the
	// delegator's client shows whom it went to, and the delegate's client
	// shows on whose behalf they attend. Emails; empty when not delegated.
	DelegatedTo, DelegatedFrom string
}

// Event is one meeting, or the master of a recurring series.
type Event struct {
	UID      string // stable forever, identical in invites, feeds and email
	Sequence int    // the caller increments it before sending a change
	Status   string // StatusConfirmed or StatusCancelled

	Title, Description, Location, URL string
	// Online is the link of an online or hybrid meeting: written as URL and
	// RFC 7986 CONFERENCE (with a label naming the service) and in the
	// description, while LOCATION keeps the room.
	Online string
	// Comment is sent with a CANCEL (the reason), for ordinary meetings.
	Comment string
	// Neutral, when set, is the SUMMARY of a mail about a sensitive or
	// classified meeting: a mail's calendar part shows no more than its
	// body, so no title, place, link, description or attendee names.
	Neutral string

	Start, End  time.Time // any zone; written in Asia/Shanghai
	Sensitivity Sensitivity

	Organizer Person
	SentBy    string // email of a secretary sending for the organizer
	Attendees []Attendee

	RRule     string      // "FREQ=MONTHLY;COUNT=6", see ValidateRRule
	ExDates   []time.Time // original starts of cancelled occurrences
	Overrides []Override  // occurrences moved or changed one by one

	Created, LastModified time.Time       // LastModified is also a feed's DTSTAMP
	Alarms                []time.Duration // reminders this long before the start

	// NoMailReplies says nobody reads the organizer mailbox: invitations
	// then ask no answer by mail (RSVP=FALSE), and people answer with the
	// mail's links or in Liaison.
	NoMailReplies bool
}

// Override changes one occurrence of a series; empty fields keep the series'.
type Override struct {
	RecurrenceID time.Time // the occurrence's original start
	Start, End   time.Time
	Title        string
	Location     string
	Status       string // StatusCancelled removes the occurrence
	Sequence     int
}

// AllDay is a dated item without a time, such as an action item's due date.
type AllDay struct {
	UID, Title, Description, URL string
	// Date's calendar day in its own location is the day; the clock is ignored.
	Date         time.Time
	Sensitivity  Sensitivity
	LastModified time.Time
}
