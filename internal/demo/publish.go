package demo

import (
	"context"
	"fmt"
	"strings"

	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// modelStory is what a province writes about a model: the story in three
// parts and the results beyond the registry's figures.
type modelStory struct {
	story, beginnings, support, other string
	jobs                              int64 // jobs for women; 0 for the women workers of the registry
}

// weaverStories are the profiles of the three women-run weaving
// cooperatives of the demonstration (see showcase.go), the models of
// journey 7.
var weaverStories = map[string]modelStory{
	"Hợp tác xã Dệt thổ cẩm Mường Lò": {
		story: "Hợp tác xã dệt khăn piêu, váy áo và túi thổ cẩm của người Thái Mường Lò trên khung dệt gỗ truyền thống, nhuộm màu từ lá chàm, vỏ cây và củ nâu. " +
			"Sản phẩm bán tại chợ phiên, các cửa hàng lưu niệm ở Sa Pa, Hà Nội và trên sàn thương mại điện tử; khách du lịch có thể đến xưởng xem và thử dệt.",
		beginnings: "Năm 2016, bảy chị em trong bản Cò Cọi góp khung dệt và sợi, nhận đơn hàng chung để không bị thương lái ép giá. " +
			"Hai năm sau hợp tác xã đã có hơn hai mươi thành viên, phần lớn là phụ nữ trước đó không có việc làm ngoài mùa vụ.",
		support: "Liên minh HTX tỉnh hướng dẫn thủ tục thành lập và xây dựng điều lệ; Hội LHPN tỉnh tập huấn quản trị hợp tác xã cho ban giám đốc; " +
			"hợp tác xã vay 300 triệu đồng từ Quỹ hỗ trợ phát triển HTX tỉnh để mua khung dệt cải tiến và được hỗ trợ làm hồ sơ OCOP cho khăn piêu.",
		other: "Khăn piêu Mường Lò đạt OCOP 4 sao năm 2023. Doanh thu năm 2025 khoảng 2,1 tỷ đồng; sản phẩm bày bán tại 12 cửa hàng lưu niệm.",
	},
	"Hợp tác xã Dệt thổ cẩm Chiềng Châu": {
		story: "Hợp tác xã dệt thổ cẩm Thái trắng ở Mai Châu: vải, khăn, túi, gối và đồ trang trí cho khách du lịch cộng đồng. " +
			"Các chị vừa dệt tại nhà sàn vừa giới thiệu nghề cho du khách đến bản Văn, nên mỗi sản phẩm bán ra đều kèm câu chuyện của người làm.",
		beginnings: "Khi du lịch cộng đồng ở Mai Châu phát triển, hàng thổ cẩm bán cho khách phần lớn lại nhập từ nơi khác. " +
			"Năm 2014, chín phụ nữ trong bản lập tổ hợp tác để giữ nghề, rồi chuyển thành hợp tác xã khi có những đơn hàng lớn đầu tiên.",
		support: "Liên minh HTX tỉnh hỗ trợ chuyển đổi từ tổ hợp tác lên hợp tác xã và đưa sản phẩm đi hội chợ; chương trình khuyến công hỗ trợ máy se sợi; " +
			"hợp tác xã liên kết với các homestay trong bản để bán hàng cho khách.",
		other: "Thổ cẩm Chiềng Châu đạt OCOP 4 sao năm 2024. Hợp tác xã bao tiêu sản phẩm cho hơn 60 hộ dệt trong và ngoài bản.",
		jobs:  64,
	},
	"Hợp tác xã Dệt thổ cẩm Mỹ Nghiệp": {
		story: "Hợp tác xã giữ nghề dệt thổ cẩm truyền thống của người Chăm ở làng Mỹ Nghiệp: khăn, túi, áo và vải khổ lớn dệt tay với hoa văn cổ. " +
			"Hợp tác xã mở xưởng dệt cho khách tham quan và tổ chức tour trải nghiệm làng nghề, đạt OCOP cả sản phẩm thổ cẩm lẫn sản phẩm du lịch.",
		beginnings: "Làng dệt có từ lâu đời nhưng lớp trẻ bỏ nghề đi làm xa. Năm 2010 các nghệ nhân nữ trong làng lập hợp tác xã để nhận đơn hàng chung, " +
			"truyền nghề cho con cháu và có thu nhập đều đặn.",
		support: "Liên minh HTX tỉnh hỗ trợ xây dựng thương hiệu, tham gia hội chợ OCOP và kết nối các công ty lữ hành; hợp tác xã được tập huấn bán hàng trực tuyến " +
			"và vay vốn Quỹ hỗ trợ phát triển HTX để làm nhà trưng bày.",
		other: "Thổ cẩm Chăm Mỹ Nghiệp đạt OCOP 4 sao, Du lịch làng dệt Mỹ Nghiệp đạt OCOP 3 sao. Làng đón khoảng 15.000 lượt khách mỗi năm.",
		jobs:  85,
	},
}

// otherModels are models in other sectors, taken from the generated
// registry: the first active cooperative managed by women whose name
// starts with prefix, in a province not used yet. {ten}, {xa} and {tinh}
// stand for its name, commune and province.
var otherModels = []struct {
	prefix string
	modelStory
}{
	{"Hợp tác xã Chè ", modelStory{
		story: "{ten} liên kết các hộ trồng chè ở {xa} thu hái búp tươi theo quy trình an toàn, chế biến chè xanh, chè búp khô tại xưởng chung, " +
			"đóng gói mang nhãn hiệu riêng và bán qua đại lý, hội chợ OCOP và sàn thương mại điện tử.",
		beginnings: "Trước đây mỗi hộ tự sao chè bằng chảo gang và bán lẻ cho thương lái. Các chị trong chi hội phụ nữ rủ nhau góp vốn mua máy vò, máy sấy " +
			"và thành lập hợp tác xã để bán chung, giữ giá.",
		support: "Liên minh HTX {tinh} hỗ trợ xây dựng phương án sản xuất kinh doanh và hồ sơ OCOP; Hội LHPN tỉnh tập huấn quản trị cho ban giám đốc; " +
			"hợp tác xã được vay vốn ưu đãi để làm xưởng chế biến đạt chuẩn an toàn thực phẩm.",
		other: "Giá bán chè búp khô tăng gần gấp đôi so với khi bán lẻ; hợp tác xã ký hợp đồng tiêu thụ ổn định với hai doanh nghiệp.",
	}},
	{"Hợp tác xã Du lịch cộng đồng ", modelStory{
		story: "{ten} tổ chức du lịch cộng đồng tại {xa}: các gia đình thành viên đón khách lưu trú tại nhà, nấu món ăn địa phương, " +
			"dẫn khách đi bộ qua bản, làm nương và xem biểu diễn văn nghệ dân gian do đội văn nghệ của phụ nữ trong bản đảm nhận.",
		beginnings: "Khách du lịch ghé qua nhưng không có chỗ nghỉ và không ai hướng dẫn. Năm hộ đầu tiên do phụ nữ làm chủ sửa lại nhà, " +
			"học cách đón khách rồi cùng nhau lập hợp tác xã để nhận đặt phòng chung và chia việc cho các hộ.",
		support: "Liên minh HTX {tinh} hỗ trợ thủ tục thành lập và tập huấn kỹ năng làm du lịch; huyện đoàn và Hội LHPN hỗ trợ quảng bá trên mạng xã hội; " +
			"hợp tác xã vay Quỹ hỗ trợ phát triển HTX để sửa chữa nhà vệ sinh, phòng nghỉ đạt chuẩn.",
		other: "Năm 2025 hợp tác xã đón gần 6.000 lượt khách, thu nhập từ du lịch chiếm hơn một nửa thu nhập của các hộ thành viên.",
	}},
	{"Hợp tác xã Vệ sinh môi trường ", modelStory{
		story: "{ten} thu gom, phân loại rác thải sinh hoạt cho các thôn, chợ và trường học ở {xa}, ủ phân hữu cơ từ rác hữu cơ để bán cho các hộ trồng rau " +
			"và bán phế liệu tái chế; phần lớn công nhân là phụ nữ trung niên trong xã.",
		beginnings: "Rác đổ ven suối gây ô nhiễm, còn tổ thu gom cũ hoạt động không đều. Chi hội phụ nữ nhận làm thí điểm ở hai thôn, " +
			"thu phí theo hộ, rồi đề nghị xã cho thành lập hợp tác xã để làm cho toàn xã.",
		support: "Liên minh HTX {tinh} hỗ trợ xây dựng điều lệ và phương án thu phí; UBND xã giao đặt hàng dịch vụ thu gom; hợp tác xã được hỗ trợ xe thu gom " +
			"và tập huấn an toàn lao động cho công nhân.",
		other: "Tỷ lệ hộ được thu gom rác tăng từ 40% lên 95%; mỗi tháng hợp tác xã bán khoảng 8 tấn phân hữu cơ.",
	}},
	{"Hợp tác xã Chế biến nông sản ", modelStory{
		story: "{ten} thu mua nông sản của các hộ ở {xa} và chế biến thành sản phẩm sấy khô, đóng gói theo tiêu chuẩn an toàn thực phẩm, " +
			"bán qua siêu thị, cửa hàng đặc sản và sàn thương mại điện tử, giúp bà con không phải bán rẻ khi được mùa.",
		beginnings: "Mùa thu hoạch nào nông sản cũng rớt giá. Một nhóm phụ nữ trong xã thử sấy bằng lò thủ công rồi bán cho người quen; " +
			"khi đơn hàng tăng, nhóm lập hợp tác xã để đầu tư lò sấy và nhà xưởng.",
		support: "Liên minh HTX {tinh} hỗ trợ xây dựng nhãn hiệu và hồ sơ OCOP, kết nối tiêu thụ với các hệ thống siêu thị; hợp tác xã vay Quỹ hỗ trợ phát triển HTX " +
			"mua lò sấy nhiệt và máy đóng gói hút chân không.",
		other: "Hợp tác xã bao tiêu nông sản cho hơn 120 hộ; doanh thu năm 2025 khoảng 3,5 tỷ đồng.",
	}},
}

// draftStory is the profile a province has started for a model it is not
// ready to publish yet.
var draftStory = modelStory{
	story: "{ten} do chị em phụ nữ tham gia quản lý, tổ chức sản xuất và tiêu thụ chung cho các thành viên ở {xa}, {tinh}. " +
		"Hợp tác xã đang hoàn thiện hồ sơ giới thiệu để chia sẻ cách làm với các địa phương khác.",
	support: "Liên minh HTX {tinh} hỗ trợ tư vấn quản trị và xúc tiến thương mại.",
}

// Publish puts model organisations run by women on the public showcase as
// their provinces would: the three weaving cooperatives of journey 7 and a
// few models of other sectors and provinces, each with its story, results
// and the provincial alliance as contact. It also leaves profiles saved
// but not published: Bản Lác (not yet managed by women, see journey 1), a
// draft ready to publish in Tuyên Quang and an unfinished one in Hà Nội.
// It does nothing when any profile exists.
func Publish(ctx context.Context, db *store.DB) error {
	existing, err := db.ShowcaseProfiles(ctx, coop.System, store.ShowcaseFilter{PerPage: 1})
	if err != nil {
		return err
	}
	if existing.Total > 0 {
		return nil
	}
	yes := true
	womenRun := func(q, province string) store.OrgFilter {
		return store.OrgFilter{Q: q, Province: province, Status: coop.StatusActive, WomenManaged: &yes}
	}
	used := map[string]bool{} // provinces with a published model
	done := map[int64]bool{}  // organisations with a profile
	for _, name := range []string{"Hợp tác xã Dệt thổ cẩm Mường Lò", "Hợp tác xã Dệt thổ cẩm Chiềng Châu", "Hợp tác xã Dệt thổ cẩm Mỹ Nghiệp"} {
		o, found, err := findOrganisation(ctx, db, womenRun(name, ""), func(o *coop.Organisation) bool { return o.Name == name })
		if err != nil {
			return err
		}
		if !found {
			continue // the demonstration was loaded without its named organisations
		}
		if err := saveModel(ctx, db, o, weaverStories[name], true); err != nil {
			return err
		}
		used[o.Province], done[o.ID] = true, true
	}
	for _, m := range otherModels {
		o, found, err := findOrganisation(ctx, db, womenRun(m.prefix, ""), func(o *coop.Organisation) bool {
			return strings.HasPrefix(o.Name, m.prefix) && !used[o.Province] && o.Kind == coop.KindHTX
		})
		if err != nil {
			return err
		}
		if !found {
			continue
		}
		if err := saveModel(ctx, db, o, m.modelStory, true); err != nil {
			return err
		}
		used[o.Province], done[o.ID] = true, true
	}

	// Drafts.
	// Bản Lác is not managed by women until journey 1 is made.
	if o, found, err := findOrganisation(ctx, db, store.OrgFilter{Q: BanLac, Province: "08"}, func(o *coop.Organisation) bool { return o.Name == BanLac }); err != nil {
		return err
	} else if found {
		banLac := weaverStories["Hợp tác xã Dệt thổ cẩm Mường Lò"]
		banLac.story = "Hợp tác xã dệt khăn, túi và váy thổ cẩm ở bản Lác, xã Thượng Lâm, bán cho khách du lịch Na Hang và các cửa hàng ở thành phố. " +
			"Liên minh HTX tỉnh đang chuẩn bị giới thiệu mô hình khi hợp tác xã kiện toàn ban quản lý."
		banLac.beginnings, banLac.support, banLac.other = "", "Liên minh HTX tỉnh hỗ trợ làm hồ sơ OCOP cho khăn thổ cẩm Bản Lác.", ""
		if err := saveModel(ctx, db, o, banLac, false); err != nil {
			return err
		}
		done[o.ID] = true
	}
	for _, p := range []struct {
		province string
		short    bool
	}{{"08", false}, {"01", true}} {
		o, found, err := findOrganisation(ctx, db, womenRun("", p.province), func(o *coop.Organisation) bool {
			return o.Kind == coop.KindHTX && !done[o.ID] && !strings.Contains(coop.Fold(o.Name), "det tho cam")
		})
		if err != nil {
			return err
		}
		if !found {
			continue
		}
		d := draftStory
		if p.short {
			d = modelStory{story: "Hợp tác xã do phụ nữ quản lý, sản phẩm tốt."}
		}
		if err := saveModel(ctx, db, o, d, false); err != nil {
			return err
		}
		done[o.ID] = true
	}
	return nil
}

// findOrganisation returns the first organisation (Vietnamese order) of
// the filter that ok accepts; found is false when none does.
func findOrganisation(ctx context.Context, db *store.DB, f store.OrgFilter, ok func(*coop.Organisation) bool) (o *coop.Organisation, found bool, err error) {
	f.PerPage = 100
	for f.Page = 1; f.Page <= 30; f.Page++ {
		res, err := db.Organisations(ctx, coop.System, f)
		if err != nil {
			return nil, false, err
		}
		for _, o := range res.Items {
			if ok(o) {
				return o, true, nil
			}
		}
		if f.Page >= res.Pages() {
			break
		}
	}
	return nil, false, nil
}

// saveModel writes the organisation's profile as its provincial alliance
// would, and publishes it when asked.
func saveModel(ctx context.Context, db *store.DB, o *coop.Organisation, m modelStory, publish bool) error {
	alliance := coop.AllianceName(o.Province)
	place := o.Commune
	if place == "" {
		place = coop.ProvinceName(o.Province)
	}
	r := strings.NewReplacer("{ten}", o.Name, "{xa}", place, "{tinh}", strings.TrimPrefix(alliance, "Liên minh Hợp tác xã "))
	a := coop.Actor{Name: alliance, Role: coop.RoleProvincialLead, Province: o.Province}
	full, err := db.Organisation(ctx, a, o.ID)
	if err != nil {
		return err
	}
	s := &coop.Showcase{OrganisationID: o.ID, Story: r.Replace(m.story), Beginnings: r.Replace(m.beginnings), Support: r.Replace(m.support),
		OtherResults: r.Replace(m.other), ContactName: alliance, ContactPhone: alliancePhone(o.Province),
		ContactEmail: "lienminhhtx." + strings.ReplaceAll(coop.Fold(strings.TrimPrefix(alliance, "Liên minh Hợp tác xã ")), " ", "") + "@demo.htxnu.vn"}
	if w := full.LatestSnapshot(); w != nil {
		s.JobsForWomen, s.FemaleIncome = w.WorkersFemale, w.FemaleMonthlyIncome
	}
	if m.jobs > 0 {
		s.JobsForWomen = m.jobs
	}
	if err := db.SaveShowcase(ctx, a, s); err != nil {
		return fmt.Errorf("profile of %s: %w", o.Name, err)
	}
	if !publish {
		return nil
	}
	if _, err := db.PublishShowcase(ctx, a, o.ID, s.Version); err != nil {
		return fmt.Errorf("publish %s: %w", o.Name, err)
	}
	return nil
}

// alliancePhone is a landline number of the provincial alliance in the
// province's area code.
func alliancePhone(province string) string {
	area := "024"
	for _, p := range provinceInfo {
		if p.code == province {
			area = p.area
		}
	}
	return area + " 38" + province + " 168"
}
