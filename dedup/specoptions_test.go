package dedup

import (
	"reflect"
	"testing"
)

func TestSpecOptions(t *testing.T) {
	for _, o := range []Options{
		{},
		{Level: DocumentLevel, Threshold: 0.5},
		{Paragraphs: true, Hashes: 64, Seed: 7, Bands: 8, Rows: 8},
		{Method: SimHashBits, K: 3, MinTokens: 4},
	} {
		s, err := o.Spec()
		if err != nil {
			t.Fatalf("%+v: %v", o, err)
		}
		got, err := s.Options().Spec()
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Errorf("Spec(%+v).Options().Spec() = %+v, %v, want %+v", o, got, err, s)
		}
	}
}
