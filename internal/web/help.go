package web

import (
	_ "embed"
	"net/http"
	"strings"

	"htxnu/internal/coop"
)

// helpTopic is a short guide to one module, in Vietnamese.
type helpTopic struct {
	Key, Title string
	Prefix     string // the pages it explains
	Steps      []string
}

// helpTopics are the guides, read from help.txt.
var helpTopics = parseHelp(helpText)

//go:embed help.txt
var helpText string

// parseHelp reads the guides of help.txt (its head says how they are
// written); a line it cannot read is a fault of the build.
func parseHelp(text string) []helpTopic {
	var out []helpTopic
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "- ") && len(out) > 0:
			t := &out[len(out)-1]
			t.Steps = append(t.Steps, strings.TrimPrefix(line, "- "))
		default:
			f := strings.Split(line, " | ")
			if len(f) != 3 {
				panic("web: help.txt: not a guide's head: " + line)
			}
			out = append(out, helpTopic{Key: f[0], Title: f[1], Prefix: f[2]})
		}
	}
	return out
}

// helpTopicFor names the guide for a page.
func helpTopicFor(path string) string {
	for _, t := range helpTopics {
		if strings.HasPrefix(path, t.Prefix) {
			return t.Key
		}
	}
	return ""
}

func (s *Server) helpIndex(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "help", map[string]any{"Topics": helpTopics})
}

func (s *Server) helpPage(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("topic")
	if key == "api" {
		s.render(w, r, "help", map[string]any{"Topics": helpTopics, "API": s.apiRoutes(actor(r))})
		return
	}
	for _, t := range helpTopics {
		if t.Key == key {
			s.render(w, r, "help", map[string]any{"Topics": helpTopics, "Topic": t})
			return
		}
	}
	// An unknown topic shows the list of guides.
	s.render(w, r, "help", map[string]any{"Topics": helpTopics})
}

// apiRoute is one line of the API reference.
type apiRoute struct {
	Method, Path string
	Allowed      bool
}

// apiRoutes lists the JSON API from the route table, marking what the
// reader's account may call.
func (s *Server) apiRoutes(a coop.Actor) []apiRoute {
	var out []apiRoute
	for _, rt := range s.routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if strings.HasPrefix(path, "/api/") {
			out = append(out, apiRoute{Method: method, Path: path, Allowed: coop.Can(a, rt.Perm)})
		}
	}
	return out
}
