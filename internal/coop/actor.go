package coop

// Actor is who performs an operation: a signed-in user or the system
// itself (commands, demo data). Every store method takes one.
type Actor struct {
	UserID   int64  `json:"user_id"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Province string `json:"province,omitempty"` // empty for national scope
}

// RoleSystem is the role of the system actor used by commands.
const RoleSystem = "system"

// System is the actor for work done by the application itself.
var System = Actor{Name: "Hệ thống", Role: RoleSystem}

// National reports whether the actor's scope is the whole country.
func (a Actor) National() bool { return a.Province == "" }
