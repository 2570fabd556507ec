package analyze

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/models"
)

// page builds units from a compact description: each element is a label
// index (0 or 1) whose words the passage uses, or 'B' for boilerplate, or
// 'C' for a repeated caption (two units).
// The second result holds the units' scores for newSegmenter.
func page(desc string, tokensPer int) ([]unit, []float64) {
	var us []unit
	lls := []float64{0, 0}
	line := 1
	add := func(u unit, ll []float64) {
		u.line, u.endLine = line, line
		u.cos, u.allCos = 1, 1
		line += 2
		us = append(us, u)
		lls = append(lls, ll...)
	}
	for _, ch := range desc {
		switch ch {
		case '0', '1':
			ll := []float64{-8, -8}
			ll[ch-'0'] = -5
			for c := range ll {
				ll[c] *= float64(tokensPer)
			}
			add(unit{tokens: int32(tokensPer), words: int32(tokensPer), content: true, endsSentence: true}, ll)
		case 'B':
			add(unit{tokens: 4, words: 4, boiler: true}, []float64{0, 0})
		case 'C':
			add(unit{tokens: 6, words: 6, content: true, opensCaption: true}, []float64{-40, -40})
			add(unit{tokens: 6, words: 6}, []float64{-40, -40})
		}
	}
	return us, lls
}

// TestSegment checks the decision over scored gaps: cuts where the
// evidence is positive, best first, never leaving an article under
// MinTokens, and never looking at labels.
func TestSegment(t *testing.T) {
	prior := []float64{-0.7, -0.7}
	var w Weights
	w[FeatBias], w[FeatBoilerEnd], w[FeatCaption] = -1, 2, 2
	tests := []struct {
		desc string
		want string
	}{
		{"0000000", "[0 7]"},
		{"0000C1111", "[0 4] [4 10]"},
		{"0000C0000", "[0 4] [4 10]"},   // same topic on both sides: still cut
		{"0000BB1111", "[0 6] [6 10]"},  // cut after the boilerplate block
		{"0000BB0000", "[0 6] [6 10]"},  // same topic
		{"00000000011111111", "[0 17]"}, // a topic change alone is no evidence here
		{"C0000", "[0 6]"},              // leading caption: nothing before it
		{"00C00", "[0 6]"},              // 20 tokens before: under MinTokens
		{"000C000C000", "[0 3] [3 8] [8 13]"},
		{"000C0C000", "[0 3] [3 11]"}, // the second caption would leave 16 tokens
	}
	for _, tt := range tests {
		us, ll := page(tt.desc, 10)
		s := newSegmenter(us, ll, prior, SegmentOptions{MinTokens: 25, Weights: &w})
		got := ""
		spans, _ := s.split()
		for i, sp := range spans {
			if i > 0 {
				got += " "
			}
			got += fmt.Sprintf("[%d %d]", sp.from, sp.to)
		}
		if got != tt.want {
			t.Errorf("split(%q) = %s, want %s", tt.desc, got, tt.want)
		}
	}
}

func TestEndsSentence(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"قالت الشرطة إن التحقيق مستمر.", true},
		{"هل انتهت الحرب؟", true},
		{"قال: \"لن نتراجع.\"", true},
		{"وأضاف «انتهى الأمر!»", true},
		{"الانفجار ضرب قاعدة عسكرية", false},
		{"مواضيع ذات صلة:", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := endsSentence(tt.in); got != tt.want {
			t.Errorf("endsSentence(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// analyzeOne runs the default model on one page.
func analyzeOne(t *testing.T, text string) *PageReport {
	t.Helper()
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := New(m, DefaultPageDups(), Options{})
	done := false
	var rep *PageReport
	_, err = a.Analyze(func() (Page, bool) {
		if done {
			return Page{}, false
		}
		done = true
		return Page{ID: "p", Text: text}, true
	}, func(r *PageReport) error { rep = r; return nil })
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func articleString(r *PageReport) string {
	var s []string
	for _, a := range r.Articles {
		s = append(s, fmt.Sprintf("%d-%d %s", a.StartLine, a.EndLine, a.Label))
	}
	return strings.Join(s, ", ")
}

// Two articles written for these tests (not from the seeds or the corpora).
var (
	otherFootball = []string{
		"الأهلي يفوز على الزمالك في قمة الدوري",
		"فاز فريق الأهلي على منافسه الزمالك بهدفين مقابل هدف واحد في المباراة التي أقيمت مساء الجمعة على ستاد القاهرة الدولي أمام حضور جماهيري كبير.",
		"وسجل مهاجم الأهلي الهدف الأول في الدقيقة العشرين من ضربة رأس، قبل أن يعادل لاعب الزمالك النتيجة في نهاية الشوط الأول من تسديدة قوية.",
		"وفي الشوط الثاني أضاف البديل الهدف الثاني للأهلي بعد تمريرة متقنة من لاعب الوسط، ليرفع الفريق رصيده إلى أربعين نقطة في صدارة جدول الترتيب.",
		"وقال مدرب الأهلي عقب المباراة إن لاعبيه قدموا أداء رائعا وإن الفريق يستعد الآن لمواجهة قوية في دوري أبطال أفريقيا الأسبوع المقبل.",
	}
	otherEconomy = []string{
		"البنك المركزي يرفع أسعار الفائدة لكبح التضخم",
		"قرر البنك المركزي رفع أسعار الفائدة الأساسية بمقدار نقطة مئوية كاملة في اجتماع لجنة السياسة النقدية يوم الخميس، في محاولة لكبح معدلات التضخم المرتفعة.",
		"وأوضح البنك في بيان أن معدل التضخم السنوي بلغ أعلى مستوى له منذ خمس سنوات بسبب ارتفاع أسعار الغذاء والطاقة وتراجع قيمة العملة المحلية أمام الدولار.",
		"ويتوقع خبراء الاقتصاد أن يؤدي القرار إلى تباطؤ نمو القروض المصرفية للشركات والأفراد خلال الأشهر المقبلة، مع ارتفاع تكلفة الاقتراض على المستثمرين.",
		"وارتفعت أسهم البنوك في البورصة بعد الإعلان عن القرار، بينما تراجعت أسهم شركات العقارات التي تعتمد على التمويل المصرفي.",
	}
	crimeTheft = []string{
		"القبض على عصابة لسرقة السيارات في الجيزة",
		"ألقت أجهزة الأمن بمديرية أمن الجيزة القبض على عصابة تخصصت في سرقة السيارات من أمام المنازل في مناطق الهرم وفيصل وبيعها في محافظات الصعيد.",
		"وتلقى قسم الشرطة عدة بلاغات من مواطنين بسرقة سياراتهم خلال الشهر الماضي، وبالفحص وتفريغ كاميرات المراقبة تم تحديد هوية المتهمين الثلاثة.",
		"وبمواجهة المتهمين اعترفوا بارتكاب اثنتي عشرة واقعة سرقة، وأرشدوا عن السيارات المسروقة التي أعيدت إلى أصحابها، وحرر محضر بالواقعة وأحيل المتهمون إلى النيابة.",
	}
	crimeMurder = []string{
		"مقتل تاجر طعنا على يد جاره بسبب خلاف على موقف سيارة",
		"لقي تاجر مصرعه متأثرا بطعنات نافذة في الصدر على يد جاره إثر مشاجرة بينهما بسبب خلاف على مكان انتظار سيارة أمام العقار الذي يسكنان فيه.",
		"وانتقلت قوة من المباحث إلى مكان الحادث فور تلقي البلاغ، وتمكنت من ضبط المتهم وبحوزته السكين المستخدمة في الجريمة بعد ساعات من هروبه.",
		"وأمرت النيابة العامة بحبس المتهم أربعة أيام على ذمة التحقيق بتهمة القتل العمد، وطلبت تحريات المباحث حول الواقعة وتشريح جثة المجني عليه.",
	}
)

// TestSplitSameLabel: two articles of the same label are split by page
// structure alone: two "other" articles by a caption printed twice that
// opens the second, two crime articles by a block of site boilerplate.
func TestSplitSameLabel(t *testing.T) {
	caption := "لقطة من اجتماع لجنة السياسة النقدية"
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"other+caption+other", concat(otherFootball, []string{caption, caption}, otherEconomy), "1-5 other, 6-12 other"},
		{"crime+boilerplate+crime", concat(crimeTheft, []string{"مواضيع ذات صلة", "اقرأ أيضا", "شارك هذا المقال"}, crimeMurder), "1-4 crime, 8-11 crime"},
	}
	for _, tt := range tests {
		for _, sep := range []string{"\n", "\n\n"} {
			text := strings.Join(tt.lines, sep) + "\n"
			want := tt.want
			if sep == "\n\n" {
				want = doubleLines(want)
			}
			if got := articleString(analyzeOne(t, text)); got != want {
				t.Errorf("%s (lines joined by %q): articles %s, want %s", tt.name, sep, got, want)
			}
		}
	}
}

// TestShortLinesNotBoilerplate: the words "reads" and "subscribed" in
// news prose are not markers ("اقرأ أيضا" and "اشترك في" need both their
// words), so this page is one article with no flag.
func TestShortLinesNotBoilerplate(t *testing.T) {
	text := "قال اللاعب إنه يحب أن يقرأ وأنا أقرأ القرآن كل يوم في المنزل\nاشترك اللاعب في المباراة الأخيرة أمام الأهلي\n"
	r := analyzeOne(t, text)
	if len(r.Articles) != 1 || r.Articles[0].StartLine != 1 || r.Articles[0].EndLine != 2 || r.Flags.Len() != 0 {
		t.Errorf("articles %s, flags %+v; want one article 1-2 and no flag", articleString(r), slices.Collect(r.Flags.All()))
	}
}

func TestMarkers(t *testing.T) {
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	p := m.Pipeline()
	tests := []struct {
		markers []string
		line    string
		want    bool
	}{
		{nil, "اقرأ أيضا: الأهلي يفوز", true},
		{nil, "واشترك في نشرتنا البريدية", true},
		{nil, "وأنا أقرأ القرآن كل يوم", false},
		{nil, "اشترك اللاعب في المباراة", false},
		{nil, "مواضيع ذات صلة:", true},
		{[]string{"إعلان"}, "إعلان", true},
		{[]string{"إعلان"}, "اقرأ أيضا", false},
		{[]string{}, "اقرأ أيضا", false},
	}
	for _, tt := range tests {
		mm := newMarkerMatcher(p, tt.markers)
		got := mm.match(mm.p.NewTokenizer().Tokens(tt.line)) != ""
		if got != tt.want {
			t.Errorf("markers %q: match(%q) = %v, want %v", tt.markers, tt.line, got, tt.want)
		}
	}
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// doubleLines maps the line numbers of "A-B label, ..." to those of the
// same lines separated by blank lines (n → 2n−1).
func doubleLines(s string) string {
	var out []string
	for _, part := range strings.Split(s, ", ") {
		var a, b int
		var label string
		fmt.Sscanf(part, "%d-%d %s", &a, &b, &label)
		out = append(out, fmt.Sprintf("%d-%d %s", 2*a-1, 2*b-1, label))
	}
	return strings.Join(out, ", ")
}

func TestStripArticle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"الانفجار", "انفجار"},
		{"والانفجار", "انفجار"},
		{"بالسيارة", "سيارة"},
		{"للشرطة", "شرطة"},
		{"الى", "الى"}, // too short to be an article and a word
		{"انفجار", "انفجار"},
		{"police", "police"},
	}
	for _, tt := range tests {
		if got := string(stripArticle([]byte(tt.in))); got != tt.want {
			t.Errorf("stripArticle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPassageCues checks the lead cues read from raw passages.
func TestPassageCues(t *testing.T) {
	tests := []struct {
		raw  string
		want uint8
	}{
		{"وقال المتحدث باسم الوزارة إن التحقيق مستمر.", cueContinues},
		{"من جهته، أكد الوزير أن الحادث لن يمر.", cueContinues},
		{"كما أعلنت الشرطة اعتقال ثلاثة مشتبه بهم.", cueContinues},
		{"وزير الداخلية يعلن اعتقال ثلاثة مشتبه بهم", 0}, // و of وزير is no connective
		{"فرنسا تدين الهجوم على السفارة", 0},
		{"بغداد (رويترز) - قالت الشرطة إن انفجارا وقع في سوق.", cueDateline},
		{"دبي، الإمارات العربية المتحدة (CNN)-- أعلنت الشركة عن خطة جديدة.", cueDateline},
		{"باريس- أ ش أ", cueDateline},
		{"بغداد/ المدى", cueDateline},
		{"كتب ـ محمد جمال أبو زيد:", cueDateline | cueColon},
		{"قتل عشرة أشخاص، اليوم الأربعاء، في هجوم انتحاري وسط المدينة.", cueDay},
		{"أعلنت حركة طالبان، السبت، وقفا لإطلاق النار.", cueDay},
		{"ما هو الأربعاء الأحمر الذي يحتفل به الإيزيديون ؟", cueDay | cueAsks | cueQuestion},
		// Items, questions and announcing colons of structured texts.
		{"10- يؤكد الجانبان مجددا عزمهما على محاربة الإرهاب.", cueItem}, // no dateline
		{"1. منح الفتاة كل الحرية", cueItem},
		{"( المادة الخامسة )", cueItem},
		{"(المادة الأولى)", cueItem},
		{"أولاً: مومباي في الهند، ويبلغ متوسط الراتب 217 ألفا.", cueItem},
		{"■ التحق بكلية الطب، وحصل على بكالوريوس الطب في 1979.", cueItem},
		{"- إقامة منصات للخطابة أو للإذاعة .", cueItem},
		{"3", cueItem},
		{"150 شخصا قتلوا في الهجوم على المدينة.", 0}, // a number, not an item
		{"2013 عام صعب على الاقتصاد المصري", 0},
		{"س: كيف ترى المشهد السياسي الآن", cueQuestion},
		{"وفيما يلي نص مسودة مشروع القانون:", cueContinues | cueColon},
		{"أولاً المؤهلات العليا:-", cueItem | cueColon},
		{"هل تملك النقابة - أي نقابة - ترمومترا لتوجيه مشاعر الناس", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := passageCues(tt.raw); got != tt.want {
			t.Errorf("passageCues(%q) = %07b, want %07b", tt.raw, got, tt.want)
		}
	}
}

// TestFeatureNames: every feature has a name of its own.
func TestFeatureNames(t *testing.T) {
	seen := map[string]bool{}
	for k, name := range FeatureNames {
		if name == "" || seen[name] {
			t.Errorf("feature %d: name %q empty or repeated", k, name)
		}
		seen[name] = true
	}
}

// Structured texts written for the tests (not taken from any corpus): an
// interview whose answers follow question lines, and a draft law of
// numbered articles. Each is one article.
var (
	interview = []string{
		"وزير الزراعة: نخطط لزيادة مساحة القمح المزروعة هذا الموسم",
		"حوار - أحمد سالم",
		"أكد وزير الزراعة في حوار خاص أن الوزارة وضعت خطة لزيادة المساحة المزروعة بالقمح في المحافظات الجنوبية، وأن الفلاحين سيحصلون على التقاوي والأسمدة بأسعار مدعومة طوال الموسم الزراعي الحالي.",
		"كيف تواجه الوزارة نقص الأسمدة في الجمعيات الزراعية؟",
		"اتفقنا مع مصانع الأسمدة على توريد الكميات المطلوبة للجمعيات الزراعية قبل موعد الزراعة، وشكلنا لجانا في كل محافظة تتابع توزيع الأسمدة على الفلاحين وتمنع بيعها في السوق السوداء بأسعار مرتفعة.",
		"وماذا عن أسعار توريد القمح للفلاحين هذا العام؟",
		"سعر توريد القمح سيعلن قبل الحصاد، وسيكون أعلى من سعر العام الماضي حتى يشجع الفلاحين على زراعة القمح وتوريده للشون الحكومية بدلا من بيعه للتجار بأسعار أقل من قيمته.",
		"هل تكفي مياه الري لزيادة المساحة المزروعة بالقمح؟",
		"التنسيق مستمر مع وزارة الري لتوفير المياه في نهايات الترع، والقمح لا يحتاج إلى كميات كبيرة من المياه مقارنة بالأرز، ولذلك فإن زيادة مساحته لا تمثل عبئا على مياه الري في المحافظات.",
		"متى تنتهي الوزارة من تطوير الشون والصوامع؟",
		"ننتهي من تطوير الشون الترابية وتحويلها إلى صوامع حديثة خلال عامين، حتى نحافظ على القمح المورد من الفلاحين ونقلل الفاقد الذي يضيع كل عام بسبب سوء التخزين في الشون القديمة.",
	}
	draftLaw = []string{
		"ننشر نص مشروع قانون تنظيم الأسواق الشعبية",
		"تقدمت الحكومة إلى مجلس الشورى بمشروع قانون لتنظيم الأسواق الشعبية في المدن والقرى، يلزم أصحاب المحال والباعة بالحصول على ترخيص من المحافظة، وفيما يلي نص مشروع القانون:",
		"( المادة الأولى )",
		"يقصد بالسوق الشعبية في تطبيق أحكام هذا القانون كل مكان تخصصه المحافظة لبيع السلع الغذائية والخضروات والملابس للمواطنين في أيام محددة من الأسبوع تحت إشراف الوحدة المحلية المختصة.",
		"( المادة الثانية )",
		"لا يجوز لأي بائع ممارسة البيع في السوق الشعبية إلا بعد الحصول على ترخيص من الوحدة المحلية المختصة، ويصدر الترخيص لمدة سنة قابلة للتجديد بعد سداد الرسوم التي تحددها المحافظة.",
		"( المادة الثالثة )",
		"تلتزم الوحدة المحلية بتوفير المرافق اللازمة للسوق الشعبية من مياه وإنارة ودورات مياه، وبتنظيف السوق بعد انتهاء أيام البيع، وتحصل من الباعة رسما شهريا لا يزيد على مائة جنيه.",
		"( المادة الرابعة )",
		"يعاقب بغرامة لا تقل عن ألف جنيه ولا تزيد على خمسة آلاف جنيه كل من مارس البيع في السوق الشعبية دون ترخيص، وتضاعف الغرامة في حالة تكرار المخالفة خلال سنة من تاريخ الحكم.",
		"( المادة الخامسة )",
		"ينشر هذا القانون في الجريدة الرسمية، ويعمل به من اليوم التالي لتاريخ نشره، ويصدر المحافظ المختص القرارات المنفذة له خلال ثلاثة أشهر من تاريخ العمل به.",
	}
)

// TestStructuredNotSplit: an interview cut at its questions, or a law at
// its numbered articles, is one text; each page is one article.
func TestStructuredNotSplit(t *testing.T) {
	for name, lines := range map[string][]string{"interview": interview, "draft law": draftLaw} {
		for _, sep := range []string{"\n", "\n\n"} {
			r := analyzeOne(t, strings.Join(lines, sep)+"\n")
			if len(r.Articles) != 1 {
				t.Errorf("%s (lines joined by %q): articles %s, want one", name, sep, articleString(r))
			}
		}
	}
}

// TestCuts checks the decoding of scored gaps: positive gaps best first,
// each cut leaving at least minTokens content tokens on both of its sides,
// counted from the gaps' Before and After.
func TestCuts(t *testing.T) {
	// Gaps of a page of 200 content tokens, one every 20 tokens.
	mk := func(scores ...float64) []Gap {
		var gs []Gap
		for k, s := range scores {
			b := int32(20 * (k + 2))
			gs = append(gs, Gap{Line: 2 * (k + 2), Before: b, After: 200 - b, Score: s})
		}
		return gs
	}
	for _, tc := range []struct {
		scores []float64
		min    int
		want   []int // lines cut
	}{
		{[]float64{-1, -2, -3}, 40, nil},
		{[]float64{1, -2, -3}, 40, []int{4}},
		// Lines 4 and 6 both positive: 6 is better, and cutting 4 too
		// would leave 20 tokens between them.
		{[]float64{1, 2, -3}, 40, []int{6}},
		{[]float64{1, 2, -3}, 20, []int{4, 6}},
		// Three positive: 8 best, then 4 (40 tokens each side), 6 blocked.
		{[]float64{1, 0.5, 3, -1, -1, -1, -1}, 40, []int{4, 8}},
		// A gap too near the end of the page is never cut.
		{[]float64{-1, -1, -1, -1, -1, -1, -1, 5}, 40, nil},
	} {
		gs := mk(tc.scores...)
		Cuts(gs, tc.min)
		var got []int
		for _, g := range gs {
			if g.Cut {
				got = append(got, g.Line)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Cuts(%v, %d) cut %v, want %v", tc.scores, tc.min, got, tc.want)
		}
	}
}
