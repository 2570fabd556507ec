package htmlreport

import (
	"strconv"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/report"
)

// A chart is a bar chart drawn as inline SVG by the templates: vertical
// bars for the cluster-size histogram, horizontal ones for the labels.
type chart struct {
	Width, Height int
	Bars          []bar
}

// A bar is one bar of a chart, with its place already computed.
type bar struct {
	Label, Count   string
	Title          string // the tooltip
	X, Y, W, H     int
	LabelX, LabelY int
	CountX, CountY int
}

// sizeBins are the cluster sizes the histogram groups: 2, 3, ... 5, then
// ranges; the last bin is open.
var sizeBins = []struct {
	lo, hi int
	label  string
}{
	{2, 2, "2"}, {3, 3, "3"}, {4, 4, "4"}, {5, 5, "5"}, {6, 10, "6–10"},
	{11, 20, "11–20"}, {21, 50, "21–50"}, {51, 100, "51–100"}, {101, 1 << 62, "> 100"},
}

// sizeHistogram counts the clusters by size, up to the largest bin used.
func sizeHistogram(cs []dedup.Cluster) chart {
	counts := make([]int, len(sizeBins))
	last := 0
	for _, c := range cs {
		for i, b := range sizeBins {
			if len(c.Members) >= b.lo && len(c.Members) <= b.hi {
				counts[i]++
				last = max(last, i)
				break
			}
		}
	}
	if len(cs) == 0 {
		return chart{}
	}
	const barW, gap, plotH, top, bottom = 48, 12, 140, 20, 24
	peak := 0
	for _, n := range counts {
		peak = max(peak, n)
	}
	ch := chart{Width: (last + 1) * (barW + gap), Height: top + plotH + bottom}
	for i := 0; i <= last; i++ {
		h := 0
		if peak > 0 && counts[i] > 0 {
			h = max(1, counts[i]*plotH/peak)
		}
		x := i * (barW + gap)
		ch.Bars = append(ch.Bars, bar{
			Label: sizeBins[i].label, Count: report.Thousands(counts[i]),
			Title: plural(counts[i], "cluster") + " of " + sizeBins[i].label + " members",
			X:     x, Y: top + plotH - h, W: barW, H: h,
			LabelX: x + barW/2, LabelY: top + plotH + 16,
			CountX: x + barW/2, CountY: top + plotH - h - 4,
		})
	}
	return ch
}

// labelChart draws one horizontal bar per label, in the order given.
func labelChart(labels []string, counts []int) chart {
	const rowH, labelW, plotW, countW = 24, 200, 360, 60
	peak := 0
	for _, n := range counts {
		peak = max(peak, n)
	}
	ch := chart{Width: labelW + plotW + countW, Height: rowH*len(labels) + 4}
	for i, l := range labels {
		w := 0
		if peak > 0 && counts[i] > 0 {
			w = max(1, counts[i]*plotW/peak)
		}
		y := i * rowH
		ch.Bars = append(ch.Bars, bar{
			Label: l, Count: strconv.Itoa(counts[i]),
			Title: plural(counts[i], "article") + " labelled " + l,
			X:     labelW, Y: y + 4, W: w, H: rowH - 8,
			LabelX: labelW - 8, LabelY: y + rowH/2 + 5,
			CountX: labelW + w + 6, CountY: y + rowH/2 + 5,
		})
	}
	return ch
}

// plural returns n and the noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return report.Thousands(n) + " " + noun + "s"
}
