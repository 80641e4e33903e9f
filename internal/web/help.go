package web

import (
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

var helpTopics = []helpTopic{
	{"organisations", "Sổ đăng ký tổ chức", "/organisations", []string{
		"Tìm tổ chức theo tên hoặc mã số; gõ không dấu cũng được. Bộ lọc theo loại hình, lĩnh vực, tình trạng và phân loại.",
		"“+ Thêm tổ chức” mở biểu mẫu; ô bắt buộc có dấu *. Lỗi hiện ngay dưới từng ô và giữ nguyên nội dung đã nhập.",
		"Trên trang tổ chức: thêm chức danh quản lý, nhập số liệu lao động theo ngày và sản phẩm OCOP. Khi người giữ chức thôi việc, dùng “Kết thúc…”, không xoá.",
		"Phân loại “có phụ nữ tham gia quản lý” và “tỷ lệ lao động nữ cao” được tính ngay khi lưu, theo quy tắc đang áp dụng.",
		"Tổ chức giải thể hoặc nhập nhầm thì “Lưu trữ”; có thể khôi phục. Mọi thay đổi có trong “Lịch sử thay đổi”.",
	}},
	{"targets", "Chỉ tiêu", "/targets", []string{
		"Trang chỉ tiêu cho thấy chỉ tiêu toàn quốc của Quyết định 01, kết quả hiện tại và chỉ tiêu giao từng tỉnh.",
		"Liên minh HTX Việt Nam giao chỉ tiêu cho các tỉnh; tỉnh đề xuất chỉ tiêu của mình và chờ trung ương chấp nhận.",
	}},
	{"plans", "Kế hoạch và nhiệm vụ", "/plans", []string{
		"Mỗi tỉnh và trung ương lập kế hoạch theo giai đoạn, chia thành nhiệm vụ theo ba nhóm nhiệm vụ của Đề án.",
		"Kinh phí kế hoạch ghi theo nguồn; “Đã chi” là tổng kinh phí của các hoạt động thuộc nhiệm vụ.",
	}},
	{"activities", "Hoạt động hỗ trợ", "/activities", []string{
		"“+ Ghi nhận hoạt động” sau mỗi hội nghị, lớp đào tạo, đợt tư vấn hoặc khoản vay.",
		"Chọn các tổ chức được hỗ trợ bằng ô tìm kiếm; số liệu tiếp cận của bảng điều khiển cập nhật ngay.",
	}},
	{"pipeline", "Hỗ trợ thành lập mới", "/pipeline", []string{
		"Theo dõi từng nhóm được tư vấn thành lập HTX, THT qua các bước: tư vấn, hồ sơ, đăng ký hoặc dừng.",
		"Khi nhóm đã đăng ký, liên kết hồ sơ với tổ chức trong sổ đăng ký.",
	}},
	{"obstacles", "Khó khăn, vướng mắc", "/obstacles", []string{
		"Tỉnh ghi nhận vướng mắc của HTX khi tiếp cận chính sách, xử lý hoặc chuyển lên trung ương.",
		"Trung ương trả lời vướng mắc được chuyển lên; tỉnh nhận thông báo khi có trả lời.",
	}},
	{"reports", "Báo cáo định kỳ", "/reports", []string{
		"Báo cáo 6 tháng, năm và giai đoạn được lập từ số liệu trong hệ thống; cán bộ tỉnh viết phần thuyết minh.",
		"Lãnh đạo Liên minh HTX tỉnh gửi báo cáo; trung ương góp ý, trả lại hoặc phê duyệt. Mỗi bước có thông báo.",
	}},
	{"dashboard", "Bảng điều khiển", "/dashboard", []string{
		"Số liệu tính ngay khi lưu. Bấm vào một con số để xem danh sách tổ chức hoặc hoạt động tạo nên nó.",
		"Tải bảng số liệu dạng Excel bằng nút trên trang.",
	}},
	{"showcase", "Mô hình điển hình", "/showcase", []string{
		"Tỉnh viết giới thiệu tổ chức do phụ nữ quản lý và công bố lên trang công khai; có thể thôi công bố bất cứ lúc nào.",
	}},
	{"account", "Tài khoản, mật khẩu và thông báo", "/account", []string{
		"Đổi mật khẩu và đăng xuất khỏi mọi thiết bị trên trang tài khoản.",
		"Quên mật khẩu: nếu hệ thống gửi được email, dùng “Quên mật khẩu?” ở trang đăng nhập; nếu không, nhờ quản trị hệ thống đặt lại mật khẩu.",
		"Biểu tượng chuông ở đầu trang cho biết số thông báo chưa đọc; bấm vào để xem các thông báo.",
	}},
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
