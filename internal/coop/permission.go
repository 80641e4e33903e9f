package coop

// Permission names what a route or an operation needs.
type Permission string

// Permissions.
const (
	PermPublic        Permission = "public"
	PermRegistryRead  Permission = "registry.read"
	PermRegistryWrite Permission = "registry.write"
	PermRulesManage   Permission = "rules.manage"
)

// Roles of accounts.
const (
	RoleAdmin          = "admin"
	RoleCentral        = "central"
	RoleProvincial     = "provincial"
	RoleProvincialLead = "provincial_lead"
	RolePartner        = "partner"
	RoleViewer         = "viewer"
	RoleAnonymous      = "anonymous"
)

// Operator is the actor of an installation without accounts: a national
// administrator.
var Operator = Actor{Name: "Người vận hành", Role: RoleAdmin}

var grants = map[string][]Permission{
	RoleSystem:         {PermRegistryRead, PermRegistryWrite, PermRulesManage},
	RoleAdmin:          {PermRegistryRead, PermRegistryWrite, PermRulesManage},
	RoleCentral:        {PermRegistryRead, PermRegistryWrite},
	RoleProvincial:     {PermRegistryRead, PermRegistryWrite},
	RoleProvincialLead: {PermRegistryRead, PermRegistryWrite},
	RolePartner:        {PermRegistryRead},
	RoleViewer:         {PermRegistryRead},
}

// Can reports whether the actor holds the permission. Scope (which
// province) is checked separately, in the store.
func Can(a Actor, p Permission) bool {
	if p == PermPublic {
		return true
	}
	for _, g := range grants[a.Role] {
		if g == p {
			return true
		}
	}
	return false
}
