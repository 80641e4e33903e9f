package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"htxnu/internal/coop"
)

// The boundary: every request's query and form values, and every JSON body
// an API write reads, pass through here before a handler sees them. What
// is refused here is refused the same way on both databases.

// checkInput reads the URL-encoded form of a POST, PUT or PATCH (bounded
// by coop.MaxFormBytes) and checks the text of every query and form value:
// 413 for a body too large, 400 for a form that does not parse, 422 naming
// each field with a control character, invalid UTF-8 or a search text past
// its bounds.
func checkInput(r *http.Request) error {
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		var err error
		// Uploads (multipart) are left to their handlers, which may stream
		// them; the body limit still answers 413 through fail.
		if ct == "application/x-www-form-urlencoded" {
			err = r.ParseForm()
		}
		if err != nil {
			return bodyError(err)
		}
	}
	p := coop.Problems{}
	check := func(vals map[string][]string) {
		for k, vs := range vals {
			field := k
			if m := coop.TextProblem(k); m != "" {
				p.Add("_", m)
				continue
			}
			for _, v := range vs {
				if m := coop.TextProblem(v); m != "" {
					p.Add(field, m)
					break
				}
				if k == "q" {
					if m := coop.SearchProblem(v); m != "" {
						p.Add(field, m)
						break
					}
				}
			}
		}
	}
	// Pairs that do not parse (a bad escape) are dropped here as they are
	// by r.URL.Query() in the handlers.
	q, _ := url.ParseQuery(r.URL.RawQuery)
	check(q)
	check(r.PostForm)
	if len(p) > 0 {
		return &coop.Error{Code: coop.EINVALID, Message: problemsMessage(p), Fields: p}
	}
	return nil
}

// problemsMessage is the general message over per-field problems.
func problemsMessage(p coop.Problems) string {
	if m, ok := p["_"]; ok && len(p) == 1 {
		return m
	}
	return "Dữ liệu gửi lên có giá trị không hợp lệ: " + strings.Join(sortedKeys(p), ", ") + "."
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// bodyError turns an error reading a body into the answer it deserves.
func bodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge()
	}
	var ce *coop.Error
	if errors.As(err, &ce) {
		return err
	}
	return coop.Errorf(coop.EMALFORMED, "Không đọc được dữ liệu gửi lên.")
}

func errTooLarge() error {
	return coop.Errorf(coop.ETOOLARGE, "Dữ liệu gửi lên quá lớn (tối đa %d MiB).", coop.MaxFormBytes>>20)
}

// decodeJSON reads a JSON body into v: 415 unless it says it is JSON, 413
// past coop.MaxFormBytes, 422 for invalid UTF-8, control characters, a
// value of the wrong type or a field the endpoint does not know (each
// named), 400 for anything after the object.
func decodeJSON(r *http.Request, v any) error {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (ct != "application/json" && !strings.HasSuffix(ct, "+json")) {
		return coop.Errorf(coop.EMEDIATYPE, "Nội dung gửi lên phải là JSON (Content-Type: application/json).")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return bodyError(err)
	}
	return decodeJSONBytes(body, v)
}

// decodeJSONBytes is decodeJSON after the body is read; fuzzed on its own.
func decodeJSONBytes(body []byte, v any) error {
	if !utf8.Valid(body) {
		m := "Nội dung có byte không phải UTF-8 hợp lệ."
		return &coop.Error{Code: coop.EINVALID, Message: "Dữ liệu JSON không hợp lệ: " + m, Fields: map[string]string{"_": m}}
	}
	// Strings may carry escaped control characters (\u0000): find them, by
	// field, in a generic reading of the body.
	var generic any
	gd := json.NewDecoder(bytes.NewReader(body))
	gd.UseNumber()
	if err := gd.Decode(&generic); err != nil {
		return coop.Errorf(coop.EINVALID, "Dữ liệu JSON không hợp lệ: %s", jsonProblem(err))
	}
	if _, err := gd.Token(); err != io.EOF {
		return coop.Errorf(coop.EMALFORMED, "Dữ liệu JSON không hợp lệ: có nội dung sau đối tượng JSON.")
	}
	p := coop.Problems{}
	textProblems(p, "", generic)
	if len(p) > 0 {
		return &coop.Error{Code: coop.EINVALID, Message: problemsMessage(p), Fields: p}
	}
	if m, ok := generic.(map[string]any); ok {
		if drop := echoed[reflect.TypeOf(v)]; len(drop) > 0 {
			n := len(m)
			for _, k := range drop {
				delete(m, k)
			}
			if len(m) != n {
				body, _ = json.Marshal(m)
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if f, ok := unknownField(err); ok {
			return &coop.Error{Code: coop.EINVALID, Message: fmt.Sprintf("Dữ liệu JSON có trường không được phép: %q.", f),
				Fields: map[string]string{f: "Trường này không được phép."}}
		}
		return coop.Errorf(coop.EINVALID, "Dữ liệu JSON không hợp lệ: %s", jsonProblem(err))
	}
	return nil
}

// textProblems records, under its JSON path, every string (key or value)
// in v that coop.TextProblem refuses.
func textProblems(p coop.Problems, path string, v any) {
	switch x := v.(type) {
	case string:
		if m := coop.TextProblem(x); m != "" {
			p.Add(fieldPath(path), m)
		}
	case map[string]any:
		for k, e := range x {
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			if m := coop.TextProblem(k); m != "" {
				p.Add(fieldPath(path), m)
				continue
			}
			textProblems(p, sub, e)
		}
	case []any:
		for i, e := range x {
			textProblems(p, fmt.Sprintf("%s[%d]", path, i), e)
		}
	}
}

func fieldPath(p string) string {
	if p == "" {
		return "_"
	}
	return p
}

// unknownField returns the name of the field encoding/json refused under
// DisallowUnknownFields.
func unknownField(err error) (string, bool) {
	const prefix = `json: unknown field "`
	msg := err.Error()
	if !strings.HasPrefix(msg, prefix) {
		return "", false
	}
	f := strings.TrimSuffix(strings.TrimPrefix(msg, prefix), `"`)
	return f, true
}

func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		kind := te.Type.Kind()
		what := te.Type.String()
		switch kind {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			what = "số nguyên"
		case reflect.String:
			what = "chuỗi"
		case reflect.Bool:
			what = "true hoặc false"
		}
		return fmt.Sprintf("trường %q phải là %s", te.Field, what)
	}
	return "không đọc được nội dung"
}

// echoed lists, by the type a write decodes into, the fields its answer
// carries that the write does not read (derived figures, names looked up):
// a client may send back the document it read, and those are ignored.
// Any other unknown field is refused.
var echoed = map[reflect.Type][]string{
	reflect.TypeOf(&coop.Organisation{}): onlyIn(orgDoc{}, coop.Organisation{}),
}

// onlyIn returns the JSON names of out's fields that in does not have.
func onlyIn(out, in any) []string {
	have := map[string]bool{}
	for _, n := range jsonNames(reflect.TypeOf(in)) {
		have[n] = true
	}
	var only []string
	for _, n := range jsonNames(reflect.TypeOf(out)) {
		if !have[n] {
			only = append(only, n)
		}
	}
	return only
}

func jsonNames(t reflect.Type) []string {
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" {
			names = append(names, jsonNames(f.Type)...)
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case name == "-" || !f.IsExported():
		case name == "":
			names = append(names, f.Name)
		default:
			names = append(names, name)
		}
	}
	return names
}

// wholeNumber reads a whole number typed or sent in the field key: an
// empty value is 0; anything else that is not a whole number is a field
// error in Vietnamese added to p (and 0), never silently taken as 0.
func wholeNumber(p coop.Problems, key, value string) int64 {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		p.Add(key, fmt.Sprintf("%s: “%s” không phải là một số nguyên.", numberLabel(key), clipText(value, 40)))
		return 0
	}
	return n
}

// numberLabels name the number fields forms carry, many of them hidden, so
// that a message about one says which it is.
var numberLabels = map[string]string{
	"version": "Phiên bản của biểu mẫu", "parent_id": "Tổ chức cấp trên", "raised_by_org_id": "Tổ chức nêu vướng mắc",
	"organisation_ids": "Tổ chức gặp vướng mắc", "organisation_id": "Tổ chức được thành lập", "agency_id": "Cơ quan",
	"milestone": "Mốc chỉ tiêu", "row_version": "Phiên bản của báo cáo", "comment_id": "Ý kiến được trả lời",
	"stars": "Hạng sao OCOP", "beneficiary": "Tổ chức được hỗ trợ", "year": "Năm", "half": "Nửa năm",
	"org_page": "Trang kết quả tìm tổ chức",
}

func numberLabel(key string) string {
	if l := numberLabels[key]; l != "" {
		return l
	}
	if l := fieldLabel(key); l != "" {
		return l
	}
	return "Giá trị"
}

// formErr is p as an EINVALID error whose message says each problem, so a
// problem with a field the form does not show (a hidden id or version) is
// not hidden from the user.
func formErr(p coop.Problems) error {
	if len(p) == 0 {
		return nil
	}
	msgs := make([]string, 0, len(p))
	for _, k := range sortedKeys(p) {
		msgs = append(msgs, p[k])
	}
	return &coop.Error{Code: coop.EINVALID, Message: strings.Join(msgs, " "), Fields: p}
}

// formNumber is wholeNumber for one posted field, answered as an error.
func formNumber(r *http.Request, key string) (int64, error) {
	p := coop.Problems{}
	n := wholeNumber(p, key, r.PostFormValue(key))
	return n, formErr(p)
}

// parseAmount reads a number typed with Vietnamese separators ("1.500");
// blank is nil, anything else that is not a number is an error.
func parseAmount(s string) (*int64, bool) {
	s = strings.NewReplacer(".", "", ",", "", " ", "", "\u00a0", "", "%", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return nil, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, false
	}
	return &n, true
}

// typedCount is a count typed in a form: blank is blank (the value given),
// anything that is not a number is -1, so that validation names the field.
func typedCount(s string, blank int64) int64 {
	n, ok := parseAmount(s)
	switch {
	case !ok:
		return -1
	case n == nil:
		return blank
	}
	return *n
}
