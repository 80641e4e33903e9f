package coop

import "time"

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
