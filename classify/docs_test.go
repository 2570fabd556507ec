package classify

import "testing"

// TestWordSlotSameHash gives words the same hash on purpose: they must
// still be told apart by their bytes, with the arena and without it.
func TestWordSlotSameHash(t *testing.T) {
	for _, arena := range []bool{true, false} {
		s := newDocStore()
		const h = 42
		words := []string{"كلمة", "word", "", "كلمة2", "w"}
		ids := make(map[string]uint32)
		for _, w := range words {
			sl := s.wordSlot(h, []byte(w))
			if !arena {
				sl.off = noArena
			}
			ids[w] = sl.id - 1
		}
		if len(s.keys) != len(words) {
			t.Fatalf("arena %v: %d ids for %d words of one hash, want %d", arena, len(s.keys), len(words), len(words))
		}
		for _, w := range words {
			if got := s.wordSlot(h, []byte(w)).id - 1; got != ids[w] {
				t.Errorf("arena %v: wordSlot(%q) = %d, want %d", arena, w, got, ids[w])
			}
			if got := s.words[s.keys[ids[w]].word]; got != w {
				t.Errorf("arena %v: word of id %d = %q, want %q", arena, ids[w], got, w)
			}
		}
		if len(s.keys) != len(words) {
			t.Errorf("arena %v: looking the words up again added ids: %d, want %d", arena, len(s.keys), len(words))
		}
	}
}
