package demo

import (
	_ "embed"
	"strings"
)

// The words names are built from. Place words are real kinds of Vietnamese
// commune and village names; none of the random ones folds to "lac", so a
// search for "ban lac" finds the one showcase cooperative of that name.

// region groups provinces whose place names sound alike.
type region int

const (
	regionNorthMountain region = iota
	regionRedRiver
	regionNorthCentral
	regionSouthCentral
	regionSouth
)

// provinceInfo weights each of the 34 provinces (roughly its population in
// hundreds of thousands, the largest cities damped) and tells its region
// and telephone area code.
var provinceInfo = []struct {
	code   string
	weight int
	region region
	city   bool
	area   string
}{
	{"01", 70, regionRedRiver, true, "024"},
	{"04", 6, regionNorthMountain, false, "0206"},
	{"08", 19, regionNorthMountain, false, "0207"},
	{"11", 7, regionNorthMountain, false, "0215"},
	{"12", 5, regionNorthMountain, false, "0213"},
	{"14", 13, regionNorthMountain, false, "0212"},
	{"15", 18, regionNorthMountain, false, "0214"},
	{"19", 18, regionNorthMountain, false, "0208"},
	{"20", 8, regionNorthMountain, false, "0205"},
	{"22", 14, regionRedRiver, false, "0203"},
	{"24", 36, regionRedRiver, false, "0222"},
	{"25", 40, regionRedRiver, false, "0210"},
	{"31", 40, regionRedRiver, true, "0225"},
	{"33", 36, regionRedRiver, false, "0221"},
	{"37", 44, regionRedRiver, false, "0229"},
	{"38", 38, regionNorthCentral, false, "0237"},
	{"40", 35, regionNorthCentral, false, "0238"},
	{"42", 13, regionNorthCentral, false, "0239"},
	{"44", 19, regionNorthCentral, false, "0233"},
	{"46", 12, regionNorthCentral, true, "0234"},
	{"48", 26, regionSouthCentral, true, "0236"},
	{"51", 22, regionSouthCentral, false, "0255"},
	{"52", 36, regionSouthCentral, false, "0269"},
	{"56", 22, regionSouthCentral, false, "0258"},
	{"66", 33, regionSouthCentral, false, "0262"},
	{"68", 39, regionSouthCentral, false, "0263"},
	{"75", 45, regionSouth, false, "0251"},
	{"79", 80, regionSouth, true, "028"},
	{"80", 33, regionSouth, false, "0276"},
	{"82", 44, regionSouth, false, "0277"},
	{"86", 43, regionSouth, false, "0270"},
	{"91", 49, regionSouth, false, "0296"},
	{"92", 36, regionSouth, true, "0292"},
	{"96", 26, regionSouth, false, "0290"},
}

// placesTXT holds the commune and village names, in sections: [common]
// names found all over the country, then the names typical of each region.
//
//go:embed data/places.txt
var placesTXT string

var (
	places       = parsePlaces(placesTXT)
	commonPlaces = places["common"]
	// regionPlaces are names typical of each region.
	regionPlaces = map[region][]string{
		regionNorthMountain: places["north_mountain"],
		regionRedRiver:      places["red_river"],
		regionNorthCentral:  places["north_central"],
		regionSouthCentral:  places["south_central"],
		regionSouth:         places["south"],
	}
)

// parsePlaces reads the sections of the place-name file: a "[name]" line
// starts a section; the lines after it list names separated by commas;
// "#" lines are comments.
func parsePlaces(text string) map[string][]string {
	out := map[string][]string{}
	section := ""
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
		default:
			for _, name := range strings.Split(line, ",") {
				if name = strings.TrimSpace(name); name != "" {
					out[section] = append(out[section], name)
				}
			}
		}
	}
	return out
}

// villagePrefix is how villages are called in each region.
var villagePrefix = map[region][]string{
	regionNorthMountain: {"Bản", "Bản", "Thôn", "Xóm"},
	regionRedRiver:      {"Thôn", "Thôn", "Xóm"},
	regionNorthCentral:  {"Thôn", "Xóm", "Làng"},
	regionSouthCentral:  {"Thôn", "Buôn", "Làng"},
	regionSouth:         {"Ấp", "Ấp", "Ấp"},
}

var streets = []string{"Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Quang Trung", "Lý Thường Kiệt",
	"Nguyễn Huệ", "Hùng Vương", "Võ Thị Sáu", "Nguyễn Thị Minh Khai", "Phan Đình Phùng", "Bà Triệu", "Lê Duẩn"}

// Person names. Family names are weighted by how common they are; the
// mountain provinces add the names of their peoples.
var familyNames = []weighted[string]{
	{"Nguyễn", 38}, {"Trần", 11}, {"Lê", 9}, {"Phạm", 7}, {"Hoàng", 5}, {"Huỳnh", 3}, {"Phan", 4}, {"Vũ", 4},
	{"Võ", 3}, {"Đặng", 2}, {"Bùi", 2}, {"Đỗ", 2}, {"Hồ", 1}, {"Ngô", 1}, {"Dương", 1}, {"Lý", 1}, {"Đinh", 1},
	{"Trịnh", 1}, {"Mai", 1}, {"Hà", 1},
}

var mountainFamilyNames = []weighted[string]{
	{"Lò", 4}, {"Hà", 4}, {"Lường", 2}, {"Nông", 3}, {"Ma", 2}, {"Sùng", 2}, {"Giàng", 2}, {"Vàng", 2}, {"Quàng", 1},
	{"Cầm", 1}, {"Hoàng", 4}, {"Triệu", 2}, {"Lục", 1}, {"Bế", 1}, {"Hứa", 1},
}

var (
	maleMiddle   = []weighted[string]{{"Văn", 10}, {"Đức", 3}, {"Minh", 2}, {"Quang", 2}, {"Hữu", 2}, {"Công", 2}, {"Xuân", 1}, {"Ngọc", 1}, {"Thanh", 1}, {"Trọng", 1}}
	femaleMiddle = []weighted[string]{{"Thị", 14}, {"Thu", 2}, {"Ngọc", 1}, {"Thanh", 1}, {"Minh", 1}, {"Hồng", 1}, {"Kim", 1}, {"Bích", 1}}
	maleGiven    = []string{"Hùng", "Dũng", "Minh", "Tuấn", "Thắng", "Hải", "Long", "Nam", "Sơn", "Cường", "Bình", "Quân",
		"Tùng", "Phong", "Sáng", "Toàn", "Trung", "Hiếu", "Khánh", "Lâm", "Đức", "Hưng", "Thành", "Vinh", "Tâm", "Chiến"}
	femaleGiven = []string{"Lan", "Hoa", "Mai", "Hương", "Hạnh", "Thảo", "Ngọc", "Nga", "Hằng", "Linh", "Trang", "Huyền",
		"Thủy", "Yến", "Nhung", "Phương", "Dung", "Oanh", "Liên", "Xuân", "Hiền", "Vân", "Loan", "Tuyết", "Sen", "Duyên"}
)

// activity is what an organisation does, as its name says it, with the
// OCOP products it may have.
type activity struct {
	name     string
	weight   int
	products []product
}

type product struct{ name, group string }

// Activities of cooperatives (HTX) by sector. A "%s" in a product name is
// replaced by the place.
var htxActivities = map[string][]activity{
	"agriculture": {
		{"Nông nghiệp", 30, []product{{"Gạo %s", "food"}, {"Miến dong %s", "food"}}},
		{"Dịch vụ nông nghiệp", 20, []product{{"Gạo thơm %s", "food"}}},
		{"Nông nghiệp và dịch vụ tổng hợp", 8, []product{{"Rau củ %s", "food"}}},
		{"Rau an toàn", 6, []product{{"Rau an toàn %s", "food"}}},
		{"Chè", 5, []product{{"Chè shan tuyết %s", "drinks"}, {"Trà xanh %s", "drinks"}}},
		{"Chăn nuôi", 5, []product{{"Thịt lợn đen %s", "food"}, {"Gà đồi %s", "food"}}},
		{"Nuôi trồng thủy sản", 5, []product{{"Tôm khô %s", "food"}, {"Cá thát lát %s", "food"}}},
		{"Lúa gạo", 4, []product{{"Gạo ST25 %s", "food"}, {"Gạo nếp cái hoa vàng %s", "food"}}},
		{"Cà phê", 3, []product{{"Cà phê rang xay %s", "drinks"}}},
		{"Dược liệu", 3, []product{{"Trà giảo cổ lam %s", "herbs"}, {"Cao actiso %s", "herbs"}, {"Tinh dầu quế %s", "herbs"}}},
		{"Trồng nấm", 2, []product{{"Nấm linh chi %s", "herbs"}}},
		{"Cây ăn quả", 4, []product{{"Bưởi %s", "food"}, {"Cam %s", "food"}, {"Nhãn %s", "food"}}},
		{"Nuôi ong", 2, []product{{"Mật ong bạc hà %s", "food"}}},
		{"Hồ tiêu", 2, []product{{"Hạt tiêu %s", "food"}}},
		{"Trồng hoa và cây cảnh", 2, []product{{"Hoa lan %s", "ornamental"}, {"Đào cảnh %s", "ornamental"}}},
		{"Sản xuất muối", 1, []product{{"Muối %s", "food"}}},
		{"Lâm nghiệp", 2, []product{{"Quế %s", "herbs"}}},
	},
	"industry_handicraft": {
		{"Dệt thổ cẩm", 8, []product{{"Thổ cẩm %s", "handicraft"}, {"Khăn thổ cẩm %s", "handicraft"}, {"Túi thổ cẩm %s", "handicraft"}}},
		{"Mây tre đan", 8, []product{{"Mây tre đan %s", "handicraft"}}},
		{"Gốm", 3, []product{{"Gốm %s", "handicraft"}}},
		{"Thêu ren", 3, []product{{"Tranh thêu %s", "handicraft"}}},
		{"Chế biến nông sản", 10, []product{{"Chuối sấy %s", "food"}, {"Miến dong %s", "food"}, {"Măng khô %s", "food"}}},
		{"Chế biến thủy sản", 4, []product{{"Nước mắm %s", "food"}, {"Mực khô %s", "food"}}},
		{"Mộc mỹ nghệ", 4, []product{{"Đồ gỗ mỹ nghệ %s", "handicraft"}}},
		{"Cói", 2, []product{{"Chiếu cói %s", "handicraft"}}},
		{"May mặc", 4, nil},
		{"Bánh đa", 2, []product{{"Bánh đa %s", "food"}}},
		{"Nón lá", 2, []product{{"Nón lá %s", "handicraft"}}},
		{"Sơn mài", 1, []product{{"Tranh sơn mài %s", "handicraft"}}},
		{"Làm hương", 1, []product{{"Hương trầm %s", "handicraft"}}},
		{"Cơ khí", 2, nil},
		{"Sản xuất gạch", 2, nil},
	},
	"trade_services": {
		{"Thương mại dịch vụ", 10, nil},
		{"Dịch vụ tổng hợp", 8, nil},
		{"Du lịch cộng đồng", 4, []product{{"Du lịch cộng đồng %s", "tourism"}, {"Homestay %s", "tourism"}}},
		{"Kinh doanh dịch vụ chợ", 3, nil},
		{"Tiêu thụ nông sản", 3, []product{{"Nông sản sạch %s", "food"}}},
		{"Thương mại và xuất nhập khẩu", 1, nil},
	},
	"transport": {
		{"Vận tải", 6, nil}, {"Vận tải hành khách", 4, nil}, {"Vận tải hàng hóa", 3, nil},
		{"Vận tải thủy", 1, nil}, {"Vận tải ô tô", 2, nil}, {"Dịch vụ vận tải và du lịch", 1, nil},
	},
	"construction": {
		{"Xây dựng", 6, nil}, {"Xây dựng và dịch vụ", 3, nil}, {"Xây dựng và thương mại", 2, nil},
		{"Khai thác vật liệu xây dựng", 1, nil},
	},
	"environment": {
		{"Vệ sinh môi trường", 5, nil}, {"Môi trường", 3, nil}, {"Dịch vụ môi trường", 2, nil},
		{"Thu gom và xử lý rác thải", 2, nil}, {"Nước sạch", 2, nil},
	},
	"other": {
		{"Dịch vụ điện năng", 2, nil}, {"Tổng hợp", 3, nil}, {"Dịch vụ thủy lợi", 2, nil}, {"Khai thác công trình thủy lợi", 1, nil},
	},
}

// Activities of cooperative groups (THT) by sector.
var thtActivities = map[string][]activity{
	"agriculture": {
		{"Trồng rau an toàn", 5, nil}, {"Chăn nuôi", 5, nil}, {"Sản xuất lúa", 4, nil}, {"Nuôi ong", 2, nil},
		{"Trồng chè", 2, nil}, {"Nuôi trồng thủy sản", 3, nil}, {"Trồng nấm", 1, nil}, {"Sản xuất rau hữu cơ", 1, nil},
		{"Phụ nữ trồng rau", 1, nil}, {"Trồng cây ăn quả", 2, nil}, {"Chăn nuôi bò", 2, nil}, {"Nuôi cá lồng", 1, nil},
		{"Trồng dược liệu", 1, nil},
	},
	"industry_handicraft": {
		{"Dệt thổ cẩm", 2, nil}, {"Mây tre đan", 2, nil}, {"Thêu ren", 1, nil}, {"Làm bánh", 1, nil},
		{"Chế biến nông sản", 1, nil}, {"May", 1, nil},
	},
	"trade_services": {{"Dịch vụ", 1, nil}, {"Kinh doanh", 1, nil}, {"Du lịch cộng đồng", 1, nil}, {"Tiểu thương chợ", 1, nil}},
	"transport":      {{"Vận tải thủy", 1, nil}, {"Vận chuyển nông sản", 1, nil}},
	"construction":   {{"Xây dựng", 1, nil}, {"Thợ xây", 1, nil}},
	"environment":    {{"Thu gom rác", 2, nil}, {"Vệ sinh môi trường", 1, nil}},
	"other":          {{"Khai thác thủy lợi", 1, nil}, {"Tiết kiệm và vay vốn", 1, nil}},
}

// Activities of unions (LHHTX) by sector.
var unionActivities = map[string][]activity{
	"agriculture":         {{"Nông nghiệp", 3, nil}, {"Chè", 1, nil}, {"Rau quả", 1, nil}, {"Dịch vụ nông nghiệp", 1, nil}},
	"trade_services":      {{"Thương mại", 2, nil}, {"Thương mại dịch vụ", 1, nil}},
	"industry_handicraft": {{"Tiểu thủ công nghiệp", 1, nil}, {"Thủ công mỹ nghệ", 1, nil}},
	"transport":           {{"Vận tải", 1, nil}},
	"other":               {{"Dịch vụ tổng hợp", 1, nil}},
}

// Sector mixes. Cooperatives follow VCA's 2024 statistics (33,557 HTX).
var (
	htxSectors = []weighted[string]{
		{"agriculture", 22415}, {"industry_handicraft", 2792}, {"trade_services", 3103}, {"transport", 1924},
		{"construction", 860}, {"credit_fund", 1181}, {"environment", 646}, {"other", 636},
	}
	thtSectors = []weighted[string]{
		{"agriculture", 70}, {"industry_handicraft", 12}, {"trade_services", 8}, {"environment", 3},
		{"transport", 2}, {"construction", 2}, {"other", 3},
	}
	unionSectors = []weighted[string]{
		{"agriculture", 45}, {"trade_services", 25}, {"industry_handicraft", 12}, {"transport", 10}, {"other", 8},
	}
)

// sectorProfile shapes the workforce and management of a sector.
type sectorProfile struct {
	members, workers int     // median counts of an HTX
	female           float64 // usual share of women among workers
	wim              float64 // chance an HTX is women-managed (default rule)
	ocop             float64 // chance an HTX has OCOP products
}

var sectorProfiles = map[string]sectorProfile{
	"agriculture":         {40, 15, 0.53, 0.14, 0.11},
	"industry_handicraft": {15, 22, 0.72, 0.26, 0.20},
	"trade_services":      {12, 10, 0.58, 0.20, 0.05},
	"transport":           {30, 40, 0.12, 0.05, 0},
	"construction":        {10, 20, 0.15, 0.05, 0},
	"credit_fund":         {1500, 8, 0.62, 0.16, 0},
	"environment":         {10, 25, 0.55, 0.16, 0},
	"other":               {15, 10, 0.40, 0.12, 0.02},
}
