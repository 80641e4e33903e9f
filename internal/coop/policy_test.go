package coop

import (
	"errors"
	"testing"
)

func TestPolicy(t *testing.T) {
	var (
		admin    = Actor{Role: RoleAdmin}
		central  = Actor{Role: RoleCentral}
		lead     = Actor{Role: RoleProvincialLead, Province: "01"}
		staff    = Actor{Role: RoleProvincial, Province: "01"}
		partner  = Actor{Role: RolePartner}
		pPartner = Actor{Role: RolePartner, Province: "01"}
		viewer   = Actor{Role: RoleViewer, Province: "01"}
		anon     = Anonymous
	)
	org := func(p string, archived bool) Record {
		return Record{Kind: ResOrganisation, Province: p, Archived: archived}
	}
	prog := func(k Resource, p string) Record { return Record{Kind: k, Province: p} }
	report := func(p, status string) Record { return Record{Kind: ResReport, Province: p, Status: status} }
	obstacle := func(p, status string) Record { return Record{Kind: ResObstacle, Province: p, Status: status} }
	cases := []struct {
		name  string
		actor Actor
		act   Action
		rec   Record
		want  bool
	}{
		{"staff edits an organisation of the province", staff, ActEdit, org("01", false), true},
		{"staff may not edit another province's", staff, ActEdit, org("79", false), false},
		{"viewer reads but never edits", viewer, ActRead, org("01", false), true},
		{"viewer edits nothing", viewer, ActEdit, org("01", false), false},
		{"viewer archives nothing", viewer, ActArchive, org("01", false), false},
		{"viewer reads no other province", viewer, ActRead, org("79", false), false},
		{"an archived organisation is not edited", staff, ActEdit, org("01", true), false},
		{"an archived organisation is restored", staff, ActRestore, org("01", true), true},
		{"a current one is not restored", staff, ActRestore, org("01", false), false},
		{"central staff read the registry", central, ActRead, org("79", false), true},
		{"central staff do not write it", central, ActEdit, org("79", false), false},
		{"admin writes any province", admin, ActEdit, org("79", false), true},
		{"anonymous reads nothing", anon, ActRead, org("01", false), false},

		{"central staff write central plans", central, ActEdit, prog(ResPlan, ""), true},
		{"central staff do not write a province's plan", central, ActEdit, prog(ResPlan, "01"), false},
		{"provincial staff read central plans", staff, ActRead, prog(ResPlan, ""), true},
		{"provincial staff do not write central plans", staff, ActEdit, prog(ResPlan, ""), false},
		{"national partners record activities anywhere", partner, ActEdit, prog(ResActivity, "79"), true},
		{"provincial partners only their province", pPartner, ActEdit, prog(ResActivity, "79"), false},
		{"viewers record no activity", viewer, ActCreate, prog(ResActivity, "01"), false},
		{"central staff open no founding case of a province", central, ActCreate, prog(ResFounding, "01"), false},

		{"the province edits an open obstacle", staff, ActEdit, obstacle("01", ObstacleReceived), true},
		{"a closed obstacle is not edited", staff, ActEdit, obstacle("01", ObstacleClosed), false},
		{"the centre answers an escalated obstacle", central, ActAnswer, obstacle("01", ObstacleEscalated), true},
		{"the province does not answer it", staff, ActAnswer, obstacle("01", ObstacleEscalated), false},
		{"the centre answers only escalated ones", central, ActAnswer, obstacle("01", ObstacleReceived), false},

		{"central staff allocate targets", central, ActAllocate, Record{Kind: ResTarget}, true},
		{"a province proposes its allocation", lead, ActPropose, Record{Kind: ResTarget, Province: "01"}, true},
		{"not another province's", lead, ActPropose, Record{Kind: ResTarget, Province: "79"}, false},
		{"viewers propose nothing", viewer, ActPropose, Record{Kind: ResTarget, Province: "01"}, false},

		{"staff edit a draft of their province", staff, ActEdit, report("01", ReportDraft), true},
		{"nobody edits a submitted report", staff, ActEdit, report("01", ReportSubmitted), false},
		{"central staff never edit a province's report", central, ActEdit, report("01", ReportDraft), false},
		{"central staff write the national report", central, ActEdit, report("", ReportDraft), true},
		{"the lead submits a draft", lead, ActSubmit, report("01", ReportDraft), true},
		{"staff do not submit", staff, ActSubmit, report("01", ReportDraft), false},
		{"a submitted report is not submitted again", lead, ActSubmit, report("01", ReportSubmitted), false},
		{"central staff approve a submitted report", central, ActApprove, report("01", ReportSubmitted), true},
		{"central staff comment on a submitted report", central, ActComment, report("01", ReportSubmitted), true},
		{"a returned report is answered by the province", staff, ActReply, report("01", ReportReturned), true},
		{"only administrators reopen", central, ActReopen, report("01", ReportApproved), false},
		{"administrators reopen an approved report", admin, ActReopen, report("01", ReportApproved), true},
		{"viewers read their province's report", viewer, ActRead, report("01", ReportDraft), true},
		{"viewers do nothing else", viewer, ActEdit, report("01", ReportDraft), false},

		{"provincial staff publish models of the province", staff, ActEdit, Record{Kind: ResShowcase, Province: "01"}, true},
		{"viewers publish none", viewer, ActEdit, Record{Kind: ResShowcase, Province: "01"}, false},
		{"admins manage accounts", admin, ActEdit, Record{Kind: ResUser, Province: "01"}, true},
		{"leads read the audit trail", lead, ActRead, Record{Kind: ResAudit}, true},
		{"staff do not", staff, ActRead, Record{Kind: ResAudit}, false},
		{"only administrators switch rules", central, ActEdit, Record{Kind: ResRules}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Allows(c.actor, c.act, c.rec); got != c.want {
				t.Fatalf("Allows(%s, %s, %+v) = %v, want %v", c.actor.Role, c.act, c.rec, got, c.want)
			}
			err := Authorize(c.actor, c.act, c.rec)
			var e *Error
			switch {
			case c.want && err != nil:
				t.Fatalf("Authorize = %v, want nil", err)
			case !c.want && (!errors.As(err, &e) || e.Code != EFORBIDDEN || e.Message == ""):
				t.Fatalf("Authorize = %v, want a forbidden error with a message", err)
			}
			has, err := Actions(c.actor, c.rec).Has(c.act)
			if err != nil || has != c.want {
				t.Fatalf("Actions(...).Has(%s) = %v, %v; want %v", c.act, has, err, c.want)
			}
		})
	}
}

func TestActionSetRejectsUnknownActions(t *testing.T) {
	if _, err := (ActionSet{ActEdit}).Has("edti"); err == nil {
		t.Fatal("a misspelt action must be an error")
	}
}

func TestCapabilities(t *testing.T) {
	cases := []struct {
		actor Actor
		want  Capabilities
	}{
		{Actor{Role: RoleViewer, Province: "01"}, Capabilities{ReadRegistry: true, ReadProgramme: true, ReadReports: true}},
		{Actor{Role: RoleCentral}, Capabilities{ReadRegistry: true, ReadProgramme: true, WritePlans: true, WriteActivities: true,
			AnswerObstacles: true, AllocateTargets: true, ReadReports: true, ReviewReports: true, ReadAudit: true}},
		{Actor{Role: RoleProvincial, Province: "01"}, Capabilities{ReadRegistry: true, WriteRegistry: true, ReadProgramme: true,
			WritePlans: true, WriteActivities: true, WriteFounding: true, WriteObstacles: true, ProposeTargets: true,
			ReadReports: true, WriteReports: true, ManageShowcase: true}},
	}
	for _, c := range cases {
		if got := CapabilitiesOf(c.actor); got != c.want {
			t.Errorf("CapabilitiesOf(%s) = %+v\nwant %+v", c.actor.Role, got, c.want)
		}
	}
}
