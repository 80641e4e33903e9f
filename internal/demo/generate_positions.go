package demo

import (
	"time"

	"htxnu/internal/coop"
)

// positions makes the management of an organisation. When wim is false no
// woman holds a position that counts under the default rule today (women
// may have held one before); when true at least one does.
func (g *Generator) positions(kind, governance, founded string, reg region, wim bool) []coop.Position {
	r := g.r
	f, _ := time.Parse("2006-01-02", founded)
	latest := g.today.AddDate(0, 0, -45)
	if latest.Before(f) {
		latest = f
	}
	// The current term began at the last assembly, at most five years ago.
	termStart := f
	if earliest := g.today.AddDate(-5, 0, 0); earliest.After(f) {
		termStart = g.dateBetween(earliest, latest)
	}
	roles := g.roles(kind, governance)
	female := g.women(kind, roles, wim)
	// In small cooperatives the chair is also the director: one person.
	chairIsDirector := kind != coop.KindTHT && governance == coop.GovernanceFull && r.IntN(100) < 30
	if chairIsDirector {
		c, d := indexOf(roles, coop.RoleChair), indexOf(roles, coop.RoleDirector)
		female[c] = female[c] || female[d]
		female[d] = female[c]
	}
	from := termStart.Format("2006-01-02")
	out := make([]coop.Position, 0, len(roles)+2)
	chair := ""
	for i, role := range roles {
		p := coop.Position{Role: role, Sex: sexOf(female[i]), From: from, Holder: g.person(female[i], reg)}
		switch role {
		case coop.RoleChair:
			chair = p.Holder
		case coop.RoleDirector:
			if chairIsDirector {
				p.Holder = chair
			}
		case coop.RoleBoardMember, coop.RoleSupervisoryMember, coop.RoleDeputyDirector:
			if r.IntN(100) < 20 {
				p.From = g.dateBetween(termStart, latest).Format("2006-01-02")
			}
		}
		out = append(out, p)
	}
	return append(out, g.previousTerm(roles, f, termStart, chairIsDirector, reg)...)
}

// roles draws the positions of an organisation of the kind and governance.
func (g *Generator) roles(kind, governance string) []string {
	r := g.r
	switch {
	case kind == coop.KindTHT:
		roles := []string{coop.RoleGroupLeader}
		if r.IntN(100) < 25 {
			roles = append(roles, coop.RoleRepresentative)
		}
		if r.IntN(100) < 50 {
			roles = append(roles, coop.RoleChiefAccountant)
		}
		return roles
	case governance == coop.GovernanceSimplified:
		roles := []string{coop.RoleDirector}
		if r.IntN(100) < 25 {
			roles = append(roles, coop.RoleDeputyDirector)
		}
		roles = append(roles, coop.RoleController)
		if r.IntN(100) < 80 {
			roles = append(roles, coop.RoleChiefAccountant)
		}
		return roles
	}
	roles := []string{coop.RoleChair}
	for range 1 + r.IntN(3) {
		roles = append(roles, coop.RoleBoardMember)
	}
	roles = append(roles, coop.RoleDirector)
	if r.IntN(100) < 40 {
		roles = append(roles, coop.RoleDeputyDirector)
	}
	roles = append(roles, coop.RoleSupervisoryHead)
	for range r.IntN(3) {
		roles = append(roles, coop.RoleSupervisoryMember)
	}
	return append(roles, coop.RoleChiefAccountant)
}

// leads reports whether the role leads the organisation.
func leads(role string) bool {
	return role == coop.RoleChair || role == coop.RoleDirector || role == coop.RoleGroupLeader || role == coop.RoleRepresentative
}

// women draws which of the roles a woman holds: when wim, enough for the
// organisation to count as women-managed; otherwise none that counts.
func (g *Generator) women(kind string, roles []string, wim bool) []bool {
	r := g.r
	female := make([]bool, len(roles))
	switch {
	case kind == coop.KindTHT:
		for i, role := range roles {
			switch {
			case leads(role):
				female[i] = wim && (role == coop.RoleGroupLeader || r.IntN(100) < 70)
			default: // an accountant does not make a group women-managed
				female[i] = r.IntN(100) < 55 || wim && r.IntN(100) < 80
			}
		}
	case wim && r.IntN(100) < 45: // a woman chairs or directs
		var lead []int
		for i, role := range roles {
			if leads(role) {
				lead = append(lead, i)
			} else {
				female[i] = r.IntN(100) < 30
			}
		}
		female[lead[r.IntN(len(lead))]] = true
	case wim: // women in other positions only
		var others []int
		for i, role := range roles {
			if !leads(role) {
				others = append(others, i)
				female[i] = r.IntN(100) < 25
			}
		}
		female[others[r.IntN(len(others))]] = true
	}
	return female
}

// previousTerm is, sometimes, the history: the leaders (and sometimes the
// accountant) of the term before the one that began on termStart. Ended
// positions never count, whoever held them.
func (g *Generator) previousTerm(roles []string, founded, termStart time.Time, chairIsDirector bool, reg region) []coop.Position {
	r := g.r
	prevEnd := termStart.AddDate(0, 0, -1)
	if !prevEnd.After(founded.AddDate(1, 0, 0)) || r.IntN(100) >= 45 {
		return nil
	}
	prevStart := founded
	if s := termStart.AddDate(-5, 0, 0); s.After(founded) {
		prevStart = s
	}
	var out []coop.Position
	for _, role := range roles {
		switch {
		case role == coop.RoleChair, role == coop.RoleDirector && !chairIsDirector, role == coop.RoleGroupLeader:
		case role == coop.RoleChiefAccountant && r.IntN(100) < 40:
		default:
			continue
		}
		fem := r.IntN(100) < 35
		out = append(out, coop.Position{Role: role, Holder: g.person(fem, reg), Sex: sexOf(fem),
			From: prevStart.Format("2006-01-02"), To: prevEnd.Format("2006-01-02")})
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func sexOf(female bool) string {
	if female {
		return coop.SexFemale
	}
	return coop.SexMale
}
