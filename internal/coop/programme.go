package coop

// Reference lists of the programme (Decision 01): shared by plans,
// activities, the founding pipeline, obstacles and reports.

// FundingSources of Decision 01 (DOMAIN.md §5).
var FundingSources = CodeList{
	{"central_budget", "Ngân sách trung ương"},
	{"local_budget", "Ngân sách địa phương"},
	{"credit", "Vốn tín dụng"},
	{"mobilised", "Vốn huy động của HTX, doanh nghiệp, hộ gia đình"},
	{"ntp", "Lồng ghép chương trình mục tiêu quốc gia"},
	{"support_fund", "Quỹ hỗ trợ phát triển HTX"},
	{"other", "Nguồn hợp pháp khác"},
}

// TaskGroups are the three tasks assigned to VCA (DOMAIN.md §1).
var TaskGroups = CodeList{
	{"communication", "Tuyên truyền, vận động"},
	{"legal_founding", "Tư vấn pháp lý, hỗ trợ thành lập mới"},
	{"consolidation", "Củng cố, nâng cao chất lượng hoạt động"},
}

// Phases of the Scheme.
var Phases = CodeList{
	{"2023-2025", "Giai đoạn 2023–2025"},
	{"2026-2030", "Giai đoạn 2026–2030"},
}

// ActivityTypes of support activities (DOMAIN.md §5).
var ActivityTypes = CodeList{
	{"communication_event", "Sự kiện truyền thông"},
	{"press", "Tin bài, chuyên mục báo chí"},
	{"conference", "Hội nghị, hội thảo, diễn đàn"},
	{"training", "Đào tạo, bồi dưỡng"},
	{"legal_advice", "Tư vấn pháp lý"},
	{"founding_support", "Hỗ trợ thành lập mới"},
	{"trade_promotion", "Xúc tiến thương mại, hội chợ"},
	{"market_linkage", "Liên kết thị trường"},
	{"technology", "Khoa học, công nghệ, chuyển đổi số"},
	{"capital", "Hỗ trợ vốn (vay, bảo lãnh từ Quỹ hỗ trợ phát triển HTX)"},
	{"ocop_support", "Hỗ trợ OCOP"},
	{"international", "Hợp tác quốc tế"},
}

// ObstacleCategories of the obstacle log.
var ObstacleCategories = CodeList{
	{"credit", "Tiếp cận tín dụng"},
	{"land", "Đất đai"},
	{"market", "Thị trường, tiêu thụ"},
	{"training", "Đào tạo, nguồn nhân lực"},
	{"legal_procedure", "Thủ tục pháp lý"},
	{"tax", "Thuế"},
	{"social_insurance", "Bảo hiểm xã hội cho lao động nữ"},
	{"other", "Khác"},
}
