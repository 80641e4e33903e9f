package web

import (
	"encoding/json"
	"testing"

	"htxnu/internal/coop"
)

func TestResolveJSONProvinces(t *testing.T) {
	var notes []string
	note := func(r coop.ProvinceResolution) { notes = append(notes, r.Note) }
	body := []byte(`{"version":12345678901234567,"province":"74","shares":[{"province":"Tỉnh Hà Giang","value":1.50},{"province":"08","value":2}],
		"meta":{"province":"tinh bac lieu"},"other":"74","nothing":{"province":"Tỉnh Không Có"}}`)
	out, ok := resolveJSONProvinces(body, note)
	if !ok {
		t.Fatal("nothing changed")
	}
	var got struct {
		Version  json.Number `json:"version"`
		Province string      `json:"province"`
		Shares   []struct {
			Province string      `json:"province"`
			Value    json.Number `json:"value"`
		} `json:"shares"`
		Meta    struct{ Province string } `json:"meta"`
		Other   string                    `json:"other"`
		Nothing struct{ Province string } `json:"nothing"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Version != "12345678901234567" || got.Province != "79" || got.Shares[0].Province != "08" || got.Shares[0].Value != "1.50" ||
		got.Shares[1].Province != "08" || got.Meta.Province != "96" || got.Other != "74" || got.Nothing.Province != "Tỉnh Không Có" {
		t.Errorf("resolved body: %s", out)
	}
	if len(notes) != 4 { // 74, Hà Giang, 08 (no note), Bạc Liêu
		t.Errorf("notes: %q", notes)
	}
	for _, body := range []string{`{"province":"08"}`, `not json`, `[1,2]`, `{"province":"08"} {"x":1}`, `{"name":"no province"}`} {
		if _, ok := resolveJSONProvinces([]byte(body), note); ok {
			t.Errorf("%s changed", body)
		}
	}
}
