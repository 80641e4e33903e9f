package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestHelpAndVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"help"}, nil, &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"serve", "migrate", "gen", "version", "--organisations", "--demo"} {
		if !strings.Contains(out.String(), cmd) {
			t.Errorf("help does not explain %q", cmd)
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"version"}, nil, &out, &out, nil); err != nil || !strings.HasPrefix(out.String(), "htxnu ") {
		t.Fatalf("version: %v %q", err, out.String())
	}
	if err := run(context.Background(), []string{"frobnicate"}, nil, &out, &out, nil); err == nil {
		t.Fatal("an unknown command must fail")
	}
}

func TestMigrateAndGen(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "--db", db}, nil, &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`schema version [1-9][0-9]* \(sqlite\)`).MatchString(out.String()) {
		t.Fatalf("migrate printed %q", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"gen", "--db", db, "--organisations", "300"}, nil, &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "generated 300 organisations") {
		t.Fatalf("gen printed %q", out.String())
	}
	if err := run(context.Background(), []string{"gen", "--db", db, "--organisations", "0"}, nil, &out, &out, nil); err == nil {
		t.Fatal("gen with 0 organisations must fail")
	}
	out.Reset()
	if err := run(context.Background(), []string{"gen", "--db", db, "--organisations", "0", "--activities", "40", "--links", "400"}, nil, &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "generated 40 activities reaching about 400 organisations") {
		t.Fatalf("gen printed %q", out.String())
	}
}

// TestServeDemo starts the program as the README's run command does and
// checks that it serves the demo registry.
func TestServeDemo(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db := filepath.Join(t.TempDir(), "demo.db")
	ready := make(chan string, 1)
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--db", db, "--addr", "127.0.0.1:0"}, nil, &out, &bytes.Buffer{}, ready)
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	case <-ctx.Done():
		t.Fatal("serve did not start")
	}
	res, err := http.Get("http://" + addr + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, res)
	}
	res.Body.Close()
	// Anonymous requests are refused; a token made with `htxnu token
	// create` for a demo account works.
	res, err = http.Get("http://" + addr + "/api/v1/organisations")
	if err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous API call: %v %v", err, res.Status)
	}
	res.Body.Close()
	var tok bytes.Buffer
	if err := run(ctx, []string{"token", "create", "--db", db, "--user", "tuyenquang@demo.htxnu.vn"}, nil, &tok, &bytes.Buffer{}, nil); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/organisations?q=ban+lac", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok.String()))
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Total int `json:"total"`
		Items []struct {
			Name string `json:"name"`
		} `json:"items"`
	}
	json.NewDecoder(res.Body).Decode(&page)
	res.Body.Close()
	if page.Total < 1 || page.Items[0].Name != "Hợp tác xã Dệt thổ cẩm Bản Lác" {
		t.Fatalf("demo registry search: %+v", page)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v", err)
	}
	if !strings.Contains(out.String(), "loaded demo dataset") || !strings.Contains(out.String(), "admin@demo.htxnu.vn") || !strings.Contains(out.String(), "listening on http://127.0.0.1:") {
		t.Fatalf("serve printed %q", out.String())
	}
}

func TestUserAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	var out bytes.Buffer
	err := run(context.Background(), []string{"user", "add", "--db", db, "--email", "Admin@VCA.vn", "--name", "Quản trị", "--role", "admin"}, nil, &out, &out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "admin@vca.vn") || !strings.Contains(out.String(), "password (shown once): ") {
		t.Fatalf("user add printed %q", out.String())
	}
	out.Reset()
	err = run(context.Background(), []string{"user", "add", "--db", db, "--email", "tq@vca.vn", "--name", "Cán bộ", "--role", "provincial", "--province", "08"},
		strings.NewReader("mat-khau-tu-chon-du-dai\n"), &out, &out, nil)
	if err != nil || strings.Contains(out.String(), "password (shown once)") {
		t.Fatalf("user add with a password on stdin: %v %q", err, out.String())
	}
	err = run(context.Background(), []string{"user", "add", "--db", db, "--email", "x@vca.vn", "--name", "X", "--role", "provincial"}, nil, &out, &out, nil)
	if err == nil || !strings.Contains(err.Error(), "province") {
		t.Fatalf("a provincial account without a province must fail with the field named: %v", err)
	}
}
