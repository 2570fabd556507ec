package dedup_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"

	"github.com/khabar-nlp/khabar/dedup"
)

// An index on disk, made by OpenIndex with Create: yesterday's articles
// are added, today's are checked against them (and against each other)
// without adding them (QueryAdd would add them too).
func ExampleIndex() {
	dir, err := os.MkdirTemp("", "khabar-index-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	x, err := dedup.OpenIndex(filepath.Join(dir, "news.idx"), dedup.IndexOptions{Create: &dedup.Options{Level: dedup.DocumentLevel}})
	if err != nil {
		log.Fatal(err)
	}
	defer x.Close()
	yesterday := []dedup.Doc{
		{ID: "y1", Text: "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة لبحث الأوضاع الأمنية"},
		{ID: "y2", Text: "أعلن الاتحاد عن جدول مباريات الدوري للموسم المقبل"},
	}
	st, err := x.Add(slices.Values(yesterday))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.Documents, "documents added in", st.Batches, "batch")
	today := []dedup.Doc{
		{ID: "t1", Text: "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة لبحث الأوضاع الأمنية والاقتصادية"},
		{ID: "t2", Text: "هطلت أمطار غزيرة على المدينة"},
	}
	res, err := x.Query(slices.Values(today))
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range res.Pairs {
		fmt.Printf("%s (document %d) ~ %s (document %d): %s %.3f\n", p.A.ID, p.A.Doc, p.B.ID, p.B.Doc, p.Kind, p.Similarity)
	}
	// Output:
	// 2 documents added in 1 batch
	// y1 (document 0) ~ t1 (document 2): near 0.917
}
