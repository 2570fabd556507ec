package text

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// only returns settings with exactly the given steps on.
func only(steps Steps) Settings { return Settings{Skip: AllSteps &^ steps} }

func TestNormalizeSteps(t *testing.T) {
	tests := []struct {
		name  string
		steps Steps
		in    string
		want  string
	}{
		{"nfkc lam-alef ligature", StepNFKC, "ﻻ", "لا"},
		{"nfkc presentation forms", StepNFKC, "ﺍﻟﺤﺸﺪ", "الحشد"},
		{"nfkc composes hamza", StepNFKC, "و\u0654", "ؤ"},
		{"nfkc nbsp", StepNFKC, "a\u00a0b", "a b"},
		{"harakat", StepHarakat, "كَتَبَ", "كتب"},
		{"harakat shadda sukun", StepHarakat, "مُضيفاً أشّرَ", "مضيفا أشر"},
		{"superscript alef", StepHarakat, "هٰذا", "هذا"},
		{"harakat off keeps marks", 0, "كَتَبَ", "كَتَبَ"},
		{"tatweel", StepTatweel, "الـ \"خلافة\" لـ", "ال \"خلافة\" ل"},
		{"alef madda hamza", StepAlef, "آخر أعلن إنهاء ٱلحمد", "اخر اعلن انهاء الحمد"},
		{"yeh", StepYeh, "على إلى", "علي إلي"},
		{"teh marbuta", StepTehMarbuta, "الدولة الإسلامية", "الدوله الإسلاميه"},
		{"arabic-indic digits", StepDigits, "٢٠١٧ و٢٥", "2017 و25"},
		{"persian digits", StepDigits, "۱۴۰۲", "1402"},
		{"controls", StepControls, "دا\u200cعش\u200f \u202bن\u202c\u2066ص\u2069\ufeff", "داعش نص"},
		{"spaces", StepSpaces, "a\u00a0b\u202fc", "a b c"},
		{"lower latin", StepLower, "TRAC Source: X/@Alhajwel1 ÉTÉ", "trac source: x/@alhajwel1 été"},
		{"lower leaves arabic", StepLower, "داعش ISIS", "داعش isis"},
		{"all: seed headline", AllSteps, "الانفجار ضرب قاعدة عسكرية", "الانفجار ضرب قاعده عسكريه"},
		{"all: typo stays a typo", AllSteps, "عناصر من تنظبم داعش", "عناصر من تنظبم داعش"},
		{"all: vocalized", AllSteps, "أشّرَ، الخميس المنصرم", "اشر، الخميس المنصرم"},
		{"all: invalid utf-8 repaired", AllSteps, "داعش\xff\xfeنص", "داعش\ufffd\ufffdنص"},
	}
	for _, tt := range tests {
		p := New(only(tt.steps))
		if got := p.Normalize(tt.in); got != tt.want {
			t.Errorf("%s: Normalize(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"كَتَبَ", []string{"كتب"}},
		{"تنظبم تنظيم", []string{"تنظبم", "تنظيم"}},
		{"وأوضحت أن الانفحار أسفر", []string{"واوضحت", "ان", "الانفحار", "اسفر"}},
		{"#الحشد_الشعبي", []string{"الحشد", "الشعبي"}},
		{"لموقع “الحرة” الأميركي", []string{"لموقع", "الحره", "الاميركي"}},
		{"نحو /50/ هجوماً", []string{"نحو", "50", "هجوما"}},
		{"«عودة نشاط تنظيم “داعش”»", []string{"عوده", "نشاط", "تنظيم", "داعش"}},
		{"مدينة الرقة، وبلدة كولاجو؛ لماذا؟ نعم… «لا»", []string{"مدينه", "الرقه", "وبلده", "كولاجو", "لماذا", "نعم", "لا"}},
		{"٢٠١٧ و٣٠,٠٠٠", []string{"2017", "و30", "000"}},
		{"(TRAC) Source: X/@Alhajwel1", []string{"trac", "source", "x", "alhajwel1"}},
		{"انسحابالتحالف", []string{"انسحابالتحالف"}},
		{"الـ\u200cخلافة", []string{"الخلافه"}},
		{"", nil},
		{" \u00a0،؛ ", nil},
	}
	p := New(Settings{})
	for _, tt := range tests {
		got := p.Tokens(tt.in)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokensKeepVocalizedWordWhole(t *testing.T) {
	p := New(Settings{Skip: StepHarakat})
	if got := p.Tokens("كَتَبَ الدَّرْسَ"); len(got) != 2 || got[0] != "كَتَبَ" {
		t.Errorf("Tokens with harakat kept = %q, want [كَتَبَ الدَّرْسَ]", got)
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"الحشد", "حشد"},
		{"والعراق", "عراق"},
		{"بالقرب", "قرب"},
		{"للتنظيم", "تنظيم"},
		{"وقال", "قال"},
		{"وهو", "وهو"},         // و needs four letters
		{"الصواريخ", "صواريخ"}, // no suffix
		{"المسلحون", "مسلح"},
		{"الهجمات", "هجم"},
		{"العراقيه", "عراق"}, // يه then nothing more
		{"سوريا", "سوريا"},
		{"مقاتليها", "مقاتل"}, // ها then ي
		{"ال", "ال"},          // too short to strip
		{"اله", "ال"},         // 3 letters: one-letter suffix may go
		{"trac", "trac"},
	}
	for _, tt := range tests {
		if got := string(Stem([]byte(tt.in))); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStopWordsAndStemInPipeline(t *testing.T) {
	p := New(Settings{StopWords: true, Stem: true})
	got := strings.Join(p.Tokens("وقال إن الهجمات تركزت في المناطق التي كانت محررة"), " ")
	want := "هجم تركزت مناطق محرر"
	if got != want {
		t.Errorf("Tokens with stop words and stemming = %q, want %q", got, want)
	}
}

func TestPassages(t *testing.T) {
	text := "عنوان\r\n\r\nسطر أول\nسطر ثان\n \u00a0\n\u200f\nأخير"
	tests := []struct {
		mode PassageMode
		want []Passage
	}{
		{Lines, []Passage{
			{0, 1, 1, 0, len("عنوان")},
			{1, 3, 3, strings.Index(text, "سطر أول"), strings.Index(text, "سطر أول") + len("سطر أول")},
			{2, 4, 4, strings.Index(text, "سطر ثان"), strings.Index(text, "سطر ثان") + len("سطر ثان")},
			{3, 7, 7, strings.Index(text, "أخير"), len(text)},
		}},
		{Paragraphs, []Passage{
			{0, 1, 1, 0, len("عنوان")},
			{1, 3, 4, strings.Index(text, "سطر أول"), strings.Index(text, "سطر ثان") + len("سطر ثان")},
			{2, 7, 7, strings.Index(text, "أخير"), len(text)},
		}},
	}
	for _, tt := range tests {
		got := Passages(text, tt.mode)
		if len(got) != len(tt.want) {
			t.Fatalf("Passages(mode %d) = %+v, want %+v", tt.mode, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Passages(mode %d)[%d] = %+v (%q), want %+v", tt.mode, i, got[i], text[got[i].Start:got[i].End], tt.want[i])
			}
		}
	}
	if got := Passages("", Lines); len(got) != 0 {
		t.Errorf("Passages(\"\") = %+v, want none", got)
	}
	if got := Passages("\n\n \n", Lines); len(got) != 0 {
		t.Errorf("Passages(blank lines) = %+v, want none", got)
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	for _, s := range []Settings{{}, {Stem: true}, {StopWords: true, Skip: StepNFKC | StepLower}, {Skip: AllSteps}} {
		str := s.String()
		got, err := ParseSettings(str)
		if err != nil || got != s {
			t.Errorf("ParseSettings(%q) = %+v, %v, want %+v", str, got, err, s)
		}
	}
	want := "text/1 norm=nfkc,harakat,tatweel,alef,yeh,teh,digits,controls,spaces,lower stop=off stem=off"
	if got := (Settings{}).String(); got != want {
		t.Errorf("Settings{}.String() = %q, want %q", got, want)
	}
	for _, bad := range []string{"", "text/2 norm=all stop=off stem=off", "text/1 norm=nfkc,bogus stop=off stem=off", "text/1 norm=lower,nfkc stop=off stem=off", "text/1 norm=none stop=yes stem=off"} {
		if _, err := ParseSettings(bad); err == nil {
			t.Errorf("ParseSettings(%q) = nil error, want an error", bad)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"كَتَبَ", "ﻻ", "e\u200d\u0301", "و\u0654", "ﹰ", "\xff", "İ", "ǅ", "\u0627\u0653", "ب\u0650\u064e", "ℌ"} {
		f.Add(s)
	}
	settings := []Settings{{}, {Skip: StepHarakat}, {Skip: StepControls}, {Stem: true, StopWords: true}}
	f.Fuzz(func(t *testing.T, s string) {
		for _, st := range settings {
			p := New(st)
			once := p.Normalize(s)
			if !utf8.ValidString(once) {
				t.Fatalf("%v: Normalize(%q) = %q, not valid UTF-8", st, s, once)
			}
			if twice := p.Normalize(once); twice != once {
				t.Fatalf("%v: Normalize(Normalize(%q)) = %q, want %q", st, s, twice, once)
			}
			for _, tok := range p.Tokens(s) {
				if tok == "" || !utf8.ValidString(tok) {
					t.Fatalf("%v: Tokens(%q) has token %q", st, s, tok)
				}
			}
		}
	})
}

// FuzzParseSettings: ParseSettings never panics, and what it accepts
// prints back to the same string (settings strings are canonical).
func FuzzParseSettings(f *testing.F) {
	for _, s := range []Settings{{}, {Stem: true}, {StopWords: true, Skip: StepNFKC | StepLower}, {Skip: AllSteps}} {
		f.Add(s.String())
	}
	f.Add("text/1 norm=none stop=ar stem=light10")
	f.Fuzz(func(t *testing.T, str string) {
		s, err := ParseSettings(str)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "text: ") {
				t.Fatalf("ParseSettings(%q) error %q does not start with the package name", str, err)
			}
			return
		}
		if got := s.String(); got != str {
			t.Fatalf("ParseSettings(%q).String() = %q", str, got)
		}
	})
}

// TestRefine: the tokens of the plain pipeline, refined, are those of the
// pipeline with stop words and stemming, for every text.
func TestRefine(t *testing.T) {
	texts := []string{
		"", "قال المتحدث في بيان إن الانفجار وقع صباح اليوم", "اقرأ أيضا: مواضيع ذات صلة",
		"والمسلحون من تنظيم داعش هاجموا القرية، وقتلوا 10 أشخاص!", "Hello في World ١٢٣ الإثنين",
	}
	for _, s := range []Settings{{StopWords: true}, {Stem: true}, {StopWords: true, Stem: true}, {}, {Skip: StepLower, StopWords: true}} {
		p := New(s)
		plainSet := Settings{Skip: s.Skip}
		if !p.Refines(plainSet) {
			t.Fatalf("New(%v).Refines(%v) = false", s, plainSet)
		}
		plain := New(plainSet).NewTokenizer()
		own := p.NewTokenizer()
		for _, txt := range texts {
			got := fmt.Sprintf("%q", p.Refine(nil, plain.Tokens(txt)))
			if want := fmt.Sprintf("%q", own.Tokens(txt)); got != want {
				t.Errorf("New(%v).Refine(plain tokens of %q) = %s, want %s", s, txt, got, want)
			}
		}
	}
	for _, plain := range []Settings{{StopWords: true}, {Stem: true}, {Skip: StepLower}} {
		if New(Settings{StopWords: true}).Refines(plain) {
			t.Errorf("New({StopWords}).Refines(%v) = true, want false", plain)
		}
	}
}
