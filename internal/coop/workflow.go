package coop

import (
	"strings"
	"time"
)

// WorkflowStep is what every move of a record through its workflow
// records for the record's timeline: who moved it, when, and the comment
// given. Founding cases (FoundingStep) and obstacles (ObstacleStep) embed
// it beside the states they move between; the store reads and writes the
// timelines of both the same way.
type WorkflowStep struct {
	ActorID   int64     `json:"actor_id"`
	ActorName string    `json:"actor_name"`
	Comment   string    `json:"comment"`
	At        time.Time `json:"created_at"`
}

// moveTo trims the state a move asks for and refuses one the workflow does
// not have (states): message says so, and the field "to" asks for one.
func moveTo(to *string, states CodeList, message, ask string) error {
	*to = strings.TrimSpace(*to)
	if !states.Valid(*to) {
		return &Error{Code: EINVALID, Message: message, Fields: map[string]string{"to": ask}}
	}
	return nil
}
