package web

import (
	"html/template"
	"slices"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// What moved in a live draft since the version the province last sent:
// beside each figure, its value then and now, and the records behind it
// that were added or changed afterwards, linked.

// movedView is a record changed since the version was frozen, as the
// report's page lists it.
type movedView struct {
	Name, Entity, Action, When, Link, By string
}

// reportChangeFuncs are the template functions of this file.
func reportChangeFuncs() template.FuncMap {
	fm := template.FuncMap{}
	// figureChange returns the figure's change since the last frozen
	// version, or nil.
	fm["figureChange"] = func(d *store.ReportDetail, key string) *coop.FigureChange {
		if d.ChangedSince == nil {
			return nil
		}
		for i := range d.ChangedSince.Figures {
			if d.ChangedSince.Figures[i].Key == key {
				return &d.ChangedSince.Figures[i]
			}
		}
		return nil
	}
	// movedFor lists the changed records the figures of a group are
	// compiled from.
	fm["movedFor"] = func(d *store.ReportDetail, group string) []movedView {
		if d.ChangedSince == nil {
			return nil
		}
		kinds := store.FigureEntities(group)
		var out []movedView
		for _, m := range d.ChangedSince.Records {
			if !slices.Contains(kinds, m.Entity) {
				continue
			}
			e := describe(store.AuditEvent{Entity: m.Entity, EntityID: m.ID, Action: m.Action, At: m.At})
			name := m.Name
			if name == "" {
				name = e.EntityLabel + " #" + itoa64(m.ID)
			}
			out = append(out, movedView{Name: name, Entity: e.EntityLabel, Action: e.ActionLabel, When: e.When, Link: e.Link, By: m.By})
		}
		return out
	}
	return fm
}
