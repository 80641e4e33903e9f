package report

import (
	"fmt"
	"time"
)

// sampleDocument is a six-monthly report of a provincial alliance with every
// element of the layout: both header columns, a number, a dated place, a
// summary that wraps, headings, paragraphs, a short table of targets with a
// total row and notes, and a long table that runs onto further pages.
func sampleDocument() Document {
	targets := &Table{
		Title: "Bảng 1. Kết quả thực hiện các chỉ tiêu của Đề án 01",
		Sheet: "Chỉ tiêu",
		Columns: []Column{
			{Title: "Chỉ tiêu", Kind: Text, Width: 5},
			{Title: "Kế hoạch năm 2026", Kind: Int, Width: 2},
			{Title: "Thực hiện 6 tháng", Kind: Int, Width: 2},
			{Title: "Tỷ lệ hoàn thành", Kind: Percent, Width: 2},
		},
		Rows: [][]any{
			{"T1. HTX có phụ nữ tham gia quản lý được củng cố, nâng cao chất lượng", 23, 14, 60.9},
			{"T2. Tổ hợp tác được hỗ trợ thành lập mới hoặc củng cố", 10, 7, 70.0},
			{"T3. Việc làm ổn định cho thành viên, lao động nữ trong HTX", 250, 131, 52.4},
			{"T4. Việc làm ổn định cho lao động nữ trong THT", 100, 38, 38.0},
			{"T6. HTX do phụ nữ quản lý thành lập mới", 5, nil, nil},
		},
		Total: []any{nil, 388, 190, 49.0},
		Notes: []string{
			"Nguồn: Hệ thống thông tin Đề án 01, số liệu trực tiếp, chưa phê duyệt.",
			"Quy tắc phân loại: wim-default-v1 (phụ nữ giữ ít nhất một chức danh quản lý).",
		},
	}
	communes := []string{"Phường Minh Xuân", "Xã Hàm Yên", "Xã Yên Sơn", "Phường Hà Giang 1", "Xã Đồng Văn", "Xã Chiêm Hóa", "Xã Na Hang", "Xã Sơn Dương"}
	sectors := []string{"Nông nghiệp", "Công nghiệp, tiểu thủ công nghiệp", "Thương mại, dịch vụ", "Vận tải"}
	orgs := &Table{
		Title: "Bảng 2. Danh sách HTX do phụ nữ tham gia quản lý được hỗ trợ",
		Columns: []Column{
			{Title: "STT", Kind: Int},
			{Title: "Tên hợp tác xã", Kind: Text},
			{Title: "Xã, phường", Kind: Text},
			{Title: "Lĩnh vực", Kind: Text},
			{Title: "Lao động nữ", Kind: Int},
			{Title: "Kinh phí hỗ trợ", Kind: Money},
			{Title: "Ngày hỗ trợ", Kind: Date},
		},
		Notes: []string{"Kinh phí gồm ngân sách trung ương, ngân sách địa phương và nguồn huy động hợp pháp khác."},
	}
	var workers, money int64
	for i := 1; i <= 42; i++ {
		w := int64(5 + i*7%40)
		m := int64(i%6+1) * 12_500_000
		workers += w
		money += m
		name := fmt.Sprintf("Hợp tác xã %s %d", []string{"Chè Shan tuyết", "Dệt thổ cẩm", "Nông nghiệp sạch", "Dược liệu Hoàng Su Phì", "Mật ong bạc hà"}[i%5], i)
		if i == 7 {
			name = "Hợp tác xã Nông nghiệp và Dịch vụ tổng hợp Thượng Lâm, sản xuất chè hữu cơ đạt chứng nhận OCOP 4 sao"
		}
		orgs.Rows = append(orgs.Rows, []any{i, name, communes[i%len(communes)], sectors[i%len(sectors)], w, m,
			time.Date(2026, time.Month(1+i%5), 1+i%27, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)})
	}
	orgs.Total = []any{nil, nil, nil, nil, workers, money, nil}

	return Document{
		ParentBody:  "Liên minh Hợp tác xã Việt Nam",
		IssuingBody: "Liên minh HTX tỉnh Tuyên Quang",
		Number:      "12/BC-LMHTX",
		Place:       "Tuyên Quang",
		Date:        time.Date(2026, 6, 14, 0, 0, 0, 0, time.UTC),
		Kind:        "Báo cáo",
		Summary:     "Kết quả thực hiện Đề án hỗ trợ hợp tác xã do phụ nữ tham gia quản lý, tạo việc làm cho lao động nữ 6 tháng đầu năm 2026",
		Body: []Block{
			{Paragraph: "Thực hiện Quyết định số 01/QĐ-TTg ngày 03/01/2023 của Thủ tướng Chính phủ phê duyệt Đề án \"Hỗ trợ hợp tác xã do phụ nữ tham gia quản lý, tạo việc làm cho lao động nữ đến năm 2030\" và Kế hoạch thực hiện của Liên minh Hợp tác xã Việt Nam, Liên minh HTX tỉnh Tuyên Quang báo cáo kết quả thực hiện 6 tháng đầu năm 2026 như sau:"},
			{Heading: "I. KẾT QUẢ THỰC HIỆN"},
			{Heading: "1. Công tác tuyên truyền, vận động"},
			{Paragraph: "Liên minh HTX tỉnh phối hợp với Hội Liên hiệp Phụ nữ tỉnh tổ chức 6 hội nghị tuyên truyền về vai trò của phụ nữ trong kinh tế tập thể, thu hút 420 lượt người tham dự, trong đó 356 lượt là nữ. Chuyên mục \"Phụ nữ với kinh tế tập thể\" trên Báo Tuyên Quang đăng 4 bài giới thiệu mô hình HTX do phụ nữ quản lý hoạt động hiệu quả.\nCác xã, phường đã vận động 38 hộ gia đình do phụ nữ làm chủ hộ tham gia thành lập tổ hợp tác."},
			{Heading: "2. Kết quả các chỉ tiêu"},
			{Table: targets},
			{Heading: "3. Hỗ trợ củng cố, nâng cao chất lượng hoạt động"},
			{Paragraph: "Trong kỳ, 42 HTX do phụ nữ tham gia quản lý được hỗ trợ xúc tiến thương mại, đào tạo, chuyển đổi số và tiếp cận vốn từ Quỹ hỗ trợ phát triển HTX tỉnh. Danh sách chi tiết tại Bảng 2."},
			{Table: orgs},
			{Heading: "II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ"},
			{Paragraph: "Một số HTX chưa đáp ứng điều kiện tài sản bảo đảm khi vay vốn Quỹ hỗ trợ phát triển HTX; đề nghị Liên minh HTX Việt Nam kiến nghị điều chỉnh tỷ lệ cho vay không có tài sản bảo đảm đối với HTX do phụ nữ quản lý."},
		},
		Recipients:  []string{"Liên minh HTX Việt Nam (b/c)", "UBND tỉnh (b/c)", "Hội LHPN tỉnh", "Lưu: VT, KTTT"},
		SignerTitle: "KT. Chủ tịch\nPhó Chủ tịch",
		SignerName:  "Nguyễn Thị Hồng Nhung",
	}
}

// sampleList returns a copy of the long table of d, the list of cooperatives.
func sampleList(d Document) Table {
	var t Table
	for _, b := range d.Body {
		if b.Table != nil && len(b.Table.Rows) > len(t.Rows) {
			t = *b.Table
		}
	}
	return t
}
