package store

import (
	"context"
	"fmt"
	"strings"

	"htxnu/internal/coop"
)

// IndicatorsAsOf returns T1–T8 of a province, or of the whole country
// (province "": every province and the centre's own records, consolidated
// as the national report consolidates them), as a report whose window ends
// on day compiles them: the same target rules, the same rules in force,
// the same computation (indicator_asof.go). The dashboard's cards read
// them, so they equal the report's figures for the same province and
// window. A provincial actor gets its own province.
func (db *DB) IndicatorsAsOf(ctx context.Context, actor coop.Actor, province, day string) (*Actuals, error) {
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem chỉ tiêu.")
	}
	province, err := targetProvince(actor, province)
	if err != nil {
		return nil, err
	}
	rules, err := db.indicatorRules(ctx, day)
	if err != nil {
		return nil, err
	}
	figs, err := db.indicatorFigures(ctx, province, day)
	if err != nil {
		return nil, err
	}
	return actualsOf(province, rules[coop.FamilyWomenManaged], figs), nil
}

// indicatorRules checks the day indicators are computed on and returns
// the rules in force.
func (db *DB) indicatorRules(ctx context.Context, day string) (map[string]string, error) {
	if !coop.ValidDate(day) {
		return nil, coop.Errorf(coop.EINVALID, "Ngày tính chỉ tiêu không hợp lệ.")
	}
	return db.ActiveRules(ctx)
}

// IndicatorsAsOfByProvince returns T1–T8 of every province the actor may
// read (a provincial actor: its own), keyed by province code, as of day:
// the figures IndicatorsAsOf gives each province, from one compilation.
func (db *DB) IndicatorsAsOfByProvince(ctx context.Context, actor coop.Actor, day string) (map[string]Actuals, error) {
	if !coop.Can(actor, coop.PermProgrammeRead) {
		return nil, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền xem chỉ tiêu.")
	}
	rules, err := db.indicatorRules(ctx, day)
	if err != nil {
		return nil, err
	}
	only := ""
	if !actor.National() {
		only = actor.Province
	}
	c, err := db.indicatorCompiled(ctx, only, day)
	if err != nil {
		return nil, err
	}
	out := map[string]Actuals{}
	for _, p := range c.provinces {
		if p != "" {
			out[p] = *actualsOf(p, rules[coop.FamilyWomenManaged], c.figures[p])
		}
	}
	return out, nil
}

// actualsOf turns the compiled indicator figures of a province (or the
// national totals) into Actuals.
func actualsOf(province, rule string, figs []coop.Figure) *Actuals {
	out := &Actuals{Province: province, Rule: rule, Figures: map[string]Actual{}}
	for _, f := range figs {
		if f.Group != "indicators" {
			continue
		}
		a := Actual{Code: strings.TrimPrefix(f.Key, "indicators."), Available: !f.NoData, Note: f.Note, Source: "report"}
		switch {
		case f.NoData:
		case f.Unit == coop.FigurePercent:
			a.Num, a.Den = f.Num, f.Den
			v := float64(f.Num) * 100 / float64(f.Den)
			a.Value = &v
		default:
			a.Value = count(f.Value)
		}
		if a.Code == "T1" || a.Code == "T6" {
			a.Rule = out.Rule
		}
		out.Figures[a.Code] = a
	}
	return out
}

// targetProvince is the province whose figures the actor reads: its own
// for a provincial actor (another one is not found), else the one asked
// ("" for the whole country), which must exist.
func targetProvince(actor coop.Actor, province string) (string, error) {
	province, err := actorProvince(actor, province)
	if err != nil {
		return "", err
	}
	if province != "" {
		if _, ok := coop.ProvinceByCode(province); !ok {
			return "", coop.NotFound("tỉnh, thành phố")
		}
	}
	return province, nil
}

// indicatorFigures compiles the figures of T1–T8 as of day: of the
// province, or the national totals (province ""). The national figures
// read every province's data: they are computed once per generation of
// the data and day, and shared by every reader.
func (db *DB) indicatorFigures(ctx context.Context, province, day string) ([]coop.Figure, error) {
	var gen, key string
	if province == "" {
		var err error
		if gen, err = db.Generation(ctx); err != nil {
			return nil, err
		}
		key = "indicators|" + day
		if c := db.cons.get(gen, key); c != nil {
			return totalsOf(c), nil
		}
	}
	c, err := db.indicatorCompiled(ctx, province, day)
	if err != nil {
		return nil, err
	}
	if province != "" {
		return c.figures[province], nil
	}
	cons := c.national(nil)
	db.cons.put(gen, key, cons)
	return totalsOf(cons), nil
}

// indicatorCompiled compiles T1–T8 as of day for the province, or for
// every province and the centre (province "").
func (db *DB) indicatorCompiled(ctx context.Context, province, day string) (*compiled, error) {
	in, err := db.compileInputs(ctx, db.read(ctx), province, day)
	if err != nil {
		return nil, err
	}
	st := newCompileState()
	addIndicators(in, st)
	var specs []figureSpec
	for _, s := range figureSpecs(in.wimRule, in.hflRule, day) {
		if s.group == "indicators" {
			specs = append(specs, s)
		}
	}
	c := &compiled{to: day, wimRule: in.wimRule, hflRule: in.hflRule, provinces: compiledProvinces(province),
		figures: map[string][]coop.Figure{}, nationalTargets: in.nationalTargets}
	for _, p := range c.provinces {
		c.figures[p] = st.figures(specs, p, nil, day)
	}
	return c, nil
}

// indicatorRule names the target rule of each indicator under the
// chosen rule for T3 and T4.
func indicatorRule(code, jobsRule string) string {
	switch code {
	case "T1":
		return coop.RuleT1Consolidated
	case "T2":
		return coop.RuleT2Supported
	case "T3", "T4":
		return jobsRule
	case "T5":
		return coop.RuleT5Persons
	case "T6":
		return coop.RuleT6Pipeline
	case "T7":
		return coop.RuleT7UnionStaff
	}
	return coop.RuleT8UnionStaff
}

// indicatorMethod is the "Cách tính" text of an indicator's figure: its
// rule, and for T3 and T4 the other rule an administrator may choose.
func indicatorMethod(code string, in *compileInputs) string {
	id := indicatorRule(code, in.jobsRule)
	r, _ := coop.TargetRuleByID(id)
	m := "Cách tính (" + id + "): " + r.Method
	if code == "T1" || code == "T6" {
		w, _ := coop.RuleByID(in.wimRule)
		m += " Quy tắc phụ nữ tham gia quản lý: “" + w.Name + "”."
	}
	if code == "T3" || code == "T4" {
		for _, other := range coop.JobsRules {
			if other != id {
				o, _ := coop.TargetRuleByID(other)
				m += " Cách tính khác quản trị viên có thể chọn (" + other + "): " + o.Method
			}
		}
	}
	m += " Tiến độ so với chỉ tiêu giao đến năm " + fmt.Sprint(in.milestone) + ", tính lũy kế từ ngày 03/01/2023."
	return m
}

// addIndicators puts T1–T8 of the inputs among the figures, with each
// province's allocation as the target.
func addIndicators(in *compileInputs, st *compileState) {
	provinces := map[string]bool{"": true}
	if in.only != "" {
		provinces = map[string]bool{in.only: true}
	} else {
		for _, p := range coop.Provinces() {
			provinces[p.Code] = true
		}
	}
	for p := range provinces {
		vals := in.actuals[p]
		for _, code := range coop.IndicatorCodes() {
			v := vals[code]
			key := "indicators." + code
			e := figureExtra{note: indicatorMethod(code, in)}
			percent := indicatorUnit[code] == coop.FigurePercent
			switch {
			case percent && v.den == 0:
				e.noData = true
				e.note = "Chưa có số liệu: " + map[bool]string{true: "chưa có nữ cán bộ quản lý HTX trong sổ đăng ký vào ngày cuối kỳ.",
					false: "tỉnh chưa ghi số cán bộ Hội."}[code == "T5"] + " " + e.note
			case percent:
				e.num, e.den = v.num, v.den
				st.add(p, key, coop.BasisPoints(v.num, v.den))
			default:
				st.add(p, key, v.value)
			}
			if code == "T5" && v.recorded > v.den {
				e.note = fmt.Sprintf("Cảnh báo: các lớp đào tạo ghi %s lượt cán bộ quản lý nữ được đào tạo, nhiều hơn số nữ cán bộ quản lý HTX trong sổ đăng ký (%s). ",
					coop.FormatInt(v.recorded), coop.FormatInt(v.den)) + e.note
			}
			if a, ok := in.alloc[p][code]; ok && p != "" {
				if percent {
					a *= 100
				}
				e.target = &a
			}
			st.extra(p, key, e)
		}
	}
}

// Targets returns T1–T8 with national values, allocation sums and the
// actual figures of the province (or the whole country when province is
// "") as of today, as the dashboard's cards and a report compile them. A
// provincial actor sees its own province; asking for another one is not
// found.
func (db *DB) Targets(ctx context.Context, actor coop.Actor, province string) (*TargetOverview, error) {
	return db.TargetsAsOf(ctx, actor, province, coop.Today())
}

// TargetsAsOf is Targets with the actual figures as a report whose window
// ends on day compiles them (IndicatorsAsOf): the dashboard's cards.
func (db *DB) TargetsAsOf(ctx context.Context, actor coop.Actor, province, day string) (*TargetOverview, error) {
	return db.targets(ctx, actor, province, func(province string) (*Actuals, error) { return db.IndicatorsAsOf(ctx, actor, province, day) })
}

func (db *DB) targets(ctx context.Context, actor coop.Actor, province string, actuals func(province string) (*Actuals, error)) (*TargetOverview, error) {
	province, err := targetProvince(actor, province)
	if err != nil {
		return nil, err
	}
	inds, err := db.Indicators(ctx, actor)
	if err != nil {
		return nil, err
	}
	sums, err := db.allocationSums(ctx)
	if err != nil {
		return nil, err
	}
	acts, err := actuals(province)
	if err != nil {
		return nil, err
	}
	out := &TargetOverview{Province: province, Rule: acts.Rule, Items: []TargetRow{}}
	for _, ind := range inds {
		row := TargetRow{Indicator: ind, Sums: map[int]AllocationSum{}, Actual: acts.Figures[ind.Code]}
		for _, m := range coop.Milestones {
			row.Sums[m] = withNational(sums[ind.Code][m], ind, m)
		}
		if province != "" {
			row.Own = map[int]*coop.Allocation{}
			for _, m := range coop.Milestones {
				a, err := db.ownAllocation(ctx, ind.Code, province, m)
				if err != nil {
					return nil, err
				}
				row.Own[m] = a
			}
		}
		out.Items = append(out.Items, row)
	}
	return out, nil
}

// actorProvince is the province a province filter asks for, scoped to the
// actor: a provincial actor gets its own (asking for another is not found).
func actorProvince(actor coop.Actor, province string) (string, error) {
	if !actor.National() {
		if province != "" && province != actor.Province {
			return "", coop.NotFound("tỉnh, thành phố")
		}
		province = actor.Province
	}
	return province, nil
}
