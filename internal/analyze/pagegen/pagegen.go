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
// blank lines in some pages and not in others. The same articles and seed
// always give the same pages.
package pagegen

import (
	"fmt"
	"math/rand/v2"
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

// Generate builds up to n pages from arts with the given seed: fewer when
// every article has been used MaxUses times. Articles are drawn at random,
// never twice on one page.
func Generate(arts []Article, n int, seed uint64) []Page {
	g := &generator{r: rand.New(rand.NewPCG(seed, 0x6b68616261722d67)), inside: rand.New(rand.NewPCG(seed, 0x696e73696465)), arts: arts, byLabel: map[string][]int{}, uses: make([]int, len(arts))}
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
	inside  *rand.Rand
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
		start, end := writeArticle(r, g.inside, w, arts[ai], &lay)
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
func writeArticle(r, inside *rand.Rand, w *pageWriter, a Article, lay *Layout) (start, end int) {
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
		end = w.add(p)
		first(end)
		words += len(strings.Fields(p))
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
