package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/xlsx"
)

// importPerm opens the import routes. Every role that may import some kind
// (organisations need registry.write, allocations targets.manage) also
// records activities, so activity.write is the widest need; the store
// answers which kinds the account may import.
const importPerm = coop.PermActivityWrite

// uploadLimit is the request body allowed on the upload routes: the file's
// cap and room for the rest of the form.
const uploadLimit = xlsx.MaxFileSize + 1<<20

// isUpload reports whether a request may carry an uploaded spreadsheet.
func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && (r.URL.Path == "/imports" || r.URL.Path == "/api/v1/imports")
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func attachment(w http.ResponseWriter, name, contentType string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", asciiName(name), url.PathEscape(name)))
}

func asciiName(name string) string {
	f := coop.Fold(name)
	var b strings.Builder
	for _, r := range f {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// readUpload reads the multipart form of an upload: the file and the kind.
// A file over the cap is reported as such (413).
func readUpload(r *http.Request) (kind, name string, data []byte, err error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", "", nil, coop.Errorf(coop.EINVALID, "Chọn tệp bảng tính (.xlsx hoặc .csv) để tải lên.")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", "", nil, xlsx.ErrTooLarge
			}
			return "", "", nil, coop.Errorf(coop.EINVALID, "Không đọc được tệp tải lên.")
		}
		switch part.FormName() {
		case "kind":
			b, _ := io.ReadAll(io.LimitReader(part, 100))
			kind = strings.TrimSpace(string(b))
		case "file":
			name = part.FileName()
			data, err = io.ReadAll(io.LimitReader(part, xlsx.MaxFileSize+1))
			if err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return "", "", nil, xlsx.ErrTooLarge
				}
				return "", "", nil, coop.Errorf(coop.EINVALID, "Không đọc được tệp tải lên.")
			}
			if len(data) > xlsx.MaxFileSize {
				return "", "", nil, xlsx.ErrTooLarge
			}
		}
		part.Close()
	}
	if data == nil {
		return "", "", nil, &coop.Error{Code: coop.EINVALID, Message: "Chọn tệp bảng tính (.xlsx hoặc .csv) để tải lên.", Fields: map[string]string{"file": "Chọn tệp."}}
	}
	if kind == "" {
		kind = r.URL.Query().Get("kind")
	}
	return kind, name, data, nil
}

// failUpload answers an upload error: 413 for a file too large.
func (s *Server) failUpload(w http.ResponseWriter, r *http.Request, err error) {
	if err == xlsx.ErrTooLarge {
		if isAPI(r) {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"error": map[string]any{"code": coop.EINVALID, "message": coop.ErrorMessage(err)}})
			return
		}
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		s.render(w, r, "error", map[string]any{"Status": http.StatusRequestEntityTooLarge, "Message": coop.ErrorMessage(err)})
		return
	}
	s.fail(w, r, err)
}

func (s *Server) apiImportUpload(w http.ResponseWriter, r *http.Request) {
	kind, name, data, err := readUpload(r)
	if err != nil {
		s.failUpload(w, r, err)
		return
	}
	imp, err := s.db.NewImport(r.Context(), actor(r), kind, name, data)
	if err != nil {
		s.failUpload(w, r, err)
		return
	}
	code := http.StatusCreated
	if imp.Status == store.ImportProcessing {
		code = http.StatusAccepted
	}
	w.Header().Set("Location", "/api/v1/imports/"+itoa(imp.ID))
	writeJSON(w, code, imp)
}

func (s *Server) apiImportList(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.Imports(r.Context(), actor(r), 50)
	if list == nil {
		list = []*store.Import{}
	}
	s.reply(w, r, http.StatusOK, map[string]any{"items": list}, err)
}

func (s *Server) apiImportGet(w http.ResponseWriter, r *http.Request) {
	apiGet(s, w, r, s.db.Import)
}

func (s *Server) apiImportCommit(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ValidOnly bool `json:"valid_only"`
	}
	id, err := actionInput(r, decodeOptionalJSON, &in)
	var imp *store.Import
	if err == nil {
		imp, err = s.db.CommitImport(r.Context(), actor(r), id, in.ValidOnly)
	}
	code := http.StatusOK
	if err == nil && imp.Status == store.ImportCommitting {
		code = http.StatusAccepted
	}
	s.reply(w, r, code, imp, err)
}

func (s *Server) apiImportRevert(w http.ResponseWriter, r *http.Request) {
	apiGet(s, w, r, s.db.RevertImport)
}

func (s *Server) importErrorFile(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var data []byte
	var name string
	if err == nil {
		data, name, err = s.db.ImportErrorFile(r.Context(), actor(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	attachment(w, name, xlsxType)
	w.Write(data)
}

// Pages.

func (s *Server) importList(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.Imports(r.Context(), actor(r), 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "import_list", map[string]any{"Imports": list, "Kinds": store.ImportableKinds(actor(r))})
}

func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	kind, name, data, err := readUpload(r)
	if err == nil {
		var imp *store.Import
		if imp, err = s.db.NewImport(r.Context(), actor(r), kind, name, data); err == nil {
			http.Redirect(w, r, "/imports/"+itoa(imp.ID), http.StatusSeeOther)
			return
		}
	}
	if err == xlsx.ErrTooLarge {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
	} else if coop.ErrorCode(err) != coop.EINVALID {
		s.fail(w, r, err)
		return
	} else {
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	list, _ := s.db.Imports(r.Context(), actor(r), 50)
	s.render(w, r, "import_list", map[string]any{"Imports": list, "Kinds": store.ImportableKinds(actor(r)), "UploadError": coop.ErrorMessage(err), "FileName": name})
}

func (s *Server) importShow(w http.ResponseWriter, r *http.Request) {
	withRecord(s, w, r, s.db.Import, func(imp *store.Import) {
		s.render(w, r, "import_show", map[string]any{"Import": imp, "Running": imp.Status == store.ImportProcessing || imp.Status == store.ImportCommitting,
			"Flash": importFlash[r.URL.Query().Get("done")]})
	})
}

// importFlash is the message of a done code on an import's page.
var importFlash = map[string]string{
	"committed":  "Đã ghi dữ liệu vào sổ đăng ký.",
	"committing": "Đang ghi dữ liệu; trang này tự cập nhật. Bạn có thể rời trang, việc ghi vẫn tiếp tục.",
	"reverted":   "Đã hoàn tác toàn bộ lần nhập.",
}

// The import page's actions come back to it with their done code;
// refused, it shows the reason (see importShowError).

func (s *Server) importCommit(w http.ResponseWriter, r *http.Request) {
	s.actAt(w, r, func(id int64) (string, error) {
		imp, err := s.db.CommitImport(r.Context(), actor(r), id, r.FormValue("valid_only") == "1")
		if err == nil && imp.Status == store.ImportCommitting {
			return "/imports/" + itoa(id) + "?done=committing", nil
		}
		return "/imports/" + itoa(id) + "?done=committed", err
	}, s.importShowError)
}

func (s *Server) importRevert(w http.ResponseWriter, r *http.Request) {
	s.actAt(w, r, func(id int64) (string, error) {
		_, err := s.db.RevertImport(r.Context(), actor(r), id)
		return "/imports/" + itoa(id) + "?done=reverted", err
	}, s.importShowError)
}

// importShowError shows the import again with the reason an action was
// refused.
func (s *Server) importShowError(w http.ResponseWriter, r *http.Request, id int64, err error) {
	imp, ok := refusedAt(s, w, r, s.db.Import, id, err)
	if !ok {
		return
	}
	w.WriteHeader(status(err))
	s.render(w, r, "import_show", map[string]any{"Import": imp, "ActionError": coop.ErrorMessage(err)})
}

// orgExport writes the registry list, with the filters on screen, as
// .xlsx or .csv in the columns of the organisations template, so that the
// file can be edited and imported back.
func (s *Server) orgExport(w http.ResponseWriter, r *http.Request) {
	format := xlsx.XLSX
	if strings.HasSuffix(r.URL.Path, ".csv") {
		format = xlsx.CSV
	}
	f, err := orgFilter(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	// Check the filter (and the actor's access) before the first byte.
	f.PerPage = 1
	if _, err := s.db.Organisations(r.Context(), a, f); err != nil {
		s.fail(w, r, err)
		return
	}
	f.PerPage = 0
	attachment(w, "so-dang-ky-"+s.db.Today()+format.Ext(), format.ContentType())
	out, err := xlsx.NewWriter(w, format, xlsx.OrganisationColumns(), xlsx.Options{})
	if err != nil {
		s.log.Error("export organisations", "err", err)
		return
	}
	today := s.db.Today()
	if err := s.db.EachOrganisation(r.Context(), a, f, func(o *coop.Organisation) error {
		return out.Row(xlsx.OrganisationValues(o, today)...)
	}); err != nil {
		out.Abort()
		s.log.Error("export organisations", "err", err)
		return
	}
	if err := out.Close(); err != nil {
		s.log.Error("export organisations", "err", err)
	}
}

// importLink is the page of a record an import changes ("" for none).
func importLink(kind string, id int64) string {
	switch kind {
	case store.ImportOrganisations:
		return "/organisations/" + itoa(id)
	case store.ImportActivities, store.ImportAttendance:
		return "/activities/" + itoa(id)
	}
	return ""
}
