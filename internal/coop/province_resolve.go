package coop

import (
	"fmt"
	"strings"
	"sync"
)

// ProvinceResolution is a province as given by a person or a file, resolved
// to one of the 34 provinces since 1 July 2025.
type ProvinceResolution struct {
	Code   string `json:"code"`           // 2025 code
	Name   string `json:"name"`           // 2025 name
	Given  string `json:"given"`          // the text as given, cleaned, kept for the audit
	Legacy bool   `json:"legacy"`         // given as a pre-2025 province that is now part of another
	Note   string `json:"note,omitempty"` // e.g. "Tỉnh Bình Dương (74) nay thuộc Thành phố Hồ Chí Minh (79)"
}

var (
	provinceByKey map[string]Province       // folded 2025 name without prefix → province
	legacyByKey   map[string]LegacyProvince // folded legacy name without prefix → legacy province
	legacyByCode  map[string]LegacyProvince
	resolveOnce   sync.Once
)

// buildResolveIndex indexes the embedded province lists; it runs once, after
// reference.go's init has loaded them.
func buildResolveIndex() {
	provinceByKey = map[string]Province{}
	for _, p := range provinces {
		provinceByKey[provinceKey(p.Name)] = p
	}
	legacyByKey = map[string]LegacyProvince{}
	legacyByCode = map[string]LegacyProvince{}
	for _, l := range legacyProvinces {
		legacyByKey[provinceKey(l.Name)] = l
		legacyByCode[l.Code] = l
	}
}

// provinceKey folds a province name and removes the kind prefix, so that
// "Tỉnh Bình Dương", "tinh binh duong" and "Bình Dương" have one key, and
// "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh" and "TP HCM"-less "Hồ Chí Minh" too.
func provinceKey(s string) string {
	k := Fold(s)
	k = strings.ReplaceAll(k, ".", ". ")
	k = strings.Join(strings.Fields(k), " ")
	for _, prefix := range []string{"thanh pho ", "tinh ", "tp. ", "tp ", "t. "} {
		if strings.HasPrefix(k, prefix) {
			k = strings.TrimSpace(k[len(prefix):])
			break
		}
	}
	return strings.ReplaceAll(k, "-", " ")
}

// ResolveProvince accepts a province given as a 2025 code or name, or as a
// pre-2025 code or name (with or without "Tỉnh", "Thành phố" or "TP.", with
// or without accents), and returns the 2025 province with a note when the
// province given is an old one now part of another. An empty or unknown
// province is an EINVALID error with a Vietnamese message naming the input.
func ResolveProvince(s string) (ProvinceResolution, error) {
	resolveOnce.Do(buildResolveIndex)
	given := Clean(s)
	if given == "" {
		return ProvinceResolution{}, &Error{Code: EINVALID, Message: "Chọn tỉnh, thành phố."}
	}
	code := given
	if len(code) == 1 && code[0] >= '0' && code[0] <= '9' {
		code = "0" + code
	}
	if p, ok := provinceByCode[code]; ok {
		return ProvinceResolution{Code: p.Code, Name: p.Name, Given: given}, nil
	}
	if l, ok := legacyByCode[code]; ok {
		return legacyResolution(l, given), nil
	}
	key := provinceKey(given)
	if p, ok := provinceByKey[key]; ok {
		return ProvinceResolution{Code: p.Code, Name: p.Name, Given: given}, nil
	}
	if l, ok := legacyByKey[key]; ok {
		return legacyResolution(l, given), nil
	}
	return ProvinceResolution{Given: given}, &Error{Code: EINVALID, Message: fmt.Sprintf(
		"Không nhận ra tỉnh, thành phố %q: nhập mã (ví dụ 08) hoặc tên của một trong 34 tỉnh, thành phố từ 01/7/2025, hoặc của 63 tỉnh, thành phố trước đó.", given)}
}

func legacyResolution(l LegacyProvince, given string) ProvinceResolution {
	p := provinceByCode[l.Code2025]
	r := ProvinceResolution{Code: p.Code, Name: p.Name, Given: given}
	if l.Code != p.Code || provinceKey(l.Name) != provinceKey(p.Name) {
		r.Legacy = true
		r.Note = fmt.Sprintf("%s (%s) nay thuộc %s (%s)", l.Name, l.Code, p.Name, p.Code)
	}
	return r
}
