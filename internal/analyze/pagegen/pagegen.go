// Package pagegen builds scraped-looking news pages from labeled articles,
// with the true article boundaries and labels, to measure how well
// "khabar analyze" splits and labels pages nobody fitted it to (see
// Evaluate and CrossValidate), and to fit its boundary model (Fit).
//
// A generated page holds one to three articles; about a third of the
// pages with two or more put an article next to one of the same label.
// Each article has, at random: a section line, its title, a photo caption
// (printed twice or once, before or after the title), its body cut after a
// random number of words, sometimes an intertitle, and in about one
// article in seven of four paragraphs or more a line or two of site
// furniture between two body paragraphs (drawn from a random stream of
// its own, added in December 2026 so that furniture is no sure sign of a
// boundary: every other draw, hence every other line, stayed as it was).
// Between articles there
// may be a block of site furniture (related-article markers, share
// buttons, advertisements, sometimes headlines of other articles), drawn
// from the lists below, never from the seeds; pages may open with a
// navigation line and close with a footer. Paragraphs are separated by
// blank lines in some pages and not in others.
//
// Since December 2026 half the articles of four paragraphs or more that
// are kept whole (one in five of those articles) are laid out as long
// structured texts (see
// "Structured articles" below): a report or dossier with section
// headings, an interview with question lines, or a text of numbered
// items (a law, a list), so that what the boundary model learns is not
// that a heading or a question inside cohesive text opens a new article.
// Their draws come from a stream of their own: Style{Plain: true} gives
// the pages of before, line for line. The same articles, seed and style
// always give the same pages.
package pagegen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/khabar-nlp/khabar/models"
)

// An Article is a labeled article: its title and paragraphs.
type Article struct {
	ID, Label, Title string
	Paras            []string
}

// Load reads the labeled articles of models/labels.tsv from the corpora
// under dataDir ($KHABAR_DATA), in the order of the label file, whatever
// it holds. The first line of an article's text is its title.
func Load(dataDir string) ([]Article, error) {
	ex, err := models.Examples(dataDir)
	if err != nil {
		return nil, err
	}
	ids, err := models.IDs()
	if err != nil {
		return nil, err
	}
	if len(ids) != len(ex) {
		return nil, fmt.Errorf("pagegen: %d ids for %d articles", len(ids), len(ex))
	}
	out := make([]Article, 0, len(ex))
	for i, e := range ex {
		a := Article{ID: ids[i], Label: e.Label}
		for _, l := range strings.Split(e.Text, "\n") {
			l = strings.Join(strings.Fields(l), " ")
			if l == "" {
				continue
			}
			if a.Title == "" && len(a.Paras) == 0 {
				a.Title = l
				continue
			}
			a.Paras = append(a.Paras, l)
		}
		if len(a.Paras) == 0 { // a title alone: use it as the body
			a.Paras, a.Title = []string{a.Title}, ""
		}
		out = append(out, a)
	}
	return out, nil
}

// A Page is a generated page with its truth.
type Page struct {
	ID, Text string
	// Articles are the true articles, in page order.
	Articles []TrueArticle
	// Kinds holds what each line of the page is (index: line − 1; blank
	// lines are ""), for the error breakdown (see Breakdown).
	Kinds []string
}

// Line kinds of Page.Kinds.
const (
	KindNav        = "nav"
	KindBetween    = "furniture"
	KindRelated    = "related-headline"
	KindFooter     = "footer"
	KindSection    = "section"
	KindTitle      = "title"
	KindCaption    = "caption"
	KindCaption2   = "caption-copy"
	KindGeneric    = "generic-caption"
	KindIntertitle = "intertitle"
	KindInside     = "furniture-inside"
	KindLead       = "lead"
	KindBody       = "body"
	// Lines of structured articles (see "Structured articles").
	KindHeading  = "section-heading"
	KindDeck     = "deck"
	KindQuestion = "question"
	KindItem     = "item"
	// Headlines of other articles between two paragraphs of an article,
	// and the short pieces of a paragraph broken across lines (see
	// "Structured articles").
	KindRelatedInside = "related-inside"
	KindFragment      = "fragment"
)

// A TrueArticle is where an article lies on a generated page (1-based
// lines, inclusive), with its label and id.
type TrueArticle struct {
	StartLine, EndLine int
	Label, ID          string
	// Layout says how the article was laid out, for the error breakdown:
	// whether furniture (and related headlines) came before it, whether
	// it has a section line, its title, a caption (own or generic,
	// doubled or not), the label of the article before it, and its
	// words.
	Layout Layout
}

// Layout records how the generator laid out one article.
type Layout struct {
	Furniture, Related, Section, Title bool
	Caption                            string // "", "own", "own-doubled", "generic", "generic-doubled"
	SameLabel                          bool   // same label as the article before
	Words                              int    // words of its body as written
	// Structure is how a structured article is laid out: "" (not one),
	// "sections", "interview" or "items".
	Structure string
	// RelatedInside and Broken tell whether related headlines were put
	// between two of its paragraphs and whether a paragraph was broken
	// across lines.
	RelatedInside, Broken bool
}

// Site furniture, written for this generator.
var (
	navLines = []string{
		"الرئيسية | أخبار | سياسة | اقتصاد | رياضة | فن | منوعات",
		"الرئيسية > أخبار عربية ودولية",
		"آخر الأخبار",
		"بحث",
		"English | Français",
		"الصفحة الرئيسية / الأخبار",
	}
	sectionLines = []string{
		"عربي ودولي", "حوادث", "سياسة", "أخبار العراق", "الشرق الأوسط", "محليات",
		"أخبار مصر", "اقتصاد", "رياضة", "تقارير", "حوادث وقضايا", "العالم",
		"الرئيسية » أخبار » حوادث", "أخبار سوريا",
	}
	betweenLines = []string{
		"اقرأ أيضا:",
		"مواضيع ذات صلة",
		"أخبار ذات صلة",
		"شارك هذا المقال",
		"شارك: فيسبوك تويتر واتساب",
		"تابعونا على فيسبوك وتويتر",
		"إعلان",
		"الأكثر قراءة",
		"اشترك الآن في النشرة البريدية",
		"حمل تطبيق الموقع على هاتفك",
		"المزيد من الأخبار",
		"التعليقات",
		"أضف تعليقك",
	}
	footerLines = []string{
		"جميع الحقوق محفوظة © 2024",
		"سياسة الخصوصية | اتصل بنا | من نحن",
		"تابعنا على تويتر",
		"هل أعجبك المحتوى؟ اشترك في نشرتنا البريدية",
	}
	genericCaptions = []string{
		"صورة أرشيفية", "لقطة من مكان الحادث", "صورة من الموقع", "صورة تعبيرية",
		"من مكان الحادث", "أرشيفية",
	}
)

// MaxUses is the most pages an article (or its title, as a related
// headline) appears on. It is below the number of pages a short line must
// recur in to be taken for boilerplate (analyze.Options.RecurDocs, 5), so
// that reusing articles does not turn their titles and captions into site
// furniture.
const MaxUses = 3

// A Style chooses what the generator lays out; the zero value is the
// default.
type Style struct {
	// Plain leaves out the structured articles: the pages the generator
	// made before December 2026.
	Plain bool
}

// Generate builds up to n pages from arts with the given seed in the
// default style: fewer when every article has been used MaxUses times.
// Articles are drawn at random, never twice on one page.
func Generate(arts []Article, n int, seed uint64) []Page {
	return GenerateStyle(arts, n, seed, Style{})
}

// GenerateStyle is Generate in the given style.
func GenerateStyle(arts []Article, n int, seed uint64, style Style) []Page {
	g := &generator{r: rand.New(rand.NewPCG(seed, 0x6b68616261722d67)), inside: rand.New(rand.NewPCG(seed, 0x696e73696465)), arts: arts, byLabel: map[string][]int{}, uses: make([]int, len(arts))}
	if !style.Plain {
		g.shape = rand.New(rand.NewPCG(seed, 0x7368617065))
		g.heads = make([]int, len(arts))
	}
	for i, a := range arts {
		g.byLabel[a.Label] = append(g.byLabel[a.Label], i)
	}
	var pages []Page
	for p := 0; p < n; p++ {
		pg, ok := g.page(fmt.Sprintf("gen-%d-%05d", seed, p))
		if !ok {
			break
		}
		pages = append(pages, pg)
	}
	return pages
}

// generator draws articles for pages.
type generator struct {
	r *rand.Rand
	// inside draws the furniture inside articles, apart from r, so that
	// adding it left every other draw as it was.
	inside *rand.Rand
	// shape draws the structure of structured articles, apart from r
	// and inside; nil in the plain style.
	shape *rand.Rand
	// heads counts the pages where an article's title was put inside
	// another article as a related headline (at most one, so that with
	// its MaxUses pages a title stays under analyze's recurrence
	// threshold); uses does not count them, so that r draws as in the
	// plain style.
	heads   []int
	arts    []Article
	byLabel map[string][]int
	uses    []int
}

// draw returns an article of pool (all articles when nil) that can still
// be used and is not in used, or -1 after a bounded number of tries.
func (g *generator) draw(pool []int, used map[int]bool) int {
	for try := 0; try < 200; try++ {
		i := g.r.IntN(len(g.arts))
		if pool != nil {
			i = pool[g.r.IntN(len(pool))]
		}
		if g.uses[i] < MaxUses && !used[i] {
			return i
		}
	}
	for i := range g.arts { // few left: the first that can be used
		if g.uses[i] < MaxUses && !used[i] && (pool == nil || g.arts[i].Label == g.arts[pool[0]].Label) {
			return i
		}
	}
	return -1
}

// pageWriter lays out lines and counts them.
type pageWriter struct {
	b     strings.Builder
	line  int // lines written
	blank bool
	kinds []string
	kind  string // the kind of the next line added
}

// add writes one passage of kind w.kind and returns its line.
func (w *pageWriter) add(s string) int {
	if w.line > 0 {
		w.b.WriteByte('\n')
		if w.blank {
			w.b.WriteByte('\n')
			w.line++
			w.kinds = append(w.kinds, "")
		}
	}
	w.b.WriteString(s)
	w.line++
	w.kinds = append(w.kinds, w.kind)
	return w.line
}

// addKind writes one passage of the given kind.
func (w *pageWriter) addKind(kind, s string) int {
	w.kind = kind
	return w.add(s)
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

func (g *generator) page(id string) (Page, bool) {
	r, arts := g.r, g.arts
	n := 1
	switch x := r.Float64(); {
	case x < 0.45:
		n = 2
	case x < 0.75:
		n = 3
	}
	// Choose the articles: after the first, a third of the time one of
	// the same label.
	used := map[int]bool{}
	first := g.draw(nil, used)
	if first < 0 {
		return Page{}, false
	}
	chosen := []int{first}
	used[first] = true
	for len(chosen) < n {
		var pool []int
		if r.Float64() < 0.35 {
			pool = g.byLabel[arts[chosen[len(chosen)-1]].Label]
		}
		i := g.draw(pool, used)
		if i < 0 {
			break
		}
		used[i] = true
		chosen = append(chosen, i)
	}
	for _, i := range chosen {
		g.uses[i]++
	}
	w := &pageWriter{blank: r.IntN(2) == 0}
	pg := Page{ID: id}
	if r.Float64() < 0.3 {
		for k := r.IntN(2); k >= 0; k-- {
			w.addKind(KindNav, pick(r, navLines))
		}
	}
	for k, ai := range chosen {
		var lay Layout
		if k > 0 && r.Float64() < 0.5 {
			lay.Furniture = true
			for j := r.IntN(3); j >= 0; j-- {
				w.addKind(KindBetween, pick(r, betweenLines))
			}
			if r.Float64() < 0.2 {
				// Headlines of other articles, as related links.
				for j := r.IntN(2); j >= 0; j-- {
					if i := g.draw(nil, used); i >= 0 && arts[i].Title != "" {
						g.uses[i]++
						used[i] = true
						w.addKind(KindRelated, arts[i].Title)
						lay.Related = true
					}
				}
			}
		}
		lay.SameLabel = k > 0 && arts[chosen[k-1]].Label == arts[ai].Label
		var headline func() string
		if g.shape != nil {
			headline = func() string {
				for try := 0; try < 20; try++ {
					i := g.shape.IntN(len(arts))
					if !used[i] && g.heads[i] == 0 && arts[i].Title != "" {
						g.heads[i]++
						return arts[i].Title
					}
				}
				return ""
			}
		}
		start, end := writeArticle(r, g.inside, g.shape, headline, w, arts[ai], &lay)
		pg.Articles = append(pg.Articles, TrueArticle{StartLine: start, EndLine: end, Label: arts[ai].Label, ID: arts[ai].ID, Layout: lay})
	}
	if r.Float64() < 0.4 {
		for k := r.IntN(2); k >= 0; k-- {
			w.addKind(KindFooter, pick(r, footerLines))
		}
	}
	pg.Text = w.b.String() + "\n"
	pg.Kinds = w.kinds
	return pg, true
}

// writeArticle lays out one article and returns its first and last line.
// Section lines and generic captions are site furniture, not part of the
// article's text: the article starts at its first other line (its title,
// its own caption or its body), as analyze leaves boilerplate out of
// articles.
func writeArticle(r, inside, shape *rand.Rand, headline func() string, w *pageWriter, a Article, lay *Layout) (start, end int) {
	first := func(l int) {
		if start == 0 {
			start = l
		}
	}
	if r.Float64() < 0.4 {
		lay.Section = true
		w.addKind(KindSection, pick(r, sectionLines))
	}
	caption, generic := "", false
	if r.Float64() < 0.4 {
		caption, generic = makeCaption(r, a)
	}
	captionFirst := r.Float64() < 0.3
	doubled := r.IntN(2) == 0
	if caption != "" {
		lay.Caption = "own"
		if generic {
			lay.Caption = "generic"
		}
		if doubled {
			lay.Caption += "-doubled"
		}
	}
	writeCaption := func() {
		if caption == "" {
			return
		}
		w.kind = KindCaption
		if generic {
			w.kind = KindGeneric
		}
		if l := w.add(caption); !generic {
			first(l)
		}
		if doubled {
			w.add(caption)
			w.kinds[len(w.kinds)-1] = KindCaption2
		}
	}
	if captionFirst {
		writeCaption()
	}
	if a.Title != "" && r.Float64() < 0.9 {
		lay.Title = true
		first(w.addKind(KindTitle, a.Title))
	}
	if !captionFirst {
		writeCaption()
	}
	// The body, cut after a random number of words (at least 50, or all
	// of it) at the end of a paragraph.
	total := 0
	for _, p := range a.Paras {
		total += len(strings.Fields(p))
	}
	target := total
	if r.Float64() < 0.6 && total > 50 {
		target = 50 + r.IntN(total-50+1)
	}
	// Structured articles are drawn among the articles kept whole, so
	// that the other streams draw as in the plain style.
	var st *structure
	if shape != nil && target == total && len(a.Paras) >= 4 && shape.Float64() < structuredShare {
		st = newStructure(shape, a)
		lay.Structure = st.kind
		for _, d := range st.deck {
			first(w.addKind(KindDeck, d))
		}
	}
	// Related headlines between two paragraphs, and paragraphs broken
	// across lines (as pages that put a linked name on a line of its own
	// show).
	related, broken := -1, false
	if shape != nil {
		if len(a.Paras) >= 4 && shape.Float64() < relatedInsideShare {
			related = 2 + shape.IntN(len(a.Paras)-3)
		}
		broken = shape.Float64() < brokenShare
	}
	inter := -1
	if len(a.Paras) >= 5 && r.Float64() < 0.2 {
		inter = 2 + r.IntN(len(a.Paras)-3)
	}
	// Furniture inside the body (an advertisement, a "read also" or
	// share line between two paragraphs), as real pages have.
	furn := -1
	if len(a.Paras) >= 4 && inside.Float64() < 0.15 {
		furn = 2 + inside.IntN(len(a.Paras)-3)
	}
	words := 0
	for i, p := range a.Paras {
		if i == furn {
			for j := inside.IntN(2); j >= 0; j-- {
				w.addKind(KindInside, pick(inside, betweenLines))
			}
		}
		if i == inter {
			f := strings.Fields(p)
			w.addKind(KindIntertitle, strings.Join(f[:min(len(f), 3+r.IntN(3))], " "))
		}
		w.kind = KindBody
		if i == 0 {
			w.kind = KindLead
		}
		if i == related {
			lay.RelatedInside = true
			if shape.IntN(2) == 0 {
				w.addKind(KindInside, pick(shape, betweenLines))
			}
			for j := shape.IntN(3); j >= 0; j-- {
				if h := headline(); h != "" {
					w.addKind(KindRelatedInside, h)
				}
			}
		}
		if st != nil {
			for _, l := range st.before[i] {
				w.addKind(l.kind, l.text)
			}
			if st.prefix[i] != "" {
				p = st.prefix[i] + p
			}
			if items := st.split[i]; items != nil {
				for _, it := range items[:len(items)-1] {
					w.addKind(KindItem, it)
				}
				w.kind = KindItem
				p = items[len(items)-1]
			}
		}
		pw := len(strings.Fields(p))
		if f := strings.Fields(p); broken && len(f) >= 15 && shape.Float64() < 0.4 {
			// A piece of one to three words on a line of its own.
			lay.Broken = true
			at := 3 + shape.IntN(len(f)-8)
			n := 1 + shape.IntN(3)
			first(w.add(strings.Join(f[:at], " ")))
			w.addKind(KindFragment, strings.Join(f[at:at+n], " "))
			w.kind = KindBody
			p = strings.Join(f[at+n:], " ")
		}
		end = w.add(p)
		first(end)
		words += pw
		if words >= target {
			break
		}
	}
	lay.Words = words
	return start, end
}

// makeCaption returns a photo caption: a generic one (generic true), or
// the first words of a sentence of the body.
func makeCaption(r *rand.Rand, a Article) (caption string, generic bool) {
	if r.Float64() < 0.3 {
		return pick(r, genericCaptions), true
	}
	p := a.Paras[r.IntN(min(3, len(a.Paras)))]
	f := strings.Fields(p)
	n := min(len(f), 5+r.IntN(5))
	return strings.TrimRight(strings.Join(f[:n], " "), ".,،:؛"), false
}

// Structured articles
//
// Real pages hold long texts with a structure of their own, which the
// cut articles of the labels file rarely show: reports and dossiers under
// section headings, interviews where each answer follows a question line,
// laws, indictments and lists of numbered items. newStructure lays out an
// article (kept whole) in one of three ways, each line made from the
// article's own words or from the lists below, written for the generator
// (structuredShare of the articles of four paragraphs or more that the
// body cut keeps whole):
//
//   - sections (four in ten): one to four section headings, a phrase of
//     two to seven words from the middle of the paragraph they open,
//     placed before paragraphs that do not start with a connective when
//     there are enough (a section opens with a fresh sentence), at times
//     numbered or ending with "!", "؟" or ":"; and in a quarter of them a
//     deck of one to three bulleted phrases under the title;
//   - interview (three in ten): after a lead of one or two paragraphs, a
//     question line before six answers in ten (an opener such as "كيف
//     ترى", a phrase of the answer, "؟"), marked in one of four styles
//     (none, "■ ", "س: " with "ج: " answers, "- ");
//   - items (three in ten): after one or two paragraphs, at times a line
//     that announces them (ending with a colon), the following paragraphs
//     numbered in one of ten styles ("1- ", "2. ", "(3) ", "أولا: ", "■ ",
//     "- ", "* ", or a line of their own: "( المادة الأولى )", "المادة 2",
//     "3"); in three articles in ten one paragraph is also cut into short
//     items of three to eight words.
const structuredShare = 0.5

// Besides, in the default style, one article in ten of four paragraphs or
// more has one to three headlines of other articles (each title used so
// at most once), at times under a line of furniture, between two of its
// paragraphs, as related links that the article goes on after; and in
// one article in twelve, four paragraphs in ten of 15 words or more are
// broken across three lines, a piece of one to three words on the middle
// one (as pages that put a linked name on a line of its own show).
const (
	relatedInsideShare = 0.1
	brokenShare        = 0.08
)

// A structure says what to add to each paragraph of a structured article.
type structure struct {
	kind   string
	deck   []string
	before map[int][]kindLine // lines before paragraph i
	prefix map[int]string     // a marker that opens paragraph i
	split  map[int][]string   // paragraph i written as these items
}

type kindLine struct{ kind, text string }

var (
	questionOpeners = []string{"كيف ترى", "ما رأيك في", "هل تعتقد أن", "لماذا", "ما هي", "إلى أي مدى", "وماذا عن", "ما تعليقك على", "متى", "ما حقيقة", "ما الذي", "وهل", "كيف تفسر", "ما موقفكم من"}
	announceLines   = []string{"وفيما يلي أبرز ما جاء فيه:", "وجاء نصه كالتالي:", "وتضمن ما يلي:", "وإليكم التفاصيل:", "وجاءت البنود على النحو التالي:", "وأبرزها:"}
	ordinalWords    = []string{"أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا"}
	articleOrdinals = []string{"الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة", "التاسعة", "العاشرة"}
)

// phrase returns about lo to hi words of p from a random place, without
// the punctuation around them.
func phrase(r *rand.Rand, p string, lo, hi int) string {
	f := strings.Fields(p)
	n := min(len(f), lo+r.IntN(hi-lo+1))
	at := 0
	if len(f) > n {
		at = r.IntN(len(f) - n + 1)
	}
	return strings.Trim(strings.Join(f[at:at+n], " "), ".,،:؛\"«»()-")
}

// connective reports whether p starts with a connective (و or ف joined to
// its first word, كما, أما ...), roughly as analyze's lead cues read it.
func connective(p string) bool {
	f := strings.Fields(p)
	if len(f) == 0 {
		return false
	}
	switch w := f[0]; {
	case w == "كما" || w == "أما" || w == "يذكر" || w == "فيما" || w == "بينما" || w == "لكن" || w == "من":
		return true
	default:
		return (strings.HasPrefix(w, "و") || strings.HasPrefix(w, "ف")) && len([]rune(w)) > 2
	}
}

// itemMark returns the marker of item k (0-based) in style s, and whether
// it is a line of its own.
func itemMark(s, k int) (string, bool) {
	n := fmt.Sprint(k + 1)
	switch s {
	case 0:
		return n + "- ", false
	case 1:
		return n + ". ", false
	case 2:
		return "(" + n + ") ", false
	case 3:
		if k < len(ordinalWords) {
			return ordinalWords[k] + ": ", false
		}
		return n + "- ", false
	case 4:
		return "■ ", false
	case 5:
		return "- ", false
	case 6:
		return "* ", false
	case 7:
		if k < len(articleOrdinals) {
			return "( المادة " + articleOrdinals[k] + " )", true
		}
		return "( المادة " + n + " )", true
	case 8:
		return "المادة " + n, true
	default:
		return n, true
	}
}

func newStructure(r *rand.Rand, a Article) *structure {
	st := &structure{before: map[int][]kindLine{}, prefix: map[int]string{}, split: map[int][]string{}}
	np := len(a.Paras)
	switch x := r.Float64(); {
	case x < 0.4:
		st.kind = "sections"
		k := 1 + r.IntN(min(4, max(1, np/3)))
		var fresh, all []int
		for i := 1; i < np; i++ {
			all = append(all, i)
			if !connective(a.Paras[i]) {
				fresh = append(fresh, i)
			}
		}
		pool := all
		if len(fresh) >= k {
			pool = fresh
		}
		r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		numbered := r.Float64() < 0.2
		at := append([]int(nil), pool[:min(k, len(pool))]...)
		slices.Sort(at)
		for j, i := range at {
			h := phrase(r, a.Paras[i], 2, 7)
			switch x := r.Float64(); {
			case x < 0.08:
				h += "!"
			case x < 0.16:
				h += "؟"
			case x < 0.24:
				h += ":"
			}
			if numbered {
				st.before[i] = append(st.before[i], kindLine{KindHeading, fmt.Sprint(j + 1)})
			}
			st.before[i] = append(st.before[i], kindLine{KindHeading, h})
		}
		if r.Float64() < 0.25 {
			for j := r.IntN(3); j >= 0; j-- {
				st.deck = append(st.deck, "* "+phrase(r, a.Paras[r.IntN(np)], 4, 10))
			}
		}
	case x < 0.7:
		st.kind = "interview"
		qs, as := "", ""
		switch r.IntN(4) {
		case 1:
			qs = "■ "
		case 2:
			qs, as = "س: ", "ج: "
		case 3:
			as = "- "
		}
		for i := 1 + r.IntN(2); i < np; i++ {
			if r.Float64() < 0.6 {
				q := qs + questionOpeners[r.IntN(len(questionOpeners))] + " " + phrase(r, a.Paras[i], 2, 6) + "؟"
				st.before[i] = append(st.before[i], kindLine{KindQuestion, q})
				st.prefix[i] = as
			}
		}
	default:
		st.kind = "items"
		from := 1 + r.IntN(2)
		if from >= np {
			from = np - 1
		}
		if r.Float64() < 0.5 {
			st.before[from] = append(st.before[from], kindLine{KindBody, announceLines[r.IntN(len(announceLines))]})
		}
		style := r.IntN(10)
		k := 0
		for i := from; i < np; i++ {
			if r.Float64() < 0.3 && len(st.split) == 0 && len(strings.Fields(a.Paras[i])) >= 12 {
				// One paragraph as short items.
				f := strings.Fields(a.Paras[i])
				var items []string
				for len(f) > 0 {
					n := min(len(f), 3+r.IntN(6))
					m, own := itemMark(style, k)
					k++
					it := strings.Trim(strings.Join(f[:n], " "), ".,،:؛") + "."
					if own {
						items = append(items, m)
					} else {
						it = m + it
					}
					items = append(items, it)
					f = f[n:]
				}
				st.split[i] = items
				continue
			}
			m, own := itemMark(style, k)
			k++
			if own {
				st.before[i] = append(st.before[i], kindLine{KindItem, m})
			} else {
				st.prefix[i] = m
			}
		}
	}
	return st
}
