package coop

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// ReportVersion is a report as it was frozen at a submission (or, for the
// national report, at its issue): figures, narrative and document meta.
type ReportVersion struct {
	ReportID      int64          `json:"report_id"`
	Version       int            `json:"version"`
	FrozenAt      time.Time      `json:"frozen_at"`
	FrozenBy      string         `json:"frozen_by"`
	WindowFrom    string         `json:"window_from"`
	WindowTo      string         `json:"window_to"`
	Title         string         `json:"title"`
	Meta          ReportMeta     `json:"meta"`
	Narrative     Narrative      `json:"narrative"`
	Figures       []Figure       `json:"figures"`
	Consolidation *Consolidation `json:"consolidation,omitempty"` // the national report's table by province
}

// Copy returns a copy of the version that shares nothing its reader may
// change: the figures, the narrative and the consolidation's lists are
// its own.
func (v *ReportVersion) Copy() *ReportVersion {
	c := *v
	c.Figures = slices.Clone(v.Figures)
	c.Narrative = maps.Clone(v.Narrative)
	c.Meta.Recipients = slices.Clone(v.Meta.Recipients)
	if v.Consolidation != nil {
		cons := *v.Consolidation
		cons.Sources = slices.Clone(cons.Sources)
		cons.Figures = slices.Clone(cons.Figures)
		c.Consolidation = &cons
	}
	return &c
}

// FigureChange is a figure that differs between two versions.
type FigureChange struct {
	Key              string `json:"key"`
	Group            string `json:"group"`
	Label            string `json:"label"`
	Unit             string `json:"unit"`
	Old              *int64 `json:"old"` // effective values; nil when the figure is absent
	New              *int64 `json:"new"`
	OldCompiled      *int64 `json:"old_compiled,omitempty"`
	NewCompiled      *int64 `json:"new_compiled,omitempty"`
	OldJustification string `json:"old_justification,omitempty"`
	NewJustification string `json:"new_justification,omitempty"`
}

// TextChange is a narrative section or document field that differs.
type TextChange struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// VersionDiff is what changed from version A to version B.
type VersionDiff struct {
	A         int            `json:"a"`
	B         int            `json:"b"`
	Figures   []FigureChange `json:"figures"`
	Sections  []TextChange   `json:"sections"`
	Meta      []TextChange   `json:"meta"`
	Unchanged int            `json:"unchanged_figures"`
}

// Same reports whether nothing changed.
func (d VersionDiff) Same() bool {
	return len(d.Figures) == 0 && len(d.Sections) == 0 && len(d.Meta) == 0
}

// CompareVersions lists the figures (effective value, compiled value or
// justification), sections and document fields that differ from a to b, in
// the order of b's figures (then those only a had) and of the sections.
func CompareVersions(a, b *ReportVersion) VersionDiff {
	d := VersionDiff{A: a.Version, B: b.Version, Figures: []FigureChange{}, Sections: []TextChange{}, Meta: []TextChange{}}
	old := map[string]Figure{}
	for _, f := range a.Figures {
		old[f.Key] = f
	}
	seen := map[string]bool{}
	ptr := func(v int64) *int64 { return &v }
	for _, nf := range b.Figures {
		seen[nf.Key] = true
		of, had := old[nf.Key]
		if had && of.Effective() == nf.Effective() && of.Value == nf.Value && of.Justification == nf.Justification {
			d.Unchanged++
			continue
		}
		c := FigureChange{Key: nf.Key, Group: nf.Group, Label: nf.Label, Unit: nf.Unit,
			New: ptr(nf.Effective()), NewCompiled: ptr(nf.Value), NewJustification: nf.Justification}
		if had {
			c.Old, c.OldCompiled, c.OldJustification = ptr(of.Effective()), ptr(of.Value), of.Justification
		}
		d.Figures = append(d.Figures, c)
	}
	for _, of := range a.Figures {
		if !seen[of.Key] {
			d.Figures = append(d.Figures, FigureChange{Key: of.Key, Group: of.Group, Label: of.Label, Unit: of.Unit,
				Old: ptr(of.Effective()), OldCompiled: ptr(of.Value), OldJustification: of.Justification})
		}
	}
	for _, s := range ReportSections {
		if a.Narrative[s.Code] != b.Narrative[s.Code] {
			d.Sections = append(d.Sections, TextChange{Key: s.Code, Label: s.Label, Old: a.Narrative[s.Code], New: b.Narrative[s.Code]})
		}
	}
	for _, f := range []struct{ key, label, old, new string }{
		{"title", "Trích yếu", a.Title, b.Title},
		{"meta.number", "Số, ký hiệu", a.Meta.Number, b.Meta.Number},
		{"meta.place", "Địa danh", a.Meta.Place, b.Meta.Place},
		{"meta.date", "Ngày ban hành", a.Meta.Date, b.Meta.Date},
		{"meta.signer_name", "Người ký", a.Meta.SignerName, b.Meta.SignerName},
		{"meta.signer_title", "Chức vụ người ký", a.Meta.SignerTitle, b.Meta.SignerTitle},
		{"meta.recipients", "Nơi nhận", strings.Join(a.Meta.Recipients, "\n"), strings.Join(b.Meta.Recipients, "\n")},
	} {
		if f.old != f.new {
			d.Meta = append(d.Meta, TextChange{Key: f.key, Label: f.label, Old: f.old, New: f.new})
		}
	}
	return d
}

// ConsolidationSource says where a province's figures in the national
// report come from: its approved report (the last frozen version) or, when
// none is approved, the figures compiled live from its data.
type ConsolidationSource struct {
	Province     string `json:"province"`
	ProvinceName string `json:"province_name"`
	ReportID     int64  `json:"report_id,omitempty"`
	Status       string `json:"status"` // the report's status, "" when none was opened
	Approved     bool   `json:"approved"`
	Version      int    `json:"version,omitempty"` // the approved version used
	Label        string `json:"label"`             // "Đã phê duyệt (phiên bản 3)" or "Số liệu trực tiếp, chưa phê duyệt"
}

// ConsolidatedFigure is one figure of the national report: the national
// value and each province's (its effective value), plus the centre's own
// records.
type ConsolidatedFigure struct {
	Figure
	ByProvince map[string]int64 `json:"by_province"`
	Central    int64            `json:"central"`
}

// Consolidation is the national report's table by province.
type Consolidation struct {
	Sources []ConsolidationSource `json:"sources"`
	Figures []ConsolidatedFigure  `json:"figures"`
	// How many provinces' figures come from an approved report.
	Approved int `json:"approved"`
}

// Consolidate builds the national table from each province's figures (in
// the order of sources) and the centre's own figures. Counts and amounts
// add up; a percent is recomputed from the summed numerators and
// denominators; the national target of an indicator is given by targets
// (by figure key), other targets add up.
func Consolidate(sources []ConsolidationSource, byProvince map[string][]Figure, central []Figure, targets map[string]*int64) *Consolidation {
	c := &Consolidation{Sources: sources, Figures: []ConsolidatedFigure{}}
	index := map[string]int{}
	type ratio struct{ num, den int64 }
	ratios := map[string]*ratio{}
	add := func(f Figure, province string) {
		i, ok := index[f.Key]
		if !ok {
			i = len(c.Figures)
			index[f.Key] = i
			base := f
			base.Value, base.Num, base.Den, base.Target, base.Override, base.Justification = 0, 0, 0, nil, nil, ""
			c.Figures = append(c.Figures, ConsolidatedFigure{Figure: base, ByProvince: map[string]int64{}})
			if f.Unit == FigurePercent {
				ratios[f.Key] = &ratio{}
			}
		}
		cf := &c.Figures[i]
		if !ok {
			cf.NoData = true
		}
		if !f.NoData || f.Override != nil {
			cf.NoData = false
		}
		v := f.Effective()
		if province == "" {
			cf.Central = v
		} else {
			cf.ByProvince[province] = v
		}
		if f.Unit == FigurePercent {
			r := ratios[f.Key]
			r.num += f.Num
			r.den += f.Den
			return
		}
		cf.Value += v
		if f.Target != nil {
			t := *f.Target
			if cf.Target != nil {
				t += *cf.Target
			}
			cf.Target = &t
		}
	}
	for _, s := range sources {
		if s.Approved {
			c.Approved++
		}
		for _, f := range byProvince[s.Province] {
			add(f, s.Province)
		}
	}
	for _, f := range central {
		add(f, "")
	}
	for i := range c.Figures {
		cf := &c.Figures[i]
		if r, ok := ratios[cf.Key]; ok {
			cf.Num, cf.Den, cf.Value = r.num, r.den, BasisPoints(r.num, r.den)
		}
		if t, ok := targets[cf.Key]; ok {
			cf.Target = t
		}
	}
	return c
}
