package text_test

import (
	"fmt"

	"github.com/khabar-nlp/khabar/internal/text"
)

// The default pipeline normalizes Arabic spelling variants and splits on
// punctuation and hashtag underscores; a vocalized word stays one token.
func ExamplePipeline_Tokens() {
	p := text.New(text.Settings{})
	fmt.Println(p.Tokens("كَتَبَ مراسل “الحرة” عن #الحشد_الشعبي: نحو /50/ هجوماً"))
	fmt.Println(p.Settings())
	// Output:
	// [كتب مراسل الحره عن الحشد الشعبي نحو 50 هجوما]
	// text/1 norm=nfkc,harakat,tatweel,alef,yeh,teh,digits,controls,spaces,lower stop=off stem=off
}

// Passages keep their line numbers and byte spans in the original text.
func ExamplePassages() {
	doc := "عنوان\r\n\r\nالفقرة الأولى\nالفقرة الثانية\n"
	for _, p := range text.Passages(doc, text.Lines) {
		fmt.Printf("line %d bytes %d-%d %q\n", p.Line, p.Start, p.End, doc[p.Start:p.End])
	}
	// Output:
	// line 1 bytes 0-10 "عنوان"
	// line 3 bytes 14-39 "الفقرة الأولى"
	// line 4 bytes 40-67 "الفقرة الثانية"
}
