package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRoutesLiveInRoutesFile holds the promise of routes.go: no other file
// of the package builds a route, returns a list of routes or puts a
// handler on the mux, so the one table is the whole of what is served.
func TestRoutesLiveInRoutesFile(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if name == "routes.go" || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				if isRouteType(n.Type) {
					t.Errorf("%s: a route is built outside routes.go", fset.Position(n.Pos()))
				}
			case *ast.FuncDecl:
				for _, res := range fieldTypes(n.Type.Results) {
					if isRouteType(res) {
						t.Errorf("%s: %s returns routes outside routes.go", fset.Position(n.Pos()), n.Name.Name)
					}
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Handle" || sel.Sel.Name == "HandleFunc") {
					if x, ok := sel.X.(*ast.SelectorExpr); ok && x.Sel.Name == "mux" {
						t.Errorf("%s: a handler is put on the mux outside routes.go", fset.Position(n.Pos()))
					}
				}
			}
			return true
		})
	}
}

// TestMuxServesTheTable asks the server's mux, for each route of the table,
// which pattern answers an address of that route: the table's own.
func TestMuxServesTheTable(t *testing.T) {
	s, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range s.routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		path = strings.ReplaceAll(path, "{$}", "")
		for _, p := range []string{"{id}", "{pid}", "{sid}", "{code}", "{topic}"} {
			path = strings.ReplaceAll(path, p, "x1")
		}
		if _, got := s.mux.Handler(httptest.NewRequest(method, path, nil)); got != rt.Pattern {
			t.Errorf("%s %s is served by %q, want %q", method, path, got, rt.Pattern)
		}
	}
}

func isRouteType(e ast.Expr) bool {
	if a, ok := e.(*ast.ArrayType); ok {
		e = a.Elt
	}
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "route"
}

func fieldTypes(fl *ast.FieldList) []ast.Expr {
	if fl == nil {
		return nil
	}
	var out []ast.Expr
	for _, f := range fl.List {
		out = append(out, f.Type)
	}
	return out
}
