package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "i.db")
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"user", "add", "--db", db, "--email", "tq@vca.vn", "--name", "Cán bộ", "--role", "provincial", "--province", "08"},
		strings.NewReader("mat-khau-tu-chon-du-dai\n"), &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "so-dang-ky.csv")
	csv := "Mã số HTX;Tên tổ chức;Loại hình;Lĩnh vực;Tỉnh, thành phố;Tổng số thành viên\n" +
		"5100000001;HTX Một;HTX;Nông nghiệp;Tỉnh Hà Giang;\n" +
		"5100000002;HTX Hai;HTX;Nông nghiệp;Hà Nội;\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err := run(ctx, []string{"import", "--db", db, "--as", "tq@vca.vn", "--kind", "organisations", file}, nil, &out, &out, nil)
	if err == nil || !strings.Contains(err.Error(), "nothing written") {
		t.Fatalf("import with an error row: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "1 new") || !strings.Contains(out.String(), "row 3, Tỉnh, thành phố") || !strings.Contains(out.String(), "Hà Giang") {
		t.Fatalf("preview printed %q", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", "--db", db, "--as", "tq@vca.vn", "--valid-only", file}, nil, &out, &out, nil); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "committed: 1 new") {
		t.Fatalf("commit printed %q", out.String())
	}
}

func TestImportCommandAllocations(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "i.db")
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"user", "add", "--db", db, "--email", "tw@vca.vn", "--name", "Cán bộ", "--role", "central"},
		strings.NewReader("mat-khau-tu-chon-du-dai\n"), &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "chi-tieu.csv")
	csv := "Mã chỉ tiêu;Mốc;Tỉnh, thành phố;Chỉ tiêu giao\nT1;2030;Tuyên Quang;40\nT1;2030;Tỉnh Hà Giang;25\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"import", "--db", db, "--as", "tw@vca.vn", "--kind", "allocations", file}, nil, &out, &out, nil); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "2 rows: 1 new") || !strings.Contains(out.String(), "Hà Giang") || !strings.Contains(out.String(), "committed: 1 new") {
		t.Fatalf("import printed %q", out.String())
	}
}
