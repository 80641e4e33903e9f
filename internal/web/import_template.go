package web

import (
	"bytes"
	"context"
	"net/http"

	"htxnu/internal/coop"
	"htxnu/internal/store"
	"htxnu/internal/xlsx"
)

// importTemplate sends the template of a kind: the organisations template
// pre-filled with the province's organisations (the actor's, or the one
// asked by a national user); the activities and attendance templates with
// them on a lookup sheet; the allocations template with every province's
// current shares.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	kind := r.URL.Query().Get("kind")
	if kinds := store.ImportableKinds(a); kind == "" && len(kinds) > 0 {
		kind = kinds[0].Code // the first the account may import
	}
	if !store.ImportKinds.Valid(kind) {
		s.fail(w, r, &coop.Error{Code: coop.EINVALID, Message: "Chọn loại dữ liệu cần nhập.", Fields: map[string]string{"kind": "Chọn loại dữ liệu cần nhập."}})
		return
	}
	if !store.CanImport(a, kind) {
		s.fail(w, r, coop.Errorf(coop.EFORBIDDEN, "Bạn không có quyền nhập “%s”.", store.ImportKinds.Label(kind)))
		return
	}
	province := a.Province
	if province == "" {
		if res, err := coop.ResolveProvince(r.URL.Query().Get("province")); err == nil {
			province = res.Code
		}
	}
	t := xlsx.Template{Fields: store.ImportFields(kind), Instructions: importInstructions[kind]}
	var err error
	switch kind {
	case store.ImportOrganisations:
		err = s.orgTemplateRows(r.Context(), a, province, &t)
	case store.ImportActivities, store.ImportAttendance:
		err = s.orgLookup(r.Context(), a, province, &t)
	case store.ImportAllocations:
		err = s.allocationTemplateRows(r.Context(), a, &t)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := xlsx.WriteTemplate(&buf, t); err != nil {
		s.fail(w, r, err)
		return
	}
	name := templateNames[kind]
	if province != "" && kind != store.ImportAllocations {
		name += "-" + asciiName(coop.ProvinceName(province))
	}
	attachment(w, name+".xlsx", xlsxType)
	w.Write(buf.Bytes())
}

var templateNames = map[string]string{
	store.ImportOrganisations: "mau-nhap-so-dang-ky",
	store.ImportActivities:    "mau-nhap-hoat-dong",
	store.ImportAttendance:    "mau-nhap-hoc-vien",
	store.ImportAllocations:   "mau-nhap-chi-tieu",
}

func (s *Server) orgTemplateRows(ctx context.Context, a coop.Actor, province string, t *xlsx.Template) error {
	if province == "" {
		return nil
	}
	return s.db.EachOrganisation(ctx, a, store.OrgFilter{Province: province}, func(o *coop.Organisation) error {
		t.Rows = append(t.Rows, xlsx.OrganisationValues(o, s.db.Today()))
		return nil
	})
}

// orgLookup lists the province's organisations on the lookup sheet, for
// the beneficiary or trainee columns.
func (s *Server) orgLookup(ctx context.Context, a coop.Actor, province string, t *xlsx.Template) error {
	if province == "" {
		return nil
	}
	t.Lookup = [][]string{{"Mã số HTX", "Tên tổ chức", "Loại hình", "Tỉnh, thành phố"}}
	return s.db.EachOrganisation(ctx, a, store.OrgFilter{Province: province}, func(o *coop.Organisation) error {
		t.Lookup = append(t.Lookup, []string{o.RegistrationNo, o.Name, coop.Kinds.Label(o.Kind), coop.ProvinceName(o.Province)})
		return nil
	})
}

// allocationTemplateRows writes a row per indicator, milestone and
// province with the share set today (empty when none).
func (s *Server) allocationTemplateRows(ctx context.Context, a coop.Actor, t *xlsx.Template) error {
	inds, err := s.db.Indicators(ctx, a)
	if err != nil {
		return err
	}
	for _, ind := range inds {
		for _, m := range coop.Milestones {
			list, err := s.db.Allocations(ctx, a, ind.Code, m)
			if err != nil {
				return err
			}
			for _, al := range list {
				t.Rows = append(t.Rows, xlsx.AllocationValues(ind, m, al.Province, al.Value))
			}
		}
	}
	return nil
}

var importInstructions = map[string][]string{
	store.ImportOrganisations: {
		"TỆP MẪU NHẬP SỔ ĐĂNG KÝ TỔ CHỨC KINH TẾ TẬP THỂ (HTX, LIÊN HIỆP HTX, TỔ HỢP TÁC)",
		"",
		"1. Mỗi tổ chức một dòng trên trang “" + xlsx.SheetData + "”. Giữ nguyên dòng tiêu đề; có thể bỏ các cột không dùng, thứ tự cột không quan trọng.",
		"2. Tổ chức có Mã số HTX được đối chiếu theo mã số; không có mã số thì theo tên và tỉnh (không phân biệt dấu, hoa thường).",
		"3. Ô để trống thì giữ nguyên thông tin đang có. Tổ chức mới cần có tên, loại hình, lĩnh vực và tỉnh.",
		"4. Số viết 1.234 hoặc 1234; ngày viết ngày/tháng/năm (15/03/2019) hoặc để Excel định dạng ngày.",
		"5. Tên tỉnh cũ trước 1/7/2025 (ví dụ Tỉnh Hà Giang) được chuyển sang tỉnh mới, có ghi chú trong bản xem trước.",
		"6. Người quản lý: điền họ tên người đang giữ chức danh và giới tính; nhiều người thì cách nhau bằng dấu ;. Người không còn trong danh sách được ghi nhận thôi giữ chức danh từ hôm nay.",
		importPreviewLine,
	},
	store.ImportActivities: {
		"TỆP MẪU NHẬP HOẠT ĐỘNG HỖ TRỢ",
		"",
		"1. Mỗi dòng là một hoạt động và một tổ chức được hỗ trợ. Hoạt động hỗ trợ nhiều tổ chức: ghi nhiều dòng cùng “Mã hoạt động” (ví dụ HD1); thông tin hoạt động lấy ở dòng đầu tiên, các dòng sau chỉ cần tổ chức thụ hưởng.",
		"2. Hoạt động đã có cùng tên, ngày bắt đầu và tỉnh thì được cập nhật: ô để trống giữ nguyên thông tin đang có, tổ chức thụ hưởng được thêm vào danh sách.",
		"3. Tổ chức thụ hưởng được tìm theo Mã số HTX; không có mã số thì theo tên trong tỉnh của hoạt động (không phân biệt dấu, hoa thường). Trang “" + xlsx.SheetLookup + "” liệt kê các tổ chức của tỉnh.",
		"4. Để trống tỉnh với hoạt động cấp trung ương. Cán bộ tỉnh chỉ nhập được hoạt động của tỉnh mình. Tên tỉnh cũ trước 1/7/2025 được chuyển sang tỉnh mới.",
		"5. Số viết 1.234 hoặc 1234; số tiền tính bằng đồng; ngày viết ngày/tháng/năm.",
		importPreviewLine,
	},
	store.ImportAttendance: {
		"TỆP MẪU NHẬP DANH SÁCH HỌC VIÊN TẬP HUẤN",
		"",
		"1. Mỗi học viên một dòng. Hoạt động được chọn theo “Số hoạt động” (trên trang hoạt động), hoặc theo tên, ngày bắt đầu và tỉnh của hoạt động.",
		"2. Chức danh: chọn chức danh quản lý trong danh sách (để tính chỉ tiêu cán bộ quản lý nữ được đào tạo) hoặc ghi khác, ví dụ thành viên.",
		"3. Tổ chức của học viên được tìm theo Mã số HTX, hoặc theo tên trong tỉnh của hoạt động. Trang “" + xlsx.SheetLookup + "” liệt kê các tổ chức của tỉnh.",
		"4. Học viên đã có trong danh sách của hoạt động (cùng họ tên và tổ chức) được giữ nguyên, không ghi trùng.",
		importPreviewLine,
	},
	store.ImportAllocations: {
		"TỆP MẪU GIAO CHỈ TIÊU CHO CÁC TỈNH, THÀNH PHỐ",
		"",
		"1. Mỗi dòng là chỉ tiêu giao cho một tỉnh theo một mã chỉ tiêu (T1 đến T8) và một mốc (2025 hoặc 2030). Tệp mẫu có sẵn chỉ tiêu đang giao.",
		"2. Tên tỉnh cũ trước 1/7/2025 được chuyển sang tỉnh mới; chỉ tiêu của các tỉnh cũ nay cùng thuộc một tỉnh được cộng lại (trừ chỉ tiêu tỷ lệ).",
		"3. Chỉ tiêu tỷ lệ (T5, T7, T8) ghi phần trăm từ 0 đến 100. Dòng để trống chỉ tiêu thì bị báo lỗi; muốn bỏ chỉ tiêu của tỉnh hãy xoá trên trang chỉ tiêu.",
		"4. Chỉ Liên minh HTX Việt Nam giao chỉ tiêu; đề xuất của tỉnh đang chờ được coi như đã xử lý khi chỉ tiêu của tỉnh được giao theo tệp.",
		importPreviewLine,
	},
}

const importPreviewLine = "Sau khi tải lên, hệ thống hiển thị bản xem trước (mới, cập nhật, không đổi, lỗi). Chưa có gì được ghi cho đến khi bạn xác nhận. Một lần nhập có thể được hoàn tác."
